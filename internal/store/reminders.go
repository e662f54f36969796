package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/relance-app/relance/internal/reminder"
)

const reminderCols = `id, company_id, invoice_id, step, due_date, trigger_date, state, reason, attempts, next_attempt_at,
	lease_until, failures, last_error, recipients, cc, bcc, language, custom_subject, custom_message, subject, body_text, message_id,
	group_key, sent_at, created_at, updated_at`

// planHistoryCols are the columns of an invoice's history the planner
// reads (step, due date, state, when recorded and sent) and little else:
// the send contexts and re-plans load the history of every invoice they
// touch, and the texts of past messages (subject, body, custom ones), the
// recipients and the errors are most of a row's bytes. Those fields stay
// empty in PlanRow.History and SendContext.History.
const planHistoryCols = `id, company_id, invoice_id, step, due_date, trigger_date, state, reason, attempts, next_attempt_at,
	message_id, group_key, sent_at, created_at, updated_at`

func (s *Store) history(ctx context.Context, q sqlx.QueryerContext, invoiceID int64) ([]reminder.Reminder, error) {
	var out []reminder.Reminder
	if err := sqlx.SelectContext(ctx, q, &out, s.q(`SELECT `+reminderCols+` FROM reminders WHERE invoice_id = ? ORDER BY id`), invoiceID); err != nil {
		return nil, fmt.Errorf("store: reminder history: %w", err)
	}
	return out, nil
}

// Reminders is an invoice's reminder history, oldest first.
func (s *Store) Reminders(ctx context.Context, companyID, invoiceID int64) ([]reminder.Reminder, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, s.q(`SELECT COUNT(*) FROM invoices WHERE company_id = ? AND id = ?`), companyID, invoiceID); err != nil {
		return nil, fmt.Errorf("store: check invoice: %w", err)
	}
	if n == 0 {
		return nil, notFoundErr("invoice")
	}
	return s.history(ctx, s.db, invoiceID)
}

// GetReminder returns one reminder of the company.
func (s *Store) GetReminder(ctx context.Context, companyID, id int64) (*reminder.Reminder, error) {
	var r reminder.Reminder
	if err := s.db.GetContext(ctx, &r, s.q(`SELECT `+reminderCols+` FROM reminders WHERE company_id = ? AND id = ?`), companyID, id); err != nil {
		return nil, notFound(err, "reminder")
	}
	return &r, nil
}

// insertReminder adds a reminder row; for automatic steps a row that already
// exists for (invoice, step, due date) wins and false is returned.
func (s *Store) insertReminder(ctx context.Context, tx *sqlx.Tx, r *reminder.Reminder) (bool, error) {
	if r.CreatedAt.IsZero() {
		r.CreatedAt = s.now()
	}
	r.CreatedAt = r.CreatedAt.UTC().Truncate(time.Microsecond)
	r.UpdatedAt = r.CreatedAt
	r.NextAttemptAt = r.NextAttemptAt.UTC().Truncate(time.Microsecond)
	q := `INSERT INTO reminders (company_id, invoice_id, step, due_date, trigger_date, state, reason, attempts, next_attempt_at,
		recipients, cc, bcc, language, custom_subject, custom_message, subject, message_id, group_key, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	if r.Step > 0 {
		q += ` ON CONFLICT (invoice_id, step, due_date) WHERE step > 0 DO NOTHING`
	}
	st, err := s.txStmt(ctx, tx, q+` RETURNING id`)
	if err != nil {
		return false, fmt.Errorf("store: insert reminder: %w", err)
	}
	defer st.Close()
	rows, err := st.QueryxContext(ctx, r.CompanyID, r.InvoiceID, r.Step, r.DueDate, r.TriggerDate, r.State,
		r.Reason, r.NextAttemptAt, r.To, r.Cc, r.Bcc, r.Language, r.CustomSubject, r.CustomMessage, r.Subject, r.MessageID,
		r.GroupKey, r.CreatedAt, r.UpdatedAt)
	if err != nil {
		return false, fmt.Errorf("store: insert reminder: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		return false, rows.Err()
	}
	if err := rows.Scan(&r.ID); err != nil {
		return false, fmt.Errorf("store: insert reminder: %w", err)
	}
	return true, rows.Close()
}
