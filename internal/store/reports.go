package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/invoice"
)

// The report queries aggregate in SQL: what comes back is one row per
// customer and bucket, per month, or per step and day count — never one row
// per invoice. The arithmetic on those rows (totals, DSO, medians) is
// internal/report's.

// openAsOf selects the parts of each open balance of a company's invoices as
// of a day: the balance today of invoices issued by that day, plus the
// payments dated after it (they had not come in yet). A voided or draft
// invoice owes nothing on any day. Columns: currency, customer_id, due_date,
// amount. Its placeholders take openAsOfArgs.
func openAsOf(currency string) string {
	cur := ""
	if currency != "" {
		cur = " AND i.currency = ?"
	}
	return `SELECT i.currency, i.customer_id, i.due_date, i.balance AS amount FROM invoices i
		WHERE i.company_id = ? AND i.balance > 0 AND i.voided = FALSE AND i.draft = FALSE AND i.issue_date <= ?` + cur + `
	UNION ALL
	SELECT i.currency, i.customer_id, i.due_date, lp.amount FROM
		(SELECT p.invoice_id, SUM(p.amount) AS amount FROM payments p WHERE p.date > ? GROUP BY p.invoice_id) lp
		JOIN invoices i ON i.id = lp.invoice_id
		WHERE i.company_id = ? AND i.voided = FALSE AND i.draft = FALSE AND i.issue_date <= ?` + cur
}

func openAsOfArgs(companyID int64, asOf invoice.Date, currency string) []any {
	a := []any{companyID, asOf}
	if currency != "" {
		a = append(a, currency)
	}
	a = append(a, asOf, companyID, asOf)
	if currency != "" {
		a = append(a, currency)
	}
	return a
}

// AgingBucket is the open amount of one customer, in one currency, in one
// due-date bucket.
type AgingBucket struct {
	Currency   string `db:"currency"`
	CustomerID int64  `db:"customer_id"`
	Name       string `db:"name"`
	Bucket     int    `db:"bucket"`
	Amount     int64  `db:"amount"`
}

// AgingBuckets sums the open balances as of asOf per currency, customer and
// bucket. Bucket k (0-based) holds the invoices due on or after starts[k]
// and before starts[k-1]; the last bucket, len(starts), everything due
// before the last start. currency "" means every currency.
func (s *Store) AgingBuckets(ctx context.Context, companyID int64, asOf invoice.Date, currency string,
	starts []invoice.Date) ([]AgingBucket, error) {
	var b strings.Builder
	args := []any{}
	b.WriteString("CASE")
	for k, d := range starts {
		fmt.Fprintf(&b, " WHEN x.due_date >= ? THEN %d", k)
		args = append(args, d)
	}
	fmt.Fprintf(&b, " ELSE %d END", len(starts))
	bucket := b.String()
	q := `SELECT x.currency, x.customer_id, c.display_name AS name, x.bucket, SUM(x.amount) AS amount FROM
		(SELECT x.currency, x.customer_id, ` + bucket + ` AS bucket, x.amount FROM (` + openAsOf(currency) + `) x) x
		JOIN customers c ON c.id = x.customer_id
		GROUP BY x.currency, x.customer_id, c.display_name, x.bucket
		ORDER BY x.currency, c.display_name, x.customer_id, x.bucket`
	args = append(args, openAsOfArgs(companyID, asOf, currency)...)
	var out []AgingBucket
	if err := s.db.SelectContext(ctx, &out, s.q(q), args...); err != nil {
		return nil, fmt.Errorf("store: aging: %w", err)
	}
	return out, nil
}

// Receivables is what a company was owed in one currency at the end of a
// day, and what it invoiced in the window of days ending that day.
type Receivables struct {
	Day      invoice.Date
	Open     int64 `db:"open"`
	Invoiced int64 `db:"invoiced"`
}

