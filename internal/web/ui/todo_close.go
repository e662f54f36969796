package ui

import (
	"net/http"

	"github.com/relance-app/relance/internal/store"
)

// todoClose marks a task done or dismissed (action=done|dismiss).
func (u *UI) todoClose(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	state := store.TaskDone
	if r.FormValue("action") == "dismiss" {
		state = store.TaskDismissed
	}
	if err := u.Store.CloseTask(r.Context(), current(r).company.ID, id, state); err != nil {
		u.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/todo?done="+state, http.StatusSeeOther)
}
