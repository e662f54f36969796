package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/reminder"
)

type paymentDetailJSON struct {
	ID        int64  `json:"id"`
	Amount    string `json:"amount"`
	Date      string `json:"date"`
	Method    string `json:"method"`
	Reference string `json:"reference"`
	Memo      string `json:"memo"`
	CreatedBy string `json:"created_by"`
}

type invoicePaymentsJSON struct {
	ID           int64               `json:"id"`
	BalanceDue   string              `json:"balance_due"`
	Payments     []paymentDetailJSON `json:"payments"`
	NextReminder *struct {
		Step int       `json:"step"`
		At   time.Time `json:"at"`
	} `json:"next_reminder"`
}

func paymentPath(invoiceID, paymentID int64) string {
	return fmt.Sprintf("/api/v1/invoices/%d/payments/%d", invoiceID, paymentID)
}

// TestPaymentEditDelete: a payment carries method, reference and memo; a
// PATCH corrects it, a DELETE removes it; both move the balance, are kept
// in the invoice's payment history with who did it, and refuse what they
// must (more than due, another company's payment, one that does not exist).
func TestPaymentEditDelete(t *testing.T) {
	parallelEach(t, func(t *testing.T, en *env) {
		cust := en.createCustomer("Côté Rénovation", "elodie@example.com")
		inv := en.createInvoice(simpleInvoice("F-200", cust, "2026-01-01", "2026-01-31")) // 210.00
		var got invoicePaymentsJSON
		en.must(http.StatusCreated, "POST", path("/api/v1/invoices/{id}/payments", inv.ID),
			map[string]string{"amount": "100.00", "date": "2026-02-01", "method": "Chèque", "reference": "CHQ-12", "memo": "Acompte"}, &got)
		if len(got.Payments) != 1 || got.BalanceDue != "110.00" {
			t.Fatalf("after the payment: %+v", got)
		}
		p := got.Payments[0]
		if p.Method != "Chèque" || p.Reference != "CHQ-12" || p.Memo != "Acompte" || p.Date != "2026-02-01" || p.CreatedBy != "API" {
			t.Errorf("payment = %+v", p)
		}

		en.must(http.StatusOK, "PATCH", paymentPath(inv.ID, p.ID), map[string]string{"amount": "10.00", "reference": "CHQ-21"}, &got)
		if got.BalanceDue != "200.00" || got.Payments[0].Amount != "10.00" || got.Payments[0].Reference != "CHQ-21" ||
			got.Payments[0].Memo != "Acompte" || got.Payments[0].Method != "Chèque" {
			t.Errorf("after the PATCH: %+v", got)
		}
		// The payment's own amount is available again: 210.00 is the whole
		// total, 210.01 is more.
		checkError(t, en.call("PATCH", paymentPath(inv.ID, p.ID), map[string]string{"amount": "210.01"}), 422, "invalid", "amount")
		checkError(t, en.call("PATCH", paymentPath(inv.ID, p.ID), map[string]string{"amount": "1.001"}), 422, "invalid", "amount")
		checkError(t, en.call("PATCH", paymentPath(inv.ID, p.ID), map[string]string{"memo": strings.Repeat("x", 501)}), 422, "invalid", "memo")
		checkError(t, en.call("PATCH", paymentPath(inv.ID, p.ID), map[string]string{"method": "a\r\nb"}), 422, "invalid", "method")
		checkError(t, en.call("PATCH", paymentPath(inv.ID, p.ID), map[string]string{"when": "now"}), 400, "malformed", "when")
		checkError(t, en.call("PATCH", paymentPath(inv.ID, p.ID+1000), map[string]string{"amount": "1.00"}), 404, "not_found", "")
		checkError(t, en.call("DELETE", paymentPath(inv.ID, 0), nil), 404, "not_found", "")

		// Another company sees neither the invoice nor its payment.
		_, otherTok := en.otherCompany("Autre")
		if r := en.do(otherTok, "DELETE", paymentPath(inv.ID, p.ID), nil); r.status != http.StatusNotFound {
			t.Errorf("another company's DELETE: %s", r)
		}
		// A payment of another invoice is not found through this one.
		inv2 := en.createInvoice(simpleInvoice("F-201", cust, "2026-01-01", "2026-01-31"))
		if r := en.call("DELETE", paymentPath(inv2.ID, p.ID), nil); r.status != http.StatusNotFound {
			t.Errorf("DELETE through another invoice: %s", r)
		}

		got = invoicePaymentsJSON{}
		en.must(http.StatusOK, "DELETE", paymentPath(inv.ID, p.ID), nil, &got)
		if got.BalanceDue != "210.00" || len(got.Payments) != 0 {
			t.Errorf("after the DELETE: %+v", got)
		}
		checkError(t, en.call("DELETE", paymentPath(inv.ID, p.ID), nil), 404, "not_found", "")

		hist, err := en.store.PaymentHistory(context.Background(), en.company.ID, inv.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, h := range hist {
			actions = append(actions, fmt.Sprintf("%s %d by %s", h.Action, h.Amount, h.Actor))
		}
		// The added row is gone with the payment; its edit and deletion stay.
		if strings.Join(actions, ", ") != "edited 1000 by API, deleted 1000 by API" {
			t.Errorf("history = %v", actions)
		}
		if other, _ := en.store.PaymentHistory(context.Background(), en.company.ID+1000, inv.ID); len(other) != 0 {
			t.Errorf("another company reads the history: %+v", other)
		}
	})
}

// TestPaymentDeleteReplans: paying an invoice in full clears its next
// reminder and the scan records nothing for it; deleting the payment plans
// that reminder again, and the scan right after records it.
func TestPaymentDeleteReplans(t *testing.T) {
	parallelEach(t, func(t *testing.T, en *env) {
		start := time.Date(2026, 1, 15, 15, 0, 0, 0, time.UTC)
		en.engine.Now = func() time.Time { return start }
		en.clock.set(start)
		doc := en.settingsDoc()
		doc["enabled"] = true
		en.must(http.StatusOK, "PUT", "/api/v1/settings/reminders", doc, nil)
		cust := en.createCustomer("Côté Rénovation", "elodie@example.com")
		created := en.createInvoice(simpleInvoice("F-300", cust, "2026-01-01", "2026-01-31"))
		var inv invoicePaymentsJSON
		en.must(http.StatusOK, "GET", path("/api/v1/invoices/{id}", created.ID), nil, &inv)
		if inv.NextReminder == nil {
			t.Fatal("no reminder planned for an open invoice with reminders on")
		}
		planned := *inv.NextReminder
		at := planned.At.Add(time.Minute)
		en.engine.Now = func() time.Time { return at }
		en.clock.set(at)

		en.must(http.StatusCreated, "POST", path("/api/v1/invoices/{id}/payments", inv.ID), map[string]string{"amount": "210.00"}, &inv)
		if inv.NextReminder != nil {
			t.Fatalf("paid in full, yet a reminder is planned: %+v", inv.NextReminder)
		}
		if n := scanned(t, en, inv.ID); n != 0 {
			t.Fatalf("the scan recorded %d reminders for a paid invoice", n)
		}

		paymentID := inv.Payments[0].ID
		inv = invoicePaymentsJSON{}
		en.must(http.StatusOK, "DELETE", paymentPath(created.ID, paymentID), nil, &inv)
		if inv.NextReminder == nil || inv.NextReminder.Step != planned.Step || !inv.NextReminder.At.Equal(planned.At) {
			t.Fatalf("after the deletion next reminder %+v, want %+v again", inv.NextReminder, planned)
		}
		if n := scanned(t, en, inv.ID); n != 1 {
			t.Errorf("the scan right after the deletion recorded %d reminders for the invoice, want 1", n)
		}
	})
}

// scanned runs the scan and counts the reminders it scheduled for invoiceID.
func scanned(t *testing.T, en *env, invoiceID int64) int {
	t.Helper()
	rep, err := en.engine.Scan(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, it := range rep.Items {
		if it.InvoiceID == invoiceID && it.State == reminder.StateScheduled {
			n++
		}
	}
	return n
}
