package report_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/report"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// The report benchmarks run on one company with 1 000 000 invoices over two
// years (1 000 customers, 2 % in US dollars): 80 % paid in full between ten
// days before and thirty days after their due date, 10 % half paid, 10 %
// unpaid — 200 000 open invoices for the aging; a third got a first
// reminder three days before their due date and, when paid late, a second
// five days after: about 420 000 sent reminders, 60 000 of them in the
// 90 days the effectiveness benchmark reads. Reminders are on (the default
// steps), every open invoice planned by the books; the upcoming benchmark
// plays the scan over the next 14 days.
//
//	go test -run '^$' -bench Reports1M -benchtime 5x -timeout 60m ./internal/report/
//
// The rows are written by INSERT … SELECT (what the reports read, without
// invoice lines): the SQLite file (in the temporary folder) and the
// PostgreSQL database (relance_bench_reports_<benchDataVersion>) are kept
// across runs; the migrations of later commits are applied to them on open.
const (
	benchInvoices = 1_000_000
	// benchDataVersion names the cached databases: change it when
	// fillReportBench changes.
	benchDataVersion = "1m_v6"
	benchDBFile      = "relance-report-bench-" + benchDataVersion + ".db"
)

// benchDay is the day the reports are asked on, at 10:00 in Toronto
// (benchNow), an hour after the send time.
var (
	benchDay = invoice.Date{Year: 2026, Month: 12, Day: 10}
	benchNow = time.Date(2026, 12, 10, 15, 0, 0, 0, time.UTC)
)

func BenchmarkReports1M(b *testing.B) {
	for _, db := range []string{store.SQLite, store.Postgres} {
		b.Run(db, func(b *testing.B) {
			s, co := benchReportStore(b, db)
			ctx := context.Background()
			rep := report.Reports{Store: s}
			loc := co.Location()
			open := int64(-1) // -1: not run (a -bench filter)
			b.Run("aging", func(b *testing.B) {
				cpu := newCPUClock(b, s)
				for b.Loop() {
					a, err := rep.Aging(ctx, co.ID, benchDay, "")
					if err != nil {
						b.Fatal(err)
					}
					open = a.Currencies[0].Totals.Total
				}
				cpu.report(b)
				b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/aging")
			})
			b.Run("aging-past", func(b *testing.B) { // as of 180 days ago: payments after it are added back
				cpu := newCPUClock(b, s)
				for b.Loop() {
					if _, err := rep.Aging(ctx, co.ID, benchDay.AddDays(-180), "CAD"); err != nil {
						b.Fatal(err)
					}
				}
				cpu.report(b)
				b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/aging")
			})
			sent := int64(-1)
			b.Run("effectiveness-90d", func(b *testing.B) {
				cpu := newCPUClock(b, s)
				for b.Loop() {
					ss, err := rep.Effectiveness(ctx, co.ID, loc, benchDay.AddDays(-89), benchDay)
					if err != nil {
						b.Fatal(err)
					}
					sent = 0
					for _, s := range ss {
						sent += s.Sent
					}
				}
				cpu.report(b)
				b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/report")
				b.ReportMetric(float64(sent), "reminders")
			})
			b.Run("dso-12m", func(b *testing.B) {
				cpu := newCPUClock(b, s)
				for b.Loop() {
					if _, err := rep.DSO(ctx, co.ID, "CAD", benchDay, 12); err != nil {
						b.Fatal(err)
					}
				}
				cpu.report(b)
				b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/report")
			})
			coming := -1
			b.Run("upcoming-14d", func(b *testing.B) {
				bk := storetest.Books(s)
				cpu := newCPUClock(b, s)
				for b.Loop() {
					items, err := bk.Upcoming(ctx, co.ID, 14)
					if err != nil {
						b.Fatal(err)
					}
					coming = len(items)
				}
				cpu.report(b)
				b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/report")
				b.ReportMetric(float64(coming), "items")
			})
			if open == 0 || sent == 0 || coming == 0 {
				b.Fatalf("the bench data is empty: open %d, sent %d, coming %d", open, sent, coming)
			}
		})
	}
}

