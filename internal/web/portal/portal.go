// Package portal is the customer's side: the invoice's own page at
// /i/{token}, its PDF, and the two forms (promise to pay, question or
// dispute). No sign-in: the token is the key, and it opens that one
// invoice and nothing else of the company. Its own middleware: a strict
// CSP (no script at all), no referrer, no indexing, no caching, cross-site
// posts refused, forms rate-limited per link and per IP.
package portal

import (
	"crypto/sha256"
	"encoding/base64"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/web/ratelimit"
)

// Deps are the portal's collaborators.
type Deps struct {
	Store *store.Store // reads, links and views
	Books *books.Books // promises and disputes (they change the plan)
	Log   *slog.Logger
	// IsCompanyUser reports whether the request comes from a signed-in user
	// of the company: their views are not counted. Nil: every view counts.
	IsCompanyUser func(r *http.Request, companyID int64) bool
	// Now is the clock (tests stub it); nil means time.Now.
	Now func() time.Time
}

// Portal serves the customer's pages.
type Portal struct {
	Deps
	cop     *http.CrossOriginProtection
	perLink *ratelimit.Limiter
	perIP   *ratelimit.Limiter
}

// Form limits: a customer has no reason to post more often than this.
const (
	postsPerLink = 10
	postsPerIP   = 30
	postWindow   = time.Hour
	maxBody      = 16 << 10 // a 2000-character message is at most 8 KB
)

// New builds the portal.
func New(d Deps) *Portal {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	i18n.Must()
	return &Portal{Deps: d, cop: http.NewCrossOriginProtection(),
		perLink: ratelimit.PerWindow(postsPerLink, postWindow), perIP: ratelimit.PerWindow(postsPerIP, postWindow)}
}

// Register mounts the portal's routes on mux.
func (p *Portal) Register(mux *http.ServeMux) { p.routes(mux.Handle) }

// Patterns lists the route patterns Register mounts (for route-walk tests).
func (p *Portal) Patterns() []string {
	var out []string
	p.routes(func(pattern string, _ http.Handler) { out = append(out, pattern) })
	return out
}

func (p *Portal) routes(handle func(string, http.Handler)) {
	handle("GET /i/{token}", p.wrap(p.page))
	handle("GET /i/{token}/pdf", p.wrap(p.pdf))
	handle("POST /i/{token}/promise", p.wrap(p.promise))
	handle("POST /i/{token}/dispute", p.wrap(p.dispute))
}

// link is the invoice a request's token opens.
type link struct {
	hash                 string
	companyID, invoiceID int64
}

// wrap sets the headers, refuses cross-site posts, bounds and rate-limits
// posts, and resolves the token; an unknown or revoked token gets exactly
// the 404 of any missing page, before anything is read or written.
func (p *Portal) wrap(h func(http.ResponseWriter, *http.Request, link)) http.Handler {
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Robots-Tag", "noindex, nofollow")
		hd.Set("Cache-Control", "no-store")
		hd.Set("Content-Security-Policy", "default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		token := r.PathValue("token")
		l := link{hash: auth.Hash(token)}
		var err error
		if len(token) < 22 || len(token) > 64 {
			http.NotFound(w, r)
			return
		}
		l.companyID, l.invoiceID, err = p.Store.InvoiceForLink(r.Context(), l.hash)
		if err != nil {
			p.fail(w, r, err)
			return
		}
		if r.Method == http.MethodPost {
			if !p.perLink.Allow(p.Now(), ratelimit.KeyOf("link", l.hash)) || !p.perIP.Allow(p.Now(), ratelimit.KeyOf("ip", clientIP(r))) {
				w.Header().Set("Retry-After", "3600")
				http.Error(w, "Too many requests. Please try again later. / Trop de demandes. Veuillez réessayer plus tard.",
					http.StatusTooManyRequests)
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
			if err := r.ParseForm(); err != nil {
				http.Error(w, "Bad request / Requête invalide", http.StatusBadRequest)
				return
			}
		}
		h(w, r, l)
	})
	return p.cop.Handler(inner)
}

// fail answers the plain 404 of a missing page for not-found, 500 otherwise.
func (p *Portal) fail(w http.ResponseWriter, r *http.Request, err error) {
	if isNotFound(err) {
		http.NotFound(w, r)
		return
	}
	p.Log.Error("portal: request failed", "route", r.Pattern, "err", err) // never the path: it holds the token
	http.Error(w, "internal error", http.StatusInternalServerError)
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// styleHash is the CSP source that lets exactly this <style> block run.
func styleHash(css string) string {
	sum := sha256.Sum256([]byte(css))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}
