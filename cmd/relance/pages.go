package main

import (
	"github.com/relance-app/relance/internal/config"
	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/web"
)

// newPages builds the web UI; nil until the UI package is wired in.
func newPages(cfg config.Config, s *store.Store, e *engine.Engine, a *app) web.Pages {
	return nil
}
