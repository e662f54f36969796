package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/config"
	"github.com/relance-app/relance/internal/mail/inbound"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/web"
)

func init() {
	register("serve", "web UI + JSON API + reminder scheduler on RELANCE_ADDR", func(ctx context.Context, a *app, args []string) error {
		if err := parse(a.flags("serve", "serve"), args); err != nil {
			return err
		}
		cfg, s, err := openStore(ctx)
		if err != nil {
			return err
		}
		defer s.Close()
		return serve(ctx, a, cfg, s, nil)
	})
}

// serve runs the HTTP server and the engine until ctx ends. ready, when not
// nil, receives the listening address.
func serve(ctx context.Context, a *app, cfg config.Config, s *store.Store, ready chan<- string) error {
	e, closeMail, err := newEngine(ctx, cfg, s, a.log)
	if err != nil {
		return err
	}
	defer closeMail()
	code, err := setupCode(ctx, a, cfg, s)
	if err != nil {
		return err
	}
	h, _ := web.Handler(s, e, web.Options{Log: a.log, BaseURL: cfg.BaseURL, AllowPrivateWebhooks: cfg.WebhookAllowPrivate,
		SetupCode: code, TrustedProxies: cfg.TrustedProxies, MailConfigured: cfg.SMTPURL != ""})
	hooks := newWebhooks(cfg, s, a.log)
	var bounces *inbound.Server
	if cfg.InboundAddr != "" {
		b, err := bounceAddress(ctx, cfg, s)
		if err != nil {
			return err
		}
		if bounces, err = inbound.Listen(inbound.Config{Addr: cfg.InboundAddr, Bounce: b, Handle: inbound.StoreHandler(e.Books()),
			Log: a.log}); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		if bounces != nil {
			bounces.Close()
		}
		return fmt.Errorf("serve: listen on %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, WriteTimeout: 2 * time.Minute,
		IdleTimeout: 2 * time.Minute}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	engineDone := make(chan struct{})
	go func() {
		defer close(engineDone)
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			hooks.Run(ctx)
		}()
		if bounces != nil {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := bounces.Serve(ctx); err != nil {
					a.log.Error("bounce listener stopped", "err", err)
				}
			}()
		}
		e.Run(ctx)
		wg.Wait()
	}()
	go purgeSessions(ctx, a, s)
	go func() {
		<-ctx.Done()
		shut, c := context.WithTimeout(context.Background(), 10*time.Second)
		defer c()
		srv.Shutdown(shut)
	}()
	mode := "built-in outbox"
	if cfg.SMTPURL != "" {
		mode = "SMTP"
	}
	a.log.Info("relance listening", "url", "http://"+ln.Addr().String(), "database", s.Dialect(), "mail", mode,
		"scan_interval", cfg.ScanInterval.String(), "dkim", cfg.DKIMSelector != "", "bounce_domain", cfg.BounceDomain,
		"inbound", inboundAddr(bounces))
	logSetup(a, cfg, code, ln.Addr().String())
	if ready != nil {
		ready <- ln.Addr().String()
	}
	err = srv.Serve(ln)
	cancel()
	<-engineDone
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

func inboundAddr(b *inbound.Server) string {
	if b == nil {
		return ""
	}
	return b.Addr().String()
}

// setupCode makes the one-time code of the first-run page while no user
// exists (logSetup prints it): without it, anyone reaching the server
// first could make themselves its admin.
func setupCode(ctx context.Context, a *app, cfg config.Config, s *store.Store) (string, error) {
	n, err := s.CountUsers(ctx)
	if err != nil {
		return "", err
	}
	if n > 0 {
		return "", nil
	}
	return auth.Random(12), nil
}

// logSetup prints the set-up link with its code while no user exists (the
// log is the console of whoever installed the server): on BASE_URL when
// set, else on the listening address.
func logSetup(a *app, cfg config.Config, code, addr string) {
	if code == "" {
		return
	}
	base := strings.TrimRight(cfg.BaseURL, "/")
	if base == "" {
		base = "http://" + addr
	}
	a.log.Warn("set-up pending: open the set-up page with this one-time code", "url", base+"/setup?code="+code, "code", code)
}

// purgeSessions deletes expired sessions at start and then hourly.
func purgeSessions(ctx context.Context, a *app, s *store.Store) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := s.PurgeExpiredSessions(ctx); err != nil && ctx.Err() == nil {
			a.log.Error("purge expired sessions", "err", err)
		} else if n > 0 {
			a.log.Info("purged expired sessions", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
