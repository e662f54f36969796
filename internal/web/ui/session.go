package ui

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
)

const (
	cookieName = "relance_session"
	sessionTTL = 30 * 24 * time.Hour
	// maxFormBytes bounds every POST body; the logo form, the largest, is
	// 1 MiB of image plus its fields.
	maxFormBytes = 2 << 20
)

// session is the signed-in user of a request and the company they act for.
type session struct {
	hash        string
	s           *store.Session
	user        *store.User
	company     *invoice.Company
	memberships []store.Membership
	role        string // the user's role in company
}

// admin reports whether the session may change settings, users and tokens.
func (s *session) admin() bool { return s.role == store.RoleAdmin }

type ctxKey struct{}

func current(r *http.Request) *session {
	s, _ := r.Context().Value(ctxKey{}).(*session)
	return s
}

// public wraps handlers that need no session: CSRF is left to
// CrossOriginProtection (there is no session token yet).
func (u *UI) public(h http.HandlerFunc) http.Handler {
	return u.cop.Handler(securityHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		}
		h(w, r)
	})))
}

// private wraps handlers that need a session.
func (u *UI) private(h http.HandlerFunc) http.Handler { return u.privateBody(maxFormBytes, h, nil) }

// adminOnly wraps handlers that need a session with the admin role in its
// company (settings, users, tokens); staff get 403.
func (u *UI) adminOnly(h http.HandlerFunc) http.Handler {
	return u.private(func(w http.ResponseWriter, r *http.Request) {
		if !current(r).admin() {
			w.WriteHeader(http.StatusForbidden)
			u.render(w, r, "error", &view{Title: "error_forbidden_title", D: errorPage{Message: "error_forbidden"}})
			return
		}
		h(w, r)
	})
}

// privateBody is private with its own bound on POST bodies (the CSV upload
// takes more than a form). A body over limit cannot be read, so neither can
// its CSRF token: tooLarge (nil: an error page) answers 413 and must change
// nothing.
func (u *UI) privateBody(limit int64, h, tooLarge http.HandlerFunc) http.Handler {
	return u.cop.Handler(securityHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, err := u.load(r)
		if err != nil {
			if !invoice.IsNotFound(err) {
				u.Log.Error("ui: load session", "err", err)
			}
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				to := "/signin"
				if p := r.URL.RequestURI(); p != "/" && p != "/invoices" {
					to += "?next=" + url.QueryEscape(p)
				}
				http.Redirect(w, r, to, http.StatusSeeOther)
				return
			}
			u.plainError(w, r, http.StatusUnauthorized, "error_signin_first")
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, limit)
			if err := parseBody(r); err != nil {
				var mb *http.MaxBytesError
				if errors.As(err, &mb) {
					r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, sess))
					if tooLarge != nil {
						tooLarge(w, r)
						return
					}
					w.WriteHeader(http.StatusRequestEntityTooLarge)
					u.render(w, r, "error", &view{Title: "error_too_large_title", D: errorPage{Message: "error_too_large"}})
					return
				}
			}
			// The token is compared in constant time (from a urlencoded or
			// a multipart body); a missing or stale token (a form from
			// before sign-out) is refused outright.
			got := r.PostFormValue("csrf")
			if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(sess.s.CSRFToken)) != 1 {
				w.WriteHeader(http.StatusForbidden)
				u.render(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, sess)), "error", &view{Title: "error_csrf_title",
					D: errorPage{Message: "error_csrf"}})
				return
			}
		}
		h(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, sess)))
	})))
}

// parseBody reads a POST body, multipart or urlencoded, once; handlers
// then read its fields with FormValue and FormFile.
func parseBody(r *http.Request) error {
	err := r.ParseMultipartForm(32 << 20) // as FormValue does: larger files go to disk
	if errors.Is(err, http.ErrNotMultipart) {
		return nil // urlencoded: parsed by ParseForm
	}
	return err
}

// load finds the session of the request's cookie with its user and company.
func (u *UI) load(r *http.Request) (*session, error) {
	c, err := r.Cookie(cookieName)
	if err != nil || c.Value == "" {
		return nil, invoice.NotFound("session")
	}
	ctx := r.Context()
	sess := &session{hash: auth.Hash(c.Value)}
	if sess.s, err = u.Store.GetSession(ctx, sess.hash); err != nil {
		return nil, err
	}
	if sess.user, err = u.Store.GetUser(ctx, sess.s.UserID); err != nil {
		return nil, err
	}
	if sess.company, err = u.Store.GetCompany(ctx, sess.s.CompanyID); err != nil {
		return nil, err
	}
	if sess.user.DisabledAt != nil {
		return nil, invoice.NotFound("session")
	}
	if sess.memberships, err = u.Store.Memberships(ctx, sess.user.ID); err != nil {
		return nil, err
	}
	// Membership is checked on every request: access taken away ends
	// every session in that company at once.
	for _, m := range sess.memberships {
		if m.CompanyID == sess.company.ID {
			sess.role = m.Role
		}
	}
	if sess.role == "" {
		return nil, invoice.NotFound("session")
	}
	return sess, nil
}

// startSession creates a session for user in company and sets its cookie.
// Only the hash of the cookie value is stored.
func (u *UI) startSession(w http.ResponseWriter, r *http.Request, userID, companyID int64) error {
	secret := auth.Random(32)
	se := &store.Session{TokenHash: auth.Hash(secret), UserID: userID, CompanyID: companyID,
		CSRFToken: auth.Random(24), ExpiresAt: u.Now().Add(sessionTTL)}
	if err := u.Store.CreateSession(r.Context(), se); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: secret, Path: "/", MaxAge: int(sessionTTL.Seconds()),
		Secure: u.Secure, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	return nil
}

func (u *UI) clearCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", MaxAge: -1,
		Secure: u.Secure, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

// securityHeaders: pages load only their own CSS, JS and images. Inline
// styles are allowed because the email previews (iframe srcdoc inherits
// this policy) carry premailer-inlined styles; scripts never run inline.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "+
			"script-src 'self'; frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// IsCompanyUser reports whether the request comes from a signed-in user
// who belongs to the company (the portal does not count their views).
func (u *UI) IsCompanyUser(r *http.Request, companyID int64) bool {
	sess, err := u.load(r)
	if err != nil {
		return false
	}
	for _, m := range sess.memberships {
		if m.CompanyID == companyID {
			return true
		}
	}
	return false
}
