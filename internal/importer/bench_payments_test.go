package importer_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/store/storetest"
)

var benchPayments = flag.Int("import.payments", 100_000, "payments in the generated file of BenchmarkImportPayments")

// paymentsFile is a QuickBooks "Receive Payment" export paying each of the
// n/2 invoices of qboFile(n/2) in two instalments.
func paymentsFile(n int) []byte {
	var b bytes.Buffer
	b.WriteString("Customer,Payment Date,Ref No,Payment Method,Deposit To Account,Invoice No,Amount,Memo\n")
	for i := range n {
		inv := i / 2
		fmt.Fprintf(&b, "Client %03d Côté,03/%02d/2026,CHK-%07d,Check,Undeposited Funds,INV-%06d,%d.00,instalment %d\n",
			inv%500, 1+i%28, i, inv, 10+i%2, 1+i%2)
	}
	return b.Bytes()
}

// BenchmarkImportPayments imports -import.payments payments (two per
// invoice) into a fresh SQLite database holding their invoices, reminders
// on, so that every payment re-plans its invoice. Run:
//
//	go test ./internal/importer -run '^$' -bench ImportPayments -benchtime 1x
func BenchmarkImportPayments(b *testing.B) {
	n := *benchPayments
	data := paymentsFile(n)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		b.StopTimer()
		s := storetest.SQLite(b)
		co := storetest.Company(b, s, "Bench")
		enableReminders(b, s, co.ID)
		ctx := context.Background()
		if rep, err := importer.ImportInvoices(ctx, storetest.Books(s), co.ID, bytes.NewReader(qboFile(n/2)),
			importer.Options{DateFormat: importer.DateMDY, CreateCustomers: true}); err != nil || rep.Created != n/2 {
			b.Fatalf("invoices: %v, %+v", err, rep.Created)
		}
		b.StartTimer()
		t0, cpu0 := time.Now(), cpuTime()
		rep, err := importer.ImportPayments(ctx, storetest.Books(s), co.ID, bytes.NewReader(data), importer.Options{DateFormat: importer.DateMDY})
		el, cpu := time.Since(t0), cpuTime()-cpu0
		if err != nil || rep.Created != n || len(rep.Errors) > 0 {
			b.Fatalf("import: %v, created %d, %d errors (first: %v)", err, rep.Created, len(rep.Errors), rep.Errors[:min(1, len(rep.Errors))])
		}
		b.Logf("sqlite: %d payments (%d MB CSV) imported in %.2f s = %.0f payments/s", rep.Created, len(data)>>20, el.Seconds(),
			float64(rep.Created)/el.Seconds())
		b.ReportMetric(el.Seconds(), "s/import")
		// CPU time (user + system, this process; SQLite runs in it) says
		// what the import costs when other work shares the cores.
		b.ReportMetric(cpu.Seconds(), "cpu-s/import")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
