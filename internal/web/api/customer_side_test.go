package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

func TestCompanySettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		en := newEnv(t, s)
		r := en.do(en.token, "GET", "/api/v1/settings/company", nil)
		if r.status != 200 || !strings.Contains(string(r.body), `"pay_url_template":""`) {
			t.Fatalf("GET: %s", r)
		}
		for field, body := range map[string]map[string]any{
			"pay_url_template":        {"pay_url_template": "http://pay.example.com/{{invoice_number}}"},
			"pay_url_template ":       {"pay_url_template": "https://pay.example.com/{{total}}"},
			"tax_numbers":             {"tax_numbers": []string{"1", "2", "3"}},
			"payment_instructions.fr": {"payment_instructions": map[string]string{"fr": strings.Repeat("x", 2001)}},
			"payment_instructions.de": {"payment_instructions": map[string]string{"de": "Überweisung"}},
			"timezone":                {"timezone": "Mars/Olympus"},
		} {
			r := en.do(en.token, "PUT", "/api/v1/settings/company", body)
			checkError(t, r, http.StatusUnprocessableEntity, "invalid", strings.TrimSpace(field))
		}
		if co, _ := s.GetCompany(context.Background(), en.company.ID); co.PayURLTemplate != "" || co.Timezone != "America/Toronto" {
			t.Fatalf("a refused PUT changed the company: %+v", co)
		}
		r = en.do(en.token, "PUT", "/api/v1/settings/company", map[string]any{
			"pay_url_template":     "https://pay.example.com/acme?i={{invoice_number}}&a={{balance_due_raw}}&c={{currency}}",
			"payment_instructions": map[string]string{"en": "Wire to …", "fr": "Virement à …"},
			"tax_numbers":          []string{"TPS 123456789 RT0001", "TVQ 1234567890 TQ0001"},
			"brand_color":          "#1a6b5c",
		})
		if r.status != 200 {
			t.Fatalf("PUT: %s", r)
		}
		co, err := s.GetCompany(context.Background(), en.company.ID)
		if err != nil {
			t.Fatal(err)
		}
		if co.Name != "Acme Rénovation" || co.PaymentInstructionsFR != "Virement à …" || co.TaxNumber2 != "TVQ 1234567890 TQ0001" ||
			!strings.HasSuffix(co.PayURLTemplate, "{{currency}}") {
			t.Fatalf("stored %+v", co)
		}
	})
}

// Links: POST mints a new one (older ones stay), DELETE revokes them all.
func TestInvoiceLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		en := newEnv(t, s)
		f := en.objectsOf(en.token, "A")
		var urls []string
		for range 2 {
			var out struct{ URL string }
			r := en.do(en.token, "POST", path("/api/v1/invoices/{id}/link", f.invoice), nil)
			if r.status != http.StatusCreated {
				t.Fatalf("POST link: %s", r)
			}
			decodeInto(t, r, &out)
			urls = append(urls, out.URL)
		}
		ctx := context.Background()
		for _, u := range urls {
			tok := u[strings.LastIndex(u, "/i/")+3:]
			if _, id, err := s.InvoiceForLink(ctx, auth.Hash(tok)); err != nil || id != f.invoice {
				t.Fatalf("link %s: %d %v", u, id, err)
			}
		}
		if r := en.do(en.token, "DELETE", path("/api/v1/invoices/{id}/link", f.invoice), nil); r.status != http.StatusNoContent {
			t.Fatalf("DELETE link: %s", r)
		}
		for _, u := range urls {
			tok := u[strings.LastIndex(u, "/i/")+3:]
			if _, _, err := s.InvoiceForLink(ctx, auth.Hash(tok)); !invoice.IsNotFound(err) {
				t.Fatalf("revoked link %s still opens: %v", u, err)
			}
		}
		r := en.do(en.token, "GET", path("/api/v1/invoices/{id}/events", f.invoice), nil)
		if r.status != 200 || !strings.Contains(string(r.body), `"kind":"link_reset"`) {
			t.Fatalf("events: %s", r)
		}
	})
}

// Send invoice: the invoice email goes out with the PDF and a link and
// stamps sent_at; a voided or paid invoice is refused with 409. A payment
// sends a receipt when the company asks for receipts.
func TestSendInvoiceAndReceipt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		en := newEnv(t, s)
		f := en.objectsOf(en.token, "A")
		r := en.do(en.token, "POST", path("/api/v1/invoices/{id}/send", f.invoice), nil)
		if r.status != http.StatusAccepted {
			t.Fatalf("send: %s", r)
		}
		en.drain()
		var inv struct {
			SentAt *string `json:"sent_at"`
		}
		decodeInto(t, en.do(en.token, "GET", path("/api/v1/invoices/{id}", f.invoice), nil), &inv)
		if inv.SentAt == nil {
			t.Fatal("sent_at not stamped")
		}
		msgs, err := s.ListOutbox(context.Background(), en.company.ID, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		full, err := s.GetOutbox(context.Background(), en.company.ID, msgs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		raw := string(full.Raw)
		if !strings.HasPrefix(msgs[0].Subject, "Facture A-1") || !strings.Contains(raw, "application/pdf") ||
			!strings.Contains(raw, "/i/") {
			t.Fatalf("invoice email: %q", msgs[0].Subject)
		}

		// Receipts on; pay in full: a receipt; then sending is refused.
		var st map[string]any
		decodeInto(t, en.do(en.token, "GET", "/api/v1/settings/reminders", nil), &st)
		st["send_receipts"] = true
		if r := en.do(en.token, "PUT", "/api/v1/settings/reminders", st); r.status != 200 {
			t.Fatalf("settings: %s", r)
		}
		if r := en.do(en.token, "POST", path("/api/v1/invoices/{id}/payments", f.invoice), map[string]string{"amount": "210.00"}); r.status != 201 {
			t.Fatalf("payment: %s", r)
		}
		en.drain()
		msgs, _ = s.ListOutbox(context.Background(), en.company.ID, 0, 10)
		if !strings.HasPrefix(msgs[0].Subject, "Paiement reçu : facture A-1") {
			t.Fatalf("no receipt: newest is %q", msgs[0].Subject)
		}
		r = en.do(en.token, "POST", path("/api/v1/invoices/{id}/send", f.invoice), nil)
		checkError(t, r, http.StatusConflict, "conflict", "invoice")
	})
}
