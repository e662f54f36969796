package ui

import "net/http"

func (u *UI) signout(w http.ResponseWriter, r *http.Request) {
	if err := u.Store.DeleteSession(r.Context(), current(r).hash); err != nil {
		u.fail(w, r, err)
		return
	}
	u.clearCookie(w)
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}
