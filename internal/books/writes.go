package books

import (
	"context"
	"errors"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
)

// The single writes, each its own transaction (see Write to combine them).

// CreateInvoice stores an invoice with its lines and plans its reminders.
func (b *Books) CreateInvoice(ctx context.Context, inv *invoice.Invoice) error {
	return b.Write(ctx, func(tx *store.Tx) error { return tx.CreateInvoice(ctx, inv) })
}

// CreateInvoices stores many invoices of one company, all or none.
func (b *Books) CreateInvoices(ctx context.Context, companyID int64, invs []*invoice.Invoice) error {
	return b.Write(ctx, func(tx *store.Tx) error { return tx.CreateInvoices(ctx, companyID, invs) })
}

// UpdateInvoice replaces an invoice's editable fields and lines.
func (b *Books) UpdateInvoice(ctx context.Context, inv *invoice.Invoice) error {
	return b.Write(ctx, func(tx *store.Tx) error { return tx.UpdateInvoice(ctx, inv) })
}

// AddPayment records a payment and returns the invoice after it.
func (b *Books) AddPayment(ctx context.Context, companyID, invoiceID int64, p *invoice.Payment) (*invoice.Invoice, error) {
	var out *invoice.Invoice
	err := b.Write(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.AddPayment(ctx, companyID, invoiceID, p)
		return err
	})
	return out, err
}

// VoidInvoice voids an invoice.
func (b *Books) VoidInvoice(ctx context.Context, companyID, id int64) error {
	return b.Write(ctx, func(tx *store.Tx) error { return tx.VoidInvoice(ctx, companyID, id) })
}

// SetInvoicePaused pauses or resumes an invoice's automatic reminders.
func (b *Books) SetInvoicePaused(ctx context.Context, companyID, id int64, paused bool) error {
	return b.Write(ctx, func(tx *store.Tx) error { return tx.SetInvoicePaused(ctx, companyID, id, paused) })
}

// UpdateCustomer stores a customer; its invoices are planned again.
func (b *Books) UpdateCustomer(ctx context.Context, c *invoice.Customer) error {
	return b.Write(ctx, func(tx *store.Tx) error { return tx.UpdateCustomer(ctx, c) })
}

// UpdateCompany stores a company; a new time zone re-plans its invoices.
func (b *Books) UpdateCompany(ctx context.Context, c *invoice.Company) error {
	return b.Write(ctx, func(tx *store.Tx) error { return tx.UpdateCompany(ctx, c) })
}

// PutReminderSettings stores a company's reminder settings and re-plans
// every open invoice.
func (b *Books) PutReminderSettings(ctx context.Context, companyID int64, st *reminder.Settings) error {
	return b.Write(ctx, func(tx *store.Tx) error { return tx.PutReminderSettings(ctx, companyID, st) })
}

// MarkSent records a delivered reminder and re-plans its invoice on the
// books' clock. It returns false when the claim had been lost.
func (b *Books) MarkSent(ctx context.Context, r *reminder.Reminder, subject, bodyText string) (bool, error) {
	return b.MarkSentWithFee(ctx, r, subject, bodyText, nil)
}

// MarkSentWithFee is MarkSent that also adds the reminder's late fee line
// (reminder.FeeLine, the one the message was rendered with) in the same
// transaction: the fee exists exactly when the reminder is recorded sent,
// and once (a lost claim or a line already there adds nothing).
func (b *Books) MarkSentWithFee(ctx context.Context, r *reminder.Reminder, subject, bodyText string, fee *invoice.Line) (bool, error) {
	return b.MarkSentWith(ctx, r, subject, bodyText, fee, nil)
}

// MarkSentWith is MarkSentWithFee that also opens task (a notify_team
// step's To-do, its dedupe key naming the reminder) in the same
// transaction.
func (b *Books) MarkSentWith(ctx context.Context, r *reminder.Reminder, subject, bodyText string, fee *invoice.Line,
	task *store.Task) (bool, error) {
	ok, err := b.MarkSentMany(ctx, []Sent{{Reminder: r, Subject: subject, Body: bodyText, Fee: fee, Task: task}})
	if err != nil {
		return false, err
	}
	return ok[0], nil
}

