package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// snapshot is everything a refused request must leave as it was: the
// answers of the lists and of the fixture invoices, updated_at included.
func (en *env) snapshot(fix badFixture) string {
	en.t.Helper()
	var b strings.Builder
	for _, p := range []string{"/api/v1/customers?limit=500", "/api/v1/invoices?limit=500",
		path("/api/v1/invoices/{id}", fix.invoice), path("/api/v1/invoices/{id}", fix.kwdInvoice),
		path("/api/v1/customers/{id}", fix.customer)} {
		r := en.call("GET", p, nil)
		if r.status != http.StatusOK {
			en.t.Fatalf("snapshot %s: %s", p, r)
		}
		b.Write(r.body)
	}
	return b.String()
}

type badFixture struct {
	customer, invoice, kwdInvoice, foreignCustomer int64
}

// TestBadInput sends each kind of bad request and checks the status, the
// error code, the field named, and that nothing at all was stored.
func TestBadInput(t *testing.T) {
	parallelEach(t, func(t *testing.T, en *env) {
		var fix badFixture
		fix.customer = en.createCustomer("Client", "client@example.com")
		fix.invoice = en.createInvoice(simpleInvoice("F-1", fix.customer, "2026-01-01", "2026-01-31")).ID // total 210.00
		en.must(http.StatusCreated, "POST", path("/api/v1/invoices/{id}/payments", fix.invoice), map[string]string{"amount": "100.00"}, nil)
		kwd := simpleInvoice("K-1", fix.customer, "2026-01-01", "2026-01-31")
		kwd["currency"] = "KWD"
		kwd["lines"] = []map[string]string{{"quantity": "1", "unit_price": "10.125"}}
		fix.kwdInvoice = en.createInvoice(kwd).ID
		other, otherTok := en.otherCompany("Autre inc.")
		_ = other
		var oc customerJSON
		r := en.do(otherTok, "POST", "/api/v1/customers", map[string]any{"display_name": "Pas à vous", "email": "x@example.com"})
		if r.status != http.StatusCreated {
			t.Fatalf("other company's customer: %s", r)
		}
		decodeInto(t, r, &oc)
		fix.foreignCustomer = oc.ID

		inv := func(mut func(m map[string]any)) map[string]any {
			m := simpleInvoice("NEW-1", fix.customer, "2026-01-01", "2026-01-31")
			mut(m)
			return m
		}
		line := func(unitPrice string) func(m map[string]any) {
			return func(m map[string]any) {
				m["lines"] = []map[string]string{{"description": "x", "quantity": "1", "unit_price": unitPrice}}
			}
		}
		manyLines := func(n int) string {
			var b strings.Builder
			fmt.Fprintf(&b, `{"number":"MANY","customer_id":%d,"issue_date":"2026-01-01","due_date":"2026-01-31","lines":[`, fix.customer)
			for i := range n {
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteString(`{"unit_price":"1"}`)
			}
			b.WriteString("]}")
			return b.String()
		}
		tenThousand := manyLines(10000)
		if len(tenThousand) >= 1<<20 {
			t.Fatalf("the 10 000-line body is %d bytes: it must stay under 1 MiB to test the line limit", len(tenThousand))
		}
		huge := `{"display_name":"` + strings.Repeat("a", 1<<20) + `"}`
		hugeInvoice := strings.Replace(manyLines(1), `"description"`, `"x"`, 1)
		hugeInvoice = `{"memo":"` + strings.Repeat("é", 1<<19) + `",` + hugeInvoice[1:]
		pay := path("/api/v1/invoices/{id}/payments", fix.invoice)

		cases := []struct {
			name         string
			method, path string
			body         any
			status       int
			code, field  string
		}{
			{"customer: malformed JSON", "POST", "/api/v1/customers", `{"display_name": "x"`, 400, "malformed", ""},
			{"customer: not JSON", "POST", "/api/v1/customers", `display_name=x`, 400, "malformed", ""},
			{"customer: empty body", "POST", "/api/v1/customers", ``, 400, "malformed", ""},
			{"customer: trailing data", "POST", "/api/v1/customers", `{"display_name":"x","email":"a@b.ca"} {}`, 400, "malformed", ""},
			{"customer: unknown field", "POST", "/api/v1/customers", `{"display_name":"x","emial":"a@b.ca"}`, 400, "malformed", "emial"},
			{"customer: wrong type", "POST", "/api/v1/customers", `{"display_name":42}`, 400, "malformed", "display_name"},
			{"customer: array body", "POST", "/api/v1/customers", `[]`, 400, "malformed", ""},
			{"customer: invalid email", "POST", "/api/v1/customers", map[string]any{"display_name": "x", "email": "not-an-email"}, 422, "invalid", "email"},
			{"customer: email without a dot", "POST", "/api/v1/customers", map[string]any{"display_name": "x", "email": "a@localhost"}, 422, "invalid", "email"},
			{"customer: header injection in cc", "POST", "/api/v1/customers", map[string]any{"display_name": "x", "cc": "a@b.ca\r\nBcc: c@d.ca"}, 422, "invalid", "cc"},
			{"customer: no name", "POST", "/api/v1/customers", map[string]any{"email": "a@b.ca"}, 422, "invalid", "display_name"},
			{"customer: unknown language", "POST", "/api/v1/customers", map[string]any{"display_name": "x", "language": "de"}, 422, "invalid", "language"},
			{"customer: body over 1 MiB", "POST", "/api/v1/customers", huge, 413, "too_large", ""},
			{"customer patch: invalid email", "PATCH", path("/api/v1/customers/{id}", fix.customer), map[string]any{"email": "nope"}, 422, "invalid", "email"},
			{"customer patch: unknown field", "PATCH", path("/api/v1/customers/{id}", fix.customer), `{"id":99}`, 400, "malformed", "id"},

			{"invoice: malformed JSON", "POST", "/api/v1/invoices", `{"number":"X",`, 400, "malformed", ""},
			{"invoice: unknown field", "POST", "/api/v1/invoices", inv(func(m map[string]any) { m["totl"] = "1.00" }), 400, "malformed", "totl"},
			{"invoice: customer_id as a string", "POST", "/api/v1/invoices", inv(func(m map[string]any) { m["customer_id"] = "12" }), 400, "malformed", "customer_id"},
			{"invoice: customer_id not whole", "POST", "/api/v1/invoices", inv(func(m map[string]any) { m["customer_id"] = 1.5 }), 400, "malformed", "customer_id"},
			{"invoice: lines as an object", "POST", "/api/v1/invoices", inv(func(m map[string]any) { m["lines"] = map[string]any{} }), 400, "malformed", "lines"},
			{"invoice: unit price as a JSON number", "POST", "/api/v1/invoices", inv(func(m map[string]any) {
				m["lines"] = []map[string]any{{"unit_price": 12.5}}
			}), 400, "malformed", ""},
			{"invoice: invalid email", "POST", "/api/v1/invoices", inv(func(m map[string]any) { m["email"] = "a@@b" }), 422, "invalid", "email"},
			{"invoice: negative unit price", "POST", "/api/v1/invoices", inv(line("-1.00")), 422, "invalid", "lines[0].unit_price"},
			{"invoice: non-numeric unit price", "POST", "/api/v1/invoices", inv(line("12,50")), 422, "invalid", "lines[0].unit_price"},
			{"invoice: exponent unit price", "POST", "/api/v1/invoices", inv(line("1e3")), 422, "invalid", "lines[0].unit_price"},
			{"invoice: 3 decimals in CAD", "POST", "/api/v1/invoices", inv(line("1.005")), 422, "invalid", "lines[0].unit_price"},
			{"invoice: 1 decimal in JPY", "POST", "/api/v1/invoices", inv(func(m map[string]any) {
				m["currency"] = "JPY"
				line("100.5")(m)
			}), 422, "invalid", "lines[0].unit_price"},
			{"invoice: 4 decimals in KWD", "POST", "/api/v1/invoices", inv(func(m map[string]any) {
				m["currency"] = "KWD"
				line("1.0005")(m)
			}), 422, "invalid", "lines[0].unit_price"},
			{"invoice: line amount overflows", "POST", "/api/v1/invoices", inv(func(m map[string]any) {
				m["lines"] = []map[string]string{{"quantity": "100000000000", "unit_price": "10000000000000.00"}}
			}), 422, "invalid", "lines[0].unit_price"},
			{"invoice: line amount just over the bound", "POST", "/api/v1/invoices", inv(func(m map[string]any) {
				m["lines"] = []map[string]string{{"quantity": "1.0001", "unit_price": "10000000000000.00"}}
			}), 422, "invalid", "lines[0].unit_price"},
			{"invoice patch: line amount overflows", "PATCH", path("/api/v1/invoices/{id}", fix.invoice), map[string]any{
				"lines": []map[string]string{{"quantity": "99999999999.9999", "unit_price": "9999999999999.99"}}}, 422, "invalid", "lines[0].unit_price"},
			{"invoice: missing unit price", "POST", "/api/v1/invoices", inv(func(m map[string]any) {
				m["lines"] = []map[string]string{{"description": "x"}}
			}), 422, "invalid", "lines[0].unit_price"},
			{"invoice: negative quantity", "POST", "/api/v1/invoices", inv(func(m map[string]any) {
				m["lines"] = []map[string]string{{"quantity": "-1", "unit_price": "1.00"}}
			}), 422, "invalid", "lines[0].quantity"},
			{"invoice: tax rate over 100", "POST", "/api/v1/invoices", inv(func(m map[string]any) {
				m["lines"] = []map[string]string{{"unit_price": "1.00", "tax_rate": "100.01"}}
			}), 422, "invalid", "lines[0].tax_rate"},
			{"invoice: second line bad", "POST", "/api/v1/invoices", inv(func(m map[string]any) {
				m["lines"] = []map[string]string{{"unit_price": "1.00"}, {"unit_price": "abc"}}
			}), 422, "invalid", "lines[1].unit_price"},
			{"invoice: no lines", "POST", "/api/v1/invoices", inv(func(m map[string]any) { m["lines"] = []any{} }), 422, "invalid", "lines"},
			{"invoice: unknown currency", "POST", "/api/v1/invoices", inv(func(m map[string]any) { m["currency"] = "XYZ" }), 422, "invalid", "currency"},
			{"invoice: lower-case currency", "POST", "/api/v1/invoices", inv(func(m map[string]any) { m["currency"] = "cad" }), 422, "invalid", "currency"},
			{"invoice: due before issue", "POST", "/api/v1/invoices", inv(func(m map[string]any) { m["due_date"] = "2025-12-31" }), 422, "invalid", "due_date"},
			{"invoice: bad date", "POST", "/api/v1/invoices", inv(func(m map[string]any) { m["issue_date"] = "2026-02-30" }), 422, "invalid", "issue_date"},
			{"invoice: no number", "POST", "/api/v1/invoices", inv(func(m map[string]any) { delete(m, "number") }), 422, "invalid", "number"},
			{"invoice: duplicate number", "POST", "/api/v1/invoices", inv(func(m map[string]any) { m["number"] = "F-1" }), 409, "conflict", "number"},
			{"invoice: another company's customer", "POST", "/api/v1/invoices", inv(func(m map[string]any) { m["customer_id"] = fix.foreignCustomer }), 422, "invalid", "customer_id"},
			{"invoice: no such customer", "POST", "/api/v1/invoices", inv(func(m map[string]any) { m["customer_id"] = 987654 }), 422, "invalid", "customer_id"},
			{"invoice: 10 000 lines", "POST", "/api/v1/invoices", tenThousand, 422, "invalid", "lines"},
			{"invoice: 1001 lines", "POST", "/api/v1/invoices", manyLines(1001), 422, "invalid", "lines"},
			{"invoice: body over 1 MiB", "POST", "/api/v1/invoices", hugeInvoice, 413, "too_large", ""},
			{"invoice patch: duplicate number", "PATCH", path("/api/v1/invoices/{id}", fix.kwdInvoice), map[string]any{"number": "F-1"}, 409, "conflict", "number"},
			{"invoice patch: due before issue", "PATCH", path("/api/v1/invoices/{id}", fix.invoice), map[string]any{"due_date": "2025-01-01"}, 422, "invalid", "due_date"},
			{"invoice patch: another company's customer", "PATCH", path("/api/v1/invoices/{id}", fix.invoice), map[string]any{"customer_id": fix.foreignCustomer}, 422, "invalid", "customer_id"},
			{"invoice patch: total below payments", "PATCH", path("/api/v1/invoices/{id}", fix.invoice), map[string]any{"lines": []map[string]string{{"unit_price": "1.00"}}}, 422, "invalid", "lines"},

			{"payment: more than the balance", "POST", pay, map[string]string{"amount": "110.01"}, 422, "invalid", "amount"},
			{"payment: negative", "POST", pay, map[string]string{"amount": "-5.00"}, 422, "invalid", "amount"},
			{"payment: zero", "POST", pay, map[string]string{"amount": "0"}, 422, "invalid", "amount"},
			{"payment: non-numeric", "POST", pay, map[string]string{"amount": "cinq"}, 422, "invalid", "amount"},
			{"payment: missing amount", "POST", pay, map[string]string{}, 422, "invalid", "amount"},
			{"payment: 3 decimals in CAD", "POST", pay, map[string]string{"amount": "1.001"}, 422, "invalid", "amount"},
			{"payment: 4 decimals in KWD", "POST", path("/api/v1/invoices/{id}/payments", fix.kwdInvoice), map[string]string{"amount": "1.0001"}, 422, "invalid", "amount"},
			{"payment: amount as a number", "POST", pay, `{"amount": 5}`, 400, "malformed", "amount"},
			{"payment: bad date", "POST", pay, map[string]string{"amount": "1.00", "date": "01/02/2026"}, 422, "invalid", "date"},
			{"payment: unknown field", "POST", pay, map[string]string{"amount": "1.00", "currency": "USD"}, 400, "malformed", "currency"},

			{"customers: limit 0", "GET", "/api/v1/customers?limit=0", nil, 400, "malformed", "limit"},
			{"customers: limit 501", "GET", "/api/v1/customers?limit=501", nil, 400, "malformed", "limit"},
			{"customers: limit not a number", "GET", "/api/v1/customers?limit=ten", nil, 400, "malformed", "limit"},
			{"customers: cursor garbage", "GET", "/api/v1/customers?cursor=%25%25%25", nil, 400, "malformed", "cursor"},
			{"customers: cursor not an id", "GET", "/api/v1/customers?cursor=aWQ6YWJj", nil, 400, "malformed", "cursor"}, // "id:abc"
			{"invoices: negative cursor", "GET", "/api/v1/invoices?cursor=aWQ6LTE", nil, 400, "malformed", "cursor"},     // "id:-1"
			{"invoices: limit negative", "GET", "/api/v1/invoices?limit=-3", nil, 400, "malformed", "limit"},
			{"invoices: unknown status", "GET", "/api/v1/invoices?status=late", nil, 422, "invalid", "status"},
			{"invoices: customer_id not a number", "GET", "/api/v1/invoices?customer_id=x", nil, 400, "malformed", "customer_id"},
			{"outbox: bad limit", "GET", "/api/v1/outbox?limit=1000", nil, 400, "malformed", "limit"},

			{"unknown API route", "GET", "/api/v1/nothing-here", nil, 404, "not_found", ""},
			{"non-numeric id", "GET", "/api/v1/invoices/abc", nil, 404, "not_found", ""},
		}
		before := en.snapshot(fix)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				r := en.call(tc.method, tc.path, tc.body)
				checkError(t, r, tc.status, tc.code, tc.field)
				if after := en.snapshot(fix); after != before {
					t.Errorf("something was stored:\nbefore %s\nafter  %s", before, after)
				}
			})
		}

		// The good twins of some refusals go through: 3 decimals in KWD.
		kwdOK := inv(func(m map[string]any) {
			m["number"], m["currency"] = "K-2", "KWD"
			line("1.234")(m)
		})
		if got := en.createInvoice(kwdOK); got.Total != "1.234" || got.Lines[0].UnitPrice != "1.234" {
			t.Errorf("KWD with 3 decimals: total %s unit price %s, want 1.234", got.Total, got.Lines[0].UnitPrice)
		}
		var paid invoiceJSON
		en.must(http.StatusCreated, "POST", path("/api/v1/invoices/{id}/payments", fix.kwdInvoice), map[string]string{"amount": "0.125"}, &paid)
		if paid.BalanceDue != "10.000" {
			t.Errorf("KWD payment of 0.125 on 10.125: balance %s", paid.BalanceDue)
		}
		// The largest line amount is allowed, taxed at 100 %.
		big := inv(func(m map[string]any) {
			m["number"] = "BIG"
			m["lines"] = []map[string]string{{"quantity": "1", "unit_price": "10000000000000.00", "tax_rate": "100"}}
		})
		if got := en.createInvoice(big); got.Total != "20000000000000.00" {
			t.Errorf("largest line: total %s", got.Total)
		}
		// Exactly 1000 lines is allowed.
		if got := en.createInvoice(strings.Replace(manyLines(1000), "MANY", "MANY-1000", 1)); got.Total != "1000.00" || len(got.Lines) != 1000 {
			t.Errorf("1000 lines: total %s, %d lines", got.Total, len(got.Lines))
		}
	})
}
