package ui

import (
	"net/http"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/store"
)

type todoData struct {
	State string // open, done, dismissed
	Rows  []todoRow
}

type todoRow struct {
	ID        int64
	Kind      string // for the CSS class and the label
	Text      string // translated
	Detail    string
	InvoiceID *int64
	Time      string
	Open      bool
}

// todoList is the To-do list: what the team should do or know (bounced
// addresses, failed reminders, promises, disputes, notify_team steps).
func (u *UI) todoList(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	state := r.URL.Query().Get("state")
	if state != store.TaskDone && state != store.TaskDismissed {
		state = store.TaskOpen
	}
	ts, err := u.Store.Tasks(r.Context(), s.company.ID, state, 200)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d := todoData{State: state}
	lang, loc := s.user.Language, s.company.Location()
	for _, t := range ts {
		d.Rows = append(d.Rows, todoRow{ID: t.ID, Kind: t.Kind, Text: i18n.TaskText(lang, t.Kind, t.Title), Detail: t.Detail, InvoiceID: t.InvoiceID,
			Time: formatTime(lang, t.CreatedAt, loc), Open: t.State == store.TaskOpen})
	}
	v := &view{Title: "todo_title", Nav: "todo", D: d}
	switch r.URL.Query().Get("done") {
	case "done":
		v.Flash = "flash_task_done"
	case "dismissed":
		v.Flash = "flash_task_dismissed"
	}
	u.render(w, r, "todo", v)
}
