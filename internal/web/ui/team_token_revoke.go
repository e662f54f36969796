package ui

import (
	"net/http"
	"strconv"
)

// teamTokenRevoke deletes one of this company's API tokens: the next
// request with it is refused.
func (u *UI) teamTokenRevoke(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	if err := u.Store.RevokeToken(r.Context(), current(r).company.ID, id); err != nil {
		u.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/settings/team?done=revoked", http.StatusSeeOther)
}
