package ui

import (
	"net/http"

	"github.com/relance-app/relance/internal/reminder"
)

// settingsRemindersSave stores the settings, or handles the form's other
// buttons: "Use default" puts a template's built-in wording back in the
// form without saving, so that the user can look before they save.
func (u *UI) settingsRemindersSave(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	lang := s.user.Language
	stored, err := u.Store.ReminderSettings(r.Context(), s.company.ID)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	st, errs := parseSettings(r, lang, stored)
	if path := r.FormValue("default"); path != "" {
		if step, l, _, ok := templateAt(st, path); ok {
			setTemplate(st, step, l, reminder.DefaultTemplate(step, l))
		}
		u.renderReminders(w, r, formFromRequest(r, st), nil, 0)
		return
	}
	if len(errs) == 0 {
		err := u.Books.PutReminderSettings(r.Context(), s.company.ID, st)
		if err == nil {
			http.Redirect(w, r, "/settings/reminders?done=saved", http.StatusSeeOther)
			return
		}
		fe, ok := fieldErrors(lang, err)
		if !ok {
			u.fail(w, r, err)
			return
		}
		errs = fe
	}
	u.renderReminders(w, r, formFromRequest(r, st), errs, http.StatusUnprocessableEntity)
}
