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
}

// SendBatch queues one manual reminder per invoice (docs/reminders.md,
// "Manual reminders"), each through SendManual, and says per invoice what
// was queued and what was refused and why. The wording is checked once,
// before anything is queued; an invoice named twice gets one reminder.
// Only a database error (or bad input) fails the whole batch.
func (e *Engine) SendBatch(ctx context.Context, companyID int64, ids []int64, subject, message string) ([]BatchResult, error) {
	if len(ids) == 0 {
		return nil, invalid("invoice_ids", "name at least one invoice")
	}
	if len(ids) > MaxBatch {
		return nil, invalid("invoice_ids", fmt.Sprintf("at most %d invoices per batch", MaxBatch))
	}
	if err := reminder.CheckManual(subject, message); err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	out := make([]BatchResult, 0, len(ids))
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
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
