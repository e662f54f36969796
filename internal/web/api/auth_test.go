package api_test

import (
	"context"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/store/storetest"
)

// tenantFixture is one company's objects, one of each kind a route's {id}
// can name.
type tenantFixture struct {
	token                                       string
	customer, invoice, outbox, webhook, payment int64
	schedule                                    int64
}

// fill puts id in a pattern's {id} and the fixture's payment in its
// {payment_id}.
func (f tenantFixture) fill(p string, id int64) string {
	return strings.Replace(path(p, id), "{payment_id}", strconv.FormatInt(f.payment, 10), 1)
}

// objectsOf makes a customer, an invoice and an outbox message (a manual
// reminder delivered) as token's company.
func (en *env) objectsOf(token, prefix string) tenantFixture {
	en.t.Helper()
	f := tenantFixture{token: token}
	var c customerJSON
	r := en.do(token, "POST", "/api/v1/customers", map[string]any{"display_name": prefix + " client", "email": "c@example.com", "language": "fr"})
	if r.status != http.StatusCreated {
		en.t.Fatalf("customer: %s", r)
	}
	decodeInto(en.t, r, &c)
	f.customer = c.ID
	var inv invoiceJSON
	r = en.do(token, "POST", "/api/v1/invoices", simpleInvoice(prefix+"-1", c.ID, "2026-01-01", "2026-01-31"))
	if r.status != http.StatusCreated {
		en.t.Fatalf("invoice: %s", r)
	}
	decodeInto(en.t, r, &inv)
	f.invoice = inv.ID
	if r = en.do(token, "POST", path("/api/v1/invoices/{id}/reminders", inv.ID), nil); r.status != http.StatusAccepted {
		en.t.Fatalf("manual reminder: %s", r)
	}
	en.drain()
	var out page[struct {
		ID        int64 `json:"id"`
		InvoiceID int64 `json:"invoice_id"`
	}]
	r = en.do(token, "GET", "/api/v1/outbox", nil)
	decodeInto(en.t, r, &out)
	if len(out.Items) != 1 || out.Items[0].InvoiceID != inv.ID {
		en.t.Fatalf("outbox after drain: %s", r)
	}
	f.outbox = out.Items[0].ID
	var hook struct {
		ID int64 `json:"id"`
	}
	r = en.do(token, "POST", "/api/v1/webhooks", map[string]any{"url": "https://hooks.example.com/" + prefix, "events": []string{"invoice.paid"}})
	if r.status != http.StatusCreated {
		en.t.Fatalf("webhook: %s", r)
	}
	decodeInto(en.t, r, &hook)
	f.webhook = hook.ID
	var sc struct {
		ID int64 `json:"id"`
	}
	r = en.do(token, "POST", "/api/v1/schedules", map[string]any{"name": prefix + " schedule"})
	if r.status != http.StatusCreated {
		en.t.Fatalf("schedule: %s", r)
	}
	decodeInto(en.t, r, &sc)
	f.schedule = sc.ID
	return f
}

// withPayment records a payment of 1.00 on the fixture's invoice, for the
// routes naming a {payment_id}.
func (en *env) withPayment(f tenantFixture) tenantFixture {
	en.t.Helper()
	var inv invoiceJSON
	r := en.do(f.token, "POST", path("/api/v1/invoices/{id}/payments", f.invoice), map[string]string{"amount": "1.00"})
	if r.status != http.StatusCreated {
		en.t.Fatalf("payment: %s", r)
	}
	decodeInto(en.t, r, &inv)
	f.payment = inv.Payments[0].ID
	return f
}

// idFor is the object a route's {id} names, chosen by the route's path.
// A new family of routes must be added here, or the test fails.
func (f tenantFixture) idFor(pattern string) (int64, bool) {
	_, p, _ := strings.Cut(pattern, " ")
	switch {
	case strings.HasPrefix(p, "/api/v1/customers/{id}"):
		return f.customer, true
	case strings.HasPrefix(p, "/api/v1/invoices/{id}"):
		return f.invoice, true
	case strings.HasPrefix(p, "/api/v1/outbox/{id}"):
		return f.outbox, true
	case strings.HasPrefix(p, "/api/v1/webhooks/{id}"):
		return f.webhook, true
	case strings.HasPrefix(p, "/api/v1/schedules/{id}"):
		return f.schedule, true
	}
	return 0, false
}

