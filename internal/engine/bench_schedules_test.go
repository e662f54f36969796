package engine_test

import (
	"context"
	"fmt"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// BenchmarkScanNamedSchedules compares the due scan over N open invoices
// (N/100 due, as BenchmarkScan) with no named schedule and with 5, on the
// same database: half the customers tagged "wholesale", a tenth "vip"; the
// schedules' conditions fail on balance, currency and balance for every
// invoice, then hold by tag for some (the cadences are the default's, so
// both runs schedule the same reminders). Each run is a dry scan (planned
// in full, rolled back), alternated 3 times each way; the medians of wall
// and of this process's CPU time (user + sys; the database server's CPU
// is not in it on PostgreSQL) are reported, with their ratios.
//
//	go test -run '^$' -bench ScanNamedSchedules -benchtime 1x -timeout 60m ./internal/engine/
func BenchmarkScanNamedSchedules(b *testing.B) {
	for _, open := range []struct {
		name string
		fn   func(testing.TB) *store.Store
	}{{"sqlite", storetest.SQLite}, {"postgres", storetest.Postgres}} {
		b.Run(open.name, func(b *testing.B) {
			n := benchSize()
			s := open.fn(b)
			ctx := context.Background()
			day := storetest.MustDate(b, "2026-12-10")
			now := day.At(10, 0, toronto)
			s.Now = func() time.Time { return now }
			co := storetest.Company(b, s, "Bench")
			st, _ := s.ReminderSettings(ctx, co.ID)
			st.Enabled = true
			if err := storetest.Books(s).PutReminderSettings(ctx, co.ID, st); err != nil {
				b.Fatal(err)
			}
			var custs []int64
			for c := 0; c < 1000; c++ {
				cu := &invoice.Customer{CompanyID: co.ID, DisplayName: fmt.Sprintf("Client %d", c), Email: "c@example.com", Language: "fr"}
				if c%2 == 0 {
					cu.Tags = append(cu.Tags, "wholesale")
				}
				if c%10 == 0 {
					cu.Tags = append(cu.Tags, "vip")
				}
				if err := s.CreateCustomer(ctx, cu); err != nil {
					b.Fatal(err)
				}
				custs = append(custs, cu.ID)
			}
			genStart := time.Now()
			const batch = 5000
			for k := 0; k < n; k += batch {
				invs := make([]*invoice.Invoice, 0, batch)
				for j := k; j < min(k+batch, n); j++ {
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
			b.Logf("%s: generated %d invoices in %s", open.name, n, time.Since(genStart).Round(time.Second))
			if _, err := s.DB().ExecContext(ctx, "ANALYZE"); err != nil {
				b.Fatal(err)
			}
			if s.Dialect() == store.SQLite {
				if _, err := s.DB().ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
					b.Fatal(err)
				}
			}
			// The named schedules are put in and taken out with plain SQL:
			// through the books each change would re-plan the N invoices,
			// which is not what is measured here.
			cadence := fmt.Sprintf(`{"steps":[{"enabled":true,"days":%d,"when":"%s","templates":null,"late_fee":null},`+
				`{"enabled":true,"days":%d,"when":"%s","templates":null,"late_fee":null},`+
				`{"enabled":true,"days":%d,"when":"%s","templates":null,"late_fee":null}],"repeat":null,"business_days":{"skip_weekends":false,"holidays":""}}`,
				st.Steps[0].Days, st.Steps[0].When, st.Steps[1].Days, st.Steps[1].When, st.Steps[2].Days, st.Steps[2].When)
			conds := []string{
				`{"min_balance":"1000.00","currencies":[],"customer_tags":["wholesale"]}`,
				`{"currencies":["USD"],"customer_tags":[]}`,
				`{"max_balance":"50.00","currencies":[],"customer_tags":[]}`,
				`{"currencies":[],"customer_tags":["vip"]}`,
				`{"currencies":["CAD"],"customer_tags":["wholesale"]}`,
			}
			addNamed := func() {
				for i, c := range conds {
					if _, err := s.DB().ExecContext(ctx, s.DB().Rebind(`INSERT INTO schedules (company_id, name, priority, conditions, cadence,
						created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`), co.ID, fmt.Sprintf("S%d", i), i, c, cadence, now, now); err != nil {
						b.Fatal(err)
					}
				}
			}
			dropNamed := func() {
				if _, err := s.DB().ExecContext(ctx, s.DB().Rebind(`DELETE FROM schedules WHERE company_id = ?`), co.ID); err != nil {
					b.Fatal(err)
				}
			}
			e := engine.New(s, nil, engine.Config{}, quietLog())
			e.Now = s.Now
			cpu := func() time.Duration {
				var ru syscall.Rusage
				syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
				return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
			}
			var wall, cpus [2][]time.Duration // [0] none, [1] five named
			b.ResetTimer()
			for round := 0; round < 6; round++ {
				k := round % 2
				if k == 1 {
					addNamed()
				}
				w0, c0 := time.Now(), cpu()
				rep, err := e.Scan(ctx, true)
				wall[k] = append(wall[k], time.Since(w0))
				cpus[k] = append(cpus[k], cpu()-c0)
				if err != nil || rep.Scheduled != (n+99)/100 {
					b.Fatalf("scheduled %d, want %d (%v)", rep.Scheduled, (n+99)/100, err)
				}
				if k == 1 {
					dropNamed()
				}
			}
			b.StopTimer()
			med := func(d []time.Duration) time.Duration { d = slices.Clone(d); slices.Sort(d); return d[len(d)/2] }
			wn, w5, cn, c5 := med(wall[0]), med(wall[1]), med(cpus[0]), med(cpus[1])
			b.Logf("%s: due scan (dry) walls none %v, named %v; CPU none %v, named %v", open.name, wall[0], wall[1], cpus[0], cpus[1])
			b.ReportMetric(wn.Seconds(), "s/scan-none")
			b.ReportMetric(w5.Seconds(), "s/scan-5named")
			b.ReportMetric(w5.Seconds()/wn.Seconds(), "x-wall")
			b.ReportMetric(cn.Seconds(), "cpu-s/scan-none")
			b.ReportMetric(c5.Seconds(), "cpu-s/scan-5named")
			b.ReportMetric(c5.Seconds()/cn.Seconds(), "x-cpu")
		})
	}
}
