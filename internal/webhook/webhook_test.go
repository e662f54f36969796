package webhook_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
	"github.com/relance-app/relance/internal/webhook"
)

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// receiver is a local HTTP endpoint that answers from a script of status
// codes (the last one repeats) and records every request.
type receiver struct {
	srv    *httptest.Server
	mu     sync.Mutex
	codes  []int
	got    []request
	posted atomic.Int32
}

type request struct {
	header http.Header
	body   []byte
}

func newReceiver(t *testing.T, codes ...int) *receiver {
	r := &receiver{codes: codes}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, request{req.Header.Clone(), b})
		code := r.codes[min(len(r.got)-1, len(r.codes)-1)]
		r.mu.Unlock()
		r.posted.Add(1)
		w.WriteHeader(code)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) requests() []request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]request(nil), r.got...)
}

type fixture struct {
	s   *store.Store
	co  *invoice.Company
	inv *invoice.Invoice
}

func newFixture(t *testing.T, s *store.Store) *fixture {
	co := storetest.Company(t, s, "Atelier Côté")
	cu := storetest.Customer(t, s, co.ID, "Harbour Cafe")
	inv := storetest.Invoice(co.ID, cu.ID, "INV-1042", storetest.MustDate(t, "2026-11-01"), storetest.MustDate(t, "2026-12-01"), 12345)
	if err := storetest.Books(s).CreateInvoice(context.Background(), inv); err != nil {
		t.Fatal(err)
	}
	return &fixture{s: s, co: co, inv: inv}
}

