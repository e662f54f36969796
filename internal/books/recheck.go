package books

import (
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/schedule"
	"github.com/relance-app/relance/internal/store"
)

// Recheck is the last check before a reminder is queued or sent, on the
// books' clock: an invoice paid, voided or paused since the scan gets
// nothing, nor a step planned against a due date that has since changed.
// A manual reminder and the invoice email only need an invoice that can be
// paid and an address; a receipt an invoice not voided.
//
// It first puts the cadence of the invoice's schedule in sc.Settings
// (named schedules), which the message then renders its step from.
func (b *Books) Recheck(sc *store.SendContext, r *reminder.Reminder) (bool, string) {
	resolveContext(sc)
	in := schedule.Input{Settings: *sc.Settings, Invoice: sc.Invoice, CustomerPaused: sc.Customer.RemindersPaused,
		CustomerBouncing: sc.Customer.EmailStatus == invoice.EmailBouncing, History: sc.History, Now: b.Now()}
	if ok, reason := schedule.Eligible(in, r.Step); !ok {
		return false, reason
	}
	if r.Step > 0 && r.DueDate != sc.Invoice.DueDate { // hand-sent messages are not planned against a due date
		return false, "due_date_changed"
	}
	return true, ""
}

// ReasonNoRecipient is Recheck's reason for an invoice without an address
// (the caller's fault to fix, not a conflict).
const ReasonNoRecipient = schedule.BlockedNoRecipient

// SettingsFor are the reminder settings that apply to the invoice of a
// send context: the company's, with the cadence (steps, repeat, business
// days) of the schedule that applies to the invoice (resolveContext: the
// customer's own, a named one by conditions, or the default). The engine renders, charges
// late fees and notifies the team from them, so that a step's template,
// action and fee come from the same cadence the planner used.
func (b *Books) SettingsFor(sc *store.SendContext) *reminder.Settings {
	resolveContext(sc)
	return sc.Settings
}
