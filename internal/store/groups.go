package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/relance-app/relance/internal/reminder"
)

// Group keys: a row waiting to be grouped carries PendingGroupKey; a formed
// group (one message) a key starting with "g:".
const formedPrefix = "g:"

// PendingGroupKey marks an automatic reminder of a company that groups,
// waiting for a worker to claim it with the customer's other ready ones.
func PendingGroupKey(companyID, customerID int64) string {
	return fmt.Sprintf("c:%d:%d", companyID, customerID)
}

// FormedGroupKey names one grouped message from its Message-ID.
func FormedGroupKey(messageID string) string {
	return formedPrefix + strings.Trim(messageID, "<>")
}

// ClaimGroup claims every row of one grouped message, all in one
// transaction, or nothing: a message is never sent with part of its rows.
// A formed group ("g:…") is taken whole once none of its rows is held by
// a live claim or waiting for a retry (after a crash: the same rows, the
// same Message-ID); waiting rows of a customer ("c:…") that are ready
// become one new group, with the key and Message-ID that newGroup gives —
// or, for a row alone, an ordinary reminder again.
// Rows come back by id; none when no group is ready.
func (s *Store) ClaimGroup(ctx context.Context, now time.Time, lease time.Duration,
	newGroup func() (key, messageID string)) ([]reminder.Reminder, error) {
	now = now.UTC().Truncate(time.Microsecond)
	// The oldest ready rows through the work index (not a GROUP BY over
	// every ready row: that made each claim cost the whole queue).
	// SQLite is told the index: it chose reminders_work, which reads every
	// ready row when none is grouped (a fifth of the send path's CPU).
	from := `reminders`
	if s.dialect == SQLite {
		from = `reminders INDEXED BY reminders_group_work`
	}
	var rows []string
	if err := sqlx.SelectContext(ctx, prep{s: s}, &rows, s.q(`SELECT group_key FROM `+from+` WHERE state IN ('scheduled', 'sending')
		AND next_attempt_at <= ? AND group_key <> '' ORDER BY next_attempt_at, id LIMIT 64`), now); err != nil {
		return nil, fmt.Errorf("store: find groups: %w", err)
	}
	var keys []string
	for _, k := range rows {
		if !slices.Contains(keys, k) && len(keys) < 8 {
			keys = append(keys, k)
		}
	}
	for _, key := range keys {
		rs, err := s.claimGroup(ctx, key, now, lease, newGroup)
		if err != nil || len(rs) > 0 {
			return rs, err
		}
	}
	return nil, nil
}

func (s *Store) claimGroup(ctx context.Context, key string, now time.Time, lease time.Duration,
	newGroup func() (string, string)) ([]reminder.Reminder, error) {
	until := now.Add(lease)
	var out []reminder.Reminder
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		lock := ""
		if s.dialect == Postgres {
			lock = ` FOR UPDATE` // in id order: two claimers wait, never deadlock
		}
		var rows []struct {
			ID   int64     `db:"id"`
			Next time.Time `db:"next_attempt_at"`
		}
		// "group_key <> ''" lets SQLite use the partial index reminders_group.
		if err := tx.SelectContext(ctx, &rows, s.q(`SELECT id, next_attempt_at FROM reminders WHERE group_key = ? AND group_key <> ''
			AND state IN ('scheduled', 'sending') ORDER BY id`+lock), key); err != nil {
			return fmt.Errorf("store: claim group: %w", err)
		}
		var ids []int64
		for _, r := range rows {
			if r.Next.After(now) {
				if strings.HasPrefix(key, formedPrefix) {
					return nil // held, or waiting for its retry: the whole group waits
				}
				continue
			}
			ids = append(ids, r.ID)
		}
		if len(ids) == 0 {
			return nil
		}
		if len(ids) == 1 && !strings.HasPrefix(key, formedPrefix) {
			// Alone: an ordinary reminder, for ClaimReminders.
			_, err := tx.ExecContext(ctx, s.q(`UPDATE reminders SET group_key = '' WHERE id = ?`), ids[0])
			return err
		}
		newKey, msgID := key, ""
		set := ``
		args := []any{}
		if !strings.HasPrefix(key, formedPrefix) {
			newKey, msgID = newGroup()
			set = `group_key = ?, message_id = ?, `
			args = append(args, newKey, msgID)
		}
		args = append(args, until, until, now, ids)
		q, qargs, err := inQuery(`UPDATE reminders SET `+set+`state = 'sending', attempts = attempts + 1, lease_until = ?,
			next_attempt_at = ?, updated_at = ? WHERE id IN (?) RETURNING `+reminderCols, args...)
		if err != nil {
			return err
		}
		if err := tx.SelectContext(ctx, &out, s.q(q), qargs...); err != nil {
			return fmt.Errorf("store: claim group: %w", err)
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, err
}

// MarkGroupRetry puts every row of a group back to scheduled for the same
// next attempt, in one transaction (see MarkRetry).
func (s *Store) MarkGroupRetry(ctx context.Context, rs []reminder.Reminder, errText string, at time.Time) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		for _, r := range rs {
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE reminders SET state = 'scheduled', last_error = ?, next_attempt_at = ?,
				failures = failures + 1, lease_until = NULL, updated_at = ?`+fence),
				errText, at.UTC().Truncate(time.Microsecond), s.now(), r.ID, r.Attempts); err != nil {
				return fmt.Errorf("store: mark group retry: %w", err)
			}
		}
		return nil
	})
}

// ReleaseGroup hands a claimed group back untried, ready at once.
func (s *Store) ReleaseGroup(ctx context.Context, rs []reminder.Reminder, at time.Time) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		for _, r := range rs {
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE reminders SET state = 'scheduled', next_attempt_at = ?, lease_until = NULL,
				updated_at = ?`+fence), at.UTC().Truncate(time.Microsecond), s.now(), r.ID, r.Attempts); err != nil {
				return fmt.Errorf("store: release group: %w", err)
			}
		}
		return nil
	})
}

