package ui

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
)

// manualFields reads the manual form's subject and message and checks them
// all at once, so that every field's error shows in one pass.
func manualFields(r *http.Request, lang string, d *reminderData) map[string]string {
	d.Subject = strings.TrimSpace(r.FormValue("subject"))
	d.Message = strings.ReplaceAll(r.FormValue("message"), "\r\n", "\n")
	d.SubjectWarn = reminder.SubjectLacksReminderWord(d.Subject, d.Lang)
	// The limits are reminder.CheckManual's, as for the API and the
	// engine; the form also asks for both (the API may leave them empty).
	errs, _ := fieldErrors(lang, reminder.CheckManual(d.Subject, d.Message))
	if errs == nil {
		errs = map[string]string{}
	}
	if d.Subject == "" {
		errs["subject"] = tr(lang, "err_required")
	}
	if strings.TrimSpace(d.Message) == "" {
		errs["message"] = tr(lang, "err_required")
	}
	return errs
}

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
	errs := manualFields(r, lang, d)
	v := &view{Title: "reminder_title", Nav: "invoices", D: d}
	if len(errs) == 0 {
		ctx := reminder.WithActor(r.Context(), fmt.Sprintf("user:%d", s.user.ID))
		_, err = u.Reminders.SendManual(ctx, s.company.ID, id, d.Subject, d.Message)
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
	if v.FormError == "" {
		v.FormError = tr(lang, "form_has_errors")
	}
	v.Errors = errs
	status := http.StatusUnprocessableEntity
	if invoice.ErrorCode(err) == invoice.ELimit {
		status = http.StatusTooManyRequests
	}
	w.WriteHeader(status)
	u.render(w, r, "reminder_form", v)
}