// benchReportStore opens the cached database (a SQLite file in the
// temporary folder, a PostgreSQL database named after benchDataVersion), or
// builds it. The migrations are applied on open: a cached database that a
// new migration changed is analysed again before the timings.
func benchReportStore(b *testing.B, db string) (*store.Store, *invoice.Company) {
	b.Helper()
	ctx := context.Background()
	var u string
	fresh := false
	if db == store.SQLite {
		path := filepath.Join(os.TempDir(), benchDBFile)
		if _, err := os.Stat(path); err != nil {
			tmp := path + ".tmp"
			os.Remove(tmp)
			os.Remove(tmp + "-wal")
			fs, err := store.OpenAndMigrate(ctx, "sqlite:"+tmp)
			if err != nil {
				b.Fatal(err)
			}
			fillReportBench(b, fs)
			if _, err := fs.DB().ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
				b.Fatal(err)
			}
			fs.Close()
			if err := os.Rename(tmp, path); err != nil {
				b.Fatal(err)
			}
			fresh = true
		}
		u = "sqlite:" + path
	} else {
		u, fresh = benchPostgres(b)
	}
	s, err := store.Open(ctx, u)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	before := goose(b, s)
	if err := s.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	if after := goose(b, s); fresh || after != before {
		analyze := "ANALYZE"
		if db == store.Postgres {
			analyze = "VACUUM ANALYZE"
		}
		if _, err := s.DB().ExecContext(ctx, analyze); err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: migrations %d → %d, %s", db, before, after, analyze)
	}
	s.Now = func() time.Time { return benchNow }
	cs, err := s.ListCompanies(ctx)
	if err != nil || len(cs) == 0 {
		b.Fatalf("bench database has no company (%v)", err)
	}
	return s, &cs[0]
}

// goose is the database's last applied migration.
func goose(b *testing.B, s *store.Store) int64 {
	var v int64
	if err := s.DB().GetContext(context.Background(), &v, "SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version"); err != nil {
		if strings.Contains(err.Error(), "goose_db_version") {
			return 0
		}
		b.Fatal(err)
	}
	return v
}

// benchPostgres is the URL of the PostgreSQL bench database, kept between
// runs (named after benchDataVersion; a half-filled one is made anew);
// fresh when it was just filled.
func benchPostgres(b *testing.B) (u string, fresh bool) {
	b.Helper()
	ctx := context.Background()
	admin := storetest.PostgresAdminURL()
	adb, err := sql.Open("pgx", admin)
	if err == nil {
		err = adb.PingContext(ctx)
	}
	if err != nil {
		if storetest.Required() {
			b.Fatalf("PostgreSQL required but unreachable: %v", err)
		}
		b.Skipf("PostgreSQL not reachable (%v)", err)
	}
	defer adb.Close()
	name := "relance_bench_reports_" + benchDataVersion
	pu, err := url.Parse(admin)
	if err != nil {
		b.Fatal(err)
	}
	pu.Path = "/" + name
	u = pu.String()
	var n int
	if err := adb.QueryRowContext(ctx, "SELECT COUNT(*) FROM pg_database WHERE datname = $1", name).Scan(&n); err != nil {
		b.Fatal(err)
	}
	if n == 1 {
		s, err := store.Open(ctx, u)
		if err != nil {
			b.Fatal(err)
		}
		var done int
		err = s.DB().GetContext(ctx, &done, "SELECT COUNT(*) FROM bench_filled")
		s.Close()
		if err == nil && done == 1 {
			return u, false
		}
	}
	if _, err := adb.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		b.Fatal(err)
	}
	if _, err := adb.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		b.Fatal(err)
	}
	s, err := store.OpenAndMigrate(ctx, u)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	fillReportBench(b, s)
	if _, err := s.DB().ExecContext(ctx, "CREATE TABLE bench_filled (v INTEGER); INSERT INTO bench_filled VALUES (1)"); err != nil {
		b.Fatal(err)
	}
	return u, true
}

// cpuClock reads the CPU time (user + system) spent so far by this process
// and, on PostgreSQL, by the server processes of the store's connections
// (parallel workers, which come and go, are not counted).
type cpuClock struct {
	s     *store.Store
	start time.Duration
	pg    map[int]time.Duration
}

func newCPUClock(b *testing.B, s *store.Store) *cpuClock {
	c := &cpuClock{s: s}
	c.start, c.pg = c.read(b)
	return c
}

