package web

import (
	"log/slog"
	"net/http"

	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/web/api"
	"github.com/relance-app/relance/internal/web/portal"
)

// Pages is the web UI's registration hook (internal/web/ui), kept as an
// interface so the server can be assembled with or without it.
type Pages interface {
	Register(mux *http.ServeMux)
}

// companyUsers is implemented by pages that know the signed-in user: the
// portal does not count their views of a customer's invoice page.
type companyUsers interface {
	IsCompanyUser(r *http.Request, companyID int64) bool
}

// Handler is the whole HTTP surface: health, metrics, the API, the UI and
// the customer's pages (/i/…).
func Handler(s *store.Store, e *engine.Engine, pages Pages, log *slog.Logger) (http.Handler, *http.ServeMux) {
	mux := http.NewServeMux()
	Health(mux, s)
	api.New(s, e, log).Register(mux)
	pd := portal.Deps{Store: s, Log: log, Now: e.Now}
	if pages != nil {
		pages.Register(mux)
		if cu, ok := pages.(companyUsers); ok {
			pd.IsCompanyUser = cu.IsCompanyUser
		}
	}
	portal.New(pd).Register(mux)
	return Observe(log, mux), mux
}
