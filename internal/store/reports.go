package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/relance-app/relance/internal/invoice"
)

// The report queries aggregate in SQL: what comes back is one row per
// customer and bucket, per month, or per step and day count — never one row
// per invoice. The arithmetic on those rows (totals, DSO, medians) is
// internal/report's.

// The late payments are read from their date index first (CROSS JOIN keeps
// SQLite from walking every invoice of the company instead; PostgreSQL
// plans it as the inner join it is).
//
// The balance of an invoice as of a day is its balance today plus the
// payments dated after that day (they had not come in yet), for an invoice
// issued by that day; a voided or draft invoice owes nothing on any day.
// openBranches writes that as two SELECTs over the company's invoices, the
// open ones and the late payments, each with the select list sel(amount),
// where amount is the column of the part of the balance; cur adds a
// currency filter. Their placeholders take openArgs.
func openBranches(sel func(amount string) string, group string, cur string) (string, string) {
	c := ""
	if cur != "" {
		c = " AND i.currency = ?"
	}
	open := `SELECT ` + sel("i.balance") + ` FROM invoices i
		WHERE i.company_id = ? AND i.balance > 0 AND i.voided = FALSE AND i.draft = FALSE AND i.issue_date <= ?` + c + group
	late := `SELECT ` + sel("p.amount") + ` FROM payments p CROSS JOIN invoices i
		WHERE i.id = p.invoice_id AND p.date > ? AND i.company_id = ? AND i.voided = FALSE AND i.draft = FALSE AND i.issue_date <= ?` + c + group
	return open, late
}

func openArgs(companyID int64, asOf invoice.Date, cur string) (open, late []any) {
	open = []any{companyID, asOf}
	late = []any{asOf, companyID, asOf}
	if cur != "" {
		open, late = append(open, cur), append(late, cur)
	}
	return open, late
}

// AgingRow is the open amounts of one customer in one currency, per bucket.
type AgingRow struct {
	Currency   string
	CustomerID int64
	Name       string
	Amounts    []int64
}

