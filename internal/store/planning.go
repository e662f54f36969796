package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
)

// The SQL the planner's caller (package books) reads its inputs with and
// writes its decisions through. Nothing here decides.

// PlanRow is what the planner needs about one invoice.
type PlanRow struct {
	Invoice        *invoice.Invoice
	CustomerPaused bool
	// CustomerBouncing: the customer's address bounced (email_status).
	CustomerBouncing bool
	Language         string // the customer's, for the reminders recorded
	// CustomerScheduleID and CustomerTags choose the invoice's schedule.
	CustomerScheduleID *int64
	CustomerTags       []string
	History            []reminder.Reminder // the planner's columns only (planHistoryCols)
}

// Settings reads a company's reminder settings inside the transaction.
func (t *Tx) Settings(ctx context.Context, companyID int64) (*reminder.Settings, error) {
	return t.s.settingsShared(ctx, prep{t.s, t.tx}, companyID)
}

// PlanRows loads, in four queries, the planner's inputs for invoices of
// one company (lines and payments are not loaded: totals are on the row).
func (t *Tx) PlanRows(ctx context.Context, companyID int64, ids []int64) ([]PlanRow, error) {
	return t.s.planRows(ctx, t.tx, companyID, ids)
}

// PlanRows is Tx.PlanRows outside a transaction, for reads that plan
// without writing (the upcoming reminders).
func (s *Store) PlanRows(ctx context.Context, companyID int64, ids []int64) ([]PlanRow, error) {
	return s.planRows(ctx, s.db, companyID, ids)
}

func (s *Store) planRows(ctx context.Context, tx sqlx.QueryerContext, companyID int64, ids []int64) ([]PlanRow, error) {
	if len(ids) > maxPadded {
		// In prepared chunks, by id: a list of 500 parsed anew cost more
		// than eight runs of a prepared statement.
		ids = slices.Sorted(slices.Values(ids))
		var out []PlanRow
		for start := 0; start < len(ids); start += maxPadded {
			rows, err := s.planRows(ctx, tx, companyID, ids[start:min(start+maxPadded, len(ids))])
			if err != nil {
				return nil, err
			}
			out = append(out, rows...)
		}
		return out, nil
	}
	tx, ids = s.inList(tx, ids)
	q, args, err := inQuery(`SELECT `+invoiceCols+` FROM invoices WHERE company_id = ? AND id IN (?) ORDER BY id`, companyID, ids)
	if err != nil {
		return nil, err
	}
	var invs []invoice.Invoice
	if err := sqlx.SelectContext(ctx, tx, &invs, s.q(q), args...); err != nil {
		return nil, fmt.Errorf("store: plan: load invoices: %w", err)
	}
	q, args, err = inQuery(`SELECT DISTINCT c.id, c.reminders_paused, c.email_status, c.language, c.schedule_id FROM customers c
		JOIN invoices i ON i.customer_id = c.id WHERE i.id IN (?)`, ids)
	if err != nil {
		return nil, err
	}
	var custs []planCustomer
	if err := sqlx.SelectContext(ctx, tx, &custs, s.q(q), args...); err != nil {
		return nil, fmt.Errorf("store: plan: load customers: %w", err)
	}
	custIDs := make([]int64, len(custs))
	for i, c := range custs {
		custIDs[i] = c.ID
	}
	tags := map[int64][]string{}
	if len(custIDs) > 0 {
		if tags, err = s.tagsOf(ctx, tx, companyID, custIDs); err != nil {
			return nil, err
		}
	}
	q, args, err = inQuery(`SELECT `+planHistoryCols+` FROM reminders WHERE invoice_id IN (?) ORDER BY id`, ids)
	if err != nil {
		return nil, err
	}
	var hist []reminder.Reminder
	if err := sqlx.SelectContext(ctx, tx, &hist, s.q(q), args...); err != nil {
		return nil, fmt.Errorf("store: plan: load history: %w", err)
	}
	return assemblePlanRows(invs, custs, tags, hist)
}

