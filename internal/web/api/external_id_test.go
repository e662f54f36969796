package api_test

import (
	"net/http"
	"net/url"
	"testing"
)

// TestExternalID: customers and invoices carry an external_id, set on
// create, patch and upsert, returned, filterable; a second object of the
// company with the same one is a 409 naming external_id (nothing stored);
// empty ones repeat freely, and another company may use the same id.
func TestExternalID(t *testing.T) {
	parallelEach(t, func(t *testing.T, en *env) {
		type cust struct {
			ID         int64  `json:"id"`
			ExternalID string `json:"external_id"`
		}
		type inv struct {
			ID         int64  `json:"id"`
			Number     string `json:"number"`
			ExternalID string `json:"external_id"`
		}
		var c1, c2 cust
		en.must(http.StatusCreated, "POST", "/api/v1/customers",
			map[string]any{"display_name": "Côté", "email": "a@example.com", "external_id": " cus_123 "}, &c1)
		if c1.ExternalID != "cus_123" {
			t.Errorf("customer external_id = %q, want the trimmed cus_123", c1.ExternalID)
		}
		en.must(http.StatusCreated, "POST", "/api/v1/customers", map[string]any{"display_name": "Sans id", "email": "b@example.com"}, &c2)
		en.must(http.StatusCreated, "POST", "/api/v1/customers", map[string]any{"display_name": "Sans id 2", "email": "c@example.com",
			"external_id": ""}, nil)
		checkError(t, en.call("POST", "/api/v1/customers", map[string]any{"display_name": "Copie", "email": "d@example.com",
			"external_id": "cus_123"}), http.StatusConflict, "conflict", "external_id")
		checkError(t, en.call("PATCH", path("/api/v1/customers/{id}", c2.ID), map[string]any{"external_id": "cus_123"}),
			http.StatusConflict, "conflict", "external_id")
		checkError(t, en.call("PATCH", path("/api/v1/customers/{id}", c2.ID), map[string]any{"external_id": "a\nb"}),
			http.StatusUnprocessableEntity, "invalid", "external_id")

		var cl page[cust]
		en.must(http.StatusOK, "GET", "/api/v1/customers?external_id=cus_123", nil, &cl)
		if len(cl.Items) != 1 || cl.Items[0].ID != c1.ID {
			t.Errorf("customers?external_id=cus_123 = %+v, want customer %d", cl.Items, c1.ID)
		}
		cl = page[cust]{}
		en.must(http.StatusOK, "GET", "/api/v1/customers?external_id=nope", nil, &cl)
		if len(cl.Items) != 0 {
			t.Errorf("customers?external_id=nope = %+v", cl.Items)
		}

		body := simpleInvoice("EXT-1", c1.ID, "2026-01-01", "2026-01-31")
		body["external_id"] = "in_9"
		var i1, i2 inv
		en.must(http.StatusCreated, "POST", "/api/v1/invoices", body, &i1)
		en.must(http.StatusCreated, "POST", "/api/v1/invoices", simpleInvoice("EXT-2", c1.ID, "2026-01-01", "2026-01-31"), &i2)
		en.must(http.StatusCreated, "POST", "/api/v1/invoices", simpleInvoice("EXT-3", c1.ID, "2026-01-01", "2026-01-31"), nil)
		if i1.ExternalID != "in_9" || i2.ExternalID != "" {
			t.Errorf("invoices' external_id = %q, %q", i1.ExternalID, i2.ExternalID)
		}
		dup := simpleInvoice("EXT-4", c1.ID, "2026-01-01", "2026-01-31")
		dup["external_id"] = "in_9"
		checkError(t, en.call("POST", "/api/v1/invoices", dup), http.StatusConflict, "conflict", "external_id")
		checkError(t, en.call("PATCH", path("/api/v1/invoices/{id}", i2.ID), map[string]any{"external_id": "in_9"}),
			http.StatusConflict, "conflict", "external_id")
		put := "/api/v1/invoices/by-number/" + url.PathEscape("EXT-5")
		delete(dup, "number")
		checkError(t, en.call("PUT", put, dup), http.StatusConflict, "conflict", "external_id")

		var il page[inv]
		en.must(http.StatusOK, "GET", "/api/v1/invoices?external_id=in_9", nil, &il)
		if len(il.Items) != 1 || il.Items[0].ID != i1.ID {
			t.Errorf("invoices?external_id=in_9 = %+v, want invoice %d only", il.Items, i1.ID)
		}
		il = page[inv]{}
		en.must(http.StatusOK, "GET", "/api/v1/invoices", nil, &il)
		if len(il.Items) != 3 {
			t.Errorf("%d invoices, want 3: a refused one was stored", len(il.Items))
		}

		// Upsert: sets it on create, keeps it when the body has none,
		// changes it when the body says so.
		up := simpleInvoice("EXT-6", c1.ID, "2026-01-01", "2026-01-31")
		delete(up, "number")
		up["external_id"] = "in_6"
		put = "/api/v1/invoices/by-number/EXT-6"
		var u inv
		en.must(http.StatusCreated, "PUT", put, up, &u)
		delete(up, "external_id")
		u = inv{}
		en.must(http.StatusOK, "PUT", put, up, &u)
		if u.ExternalID != "in_6" {
			t.Errorf("a replacement without external_id changed it to %q", u.ExternalID)
		}
		up["external_id"] = "in_6b"
		u = inv{}
		en.must(http.StatusOK, "PUT", put, up, &u)
		if u.ExternalID != "in_6b" {
			t.Errorf("replacement's external_id = %q, want in_6b", u.ExternalID)
		}

		// Another company uses the same ids for its own objects.
		_, otherTok := en.otherCompany("Autre")
		if r := en.do(otherTok, "POST", "/api/v1/customers", map[string]any{"display_name": "X", "email": "x@example.com",
			"external_id": "cus_123"}); r.status != http.StatusCreated {
			t.Errorf("another company's cus_123: %s", r)
		}
		r := en.do(otherTok, "GET", "/api/v1/invoices?external_id=in_9", nil)
		var ol page[inv]
		decodeInto(t, r, &ol)
		if r.status != http.StatusOK || len(ol.Items) != 0 {
			t.Errorf("another company sees our in_9: %s", r)
		}
	})
}
