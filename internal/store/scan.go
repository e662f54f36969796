package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
)

// ScanItem is what the scan did (or, dry, would do) for one invoice step.
type ScanItem struct {
	CompanyID int64
	InvoiceID int64
	Number    string
	Step      int
	State     string // scheduled or skipped
	Reason    string
	// Existed: another scan (or server) recorded this step first.
	Existed bool
}

// ScanCursor is where a scan stands in the (next_reminder_at, id) order.
type ScanCursor struct {
	At time.Time
	ID int64
}

// ScanBatch plans up to limit invoices whose next reminder has come
// (next_reminder_at <= now, after the cursor), in one transaction: due steps
// become `scheduled` reminders, superseded and stale ones `skipped`, and
// each invoice's next reminder moves on. With dry, it rolls back. It returns
// the items and the cursor to continue from (nil when nothing was due).
func (s *Store) ScanBatch(ctx context.Context, now time.Time, after ScanCursor, limit int, dry bool,
	newMessageID func() string) ([]ScanItem, *ScanCursor, error) {
	now = now.UTC().Truncate(time.Microsecond)
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("store: scan: begin: %w", err)
	}
	defer tx.Rollback()
	var due []struct {
		ID        int64     `db:"id"`
		CompanyID int64     `db:"company_id"`
		At        time.Time `db:"next_reminder_at"`
	}
	if err := tx.SelectContext(ctx, &due, s.q(`SELECT id, company_id, next_reminder_at FROM invoices
		WHERE next_reminder_at IS NOT NULL AND next_reminder_at <= ? AND (next_reminder_at, id) > (?, ?)
		ORDER BY next_reminder_at, id LIMIT ?`+s.skipLocked()), now, after.At.UTC(), after.ID, limit); err != nil {
		return nil, nil, fmt.Errorf("store: scan: select due invoices: %w", err)
	}
	if len(due) == 0 {
		return nil, nil, nil
	}
	byCompany := map[int64][]int64{}
	for _, d := range due {
		byCompany[d.CompanyID] = append(byCompany[d.CompanyID], d.ID)
	}
	var items []ScanItem
	for companyID, ids := range byCompany {
		st, err := s.settingsTx(ctx, tx, companyID)
		if err != nil {
			return nil, nil, err
		}
		inputs, err := s.planInputs(ctx, tx, companyID, ids, st, now)
		if err != nil {
			return nil, nil, err
		}
		got, err := s.scanInvoices(ctx, tx, inputs, now, newMessageID)
		if err != nil {
			return nil, nil, err
		}
		items = append(items, got...)
	}
	if !dry {
		if err := tx.Commit(); err != nil {
			return nil, nil, fmt.Errorf("store: scan: commit: %w", err)
		}
	}
	last := due[len(due)-1]
	return items, &ScanCursor{At: last.At, ID: last.ID}, nil
}

// scanInput is what the planner needs about one invoice, plus the
// customer's language for the reminders it records.
type scanInput struct {
	reminder.PlanInput
	lang string
}

// planInputs loads, in three queries, the planner's inputs for many
// invoices of one company.
func (s *Store) planInputs(ctx context.Context, tx *sqlx.Tx, companyID int64, ids []int64, st *reminder.Settings,
	now time.Time) ([]scanInput, error) {
	q, args, err := inQuery(`SELECT `+invoiceCols+` FROM invoices WHERE company_id = ? AND id IN (?) ORDER BY id`, companyID, ids)
	if err != nil {
		return nil, err
	}
	var invs []invoice.Invoice
	if err := tx.SelectContext(ctx, &invs, s.q(q), args...); err != nil {
		return nil, fmt.Errorf("store: scan: load invoices: %w", err)
	}
	q, args, err = inQuery(`SELECT DISTINCT c.id, c.reminders_paused, c.email_status, c.language FROM customers c
		JOIN invoices i ON i.customer_id = c.id WHERE i.id IN (?)`, ids)
	if err != nil {
		return nil, err
	}
	var custs []struct {
		ID       int64  `db:"id"`
		Paused   bool   `db:"reminders_paused"`
		Status   string `db:"email_status"`
		Language string `db:"language"`
	}
	if err := tx.SelectContext(ctx, &custs, s.q(q), args...); err != nil {
		return nil, fmt.Errorf("store: scan: load customers: %w", err)
	}
	q, args, err = inQuery(`SELECT `+reminderCols+` FROM reminders WHERE invoice_id IN (?) ORDER BY id`, ids)
	if err != nil {
		return nil, err
	}
	var hist []reminder.Reminder
	if err := tx.SelectContext(ctx, &hist, s.q(q), args...); err != nil {
		return nil, fmt.Errorf("store: scan: load history: %w", err)
	}
	byInvoice := map[int64][]reminder.Reminder{}
	for _, r := range hist {
		byInvoice[r.InvoiceID] = append(byInvoice[r.InvoiceID], r)
	}
	cust := map[int64]int{}
	for i, c := range custs {
		cust[c.ID] = i
	}
	out := make([]scanInput, 0, len(invs))
	for i := range invs {
		ci, ok := cust[invs[i].CustomerID]
		if !ok {
			return nil, notFoundErr("customer")
		}
		c := custs[ci]
		out = append(out, scanInput{PlanInput: reminder.PlanInput{Settings: *st, Invoice: &invs[i], CustomerPaused: c.Paused,
			CustomerBouncing: c.Status == invoice.EmailBouncing, History: byInvoice[invs[i].ID], Now: now}, lang: c.Language})
	}
	return out, nil
}

