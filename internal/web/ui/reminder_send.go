package ui

import (
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/relance-app/relance/internal/reminder"
)

// reminderSend records the manual reminder; the engine's workers deliver
// it. A refusal (paid, voided, no address) comes back on the form.
func (u *UI) reminderSend(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	lang := s.user.Language
	id, ok := u.idOrFail(w, r)
	if !ok {
		return
	}
	d, err := u.reminderPage(r, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d.Subject = strings.TrimSpace(r.FormValue("subject"))
	d.Message = r.FormValue("message")
	errs := map[string]string{}
	switch {
	case d.Subject == "":
		errs["subject"] = tr(lang, "err_required")
	case strings.ContainsAny(d.Subject, "\r\n"):
		errs["subject"] = tr(lang, "err_one_line")
	case utf8.RuneCountInString(d.Subject) > reminder.MaxSubjectLen:
		errs["subject"] = tr(lang, "err_too_long", "A", reminder.MaxSubjectLen)
	}
	if strings.TrimSpace(d.Message) == "" {
		errs["message"] = tr(lang, "err_required")
	} else if utf8.RuneCountInString(d.Message) > reminder.MaxMessageLen {
		errs["message"] = tr(lang, "err_too_long", "A", reminder.MaxMessageLen)
	}
	v := &view{Title: "reminder_title", Nav: "invoices", D: d}
	if len(errs) == 0 {
		_, err = u.Reminders.SendManual(r.Context(), s.company.ID, id, d.Subject, d.Message)
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/invoices/%d?done=reminder", id), http.StatusSeeOther)
			return
		}
		fe, ok := fieldErrors(lang, err)
		if !ok {
			u.fail(w, r, err)
			return
		}
		errs = fe
		for k, msg := range fe {
			if k != "subject" && k != "message" {
				v.FormError = msg
			}
		}
	}
	v.Errors = errs
	w.WriteHeader(http.StatusUnprocessableEntity)
	u.render(w, r, "reminder_form", v)
}
