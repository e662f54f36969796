package ui

import (
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/web/ratelimit"
)

type signinData struct {
	Email string
	// Next is the page asked for before signing in, where sign-in leads.
	Next  string
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
	u.render(w, r, "signin", &view{Title: "signin_title", D: signinData{Setup: n == 0, Next: nextPath(r)}})
}

// maxEmailLen bounds the email a sign-in looks at, before anything else
// (the form may carry megabytes).
const maxEmailLen = 254

// signin checks the password, slowed down per (IP, email) so that no one
// can lock a user out from elsewhere, and per IP so that one host cannot
// try many accounts fast. The IP is the peer's, or the client's named by
// X-Forwarded-For when the peer is a trusted proxy.
func (u *UI) signin(w http.ResponseWriter, r *http.Request) {
	raw := r.FormValue("email")
	password := r.FormValue("password")
	// The language chosen on the sign-in page (a hidden field) survives a
	// failed attempt.
	lang := requestLang(r)
	if l := r.PostFormValue("lang"); l != "" {
		lang = i18n.Lang(l)
	}
	next := nextPath(r)
	ip := u.clientIP(r)
	ipKey := ratelimit.KeyOf("ip", ip)
	email := ""
	if len(raw) <= maxEmailLen {
		email = strings.ToLower(strings.TrimSpace(raw))
	}
	pairKey := ratelimit.KeyOf("ip+email", ip, email)
	again := func(msg string, status int) {
		w.WriteHeader(status)
		u.render(w, r, "signin", &view{Title: "signin_title", L: lang, FormError: msg, D: signinData{Email: email, Next: next}})
	}
	now := u.Now()
	if d := max(u.limiter.Wait(now, pairKey), u.ipLimiter.Wait(now, ipKey)); d > 0 {
		secs := int(d.Round(time.Second) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(max(1, secs)))
		again(tr(lang, "signin_slow_down", "Seconds", max(1, secs)), http.StatusTooManyRequests)
		return
	}
	var (
		user *store.User
		err  = auth.ErrBadPassword
	)
	if email != "" && len(password) <= 1024 {
		user, err = u.Store.UserByEmail(r.Context(), email)
	}
	if err != nil && email != "" {
		auth.BurnTime(password) // an unknown user costs what a known one does
	} else if err == nil {
		err = auth.CheckPassword(user.PasswordHash, password)
		if err == nil && user.DisabledAt != nil {
			err = auth.ErrBadPassword // a disabled user is told nothing more
		}
	}
	if err != nil {
		u.limiter.Fail(now, pairKey)
		u.ipLimiter.Fail(now, ipKey)
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
	u.limiter.Reset(pairKey)
	if err := u.startSession(w, r, user.ID, ms[0].CompanyID); err != nil {
		u.fail(w, r, err)
		return
	}
	if next == "" {
		next = "/invoices"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// nextPath is the page to return to after signing in ("next", kept on
// this site), "" when none was asked for.
func nextPath(r *http.Request) string {
	p := r.FormValue("next")
	if p == "" || localPath(p) != p || strings.HasPrefix(p, "/signin") || strings.HasPrefix(p, "/setup") {
		return ""
	}
	return p
}

// clientIP is the peer address, or, when the peer is a trusted proxy
// (RELANCE_TRUSTED_PROXIES), the nearest address in X-Forwarded-For that
// is not one of the trusted proxies. From anyone else X-Forwarded-For is
// ignored: they could set it to dodge the limit.
func (u *UI) clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !u.trusted(peer) {
		return host
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		for h := range strings.SplitSeq(v, ",") {
			hops = append(hops, strings.TrimSpace(h))
		}
	}
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(hops[i])
		if err != nil {
			break // a hop that is not an address: trust nothing further
		}
		client = a.Unmap()
		if !u.trusted(client) {
			break
		}
	}
	return client.String()
}

func (u *UI) trusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range u.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