// GroupReminders lists the rows of one message (a group key), by id.
func (s *Store) GroupReminders(ctx context.Context, companyID int64, key string) ([]reminder.Reminder, error) {
	var out []reminder.Reminder
	if err := s.db.SelectContext(ctx, &out, s.q(`SELECT `+reminderCols+` FROM reminders WHERE company_id = ? AND group_key = ?
		AND group_key <> '' ORDER BY id`), companyID, key); err != nil {
		return nil, fmt.Errorf("store: group reminders: %w", err)
	}
	return out, nil
}

// CreateGroup records the rows of one message sent by hand (a statement:
// steps ≤ 0), sharing rs[0]'s group key and Message-ID, ready for the
// workers; each counts in its invoice's plan like any message.
func (t *Tx) CreateGroup(ctx context.Context, rs []reminder.Reminder) error {
	for i := range rs {
		r := &rs[i]
		if r.GroupKey == "" || r.GroupKey != rs[0].GroupKey || r.MessageID != rs[0].MessageID {
			return fmt.Errorf("store: create group: rows must share one group key and Message-ID")
		}
		if err := t.CreateMessage(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

// StartStatementRun records the monthly statement of a customer for a month
// ("2026-12"); false when one was already recorded: once per month,
// whatever the number of scans or servers.
func (t *Tx) StartStatementRun(ctx context.Context, companyID, customerID int64, month string) (bool, error) {
	res, err := t.tx.ExecContext(ctx, t.s.q(`INSERT INTO statement_runs (company_id, customer_id, month, created_at)
		VALUES (?, ?, ?, ?) ON CONFLICT (customer_id, month) DO NOTHING`), companyID, customerID, month, t.s.now())
	if err != nil {
		return false, fmt.Errorf("store: statement run: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: statement run: %w", err)
	}
	return n == 1, nil
}

// CustomersOwedStatement lists the ids of a company's customers with at
// least one open invoice (not voided, not draft, balance above zero) and no
// statement recorded yet for month: what a monthly run still has to do.
func (s *Store) CustomersOwedStatement(ctx context.Context, companyID int64, month string) ([]int64, error) {
	var ids []int64
	if err := s.db.SelectContext(ctx, &ids, s.q(`SELECT DISTINCT i.customer_id FROM invoices i WHERE i.company_id = ?
		AND i.voided = FALSE AND i.draft = FALSE AND i.balance > 0
		AND NOT EXISTS (SELECT 1 FROM statement_runs r WHERE r.customer_id = i.customer_id AND r.month = ?)
		ORDER BY i.customer_id`), companyID, month); err != nil {
		return nil, fmt.Errorf("store: customers owed a statement: %w", err)
	}
	return ids, nil
}
