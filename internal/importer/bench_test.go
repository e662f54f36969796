package importer_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store/storetest"
)

var benchInvoices = flag.Int("import.n", 100_000, "invoices in the generated file of BenchmarkImportInvoices")

// qboFile generates a QuickBooks-layout export of n invoices for 500
// customers, one to three lines each (two on average), Québec taxes.
func qboFile(n int) []byte {
	var b bytes.Buffer
	b.WriteString("InvoiceNo,Customer,InvoiceDate,DueDate,Terms,Memo,Item(Product/Service),ItemDescription,ItemQuantity,ItemRate,ItemAmount,Taxable,TaxRate\n")
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		issue := start.AddDate(0, 0, i%400)
		due := issue.AddDate(0, 0, 30)
		cust := fmt.Sprintf("Client %03d Côté", i%500)
		for l := range 1 + i%3 {
			qty, rate := 1+l, 25+i%200
			fmt.Fprintf(&b, "INV-%06d,%s,%s,%s,Net 30,,Services,\"Travaux, étape %d\",%d,%d.50,%d.%02d,Y,14.975%%\n",
				i, cust, issue.Format("01/02/2006"), due.Format("01/02/2006"), l+1, qty, rate, qty*rate+qty/2, (qty%2)*50)
		}
	}
	return b.Bytes()
}

// BenchmarkImportInvoices measures a whole import of -import.n invoices
// into a fresh SQLite database with reminders on (so every invoice is
// planned), customers created on the way. It prints the figure; no test
// asserts a time. Run:
//
//	go test ./internal/importer -run '^$' -bench ImportInvoices -benchtime 1x
func BenchmarkImportInvoices(b *testing.B) {
	data := qboFile(*benchInvoices)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		b.StopTimer()
		s := storetest.SQLite(b)
		co := storetest.Company(b, s, "Bench")
		enableReminders(b, s, co.ID)
		b.StartTimer()
		t0 := time.Now()
		rep, err := importer.ImportInvoices(context.Background(), storetest.Books(s), co.ID, bytes.NewReader(data),
			importer.Options{DateFormat: importer.DateMDY, CreateCustomers: true})
		el := time.Since(t0)
		if err != nil || rep.Created != *benchInvoices || len(rep.Errors) > 0 {
			b.Fatalf("import: %v, created %d, %d errors (first: %v)", err, rep.Created, len(rep.Errors), rep.Errors[:min(1, len(rep.Errors))])
		}
		b.Logf("sqlite: %d invoices (%d MB CSV) imported in %.2f s = %.0f invoices/s",
			rep.Created, len(data)>>20, el.Seconds(), float64(rep.Created)/el.Seconds())
		b.ReportMetric(el.Seconds(), "s/import")
	}
}

// BenchmarkCreateInvoiceOneByOne is the figure that justified the bulk
// path: store.CreateInvoice, one transaction per invoice.
func BenchmarkCreateInvoiceOneByOne(b *testing.B) {
	s := storetest.SQLite(b)
	co := storetest.Company(b, s, "Bench")
	enableReminders(b, s, co.ID)
	cust := storetest.Customer(b, s, co.ID, "Élodie Côté")
	issue, due := invoice.Date{Year: 2026, Month: 1, Day: 1}, invoice.Date{Year: 2026, Month: 1, Day: 31}
	i := 0
	for b.Loop() {
		inv := storetest.Invoice(co.ID, cust.ID, storetest.Seq(i), issue, due, 12345)
		inv.Lines = append(inv.Lines, invoice.Line{Description: "Deux", Quantity: 20000, UnitPrice: 5000, TaxRate: 149750})
		if err := storetest.Books(s).CreateInvoice(context.Background(), inv); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
