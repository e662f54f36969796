package engine_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/mail/smtptest"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// cpuTime is the process's user + system CPU time so far.

// BenchmarkGroupedSend: 1 000 customers (RELANCE_BENCH_CUSTOMERS) with 5
// invoices each, reminder 2 due on all of them, grouping on and PDFs
// attached: the scan, then the real send path (claim per group, re-check,
// links, render, 5 invoice PDFs, MIME, SMTP to the in-process server, all
// rows marked sent in one transaction), 1 000 messages. Per database:
//
//	go test -run '^$' -bench GroupedSend -benchtime 1x -timeout 30m ./internal/engine/
func BenchmarkGroupedSend(b *testing.B) {
	customers := 1000
	if n, err := strconv.Atoi(os.Getenv("RELANCE_BENCH_CUSTOMERS")); err == nil && n > 0 {
		customers = n
	}
	const perCustomer = 5
	for _, open := range []struct {
		name string
		fn   func(testing.TB) *store.Store
	}{{"sqlite", storetest.SQLite}, {"postgres", storetest.Postgres}} {
		b.Run(open.name, func(b *testing.B) {
			s := open.fn(b)
			ctx := context.Background()
			day := storetest.MustDate(b, "2026-12-10")
			now := day.At(10, 0, toronto)
			s.Now = func() time.Time { return now }
			co := storetest.Company(b, s, "Bench")
			st, _ := s.ReminderSettings(ctx, co.ID)
			st.Enabled, st.GroupByCustomer, st.AttachPDF = true, true, true
			if err := storetest.Books(s).PutReminderSettings(ctx, co.ID, st); err != nil {
				b.Fatal(err)
			}
			for c := 0; c < customers; c++ {
				cu := storetest.Customer(b, s, co.ID, fmt.Sprintf("Client %d", c))
				invs := make([]*invoice.Invoice, perCustomer)
				for k := range invs {
					invs[k] = storetest.Invoice(co.ID, cu.ID, fmt.Sprintf("G-%d-%d", c, k), day.AddDays(-37), day.AddDays(-7), int64(10000+k))
				}
				if err := storetest.Books(s).CreateInvoices(ctx, co.ID, invs); err != nil {
					b.Fatal(err)
				}
			}
			srv := smtptest.Start(b)
			tr, err := mail.NewSMTP(srv.URL())
			if err != nil {
				b.Fatal(err)
			}
			defer tr.Close()
			e := engine.New(s, tr, engine.Config{From: "Billing <billing@relance.test>"}, quietLog())
			e.Now = s.Now
			b.ResetTimer()
			start, cpu0 := time.Now(), cpuTime()
			rep, err := e.Scan(ctx, false)
			scan := time.Since(start)
			if err != nil || rep.Scheduled != customers*perCustomer {
				b.Fatalf("scheduled %d, want %d (%v)", rep.Scheduled, customers*perCustomer, err)
			}
			start, cpu1 := time.Now(), cpuTime()
			if err := e.Drain(ctx); err != nil {
				b.Fatal(err)
			}
			send, cpu2 := time.Since(start), cpuTime()
			b.StopTimer()
			if got := len(srv.Messages()); got != customers {
				b.Fatalf("%d messages received, want %d", got, customers)
			}
			if n, _ := s.PendingReminders(ctx); n != 0 {
				b.Fatalf("%d reminders left pending", n)
			}
			b.ReportMetric(scan.Seconds(), "s/scan")
			b.ReportMetric(send.Seconds(), "s/send")
			b.ReportMetric(float64(customers)/send.Seconds(), "messages/s")
			b.ReportMetric(float64((cpu1 - cpu0).Milliseconds()), "cpu-ms/scan")
			b.ReportMetric(float64((cpu2-cpu1).Microseconds())/1000/float64(customers), "cpu-ms/message")
		})
	}
}