// ReceivablesAt gives, for each day, the open balances as of that day (the
// aging's definition) and the totals of invoices issued in the window days
// ending that day (the day included), in one currency.
func (s *Store) ReceivablesAt(ctx context.Context, companyID int64, currency string, days []invoice.Date,
	window int) ([]Receivables, error) {
	if window < 1 {
		return nil, fmt.Errorf("store: receivables: window %d days", window)
	}
	q := s.q(`SELECT
		(SELECT COALESCE(SUM(x.amount), 0) FROM (` + openAsOf(currency) + `) x) AS open,
		(SELECT COALESCE(SUM(i.total), 0) FROM invoices i WHERE i.company_id = ? AND i.currency = ?
			AND i.voided = FALSE AND i.draft = FALSE AND i.issue_date >= ? AND i.issue_date <= ?) AS invoiced`)
	out := make([]Receivables, 0, len(days))
	for _, d := range days {
		r := Receivables{Day: d}
		args := append(openAsOfArgs(companyID, d, currency), companyID, currency, d.AddDays(1-window), d)
		if err := s.db.QueryRowxContext(ctx, q, args...).Scan(&r.Open, &r.Invoiced); err != nil {
			return nil, fmt.Errorf("store: receivables at %s: %w", d, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// StepOutcome counts the reminders of one step sent in a period whose
// invoice was paid in full Days days after the (company-local) day it was
// sent; Days is nil when the invoice is not paid in full (or was voided).
// Days may be negative: the last payment was dated before the reminder.
type StepOutcome struct {
	Step  int   `db:"step"`
	Days  *int  `db:"days"`
	Count int64 `db:"n"`
}

// ZoneSpan is a stretch of time during which a time zone's offset from UTC
// is Offset seconds, up to Until (exclusive; the zero time: no end).
type ZoneSpan struct {
	Until  time.Time
	Offset int
}

// ReminderOutcomes counts, per step and per day count, the reminders sent
// in [from, to) with when their invoice was paid in full: the day of its
// last payment, for an invoice whose balance is zero. zone names the
// company's time zone (PostgreSQL converts with it); spans are its offsets
// over [from, to) (SQLite, which knows no time zones, shifts by them).
func (s *Store) ReminderOutcomes(ctx context.Context, companyID int64, from, to time.Time, zone string,
	spans []ZoneSpan) ([]StepOutcome, error) {
	var days string
	var args []any
	paidOn := `(SELECT MAX(p.date) FROM payments p WHERE p.invoice_id = i.id)`
	if s.dialect == Postgres {
		days = paidOn + ` - (r.sent_at AT TIME ZONE ?)::date`
		args = append(args, zone)
	} else {
		if len(spans) == 0 {
			return nil, fmt.Errorf("store: reminder outcomes: no time zone offsets")
		}
		var b strings.Builder
		b.WriteString("CASE")
		for _, sp := range spans[:len(spans)-1] {
			b.WriteString(" WHEN r.sent_at < ? THEN ?")
			args = append(args, sp.Until.UTC(), sp.Offset)
		}
		b.WriteString(" ELSE ? END")
		args = append(args, spans[len(spans)-1].Offset)
		days = `CAST(julianday(` + paidOn + `) - julianday(date(r.sent_at, (` + b.String() + `) || ' seconds')) AS INTEGER)`
	}
	q := `SELECT x.step, x.days, COUNT(*) AS n FROM (
		SELECT r.step, CASE WHEN i.balance = 0 AND i.voided = FALSE THEN ` + days + ` END AS days
		FROM reminders r JOIN invoices i ON i.id = r.invoice_id
		WHERE r.company_id = ? AND r.state = 'sent' AND r.sent_at >= ? AND r.sent_at < ?) x
		GROUP BY x.step, x.days ORDER BY x.step, x.days`
	args = append(args, companyID, from.UTC(), to.UTC())
	var out []StepOutcome
	if err := s.db.SelectContext(ctx, &out, s.q(q), args...); err != nil {
		return nil, fmt.Errorf("store: reminder outcomes: %w", err)
	}
	return out, nil
}

// ReportCurrencies lists the currencies of a company's invoices (not voided
// or draft), for the reports' currency filter. It hops from one currency to
// the next through the index rather than reading every invoice.
func (s *Store) ReportCurrencies(ctx context.Context, companyID int64) ([]string, error) {
	const where = `FROM invoices WHERE company_id = ? AND voided = FALSE AND draft = FALSE`
	var out []string
	if err := s.db.SelectContext(ctx, &out, s.q(`WITH RECURSIVE c(cur) AS (
		SELECT MIN(currency) `+where+`
		UNION ALL
		SELECT (SELECT MIN(currency) `+where+` AND currency > c.cur) FROM c WHERE c.cur IS NOT NULL)
		SELECT cur FROM c WHERE cur IS NOT NULL`), companyID, companyID); err != nil {
		return nil, fmt.Errorf("store: report currencies: %w", err)
	}
	return out, nil
}
