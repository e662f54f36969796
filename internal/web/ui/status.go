package ui

import (
	"github.com/relance-app/relance/internal/i18n"
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
	return i18n.StatusLabel(lang, st)
}

// reminderSent is "Reminder sent Dec 3" in the company's time zone, or "".
func reminderSent(lang string, at *time.Time, loc *time.Location) string {
	if at == nil {
		return ""
	}
	return tr(lang, "reminder_sent_on", "Date", invoice.FormatDateShort(invoice.LocalDate(*at, loc), lang))
}

// stepName is "Reminder 2" or "Manual reminder".
func stepName(lang string, step int) string {
	switch step {
	case reminder.StepManual:
		return tr(lang, "step_manual")
	case reminder.StepInvoice:
		return tr(lang, "step_invoice")
	case reminder.StepReceipt:
		return tr(lang, "step_receipt")
	case reminder.StepStatement:
		return tr(lang, "step_statement")
	}
	return tr(lang, "step_n", "Step", step)
}

// activityLabel is what the customer did or was last sent, for the list
// and the invoice page: "Disputed", "Promised for Jun 20", "Promise broken
// (Jun 20)", "Viewed", "Sent"; "" for nothing.
func activityLabel(lang string, a invoice.Activity) (text, class string) {
	switch a.Code {
	case "":
		return "", ""
	case "promised", "promise_broken":
		return tr(lang, "activity_"+a.Code, "Date", invoice.FormatDateShort(a.Date, lang)), a.Code
	}
	return tr(lang, "activity_"+a.Code), a.Code
}
