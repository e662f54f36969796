package store_test

import (
	"context"
	"testing"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestInvoiceListSearchSortSummary: the list's search (number or
// customer, any case, % and _ literal), its sorts, the paid-since filter,
// and the money bar's sums, scoped to one company.
func TestInvoiceListSearchSortSummary(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		co := storetest.Company(t, s, "Atelier")
		other := storetest.Company(t, s, "Autre")
		zed := storetest.Customer(t, s, co.ID, "Zed Plomberie")
		abe := storetest.Customer(t, s, co.ID, "abe_coop")
		foreign := storetest.Customer(t, s, other.ID, "Zed Ailleurs")
		today := storetest.MustDate(t, "2026-11-30")
		mk := func(c *invoice.Customer, number string, due string, amount int64) *invoice.Invoice {
			inv := storetest.Invoice(c.CompanyID, c.ID, number, storetest.MustDate(t, "2026-10-01"), storetest.MustDate(t, due), amount)
			if err := storetest.Books(s).CreateInvoice(ctx, inv); err != nil {
				t.Fatal(err)
			}
			return inv
		}
		a := mk(zed, "F-10", "2026-11-10", 30000)  // overdue
		b := mk(abe, "F-2", "2026-12-20", 10000)   // open, not due
		c := mk(abe, "F-100%", "2026-11-01", 5000) // paid below
		mk(foreign, "F-10", "2026-11-10", 99900)
		if _, err := storetest.Books(s).AddPayment(ctx, co.ID, c.ID, &invoice.Payment{Amount: 5000, Date: storetest.MustDate(t, "2026-11-20")}); err != nil {
			t.Fatal(err)
		}
		if _, err := storetest.Books(s).AddPayment(ctx, co.ID, a.ID, &invoice.Payment{Amount: 1000, Date: storetest.MustDate(t, "2026-09-01")}); err != nil {
			t.Fatal(err)
		}
		numbers := func(f store.InvoiceFilter) []string {
			t.Helper()
			f.Today, f.Limit = today, 50
			invs, err := s.ListInvoices(ctx, co.ID, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, inv := range invs {
				out = append(out, inv.Number)
			}
			return out
		}
		for _, c := range []struct {
			name string
			f    store.InvoiceFilter
			want []string
		}{
			{"search number", store.InvoiceFilter{Search: "f-1"}, []string{"F-100%", "F-10"}},
			{"search customer any case", store.InvoiceFilter{Search: "ZED"}, []string{"F-10"}},
			{"search % is literal", store.InvoiceFilter{Search: "0%"}, []string{"F-100%"}},
			{"search _ is literal", store.InvoiceFilter{Search: "e_c"}, []string{"F-100%", "F-2"}},
			{"sort number", store.InvoiceFilter{Sort: "number"}, []string{"F-10", "F-100%", "F-2"}},
			{"sort due desc", store.InvoiceFilter{Sort: "due", Desc: true}, []string{"F-2", "F-10", "F-100%"}},
			{"sort balance", store.InvoiceFilter{Sort: "balance"}, []string{"F-100%", "F-2", "F-10"}},
			{"sort customer", store.InvoiceFilter{Sort: "customer"}, []string{"F-2", "F-100%", "F-10"}},
			{"sort offset", store.InvoiceFilter{Sort: "number", Offset: 2}, []string{"F-2"}},
			{"paid since", store.InvoiceFilter{PaidSince: storetest.MustDate(t, "2026-10-31")}, []string{"F-100%"}},
		} {
			got := numbers(c.f)
			if len(got) != len(c.want) {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
				continue
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Errorf("%s: %v, want %v", c.name, got, c.want)
					break
				}
			}
		}
		sum, err := s.SummarizeInvoices(ctx, co.ID, today, storetest.MustDate(t, "2026-10-31"))
		if err != nil {
			t.Fatal(err)
		}
		if sum.Overdue.Count != 1 || sum.Overdue.Totals["CAD"] != 29000 {
			t.Errorf("overdue %+v", sum.Overdue)
		}
		if sum.Open.Count != 2 || sum.Open.Totals["CAD"] != 39000 {
			t.Errorf("open %+v", sum.Open)
		}
		if sum.PaidRecently.Count != 1 || sum.PaidRecently.Totals["CAD"] != 5000 {
			t.Errorf("paid recently %+v", sum.PaidRecently)
		}
		_ = b
	})
}
