package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
)

// DigestCompanies lists the companies whose reminder settings turn the
// daily digest on, with those settings (time zone included).
func (s *Store) DigestCompanies(ctx context.Context) (map[int64]*reminder.Settings, error) {
	var rows []struct {
		CompanyID int64  `db:"company_id"`
		Settings  string `db:"settings"`
		Timezone  string `db:"timezone"`
	}
	// The LIKE only narrows the rows read; the decoded settings decide.
	if err := s.db.SelectContext(ctx, &rows, s.q(`SELECT r.company_id, r.settings, c.timezone FROM reminder_settings r
		JOIN companies c ON c.id = r.company_id WHERE r.settings LIKE ? ORDER BY r.company_id`), `%"digest":true%`); err != nil {
		return nil, fmt.Errorf("store: digest companies: %w", err)
	}
	out := map[int64]*reminder.Settings{}
	for _, r := range rows {
		var st reminder.Settings
		if err := json.Unmarshal([]byte(r.Settings), &st); err != nil {
			return nil, fmt.Errorf("store: decode reminder settings of company %d: %w", r.CompanyID, err)
		}
		st.Timezone = r.Timezone
		st.Normalize()
		if st.Digest {
			out[r.CompanyID] = &st
		}
	}
	return out, nil
}

// ClaimDigest takes the digest of a company's day for one attempt: the
// first claim creates its row (one per company and day, whatever the
// number of processes), later ones take it back when it waits for a retry
// or its lease ran out. ok is false when there is nothing to do (sent,
// given up, or another process holds it); attempts fences FinishDigest.
func (s *Store) ClaimDigest(ctx context.Context, companyID int64, day invoice.Date, now time.Time, lease time.Duration) (attempts int, ok bool, err error) {
	now = now.UTC().Truncate(time.Microsecond)
	until := now.Add(lease)
	res, err := s.db.ExecContext(ctx, s.q(`INSERT INTO digests (company_id, day, state, attempts, next_at, created_at)
		VALUES (?, ?, 'sending', 1, ?, ?) ON CONFLICT (company_id, day) DO NOTHING`), companyID, day, until, now)
	if err != nil {
		return 0, false, fmt.Errorf("store: claim digest: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return 1, true, nil
	}
	err = s.db.GetContext(ctx, &attempts, s.q(`UPDATE digests SET state = 'sending', attempts = attempts + 1, next_at = ?
		WHERE company_id = ? AND day = ? AND state IN ('pending', 'sending') AND next_at <= ? RETURNING attempts`),
		until, companyID, day, now)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return 0, false, nil
		}
		return 0, false, fmt.Errorf("store: claim digest: %w", err)
	}
	return attempts, true, nil
}

// FinishDigest records the outcome of a claimed digest: sent, failed,
// none (no company address) or pending again at next. It reports false
// when the claim had been lost.
func (s *Store) FinishDigest(ctx context.Context, companyID int64, day invoice.Date, attempts int, state, errText string, next time.Time) (bool, error) {
	switch state {
	case "sent", "failed", "none", "pending":
	default:
		return false, fmt.Errorf("store: finish digest: bad state %q", state)
	}
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE digests SET state = ?, error = ?, next_at = ?
		WHERE company_id = ? AND day = ? AND state = 'sending' AND attempts = ?`),
		state, errText, next.UTC().Truncate(time.Microsecond), companyID, day, attempts)
	if err != nil {
		return false, fmt.Errorf("store: finish digest: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// DigestLine is one invoice in a digest: what happened or is planned.
type DigestLine struct {
	InvoiceID int64  `db:"invoice_id"`
	Number    string `db:"number"`
	Customer  string `db:"customer"`
	Step      int    `db:"step"`
	State     string `db:"state"`
	// Detail: the delivery error (failed, bounced), the promised date,
	// the dispute's message.
	Detail string `db:"detail"`
}

// DigestFacts is what a daily digest says: yesterday's reminders sent,
// failed and bounced, today's planned ones already recorded, and the open
// promises and disputes.
type DigestFacts struct {
	Sent, Failed, Bounced []DigestLine
	Planned               []DigestLine // reminders recorded for today (scheduled, sending, sent)
	Promises, Disputes    []DigestLine
}

// DigestFacts reads a digest's facts: reminders whose outcome falls in
// [from, to) (sent by sent_at; failed and bounced by their last change),
// reminders recorded for the local day today, and open invoices with a
// promise or a dispute.
func (s *Store) DigestFacts(ctx context.Context, companyID int64, from, to time.Time, today invoice.Date) (*DigestFacts, error) {
	from, to = from.UTC().Truncate(time.Microsecond), to.UTC().Truncate(time.Microsecond)
	const cols = `r.invoice_id, i.number, c.display_name AS customer, r.step, r.state, r.last_error AS detail`
	const join = ` FROM reminders r JOIN invoices i ON i.id = r.invoice_id JOIN customers c ON c.id = i.customer_id`
	var done []DigestLine
	if err := s.db.SelectContext(ctx, &done, s.q(`SELECT `+cols+join+` WHERE r.company_id = ? AND (
		(r.state = 'sent' AND r.sent_at >= ? AND r.sent_at < ?) OR
		(r.state IN ('failed', 'bounced') AND r.updated_at >= ? AND r.updated_at < ?)) ORDER BY r.id`),
		companyID, from, to, from, to); err != nil {
		return nil, fmt.Errorf("store: digest: reminders: %w", err)
	}
	f := &DigestFacts{}
	for _, l := range done {
		switch l.State {
		case reminder.StateSent:
			l.Detail = ""
			f.Sent = append(f.Sent, l)
		case reminder.StateFailed:
			f.Failed = append(f.Failed, l)
		default:
			f.Bounced = append(f.Bounced, l)
		}
	}
	if err := s.db.SelectContext(ctx, &f.Planned, s.q(`SELECT `+cols+join+` WHERE r.company_id = ? AND r.trigger_date = ?
		AND r.state IN ('scheduled', 'sending', 'sent') ORDER BY r.id`), companyID, today); err != nil {
		return nil, fmt.Errorf("store: digest: planned: %w", err)
	}
	for i := range f.Planned {
		f.Planned[i].Detail = ""
	}
	open := ` FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.company_id = ? AND i.voided = FALSE
		AND i.draft = FALSE AND i.balance > 0`
	var promises []struct {
		DigestLine
		Promised invoice.Date `db:"promised_date"`
	}
	if err := s.db.SelectContext(ctx, &promises, s.q(`SELECT i.id AS invoice_id, i.number, c.display_name AS customer,
		0 AS step, '' AS state, '' AS detail, i.promised_date`+open+` AND i.promised_date IS NOT NULL ORDER BY i.promised_date, i.id`),
		companyID); err != nil {
		return nil, fmt.Errorf("store: digest: promises: %w", err)
	}
	for _, p := range promises {
		p.DigestLine.Detail = p.Promised.String()
		f.Promises = append(f.Promises, p.DigestLine)
	}
	if err := s.db.SelectContext(ctx, &f.Disputes, s.q(`SELECT i.id AS invoice_id, i.number, c.display_name AS customer,
		0 AS step, '' AS state, i.dispute_message AS detail`+open+` AND i.disputed = TRUE ORDER BY i.id`), companyID); err != nil {
		return nil, fmt.Errorf("store: digest: disputes: %w", err)
	}
	return f, nil
}

// Empty reports a digest with nothing to say.
func (f *DigestFacts) Empty() bool {
	return len(f.Sent)+len(f.Failed)+len(f.Bounced)+len(f.Planned)+len(f.Promises)+len(f.Disputes) == 0
}