// AgingBuckets sums the open balances as of asOf per currency and customer
// into len(starts)+1 buckets: bucket 0 holds the invoices due on or after
// starts[0], bucket k those due before starts[k-1] and on or after
// starts[k], the last one those due before the last start. currency ""
// means every currency. Rows come ordered by currency, then name.
func (s *Store) AgingBuckets(ctx context.Context, companyID int64, asOf invoice.Date, currency string,
	starts []invoice.Date) ([]AgingRow, error) {
	n := len(starts) + 1
	var bargs []any
	sel := func(amount string) string {
		var b strings.Builder
		bargs = bargs[:0]
		b.WriteString("i.currency, i.customer_id")
		for k := range n {
			switch {
			case k == 0:
				fmt.Fprintf(&b, ", SUM(CASE WHEN i.due_date >= ? THEN %s ELSE 0 END) AS b%d", amount, k)
				bargs = append(bargs, starts[0])
			case k < n-1:
				fmt.Fprintf(&b, ", SUM(CASE WHEN i.due_date < ? AND i.due_date >= ? THEN %s ELSE 0 END) AS b%d", amount, k)
				bargs = append(bargs, starts[k-1], starts[k])
			default:
				fmt.Fprintf(&b, ", SUM(CASE WHEN i.due_date < ? THEN %s ELSE 0 END) AS b%d", amount, k)
				bargs = append(bargs, starts[k-1])
			}
		}
		return b.String()
	}
	const group = ` GROUP BY i.currency, i.customer_id`
	open, late := openBranches(sel, group, currency)
	oargs, largs := openArgs(companyID, asOf, currency)
	var sums strings.Builder
	for k := range n {
		fmt.Fprintf(&sums, ", SUM(g.b%d)", k)
	}
	q := `SELECT g.currency, g.customer_id, c.display_name` + sums.String() + ` FROM (` + open + ` UNION ALL ` + late + `) g
		JOIN customers c ON c.id = g.customer_id
		GROUP BY g.currency, g.customer_id, c.display_name
		ORDER BY g.currency, c.display_name, g.customer_id`
	args := append(append(append([]any{}, bargs...), oargs...), append(append([]any{}, bargs...), largs...)...)
	var out []AgingRow
	err := s.readReport(ctx, func(db sqlx.QueryerContext) error {
		rows, err := db.QueryContext(ctx, s.q(q), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r := AgingRow{Amounts: make([]int64, n)}
			dst := []any{&r.Currency, &r.CustomerID, &r.Name}
			for k := range r.Amounts {
				dst = append(dst, &r.Amounts[k])
			}
			if err := rows.Scan(dst...); err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: aging: %w", err)
	}
	return out, nil
}

// ReceivableSums is what DSO needs to know, in one currency, about the
// periods that a list of days ends: period 0 up to and including ends[0],
// period k after ends[k-1] up to ends[k], period len(ends) after the last.
type ReceivableSums struct {
	// OpenByIssue[k]: today's balances of the invoices issued in period k.
	OpenByIssue []int64
	// PaidByIssue[k][j]: payments dated in period j to invoices issued in
	// period k (only payments dated after ends[0] are counted: earlier ones
	// never make a difference).
	PaidByIssue [][]int64
	// InvoicedOn: totals of the invoices issued on each day from `from` to
	// the last end.
	InvoicedOn map[invoice.Date]int64
}

// ReceivableSums gives the sums from which the receivables as of each of
// ends (ascending) and the amounts invoiced in windows ending on them are
// added up, in three aggregating queries whatever the number of days. The
// balance as of a day is the aging's: today's balance plus the payments
// dated after that day, for invoices issued by it.
func (s *Store) ReceivableSums(ctx context.Context, companyID int64, currency string, ends []invoice.Date,
	from invoice.Date) (*ReceivableSums, error) {
	if len(ends) == 0 {
		return nil, fmt.Errorf("store: receivable sums: no day")
	}
	n := len(ends) + 1
	period := func(col string) (string, []any) {
		var b strings.Builder
		var args []any
		b.WriteString("CASE")
		for k, e := range ends {
			fmt.Fprintf(&b, " WHEN %s <= ? THEN %d", col, k)
			args = append(args, e)
		}
		fmt.Fprintf(&b, " ELSE %d END", len(ends))
		return b.String(), args
	}
	out := &ReceivableSums{OpenByIssue: make([]int64, n), PaidByIssue: make([][]int64, n), InvoicedOn: map[invoice.Date]int64{}}
	for k := range out.PaidByIssue {
		out.PaidByIssue[k] = make([]int64, n)
	}
	last := ends[len(ends)-1]
	ip, ipArgs := period("i.issue_date")
	pp, ppArgs := period("p.date")
	lp, lpArgs := period("i.last_payment_date")

	err := s.readReport(ctx, func(db sqlx.QueryerContext) error {
		var rows []struct {
			K   int   `db:"k"`
			J   int   `db:"j"`
			Sum int64 `db:"total"`
		}
		q := `SELECT ` + ip + ` AS k, 0 AS j, SUM(i.balance) AS total FROM invoices i
			WHERE i.company_id = ? AND i.currency = ? AND i.balance > 0 AND i.voided = FALSE AND i.draft = FALSE AND i.issue_date <= ?
			GROUP BY 1`
		if err := sqlx.SelectContext(ctx, db, &rows, s.q(q), append(ipArgs, companyID, currency, last)...); err != nil {
			return fmt.Errorf("store: receivable sums: open: %w", err)
		}
		for _, r := range rows {
			out.OpenByIssue[r.K] += r.Sum
		}
		rows = rows[:0]
		// The payments dated after ends[0], by period: an invoice paid on
		// a single day (first_payment_date = last_payment_date) was paid
		// `paid` on its last_payment_date, read from invoices_paid_on
		// alone; the invoices paid over several days (invoices_paid_apart)
		// are joined with their payments.
		q = `SELECT ` + ip + ` AS k, ` + lp + ` AS j, SUM(i.paid) AS total FROM invoices i
			WHERE i.company_id = ? AND i.currency = ? AND i.last_payment_date > ? AND i.issue_date <= ?
				AND i.first_payment_date = i.last_payment_date AND i.voided = FALSE AND i.draft = FALSE
			GROUP BY 1, 2
			UNION ALL
			SELECT ` + ip + ` AS k, ` + pp + ` AS j, SUM(p.amount) AS total FROM invoices i CROSS JOIN payments p
			WHERE i.company_id = ? AND i.currency = ? AND i.last_payment_date > ? AND i.issue_date <= ?
				AND i.first_payment_date < i.last_payment_date AND i.voided = FALSE AND i.draft = FALSE
				AND p.invoice_id = i.id AND p.date > ?
			GROUP BY 1, 2`
		args := append(append(append([]any{}, ipArgs...), lpArgs...), companyID, currency, ends[0], last)
		args = append(append(append(args, ipArgs...), ppArgs...), companyID, currency, ends[0], last, ends[0])
		if err := sqlx.SelectContext(ctx, db, &rows, s.q(q), args...); err != nil {
			return fmt.Errorf("store: receivable sums: payments: %w", err)
		}
		for _, r := range rows {
			out.PaidByIssue[r.K][r.J] += r.Sum
		}
		var days []struct {
			Day invoice.Date `db:"issue_date"`
			Sum int64        `db:"total"`
		}
		q = `SELECT i.issue_date, SUM(i.total) AS total FROM invoices i
			WHERE i.company_id = ? AND i.currency = ? AND i.voided = FALSE AND i.draft = FALSE AND i.issue_date >= ? AND i.issue_date <= ?
			GROUP BY i.issue_date`
		if err := sqlx.SelectContext(ctx, db, &days, s.q(q), companyID, currency, from, last); err != nil {
			return fmt.Errorf("store: receivable sums: invoiced: %w", err)
		}
		for _, d := range days {
			out.InvoicedOn[d.Day] += d.Sum
		}
		return nil
	})
	if err != nil {
		return nil, err
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
// last payment (last_payment_date, kept by the payment writes), for an
// invoice whose balance is zero. zone names the company's time zone
// (PostgreSQL converts with it); spans are its offsets over [from, to)
// (SQLite, which knows no time zones, shifts by them).
func (s *Store) ReminderOutcomes(ctx context.Context, companyID int64, from, to time.Time, zone string,
	spans []ZoneSpan) ([]StepOutcome, error) {
	var days string
	var args []any
	// The reminders of the period, from their covering index. SQLite looks
	// their invoices up one by one: in invoice order (the subquery's ORDER
	// BY, kept by LIMIT -1), the table's pages are read once each instead of
	// at random; PostgreSQL joins them by hash.
	sent := `SELECT r.invoice_id, r.step, r.sent_at FROM reminders r
		WHERE r.company_id = ? AND r.state = 'sent' AND r.sent_at >= ? AND r.sent_at < ?`
	if s.dialect == Postgres {
		days = `i.last_payment_date - (r.sent_at AT TIME ZONE ?)::date`
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
		days = `CAST(julianday(i.last_payment_date) - julianday(date(r.sent_at, (` + b.String() + `) || ' seconds')) AS INTEGER)`
		sent += ` ORDER BY r.invoice_id LIMIT -1`
	}
	q := `SELECT x.step, x.days, COUNT(*) AS n FROM (
		SELECT r.step, CASE WHEN i.balance = 0 AND i.voided = FALSE THEN ` + days + ` END AS days
		FROM (` + sent + `) r JOIN invoices i ON i.id = r.invoice_id) x
		GROUP BY x.step, x.days ORDER BY x.step, x.days`
	args = append(args, companyID, from.UTC(), to.UTC())
	var out []StepOutcome
	if err := s.readReport(ctx, func(db sqlx.QueryerContext) error {
		return sqlx.SelectContext(ctx, db, &out, s.q(q), args...)
	}); err != nil {
		return nil, fmt.Errorf("store: reminder outcomes: %w", err)
	}
	return out, nil
}

// readReport runs a report's queries. On PostgreSQL they run in a
// read-only transaction with JIT compilation off: a report query over a
// million rows is costed above jit_above_cost, and compiling it took longer
// than running it (EXPLAIN ANALYZE of the effectiveness query at 1 000 000
// invoices: 757 ms of JIT in 959 ms; 278 ms without).
func (s *Store) readReport(ctx context.Context, fn func(db sqlx.QueryerContext) error) error {
	if s.dialect != Postgres {
		return fn(s.db)
	}
	tx, err := s.db.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SET LOCAL jit = off`); err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
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
