package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
	"github.com/relance-app/relance/internal/webhook"
)

// TestSendDueDeliversWebhooks: with no serve running, `send-due` delivers
// the webhook events queued since the last run (here invoice.paid), once:
// a second run finds nothing to deliver.
func TestSendDueDeliversWebhooks(t *testing.T) {
	t.Setenv("RELANCE_WEBHOOK_ALLOW_PRIVATE", "1") // the receiver is on loopback
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Header.Get("Relance-Event-Type")+" "+r.Header.Get("Relance-Event-Id"))
		mu.Unlock()
	}))
	defer srv.Close()

	url := storetest.SQLiteURL(t)
	s, err := store.OpenAndMigrate(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	co := storetest.Company(t, s, "Atelier")
	cu := storetest.Customer(t, s, co.ID, "Maple")
	inv := storetest.Invoice(co.ID, cu.ID, "A-1", storetest.MustDate(t, "2026-01-10"), storetest.MustDate(t, "2026-02-09"), 10000)
	if err := storetest.Books(s).CreateInvoice(ctx, inv); err != nil {
		t.Fatal(err)
	}
	ep := &store.WebhookEndpoint{CompanyID: co.ID, URL: srv.URL, Events: store.EventInvoicePaid, Secret: webhook.NewSecret()}
	if err := s.CreateWebhook(ctx, ep); err != nil {
		t.Fatal(err)
	}
	if _, err := storetest.Books(s).AddPayment(ctx, co.ID, inv.ID, &invoice.Payment{Amount: 10000, Date: inv.DueDate}); err != nil {
		t.Fatal(err)
	}

	out, _, err := runCmd(t, url, "", "send-due", "--at", "2026-02-10T09:30:00-05:00")
	if err != nil || !strings.Contains(out, "1 webhook deliveries attempted") {
		t.Fatalf("send-due: %v\n%s", err, out)
	}
	mu.Lock()
	if len(got) != 1 || !strings.HasPrefix(got[0], store.EventInvoicePaid+" ") {
		t.Errorf("receiver got %q, want one invoice.paid", got)
	}
	mu.Unlock()
	out, _, err = runCmd(t, url, "", "send-due", "--at", "2026-02-10T09:31:00-05:00")
	if err != nil || !strings.Contains(out, "0 webhook deliveries attempted") {
		t.Fatalf("second send-due: %v\n%s", err, out)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 {
		t.Errorf("delivered again: %q", got)
	}
}

// TestSendDueSendsTheDigestOnce: `send-due --at` sends the day's digest
// (into the outbox here) from the send time, once.
func TestSendDueSendsTheDigestOnce(t *testing.T) {
	url := storetest.SQLiteURL(t)
	s, err := store.OpenAndMigrate(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	co := storetest.Company(t, s, "Atelier") // America/Toronto, send time 09:00
	st, err := s.ReminderSettings(ctx, co.ID)
	if err != nil {
		t.Fatal(err)
	}
	st.Digest = true
	if err := storetest.Books(s).PutReminderSettings(ctx, co.ID, st); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ at, want string }{
		{"2026-02-10T08:59:00-05:00", "0 digests sent"},
		{"2026-02-10T09:00:00-05:00", "1 digests sent"},
		{"2026-02-10T17:00:00-05:00", "0 digests sent"},
		{"2026-02-11T09:05:00-05:00", "1 digests sent"},
	} {
		out, _, err := runCmd(t, url, "", "send-due", "--at", c.at)
		if err != nil || !strings.Contains(out, c.want) {
			t.Errorf("send-due --at %s: %v\n%s(want %q)", c.at, err, out, c.want)
		}
	}
	msgs, err := s.ListOutbox(ctx, co.ID, 0, 10)
	if err != nil || len(msgs) != 2 {
		t.Errorf("outbox: %d messages (%v), want the two digests", len(msgs), err)
	}
}
