package main

import (
	"github.com/relance-app/relance/internal/config"
	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/web"
	"github.com/relance-app/relance/internal/web/ui"
)

// newPages builds the web UI on the store and the engine.
func newPages(cfg config.Config, s *store.Store, e *engine.Engine, a *app) web.Pages {
	return ui.New(ui.Deps{Store: s, Reminders: e, Log: a.log, BaseURL: cfg.BaseURL, Secure: isHTTPS(cfg.BaseURL),
		AllowPrivateWebhooks: cfg.WebhookAllowPrivate})
}
