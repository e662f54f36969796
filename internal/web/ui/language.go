package ui

import (
	"net/http"
	"strings"
)

// languageSwitch stores the user's UI language and returns to the page
// they were on.
func (u *UI) languageSwitch(w http.ResponseWriter, r *http.Request) {
	if err := u.Store.SetUserLanguage(r.Context(), current(r).user.ID, r.FormValue("lang")); err != nil {
		if _, ok := fieldErrors("en", err); ok {
			u.plainError(w, r, http.StatusBadRequest, "err_language")
			return
		}
		u.fail(w, r, err)
		return
	}
	http.Redirect(w, r, localPath(r.FormValue("next")), http.StatusSeeOther)
}

// localPath keeps a redirect target on this site: a path, never "//host"
// or a scheme, else the invoice list.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") || strings.ContainsAny(p, "\r\n") {
		return "/invoices"
	}
	return p
}
