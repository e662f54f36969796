package ui

import (
	"net/http"
	"strconv"
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
	// "Add reminder" and "Remove" change the form, not the stored
	// settings: they work without JavaScript by showing it again.
	if r.FormValue("add_step") != "" || r.FormValue("remove_step") != "" {
		if r.FormValue("add_step") != "" {
			addStep(st)
		} else if i, err := strconv.Atoi(r.FormValue("remove_step")); err == nil {
			removeStep(st, i)
		}
		u.renderReminders(w, r, formFromRequest(r, st), nil, 0)
		return
	}
	if path := r.FormValue("default"); path != "" {
		if ref, _, ok := templateAt(st, path); ok {
			defaultAt(st, ref)
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
