package ui

import (
	"fmt"
	"net/http"

	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
)

type scheduleDeletePage struct {
	Schedule  *reminder.Schedule
	Customers []store.ScheduleCustomer
}

// settingsScheduleDeleteConfirm asks before deleting a named schedule,
// listing the customers whose own schedule it is: they will fall back to
// the conditions, else the default schedule.
func (u *UI) settingsScheduleDeleteConfirm(w http.ResponseWriter, r *http.Request) {
	sc, _, ok := u.scheduleOrFail(w, r)
	if !ok {
		return
	}
	cs, err := u.Store.ScheduleCustomers(r.Context(), current(r).company.ID, sc.ID)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.render(w, r, "settings_schedule_delete", &view{Title: "schedule_delete_title", Nav: "settings",
		D: scheduleDeletePage{Schedule: sc, Customers: cs}})
}

// settingsScheduleDelete deletes a named schedule and says how many
// customers fell back.
func (u *UI) settingsScheduleDelete(w http.ResponseWriter, r *http.Request) {
	id, ok := u.idOrFail(w, r)
	if !ok {
		return
	}
	fell, err := u.Books.DeleteSchedule(r.Context(), current(r).company.ID, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/settings/schedules?done=deleted&fell=%d", len(fell)), http.StatusSeeOther)
}
