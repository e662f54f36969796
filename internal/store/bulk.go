package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/relance-app/relance/internal/invoice"
)

// CreateInvoices stores many invoices of one company in one transaction,
// all or none: imports and benchmarks. Each is validated as CreateInvoice
// does, and planned by the re-plan before commit.
func (t *Tx) CreateInvoices(ctx context.Context, companyID int64, invs []*invoice.Invoice) error {
	s, tx := t.s, t.tx
	for i, inv := range invs {
		inv.CompanyID = companyID
		if err := inv.Validate(); err != nil {
			return fmt.Errorf("invoice %d (%q): %w", i, inv.Number, err)
		}
		inv.Payments = nil
		inv.Compute()
		inv.CreatedAt, inv.UpdatedAt = s.now(), s.now()
	}
	paused, err := s.customerPausedMap(ctx, tx, companyID, invs)
	if err != nil {
		return err
	}
	ids, err := s.allocIDs(ctx, tx, "invoices", len(invs))
	if err != nil {
		return err
	}
	for i, inv := range invs {
		if _, ok := paused[inv.CustomerID]; !ok {
			return &invoice.Error{Code: invoice.EInvalid, Message: "invalid input",
				Fields: map[string]string{"customer_id": fmt.Sprintf("no such customer (invoice %q)", inv.Number)}}
		}
		inv.ID = ids[i]
		t.TouchInvoice(companyID, inv.ID)
	}
	for start := 0; start < len(invs); start += 100 {
		if err := s.insertInvoiceRows(ctx, tx, invs[start:min(start+100, len(invs))]); err != nil {
			return err
		}
	}
	var lines []invoice.Line
	for _, inv := range invs {
		for _, l := range inv.Lines {
			l.InvoiceID = inv.ID
			lines = append(lines, l)
		}
	}
	return s.insertLineRows(ctx, tx, lines)
}

// allocIDs reserves n ids so that rows can be inserted many per statement.
// On SQLite the transaction holds the write lock, so MAX(id) is stable.
func (s *Store) allocIDs(ctx context.Context, tx *sqlx.Tx, table string, n int) ([]int64, error) {
	ids := make([]int64, 0, n)
	if s.dialect == Postgres {
		if err := tx.SelectContext(ctx, &ids, `SELECT nextval(pg_get_serial_sequence('`+table+`', 'id')) FROM generate_series(1, $1)`, n); err != nil {
			return nil, fmt.Errorf("store: allocate ids: %w", err)
		}
		return ids, nil
	}
	var maxID int64
	if err := tx.GetContext(ctx, &maxID, `SELECT COALESCE(MAX(id), 0) FROM `+table); err != nil {
		return nil, fmt.Errorf("store: allocate ids: %w", err)
	}
	for i := 1; i <= n; i++ {
		ids = append(ids, maxID+int64(i))
	}
	return ids, nil
}

func (s *Store) insertInvoiceRows(ctx context.Context, tx *sqlx.Tx, invs []*invoice.Invoice) error {
	var sb strings.Builder
	sb.WriteString(`INSERT INTO invoices (id, company_id, customer_id, number, external_id, email, cc, bcc, issue_date, due_date, currency, memo,
		draft, voided, reminders_paused, subtotal, tax_total, total, paid, balance, next_reminder_at, next_reminder_step,
		created_at, updated_at) VALUES `)
	args := make([]any, 0, len(invs)*24)
	for i, inv := range invs {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
		args = append(args, inv.ID, inv.CompanyID, inv.CustomerID, inv.Number, inv.ExternalID, inv.Email, inv.Cc, inv.Bcc, inv.IssueDate,
			inv.DueDate, inv.Currency, inv.Memo, inv.Draft, inv.Voided, inv.RemindersPaused, inv.Subtotal, inv.TaxTotal,
			inv.Total, inv.Paid, inv.Balance, inv.NextReminderAt, inv.NextReminderStep, inv.CreatedAt, inv.UpdatedAt)
	}
	_, err := tx.ExecContext(ctx, s.q(sb.String()), args...)
	if uniqueOn(err, "external_id") {
		return invoice.Conflict("external_id", "an external_id in the batch is already used by another invoice")
	}
	if isUnique(err) {
		return invoice.Conflict("number", "an invoice number in the batch already exists")
	}
	if err != nil {
		return fmt.Errorf("store: insert invoices: %w", err)
	}
	return nil
}

// insertLineRows writes lines of many invoices, 300 rows per statement.
func (s *Store) insertLineRows(ctx context.Context, tx *sqlx.Tx, lines []invoice.Line) error {
	for start := 0; start < len(lines); start += 300 {
		chunk := lines[start:min(start+300, len(lines))]
		var sb strings.Builder
		sb.WriteString(`INSERT INTO invoice_lines (invoice_id, position, description, quantity, unit_price, tax_rate, amount, tax,
			tax_name, tax_name_2, tax_rate_2, tax_2, reminder_id) VALUES `)
		args := make([]any, 0, len(chunk)*13)
		for i, l := range chunk {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			args = append(args, l.InvoiceID, l.Position, l.Description, l.Quantity, l.UnitPrice, l.TaxRate, l.Amount, l.Tax,
				l.TaxName, l.TaxName2, l.TaxRate2, l.Tax2, l.ReminderID)
		}
		if _, err := tx.ExecContext(ctx, s.q(sb.String()), args...); err != nil {
			return fmt.Errorf("store: insert invoice lines: %w", err)
		}
	}
	return nil
}

// customerPausedMap reads the pause flag of every customer the invoices
// name, checking they belong to the company.
func (s *Store) customerPausedMap(ctx context.Context, tx *sqlx.Tx, companyID int64, invs []*invoice.Invoice) (map[int64]bool, error) {
	seen := map[int64]bool{}
	var ids []int64
	for _, inv := range invs {
		if !seen[inv.CustomerID] {
			seen[inv.CustomerID] = true
			ids = append(ids, inv.CustomerID)
		}
	}
	out := map[int64]bool{}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		q, args, err := inQuery(`SELECT id, reminders_paused FROM customers WHERE company_id = ? AND id IN (?)`, companyID, chunk)
		if err != nil {
			return nil, err
		}
		rows, err := tx.QueryxContext(ctx, s.q(q), args...)
		if err != nil {
			return nil, fmt.Errorf("store: read customers: %w", err)
		}
		for rows.Next() {
			var id int64
			var p bool
			if err := rows.Scan(&id, &p); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: read customers: %w", err)
			}
			out[id] = p
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: read customers: %w", err)
		}
	}
	return out, nil
}
