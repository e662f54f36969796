package store

import (
	"context"
	"fmt"
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
		for _, in := range inputs {
			got, err := s.scanInvoice(ctx, tx, in, now, newMessageID)
			if err != nil {
				return nil, nil, err
			}
			items = append(items, got...)
		}
	}
	if !dry {
		if err := tx.Commit(); err != nil {
			return nil, nil, fmt.Errorf("store: scan: commit: %w", err)
		}
	}
	last := due[len(due)-1]
	return items, &ScanCursor{At: last.At, ID: last.ID}, nil
}

// planInput is what the planner needs about one invoice, plus the
// customer's language for the reminders it records.
type planInput struct {
	reminder.PlanInput
	lang string
}

// planInputs loads, in three queries, the planner's inputs for many
// invoices of one company.
func (s *Store) planInputs(ctx context.Context, tx *sqlx.Tx, companyID int64, ids []int64, st *reminder.Settings,
	now time.Time) ([]planInput, error) {
	q, args, err := inQuery(`SELECT `+invoiceCols+` FROM invoices WHERE company_id = ? AND id IN (?) ORDER BY id`, companyID, ids)
	if err != nil {
		return nil, err
	}
	var invs []invoice.Invoice
	if err := tx.SelectContext(ctx, &invs, s.q(q), args...); err != nil {
		return nil, fmt.Errorf("store: scan: load invoices: %w", err)
	}
	q, args, err = inQuery(`SELECT DISTINCT c.id, c.reminders_paused, c.language FROM customers c
		JOIN invoices i ON i.customer_id = c.id WHERE i.id IN (?)`, ids)
	if err != nil {
		return nil, err
	}
	var custs []struct {
		ID       int64  `db:"id"`
		Paused   bool   `db:"reminders_paused"`
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
	out := make([]planInput, 0, len(invs))
	for i := range invs {
		c := custs[cust[invs[i].CustomerID]]
		out = append(out, planInput{PlanInput: reminder.PlanInput{Settings: *st, Invoice: &invs[i], CustomerPaused: c.Paused,
			History: byInvoice[invs[i].ID], Now: now}, lang: c.Language})
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

func (s *Store) scanInvoice(ctx context.Context, tx *sqlx.Tx, pin planInput, now time.Time,
	newMessageID func() string) ([]ScanItem, error) {
	in, lang := pin.PlanInput, pin.lang
	companyID, invoiceID := in.Invoice.CompanyID, in.Invoice.ID
	d := reminder.Plan(in)
	var items []ScanItem
	record := func(step int, due, trigger invoice.Date, state, reason string) error {
		r := &reminder.Reminder{CompanyID: companyID, InvoiceID: invoiceID, Step: step, DueDate: due, TriggerDate: trigger,
			State: state, Reason: reason, NextAttemptAt: now, To: in.Invoice.Email, Cc: in.Invoice.Cc, Bcc: in.Invoice.Bcc,
			Language: lang, MessageID: newMessageID()}
		inserted, err := s.insertReminder(ctx, tx, r)
		if err != nil {
			return err
		}
		items = append(items, ScanItem{CompanyID: companyID, InvoiceID: invoiceID, Number: in.Invoice.Number, Step: step,
			State: state, Reason: reason, Existed: !inserted})
		if inserted {
			in.History = append(in.History, *r)
		}
		return nil
	}
	for _, sk := range d.Skip {
		if err := record(sk.Step, sk.DueDate, sk.TriggerDate, reminder.StateSkipped, sk.Reason); err != nil {
			return nil, err
		}
	}
	if d.Due != nil {
		if err := record(d.Due.Step, d.Due.DueDate, d.Due.TriggerDate, reminder.StateScheduled, ""); err != nil {
			return nil, err
		}
	}
	// Plan again with what was just recorded, so the invoice's next
	// reminder moves past the steps handled here.
	return items, s.setNext(ctx, tx, invoiceID, reminder.Plan(in))
}
