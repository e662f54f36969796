package store

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/invoice"
)

// InvoiceFilter selects a page of a company's invoices, newest first.
type InvoiceFilter struct {
	Status     invoice.StatusCode // "" for all; derived on Today
	Open       bool               // only unpaid, not voided, not draft
	CustomerID int64
	Today      invoice.Date // the company-local day statuses are derived on
	Before     int64        // cursor: ids below this one (0: from the newest)
	Limit      int
}

// statusSQL is StatusOf written as a WHERE clause, so that filtering by
// status uses indexes instead of loading every invoice.
func statusSQL(code invoice.StatusCode) string {
	const open = `voided = FALSE AND draft = FALSE AND balance > 0`
	switch code {
	case invoice.StatusVoided:
		return `voided = TRUE`
	case invoice.StatusDraft:
		return `voided = FALSE AND draft = TRUE`
	case invoice.StatusPaid:
		return `voided = FALSE AND draft = FALSE AND balance <= 0`
	case invoice.StatusOverdue:
		return open + ` AND due_date < ?`
	case invoice.StatusPartiallyPaid:
		return open + ` AND due_date >= ? AND paid > 0`
	case invoice.StatusDueToday:
		return open + ` AND due_date = ? AND paid = 0`
	case invoice.StatusDue:
		return open + ` AND due_date > ? AND paid = 0`
	}
	return `1 = 1`
}

func needsToday(code invoice.StatusCode) bool {
	switch code {
	case invoice.StatusOverdue, invoice.StatusPartiallyPaid, invoice.StatusDueToday, invoice.StatusDue:
		return true
	}
	return false
}

// ListInvoices returns one page of invoices (without lines).
func (s *Store) ListInvoices(ctx context.Context, companyID int64, f InvoiceFilter) ([]invoice.Invoice, error) {
	if f.Status != "" && !invoice.ValidStatusFilter(f.Status) {
		return nil, &invoice.Error{Code: invoice.EInvalid, Message: "invalid filter",
			Fields: map[string]string{"status": fmt.Sprintf("unknown status %q", f.Status)}}
	}
	q := `SELECT ` + invoiceCols + ` FROM invoices WHERE company_id = ?`
	args := []any{companyID}
	if f.Status != "" {
		q += ` AND ` + statusSQL(f.Status)
		if needsToday(f.Status) {
			args = append(args, f.Today)
		}
	}
	if f.Open {
		q += ` AND voided = FALSE AND draft = FALSE AND balance > 0`
	}
	if f.CustomerID > 0 {
		q += ` AND customer_id = ?`
		args = append(args, f.CustomerID)
	}
	if f.Before > 0 {
		q += ` AND id < ?`
		args = append(args, f.Before)
	}
	q += ` ORDER BY id DESC LIMIT ?`
	args = append(args, Page{Limit: f.Limit}.limit())
	var out []invoice.Invoice
	if err := s.db.SelectContext(ctx, &out, s.q(q), args...); err != nil {
		return nil, fmt.Errorf("store: list invoices: %w", err)
	}
	return out, nil
}

// CustomerNames maps customer ids to display names, for list pages.
func (s *Store) CustomerNames(ctx context.Context, companyID int64, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	q, args, err := inQuery(`SELECT id, display_name FROM customers WHERE company_id = ? AND id IN (?)`, companyID, ids)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryxContext(ctx, s.q(q), args...)
	if err != nil {
		return nil, fmt.Errorf("store: customer names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, fmt.Errorf("store: customer names: %w", err)
		}
		out[id] = name
	}
	return out, rows.Err()
}
