package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// The effectiveness report reads the day an invoice was paid in full from
// invoices.last_payment_date, which every payment write keeps: the date of
// the invoice's last payment, NULL without one.
func TestLastPaymentDateFollowsPayments(t *testing.T) {
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
		last := func(want string) {
			t.Helper()
			var got *invoice.Date
			if err := s.DB().GetContext(ctx, &got, s.DB().Rebind(`SELECT last_payment_date FROM invoices WHERE id = ?`), inv.ID); err != nil {
				t.Fatal(err)
			}
			switch {
			case want == "" && got != nil:
				t.Errorf("last payment date = %s, want none", got)
			case want != "" && (got == nil || got.String() != want):
				t.Errorf("last payment date = %v, want %s", got, want)
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
		last("")
		a := pay(10000, "2026-11-10")
		last("2026-11-10")
		b := pay(10000, "2026-11-05") // entered later, dated earlier: the last stays
		last("2026-11-10")
		c3 := pay(10000, "2026-11-20") // paid in full
		last("2026-11-20")
		// Another invoice's payment changes nothing here.
		if _, err := bk.AddPayment(ctx, c.ID, other.ID, &invoice.Payment{Amount: 5000, Date: storetest.MustDate(t, "2026-11-30")}); err != nil {
			t.Fatal(err)
		}
		last("2026-11-20")
		// An edit moves it back or forth.
		c3.Date = storetest.MustDate(t, "2026-11-01")
		if _, err := bk.UpdatePayment(ctx, c.ID, inv.ID, c3, "test"); err != nil {
			t.Fatal(err)
		}
		last("2026-11-10")
		a.Date = storetest.MustDate(t, "2026-11-25")
		if _, err := bk.UpdatePayment(ctx, c.ID, inv.ID, a, "test"); err != nil {
			t.Fatal(err)
		}
		last("2026-11-25")
		// A deletion falls back on the remaining payments, then on none.
		if err := bk.DeletePayment(ctx, c.ID, inv.ID, a.ID, "test"); err != nil {
			t.Fatal(err)
		}
		last("2026-11-05")
		for _, p := range []*invoice.Payment{b, c3} {
			if err := bk.DeletePayment(ctx, c.ID, inv.ID, p.ID, "test"); err != nil {
				t.Fatal(err)
			}
		}
		last("")
		// The import's path.
		if err := bk.Write(ctx, func(tx *store.Tx) error {
			return tx.ImportPayments(ctx, c.ID, []*invoice.Payment{
				{InvoiceID: inv.ID, Amount: 100, Date: storetest.MustDate(t, "2026-11-12")},
				{InvoiceID: inv.ID, Amount: 100, Date: storetest.MustDate(t, "2026-11-02")},
			})
		}); err != nil {
			t.Fatal(err)
		}
		last("2026-11-12")
	})
}
