package ui

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestQuebecTaxesInTheUI: Settings → Company names TPS and TVQ with their
// rates and numbers; the invoice form then offers them per line (both by
// default); the invoice page shows one total line per tax and the numbers;
// an older invoice's single rate stays editable.
func TestQuebecTaxesInTheUI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		b := newBundle(t, s)
		cu := storetest.Customer(t, s, b.company.ID, "Élodie Côté")
		old := b.invoiceFor(b.company.ID, cu.ID, "F-0", 5, 10000)
		old.Lines[0].TaxRate = 149750
		if err := storetest.Books(s).UpdateInvoice(ctx, old); err != nil {
			t.Fatal(err)
		}
		b.c.signin("owner@example.com")
		b.c.submit("/language", url.Values{"lang": {"fr"}})
		settings := url.Values{"name": {"Atelier"}, "timezone": {"America/Toronto"}, "language": {"fr"}, "currency": {"CAD"},
			"tax_name_1": {"TPS"}, "tax_rate_1": {"cinq"}, "tax_number_1": {"123456789 RT0001"},
			"tax_name_2": {"TVQ;"}, "tax_rate_2": {"9,975"}, "tax_number_2": {"1234567890 TQ0001"}}
		r := b.c.submit("/settings/company", settings)
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("bad taxes: %d", r.code)
		}
		// Both errors in one pass, the input kept.
		mustContain(t, r, `id="taxes[0].rate-err"`, `id="taxes[1].name-err"`, `value="cinq"`, `value="TVQ;"`)
		settings.Set("tax_rate_1", "5")
		settings.Set("tax_name_2", "TVQ")
		if r := b.c.submit("/settings/company", settings); r.code != http.StatusSeeOther {
			t.Fatalf("taxes: %d %s", r.code, r.body)
		}
		co, _ := s.GetCompany(ctx, b.company.ID)
		if co.TaxRate1 != 50000 || co.TaxName2 != "TVQ" || co.TaxRate2 != 99750 || co.TaxNumber2 != "1234567890 TQ0001" {
			t.Fatalf("stored company %+v", co)
		}
		mustContain(t, b.c.get("/settings/company"), `value="9,975"`)

		// The form offers the taxes, both together by default.
		both := "TPS=5;TVQ=9.975"
		form := b.c.get("/invoices/new")
		mustContain(t, form, `name="named_taxes"`, `<option value="`+both+`" selected>TPS &#43; TVQ (14,975`, `>TVQ (9,975`, ">Aucune<")
		r = b.c.submit("/invoices", url.Values{"rows": {"2"}, "named_taxes": {"1"}, "customer_id": {itoa(cu.ID)}, "number": {"F-1"},
			"issue_date": {"2026-11-01"}, "due_date": {"2026-12-01"}, "currency": {"CAD"},
			"line0_description": {"Armoire"}, "line0_unit_price": {"10,10"}, "line0_tax": {both},
			"line1_description": {"Déplacement"}, "line1_unit_price": {"50"}, "line1_tax": {""}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("invoice: %d %s", r.code, r.body)
		}
		inv, err := s.InvoiceByNumber(ctx, b.company.ID, "F-1")
		if err != nil {
			t.Fatal(err)
		}
		if l := inv.Lines[0]; l.Tax != 51 || l.Tax2 != 101 || len(inv.Lines[1].Taxes()) != 0 || inv.Total != 6162 {
			t.Errorf("stored %+v, total %d", inv.Lines, inv.Total)
		}
		page := b.c.get(r.loc)
		mustContain(t, page, "TPS (5\u00a0%)", "0,51\u00a0$", "TVQ (9,975\u00a0%)", "1,01\u00a0$", "61,62\u00a0$",
			"TPS\u00a0: 123456789 RT0001", "TVQ\u00a0: 1234567890 TQ0001")
		edit := b.c.get("/invoices/" + itoa(inv.ID) + "/edit")
		if !strings.Contains(edit.body, `name="line1_tax"`) || strings.Count(edit.body, `value="`+both+`" selected`) < 1 {
			t.Errorf("edit form does not keep the line's taxes")
		}
		// The older invoice: its single unnamed rate is one more choice, kept on save.
		edit = b.c.get("/invoices/" + itoa(old.ID) + "/edit")
		mustContain(t, edit, `<option value="=14.975" selected>14,975`)
		mustContain(t, b.c.get("/invoices/"+itoa(old.ID)), "Taxes (14,975\u00a0%)")
	})
}
