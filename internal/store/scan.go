package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
)

// ScanCursor is where a scan stands in the (next_reminder_at, id) order.
type ScanCursor struct {
	At time.Time
	ID int64
}

// DueInvoice is an invoice whose next reminder has come.
type DueInvoice struct {
	ID        int64     `db:"id"`
	CompanyID int64     `db:"company_id"`
	At        time.Time `db:"next_reminder_at"`
}

// DueInvoices lists up to limit invoices whose next reminder has come
// (next_reminder_at <= now), after the cursor, through the index. On
// PostgreSQL the rows stay locked, skipped by other servers' scans.
func (t *Tx) DueInvoices(ctx context.Context, now time.Time, after ScanCursor, limit int) ([]DueInvoice, error) {
	var due []DueInvoice
	if err := t.tx.SelectContext(ctx, &due, t.s.q(`SELECT id, company_id, next_reminder_at FROM invoices
		WHERE next_reminder_at IS NOT NULL AND next_reminder_at <= ? AND (next_reminder_at, id) > (?, ?)
		ORDER BY next_reminder_at, id LIMIT ?`+t.s.skipLocked()), now.UTC().Truncate(time.Microsecond), after.At.UTC(),
		after.ID, limit); err != nil {
		return nil, fmt.Errorf("store: scan: select due invoices: %w", err)
	}
	return due, nil
}

// skipLocked lets several PostgreSQL servers scan at once without waiting
// on each other's rows; SQLite has one writer anyway.
func (s *Store) skipLocked() string {
	if s.dialect == Postgres {
		return ` FOR UPDATE SKIP LOCKED`
	}
	return ""
}

// ReminderKey names an automatic reminder: one per (invoice, step, due date).
type ReminderKey struct {
	InvoiceID int64
	Step      int
	DueDate   invoice.Date
}

// InsertAutoReminders inserts automatic reminders many rows per statement;
// a row that already exists for (invoice, step, due date) is left alone.
// It returns the keys actually inserted.
func (t *Tx) InsertAutoReminders(ctx context.Context, recs []reminder.Reminder) (map[ReminderKey]bool, error) {
	out := map[ReminderKey]bool{}
	const per = maxPadded // each chunk's text is kept prepared (at most 64 texts)
	for start := 0; start < len(recs); start += per {
		chunk := recs[start:min(start+per, len(recs))]
		var sb strings.Builder
		sb.WriteString(`INSERT INTO reminders (company_id, invoice_id, step, due_date, trigger_date, state, reason, attempts,
			next_attempt_at, recipients, cc, bcc, language, message_id, group_key, created_at, updated_at) VALUES `)
		args := make([]any, 0, len(chunk)*16)
		for i, r := range chunk {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			args = append(args, r.CompanyID, r.InvoiceID, r.Step, r.DueDate, r.TriggerDate, r.State, r.Reason,
				r.NextAttemptAt.UTC().Truncate(time.Microsecond), r.To, r.Cc, r.Bcc, r.Language, r.MessageID, r.GroupKey,
				r.CreatedAt.UTC().Truncate(time.Microsecond), r.UpdatedAt.UTC().Truncate(time.Microsecond))
		}
		sb.WriteString(` ON CONFLICT (invoice_id, step, due_date) WHERE step > 0 DO NOTHING RETURNING invoice_id, step, due_date`)
		rows, err := prep{t.s, t.tx}.QueryxContext(ctx, t.s.q(sb.String()), args...)
		if err != nil {
			return nil, fmt.Errorf("store: scan: insert reminders: %w", err)
		}
		for rows.Next() {
			var k ReminderKey
			if err := rows.Scan(&k.InvoiceID, &k.Step, &k.DueDate); err != nil {
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

// SettleDue reads the due range of the scan's index once more, after a
// scan that moved invoices out of it has committed. On PostgreSQL each
// update of next_reminder_at leaves the old index entry behind, pointing
// at a dead row version, until vacuum; the first index scan that meets
// such an entry visits its row, finds it dead and marks the entry so that
// later scans skip it. Without this read, that first scan is the next
// idle scan (7.8–63 ms at 10 000 entries, BENCHMARKS.md); with it, the
// scan that made the dead entries pays for them at once. It changes
// nothing (no lock, no write); on SQLite, which updates in place, it is
// not run.
func (s *Store) SettleDue(ctx context.Context, now time.Time) error {
	if s.dialect != Postgres {
		return nil
	}
	var n int
	if err := s.db.GetContext(ctx, &n, s.q(`SELECT COUNT(*) FROM (SELECT id FROM invoices
		WHERE next_reminder_at IS NOT NULL AND next_reminder_at <= ? ORDER BY next_reminder_at, id LIMIT 1) due`),
		now.UTC().Truncate(time.Microsecond)); err != nil {
		return fmt.Errorf("store: settle the scan's index: %w", err)
	}
	return nil
}
