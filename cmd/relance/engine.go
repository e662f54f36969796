package main

import (
	"context"
	"log/slog"

	"github.com/relance-app/relance/internal/config"
	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/webhook"
)

// newWebhooks is the webhook delivery worker of serve and send-due.
func newWebhooks(cfg config.Config, s *store.Store, log *slog.Logger) *webhook.Worker {
	return webhook.New(s, webhook.Config{AllowPrivate: cfg.WebhookAllowPrivate, Workers: 2, Lease: cfg.Lease}, log)
}

// newEngine builds the engine on SMTP when RELANCE_SMTP_URL is set, else on
// the built-in outbox.
func newEngine(ctx context.Context, cfg config.Config, s *store.Store, log *slog.Logger) (*engine.Engine, func(), error) {
	var t mail.Transport
	closeFn := func() {}
	if cfg.SMTPURL != "" {
		smtp, err := mail.NewSMTP(cfg.SMTPURL)
		if err != nil {
			return nil, nil, err
		}
		t = smtp
		closeFn = func() { smtp.Close() }
	}
	ec := engine.Config{From: cfg.From, Workers: cfg.Workers, SendBatch: cfg.SendBatch, ScanInterval: cfg.ScanInterval, Lease: cfg.Lease, BaseURL: cfg.BaseURL}
	if cfg.DKIMKey != "" {
		d, err := mail.LoadDKIM(cfg.DKIMKey, cfg.DKIMSelector, cfg.From)
		if err != nil {
			closeFn()
			return nil, nil, err
		}
		ec.DKIM = d
	}
	if cfg.BounceDomain != "" {
		b, err := bounceAddress(ctx, cfg, s)
		if err != nil {
			closeFn()
			return nil, nil, err
		}
		ec.Bounce = b
	}
	e := engine.New(s, t, ec, log)
	return e, closeFn, nil
}

// bounceAddress keys the envelope senders' MAC with RELANCE_BOUNCE_SECRET,
// or else with a random secret created once in the database, which every
// process sharing that database then uses.
func bounceAddress(ctx context.Context, cfg config.Config, s *store.Store) (*mail.BounceAddress, error) {
	secret := []byte(cfg.BounceSecret)
	if len(secret) == 0 {
		var err error
		if secret, err = s.InstanceSecret(ctx, "bounce"); err != nil {
			return nil, err
		}
	}
	return &mail.BounceAddress{Domain: cfg.BounceDomain, Secret: secret}, nil
}