// PlanRowsBefore loads, in three queries, the planner's inputs for a
// company's invoices whose next reminder is planned before an instant (what
// the scan will look at by then), by id: the upcoming reminders, which read
// them from the index invoices_company_next rather than by lists of ids.
func (s *Store) PlanRowsBefore(ctx context.Context, companyID int64, before time.Time) ([]PlanRow, error) {
	const planned = `FROM invoices WHERE company_id = ? AND next_reminder_at IS NOT NULL AND next_reminder_at < ?`
	at := before.UTC().Truncate(time.Microsecond)
	var invs []invoice.Invoice
	if err := s.db.SelectContext(ctx, &invs, s.q(`SELECT `+invoiceCols+` `+planned+` ORDER BY id`), companyID, at); err != nil {
		return nil, fmt.Errorf("store: plan: load invoices: %w", err)
	}
	if len(invs) == 0 {
		return nil, nil
	}
	var custs []planCustomer
	if err := s.db.SelectContext(ctx, &custs, s.q(`SELECT c.id, c.reminders_paused, c.email_status, c.language, c.schedule_id FROM customers c
		WHERE c.company_id = ? AND c.id IN (SELECT customer_id `+planned+`)`), companyID, companyID, at); err != nil {
		return nil, fmt.Errorf("store: plan: load customers: %w", err)
	}
	custIDs := make([]int64, len(custs))
	for i, c := range custs {
		custIDs[i] = c.ID
	}
	tags := map[int64][]string{}
	if len(custIDs) > 0 {
		var err error
		if tags, err = s.tagsOf(ctx, s.db, companyID, custIDs); err != nil {
			return nil, err
		}
	}
	var hist []reminder.Reminder
	if err := s.db.SelectContext(ctx, &hist, s.q(`SELECT `+planHistoryCols+` FROM reminders
		WHERE invoice_id IN (SELECT id `+planned+`) ORDER BY id`), companyID, at); err != nil {
		return nil, fmt.Errorf("store: plan: load history: %w", err)
	}
	return assemblePlanRows(invs, custs, tags, hist)
}

// InvoiceScope selects a company's invoices, or one customer's.
type InvoiceScope struct {
	CompanyID  int64
	CustomerID int64 // 0: every customer
}

func (sc InvoiceScope) where() (string, []any) {
	if sc.CustomerID != 0 {
		return `company_id = ? AND customer_id = ?`, []any{sc.CompanyID, sc.CustomerID}
	}
	return `company_id = ?`, []any{sc.CompanyID}
}

// ClearClosedPlans removes the plan of the scope's invoices that cannot be
// reminded (voided, draft, paid) in one statement.
func (t *Tx) ClearClosedPlans(ctx context.Context, sc InvoiceScope) error {
	cond, args := sc.where()
	if _, err := t.tx.ExecContext(ctx, t.s.q(`UPDATE invoices SET next_reminder_at = NULL, next_reminder_step = NULL
		WHERE `+cond+` AND next_reminder_at IS NOT NULL AND (voided = TRUE OR draft = TRUE OR balance <= 0)`), args...); err != nil {
		return fmt.Errorf("store: clear plans: %w", err)
	}
	return nil
}

// OpenInvoiceIDs lists the scope's invoices that may be reminded.
func (t *Tx) OpenInvoiceIDs(ctx context.Context, sc InvoiceScope) ([]int64, error) {
	cond, args := sc.where()
	var ids []int64
	if err := t.tx.SelectContext(ctx, &ids, t.s.q(`SELECT id FROM invoices WHERE `+cond+`
		AND voided = FALSE AND draft = FALSE AND balance > 0 ORDER BY id`), args...); err != nil {
		return nil, fmt.Errorf("store: list invoices to plan: %w", err)
	}
	return ids, nil
}

