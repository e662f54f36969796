package importer_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// payInvoices creates the invoices the payments files pay: number → total
// in cents (no tax); "1003" is voided.
func payInvoices(t *testing.T, s *store.Store, companyID int64) {
	t.Helper()
	ctx := context.Background()
	cu := storetest.Customer(t, s, companyID, "Maple Leaf Bakery")
	issue, due := invoice.Date{Year: 2026, Month: 1, Day: 10}, invoice.Date{Year: 2026, Month: 2, Day: 9}
	for _, n := range []struct {
		number string
		total  int64
	}{{"1001", 200000}, {"1002", 50000}, {"1003", 30000}, {"F-2026-001", 120050}} {
		inv := storetest.Invoice(companyID, cu.ID, n.number, issue, due, n.total)
		if err := storetest.Books(s).CreateInvoice(ctx, inv); err != nil {
			t.Fatal(err)
		}
		if n.number == "1003" {
			if err := storetest.Books(s).VoidInvoice(ctx, companyID, inv.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func importPayments(t *testing.T, s *store.Store, companyID int64, name string, opt importer.Options) importer.Report {
	t.Helper()
	opt.Actor = "bookkeeper@example.com"
	rep, err := importer.ImportPayments(context.Background(), storetest.Books(s), companyID, open(t, name), opt)
	if err != nil {
		t.Fatalf("import payments %s: %v", name, err)
	}
	return rep
}

func errorLines(rep importer.Report) []int {
	var out []int
	for _, e := range rep.Errors {
		out = append(out, e.Line)
	}
	return out
}

func countPayments(t *testing.T, s *store.Store, companyID int64) int {
	t.Helper()
	var n int
	if err := s.DB().GetContext(context.Background(), &n, s.DB().Rebind(`SELECT COUNT(*) FROM payments p
		JOIN invoices i ON i.id = p.invoice_id WHERE i.company_id = ?`), companyID); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestImportPaymentsQuickBooks: a QuickBooks "Receive Payment" export
// (Payment Date, Ref No, Payment Method, Invoice No) pays invoice 1001 in
// full, which stops its reminders, and 1002 in part; run again, nothing
// changes.
func TestImportPaymentsQuickBooks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		fixed(s)
		co := storetest.Company(t, s, "Atelier")
		enableReminders(t, s, co.ID)
		payInvoices(t, s, co.ID)
		if inv := mustInvoice(t, s, co.ID, "1001"); inv.NextReminderAt == nil {
			t.Fatal("1001 has no reminder planned before its payment: the test proves nothing")
		}
		var progress []int
		opt := importer.Options{DateFormat: importer.DateMDY, Progress: func(done, total int) { progress = append(progress, done) }}
		rep := importPayments(t, s, co.ID, "payments_qbo.csv", opt)
		noErrors(t, rep)
		if rep.Created != 3 || rep.Unchanged != 0 {
			t.Errorf("first import = %+v, want 3 created", rep)
		}
		if len(rep.IgnoredColumns) != 0 {
			t.Errorf("ignored %v: Customer and Deposit To Account are accepted", rep.IgnoredColumns)
		}
		if len(progress) == 0 || progress[len(progress)-1] != 3 {
			t.Errorf("progress %v, want to end at 3", progress)
		}
		inv := mustInvoice(t, s, co.ID, "1001")
		if inv.Balance != 0 || inv.Paid != 200000 || len(inv.Payments) != 2 {
			t.Fatalf("1001 balance %d paid %d payments %d, want paid in full by 2", inv.Balance, inv.Paid, len(inv.Payments))
		}
		if inv.NextReminderAt != nil {
			t.Errorf("1001 is paid but a reminder is still planned at %v", inv.NextReminderAt)
		}
		p := inv.Payments[0]
		if p.Date != (invoice.Date{Year: 2026, Month: 1, Day: 20}) || p.Method != "Check" || p.Reference != "CHK-1001" ||
			p.Memo != "First installment" || p.Kind != invoice.PaymentImport || p.CreatedBy != "bookkeeper@example.com" {
			t.Errorf("first payment = %+v", p)
		}
		if got := mustInvoice(t, s, co.ID, "1002"); got.Balance != 25000 {
			t.Errorf("1002 balance %d, want 25000", got.Balance)
		}

		again := importPayments(t, s, co.ID, "payments_qbo.csv", importer.Options{DateFormat: importer.DateMDY})
		noErrors(t, again)
		if again.Created != 0 || again.Unchanged != 3 {
			t.Errorf("second import = %+v, want 3 unchanged", again)
		}
		if n := countPayments(t, s, co.ID); n != 3 {
			t.Errorf("%d payments stored after two imports, want 3", n)
		}
	})
}

// TestImportPaymentsFrench: BOM, ';', decimal comma, day-first dates and
// French headers.
func TestImportPaymentsFrench(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		fixed(s)
		co := storetest.Company(t, s, "Atelier")
		payInvoices(t, s, co.ID)
		opt := importer.Options{DateFormat: importer.DateDMY}
		for run := range 2 {
			rep := importPayments(t, s, co.ID, "payments_fr.csv", opt)
			noErrors(t, rep)
			if want := [2]int{2, 0}; run == 1 {
				want = [2]int{0, 2}
				if rep.Created != want[0] || rep.Unchanged != want[1] {
					t.Errorf("run %d = %+v, want created/unchanged %v", run, rep, want)
				}
			} else if rep.Created != want[0] || rep.Unchanged != want[1] {
				t.Errorf("run %d = %+v, want created/unchanged %v", run, rep, want)
			}
		}
		inv := mustInvoice(t, s, co.ID, "F-2026-001")
		if inv.Balance != 0 || len(inv.Payments) != 2 {
			t.Fatalf("F-2026-001 balance %d with %d payments, want 0 with 2", inv.Balance, len(inv.Payments))
		}
		if p := inv.Payments[1]; p.Amount != 20050 || p.Method != "Chèque" || p.Reference != "CHQ-5" ||
			p.Date != (invoice.Date{Year: 2026, Month: 2, Day: 20}) {
			t.Errorf("second payment = %+v", p)
		}
	})
}

