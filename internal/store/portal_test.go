package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// portalFixture: an open invoice due 2026-06-15 with reminders on, at
// 2026-06-10 12:00 Toronto.
func portalFixture(t *testing.T, s *store.Store) (*invoice.Company, *invoice.Invoice) {
	t.Helper()
	ctx := context.Background()
	fixedClock(s, time.Date(2026, 6, 10, 16, 0, 0, 0, time.UTC))
	co := storetest.Company(t, s, "Atelier Côté")
	st, err := s.ReminderSettings(ctx, co.ID)
	if err != nil {
		t.Fatal(err)
	}
	st.Enabled = true
	if err := storetest.Books(s).PutReminderSettings(ctx, co.ID, st); err != nil {
		t.Fatal(err)
	}
	cu := storetest.Customer(t, s, co.ID, "Élodie Côté")
	inv := storetest.Invoice(co.ID, cu.ID, "F-1", storetest.MustDate(t, "2026-06-01"), storetest.MustDate(t, "2026-06-15"), 10000)
	if err := storetest.Books(s).CreateInvoice(ctx, inv); err != nil {
		t.Fatal(err)
	}
	return co, inv
}

// Links: a hash opens its invoice until revoked; another company's
// invoice cannot get one.
func TestInvoiceLinkLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		co, inv := portalFixture(t, s)
		other := storetest.Company(t, s, "Autre")
		if err := s.CreateLink(ctx, other.ID, inv.ID, "h-other"); !invoice.IsNotFound(err) {
			t.Fatalf("a link to another company's invoice: %v", err)
		}
		for _, h := range []string{"h1", "h2"} {
			if err := s.CreateLink(ctx, co.ID, inv.ID, h); err != nil {
				t.Fatal(err)
			}
		}
		if c, i, err := s.InvoiceForLink(ctx, "h2"); err != nil || c != co.ID || i != inv.ID {
			t.Fatalf("InvoiceForLink = %d %d %v", c, i, err)
		}
		if _, _, err := s.InvoiceForLink(ctx, "nope"); !invoice.IsNotFound(err) {
			t.Fatalf("unknown hash: %v", err)
		}
		if err := s.RevokeLinks(ctx, other.ID, inv.ID); !invoice.IsNotFound(err) {
			t.Fatalf("another company revokes: %v", err)
		}
		if err := s.RevokeLinks(ctx, co.ID, inv.ID); err != nil {
			t.Fatal(err)
		}
		for _, h := range []string{"h1", "h2"} {
			if _, _, err := s.InvoiceForLink(ctx, h); !invoice.IsNotFound(err) {
				t.Fatalf("revoked %s still opens: %v", h, err)
			}
		}
	})
}

// Views, promise and dispute; the events the notifier picks up.
func TestPromiseDisputeAndEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		co, inv := portalFixture(t, s)
		for range 3 {
			if err := s.RecordView(ctx, co.ID, inv.ID); err != nil {
				t.Fatal(err)
			}
		}
		got, _ := s.GetInvoice(ctx, co.ID, inv.ID)
		if got.ViewCount != 3 || got.ViewedAt == nil || !got.ViewedAt.Equal(*got.LastViewedAt) {
			t.Fatalf("views %d %v %v", got.ViewCount, got.ViewedAt, got.LastViewedAt)
		}
		promised := storetest.MustDate(t, "2026-06-30")
		if err := storetest.Books(s).PromisePayment(ctx, co.ID, inv.ID, promised); err != nil {
			t.Fatal(err)
		}
		got, _ = s.GetInvoice(ctx, co.ID, inv.ID)
		// Step 1 (06-12) and step 2 (06-22) fell inside: the next look is
		// on 07-01 at 09:00 Toronto.
		if got.PromisedDate != promised || got.NextReminderAt == nil ||
			!got.NextReminderAt.Equal(time.Date(2026, 7, 1, 13, 0, 0, 0, time.UTC)) {
			t.Fatalf("promise: %v next %v", got.PromisedDate, got.NextReminderAt)
		}
		if err := storetest.Books(s).Dispute(ctx, co.ID, inv.ID, "Pourquoi?"); err != nil {
			t.Fatal(err)
		}
		if got, _ = s.GetInvoice(ctx, co.ID, inv.ID); !got.Disputed || got.NextReminderAt != nil {
			t.Fatalf("dispute: %v next %v", got.Disputed, got.NextReminderAt)
		}
		// The company is told through the To-do list (one owner of the
		// notifications): one task each, its email pending.
		ts, err := s.Tasks(ctx, co.ID, store.TaskOpen, 10)
		if err != nil || len(ts) != 2 || ts[0].Kind != store.TaskDispute || ts[1].Kind != store.TaskPromise ||
			ts[0].NotifyState != "pending" || ts[1].NotifyState != "pending" {
			t.Fatalf("tasks %+v %v", ts, err)
		}
		// A paid invoice takes no promise nor dispute.
		if _, err := storetest.Books(s).AddPayment(ctx, co.ID, inv.ID, &invoice.Payment{Amount: 10000, Date: storetest.MustDate(t, "2026-06-10")}); err != nil {
			t.Fatal(err)
		}
		if err := storetest.Books(s).PromisePayment(ctx, co.ID, inv.ID, promised); invoice.ErrorCode(err) != invoice.EConflict {
			t.Fatalf("promise on a paid invoice: %v", err)
		}
		if err := storetest.Books(s).Dispute(ctx, co.ID, inv.ID, "x"); invoice.ErrorCode(err) != invoice.EConflict {
			t.Fatalf("dispute on a paid invoice: %v", err)
		}
	})
}

