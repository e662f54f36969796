package store

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/invoice"
)

// AddFeeLine adds a late fee line (line.ReminderID set) to an invoice and
// stores its new totals, in the transaction that records the reminder as
// sent. A reminder's fee is added at most once: a line for the same
// reminder already there (another process, a retry) leaves everything as
// it is and reports false — the unique index on reminder_id decides.
func (t *Tx) AddFeeLine(ctx context.Context, companyID, invoiceID int64, line invoice.Line) (bool, error) {
	s, tx := t.s, t.tx
	if line.ReminderID == nil {
		return false, fmt.Errorf("store: add fee line: no reminder")
	}
	inv, err := s.getInvoice(ctx, tx, companyID, invoiceID)
	if err != nil {
		return false, err
	}
	for _, l := range inv.Lines {
		if l.ReminderID != nil && *l.ReminderID == *line.ReminderID {
			return false, nil
		}
	}
	line.InvoiceID = invoiceID
	inv.Lines = append(inv.Lines, line)
	inv.Compute()
	l := inv.Lines[len(inv.Lines)-1]
	res, err := tx.ExecContext(ctx, s.q(`INSERT INTO invoice_lines (invoice_id, position, description, quantity, unit_price,
		tax_rate, amount, tax, reminder_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (reminder_id) DO NOTHING`),
		invoiceID, l.Position, l.Description, l.Quantity, l.UnitPrice, l.TaxRate, l.Amount, l.Tax, l.ReminderID)
	if err != nil {
		return false, fmt.Errorf("store: add fee line: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, s.q(`UPDATE invoices SET subtotal = ?, tax_total = ?, total = ?, balance = ?, updated_at = ?
		WHERE company_id = ? AND id = ?`), inv.Subtotal, inv.TaxTotal, inv.Total, inv.Balance, s.now(), companyID, invoiceID); err != nil {
		return false, fmt.Errorf("store: add fee line: totals: %w", err)
	}
	t.TouchInvoice(companyID, invoiceID)
	return true, nil
}

// FeeLines counts the late fee lines of every reminder that has one or
// more (a check for tests and the fault runs: every count is 1).
func (s *Store) FeeLines(ctx context.Context, companyID int64) (map[int64]int, error) {
	var rows []struct {
		ReminderID int64 `db:"reminder_id"`
		N          int   `db:"n"`
	}
	err := s.db.SelectContext(ctx, &rows, s.q(`SELECT l.reminder_id, COUNT(*) AS n FROM invoice_lines l
		JOIN invoices i ON i.id = l.invoice_id WHERE i.company_id = ? AND l.reminder_id IS NOT NULL GROUP BY l.reminder_id`), companyID)
	if err != nil {
		return nil, fmt.Errorf("store: fee lines: %w", err)
	}
	out := make(map[int64]int, len(rows))
	for _, r := range rows {
		out[r.ReminderID] = r.N
	}
	return out, nil
}
