package ui

import (
	"crypto/subtle"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/relance-app/relance/internal/auth"
)

// setupHostOK reports whether the request names this server by the host
// name of BaseURL (RELANCE_BASE_URL; the port is not compared). A page
// reached under another name is a DNS rebinding attempt against a loopback
// server: refused with 421.
func (u *UI) setupHostOK(w http.ResponseWriter, r *http.Request) bool {
	base, err := url.Parse(u.BaseURL)
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if err != nil || base.Hostname() == "" || !strings.EqualFold(strings.Trim(host, "[]"), base.Hostname()) {
		w.WriteHeader(http.StatusMisdirectedRequest)
		u.render(w, r, "error", &view{Title: "error_setup_host_title", D: errorPage{Message: "error_setup_host"}})
		return false
	}
	return true
}

// setupCodeOK reports whether the form carries the one-time code that
// `serve` printed while set-up is pending. With no code configured, set-up
// is closed.
func (u *UI) setupCodeOK(r *http.Request) bool {
	got := strings.TrimSpace(r.FormValue("code"))
	return u.SetupCode != "" && got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(u.SetupCode)) == 1
}

// passwordError is the translated reason auth.CheckPasswordRule gave.
func passwordError(lang string, err error) string {
	switch {
	case errors.Is(err, auth.ErrPasswordBlank):
		return tr(lang, "err_password_blank")
	case errors.Is(err, auth.ErrPasswordCommon):
		return tr(lang, "err_password_common")
	case errors.Is(err, auth.ErrPasswordLong):
		return tr(lang, "err_password_long")
	}
	return tr(lang, "err_password", "Min", auth.MinPasswordLen)
}
