package ui

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
)

// The named-schedule form (Settings → Schedules): name, priority,
// conditions, and each step's on/off, days and before/after. The steps'
// templates, the repeat and the business days are kept as stored (or, for
// a new schedule, taken from the default schedule); the reminder settings'
// page and the API edit them.

// scheduleForm is the form's values, as typed.
type scheduleForm struct {
	ID                     int64
	Name, Priority         string
	MinBalance, MaxBalance string
	Currencies, Tags       string // comma-separated
	Steps                  []scheduleStepForm
}

type scheduleStepForm struct {
	Index, Number int
	Enabled       bool
	Days, When    string
}

func formFromSchedule(s *reminder.Schedule) scheduleForm {
	f := scheduleForm{ID: s.ID, Name: s.Name, Priority: strconv.Itoa(s.Priority),
		MinBalance: s.Conditions.MinBalance, MaxBalance: s.Conditions.MaxBalance,
		Currencies: strings.Join(s.Conditions.Currencies, ", "), Tags: strings.Join(s.Conditions.CustomerTags, ", ")}
	for i, st := range s.Steps {
		f.Steps = append(f.Steps, scheduleStepForm{Index: i, Number: i + 1, Enabled: st.Enabled, Days: strconv.Itoa(st.Days), When: st.When})
	}
	return f
}

// parseScheduleForm reads the posted form onto base (a copy of the stored
// schedule, or the default cadence for a new one): what cannot be read as
// a number is reported under its field, the rest is Validate's to judge.
func parseScheduleForm(r *http.Request, base reminder.Schedule) (reminder.Schedule, scheduleForm, invoice.FieldErrors) {
	errs := invoice.FieldErrors{}
	s := base
	f := scheduleForm{ID: base.ID, Name: r.FormValue("name"), Priority: strings.TrimSpace(r.FormValue("priority")),
		MinBalance: strings.TrimSpace(r.FormValue("conditions.min_balance")),
		MaxBalance: strings.TrimSpace(r.FormValue("conditions.max_balance")),
		Currencies: r.FormValue("conditions.currencies"), Tags: r.FormValue("conditions.customer_tags")}
	s.Name = f.Name
	s.Priority = 0
	if f.Priority != "" {
		n, err := strconv.Atoi(f.Priority)
		if err != nil {
			errs.Add("priority", "must be between %d and %d", 0, reminder.MaxPriority)
		}
		s.Priority = n
	}
	s.Conditions = reminder.Conditions{MinBalance: f.MinBalance, MaxBalance: f.MaxBalance,
		Currencies: invoice.SplitTags(f.Currencies), CustomerTags: invoice.SplitTags(f.Tags)}
	if s.Conditions.Currencies == nil {
		s.Conditions.Currencies = []string{}
	}
	if s.Conditions.CustomerTags == nil {
		s.Conditions.CustomerTags = []string{}
	}
	steps := make([]reminder.Step, len(base.Steps))
	copy(steps, base.Steps)
	for i := range steps {
		p := "steps[" + strconv.Itoa(i) + "]."
		sf := scheduleStepForm{Index: i, Number: i + 1, Enabled: r.FormValue(p+"enabled") != "",
			Days: strings.TrimSpace(r.FormValue(p + "days")), When: r.FormValue(p + "when")}
		f.Steps = append(f.Steps, sf)
		steps[i].Enabled, steps[i].When = sf.Enabled, sf.When
		n, err := strconv.Atoi(sf.Days)
		if err != nil {
			errs.Add(p+"days", "must be between %d and %d", 0, reminder.MaxDays)
			continue
		}
		steps[i].Days = n
	}
	s.Steps = steps
	return s, f, errs
}

// scheduleFormPage is what the form template reads.
type scheduleFormPage struct {
	Form scheduleForm
	// Customers whose own schedule this is (shown on the edit page).
	Customers int
}

func (u *UI) renderScheduleForm(w http.ResponseWriter, r *http.Request, p scheduleFormPage, errs map[string]string, status int) {
	title := "schedule_new_title"
	if p.Form.ID != 0 {
		title = "schedule_edit_title"
	}
	v := &view{Title: title, Nav: "settings", Errors: errs, D: p}
	if len(errs) > 0 {
		v.FormError = tr(current(r).user.Language, "form_has_errors")
	}
	if status != 0 {
		w.WriteHeader(status)
	}
	u.render(w, r, "settings_schedule_form", v)
}

// saveSchedule validates and stores the posted schedule (create when
// base.ID is 0), or shows the form again with the reasons.
func (u *UI) saveSchedule(w http.ResponseWriter, r *http.Request, base reminder.Schedule, customers int) {
	s := current(r)
	sc, f, errs := parseScheduleForm(r, base)
	var err error
	if len(errs) == 0 {
		if sc.ID == 0 {
			err = u.Books.CreateSchedule(r.Context(), s.company.ID, &sc)
		} else {
			err = u.Books.UpdateSchedule(r.Context(), s.company.ID, &sc)
		}
		if err == nil {
			http.Redirect(w, r, "/settings/schedules?done=saved", http.StatusSeeOther)
			return
		}
	} else {
		// The numbers that did not parse, with what Validate says of the rest.
		var e *invoice.Error
		if errors.As(sc.Validate(), &e) {
			for k, v := range e.Fields {
				errs.Add(k, "%s", v)
			}
		}
		err = errs.Err()
	}
	msgs, ok := fieldErrors(s.user.Language, err)
	if !ok {
		u.fail(w, r, err)
		return
	}
	u.renderScheduleForm(w, r, scheduleFormPage{Form: f, Customers: customers}, msgs, http.StatusUnprocessableEntity)
}