func (c *cpuClock) read(b *testing.B) (time.Duration, map[int]time.Duration) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	self := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	if c.s.Dialect() != store.Postgres {
		return self, nil
	}
	var pids []int
	if err := c.s.DB().SelectContext(context.Background(), &pids,
		"SELECT pid FROM pg_stat_activity WHERE datname = current_database()"); err != nil {
		b.Fatal(err)
	}
	pg := map[int]time.Duration{}
	for _, pid := range pids {
		raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue // not on this machine, or gone
		}
		f := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+2:]))
		ut, _ := strconv.ParseInt(f[11], 10, 64) // utime, stime: fields 14, 15 (clock ticks of 10 ms)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		pg[pid] = time.Duration(ut+st) * 10 * time.Millisecond
	}
	return self, pg
}

// report adds the CPU milliseconds per operation since the clock started:
// this process's, and PostgreSQL's.
func (c *cpuClock) report(b *testing.B) {
	self, pg := c.read(b)
	b.ReportMetric(float64((self-c.start).Milliseconds())/float64(b.N), "cpu-ms/op")
	if c.s.Dialect() == store.Postgres {
		var d time.Duration
		for pid, v := range pg {
			d += v - c.pg[pid]
		}
		b.ReportMetric(float64(d.Milliseconds())/float64(b.N), "pg-cpu-ms/op")
	}
}

