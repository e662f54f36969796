package ui

import "net/http"

// companyLogo serves the company's own logo for the settings page.
func (u *UI) companyLogo(w http.ResponseWriter, r *http.Request) {
	co := current(r).company
	if len(co.Logo) == 0 || (co.LogoType != "image/png" && co.LogoType != "image/jpeg") {
		u.notFound(w, r)
		return
	}
	w.Header().Set("Content-Type", co.LogoType)
	w.Header().Set("Cache-Control", "private, no-cache")
	w.Write(co.Logo)
}
