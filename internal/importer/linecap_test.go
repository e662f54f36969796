package importer_test

import (
	"context"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestImportLineCapIsValidates: the CSV import accepts exactly the lines
// invoice.Validate accepts (the API does too): the largest line imports, a
// larger one is refused on its row, naming the unit price.
func TestImportLineCapIsValidates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		co := storetest.Company(t, s, "Atelier")
		largest := money.FormatAmount(invoice.MaxLineAmount, "CAD")
		csv := "number,customer,issue_date,due_date,description,quantity,unit_price,amount\n" +
			"BIG-1,Élodie Côté,2026-01-01,2026-01-31,largest,1," + largest + "," + largest + "\n" +
			"BIG-2,Élodie Côté,2026-01-01,2026-01-31,over,1.0001," + largest + ",\n" +
			"BIG-3,Élodie Côté,2026-01-01,2026-01-31,over by quantity,2," + largest + ",\n" +
			"BIG-4,Élodie Côté,2026-01-01,2026-01-31,beyond any amount,1,10000000000000.01,\n"
		rep, err := importer.ImportInvoices(context.Background(), storetest.Books(s), co.ID, strings.NewReader(csv), importer.Options{CreateCustomers: true})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Created != 1 {
			t.Errorf("created %d invoices, want 1 (the largest line): %+v", rep.Created, rep.Errors)
		}
		inv, err := s.InvoiceByNumber(context.Background(), co.ID, "BIG-1")
		if err != nil {
			t.Fatalf("largest line refused: %v; report %+v", err, rep.Errors)
		}
		if inv.Lines[0].Amount != invoice.MaxLineAmount {
			t.Errorf("largest line stored as %d", inv.Lines[0].Amount)
		}
		if len(rep.Errors) != 3 {
			t.Fatalf("errors = %+v, want rows 3, 4 and 5 refused", rep.Errors)
		}
		// A number beyond what any amount may hold is called too large, not
		// "not a number".
		if e := rep.Errors[2]; e.Line != 5 || e.Reason != `unit_price: "10000000000000.01" is too large` {
			t.Errorf("error 2 = %+v", e)
		}
		for i, e := range rep.Errors[:2] {
			if e.Line != 3+i || !strings.HasPrefix(e.Reason, "unit_price: quantity × unit price is more than "+largest) {
				t.Errorf("error %d = %+v, want line %d refused on its unit price", i, e, 3+i)
			}
		}
	})
}
