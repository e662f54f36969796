package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
	"github.com/relance-app/relance/internal/web/api"
	"github.com/relance-app/relance/internal/webhook"
)

type webhookOut struct {
	ID     int64    `json:"id"`
	URL    string   `json:"url"`
	Events []string `json:"events"`
	Secret string   `json:"secret"`
}

// TestWebhookAPI: create (secret shown once), refuse loopback and bad
// events naming the field, list, the delivery log after a payment, other
// companies see nothing, delete.
func TestWebhookAPI(t *testing.T) {
	parallelEach(t, func(t *testing.T, en *env) {
		checkError(t, en.call("POST", "/api/v1/webhooks", map[string]any{"url": "http://127.0.0.1:9/x", "events": []string{"invoice.paid"}}),
			http.StatusUnprocessableEntity, "invalid", "url")
		checkError(t, en.call("POST", "/api/v1/webhooks", map[string]any{"url": "https://hooks.example.com/x", "events": []string{"invoice.lost"}}),
			http.StatusUnprocessableEntity, "invalid", "events")
		checkError(t, en.call("POST", "/api/v1/webhooks", map[string]any{"url": "https://hooks.example.com/x", "evnts": []string{}}),
			http.StatusBadRequest, "malformed", "evnts")
		var created webhookOut
		en.must(http.StatusCreated, "POST", "/api/v1/webhooks",
			map[string]any{"url": "https://hooks.example.com/relance", "events": []string{"invoice.paid", "reminder.sent"}}, &created)
		if created.ID <= 0 || !strings.HasPrefix(created.Secret, "whsec_") || len(created.Events) != 2 {
			t.Fatalf("created %+v", created)
		}
		var listed page[webhookOut]
		en.must(http.StatusOK, "GET", "/api/v1/webhooks", nil, &listed)
		if len(listed.Items) != 1 || listed.Items[0].Secret != "" || listed.Items[0].URL != created.URL {
			t.Fatalf("list %+v (the secret must not show again)", listed)
		}
		cu := en.createCustomer("Harbour Cafe", "ap@harbour.test")
		inv := en.createInvoice(simpleInvoice("INV-1042", cu, "2026-11-01", "2026-12-01"))
		en.must(http.StatusCreated, "POST", path("/api/v1/invoices/{id}/payments", inv.ID), map[string]string{"amount": inv.Total, "date": "2026-11-20"}, nil)
		var log page[struct {
			EventID   string `json:"event_id"`
			EventType string `json:"event_type"`
			State     string `json:"state"`
		}]
		en.must(http.StatusOK, "GET", path("/api/v1/webhooks/{id}/deliveries", created.ID), nil, &log)
		if len(log.Items) != 1 || log.Items[0].EventType != "invoice.paid" || log.Items[0].State != "pending" {
			t.Fatalf("deliveries %+v", log)
		}
		_, other := en.otherCompany("Other Co")
		if r := en.do(other, "GET", path("/api/v1/webhooks/{id}/deliveries", created.ID), nil); r.status != http.StatusNotFound {
			t.Errorf("another company read the log: %s", r)
		}
		if r := en.do(other, "DELETE", path("/api/v1/webhooks/{id}", created.ID), nil); r.status != http.StatusNotFound {
			t.Errorf("another company deleted: %s", r)
		}
		en.must(http.StatusNoContent, "DELETE", path("/api/v1/webhooks/{id}", created.ID), nil, nil)
		checkError(t, en.call("GET", path("/api/v1/webhooks/{id}/deliveries", created.ID), nil), http.StatusNotFound, "not_found", "")
	})
}

// TestWebhookAPIEndToEnd: with the operator's opt-in, an endpoint on a
// local server receives invoice.paid, signed with the secret the API gave.
func TestWebhookAPIEndToEnd(t *testing.T) {
	var mu sync.Mutex
	var bodies [][]byte
	var sigs []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies, sigs = append(bodies, b), append(sigs, r.Header.Get(webhook.SignatureHeader))
		mu.Unlock()
	}))
	defer srv.Close()
	s := storetest.SQLite(t)
	en := newEnv(t, s, api.AllowPrivateWebhooks(true))
	var created webhookOut
	en.must(http.StatusCreated, "POST", "/api/v1/webhooks", map[string]any{"url": srv.URL, "events": []string{"invoice.paid"}}, &created)
	cu := en.createCustomer("Harbour Cafe", "ap@harbour.test")
	inv := en.createInvoice(simpleInvoice("INV-7", cu, "2026-11-01", "2026-12-01"))
	en.must(http.StatusCreated, "POST", path("/api/v1/invoices/{id}/payments", inv.ID), map[string]string{"amount": inv.Total, "date": "2026-11-20"}, nil)
	if err := webhook.New(s, webhook.Config{AllowPrivate: true}, quietLogger()).Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(bodies) != 1 {
		t.Fatalf("%d deliveries", len(bodies))
	}
	if err := webhook.Verify(created.Secret, sigs[0], bodies[0], time.Now(), time.Minute); err != nil {
		t.Fatal(err)
	}
	var ev store.WebhookEvent
	if err := json.Unmarshal(bodies[0], &ev); err != nil || ev.Type != "invoice.paid" || ev.Data["invoice_number"] != "INV-7" {
		t.Fatalf("event %s (%v)", bodies[0], err)
	}
}
