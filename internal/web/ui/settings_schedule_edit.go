package ui

import (
	"net/http"

	"github.com/relance-app/relance/internal/reminder"
)

// scheduleOrFail loads the {id} schedule of the session's company and the
// number of customers whose own schedule it is.
func (u *UI) scheduleOrFail(w http.ResponseWriter, r *http.Request) (*reminder.Schedule, int, bool) {
	id, ok := u.idOrFail(w, r)
	if !ok {
		return nil, 0, false
	}
	companyID := current(r).company.ID
	sc, err := u.Store.GetSchedule(r.Context(), companyID, id)
	if err != nil {
		u.fail(w, r, err)
		return nil, 0, false
	}
	cs, err := u.Store.ScheduleCustomers(r.Context(), companyID, id)
	if err != nil {
		u.fail(w, r, err)
		return nil, 0, false
	}
	return sc, len(cs), true
}

// settingsScheduleEdit shows a named schedule's form.
func (u *UI) settingsScheduleEdit(w http.ResponseWriter, r *http.Request) {
	sc, n, ok := u.scheduleOrFail(w, r)
	if !ok {
		return
	}
	u.renderScheduleForm(w, r, scheduleFormPage{Form: formFromSchedule(sc), Customers: n}, nil, 0)
}

// settingsScheduleUpdate stores a named schedule's form.
func (u *UI) settingsScheduleUpdate(w http.ResponseWriter, r *http.Request) {
	sc, n, ok := u.scheduleOrFail(w, r)
	if !ok {
		return
	}
	u.saveSchedule(w, r, *sc, n)
}
