package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/relance-app/relance/internal/invoice"
)

const invoiceCols = `id, company_id, customer_id, number, external_id, email, cc, bcc, issue_date, due_date, currency, memo, draft, voided,
	reminders_paused, subtotal, tax_total, total, paid, balance, last_reminder_at, next_reminder_at, next_reminder_step,
	created_at, updated_at, sent_at, viewed_at, last_viewed_at, view_count, promised_date, disputed, dispute_message`

// CreateInvoice validates and stores an invoice with its lines, computing
// totals, and plans its first reminder, all in one transaction.
func (t *Tx) CreateInvoice(ctx context.Context, inv *invoice.Invoice) error {
	s, tx := t.s, t.tx
	if err := inv.Validate(); err != nil {
		return err
	}
	inv.Payments = nil
	inv.Compute()
	inv.CreatedAt, inv.UpdatedAt = s.now(), s.now()
	if err := s.checkCustomer(ctx, tx, inv.CompanyID, inv.CustomerID); err != nil {
		return err
	}
	err := tx.QueryRowxContext(ctx, s.q(`INSERT INTO invoices (company_id, customer_id, number, external_id, email, cc, bcc, issue_date,
		due_date, currency, memo, draft, voided, reminders_paused, subtotal, tax_total, total, paid, balance, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		inv.CompanyID, inv.CustomerID, inv.Number, inv.ExternalID, inv.Email, inv.Cc, inv.Bcc, inv.IssueDate, inv.DueDate, inv.Currency,
		inv.Memo, inv.Draft, inv.Voided, inv.RemindersPaused, inv.Subtotal, inv.TaxTotal, inv.Total, inv.Paid, inv.Balance,
		inv.CreatedAt, inv.UpdatedAt).Scan(&inv.ID)
	if uniqueOn(err, "external_id") {
		return externalIDTaken("invoice", inv.ExternalID)
	}
	if isUnique(err) {
		return invoice.Conflict("number", fmt.Sprintf("invoice number %q already exists", inv.Number))
	}
	if err != nil {
		return fmt.Errorf("store: insert invoice: %w", err)
	}
	if err := s.insertLines(ctx, tx, inv); err != nil {
		return err
	}
	t.TouchInvoice(inv.CompanyID, inv.ID)
	return nil
}

func (s *Store) checkCustomer(ctx context.Context, tx *sqlx.Tx, companyID, customerID int64) error {
	var n int
	if err := tx.GetContext(ctx, &n, s.q(`SELECT COUNT(*) FROM customers WHERE company_id = ? AND id = ?`), companyID, customerID); err != nil {
		return fmt.Errorf("store: check customer: %w", err)
	}
	if n == 0 {
		return &invoice.Error{Code: invoice.EInvalid, Message: "invalid input", Fields: map[string]string{"customer_id": "no such customer"}}
	}
	return nil
}

// insertLines writes an invoice's lines (see insertLineRows).
func (s *Store) insertLines(ctx context.Context, tx *sqlx.Tx, inv *invoice.Invoice) error {
	for i := range inv.Lines {
		inv.Lines[i].InvoiceID = inv.ID
	}
	return s.insertLineRows(ctx, tx, inv.Lines)
}

// GetInvoice returns an invoice of the company with its lines and payments.
func (s *Store) GetInvoice(ctx context.Context, companyID, id int64) (*invoice.Invoice, error) {
	return s.getInvoice(ctx, s.db, companyID, id)
}

// lineCols are an invoice line's columns, as invoice.Line reads them.
const lineCols = `id, invoice_id, position, description, quantity, unit_price,
		tax_rate, amount, tax, tax_name, tax_name_2, tax_rate_2, tax_2, reminder_id`

func (s *Store) getInvoice(ctx context.Context, q sqlx.QueryerContext, companyID, id int64) (*invoice.Invoice, error) {
	var inv invoice.Invoice
	err := sqlx.GetContext(ctx, q, &inv, s.q(`SELECT `+invoiceCols+` FROM invoices WHERE company_id = ? AND id = ?`), companyID, id)
	if err != nil {
		return nil, notFound(err, "invoice")
	}
	if err := sqlx.SelectContext(ctx, q, &inv.Lines, s.q(`SELECT `+lineCols+` FROM invoice_lines WHERE invoice_id = ? ORDER BY position`), id); err != nil {
		return nil, fmt.Errorf("store: get invoice lines: %w", err)
	}
	if err := sqlx.SelectContext(ctx, q, &inv.Payments, s.q(`SELECT `+paymentCols+` FROM payments
		WHERE invoice_id = ? ORDER BY id`), id); err != nil {
		return nil, fmt.Errorf("store: get payments: %w", err)
	}
	return &inv, nil
}

// UpdateInvoice replaces an invoice's editable fields and lines (payments
// stay), recomputes totals and re-plans reminders: a new due date re-arms
// the steps against it.
func (t *Tx) UpdateInvoice(ctx context.Context, inv *invoice.Invoice) error {
	s, tx := t.s, t.tx
	if err := inv.Validate(); err != nil {
		return err
	}
	old, err := s.getInvoice(ctx, tx, inv.CompanyID, inv.ID)
	if err != nil {
		return err
	}
	if err := s.checkCustomer(ctx, tx, inv.CompanyID, inv.CustomerID); err != nil {
		return err
	}
	if old.Paid > 0 && old.Currency != inv.Currency {
		return &invoice.Error{Code: invoice.EInvalid, Message: "invalid input",
			Fields: map[string]string{"currency": "cannot change once payments are recorded"}}
	}
	inv.Payments = old.Payments
	inv.Voided = old.Voided
	keepFees(old.Lines, inv.Lines)
	inv.Compute()
	if inv.Balance < 0 {
		return &invoice.Error{Code: invoice.EInvalid, Message: "invalid input",
			Fields: map[string]string{"lines": "the new total is less than the payments already received"}}
	}
	inv.UpdatedAt = s.now()
	_, err = tx.ExecContext(ctx, s.q(`UPDATE invoices SET customer_id = ?, number = ?, external_id = ?, email = ?, cc = ?, bcc = ?, issue_date = ?,
		due_date = ?, currency = ?, memo = ?, draft = ?, reminders_paused = ?, subtotal = ?, tax_total = ?, total = ?, paid = ?,
		balance = ?, updated_at = ? WHERE company_id = ? AND id = ?`),
		inv.CustomerID, inv.Number, inv.ExternalID, inv.Email, inv.Cc, inv.Bcc, inv.IssueDate, inv.DueDate, inv.Currency, inv.Memo,
		inv.Draft, inv.RemindersPaused, inv.Subtotal, inv.TaxTotal, inv.Total, inv.Paid, inv.Balance, inv.UpdatedAt, inv.CompanyID, inv.ID)
	if uniqueOn(err, "external_id") {
		return externalIDTaken("invoice", inv.ExternalID)
	}
	if isUnique(err) {
		return invoice.Conflict("number", fmt.Sprintf("invoice number %q already exists", inv.Number))
	}
	if err != nil {
		return fmt.Errorf("store: update invoice: %w", err)
	}
	if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM invoice_lines WHERE invoice_id = ?`), inv.ID); err != nil {
		return fmt.Errorf("store: replace invoice lines: %w", err)
	}
	if err := s.insertLines(ctx, tx, inv); err != nil {
		return err
	}
	t.TouchInvoice(inv.CompanyID, inv.ID)
	return nil
}

