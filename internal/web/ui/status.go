package ui

import (
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
)

// today is the company-local calendar day, on which statuses are derived.
func (u *UI) today(s *session) invoice.Date {
	return invoice.LocalDate(u.Now(), s.company.Location())
}

// statusLabel is the Status column: "Overdue 12 days", "Due in 3 days"…
// and a CSS class for its colour.
func statusLabel(lang string, st invoice.Status) (text, class string) {
	switch st.Code {
	case invoice.StatusDraft:
		return tr(lang, "status_draft"), "muted"
	case invoice.StatusVoided:
		return tr(lang, "status_voided"), "muted"
	case invoice.StatusPaid:
		return tr(lang, "status_paid"), "ok"
	case invoice.StatusOverdue:
		return tr(lang, "status_overdue", "Count", st.Days), "late"
	case invoice.StatusPartiallyPaid:
		return tr(lang, "status_partially_paid"), "part"
	case invoice.StatusDueToday:
		return tr(lang, "status_due_today"), "soon"
	}
	return tr(lang, "status_due_in", "Count", st.Days), "due"
}

// reminderSent is "Reminder sent Dec 3" in the company's time zone, or "".
func reminderSent(lang string, at *time.Time, loc *time.Location) string {
	if at == nil {
		return ""
	}
	return tr(lang, "reminder_sent_on", "Date", invoice.FormatDateShort(invoice.LocalDate(*at, loc), lang))
}

// nextReminder is "Reminder 2 on Dec 12", or "" when nothing is planned.
func nextReminder(lang string, inv *invoice.Invoice, loc *time.Location) string {
	if inv.NextReminderAt == nil || inv.NextReminderStep == nil || *inv.NextReminderStep < 1 {
		return ""
	}
	return tr(lang, "next_reminder", "Step", *inv.NextReminderStep,
		"Date", invoice.FormatDateShort(invoice.LocalDate(*inv.NextReminderAt, loc), lang))
}

// stepName is "Reminder 2" or "Manual reminder".
func stepName(lang string, step int) string {
	if step == reminder.StepManual {
		return tr(lang, "step_manual")
	}
	return tr(lang, "step_n", "Step", step)
}