// validBody is a body each route accepts, so that a 404 can only come
// from the object's owner.
func validBody(pattern string, f tenantFixture) any {
	switch pattern {
	case "PATCH /api/v1/customers/{id}":
		return map[string]any{"display_name": "Renamed"}
	case "PATCH /api/v1/invoices/{id}":
		return map[string]any{"memo": "changed"}
	case "POST /api/v1/invoices/{id}/payments":
		return map[string]any{"amount": "1.00"}
	case "PATCH /api/v1/invoices/{id}/payments/{payment_id}":
		return map[string]any{"memo": "corrected"}
	case "POST /api/v1/invoices/{id}/reminders":
		return map[string]any{"subject": "Hello", "message": "Please pay."}
	case "POST /api/v1/customers":
		return map[string]any{"display_name": "New"}
	case "PUT /api/v1/schedules/{id}", "POST /api/v1/schedules":
		return wholesaleBody("Renamed " + strconv.FormatInt(f.invoice, 10))
	case "POST /api/v1/invoices":
		return simpleInvoice("NEW-"+strconv.FormatInt(f.invoice, 10), f.customer, "2026-01-01", "2026-01-31")
	case "PUT /api/v1/settings/reminders":
		return nil // filled from GET by the caller
	case "POST /api/v1/settings/reminders/preview":
		return map[string]any{"invoice_id": f.invoice, "template": map[string]any{"subject": "S {{invoice_number}}", "message": "M"}}
	}
	return nil
}

// objectRoutes are the registered routes with an {id}, the void last (it
// would make the reminder and payment routes refuse a valid request).
func objectRoutes(patterns []string) []string {
	var out []string
	for _, p := range patterns {
		if strings.Contains(p, "{id}") {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b string) int {
		va, vb := strings.HasSuffix(a, "/void"), strings.HasSuffix(b, "/void")
		switch {
		case va && !vb:
			return 1
		case vb && !va:
			return -1
		}
		return 0
	})
	return out
}

func splitPattern(p string) (method, path string) {
	method, path, _ = strings.Cut(p, " ")
	return method, path
}

// TestTenantIsolation: company A's token gets 404 on every route naming
// one of company B's objects, and B's objects are left as they were; the
// same requests on A's own objects succeed, so the 404 is the owner check.
func TestTenantIsolation(t *testing.T) {
	parallelEach(t, func(t *testing.T, en *env) {
		_, tokB := en.otherCompany("Bêta inc.")
		a := en.withPayment(en.objectsOf(en.token, "A"))
		b := en.withPayment(en.objectsOf(tokB, "B"))
		snapB := func() string {
			var sb strings.Builder
			for _, p := range []string{path("/api/v1/customers/{id}", b.customer), path("/api/v1/invoices/{id}", b.invoice),
				path("/api/v1/invoices/{id}/reminders", b.invoice), "/api/v1/outbox", "/api/v1/customers", "/api/v1/invoices"} {
				r := en.do(tokB, "GET", p, nil)
				if r.status != http.StatusOK {
					t.Fatalf("B reads %s: %s", p, r)
				}
				sb.Write(r.body)
			}
			return sb.String()
		}
		before := snapB()

		routes := objectRoutes(en.api.Patterns())
		if len(routes) < 11 {
			t.Fatalf("only %d object routes: %v", len(routes), routes)
		}
		for _, pat := range routes {
			id, ok := b.idFor(pat)
			if !ok {
				t.Errorf("route %q names an object this test does not know: add it to tenantFixture.idFor", pat)
				continue
			}
			method, p := splitPattern(pat)
			r := en.do(a.token, method, b.fill(p, id), validBody(pat, a))
			if r.status != http.StatusNotFound {
				t.Errorf("A on B's object, %s: got %s, want 404", pat, r)
				continue
			}
			checkError(t, r, http.StatusNotFound, "not_found", "")
			if strings.Contains(string(r.body), "B client") || strings.Contains(string(r.body), "B-1") {
				t.Errorf("%s: the 404 leaks B's data: %s", pat, r)
			}
		}
		// The preview names an invoice in its body.
		r := en.do(a.token, "POST", "/api/v1/settings/reminders/preview", validBody("POST /api/v1/settings/reminders/preview", b))
		checkError(t, r, http.StatusNotFound, "not_found", "")
		// So does a new invoice: B's customer is no customer of A's.
		r = en.do(a.token, "POST", "/api/v1/invoices", simpleInvoice("A-2", b.customer, "2026-01-01", "2026-01-31"))
		checkError(t, r, http.StatusUnprocessableEntity, "invalid", "customer_id")

		// A's lists hold nothing of B's.
		for _, p := range []string{"/api/v1/customers", "/api/v1/invoices", "/api/v1/outbox", path("/api/v1/invoices?customer_id={id}", b.customer)} {
			r := en.do(a.token, "GET", p, nil)
			if r.status != http.StatusOK {
				t.Errorf("A lists %s: %s", p, r)
			}
			if strings.Contains(string(r.body), "B client") || strings.Contains(string(r.body), `"B-1"`) ||
				strings.Contains(string(r.body), `"invoice_id":`+strconv.FormatInt(b.invoice, 10)+`,`) {
				t.Errorf("A's list %s shows B's data: %s", p, r)
			}
		}
		if after := snapB(); after != before {
			t.Errorf("B's objects changed:\nbefore %s\nafter  %s", before, after)
		}

		// The same requests on A's own objects are accepted (resolving a
		// dispute needs one).
		if err := en.engine.Books().Dispute(context.Background(), en.company.ID, a.invoice, "Une question"); err != nil {
			t.Fatal(err)
		}
		// Deletions last, so that the other routes still find their object.
		own := slices.Clone(routes)
		sort.SliceStable(own, func(i, j int) bool {
			return !strings.HasPrefix(own[i], "DELETE ") && strings.HasPrefix(own[j], "DELETE ")
		})
		for _, pat := range own {
			id, ok := a.idFor(pat)
			if !ok {
				continue
			}
			method, p := splitPattern(pat)
			r := en.do(a.token, method, a.fill(p, id), validBody(pat, a))
			if r.status < 200 || r.status > 299 {
				t.Errorf("A on its own object, %s: got %s, want 2xx", pat, r)
			}
		}
	})
}

