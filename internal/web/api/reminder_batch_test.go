package api_test

import (
	"context"
	"net/http"
	"testing"
)

// TestReminderBatch: a batch queues one manual reminder per sendable
// invoice and refuses the others with their reason; only the queued ones
// reach the outbox, one message each.
func TestReminderBatch(t *testing.T) {
	parallelEach(t, func(t *testing.T, en *env) {
		cust := en.createCustomer("Côté Rénovation", "elodie@example.com")
		mute := en.createCustomer("Sans courriel", "")
		open1 := en.createInvoice(simpleInvoice("B-1", cust, "2026-01-01", "2026-01-31"))
		open2 := en.createInvoice(simpleInvoice("B-2", cust, "2026-02-01", "2026-02-28"))
		paid := en.createInvoice(simpleInvoice("B-PAID", cust, "2026-01-01", "2026-01-31"))
		en.must(http.StatusCreated, "POST", path("/api/v1/invoices/{id}/payments", paid.ID), map[string]any{"amount": "210.00", "date": "2026-02-01"}, nil)
		void := en.createInvoice(simpleInvoice("B-VOID", cust, "2026-01-01", "2026-01-31"))
		en.must(http.StatusOK, "POST", path("/api/v1/invoices/{id}/void", void.ID), nil, nil)
		noMail := en.createInvoice(simpleInvoice("B-NOMAIL", mute, "2026-01-01", "2026-01-31"))
		// Another company's open invoice is not found, not reminded.
		_, tok := en.otherCompany("Intrus")
		var oc, oi struct {
			ID int64 `json:"id"`
		}
		decodeInto(t, en.do(tok, "POST", "/api/v1/customers", map[string]any{"display_name": "X", "email": "x@example.com"}), &oc)
		decodeInto(t, en.do(tok, "POST", "/api/v1/invoices", simpleInvoice("B-OTHER", oc.ID, "2026-01-01", "2026-01-31")), &oi)
		if oi.ID == 0 {
			t.Fatal("other company's invoice not created")
		}

		var out struct {
			Results []struct {
				InvoiceID  int64  `json:"invoice_id"`
				Status     string `json:"status"`
				Reason     string `json:"reason"`
				ReminderID int64  `json:"reminder_id"`
			} `json:"results"`
		}
		en.must(http.StatusAccepted, "POST", "/api/v1/reminders/batch", map[string]any{
			"invoice_ids": []int64{open1.ID, paid.ID, void.ID, noMail.ID, 987654, oi.ID, open2.ID, open1.ID},
			"subject":     "Relevé : {{invoice_number}}",
		}, &out)
		want := map[int64][2]string{open1.ID: {"queued", ""}, open2.ID: {"queued", ""}, paid.ID: {"refused", "paid"},
			void.ID: {"refused", "voided"}, noMail.ID: {"refused", "no_recipient"}, 987654: {"refused", "not_found"}, oi.ID: {"refused", "not_found"}}
		if len(out.Results) != len(want) {
			t.Fatalf("results %+v, want one per distinct invoice (%d)", out.Results, len(want))
		}
		for _, r := range out.Results {
			w := want[r.InvoiceID]
			if r.Status != w[0] || r.Reason != w[1] || (r.Status == "queued") != (r.ReminderID > 0) {
				t.Errorf("invoice %d: %+v, want %v", r.InvoiceID, r, w)
			}
		}
		en.drain()
		msgs, err := en.store.ListOutbox(context.Background(), en.company.ID, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64]int{}
		for _, m := range msgs {
			got[*m.InvoiceID]++
			if m.Subject != "Relevé : B-1" && m.Subject != "Relevé : B-2" {
				t.Errorf("subject %q", m.Subject)
			}
		}
		if len(msgs) != 2 || got[open1.ID] != 1 || got[open2.ID] != 1 {
			t.Errorf("outbox per invoice %v, want one message for each open invoice", got)
		}

		checkError(t, en.call("POST", "/api/v1/reminders/batch", map[string]any{"invoice_ids": []int64{}}), http.StatusUnprocessableEntity, "invalid", "invoice_ids")
		checkError(t, en.call("POST", "/api/v1/reminders/batch", map[string]any{"invoice_ids": make([]int64, 501)}), http.StatusUnprocessableEntity, "invalid", "invoice_ids")
		checkError(t, en.call("POST", "/api/v1/reminders/batch", map[string]any{"invoice_ids": []int64{open1.ID}, "subject": "a\nb"}),
			http.StatusUnprocessableEntity, "invalid", "subject")
	})
}
