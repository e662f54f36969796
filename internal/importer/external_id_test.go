package importer_test

import (
	"context"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// An "External ID" / "ID externe" column sets external_id: customers
// already known by it are unchanged, an invoice whose id another invoice
// has (stored or earlier in the file) is an error line, and a second run
// changes nothing.
func TestImportExternalID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		bk := storetest.Books(s)
		co := storetest.Company(t, s, "Atelier")
		customers := "Nom d'affichage;Courriel;ID externe\n" +
			"Côté Design;elodie@example.com;cus_1\n" +
			"Renamed in the books;other@example.com;cus_1\n" + // known by its id: unchanged
			"Maple;ap@maple.example;\n"
		invoices := "InvoiceNo,Customer,InvoiceDate,DueDate,ItemAmount,External ID\n" +
			"E-1,Côté Design,2026-01-05,2026-02-04,100.00,in_1\n" +
			"E-1,Côté Design,2026-01-05,2026-02-04,50.00,\n" + // given on one row: the invoice's
			"E-2,Maple,2026-01-05,2026-02-04,10.00,in_1\n" + // taken by E-1 above
			"E-3,Maple,2026-01-05,2026-02-04,10.00,\n" +
			"E-4,Maple,2026-01-05,2026-02-04,10.00,\n"
		for run := range 2 {
			rep, err := importer.ImportCustomers(ctx, bk, co.ID, strings.NewReader(customers), importer.Options{})
			if err != nil || len(rep.Errors) != 0 {
				t.Fatalf("run %d customers: %v %+v", run, err, rep.Errors)
			}
			if want := []int{2, 0}[run]; rep.Created != want || rep.Unchanged != 3-want {
				t.Errorf("run %d customers: %d created, %d unchanged", run, rep.Created, rep.Unchanged)
			}
			rep, err = importer.ImportInvoices(ctx, bk, co.ID, strings.NewReader(invoices), importer.Options{DateFormat: importer.DateISO})
			if err != nil {
				t.Fatal(err)
			}
			if want := []int{3, 0}[run]; rep.Created != want || len(rep.Errors) != 1 || rep.Errors[0].Line != 4 ||
				!strings.Contains(rep.Errors[0].Reason, `"in_1" is already used by invoice "E-1"`) {
				t.Errorf("run %d invoices: %+v", run, rep)
			}
		}
		c, err := s.CustomerByExternalID(ctx, co.ID, "cus_1")
		if err != nil || c.DisplayName != "Côté Design" {
			t.Errorf("cus_1 = %+v, %v", c, err)
		}
		l, err := s.ListInvoices(ctx, co.ID, store.InvoiceFilter{ExternalID: "in_1"})
		if err != nil || len(l) != 1 || l[0].Number != "E-1" || l[0].Total != 15000 {
			t.Errorf("in_1 = %+v, %v", l, err)
		}
	})
}
