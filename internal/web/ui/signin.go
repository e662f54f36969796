package ui

import (
	"net"
	"net/http"
	"strings"

	"github.com/relance-app/relance/internal/auth"
)

type signinData struct {
	Email string
	Setup bool // no user yet: offer the first-run page
}

func (u *UI) signinForm(w http.ResponseWriter, r *http.Request) {
	if _, err := u.load(r); err == nil {
		http.Redirect(w, r, "/invoices", http.StatusSeeOther)
		return
	}
	n, err := u.Store.CountUsers(r.Context())
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.render(w, r, "signin", &view{Title: "signin_title", D: signinData{Setup: n == 0}})
}

// signin checks the password, rate-limited per IP and per email so that
// neither a single host nor a distributed guess at one account gets far.
func (u *UI) signin(w http.ResponseWriter, r *http.Request) {
	email := strings.ToLower(strings.TrimSpace(r.FormValue("email")))
	password := r.FormValue("password")
	keys := []string{"ip:" + clientIP(r), "email:" + email}
	lang := requestLang(r)
	again := func(msg string, status int) {
		w.WriteHeader(status)
		u.render(w, r, "signin", &view{Title: "signin_title", L: lang, FormError: msg, D: signinData{Email: email}})
	}
	now := u.Now()
	if blocked, _ := u.limiter.Blocked(now, keys...); blocked {
		again(tr(lang, "signin_rate_limited"), http.StatusTooManyRequests)
		return
	}
	user, err := u.Store.UserByEmail(r.Context(), email)
	if err != nil {
		auth.BurnTime(password)
	} else {
		err = auth.CheckPassword(user.PasswordHash, password)
		if err == nil && user.DisabledAt != nil {
			err = auth.ErrBadPassword // a disabled user is told nothing more
		}
	}
	if err != nil {
		u.limiter.Fail(now, keys...)
		again(tr(lang, "signin_bad"), http.StatusUnauthorized)
		return
	}
	ms, err := u.Store.Memberships(r.Context(), user.ID)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	if len(ms) == 0 {
		again(tr(lang, "signin_no_company"), http.StatusForbidden)
		return
	}
	u.limiter.Reset("email:" + email)
	if err := u.startSession(w, r, user.ID, ms[0].CompanyID); err != nil {
		u.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/invoices", http.StatusSeeOther)
}

// clientIP is the peer address. X-Forwarded-For is not trusted: anyone
// could set it to dodge the limit.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