// skipLocked lets several PostgreSQL servers scan at once without waiting
// on each other's rows; SQLite has one writer anyway.
func (s *Store) skipLocked() string {
	if s.dialect == Postgres {
		return ` FOR UPDATE SKIP LOCKED`
	}
	return ""
}

// scanInvoices plans each invoice, records its due and skipped steps, and
// moves its next reminder on — in a few multi-row statements per batch, not
// a few statements per invoice. The second plan assumes every record went
// in: a row another server inserted first for the same (step, due date)
// counts as done just the same.
func (s *Store) scanInvoices(ctx context.Context, tx *sqlx.Tx, inputs []scanInput, now time.Time,
	newMessageID func() string) ([]ScanItem, error) {
	var (
		items []ScanItem
		recs  []reminder.Reminder
		nexts []nextPlan
	)
	for _, pin := range inputs {
		in := pin.PlanInput
		inv := in.Invoice
		d := reminder.Plan(in)
		record := func(step int, due, trigger invoice.Date, state, reason string) {
			r := reminder.Reminder{CompanyID: inv.CompanyID, InvoiceID: inv.ID, Step: step, DueDate: due, TriggerDate: trigger,
				State: state, Reason: reason, NextAttemptAt: now, To: inv.Email, Cc: inv.Cc, Bcc: inv.Bcc,
				Language: pin.lang, MessageID: newMessageID(), CreatedAt: now, UpdatedAt: now}
			recs = append(recs, r)
			in.History = append(in.History, r)
			items = append(items, ScanItem{CompanyID: inv.CompanyID, InvoiceID: inv.ID, Number: inv.Number, Step: step,
				State: state, Reason: reason})
		}
		for _, sk := range d.Skip {
			record(sk.Step, sk.DueDate, sk.TriggerDate, reminder.StateSkipped, sk.Reason)
		}
		if d.Due != nil {
			record(d.Due.Step, d.Due.DueDate, d.Due.TriggerDate, reminder.StateScheduled, "")
		}
		at, step := nextWake(reminder.Plan(in))
		nexts = append(nexts, nextPlan{id: inv.ID, at: at, step: step})
	}
	inserted, err := s.insertAutoReminders(ctx, tx, recs)
	if err != nil {
		return nil, err
	}
	for i := range items {
		items[i].Existed = !inserted[recKey{items[i].InvoiceID, items[i].Step, recs[i].DueDate}]
	}
	return items, s.setNexts(ctx, tx, nexts)
}

type recKey struct {
	invoiceID int64
	step      int
	due       invoice.Date
}

// insertAutoReminders inserts automatic reminders many rows per statement;
// a row that already exists for (invoice, step, due date) is left alone.
// It returns the keys actually inserted.
func (s *Store) insertAutoReminders(ctx context.Context, tx *sqlx.Tx, recs []reminder.Reminder) (map[recKey]bool, error) {
	out := map[recKey]bool{}
	const per = 200
	for start := 0; start < len(recs); start += per {
		chunk := recs[start:min(start+per, len(recs))]
		var sb strings.Builder
		sb.WriteString(`INSERT INTO reminders (company_id, invoice_id, step, due_date, trigger_date, state, reason, attempts,
			next_attempt_at, recipients, cc, bcc, language, message_id, created_at, updated_at) VALUES `)
		args := make([]any, 0, len(chunk)*15)
		for i, r := range chunk {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)")
			args = append(args, r.CompanyID, r.InvoiceID, r.Step, r.DueDate, r.TriggerDate, r.State, r.Reason,
				r.NextAttemptAt, r.To, r.Cc, r.Bcc, r.Language, r.MessageID, r.CreatedAt, r.UpdatedAt)
		}
		sb.WriteString(` ON CONFLICT (invoice_id, step, due_date) WHERE step > 0 DO NOTHING RETURNING invoice_id, step, due_date`)
		rows, err := tx.QueryxContext(ctx, s.q(sb.String()), args...)
		if err != nil {
			return nil, fmt.Errorf("store: scan: insert reminders: %w", err)
		}
		for rows.Next() {
			var k recKey
			if err := rows.Scan(&k.invoiceID, &k.step, &k.due); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: scan: insert reminders: %w", err)
			}
			out[k] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: scan: insert reminders: %w", err)
		}
	}
	return out, nil
}

type nextPlan struct {
	id   int64
	at   *time.Time
	step *int
}

// setNexts stores many invoices' next reminders, 200 per statement.
func (s *Store) setNexts(ctx context.Context, tx *sqlx.Tx, nexts []nextPlan) error {
	ts := "?"
	if s.dialect == Postgres {
		ts = "CAST(? AS TIMESTAMPTZ)" // a bare parameter in CASE would be text
	}
	const per = 200
	for start := 0; start < len(nexts); start += per {
		chunk := nexts[start:min(start+per, len(nexts))]
		var at, step strings.Builder
		args := make([]any, 0, len(chunk)*5)
		ids := make([]any, 0, len(chunk))
		for _, n := range chunk {
			at.WriteString(" WHEN ? THEN " + ts)
			args = append(args, n.id, n.at)
			ids = append(ids, n.id)
		}
		for _, n := range chunk {
			step.WriteString(" WHEN ? THEN CAST(? AS INTEGER)")
			args = append(args, n.id, n.step)
		}
		q := `UPDATE invoices SET next_reminder_at = CASE id` + at.String() + ` END, next_reminder_step = CASE id` + step.String() +
			` END WHERE id IN (?` + strings.Repeat(", ?", len(chunk)-1) + `)`
		if _, err := tx.ExecContext(ctx, s.q(q), append(args, ids...)...); err != nil {
			return fmt.Errorf("store: scan: plan next reminders: %w", err)
		}
	}
	return nil
}
