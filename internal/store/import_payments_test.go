package store_test

import (
	"context"
	"testing"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// Tx.ImportPayments moves balances with one statement for many invoices:
// a batch is stored whole (ids, balances, several payments on one
// invoice summed), or, when one invoice cannot take its share (balance
// too low, voided, another company's), not at all, with a conflict.
func TestImportPaymentsBatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		bk := storetest.Books(s)
		co := storetest.Company(t, s, "A")
		other := storetest.Company(t, s, "B")
		cu := storetest.Customer(t, s, co.ID, "Client")
		ocu := storetest.Customer(t, s, other.ID, "Other")
		d := storetest.MustDate(t, "2026-03-01")
		a := storetest.Invoice(co.ID, cu.ID, "A-1", d, d, 10000)
		b := storetest.Invoice(co.ID, cu.ID, "A-2", d, d, 5000)
		v := storetest.Invoice(co.ID, cu.ID, "A-3", d, d, 5000)
		o := storetest.Invoice(other.ID, ocu.ID, "B-1", d, d, 5000)
		for _, inv := range []*invoice.Invoice{a, b, v, o} {
			if err := bk.CreateInvoice(ctx, inv); err != nil {
				t.Fatal(err)
			}
		}
		if err := bk.VoidInvoice(ctx, co.ID, v.ID); err != nil {
			t.Fatal(err)
		}
		pay := func(inv *invoice.Invoice, amount int64, ref string) *invoice.Payment {
			return &invoice.Payment{InvoiceID: inv.ID, Amount: amount, Date: d, Reference: ref, Kind: invoice.PaymentImport}
		}
		write := func(ps ...*invoice.Payment) error {
			return bk.Write(ctx, func(tx *store.Tx) error { return tx.ImportPayments(ctx, co.ID, ps) })
		}
		balances := func() (int64, int64) {
			ga, err := s.GetInvoice(ctx, co.ID, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			gb, err := s.GetInvoice(ctx, co.ID, b.ID)
			if err != nil {
				t.Fatal(err)
			}
			return ga.Balance, gb.Balance
		}
		for name, batch := range map[string][]*invoice.Payment{
			"more than the balance in sum": {pay(a, 6000, "1"), pay(b, 100, "2"), pay(a, 4001, "3")},
			"a voided invoice":             {pay(a, 100, "1"), pay(v, 100, "2")},
			"another company's invoice":    {pay(a, 100, "1"), pay(o, 100, "2")},
		} {
			if err := write(batch...); invoice.ErrorCode(err) != invoice.EConflict {
				t.Errorf("%s: err = %v, want a conflict", name, err)
			}
			if ba, bb := balances(); ba != 10000 || bb != 5000 {
				t.Errorf("%s: balances %d, %d changed by a refused batch", name, ba, bb)
			}
		}
		ps := []*invoice.Payment{pay(a, 6000, "1"), pay(b, 5000, "2"), pay(a, 4000, "3")}
		if err := write(ps...); err != nil {
			t.Fatal(err)
		}
		if ba, bb := balances(); ba != 0 || bb != 0 {
			t.Errorf("balances after the batch = %d, %d, want 0, 0", ba, bb)
		}
		got, err := s.GetInvoice(ctx, co.ID, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Payments) != 2 || got.Payments[0].ID != ps[0].ID || got.Payments[1].ID != ps[2].ID ||
			got.Payments[1].Reference != "3" || got.Payments[0].Kind != invoice.PaymentImport || got.Paid != 10000 {
			t.Errorf("invoice A-1 payments = %+v (ids %d, %d)", got.Payments, ps[0].ID, ps[2].ID)
		}
	})
}
