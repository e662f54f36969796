package main

import (
	"log/slog"

	"github.com/relance-app/relance/internal/config"
	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/store"
)

// newEngine builds the engine on SMTP when RELANCE_SMTP_URL is set, else on
// the built-in outbox.
func newEngine(cfg config.Config, s *store.Store, log *slog.Logger) (*engine.Engine, func(), error) {
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
	e := engine.New(s, t, engine.Config{From: cfg.From, Workers: cfg.Workers, ScanInterval: cfg.ScanInterval,
		Lease: cfg.Lease, BaseURL: cfg.BaseURL}, log)
	return e, closeFn, nil
}