func (f *fixture) endpoint(t *testing.T, url string, events ...string) *store.WebhookEndpoint {
	w := &store.WebhookEndpoint{CompanyID: f.co.ID, URL: url, Events: strings.Join(events, ","), Secret: webhook.NewSecret()}
	if err := f.s.CreateWebhook(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	return w
}

// pay pays the invoice in full: the invoice.paid event is queued in the
// payment's transaction.
func (f *fixture) pay(t *testing.T) {
	p := &invoice.Payment{Amount: f.inv.Total, Date: storetest.MustDate(t, "2026-12-05")}
	if _, err := storetest.Books(f.s).AddPayment(context.Background(), f.co.ID, f.inv.ID, p); err != nil {
		t.Fatal(err)
	}
}

// TestWebhookRetriedWithSameEventIDAndSignature: the endpoint answers 500,
// then 200; both requests carry the same event id and a signature that
// verifies with the endpoint's secret; the log shows two attempts.
func TestWebhookRetriedWithSameEventIDAndSignature(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		rcv := newReceiver(t, 500, 200)
		ep := f.endpoint(t, rcv.srv.URL+"/hook", store.EventInvoicePaid, store.EventReminderSent)
		other := newReceiver(t, 200)
		f.endpoint(t, other.srv.URL, store.EventReminderSent) // not subscribed to invoice.paid
		f.pay(t)

		w := webhook.New(s, webhook.Config{AllowPrivate: true}, quietLog())
		now := time.Now()
		w.Now = func() time.Time { return now }
		if err := w.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if n := len(rcv.requests()); n != 1 {
			t.Fatalf("after the first drain: %d requests, want 1", n)
		}
		if err := w.Drain(ctx); err != nil { // the retry is not due yet
			t.Fatal(err)
		}
		if n := len(rcv.requests()); n != 1 {
			t.Fatalf("retried before its backoff: %d requests", n)
		}
		now = now.Add(2 * time.Minute)
		if err := w.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		reqs := rcv.requests()
		if len(reqs) != 2 {
			t.Fatalf("%d requests, want 2 (500 then 200)", len(reqs))
		}
		var ids []string
		for _, r := range reqs {
			if err := webhook.Verify(ep.Secret, r.header.Get(webhook.SignatureHeader), r.body, now, 5*time.Minute); err != nil {
				t.Errorf("signature %q: %v", r.header.Get(webhook.SignatureHeader), err)
			}
			if err := webhook.Verify("whsec_other", r.header.Get(webhook.SignatureHeader), r.body, now, 5*time.Minute); err == nil {
				t.Error("signature verified with another secret")
			}
			var ev store.WebhookEvent
			if err := json.Unmarshal(r.body, &ev); err != nil {
				t.Fatal(err)
			}
			if ev.Type != store.EventInvoicePaid || ev.CompanyID != f.co.ID || ev.Data["invoice_number"] != "INV-1042" ||
				ev.Data["invoice_id"] != float64(f.inv.ID) {
				t.Errorf("event %+v", ev)
			}
			if r.header.Get("Relance-Event-Id") != ev.ID {
				t.Errorf("header id %q, body id %q", r.header.Get("Relance-Event-Id"), ev.ID)
			}
			ids = append(ids, ev.ID)
		}
		if ids[0] != ids[1] || !strings.HasPrefix(ids[0], "evt_") {
			t.Errorf("event ids %v: want the same id on every attempt", ids)
		}
		if n := len(other.requests()); n != 0 {
			t.Errorf("an endpoint not subscribed to invoice.paid got %d requests", n)
		}
		log, err := s.WebhookLog(ctx, f.co.ID, ep.ID, 50)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != 1 || log[0].State != "delivered" || log[0].Attempts != 2 || log[0].LastStatus != 200 || log[0].EventID != ids[0] {
			t.Errorf("log %+v", log)
		}
		attempts, err := s.WebhookAttempts(ctx, f.co.ID, log[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(attempts) != 2 || attempts[0].Status != 500 || attempts[1].Status != 200 {
			t.Errorf("attempts %+v, want 500 then 200", attempts)
		}
		if err := w.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if n := len(rcv.requests()); n != 2 {
			t.Errorf("delivered again: %d requests", n)
		}
	})
}

// TestWebhookGivesUpAfter24Hours: an endpoint that keeps failing is
// retried until 24 hours after the event, then the delivery is failed.
func TestWebhookGivesUpAfter24Hours(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		rcv := newReceiver(t, 503)
		ep := f.endpoint(t, rcv.srv.URL, store.EventInvoicePaid)
		f.pay(t)
		w := webhook.New(s, webhook.Config{AllowPrivate: true}, quietLog())
		now := time.Now()
		w.Now = func() time.Time { return now }
		for i := 0; i < 200; i++ {
			if err := w.Drain(ctx); err != nil {
				t.Fatal(err)
			}
			now = now.Add(30 * time.Minute)
		}
		log, err := s.WebhookLog(ctx, f.co.ID, ep.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != 1 || log[0].State != "failed" || !strings.Contains(log[0].LastError, "gave up after 24h") ||
			log[0].LastStatus != 503 {
			t.Fatalf("log %+v", log)
		}
		if n := len(rcv.requests()); n < 20 || n > 60 {
			t.Errorf("%d attempts in 24 h; want backoff up to an hour between them", n)
		}
	})
}

