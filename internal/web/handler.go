package web

import (
	"log/slog"
	"net/http"

	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/web/api"
)

// Pages is the web UI's registration hook (internal/web/ui), kept as an
// interface so the server can be assembled with or without it.
type Pages interface {
	Register(mux *http.ServeMux)
}

// Handler is the whole HTTP surface: health, metrics, the API and the UI.
func Handler(s *store.Store, e *engine.Engine, pages Pages, log *slog.Logger, opts ...api.Option) (http.Handler, *http.ServeMux) {
	mux := http.NewServeMux()
	Health(mux, s)
	api.New(s, e, log, opts...).Register(mux)
	if pages != nil {
		pages.Register(mux)
	}
	return Observe(log, mux), mux
}