// NextPlan is when the scan must look at an invoice again (nil: never).
type NextPlan struct {
	InvoiceID int64
	At        *time.Time
	Step      *int
}

// SetNextPlans stores many invoices' next reminders, 64 per statement.
func (t *Tx) SetNextPlans(ctx context.Context, nexts []NextPlan) error {
	s := t.s
	ts := s.timeParam()
	const per = maxPadded // padded and prepared: a scan's 500 take eight statements of one text
	for start := 0; start < len(nexts); start += per {
		chunk := pad(nexts[start:min(start+per, len(nexts))]) // a repeated WHEN and IN member change nothing
		var at, step strings.Builder
		args := make([]any, 0, len(chunk)*5)
		ids := make([]any, 0, len(chunk))
		for _, n := range chunk {
			at.WriteString(" WHEN ? THEN " + ts)
			var a *time.Time
			if n.At != nil {
				v := n.At.UTC().Truncate(time.Microsecond)
				a = &v
			}
			args = append(args, n.InvoiceID, a)
			ids = append(ids, n.InvoiceID)
		}
		for _, n := range chunk {
			step.WriteString(" WHEN ? THEN CAST(? AS INTEGER)")
			args = append(args, n.InvoiceID, n.Step)
		}
		chunkIDs := make([]int64, len(chunk))
		for i, n := range chunk {
			chunkIDs[i] = n.InvoiceID
		}
		stamps, stampArgs := t.stampSQL(chunkIDs)
		args = append(args, stampArgs...)
		q := `UPDATE invoices SET next_reminder_at = CASE id` + at.String() + ` END, next_reminder_step = CASE id` + step.String() +
			` END` + stamps + ` WHERE id IN (?` + strings.Repeat(", ?", len(chunk)-1) + `)`
		if _, err := (prep{s, t.tx}).ExecContext(ctx, s.q(q), append(args, ids...)...); err != nil {
			return fmt.Errorf("store: plan next reminders: %w", err)
		}
	}
	return nil
}

// timeParam is a time parameter inside an expression: PostgreSQL would
// read a bare parameter in CASE as text.
func (s *Store) timeParam() string {
	if s.dialect == Postgres {
		return "CAST(? AS TIMESTAMPTZ)"
	}
	return "?"
}

// greatest is the larger of two non-null values.
func (s *Store) greatest(a, b string) string {
	if s.dialect == Postgres {
		return "GREATEST(" + a + ", " + b + ")"
	}
	return "MAX(" + a + ", " + b + ")"
}

// planCustomer is what the planner needs about an invoice's customer.
type planCustomer struct {
	ID       int64  `db:"id"`
	Paused   bool   `db:"reminders_paused"`
	Status   string `db:"email_status"`
	Language string `db:"language"`
	Schedule *int64 `db:"schedule_id"`
}

// assemblePlanRows joins the invoices (by id) with their customers and
// reminder history (by id).
func assemblePlanRows(invs []invoice.Invoice, custs []planCustomer, tags map[int64][]string, hist []reminder.Reminder) ([]PlanRow, error) {
	byInvoice := map[int64][]reminder.Reminder{}
	for _, r := range hist {
		byInvoice[r.InvoiceID] = append(byInvoice[r.InvoiceID], r)
	}
	cust := map[int64]int{}
	for i, c := range custs {
		cust[c.ID] = i
	}
	out := make([]PlanRow, 0, len(invs))
	for i := range invs {
		ci, ok := cust[invs[i].CustomerID]
		if !ok {
			return nil, notFoundErr("customer")
		}
		c := custs[ci]
		out = append(out, PlanRow{Invoice: &invs[i], CustomerPaused: c.Paused,
			CustomerBouncing: c.Status == invoice.EmailBouncing, Language: c.Language,
			CustomerScheduleID: c.Schedule, CustomerTags: tags[c.ID], History: byInvoice[invs[i].ID]})
	}
	return out, nil
}
