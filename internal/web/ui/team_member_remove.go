package ui

import (
	"net/http"
	"strconv"

	"github.com/relance-app/relance/internal/store"
)

// teamMemberRemove takes a user's access to this company away (their
// sessions here end at once). The last admin cannot be removed, so that a
// company always has someone who can manage it.
func (u *UI) teamMemberRemove(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	ms, err := u.Store.Members(r.Context(), s.company.ID)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	var target *store.Member
	for i := range ms {
		if ms[i].ID == id {
			target = &ms[i]
		}
	}
	if target == nil {
		u.notFound(w, r)
		return
	}
	if target.Role == store.RoleAdmin && target.DisabledAt == nil && adminCount(ms) <= 1 {
		u.renderTeam(w, r, &view{FormError: tr(s.user.Language, "err_last_admin")}, teamData{}, http.StatusConflict)
		return
	}
	if err := u.Store.RemoveMember(r.Context(), s.company.ID, id); err != nil {
		u.fail(w, r, err)
		return
	}
	if id == s.user.ID {
		u.clearCookie(w)
		http.Redirect(w, r, "/signin", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/settings/team?done=removed", http.StatusSeeOther)
}
