package engine

import (
	"context"
	"errors"
	"fmt"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
)

// MaxBatch is the most invoices one batch of manual reminders may name.
const MaxBatch = 500

// BatchResult is one invoice's outcome in a batch: "queued" with its
// reminder, or "refused" with the reason (paid, voided, no_recipient,
// draft, not_found…).
type BatchResult struct {
	InvoiceID  int64  `json:"invoice_id"`
	Status     string `json:"status"` // "queued" or "refused"
	Reason     string `json:"reason,omitempty"`
	ReminderID int64  `json:"reminder_id,omitempty"`
	// Number, Customer and To describe the invoice for a confirmation
	// page (CheckBatch); empty when it was not found.
	Number   string `json:"-"`
	Customer string `json:"-"`
	To       string `json:"-"`
}

// checkBatch refuses an empty or oversized batch.
func checkBatch(ids []int64) error {
	if len(ids) == 0 {
		return invalid("invoice_ids", "name at least one invoice")
	}
	if len(ids) > MaxBatch {
		return invalid("invoice_ids", fmt.Sprintf("at most %d invoices per batch", MaxBatch))
	}
	return nil
}

// CheckBatch says, without queuing anything, what SendBatch would do with
// each distinct invoice: "queued" (it would be sent) or "refused" and why.
// The same re-check decides both, so the confirmation matches the send
// unless an invoice changes in between (then the send's answer wins).
func (e *Engine) CheckBatch(ctx context.Context, companyID int64, ids []int64) ([]BatchResult, error) {
	if err := checkBatch(ids); err != nil {
		return nil, err
	}
	ids = distinct(ids)
	out := make([]BatchResult, 0, len(ids))
	for _, id := range ids {
		res := BatchResult{InvoiceID: id, Status: "queued"}
		sc, err := e.store.LoadSendContext(ctx, companyID, id)
		switch {
		case invoice.IsNotFound(err):
			res.Status, res.Reason = "refused", "not_found"
		case err != nil:
			return nil, fmt.Errorf("engine: check batch invoice %d: %w", id, err)
		default:
			res.Number, res.Customer, res.To = sc.Invoice.Number, sc.Customer.DisplayName, sc.Invoice.Email
			if ok, reason := e.books.Recheck(sc, &reminder.Reminder{Step: reminder.StepManual}); !ok {
				res.Status, res.Reason = "refused", reason
			}
		}
		out = append(out, res)
	}
	return out, nil
}

// SendBatch queues one manual reminder per invoice (docs/reminders.md,
// "Manual reminders"), each through SendManual, and says per invoice what
// was queued and what was refused and why. The wording is checked once,
// before anything is queued; an invoice named twice gets one reminder.
// Only a database error (or bad input) fails the whole batch.
func (e *Engine) SendBatch(ctx context.Context, companyID int64, ids []int64, subject, message string) ([]BatchResult, error) {
	if err := checkBatch(ids); err != nil {
		return nil, err
	}
	if err := reminder.CheckManual(subject, message); err != nil {
		return nil, err
	}
	ids = distinct(ids)
	out := make([]BatchResult, 0, len(ids))
	for _, id := range ids {
		res := BatchResult{InvoiceID: id, Status: "queued"}
		r, err := e.SendManual(ctx, companyID, id, subject, message)
		var ie *invoice.Error
		switch {
		case err == nil:
			res.ReminderID = r.ID
		case errors.As(err, &ie) && ie.Code == invoice.ENotFound:
			res.Status, res.Reason = "refused", "not_found"
		case errors.As(err, &ie) && ie.Code == invoice.EInvalid && ie.Fields["invoice"] != "":
			res.Status, res.Reason = "refused", ie.Fields["invoice"]
		default:
			return out, fmt.Errorf("engine: batch reminder for invoice %d: %w", id, err)
		}
		out = append(out, res)
	}
	return out, nil
}

// distinct is ids without repeats, in first-seen order: an invoice named
// twice in a batch is one reminder.
func distinct(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