// TestImportPaymentsBadLines: each bad line is reported by its number with
// its reason, the good ones are kept, and a second run reports the same
// lines and stores nothing more.
func TestImportPaymentsBadLines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		fixed(s)
		co := storetest.Company(t, s, "Atelier")
		payInvoices(t, s, co.ID)
		wantReasons := map[int]string{
			3:  `no invoice "9999"`,
			4:  `invoice "1003" is voided`,
			5:  "more than 2 decimals",
			6:  "the same payment as line 2",
			7:  "invalid date",
			8:  "more than the balance due",
			10: "Date: is required",
		}
		for run := range 2 {
			rep := importPayments(t, s, co.ID, "payments_mixed.csv", importer.Options{})
			if !slices.Equal(errorLines(rep), []int{3, 4, 5, 6, 7, 8, 10}) {
				t.Errorf("run %d: error lines %v, want 3 4 5 6 7 8 10: %v", run, errorLines(rep), rep.Errors)
			}
			for _, e := range rep.Errors {
				if !strings.Contains(e.Reason, wantReasons[e.Line]) {
					t.Errorf("run %d: line %d: %q, want it to say %q", run, e.Line, e.Reason, wantReasons[e.Line])
				}
			}
			if created, unchanged := map[int]int{0: 2, 1: 0}[run], map[int]int{0: 0, 1: 2}[run]; rep.Created != created || rep.Unchanged != unchanged {
				t.Errorf("run %d = created %d unchanged %d, want %d %d", run, rep.Created, rep.Unchanged, created, unchanged)
			}
			if !slices.Equal(rep.IgnoredColumns, []string{"Solde"}) {
				t.Errorf("ignored columns %v, want [Solde]", rep.IgnoredColumns)
			}
		}
		if inv := mustInvoice(t, s, co.ID, "1002"); inv.Balance != 35000 || len(inv.Payments) != 2 {
			t.Errorf("1002 balance %d with %d payments, want 35000 with 2", inv.Balance, len(inv.Payments))
		}
		if inv := mustInvoice(t, s, co.ID, "1003"); len(inv.Payments) != 0 {
			t.Errorf("voided 1003 got payments %+v", inv.Payments)
		}
	})
}

// TestImportPaymentsBadHeader: a file without an amount column is refused
// whole, naming the columns it needs.
func TestImportPaymentsBadHeader(t *testing.T) {
	s := storetest.SQLite(t)
	co := storetest.Company(t, s, "Atelier")
	_, err := importer.ImportPayments(context.Background(), storetest.Books(s), co.ID,
		strings.NewReader("Invoice,Date\n1001,2026-01-01\n"), importer.Options{})
	if err == nil || !strings.Contains(err.Error(), "amount column") {
		t.Errorf("err = %v, want the missing amount column named", err)
	}
}

// FuzzImportPayments feeds arbitrary files to the payments import: it must
// never panic, report only real lines, and never leave a balance that is
// not total minus the payments stored, nor a negative one.
// Run with: go test ./internal/importer -run '^$' -fuzz FuzzImportPayments
func FuzzImportPayments(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "payments_*.csv"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, false)
		f.Add(b, true)
	}
	s := storetest.SQLite(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, data []byte, dayFirst bool) {
		co := storetest.Company(t, s, "Fuzz")
		payInvoices(t, s, co.ID)
		opt := importer.Options{DateFormat: importer.DateMDY}
		if dayFirst {
			opt.DateFormat = importer.DateDMY
		}
		rep, err := importer.ImportPayments(ctx, storetest.Books(s), co.ID, bytes.NewReader(data), opt)
		if err != nil {
			return
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, e := range rep.Errors {
			if e.Line < 2 || e.Line > lines || e.Reason == "" {
				t.Errorf("error on line %d of %d: %q", e.Line, lines, e.Reason)
			}
		}
		if n := countPayments(t, s, co.ID); n != rep.Created {
			t.Errorf("%d payments stored, report says %d created", n, rep.Created)
		}
		var bad int
		if err := s.DB().GetContext(ctx, &bad, s.DB().Rebind(`SELECT COUNT(*) FROM invoices i WHERE i.company_id = ? AND
			(i.balance < 0 OR i.balance <> i.total - COALESCE((SELECT SUM(amount) FROM payments p WHERE p.invoice_id = i.id), 0))`),
			co.ID); err != nil {
			t.Fatal(err)
		}
		if bad > 0 {
			t.Errorf("%d invoices whose balance is not total minus payments, or negative", bad)
		}
	})
}
