package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
)

// ClaimReminders takes up to limit reminders ready to send (scheduled and
// due, or sending with an expired lease, i.e. left by a crashed worker) and
// marks them sending, leased until now+lease. Each claim bumps Attempts,
// which fences the later state change: a worker whose lease ran out cannot
// overwrite the newer claim.
func (s *Store) ClaimReminders(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]reminder.Reminder, error) {
	now = now.UTC().Truncate(time.Microsecond)
	until := now.Add(lease)
	var out []reminder.Reminder
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var ids []int64
		// Grouped rows (group_key set) leave together: ClaimGroup.
		if err := sqlx.SelectContext(ctx, prep{s, tx}, &ids, s.q(claimSQL+s.skipLocked()), now, limit); err != nil {
			return fmt.Errorf("store: claim reminders: %w", err)
		}
		if len(ids) == 0 {
			return nil
		}
		qr, ids := s.inList(tx, ids)
		q, args, err := inQuery(`UPDATE reminders SET state = 'sending', attempts = attempts + 1, lease_until = ?,
			next_attempt_at = ?, updated_at = ? WHERE id IN (?) RETURNING `+reminderCols, until, until, now, ids)
		if err != nil {
			return err
		}
		if err := sqlx.SelectContext(ctx, qr, &out, s.q(q), args...); err != nil {
			return fmt.Errorf("store: claim reminders: %w", err)
		}
		return nil
	})
	return out, err
}

// claimSQL reads the next ready reminders in order through the work
// index (next_attempt_at, id): the first rows it reads are the ones
// returned, however many are queued.
const claimSQL = `SELECT id FROM reminders WHERE state IN ('scheduled', 'sending')
	AND next_attempt_at <= ? AND group_key = '' ORDER BY next_attempt_at, id LIMIT ?`

// fence is the WHERE clause that makes a state change apply only to the
// claim that read the reminder. Its state test also accepts the empty
// state, which no row has, so that PostgreSQL cannot use the work index,
// whose predicate "state IN ('scheduled', 'sending')" a test of 'sending'
// alone would imply: after a scan the statistics still say that index is
// nearly empty while it holds every queued row, and the prepared plan
// walked all of them for each reminder marked sent (1.6 ms each at 10 000
// queued, BENCHMARKS.md, session 5). The primary key is the only way left.
const fence = ` WHERE id = ? AND state IN ('sending', '') AND attempts = ?`

// MarkSent records a delivered reminder with what it said, stamps the
// invoice's last reminder and re-plans the invoice (one per day). It
// returns false when the claim had been lost.
func (t *Tx) MarkSent(ctx context.Context, r *reminder.Reminder, subject, bodyText string, sentAt time.Time) (bool, error) {
	ok, err := t.MarkSentMany(ctx, []SentRow{{Reminder: r, Subject: subject, Body: bodyText}}, sentAt)
	if err != nil {
		return false, err
	}
	return ok[0], nil
}

// SentRow is one delivered reminder and what it said.
type SentRow struct {
	Reminder      *reminder.Reminder
	Subject, Body string
}

