package ui

import (
	"fmt"
	"net/http"
)

// invoicePause sets the invoice's "pause reminders" switch to the posted
// value (paused=1 or absent), so that a repeated click cannot flip it back.
func (u *UI) invoicePause(w http.ResponseWriter, r *http.Request) {
	id, ok := u.idOrFail(w, r)
	if !ok {
		return
	}
	paused := r.FormValue("paused") == "1"
	if err := u.Books.SetInvoicePaused(r.Context(), current(r).company.ID, id, paused); err != nil {
		u.fail(w, r, err)
		return
	}
	done := "resumed"
	if paused {
		done = "paused"
	}
	http.Redirect(w, r, fmt.Sprintf("/invoices/%d?done=%s", id, done), http.StatusSeeOther)
}
