package engine_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// benchSize is the number of open invoices (RELANCE_BENCH_INVOICES,
// default 1 000 000), of which 1 % fall due at the scan.
func benchSize() int {
	if n, err := strconv.Atoi(os.Getenv("RELANCE_BENCH_INVOICES")); err == nil && n > 0 {
		return n
	}
	return 1000000
}

// BenchmarkScan times the due scan over N open invoices, N/100 of them due
// (found, planned and enqueued as reminders), then a scan that finds
// nothing due. Reported per database:
//
//	go test -run '^$' -bench Scan -benchtime 1x -timeout 60m ./internal/engine/
func BenchmarkScan(b *testing.B) {
	for _, open := range []struct {
		name string
		fn   func(testing.TB) *store.Store
	}{{"sqlite", storetest.SQLite}, {"postgres", storetest.Postgres}} {
		b.Run(open.name, func(b *testing.B) { benchScan(b, open.fn, nil) })
	}
}

// BenchmarkScanSchedules is BenchmarkScan with the default schedule and
// with a long one (issue 15): ten steps, a weekly repeat up to 52 times and
// business days with Quebec's holidays. The due scan should stay within
// 1.2× of the default's:
//
//	go test -run '^$' -bench ScanSchedules/sqlite -benchtime 1x -timeout 60m ./internal/engine/
func BenchmarkScanSchedules(b *testing.B) {
	for _, open := range []struct {
		name string
		fn   func(testing.TB) *store.Store
	}{{"sqlite", storetest.SQLite}, {"postgres", storetest.Postgres}} {
		b.Run(open.name+"/default", func(b *testing.B) { benchScan(b, open.fn, nil) })
		b.Run(open.name+"/ten-steps-repeat-CA-QC", func(b *testing.B) { benchScan(b, open.fn, tenStepCadence) })
	}
}

// tenStepCadence: 3 days before, then 7, 14, … 63 days after; repeats
// every 7 days, at most 52 times; weekends and Quebec's holidays skipped.
func tenStepCadence(st *reminder.Settings) {
	last := st.Steps[len(st.Steps)-1]
	for len(st.Steps) < reminder.MaxSteps {
		st.Steps = append(st.Steps, last)
	}
	for i := 1; i < reminder.MaxSteps; i++ {
		st.Steps[i].Days, st.Steps[i].When = 7*i, reminder.After
	}
	st.Repeat = &reminder.Repeat{EveryDays: 7, Max: reminder.MaxRepeats}
	st.BusinessDays = reminder.BusinessDays{SkipWeekends: true, Holidays: "CA-QC"}
}

func benchScan(b *testing.B, open func(testing.TB) *store.Store, cadence func(*reminder.Settings)) {
	n := benchSize()
	s := open(b)
	ctx := context.Background()
	day := storetest.MustDate(b, "2026-12-10")
	now := day.At(10, 0, toronto)
	s.Now = func() time.Time { return now }
	co := storetest.Company(b, s, "Bench")
	st, _ := s.ReminderSettings(ctx, co.ID)
	st.Enabled = true
	if cadence != nil {
		cadence(st)
	}
	if err := storetest.Books(s).PutReminderSettings(ctx, co.ID, st); err != nil {
		b.Fatal(err)
	}
	var custs []int64
	for c := 0; c < 1000; c++ {
		custs = append(custs, storetest.Customer(b, s, co.ID, fmt.Sprintf("Client %d", c)).ID)
	}
	genStart := time.Now()
	const batch = 5000
	for k := 0; k < n; k += batch {
		invs := make([]*invoice.Invoice, 0, batch)
		for j := k; j < min(k+batch, n); j++ {
			// 1 % due today (7 days overdue: step 2 of the defaults);
			// the rest due 10 to 70 days from now (nothing due).
			due := day.AddDays(10 + j%60)
			if j%100 == 0 {
				due = day.AddDays(-7)
			}
			invs = append(invs, storetest.Invoice(co.ID, custs[j%len(custs)], storetest.Seq(j), day.AddDays(-40), due, 10000))
		}
		if err := storetest.Books(s).CreateInvoices(ctx, co.ID, invs); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("%s: generated %d invoices in %s", storetest.Name(s), n, time.Since(genStart).Round(time.Second))
	// Fresh planner statistics, as autovacuum (or SQLite's
	// optimize) would have them on a live database.
	if _, err := s.DB().ExecContext(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	if s.Dialect() == store.SQLite {
		// Fold the generator's WAL back into the file, as a live
		// database's checkpoints would have.
		if _, err := s.DB().ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			b.Fatal(err)
		}
	}
	e := engine.New(s, nil, engine.Config{}, quietLog())
	e.Now = s.Now
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	rep, err := e.Scan(ctx, false)
	due, dueCPU := time.Since(start), cpuTime()-cpu0
	if err != nil {
		b.Fatal(err)
	}
	start = time.Now()
	empty, err := e.Scan(ctx, false)
	idle := time.Since(start)
	b.StopTimer()
	if err != nil || rep.Scheduled != (n+99)/100 || empty.Scheduled != 0 {
		b.Fatalf("scheduled %d then %d, want %d then 0 (%v)", rep.Scheduled, empty.Scheduled, (n+99)/100, err)
	}
	b.ReportMetric(due.Seconds(), "s/due-scan")
	b.ReportMetric(dueCPU.Seconds(), "cpu-s/due-scan")
	b.ReportMetric(float64(idle.Microseconds())/1000, "ms/empty-scan")
	b.ReportMetric(float64(rep.Scheduled)/due.Seconds(), "reminders/s")
}

// cpuTime is the process's CPU time (user and system): on a loaded machine
// it compares runs better than the wall clock (SQLite runs in process).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