// keepFees keeps the mark of the late fees an edit leaves as they were: a
// new line identical to an old fee line (description, quantity, price,
// tax) is that fee still, so that the fee cap counts it. A fee line the
// user removed or changed is gone as a fee.
func keepFees(old, lines []invoice.Line) {
	used := map[int64]bool{}
	for i := range lines {
		l := &lines[i]
		l.ReminderID = nil
		for _, o := range old {
			if o.ReminderID != nil && !used[*o.ReminderID] && o.Description == l.Description && o.Quantity == l.Quantity &&
				o.UnitPrice == l.UnitPrice && o.TaxRate == l.TaxRate {
				id := *o.ReminderID
				l.ReminderID, used[id] = &id, true
				break
			}
		}
	}
}

// VoidInvoice voids an invoice; its pending reminders will be cancelled at
// send time and nothing more is planned.
func (t *Tx) VoidInvoice(ctx context.Context, companyID, id int64) error {
	s, tx := t.s, t.tx
	res, err := tx.ExecContext(ctx, s.q(`UPDATE invoices SET voided = TRUE, updated_at = ? WHERE company_id = ? AND id = ?`),
		s.now(), companyID, id)
	if err != nil {
		return fmt.Errorf("store: void invoice: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFoundErr("invoice")
	}
	t.TouchInvoice(companyID, id)
	return nil
}

// SetInvoicePaused pauses or resumes automatic reminders for one invoice.
func (t *Tx) SetInvoicePaused(ctx context.Context, companyID, id int64, paused bool) error {
	s, tx := t.s, t.tx
	res, err := tx.ExecContext(ctx, s.q(`UPDATE invoices SET reminders_paused = ?, updated_at = ? WHERE company_id = ? AND id = ?`),
		paused, s.now(), companyID, id)
	if err != nil {
		return fmt.Errorf("store: pause invoice: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFoundErr("invoice")
	}
	t.TouchInvoice(companyID, id)
	return nil
}

// InvoiceByNumber finds an invoice by its number (for idempotent imports).
func (s *Store) InvoiceByNumber(ctx context.Context, companyID int64, number string) (*invoice.Invoice, error) {
	var id int64
	if err := s.db.GetContext(ctx, &id, s.q(`SELECT id FROM invoices WHERE company_id = ? AND number = ?`), companyID, number); err != nil {
		return nil, notFound(err, "invoice")
	}
	return s.GetInvoice(ctx, companyID, id)
}

// InvoiceAndCustomer returns an invoice of the company (lines, payments)
// with its customer: what a page or a PDF about the invoice shows.
func (s *Store) InvoiceAndCustomer(ctx context.Context, companyID, id int64) (*invoice.Invoice, *invoice.Customer, error) {
	inv, err := s.GetInvoice(ctx, companyID, id)
	if err != nil {
		return nil, nil, err
	}
	cu, err := s.GetCustomer(ctx, companyID, inv.CustomerID)
	if err != nil {
		return nil, nil, err
	}
	return inv, cu, nil
}
