package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// BenchmarkBulkInsert100k stores 100 000 invoices (two lines each) through
// store.CreateInvoices in batches of 5 000, on each database.
//
//	go test -run '^$' -bench BulkInsert -benchtime 1x ./internal/store/
func BenchmarkBulkInsert100k(b *testing.B) {
	for _, open := range []struct {
		name string
		fn   func(testing.TB) *store.Store
	}{{"sqlite", storetest.SQLite}, {"postgres", storetest.Postgres}} {
		b.Run(open.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				s := open.fn(b)
				ctx := context.Background()
				co := storetest.Company(b, s, "Bench")
				var custs []int64
				for c := 0; c < 100; c++ {
					custs = append(custs, storetest.Customer(b, s, co.ID, fmt.Sprintf("Client %d", c)).ID)
				}
				b.StartTimer()
				start := time.Now()
				const n, batch = 100000, 5000
				issue := storetest.MustDate(b, "2026-09-01")
				for k := 0; k < n; k += batch {
					invs := make([]*invoice.Invoice, 0, batch)
					for j := k; j < k+batch; j++ {
						inv := storetest.Invoice(co.ID, custs[j%len(custs)], storetest.Seq(j), issue, issue.AddDays(j%120), 10000+int64(j%5000))
						inv.Lines = append(inv.Lines, invoice.Line{Description: "TPS/TVQ", Quantity: 20000, UnitPrice: 2550, TaxRate: 149750})
						invs = append(invs, inv)
					}
					if err := storetest.Books(s).CreateInvoices(ctx, co.ID, invs); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(n)/time.Since(start).Seconds(), "invoices/s")
			}
		})
	}
}
