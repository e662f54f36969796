package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestNamedTaxes: the company names its taxes (TPS, TVQ) with their rates
// and numbers; a line carries both, each rounded per line; the invoice
// answers one total per tax; a line with the single tax_rate of before
// still works; a PATCH that changes the currency keeps the named taxes.
func TestNamedTaxes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		en := newEnv(t, s)
		var co struct {
			Taxes []struct{ Name, Rate, Number string } `json:"taxes"`
		}
		en.must(http.StatusOK, "PUT", "/api/v1/settings/company", map[string]any{"taxes": []map[string]string{
			{"name": "TPS", "rate": "5", "number": "123456789 RT0001"},
			{"name": "TVQ", "rate": "9.975", "number": "1234567890 TQ0001"}}}, &co)
		if len(co.Taxes) != 2 || co.Taxes[1].Rate != "9.975" || co.Taxes[1].Number != "1234567890 TQ0001" {
			t.Fatalf("company taxes %+v", co.Taxes)
		}
		c, _ := s.GetCompany(context.Background(), en.company.ID)
		if c.TaxNumber1 != "123456789 RT0001" || c.TaxName2 != "TVQ" || c.TaxRate2 != 99750 {
			t.Errorf("stored company %+v", c)
		}
		r := en.do(en.token, "PUT", "/api/v1/settings/company", map[string]any{"taxes": []map[string]string{{"name": "", "rate": "5"}}})
		checkError(t, r, http.StatusUnprocessableEntity, "invalid", "taxes[0].name")

		cu := en.createCustomer("Côté", "elodie@example.com")
		body := simpleInvoice("F-1", cu, "2026-11-01", "2026-12-01")
		body["lines"] = []map[string]any{
			{"description": "Travaux", "quantity": "1", "unit_price": "10.10",
				"taxes": []map[string]string{{"name": "TPS", "rate": "5"}, {"name": "TVQ", "rate": "9.975"}}},
			{"description": "Ancien", "quantity": "1", "unit_price": "10.10", "tax_rate": "14.975"},
		}
		var inv struct {
			TaxTotal string `json:"tax_total"`
			Total    string `json:"total"`
			Taxes    []struct{ Name, Rate, Amount string }
			Lines    []struct {
				TaxRate string `json:"tax_rate"`
				Tax     string `json:"tax"`
				Taxes   []struct{ Name, Rate, Amount string }
			}
			ID int64 `json:"id"`
		}
		en.must(http.StatusCreated, "POST", "/api/v1/invoices", body, &inv)
		got, _ := json.Marshal(inv.Taxes)
		if string(got) != `[{"Name":"TPS","Rate":"5","Amount":"0.51"},{"Name":"TVQ","Rate":"9.975","Amount":"1.01"},{"Name":"","Rate":"14.975","Amount":"1.51"}]` {
			t.Errorf("invoice taxes %s", got)
		}
		if inv.TaxTotal != "3.03" || inv.Total != "23.23" || inv.Lines[0].Tax != "1.52" || inv.Lines[0].TaxRate != "14.975" || len(inv.Lines[0].Taxes) != 2 {
			t.Errorf("totals %s %s, line %+v", inv.TaxTotal, inv.Total, inv.Lines[0])
		}
		r = en.do(en.token, "POST", "/api/v1/invoices", map[string]any{"number": "F-2", "customer_id": cu, "issue_date": "2026-11-01",
			"due_date": "2026-12-01", "currency": "CAD", "lines": []map[string]any{{"description": "x", "unit_price": "1",
				"taxes": []map[string]string{{"name": "TPS", "rate": "5"}, {"name": "TPS", "rate": "5"}}}}})
		checkError(t, r, http.StatusUnprocessableEntity, "invalid", "lines[0].taxes[1]")

		// A new currency re-reads the lines: the named taxes stay.
		en.must(http.StatusOK, "PATCH", fmt.Sprintf("/api/v1/invoices/%d", inv.ID), map[string]any{"currency": "USD"}, &inv)
		if len(inv.Taxes) != 3 || inv.Taxes[1].Name != "TVQ" || inv.TaxTotal != "3.03" {
			t.Errorf("after a currency change: %+v %s", inv.Taxes, inv.TaxTotal)
		}
	})
}
