package web

import (
	"log/slog"
	"net/http"
	"net/netip"
	"strings"

	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/web/api"
	"github.com/relance-app/relance/internal/web/portal"
	"github.com/relance-app/relance/internal/web/ui"
)

// Options are what the pages need beyond the store and the engine.
type Options struct {
	Log     *slog.Logger
	BaseURL string // the public address, for links and cookies
	// MailConfigured: an SMTP server is set (else mail stays in the outbox).
	MailConfigured bool
	// AllowPrivateWebhooks accepts loopback and private webhook targets
	// (RELANCE_WEBHOOK_ALLOW_PRIVATE).
	AllowPrivateWebhooks bool
	// SetupCode opens the first-run page (empty: closed); serve prints it
	// while no user exists.
	SetupCode string
	// TrustedProxies name the clients in X-Forwarded-For
	// (RELANCE_TRUSTED_PROXIES).
	TrustedProxies []netip.Prefix
}

// Handler is the whole HTTP surface: health, metrics, the API, the UI and
// the customer's pages (/i/…). The API and the UI write through the
// engine's books, so every write re-plans on the engine's clock. The mux is
// returned for tests that add routes.
func Handler(s *store.Store, e *engine.Engine, o Options) (http.Handler, *http.ServeMux) {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	mux := http.NewServeMux()
	Health(mux, s)
	api.New(s, e, o.Log, api.AllowPrivateWebhooks(o.AllowPrivateWebhooks)).Register(mux)
	pages := ui.New(UIDeps(s, e, o))
	pages.Register(mux)
	portal.New(PortalDeps(s, e, pages, o)).Register(mux)
	return Observe(o.Log, mux), mux
}

// UIDeps are the pages' collaborators as Handler wires them (tests that
// walk the UI's routes build the same).
func UIDeps(s *store.Store, e *engine.Engine, o Options) ui.Deps {
	return ui.Deps{Store: s, Books: e.Books(), Reminders: e, Log: o.Log, BaseURL: o.BaseURL, Secure: IsHTTPS(o.BaseURL),
		MailConfigured: o.MailConfigured, AllowPrivateWebhooks: o.AllowPrivateWebhooks, SetupCode: o.SetupCode, TrustedProxies: o.TrustedProxies}
}

// PortalDeps are the customer's pages' collaborators as Handler wires
// them: the planning clock for "today", and the UI to tell the company's
// own signed-in users (whose views do not count).
func PortalDeps(s *store.Store, e *engine.Engine, pages *ui.UI, o Options) portal.Deps {
	return portal.Deps{Store: s, Books: e.Books(), Log: o.Log, Now: e.Now, IsCompanyUser: pages.IsCompanyUser}
}

// IsHTTPS reports whether the public address is served over TLS (cookies
// are then marked Secure).
func IsHTTPS(baseURL string) bool { return strings.HasPrefix(baseURL, "https://") }