// MarkSentMany is MarkSent for many reminders delivered at sentAt: each
// row fenced on its own, the invoices stamped by their re-plan's UPDATE
// (stampSQL), the webhook subscriptions read once per company. ok[i] is
// false when the claim of rows[i] had been lost.
func (t *Tx) MarkSentMany(ctx context.Context, rows []SentRow, sentAt time.Time) ([]bool, error) {
	s, tx := t.s, prep{t.s, t.tx}
	sentAt = sentAt.UTC().Truncate(time.Microsecond)
	now := s.now()
	ok := make([]bool, len(rows))
	for i, row := range rows {
		r := row.Reminder
		res, err := tx.ExecContext(ctx, s.q(`UPDATE reminders SET state = 'sent', subject = ?, body_text = ?, sent_at = ?,
		lease_until = NULL, last_error = '', updated_at = ?`+fence), row.Subject, row.Body, sentAt, now, r.ID, r.Attempts)
		if err != nil {
			return nil, fmt.Errorf("store: mark sent: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue
		}
		ok[i] = true
		if col := stampColumn(r.Step); col != "" {
			t.stamp(col, r.InvoiceID, sentAt)
		}
		t.TouchInvoice(r.CompanyID, r.InvoiceID)
	}
	subscribed := map[int64]bool{}
	for i, row := range rows {
		r := row.Reminder
		if !ok[i] {
			continue
		}
		sub, seen := subscribed[r.CompanyID]
		if !seen {
			var err error
			if sub, err = s.subscribed(ctx, t.tx, r.CompanyID, EventReminderSent); err != nil {
				return nil, err
			}
			subscribed[r.CompanyID] = sub
		}
		if !sub {
			continue
		}
		if err := s.emitInvoice(ctx, t.tx, r.CompanyID, r.InvoiceID, EventReminderSent,
			map[string]any{"reminder_id": r.ID, "step": r.Step, "message_id": r.MessageID}); err != nil {
			return nil, err
		}
	}
	return ok, nil
}

// stamp records that the invoice's col must become at least at, written
// with its re-plan (SetNextPlans) or else before commit (writeStamps).
func (t *Tx) stamp(col string, invoiceID int64, at time.Time) {
	if t.stamps == nil {
		t.stamps = map[string]map[int64]time.Time{}
	}
	if t.stamps[col] == nil {
		t.stamps[col] = map[int64]time.Time{}
	}
	if prev, ok := t.stamps[col][invoiceID]; !ok || prev.Before(at) {
		t.stamps[col][invoiceID] = at
	}
}

// stampSQL is the SET clause that writes the pending stamps of ids (and
// forgets them), with its arguments; "" when none is pending.
func (t *Tx) stampSQL(ids []int64) (string, []any) {
	var set strings.Builder
	var args []any
	ts := t.s.timeParam()
	for _, col := range []string{"last_reminder_at", "sent_at"} {
		pending := t.stamps[col]
		var when strings.Builder
		for _, id := range ids {
			at, ok := pending[id]
			if !ok {
				continue
			}
			when.WriteString(" WHEN ? THEN " + t.s.greatest("COALESCE("+col+", "+ts+")", ts))
			args = append(args, id, at, at)
		}
		if when.Len() == 0 {
			continue
		}
		for _, id := range ids {
			delete(pending, id)
		}
		set.WriteString(", " + col + " = CASE id" + when.String() + " ELSE " + col + " END")
	}
	return set.String(), args
}

// writeStamps writes the stamps no re-plan wrote, one statement per
// invoice and column (none in the send path, whose invoices all re-plan).
func (t *Tx) writeStamps(ctx context.Context) error {
	for col, pending := range t.stamps {
		if len(pending) == 0 {
			continue
		}
		for id, at := range pending {
			if _, err := (prep{t.s, t.tx}).ExecContext(ctx, t.s.q(`UPDATE invoices SET `+col+` = ? WHERE id = ?
				AND (`+col+` IS NULL OR `+col+` < ?)`), at, id, at); err != nil {
				return fmt.Errorf("store: stamp %s: %w", col, err)
			}
		}
	}
	t.stamps = nil
	return nil
}

// stampColumn is the invoice column a sent message stamps: the invoice
// email sent_at, a reminder last_reminder_at, a receipt neither.
func stampColumn(step int) string {
	switch step {
	case reminder.StepInvoice:
		return "sent_at"
	case reminder.StepReceipt:
		return ""
	}
	return "last_reminder_at"
}

// MarkRetry puts a reminder back to scheduled after a failed delivery
// attempt, counting the failure (the retry backoff grows with failures,
// not with claims).
func (s *Store) MarkRetry(ctx context.Context, r *reminder.Reminder, errText string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE reminders SET state = 'scheduled', last_error = ?, next_attempt_at = ?,
		failures = failures + 1, lease_until = NULL, updated_at = ?`+fence),
		errText, at.UTC().Truncate(time.Microsecond), s.now(), r.ID, r.Attempts)
	if err != nil {
		return fmt.Errorf("store: mark retry: %w", err)
	}
	return nil
}

// Release hands a claimed reminder back untried (a worker shutting down),
// ready at once and without counting a failure.
func (s *Store) Release(ctx context.Context, r *reminder.Reminder, at time.Time) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE reminders SET state = 'scheduled', next_attempt_at = ?, lease_until = NULL,
		updated_at = ?`+fence), at.UTC().Truncate(time.Microsecond), s.now(), r.ID, r.Attempts)
	if err != nil {
		return fmt.Errorf("store: release reminder: %w", err)
	}
	return nil
}

