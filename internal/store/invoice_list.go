package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/invoice"
)

// InvoiceFilter selects a page of a company's invoices, newest first.
type InvoiceFilter struct {
	Status     invoice.StatusCode // "" for all; derived on Today
	Open       bool               // only unpaid, not voided, not draft
	CustomerID int64
	// ExternalID keeps the invoice with this external_id (not empty).
	ExternalID string
	Today      invoice.Date // the company-local day statuses are derived on
	Before     int64        // cursor: ids below this one (0: from the newest)
	Limit      int
	// Search keeps invoices whose number or customer's display name
	// contains it (without regard to ASCII case).
	Search string
	// PaidSince keeps invoices with a payment dated on or after it.
	PaidSince invoice.Date
	// Sort is one of InvoiceSorts ("" is newest first, paged by Before);
	// a sorted list pages by Offset.
	Sort   string
	Desc   bool
	Offset int
}

// InvoiceSorts are the columns the list sorts by, to their SQL.
var InvoiceSorts = map[string]string{
	"number":   "number",
	"due":      "due_date",
	"balance":  "balance",
	"customer": "(SELECT LOWER(c.display_name) FROM customers c WHERE c.id = invoices.customer_id)",
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
	if id := invoice.NormalizeExternalID(f.ExternalID); id != "" {
		q += ` AND external_id = ?`
		args = append(args, id)
	}
	if f.Search != "" {
		like := "%" + strings.ToLower(likeEscape.Replace(f.Search)) + "%"
		q += ` AND (LOWER(number) LIKE ? ESCAPE '\' OR customer_id IN
			(SELECT id FROM customers WHERE company_id = ? AND LOWER(display_name) LIKE ? ESCAPE '\'))`
		args = append(args, like, companyID, like)
	}
	if !f.PaidSince.IsZero() {
		q += ` AND id IN (SELECT p.invoice_id FROM payments p WHERE p.date >= ?)`
		args = append(args, f.PaidSince)
	}
	col, sorted := InvoiceSorts[f.Sort]
	if f.Before > 0 && !sorted {
		q += ` AND id < ?`
		args = append(args, f.Before)
	}
	if sorted {
		dir := " ASC"
		if f.Desc {
			dir = " DESC"
		}
		q += ` ORDER BY ` + col + dir + `, id` + dir + ` LIMIT ? OFFSET ?`
		args = append(args, Page{Limit: f.Limit}.limit(), max(0, f.Offset))
	} else {
		q += ` ORDER BY id DESC LIMIT ?`
		args = append(args, Page{Limit: f.Limit}.limit())
	}
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

var likeEscape = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// Sum is a count of invoices and their amounts, by currency.
type Sum struct {
	Count  int
	Totals map[string]int64 // currency → minor units
}

// InvoiceSummary is the invoice list's money bar.
type InvoiceSummary struct {
	Overdue, Open, PaidRecently Sum
}

// SummarizeInvoices counts the open and overdue invoices (their balances)
// and the payments received since paidSince (their amounts, and the
// invoices they paid into), by currency.
func (s *Store) SummarizeInvoices(ctx context.Context, companyID int64, today, paidSince invoice.Date) (*InvoiceSummary, error) {
	out := &InvoiceSummary{}
	type row struct {
		Currency string `db:"currency"`
		N        int    `db:"n"`
		Total    int64  `db:"total"`
	}
	load := func(sum *Sum, q string, args ...any) error {
		var rows []row
		if err := s.db.SelectContext(ctx, &rows, s.q(q), args...); err != nil {
			return fmt.Errorf("store: summarize invoices: %w", err)
		}
		sum.Totals = map[string]int64{}
		for _, r := range rows {
			sum.Count += r.N
			sum.Totals[r.Currency] += r.Total
		}
		return nil
	}
	const open = `SELECT currency, COUNT(*) AS n, COALESCE(SUM(balance), 0) AS total FROM invoices
		WHERE company_id = ? AND ` + `voided = FALSE AND draft = FALSE AND balance > 0`
	if err := load(&out.Open, open+` GROUP BY currency`, companyID); err != nil {
		return nil, err
	}
	if err := load(&out.Overdue, open+` AND due_date < ? GROUP BY currency`, companyID, today); err != nil {
		return nil, err
	}
	if err := load(&out.PaidRecently, `SELECT i.currency AS currency, COUNT(DISTINCT i.id) AS n, COALESCE(SUM(p.amount), 0) AS total
		FROM payments p JOIN invoices i ON i.id = p.invoice_id
		WHERE i.company_id = ? AND i.voided = FALSE AND p.date >= ? GROUP BY i.currency`, companyID, paidSince); err != nil {
		return nil, err
	}
	return out, nil
}

// InvoiceNumbers maps invoice ids to their numbers, for list pages that
// link invoices (the outbox); ids of other companies are left out.
func (s *Store) InvoiceNumbers(ctx context.Context, companyID int64, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	q, args, err := inQuery(`SELECT id, number FROM invoices WHERE company_id = ? AND id IN (?)`, companyID, ids)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryxContext(ctx, s.q(q), args...)
	if err != nil {
		return nil, fmt.Errorf("store: invoice numbers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var number string
		if err := rows.Scan(&id, &number); err != nil {
			return nil, fmt.Errorf("store: invoice numbers: %w", err)
		}
		out[id] = number
	}
	return out, rows.Err()
}

// PausedCustomers is the set of the given customers whose reminders are
// paused, for the invoice list's markers.
func (s *Store) PausedCustomers(ctx context.Context, companyID int64, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	q, args, err := inQuery(`SELECT id FROM customers WHERE company_id = ? AND reminders_paused = TRUE AND id IN (?)`, companyID, ids)
	if err != nil {
		return nil, err
	}
	var paused []int64
	if err := s.db.SelectContext(ctx, &paused, s.q(q), args...); err != nil {
		return nil, fmt.Errorf("store: paused customers: %w", err)
	}
	for _, id := range paused {
		out[id] = true
	}
	return out, nil
}
