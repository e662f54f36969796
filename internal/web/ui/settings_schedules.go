package ui

import (
	"net/http"
	"strconv"

	"github.com/relance-app/relance/internal/reminder"
)

type schedulesPage struct {
	Items []scheduleRow
	// FellBack: the customers that fell back after a deletion (?fell=N).
	FellBack int
	Deleted  bool
}

type scheduleRow struct {
	reminder.Schedule
	Customers int
	Steps     string // "3 days before, 7 days after, …" of the enabled steps
}

// settingsSchedules is Settings → Schedules: the named schedules by
// priority with their conditions.
func (u *UI) settingsSchedules(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	lang := s.user.Language
	named, err := u.Store.Schedules(r.Context(), s.company.ID)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	p := schedulesPage{}
	for _, sc := range named {
		cs, err := u.Store.ScheduleCustomers(r.Context(), s.company.ID, sc.ID)
		if err != nil {
			u.fail(w, r, err)
			return
		}
		row := scheduleRow{Schedule: sc, Customers: len(cs)}
		for _, st := range sc.Steps {
			if !st.Enabled {
				continue
			}
			if row.Steps != "" {
				row.Steps += ", "
			}
			row.Steps += tr(lang, "schedule_step_"+st.When, "Count", st.Days)
		}
		if row.Steps == "" {
			row.Steps = tr(lang, "schedule_no_steps")
		}
		p.Items = append(p.Items, row)
	}
	v := &view{Title: "settings_schedules_title", Nav: "settings", D: p}
	switch r.URL.Query().Get("done") {
	case "saved":
		v.Flash = "flash_saved"
	case "deleted":
		p.Deleted = true
		p.FellBack, _ = strconv.Atoi(r.URL.Query().Get("fell"))
		v.D = p
	}
	u.render(w, r, "settings_schedules", v)
}