// MarkFinal ends a claimed reminder as failed or cancelled with a reason.
func (s *Store) MarkFinal(ctx context.Context, r *reminder.Reminder, state, reason string) error {
	if state != reminder.StateFailed && state != reminder.StateCancelled {
		return fmt.Errorf("store: mark final: bad state %q", state)
	}
	col := "last_error"
	if state == reminder.StateCancelled {
		col = "reason"
	}
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE reminders SET state = ?, `+col+` = ?, lease_until = NULL, updated_at = ?`+fence),
			state, reason, s.now(), r.ID, r.Attempts)
		if err != nil {
			return fmt.Errorf("store: mark %s: %w", state, err)
		}
		if n, _ := res.RowsAffected(); n == 0 || state != reminder.StateFailed {
			return nil
		}
		var number string
		if err := tx.GetContext(ctx, &number, s.q(`SELECT number FROM invoices WHERE id = ?`), r.InvoiceID); err != nil {
			return fmt.Errorf("store: mark failed: %w", err)
		}
		if err := s.addTask(ctx, tx, &Task{CompanyID: r.CompanyID, Kind: TaskFailed, InvoiceID: &r.InvoiceID, Title: number,
			Detail: reason, DedupeKey: "failed:" + strconv.FormatInt(r.ID, 10)}); err != nil {
			return err
		}
		return s.emitInvoice(ctx, tx, r.CompanyID, r.InvoiceID, EventReminderFailed,
			map[string]any{"reminder_id": r.ID, "step": r.Step, "error": reason})
	})
}

// SendContext is everything needed to render and re-check one reminder.
type SendContext struct {
	Company  *invoice.Company
	Customer *invoice.Customer
	Invoice  *invoice.Invoice
	Settings *reminder.Settings
	History  []reminder.Reminder // the planner's columns only (planHistoryCols)
	// Schedules are the company's named schedules; the books choose the
	// invoice's and, once (Resolved), put its cadence in Settings.
	Schedules []reminder.Schedule
	Resolved  bool
}

// LoadSendContext reads a reminder's company, invoice (lines, payments),
// customer, settings and history (LoadSendContexts for one invoice). Its
// Settings are shared with other readers: change at most their top-level
// fields (see settingsShared).
func (s *Store) LoadSendContext(ctx context.Context, companyID, invoiceID int64) (*SendContext, error) {
	scs, err := s.LoadSendContexts(ctx, []InvoiceRef{{CompanyID: companyID, InvoiceID: invoiceID}})
	if err != nil {
		return nil, err
	}
	sc, ok := scs[invoiceID]
	if !ok {
		return nil, notFoundErr("invoice")
	}
	return sc, nil
}

// CreateManualReminder records a hand-sent reminder, ready for the workers
// from r.NextAttemptAt; it counts in the invoice's plan (one per day).
func (t *Tx) CreateManualReminder(ctx context.Context, r *reminder.Reminder) error {
	r.Step = reminder.StepManual
	return t.CreateMessage(ctx, r)
}

// CreateMessage records a message sent by hand (a manual reminder, the
// invoice email, a receipt: r.Step ≤ 0), ready for the workers from
// r.NextAttemptAt. Any message counts in the invoice's plan (at most one
// automatic reminder on a day a message went out).
func (t *Tx) CreateMessage(ctx context.Context, r *reminder.Reminder) error {
	if r.Step > 0 {
		return fmt.Errorf("store: create message: step %d is automatic", r.Step)
	}
	r.State = reminder.StateScheduled
	if _, err := t.s.insertReminder(ctx, t.tx, r); err != nil {
		return err
	}
	t.TouchInvoice(r.CompanyID, r.InvoiceID)
	return nil
}

// PendingReminders counts reminders not yet finished (for metrics and tests).
func (s *Store) PendingReminders(ctx context.Context) (int, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, `SELECT COUNT(*) FROM reminders WHERE state IN ('scheduled', 'sending')`); err != nil {
		return 0, fmt.Errorf("store: count pending: %w", err)
	}
	return n, nil
}