// TestEveryRouteRefusesAnonymous: every registered API route answers 401
// in the error format without a token, with a malformed header, or with a
// token that does not exist; the OpenAPI document and health need none.
func TestEveryRouteRefusesAnonymous(t *testing.T) {
	t.Parallel()
	en := newEnv(t, storetest.SQLite(t))
	f := en.objectsOf(en.token, "A")
	headers := map[string]string{
		"no header":       "",
		"not bearer":      "Basic dXNlcjpwYXNz",
		"empty bearer":    "Bearer ",
		"unknown token":   "Bearer rl_doesnotexist",
		"token as hash":   "Bearer " + strings.Repeat("0", 64),
		"lower-case word": "bearer " + en.token,
	}
	patterns := en.api.Patterns()
	for _, pat := range patterns {
		method, p := splitPattern(pat)
		if id, ok := f.idFor(pat); ok {
			p = path(p, id)
		}
		for name, h := range headers {
			req := en.newRequest(method, p, validBody(pat, f))
			if h != "" {
				req.Header.Set("Authorization", h)
			}
			r := en.serve(req)
			e := checkError(t, r, http.StatusUnauthorized, "unauthorized", "")
			if t.Failed() {
				t.Fatalf("%s with %s: %s (%+v)", pat, name, r, e)
			}
			if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("%s with %s: WWW-Authenticate %q", pat, name, r.header.Get("WWW-Authenticate"))
			}
		}
	}
	// Nothing was done by all these requests.
	n, err := en.store.CountOutbox(context.Background(), en.company.ID)
	if err != nil || n != 1 {
		t.Errorf("outbox holds %d messages (%v), want 1", n, err)
	}
	for _, p := range []string{"/api/v1/openapi.json", "/healthz"} {
		if r := en.do("", "GET", p, nil); r.status != http.StatusOK {
			t.Errorf("GET %s without a token: %s", p, r)
		}
	}
}

// TestHandlerServesAPI checks web.Handler itself: the real assembly mounts
// the API behind its token check.
func TestHandlerServesAPI(t *testing.T) {
	t.Parallel()
	en := newEnv(t, storetest.SQLite(t))
	h := en.webHandler()
	for _, tc := range []struct {
		token  string
		path   string
		status int
	}{
		{"", "/api/v1/customers", http.StatusUnauthorized},
		{"rl_nope", "/api/v1/customers", http.StatusUnauthorized},
		{en.token, "/api/v1/customers", http.StatusOK},
		{en.token, "/api/v1/nope", http.StatusNotFound},
		{"", "/api/v1/openapi.json", http.StatusOK},
		{"", "/healthz", http.StatusOK},
	} {
		req := en.newRequest("GET", tc.path, nil)
		if tc.token != "" {
			req.Header.Set("Authorization", "Bearer "+tc.token)
		}
		r := serveWith(h, req)
		if r.status != tc.status {
			t.Errorf("GET %s (token %q): %s, want %d", tc.path, tc.token, r, tc.status)
		}
		if tc.status >= 400 && !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
			t.Errorf("GET %s: error in %q, not JSON", tc.path, r.header.Get("Content-Type"))
		}
	}
}
