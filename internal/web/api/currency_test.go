package api_test

import (
	"net/http"
	"testing"
)

// TestInvoiceCurrencyChange: amounts are stored in minor units, so a
// PATCH of the currency must not turn 100.00 CAD into 10000 JPY.
func TestInvoiceCurrencyChange(t *testing.T) {
	parallelEach(t, func(t *testing.T, en *env) {
		cust := en.createCustomer("Client", "client@example.com")
		inv := en.createInvoice(simpleInvoice("C-1", cust, "2026-01-01", "2026-01-31")) // 2 × 100.00 + 5 %
		url := path("/api/v1/invoices/{id}", inv.ID)

		var got invoiceJSON
		en.must(http.StatusOK, "PATCH", url, map[string]any{"currency": "USD"}, &got)
		if got.Currency != "USD" || got.Lines[0].UnitPrice != "100.00" || got.Total != "210.00" {
			t.Errorf("CAD → USD: %s %s, total %s", got.Currency, got.Lines[0].UnitPrice, got.Total)
		}
		en.must(http.StatusOK, "PATCH", url, map[string]any{"currency": "JPY"}, &got)
		if got.Currency != "JPY" || got.Lines[0].UnitPrice != "100" || got.Total != "210" {
			t.Errorf("USD → JPY: %s %s, total %s", got.Currency, got.Lines[0].UnitPrice, got.Total)
		}
		en.must(http.StatusOK, "PATCH", url, map[string]any{"currency": "KWD"}, &got)
		if got.Currency != "KWD" || got.Lines[0].UnitPrice != "100.000" || got.Total != "210.000" {
			t.Errorf("JPY → KWD: %s %s, total %s", got.Currency, got.Lines[0].UnitPrice, got.Total)
		}
		en.must(http.StatusOK, "PATCH", url, map[string]any{"currency": "CAD",
			"lines": []map[string]string{{"quantity": "1", "unit_price": "12.34"}}}, &got)
		if got.Currency != "CAD" || got.Total != "12.34" {
			t.Errorf("KWD → CAD with new lines: %s, total %s", got.Currency, got.Total)
		}

		before := en.call("GET", url, nil).body
		// 12.34 has no JPY equivalent without rounding.
		checkError(t, en.call("PATCH", url, map[string]any{"currency": "JPY"}), http.StatusUnprocessableEntity, "invalid", "lines[0].unit_price")
		// Money already received was received in CAD.
		en.must(http.StatusCreated, "POST", path("/api/v1/invoices/{id}/payments", inv.ID), map[string]string{"amount": "2.34"}, nil)
		before = en.call("GET", url, nil).body
		checkError(t, en.call("PATCH", url, map[string]any{"currency": "USD"}), http.StatusUnprocessableEntity, "invalid", "currency")
		checkError(t, en.call("PATCH", url, map[string]any{"currency": "USD",
			"lines": []map[string]string{{"unit_price": "100.00"}}}), http.StatusUnprocessableEntity, "invalid", "currency")
		if after := en.call("GET", url, nil).body; string(after) != string(before) {
			t.Errorf("a refused currency change changed the invoice:\n%s\n%s", before, after)
		}
		// The same currency again is no change.
		en.must(http.StatusOK, "PATCH", url, map[string]any{"currency": "CAD", "memo": "m"}, &got)
		if got.BalanceDue != "10.00" {
			t.Errorf("balance %s", got.BalanceDue)
		}
	})
}
