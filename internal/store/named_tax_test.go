package store_test

import (
	"context"
	"testing"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestNamedTaxesStored: a company's named taxes and a line's two taxes
// (TPS and TVQ) are stored and read back on both databases, their amounts
// as Compute rounded them; an older line's single unnamed rate is
// unchanged.
func TestNamedTaxesStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		bk := storetest.Books(s)
		co := storetest.Company(t, s, "Atelier")
		co.TaxName1, co.TaxRate1, co.TaxNumber1 = "TPS", 50000, "123456789 RT0001"
		co.TaxName2, co.TaxRate2, co.TaxNumber2 = "TVQ", 99750, "1234567890 TQ0001"
		if err := bk.UpdateCompany(ctx, co); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetCompany(ctx, co.ID)
		if err != nil || len(got.Taxes()) != 2 || got.Taxes()[1] != (invoice.CompanyTax{Name: "TVQ", Rate: 99750, Number: "1234567890 TQ0001"}) {
			t.Fatalf("company taxes %+v (%v)", got.Taxes(), err)
		}
		cu := storetest.Customer(t, s, co.ID, "Côté")
		inv := storetest.Invoice(co.ID, cu.ID, "F-1", storetest.MustDate(t, "2026-11-01"), storetest.MustDate(t, "2026-12-01"), 1010)
		inv.Lines[0].SetTaxes([]invoice.LineTax{{Name: "TPS", Rate: 50000}, {Name: "TVQ", Rate: 99750}})
		inv.Lines = append(inv.Lines, invoice.Line{Description: "old", Quantity: 10000, UnitPrice: 1010, TaxRate: 149750})
		if err := bk.CreateInvoice(ctx, inv); err != nil {
			t.Fatal(err)
		}
		back, err := s.GetInvoice(ctx, co.ID, inv.ID)
		if err != nil {
			t.Fatal(err)
		}
		l := back.Lines[0]
		if l.TaxName != "TPS" || l.Tax != 51 || l.TaxName2 != "TVQ" || l.TaxRate2 != 99750 || l.Tax2 != 101 {
			t.Errorf("line taxes %+v", l)
		}
		if o := back.Lines[1]; len(o.Taxes()) != 1 || o.TaxName != "" || o.Tax != 151 {
			t.Errorf("old line %+v", o)
		}
		if back.TaxTotal != 51+101+151 || back.Total != 2020+303 {
			t.Errorf("totals tax %d total %d", back.TaxTotal, back.Total)
		}
	})
}
