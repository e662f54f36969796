package ui

import (
	"net/http"
	"strconv"
)

// companySwitch moves the session to another company of the user; the
// store refuses a company the user is not a member of (404).
func (u *UI) companySwitch(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.FormValue("company_id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	if err := u.Store.SwitchSessionCompany(r.Context(), current(r).hash, id); err != nil {
		u.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/invoices", http.StatusSeeOther)
}
