package store

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/invoice"
)

// Plan-changing writes of the customer's side: a promise to pay and a
// dispute stop automatic reminders (see schedule.Plan), so each exists
// only on Tx and touches its invoice for the re-plan. Callers validate the
// input (invoice.CheckPromiseDate, invoice.CleanDisputeMessage).

// errClosed refuses a promise or dispute on an invoice with nothing to pay.
func errClosed() error {
	return &invoice.Error{Code: invoice.EConflict, Message: "this invoice has nothing left to pay",
		Fields: map[string]string{"invoice": "is paid, voided or a draft"}}
}

// PromisePayment records the customer's promise to pay on date.
func (t *Tx) PromisePayment(ctx context.Context, companyID, invoiceID int64, date invoice.Date) error {
	return t.customerWrite(ctx, companyID, invoiceID, `promised_date = ?`, []any{date}, EventPromised, date.String())
}

// Dispute records the customer's question or dispute; the invoice is
// disputed until a user resolves it.
func (t *Tx) Dispute(ctx context.Context, companyID, invoiceID int64, message string) error {
	return t.customerWrite(ctx, companyID, invoiceID, `disputed = TRUE, dispute_message = ?`, []any{message}, EventDisputed, message)
}

func (t *Tx) customerWrite(ctx context.Context, companyID, invoiceID int64, set string, args []any, kind, detail string) error {
	s, tx := t.s, t.tx
	if err := s.lockInvoice(ctx, tx, companyID, invoiceID); err != nil {
		return err
	}
	args = append(args, s.now(), companyID, invoiceID)
	res, err := tx.ExecContext(ctx, s.q(`UPDATE invoices SET `+set+`, updated_at = ? WHERE company_id = ? AND id = ?
		AND draft = FALSE AND voided = FALSE AND balance > 0`), args...)
	if err != nil {
		return fmt.Errorf("store: record %s: %w", kind, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errClosed()
	}
	if err := s.addEvent(ctx, tx, companyID, invoiceID, kind, detail); err != nil {
		return err
	}
	t.TouchInvoice(companyID, invoiceID)
	return nil
}

// ResolveDispute ends an invoice's dispute: automatic reminders resume.
// The message stays in the history.
func (t *Tx) ResolveDispute(ctx context.Context, companyID, invoiceID int64) error {
	s, tx := t.s, t.tx
	if err := s.lockInvoice(ctx, tx, companyID, invoiceID); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, s.q(`UPDATE invoices SET disputed = FALSE, dispute_message = '', updated_at = ?
		WHERE company_id = ? AND id = ? AND disputed = TRUE`), s.now(), companyID, invoiceID)
	if err != nil {
		return fmt.Errorf("store: resolve dispute: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return &invoice.Error{Code: invoice.EConflict, Message: "this invoice is not disputed",
			Fields: map[string]string{"invoice": "is not disputed"}}
	}
	if err := s.addEvent(ctx, tx, companyID, invoiceID, EventDisputeResolved, ""); err != nil {
		return err
	}
	t.TouchInvoice(companyID, invoiceID)
	return nil
}
