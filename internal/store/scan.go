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

// ScanBatch plans up to limit invoices whose next reminder has come
// (next_reminder_at <= now, id > after), in one transaction: due steps
// become `scheduled` reminders, superseded and stale ones `skipped`, and
// each invoice's next reminder moves on. With dry, it rolls back. It returns
// the items and the last invoice id looked at (0 when none was due).
func (s *Store) ScanBatch(ctx context.Context, now time.Time, after int64, limit int, dry bool,
	newMessageID func() string) ([]ScanItem, int64, error) {
	now = now.UTC().Truncate(time.Microsecond)
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("store: scan: begin: %w", err)
	}
	defer tx.Rollback()
	var due []struct {
		ID        int64 `db:"id"`
		CompanyID int64 `db:"company_id"`
	}
	if err := tx.SelectContext(ctx, &due, s.q(`SELECT id, company_id FROM invoices
		WHERE next_reminder_at IS NOT NULL AND next_reminder_at <= ? AND id > ? ORDER BY id LIMIT ?`+s.skipLocked()),
		now, after, limit); err != nil {
		return nil, 0, fmt.Errorf("store: scan: select due invoices: %w", err)
	}
	if len(due) == 0 {
		return nil, 0, nil
	}
	settings := map[int64]*reminder.Settings{}
	var items []ScanItem
	for _, d := range due {
		st, ok := settings[d.CompanyID]
		if !ok {
			if st, err = s.settingsTx(ctx, tx, d.CompanyID); err != nil {
				return nil, 0, err
			}
			settings[d.CompanyID] = st
		}
		got, err := s.scanInvoice(ctx, tx, st, d.CompanyID, d.ID, now, newMessageID)
		if err != nil {
			return nil, 0, err
		}
		items = append(items, got...)
	}
	if !dry {
		if err := tx.Commit(); err != nil {
			return nil, 0, fmt.Errorf("store: scan: commit: %w", err)
		}
	}
	return items, due[len(due)-1].ID, nil
}

// skipLocked lets several PostgreSQL servers scan at once without waiting
// on each other's rows; SQLite has one writer anyway.
func (s *Store) skipLocked() string {
	if s.dialect == Postgres {
		return ` FOR UPDATE SKIP LOCKED`
	}
	return ""
}

func (s *Store) scanInvoice(ctx context.Context, tx *sqlx.Tx, st *reminder.Settings, companyID, invoiceID int64,
	now time.Time, newMessageID func() string) ([]ScanItem, error) {
	in, err := s.planInput(ctx, tx, companyID, invoiceID, st)
	if err != nil {
		return nil, err
	}
	in.Now = now
	d := reminder.Plan(in)
	var lang string
	if d.Due != nil || len(d.Skip) > 0 {
		if err := tx.GetContext(ctx, &lang, s.q(`SELECT language FROM customers WHERE id = ?`), in.Invoice.CustomerID); err != nil {
			return nil, fmt.Errorf("store: scan: customer language: %w", err)
		}
	}
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