// TestWebhookRefusesLoopbackWithoutOptIn: an endpoint on 127.0.0.1 (or a
// name resolving to it) is refused when saved, and at connect time by the
// delivery worker, unless private targets are allowed.
func TestWebhookRefusesLoopbackWithoutOptIn(t *testing.T) {
	ctx := context.Background()
	rcv := newReceiver(t, 200)
	port := rcv.srv.URL[strings.LastIndexByte(rcv.srv.URL, ':'):]
	for _, u := range []string{rcv.srv.URL, "http://localhost" + port, "http://[::1]" + port, "http://10.1.2.3/x",
		"http://169.254.169.254/latest/meta-data", "http://192.168.1.1/"} {
		err := webhook.Validate(u, []string{store.EventInvoicePaid}, false)
		if err == nil || !strings.Contains(err.Error(), "url") {
			t.Errorf("Validate(%q) = %v, want a url error", u, err)
		}
		if err := webhook.Validate(u, []string{store.EventInvoicePaid}, true); err != nil {
			t.Errorf("Validate(%q) with the opt-in: %v", u, err)
		}
	}
	for _, c := range []struct {
		url    string
		events []string
		field  string
	}{{"ftp://example.com/", []string{"invoice.paid"}, "url"}, {"https://u:p@example.com/", []string{"invoice.paid"}, "url"},
		{"https://example.com/", nil, "events"}, {"https://example.com/", []string{"invoice.eaten"}, "events"}} {
		err := webhook.Validate(c.url, c.events, false)
		if err == nil || !strings.Contains(err.Error(), c.field) {
			t.Errorf("Validate(%q, %v) = %v, want a %s error", c.url, c.events, err, c.field)
		}
	}
	if err := webhook.Validate("https://hooks.example.com/relance", store.EventTypes, false); err != nil {
		t.Errorf("a public https URL: %v", err)
	}

	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		// Stored directly, as if a public name later resolved to loopback.
		ep1 := f.endpoint(t, rcv.srv.URL, store.EventInvoicePaid)
		ep2 := f.endpoint(t, "http://localhost"+port, store.EventInvoicePaid)
		f.pay(t)
		w := webhook.New(s, webhook.Config{}, quietLog())
		if err := w.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if n := rcv.posted.Load(); n != 0 {
			t.Fatalf("the loopback server got %d requests without the opt-in", n)
		}
		for _, ep := range []*store.WebhookEndpoint{ep1, ep2} {
			log, err := s.WebhookLog(ctx, f.co.ID, ep.ID, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(log) != 1 || log[0].State != "pending" || !strings.Contains(log[0].LastError, "not public") {
				t.Errorf("%s: log %+v, want a refused attempt", ep.URL, log)
			}
		}
	})
}

// TestWebhookLostClaimIsFenced: a worker whose lease ran out and whose
// delivery was claimed again cannot record its outcome over the new claim.
func TestWebhookLostClaimIsFenced(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		f.endpoint(t, "https://hooks.example.com/x", store.EventInvoicePaid)
		f.pay(t)
		now := time.Now()
		first, err := s.ClaimWebhookDeliveries(ctx, now, time.Minute, 10)
		if err != nil || len(first) != 1 {
			t.Fatalf("claim: %v, %d", err, len(first))
		}
		if again, _ := s.ClaimWebhookDeliveries(ctx, now.Add(30*time.Second), time.Minute, 10); len(again) != 0 {
			t.Fatalf("a leased delivery was claimed twice")
		}
		second, err := s.ClaimWebhookDeliveries(ctx, now.Add(2*time.Minute), time.Minute, 10)
		if err != nil || len(second) != 1 || second[0].Attempts != 2 || second[0].EventID != first[0].EventID {
			t.Fatalf("reclaim after the lease: %v, %+v", err, second)
		}
		ok, err := s.RecordWebhookAttempt(ctx, &first[0], store.WebhookOutcome{State: "delivered", Status: 200, At: now})
		if err != nil || ok {
			t.Fatalf("the stale claim recorded its outcome: %v %v", ok, err)
		}
		ok, err = s.RecordWebhookAttempt(ctx, &second[0], store.WebhookOutcome{State: "delivered", Status: 204, At: now})
		if err != nil || !ok {
			t.Fatalf("the live claim: %v %v", ok, err)
		}
	})
}

// TestDrainWithinIsBounded: send-due's drain stops when its time is up,
// even on an endpoint that never answers, and the cut-short delivery
// stays queued (its lease brings it back) instead of being lost.
func TestDrainWithinIsBounded(t *testing.T) {
	s := storetest.SQLite(t)
	ctx := context.Background()
	f := newFixture(t, s)
	release := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer hang.Close()
	defer close(release)
	f.endpoint(t, hang.URL, store.EventInvoicePaid)
	f.pay(t)
	w := webhook.New(s, webhook.Config{AllowPrivate: true, Timeout: time.Hour}, quietLog())
	if _, err := w.DrainWithin(ctx, 200*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if n, err := s.PendingWebhookDeliveries(ctx); err != nil || n != 1 {
		t.Errorf("%d deliveries pending after the cut (%v), want 1 kept", n, err)
	}
}