// fillReportBench writes the data described above.
func fillReportBench(b *testing.B, s *store.Store) {
	b.Helper()
	ctx := context.Background()
	start := time.Now()
	co := storetest.Company(b, s, "Bench Rapports")
	other := storetest.Company(b, s, "Another company")
	for i := range 1000 {
		storetest.Customer(b, s, co.ID, fmt.Sprintf("Client %04d", i))
	}
	storetest.Customer(b, s, other.ID, "Someone else")
	var stmts []string
	if s.Dialect() == store.SQLite {
		ts := `'2026-12-10 14:00:00+00:00'`
		stmts = []string{
			fmt.Sprintf(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
			INSERT INTO invoices (company_id, customer_id, number, email, issue_date, due_date, currency, subtotal, tax_total, total, paid, balance, created_at, updated_at)
			SELECT %d, 1 + i %% 1000, 'B-' || i, 'client' || (i %% 1000) || '@example.com', date('2026-12-10', (-(i %% 730)) || ' days'), date('2026-12-10', (30 - i %% 730) || ' days'),
				CASE WHEN i %% 50 = 0 THEN 'USD' ELSE 'CAD' END, 10000 + (i * 7919) %% 500000, 0, 10000 + (i * 7919) %% 500000, 0, 10000 + (i * 7919) %% 500000, %s, %s FROM n`,
				benchInvoices, co.ID, ts, ts),
			// paid on due + (id % 40) - 10, not after the bench day
			`INSERT INTO payments (invoice_id, amount, date, created_at)
			SELECT id, CASE WHEN id % 10 = 8 THEN total / 2 ELSE total END, min(date(due_date, ((id % 40) - 10) || ' days'), '2026-12-10'), ` + ts + `
			FROM invoices WHERE id % 10 < 9`,
			`UPDATE invoices SET paid = CASE WHEN id % 10 = 8 THEN total / 2 ELSE total END,
				balance = total - CASE WHEN id % 10 = 8 THEN total / 2 ELSE total END WHERE id % 10 < 9`,
			`UPDATE invoices SET first_payment_date = (SELECT MIN(p.date) FROM payments p WHERE p.invoice_id = invoices.id),
				last_payment_date = (SELECT MAX(p.date) FROM payments p WHERE p.invoice_id = invoices.id)
			WHERE id IN (SELECT invoice_id FROM payments)`,
			`INSERT INTO reminders (company_id, invoice_id, step, due_date, trigger_date, state, next_attempt_at, message_id, sent_at, created_at, updated_at)
			SELECT company_id, id, 1, due_date, date(due_date, '-3 days'), 'sent', date(due_date, '-3 days') || ' 14:00:00+00:00', 'r1-' || id,
				date(due_date, '-3 days') || ' 14:00:00+00:00', ` + ts + `, ` + ts + ` FROM invoices WHERE id % 3 = 0 AND date(due_date, '-3 days') <= '2026-12-10'`,
			`INSERT INTO reminders (company_id, invoice_id, step, due_date, trigger_date, state, next_attempt_at, message_id, sent_at, created_at, updated_at)
			SELECT company_id, id, 2, due_date, date(due_date, '+5 days'), 'sent', date(due_date, '+5 days') || ' 14:00:00+00:00', 'r2-' || id,
				date(due_date, '+5 days') || ' 14:00:00+00:00', ` + ts + `, ` + ts + ` FROM invoices
			WHERE id % 3 = 0 AND (id % 10 >= 8 OR id % 40 > 15) AND date(due_date, '+5 days') <= '2026-12-10'`,
		}
	} else {
		ts := `TIMESTAMPTZ '2026-12-10 14:00:00+00'`
		stmts = []string{
			fmt.Sprintf(`INSERT INTO invoices (company_id, customer_id, number, email, issue_date, due_date, currency, subtotal, tax_total, total, paid, balance, created_at, updated_at)
			SELECT %d, (SELECT MIN(id) FROM customers) + i %% 1000, 'B-' || i, 'client' || (i %% 1000) || '@example.com', DATE '2026-12-10' - (i %% 730), DATE '2026-12-10' - (i %% 730) + 30,
				CASE WHEN i %% 50 = 0 THEN 'USD' ELSE 'CAD' END, 10000 + (i::bigint * 7919) %% 500000, 0, 10000 + (i::bigint * 7919) %% 500000, 0, 10000 + (i::bigint * 7919) %% 500000, %s, %s
			FROM generate_series(1, %d) AS i`, co.ID, ts, ts, benchInvoices),
			`INSERT INTO payments (invoice_id, amount, date, created_at)
			SELECT id, CASE WHEN id % 10 = 8 THEN total / 2 ELSE total END, LEAST(due_date + ((id % 40)::int - 10), DATE '2026-12-10'), ` + ts + `
			FROM invoices WHERE id % 10 < 9`,
			`UPDATE invoices SET paid = CASE WHEN id % 10 = 8 THEN total / 2 ELSE total END,
				balance = total - CASE WHEN id % 10 = 8 THEN total / 2 ELSE total END WHERE id % 10 < 9`,
			`UPDATE invoices i SET first_payment_date = p.first, last_payment_date = p.last
			FROM (SELECT invoice_id, MIN(date) AS first, MAX(date) AS last FROM payments GROUP BY invoice_id) p WHERE p.invoice_id = i.id`,
			`INSERT INTO reminders (company_id, invoice_id, step, due_date, trigger_date, state, next_attempt_at, message_id, sent_at, created_at, updated_at)
			SELECT company_id, id, 1, due_date, due_date - 3, 'sent', (due_date - 3) + TIME '14:00' AT TIME ZONE 'UTC', 'r1-' || id,
				(due_date - 3) + TIME '14:00' AT TIME ZONE 'UTC', ` + ts + `, ` + ts + ` FROM invoices WHERE id % 3 = 0 AND due_date - 3 <= DATE '2026-12-10'`,
			`INSERT INTO reminders (company_id, invoice_id, step, due_date, trigger_date, state, next_attempt_at, message_id, sent_at, created_at, updated_at)
			SELECT company_id, id, 2, due_date, due_date + 5, 'sent', (due_date + 5) + TIME '14:00' AT TIME ZONE 'UTC', 'r2-' || id,
				(due_date + 5) + TIME '14:00' AT TIME ZONE 'UTC', ` + ts + `, ` + ts + ` FROM invoices
			WHERE id % 3 = 0 AND (id % 10 >= 8 OR id % 40 > 15) AND due_date + 5 <= DATE '2026-12-10'`,
			`VACUUM ANALYZE`,
		}
	}
	for _, q := range stmts {
		if _, err := s.DB().ExecContext(ctx, q); err != nil {
			b.Fatalf("fill bench data: %v\n%s", err, q)
		}
	}
	// Reminders on (the default three steps): the books plan every open
	// invoice, as they would have when each was written.
	s.Now = func() time.Time { return benchNow }
	st, err := s.ReminderSettings(ctx, co.ID)
	if err != nil {
		b.Fatal(err)
	}
	st.Enabled = true
	if err := storetest.Books(s).PutReminderSettings(ctx, co.ID, st); err != nil {
		b.Fatal(err)
	}
	if s.Dialect() == store.SQLite {
		if _, err := s.DB().ExecContext(ctx, "ANALYZE"); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("%s: %d invoices written in %s", s.Dialect(), benchInvoices, time.Since(start).Round(time.Second))
}
