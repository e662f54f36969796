package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
)

// outlookLine is one sentence of "what happens next" on the invoice page,
// with the action that changes it.
type outlookLine struct {
	Text, LinkText, Href, Class string
}

// outlookOf says, from the planner's own decision, which reminder comes
// next or why none will: blocked (off, paused, no address, draft), steps
// the scan will record as skipped, the step due now, the next one.
func outlookOf(lang string, o *books.Outlook, loc *time.Location, today invoice.Date) []outlookLine {
	sc := o.Context
	inv := sc.Invoice
	var out []outlookLine
	switch o.Blocked {
	case books.BlockedDisabled:
		return []outlookLine{{Text: tr(lang, "outlook_disabled"), LinkText: tr(lang, "outlook_turn_on"), Href: "/settings/reminders", Class: "warn"}}
	case books.BlockedDraft:
		return []outlookLine{{Text: tr(lang, "outlook_draft"), LinkText: tr(lang, "edit"), Href: fmt.Sprintf("/invoices/%d/edit", inv.ID)}}
	case books.BlockedNoRecipient:
		return []outlookLine{{Text: tr(lang, "outlook_no_email"), LinkText: tr(lang, "add_email"), Href: fmt.Sprintf("/invoices/%d/edit#email", inv.ID), Class: "warn"}}
	case books.BlockedPaused:
		if sc.Customer.RemindersPaused {
			return []outlookLine{{Text: tr(lang, "outlook_paused_customer", "Name", sc.Customer.DisplayName),
				LinkText: tr(lang, "outlook_resume"), Href: fmt.Sprintf("/customers/%d", sc.Customer.ID), Class: "warn"}}
		}
		return []outlookLine{{Text: tr(lang, "invoice_paused"), Class: "warn"}}
	case books.BlockedPaid, books.BlockedVoided:
		return nil
	}
	for _, s := range o.Skip {
		l := outlookLine{Class: "muted"}
		if s.Reason == books.ReasonStale {
			l.Text = tr(lang, "outlook_skip_stale", "Step", s.Step, "Count", today.DaysSince(s.TriggerDate))
		} else {
			l.Text = tr(lang, "outlook_skip", "Step", s.Step, "Reason", translateReason(lang, s.Reason))
		}
		out = append(out, l)
	}
	switch {
	case o.Due != nil:
		out = append(out, outlookLine{Text: tr(lang, "outlook_due", "Step", o.Due.Step)})
	case o.Next != nil:
		out = append(out, outlookLine{Text: tr(lang, "next_reminder", "Step", o.Next.Step,
			"Date", invoice.FormatDateShort(invoice.LocalDate(o.Next.At, loc), lang))})
	default:
		out = append(out, outlookLine{Text: tr(lang, "outlook_none"), Class: "muted"})
	}
	return out
}

// skippedReason is a skipped step's reason in the history: how late it was
// for a stale step ("12 days late"), else the planner's reason.
func skippedReason(lang string, rm *reminder.Reminder, loc *time.Location) string {
	if rm.State == reminder.StateSkipped && strings.TrimSpace(rm.Reason) == books.ReasonStale && !rm.TriggerDate.IsZero() {
		return tr(lang, "reason_stale_days", "Count", invoice.LocalDate(rm.CreatedAt, loc).DaysSince(rm.TriggerDate))
	}
	return translateReason(lang, rm.Reason)
}
