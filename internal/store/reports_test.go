package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// The reports read the dates of an invoice's first and last payments (the
// last: the day it was paid in full) from invoices.first_payment_date and
// last_payment_date, which every payment write keeps; NULL without payment.
func TestPaymentDatesFollowPayments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		fixedClock(s, time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC))
		bk := storetest.Books(s)
		c := storetest.Company(t, s, "A")
		cust := storetest.Customer(t, s, c.ID, "Élodie Côté")
		inv := storetest.Invoice(c.ID, cust.ID, "F-1", storetest.MustDate(t, "2026-10-01"), storetest.MustDate(t, "2026-10-31"), 30000)
		if err := bk.CreateInvoice(ctx, inv); err != nil {
			t.Fatal(err)
		}
		other := storetest.Invoice(c.ID, cust.ID, "F-2", storetest.MustDate(t, "2026-10-01"), storetest.MustDate(t, "2026-10-31"), 5000)
		if err := bk.CreateInvoice(ctx, other); err != nil {
			t.Fatal(err)
		}
		dates := func(first, last string) {
			t.Helper()
			var got struct {
				First *invoice.Date `db:"first_payment_date"`
				Last  *invoice.Date `db:"last_payment_date"`
			}
			if err := s.DB().GetContext(ctx, &got, s.DB().Rebind(`SELECT first_payment_date, last_payment_date FROM invoices WHERE id = ?`), inv.ID); err != nil {
				t.Fatal(err)
			}
			str := func(d *invoice.Date) string {
				if d == nil {
					return ""
				}
				return d.String()
			}
			if str(got.First) != first || str(got.Last) != last {
				t.Errorf("payment dates = %q … %q, want %q … %q", str(got.First), str(got.Last), first, last)
			}
		}
		pay := func(amount int64, day string) *invoice.Payment {
			t.Helper()
			p := &invoice.Payment{Amount: amount, Date: storetest.MustDate(t, day)}
			if _, err := bk.AddPayment(ctx, c.ID, inv.ID, p); err != nil {
				t.Fatal(err)
			}
			return p
		}
		dates("", "")
		a := pay(10000, "2026-11-10")
		dates("2026-11-10", "2026-11-10")
		b := pay(10000, "2026-11-05") // entered later, dated earlier: the last stays
		dates("2026-11-05", "2026-11-10")
		c3 := pay(10000, "2026-11-20") // paid in full
		dates("2026-11-05", "2026-11-20")
		// Another invoice's payment changes nothing here.
		if _, err := bk.AddPayment(ctx, c.ID, other.ID, &invoice.Payment{Amount: 5000, Date: storetest.MustDate(t, "2026-11-30")}); err != nil {
			t.Fatal(err)
		}
		dates("2026-11-05", "2026-11-20")
		// An edit moves it back or forth.
		c3.Date = storetest.MustDate(t, "2026-11-01")
		if _, err := bk.UpdatePayment(ctx, c.ID, inv.ID, c3, "test"); err != nil {
			t.Fatal(err)
		}
		dates("2026-11-01", "2026-11-10")
		a.Date = storetest.MustDate(t, "2026-11-25")
		if _, err := bk.UpdatePayment(ctx, c.ID, inv.ID, a, "test"); err != nil {
			t.Fatal(err)
		}
		dates("2026-11-01", "2026-11-25")
		// A deletion falls back on the remaining payments, then on none.
		if err := bk.DeletePayment(ctx, c.ID, inv.ID, a.ID, "test"); err != nil {
			t.Fatal(err)
		}
		dates("2026-11-01", "2026-11-05")
		for _, p := range []*invoice.Payment{b, c3} {
			if err := bk.DeletePayment(ctx, c.ID, inv.ID, p.ID, "test"); err != nil {
				t.Fatal(err)
			}
		}
		dates("", "")
		// The import's path.
		if err := bk.Write(ctx, func(tx *store.Tx) error {
			return tx.ImportPayments(ctx, c.ID, []*invoice.Payment{
				{InvoiceID: inv.ID, Amount: 100, Date: storetest.MustDate(t, "2026-11-12")},
				{InvoiceID: inv.ID, Amount: 100, Date: storetest.MustDate(t, "2026-11-02")},
			})
		}); err != nil {
			t.Fatal(err)
		}
		dates("2026-11-02", "2026-11-12")
	})
}