// The invoice email stamps sent_at, not last_reminder_at; a receipt neither.
func TestMarkSentStamps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		co, inv := portalFixture(t, s)
		for _, step := range []int{reminder.StepInvoice, reminder.StepReceipt} {
			r := &reminder.Reminder{CompanyID: co.ID, InvoiceID: inv.ID, Step: step, DueDate: inv.DueDate, TriggerDate: inv.DueDate,
				To: inv.Email, Language: "fr", MessageID: "<m" + string(rune('a'-step)) + "@x>"}
			if err := storetest.Books(s).Write(ctx, func(tx *store.Tx) error { return tx.CreateMessage(ctx, r) }); err != nil {
				t.Fatal(err)
			}
		}
		if err := storetest.Books(s).Write(ctx, func(tx *store.Tx) error { return tx.CreateMessage(ctx, &reminder.Reminder{Step: 1}) }); err == nil {
			t.Fatal("CreateMessage took an automatic step")
		}
		rs, err := s.ClaimReminders(ctx, time.Date(2026, 6, 10, 16, 0, 0, 0, time.UTC), time.Minute, 10)
		if err != nil || len(rs) != 2 {
			t.Fatalf("claimed %d %v", len(rs), err)
		}
		for i := range rs {
			if _, err := storetest.Books(s).MarkSent(ctx, &rs[i], "s", "b"); err != nil {
				t.Fatal(err)
			}
		}
		got, _ := s.GetInvoice(ctx, co.ID, inv.ID)
		if got.SentAt == nil || got.LastReminderAt != nil {
			t.Fatalf("sent_at %v last_reminder_at %v", got.SentAt, got.LastReminderAt)
		}
	})
}

// The company's customer-page settings survive create and update.
func TestCompanyPaymentSettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := &invoice.Company{Name: "A", Timezone: "UTC", Language: "en", Currency: "EUR", PaymentInstructionsFR: "Virement",
			PayURLTemplate: "https://pay.example.com/{{invoice_number}}", TaxNumber1: "FR12345678901"}
		if err := s.CreateCompany(ctx, c); err != nil {
			t.Fatal(err)
		}
		got, _ := s.GetCompany(ctx, c.ID)
		if got.PaymentInstructionsFR != "Virement" || got.PayURLTemplate != c.PayURLTemplate || got.TaxNumber1 != "FR12345678901" {
			t.Fatalf("created %+v", got)
		}
		got.PaymentInstructionsEN, got.TaxNumber2 = "Wire", "X"
		if err := storetest.Books(s).UpdateCompany(ctx, got); err != nil {
			t.Fatal(err)
		}
		if again, _ := s.GetCompany(ctx, c.ID); again.PaymentInstructionsEN != "Wire" || again.TaxNumber2 != "X" {
			t.Fatalf("updated %+v", again)
		}
		got.PayURLTemplate = "javascript:alert(1)"
		if err := storetest.Books(s).UpdateCompany(ctx, got); invoice.ErrorCode(err) != invoice.EInvalid {
			t.Fatalf("a javascript: pay URL: %v", err)
		}
	})
}
