package ui

import (
	"net/http"

	"github.com/relance-app/relance/internal/reminder"
)

// newScheduleBase is a new schedule before the form: the default
// schedule's cadence (steps with their templates, repeat, business days).
func (u *UI) newScheduleBase(r *http.Request) (reminder.Schedule, error) {
	st, err := u.Store.ReminderSettings(r.Context(), current(r).company.ID)
	if err != nil {
		return reminder.Schedule{}, err
	}
	return reminder.Schedule{Priority: 10, Cadence: st.Cadence}, nil
}

// settingsScheduleNew shows the form of a new named schedule, starting
// from the default schedule's steps.
func (u *UI) settingsScheduleNew(w http.ResponseWriter, r *http.Request) {
	base, err := u.newScheduleBase(r)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.renderScheduleForm(w, r, scheduleFormPage{Form: formFromSchedule(&base)}, nil, 0)
}

// settingsScheduleCreate stores a new named schedule.
func (u *UI) settingsScheduleCreate(w http.ResponseWriter, r *http.Request) {
	base, err := u.newScheduleBase(r)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.saveSchedule(w, r, base, 0)
}
