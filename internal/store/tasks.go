package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// Task kinds on the To-do list. Other features add theirs (notify_team).
const (
	TaskBounce   = "bounce"    // mail to a customer bounced: fix the address
	TaskFailed   = "failed"    // a reminder failed permanently
	TaskPromise  = "promise"   // a customer promised to pay
	TaskDispute  = "dispute"   // a customer asked a question or disputed
	TaskFollowUp = "follow_up" // a notify_team step: call the customer
)

// Task states.
const (
	TaskOpen      = "open"
	TaskDone      = "done"
	TaskDismissed = "dismissed"
)

// Task is one line of the company's To-do list: a title (for the kinds
// above, the invoice number; the page words it per kind and language),
// an optional detail, and the invoice it is about.
type Task struct {
	ID        int64      `db:"id" json:"id"`
	CompanyID int64      `db:"company_id" json:"-"`
	Kind      string     `db:"kind" json:"kind"`
	Title     string     `db:"title" json:"title"`
	Detail    string     `db:"detail" json:"detail"`
	InvoiceID *int64     `db:"invoice_id" json:"invoice_id"`
	DedupeKey string     `db:"dedupe_key" json:"-"`
	State     string     `db:"state" json:"state"`
	CreatedAt time.Time  `db:"created_at" json:"created_at"`
	ClosedAt  *time.Time `db:"closed_at" json:"closed_at"`
	// The email to the company: pending, sending, sent, failed or none
	// (no company address).
	NotifyState    string `db:"notify_state" json:"-"`
	NotifyAttempts int    `db:"notify_attempts" json:"-"`
	NotifyError    string `db:"notify_error" json:"-"`
}

const taskCols = `id, company_id, kind, title, detail, invoice_id, dedupe_key, state, created_at, closed_at,
	notify_state, notify_attempts, notify_error`

// addTask opens a task in tx; a task with the same dedupe key already
// there (a retry, another process) is left as it is.
func (s *Store) addTask(ctx context.Context, tx *sqlx.Tx, t *Task) error {
	t.State, t.CreatedAt = TaskOpen, s.now()
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO tasks (company_id, kind, title, detail, invoice_id, dedupe_key, state, created_at,
		notify_state, notify_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT (company_id, dedupe_key) DO NOTHING`),
		t.CompanyID, t.Kind, t.Title, t.Detail, t.InvoiceID, t.DedupeKey, t.State, t.CreatedAt, t.CreatedAt); err != nil {
		return fmt.Errorf("store: add task: %w", err)
	}
	return nil
}

// AddTask opens a task on its own (features whose change has no
// transaction of its own to share).
func (s *Store) AddTask(ctx context.Context, t *Task) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error { return s.addTask(ctx, tx, t) })
}

// Tasks lists a company's tasks in a state, newest first.
func (s *Store) Tasks(ctx context.Context, companyID int64, state string, limit int) ([]Task, error) {
	var out []Task
	if err := s.db.SelectContext(ctx, &out, s.q(`SELECT `+taskCols+` FROM tasks WHERE company_id = ? AND state = ?
		ORDER BY id DESC LIMIT ?`), companyID, state, limit); err != nil {
		return nil, fmt.Errorf("store: list tasks: %w", err)
	}
	return out, nil
}

// OpenTaskCount counts a company's open tasks (the menu's badge).
func (s *Store) OpenTaskCount(ctx context.Context, companyID int64) (int, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, s.q(`SELECT COUNT(*) FROM tasks WHERE company_id = ? AND state = 'open'`), companyID); err != nil {
		return 0, fmt.Errorf("store: count tasks: %w", err)
	}
	return n, nil
}

// CloseTask marks an open task done or dismissed.
func (s *Store) CloseTask(ctx context.Context, companyID, id int64, state string) error {
	if state != TaskDone && state != TaskDismissed {
		return fmt.Errorf("store: close task: bad state %q", state)
	}
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE tasks SET state = ?, closed_at = ? WHERE company_id = ? AND id = ? AND state = 'open'`),
		state, s.now(), companyID, id)
	if err != nil {
		return fmt.Errorf("store: close task: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFoundErr("task")
	}
	return nil
}

// ClaimNotifications leases up to limit task emails that are due (pending,
// or sending with an expired lease), bumping the attempt count that fences
// FinishNotification.
func (s *Store) ClaimNotifications(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Task, error) {
	now = now.UTC().Truncate(time.Microsecond)
	var out []Task
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var ids []int64
		if err := tx.SelectContext(ctx, &ids, s.q(`SELECT id FROM tasks WHERE notify_state IN ('pending', 'sending')
			AND notify_at <= ? ORDER BY notify_at, id LIMIT ?`+s.skipLocked()), now, limit); err != nil {
			return fmt.Errorf("store: claim notifications: %w", err)
		}
		if len(ids) == 0 {
			return nil
		}
		q, args, err := inQuery(`UPDATE tasks SET notify_state = 'sending', notify_attempts = notify_attempts + 1,
			notify_lease = ?, notify_at = ? WHERE id IN (?) RETURNING `+taskCols, now.Add(lease), now.Add(lease), ids)
		if err != nil {
			return err
		}
		if err := tx.SelectContext(ctx, &out, s.q(q), args...); err != nil {
			return fmt.Errorf("store: claim notifications: %w", err)
		}
		return nil
	})
	return out, err
}

// FinishNotification records the outcome of a claimed task email: state
// sent, failed, none, or pending again at next. It reports false when the
// claim had been lost.
func (s *Store) FinishNotification(ctx context.Context, t *Task, state, errText string, next time.Time) (bool, error) {
	switch state {
	case "sent", "failed", "none", "pending":
	default:
		return false, fmt.Errorf("store: finish notification: bad state %q", state)
	}
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE tasks SET notify_state = ?, notify_error = ?, notify_at = ?, notify_lease = NULL
		WHERE id = ? AND notify_state = 'sending' AND notify_attempts = ?`),
		state, errText, next.UTC().Truncate(time.Microsecond), t.ID, t.NotifyAttempts)
	if err != nil {
		return false, fmt.Errorf("store: finish notification: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// AddTask opens a task inside a write transaction, so that a change (a
// promise to pay, a dispute, a notify_team step) and the task that tells
// the team about it commit together.
func (t *Tx) AddTask(ctx context.Context, task *Task) error { return t.s.addTask(ctx, t.tx, task) }
