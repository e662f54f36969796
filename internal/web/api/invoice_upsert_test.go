package api_test

import (
	"net/http"
	"net/url"
	"testing"
)

// TestInvoiceUpsert: PUT by number creates (201), replaces (200) keeping
// the payments, is idempotent, refuses a total below the payments (409,
// nothing changed) and a body naming another number (422); another
// company's number is a new invoice of its own.
func TestInvoiceUpsert(t *testing.T) {
	parallelEach(t, func(t *testing.T, en *env) {
		cust := en.createCustomer("Côté Rénovation", "elodie@example.com")
		other := en.createCustomer("Maple Leaf Bakery", "ap@maple.example")
		put := "/api/v1/invoices/by-number/" + url.PathEscape("SYNC 7/A")
		body := simpleInvoice("SYNC 7/A", cust, "2026-01-01", "2026-01-31") // 210.00
		delete(body, "number")

		var created invoiceJSON
		en.must(http.StatusCreated, "PUT", put, body, &created)
		if created.Number != "SYNC 7/A" || created.Total != "210.00" || created.Email != "elodie@example.com" {
			t.Fatalf("created: %+v", created)
		}
		en.must(http.StatusCreated, "POST", path("/api/v1/invoices/{id}/payments", created.ID), map[string]string{"amount": "100.00"}, nil)

		// Replaced: another customer, a new due date and lines; the payment stays.
		body["customer_id"] = other
		body["due_date"] = "2026-02-28"
		body["lines"] = []map[string]string{{"description": "Plans", "quantity": "1", "unit_price": "300.00"}}
		var replaced invoiceJSON
		for run := range 2 {
			replaced = invoiceJSON{}
			en.must(http.StatusOK, "PUT", put, body, &replaced)
			if replaced.ID != created.ID || replaced.CustomerID != other || replaced.DueDate != "2026-02-28" ||
				replaced.Total != "300.00" || replaced.AmountPaid != "100.00" || replaced.BalanceDue != "200.00" ||
				len(replaced.Payments) != 1 || replaced.Email != "ap@maple.example" || len(replaced.Lines) != 1 {
				t.Errorf("run %d replaced: %+v", run, replaced)
			}
		}

		// Below the payments: 409, nothing changed.
		body["lines"] = []map[string]string{{"description": "Plans", "quantity": "1", "unit_price": "99.99"}}
		checkError(t, en.call("PUT", put, body), http.StatusConflict, "conflict", "lines")
		var after invoiceJSON
		en.must(http.StatusOK, "GET", path("/api/v1/invoices/{id}", created.ID), nil, &after)
		if after.Total != "300.00" || after.BalanceDue != "200.00" {
			t.Errorf("after the refused replacement: %+v", after)
		}

		body["lines"] = []map[string]string{{"description": "Plans", "quantity": "1", "unit_price": "300.00"}}
		body["number"] = "OTHER"
		checkError(t, en.call("PUT", put, body), http.StatusUnprocessableEntity, "invalid", "number")
		delete(body, "number")
		body["due_date"] = "2026-02-30"
		checkError(t, en.call("PUT", put, body), http.StatusUnprocessableEntity, "invalid", "due_date")

		// The same number in another company is that company's own invoice.
		_, otherTok := en.otherCompany("Autre")
		if r := en.do(otherTok, "PUT", put, body); r.status != http.StatusUnprocessableEntity {
			// customer_id is not one of the other company's customers
			t.Errorf("another company's PUT with our customer: %s", r)
		}
		var list page[invoiceJSON]
		en.must(http.StatusOK, "GET", "/api/v1/invoices", nil, &list)
		if len(list.Items) != 1 {
			t.Errorf("%d invoices after the upserts, want 1", len(list.Items))
		}
	})
}
