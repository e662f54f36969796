package store_test

import (
	"context"
	"testing"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// external_id is unique per company when set: on the one-by-one writes,
// on the bulk insert of imports, and found by the look-ups; empty ones
// repeat; another company reuses an id.
func TestExternalIDUnique(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		bk := storetest.Books(s)
		co := storetest.Company(t, s, "A")
		other := storetest.Company(t, s, "B")
		for i, ext := range []string{"c-1", "", ""} {
			c := &invoice.Customer{CompanyID: co.ID, DisplayName: "C" + storetest.Seq(i), Language: "fr", ExternalID: ext}
			if err := s.CreateCustomer(ctx, c); err != nil {
				t.Fatalf("customer %q: %v", ext, err)
			}
		}
		dup := &invoice.Customer{CompanyID: co.ID, DisplayName: "Dup", Language: "fr", ExternalID: "c-1"}
		if err := s.CreateCustomer(ctx, dup); invoice.ErrorCode(err) != invoice.EConflict || !hasField(err, "external_id") {
			t.Errorf("second c-1: %v, want a conflict on external_id", err)
		}
		oc := &invoice.Customer{CompanyID: other.ID, DisplayName: "Other", Language: "fr", ExternalID: "c-1"}
		if err := s.CreateCustomer(ctx, oc); err != nil {
			t.Errorf("another company's c-1: %v", err)
		}
		got, err := s.CustomerByExternalID(ctx, co.ID, " c-1")
		if err != nil || got.ExternalID != "c-1" || got.CompanyID != co.ID {
			t.Errorf("CustomerByExternalID = %+v, %v", got, err)
		}
		if _, err := s.CustomerByExternalID(ctx, co.ID, ""); !invoice.IsNotFound(err) {
			t.Errorf("empty external_id found %v", err)
		}

		d := storetest.MustDate(t, "2026-03-01")
		mk := func(n int, ext string) *invoice.Invoice {
			inv := storetest.Invoice(co.ID, got.ID, storetest.Seq(n), d, d, 1000)
			inv.ExternalID = ext
			return inv
		}
		if err := bk.CreateInvoices(ctx, co.ID, []*invoice.Invoice{mk(1, "i-1"), mk(2, ""), mk(3, "")}); err != nil {
			t.Fatal(err)
		}
		err = bk.CreateInvoices(ctx, co.ID, []*invoice.Invoice{mk(4, "i-4"), mk(5, "i-1")})
		if invoice.ErrorCode(err) != invoice.EConflict || !hasField(err, "external_id") {
			t.Errorf("bulk with a used i-1: %v, want a conflict on external_id", err)
		}
		if err := bk.CreateInvoice(ctx, mk(6, "i-1")); invoice.ErrorCode(err) != invoice.EConflict || !hasField(err, "external_id") {
			t.Errorf("one invoice with a used i-1: %v", err)
		}
		l, err := s.ListInvoices(ctx, co.ID, store.InvoiceFilter{ExternalID: "i-1"})
		if err != nil || len(l) != 1 || l[0].Number != storetest.Seq(1) || l[0].ExternalID != "i-1" {
			t.Errorf("ListInvoices(external_id i-1) = %+v, %v", l, err)
		}
		if l, _ := s.ListInvoices(ctx, co.ID, store.InvoiceFilter{}); len(l) != 3 {
			t.Errorf("%d invoices, want 3 (the refused batch stored nothing)", len(l))
		}
	})
}

func hasField(err error, field string) bool {
	var e *invoice.Error
	if !asErr(err, &e) {
		return false
	}
	_, ok := e.Fields[field]
	return ok
}
