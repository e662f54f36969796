package ui

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestTenantIsolation: a user of company A gets 404 for every URL naming
// one of company B's invoices, customers or outbox messages, on both
// databases, and B's data is unchanged.
func TestTenantIsolation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := newBundle(t, s)
		other := storetest.Company(t, s, "Toitures Gagnon")
		cu := storetest.Customer(t, s, other.ID, "Client de B")
		inv := b.invoiceFor(other.ID, cu.ID, "B-1", -10, 50000)
		iid := inv.ID
		msg := &store.OutboxMessage{CompanyID: other.ID, InvoiceID: &iid, MessageID: "<b@x>", Subject: "B", Recipients: "b@x.test",
			Raw: []byte("Subject: B\r\n\r\nhello\r\n")}
		if err := s.AddOutbox(context.Background(), msg); err != nil {
			t.Fatal(err)
		}
		ms, _ := s.ListOutbox(context.Background(), other.ID, 0, 1)
		mid := itoa(ms[0].ID)
		bp := &invoice.Payment{Amount: 100, Date: inv.IssueDate}
		if _, err := storetest.Books(s).AddPayment(context.Background(), other.ID, inv.ID, bp); err != nil {
			t.Fatal(err)
		}
		b.c.signin("owner@example.com")

		id := itoa(inv.ID)
		pay := "/invoices/" + id + "/payments/" + itoa(bp.ID)
		if r := b.c.get(pay + "/edit"); r.code != http.StatusNotFound {
			t.Errorf("GET a payment of another company: %d, want 404", r.code)
		}
		for _, p := range []string{"/invoices/" + id, "/invoices/" + id + "/edit", "/invoices/" + id + "/pdf",
			"/invoices/" + id + "/payments/new", "/invoices/" + id + "/reminders/new", "/customers/" + itoa(cu.ID), "/customers/" + itoa(cu.ID) + "/statement.pdf",
			"/outbox/" + mid, "/outbox/" + mid + "/raw", "/outbox/" + mid + "/parts/0", "/invoices/abc"} {
			if r := b.c.get(p); r.code != http.StatusNotFound {
				t.Errorf("GET %s of another company: %d, want 404", p, r.code)
			}
		}
		posts := map[string]url.Values{
			"/invoices/" + id:                          {"number": {"HACK"}},
			"/invoices/" + id + "/void":                nil,
			"/invoices/" + id + "/pause":               {"paused": {"1"}},
			"/invoices/" + id + "/payments":            {"amount": {"500.00"}, "date": {"2026-01-01"}},
			"/invoices/" + id + "/reminders":           {"subject": {"x"}, "message": {"y"}},
			"/customers/" + itoa(cu.ID):                {"display_name": {"HACK"}, "language": {"en"}},
			"/customers/" + itoa(cu.ID) + "/pause":     {"paused": {"1"}},
			pay:                                        {"amount": {"1.00"}, "date": {"2026-01-01"}},
			pay + "/delete":                            nil,
			"/customers/" + itoa(cu.ID) + "/statement": nil,
		}
		for p, form := range posts {
			if r := b.c.submit(p, form); r.code != http.StatusNotFound {
				t.Errorf("POST %s of another company: %d, want 404", p, r.code)
			}
		}
		got, err := s.GetInvoice(context.Background(), other.ID, inv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Voided || got.RemindersPaused || got.Number != "B-1" || got.Paid != 100 || len(got.Payments) != 1 {
			t.Errorf("company B's invoice changed: %+v", got)
		}
		if h, _ := s.Reminders(context.Background(), other.ID, inv.ID); len(h) != 0 {
			t.Errorf("a reminder was recorded on B's invoice: %+v", h)
		}
		c, _ := s.GetCustomer(context.Background(), other.ID, cu.ID)
		if c.DisplayName != "Client de B" || c.RemindersPaused {
			t.Errorf("company B's customer changed: %+v", c)
		}
		// Lists show none of B's rows.
		r := b.c.get("/invoices")
		if r.code != 200 || contains(r.body, "B-1") || contains(r.body, "Client de B") {
			t.Errorf("invoice list leaks company B")
		}
		if r := b.c.get("/outbox"); contains(r.body, "b@x.test") {
			t.Errorf("outbox leaks company B")
		}
	})
}
