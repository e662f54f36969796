package api_test

import (
	"github.com/relance-app/relance/internal/pdf/pdftest"
	"net/http"
	"strings"
	"testing"
)

// TestCustomerStatementPDF: the statement lists the customer's open
// invoices aged on as_of, leaves out paid ones and other customers', and
// is scoped to the token's company.
func TestCustomerStatementPDF(t *testing.T) {
	parallelEach(t, func(t *testing.T, en *env) {
		cust := en.createCustomer("Côté Rénovation", "elodie@example.com")
		other := en.createCustomer("Autre client", "autre@example.com")
		en.createInvoice(simpleInvoice("S-OLD", cust, "2026-01-01", "2026-01-31")) // 210,00 $, 100 days on 2026-05-11
		en.createInvoice(simpleInvoice("S-NEW", cust, "2026-05-01", "2026-05-31")) // 210,00 $, current
		paid := en.createInvoice(simpleInvoice("S-PAID", cust, "2026-03-01", "2026-03-31"))
		en.createInvoice(simpleInvoice("S-OTHER", other, "2026-03-01", "2026-03-31"))
		en.must(http.StatusCreated, "POST", path("/api/v1/invoices/{id}/payments", paid.ID),
			map[string]any{"amount": "210.00", "date": "2026-04-01"}, nil)

		r := en.must(http.StatusOK, "GET", path("/api/v1/customers/{id}/statement.pdf", cust)+"?as_of=2026-05-11", nil, nil)
		if ct := r.header.Get("Content-Type"); ct != "application/pdf" {
			t.Errorf("content type %q", ct)
		}
		if cd := r.header.Get("Content-Disposition"); !strings.Contains(cd, "releve-2026-05-11.pdf") {
			t.Errorf("content disposition %q", cd)
		}
		fr := pdftest.Words(t, r.body)
		for _, want := range []string{"RELEVÉ DE COMPTE", "11 mai 2026", "S-OLD", "S-NEW", "Plus de 90 jours",
			"210,00 $ 0,00 $ 0,00 $ 0,00 $ 210,00 $ 420,00 $"} {
			if !strings.Contains(fr, want) {
				t.Errorf("French statement lacks %q:\n%s", want, fr)
			}
		}
		for _, not := range []string{"S-PAID", "S-OTHER"} {
			if strings.Contains(fr, not) {
				t.Errorf("statement shows %s", not)
			}
		}
		en2 := en.must(http.StatusOK, "GET", path("/api/v1/customers/{id}/statement.pdf", cust)+"?as_of=2026-05-11&lang=en", nil, nil)
		if got := pdftest.Words(t, en2.body); !strings.Contains(got, "$210.00 $0.00 $0.00 $0.00 $210.00 $420.00") || !strings.Contains(got, "Over 90 days") {
			t.Errorf("English statement:\n%s", got)
		}

		checkError(t, en.call("GET", path("/api/v1/customers/{id}/statement.pdf", cust)+"?as_of=2026-13-45", nil),
			http.StatusUnprocessableEntity, "invalid", "as_of")
		checkError(t, en.call("GET", "/api/v1/customers/987654/statement.pdf", nil), http.StatusNotFound, "not_found", "")
		_, tok := en.otherCompany("Intrus")
		checkError(t, en.do(tok, "GET", path("/api/v1/customers/{id}/statement.pdf", cust), nil), http.StatusNotFound, "not_found", "")
	})
}

// TestCustomerStatementSend: POST …/statement queues one message (202, one
// row per open invoice under one Message-ID) that reaches the outbox with
// the statement PDF; the rows show as step -3 in each invoice's history;
// nothing open is a conflict; grouping and monthly statements round-trip
// through the settings.
func TestCustomerStatementSend(t *testing.T) {
	parallelEach(t, func(t *testing.T, en *env) {
		cust := en.createCustomer("Côté Rénovation", "elodie@example.com")
		empty := en.createCustomer("Rien à payer", "rien@example.com")
		a := en.createInvoice(simpleInvoice("ST-1", cust, "2026-01-01", "2026-01-31"))
		b := en.createInvoice(simpleInvoice("ST-2", cust, "2026-05-01", "2026-05-31"))
		var got struct {
			MessageID string         `json:"message_id"`
			Reminders []reminderJSON `json:"reminders"`
		}
		en.must(http.StatusAccepted, "POST", path("/api/v1/customers/{id}/statement", cust), nil, &got)
		if len(got.Reminders) != 2 || got.MessageID == "" {
			t.Fatalf("queued %+v", got)
		}
		checkError(t, en.call("POST", path("/api/v1/customers/{id}/statement", empty), nil), http.StatusConflict, "conflict", "customer")
		checkError(t, en.call("POST", "/api/v1/customers/987654/statement", nil), http.StatusNotFound, "not_found", "")
		en.drain()
		var ob page[outboxJSON]
		en.must(http.StatusOK, "GET", "/api/v1/outbox", nil, &ob)
		if len(ob.Items) != 1 || ob.Items[0].MessageID != got.MessageID || !strings.Contains(ob.Items[0].Subject, "Relevé de compte") {
			t.Fatalf("outbox: %+v", ob.Items)
		}
		for _, inv := range []invoiceJSON{a, b} {
			var h struct {
				Items []reminderJSON `json:"items"`
			}
			en.must(http.StatusOK, "GET", path("/api/v1/invoices/{id}/reminders", inv.ID), nil, &h)
			hist := h.Items
			if len(hist) != 1 || hist[0].Step != -3 || hist[0].State != "sent" || hist[0].MessageID != got.MessageID {
				t.Errorf("history of %d: %+v", inv.ID, hist)
			}
		}
		doc := en.settingsDoc()
		doc["group_by_customer"] = true
		doc["statements"] = map[string]any{"enabled": true, "day_of_month": 28}
		var put map[string]any
		en.must(http.StatusOK, "PUT", "/api/v1/settings/reminders", doc, &put)
		if put["group_by_customer"] != true || put["statements"].(map[string]any)["day_of_month"] != float64(28) {
			t.Errorf("settings after PUT: group %v, statements %v", put["group_by_customer"], put["statements"])
		}
	})
}
