package ui

import "net/http"

func (u *UI) home(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/invoices", http.StatusSeeOther)
}