// Sent is one delivered reminder to record: what it said, the late fee it
// charged and the task it opened (nil: none).
type Sent struct {
	Reminder      *reminder.Reminder
	Subject, Body string
	Fee           *invoice.Line
	Task          *store.Task
}

// MarkSentMany records delivered reminders in one transaction, each as
// MarkSentWith would, and re-plans their invoices together. ok[i] is false
// when the claim of items[i] had been lost (it records nothing for it);
// the others are recorded all the same.
func (b *Books) MarkSentMany(ctx context.Context, items []Sent) ([]bool, error) {
	ok := make([]bool, len(items))
	err := b.Write(ctx, func(tx *store.Tx) error {
		rows := make([]store.SentRow, len(items))
		for i, it := range items {
			rows[i] = store.SentRow{Reminder: it.Reminder, Subject: it.Subject, Body: it.Body}
		}
		got, err := tx.MarkSentMany(ctx, rows, b.Now())
		if err != nil {
			return err
		}
		copy(ok, got)
		for i, it := range items {
			if !ok[i] {
				continue
			}
			if it.Task != nil {
				if err := tx.AddTask(ctx, it.Task); err != nil {
					return err
				}
			}
			if it.Fee != nil {
				if _, err := tx.AddFeeLine(ctx, it.Reminder.CompanyID, it.Reminder.InvoiceID, *it.Fee); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		clear(ok)
	}
	return ok, err
}

// MarkSentGroup records the delivery of one grouped message: every row of
// the group sent, in one transaction, each invoice re-planned. It returns
// false (and records nothing) when any claim had been lost.
func (b *Books) MarkSentGroup(ctx context.Context, rs []reminder.Reminder, subject, bodyText string) (bool, error) {
	ok := true
	err := b.Write(ctx, func(tx *store.Tx) error {
		for i := range rs {
			got, err := tx.MarkSent(ctx, &rs[i], subject, bodyText, b.Now())
			if err != nil {
				return err
			}
			if !got {
				ok = false
				return errLostClaim
			}
		}
		return nil
	})
	if errors.Is(err, errLostClaim) {
		return false, nil
	}
	return ok, err
}

var errLostClaim = errors.New("books: a claim of the group was lost")

// MarkBounced records a failed delivery report for a sent reminder (see
// store.Tx.MarkBounced); the customer's invoices are planned again, the
// bouncing address blocking their automatic reminders.
func (b *Books) MarkBounced(ctx context.Context, reminderID int64, diagnostic string) (store.Bounced, error) {
	var out store.Bounced
	err := b.Write(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.MarkBounced(ctx, reminderID, diagnostic)
		return err
	})
	return out, err
}

// PromisePayment records a customer's promise to pay on date: automatic
// reminders wait until the day after.
func (b *Books) PromisePayment(ctx context.Context, companyID, invoiceID int64, date invoice.Date) error {
	return b.Write(ctx, func(tx *store.Tx) error { return tx.PromisePayment(ctx, companyID, invoiceID, date) })
}

// Dispute records a customer's question or dispute: automatic reminders
// stop until ResolveDispute.
func (b *Books) Dispute(ctx context.Context, companyID, invoiceID int64, message string) error {
	return b.Write(ctx, func(tx *store.Tx) error { return tx.Dispute(ctx, companyID, invoiceID, message) })
}

// ResolveDispute ends a dispute: automatic reminders resume.
func (b *Books) ResolveDispute(ctx context.Context, companyID, invoiceID int64) error {
	return b.Write(ctx, func(tx *store.Tx) error { return tx.ResolveDispute(ctx, companyID, invoiceID) })
}

// UpdatePayment changes a payment; actor is who did it, for the history.
func (b *Books) UpdatePayment(ctx context.Context, companyID, invoiceID int64, p *invoice.Payment, actor string) (*invoice.Invoice, error) {
	var out *invoice.Invoice
	err := b.Write(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.UpdatePayment(ctx, companyID, invoiceID, p, actor)
		return err
	})
	return out, err
}

// DeletePayment removes a payment; actor is who did it, for the history.
func (b *Books) DeletePayment(ctx context.Context, companyID, invoiceID, paymentID int64, actor string) error {
	return b.Write(ctx, func(tx *store.Tx) error { return tx.DeletePayment(ctx, companyID, invoiceID, paymentID, actor) })
}
