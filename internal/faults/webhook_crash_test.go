package faults_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/mail/smtptest"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
	"github.com/relance-app/relance/internal/webhook"
)

// hookSink is a webhook receiver that counts deliveries per event id and
// checks each signature.
type hookSink struct {
	secret string
	mu     sync.Mutex
	byID   map[string]int
	remind map[float64]bool // reminder ids seen in reminder.sent events
	bad    int
	total  int
}

func (h *hookSink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	time.Sleep(2 * time.Millisecond) // a real endpoint takes a moment: kills land mid-request too
	var ev store.WebhookEvent
	err := json.Unmarshal(b, &ev)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.total++
	if err != nil || webhook.Verify(h.secret, r.Header.Get(webhook.SignatureHeader), b, time.Now(), time.Hour) != nil ||
		r.Header.Get("Relance-Event-Id") != ev.ID {
		h.bad++
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	h.byID[ev.ID]++
	if id, ok := ev.Data["reminder_id"].(float64); ok {
		h.remind[id] = true
	}
}

func (h *hookSink) distinct() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.byID)
}

// TestWebhookCrashLosesNoEvent: `relance serve` sends 300 reminders, each
// emitting reminder.sent to a webhook endpoint, and is killed with SIGKILL
// twice while webhooks are being delivered, then restarted. Every event
// arrives (at least once, correctly signed, with one id per reminder);
// an event received twice was in flight when a process died.
func TestWebhookCrashLosesNoEvent(t *testing.T) {
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			url := storetest.SQLiteURL(t)
			if db == "postgres" {
				url = storetest.PostgresURL(t)
			}
			webhookCrashRun(t, url, scale(300, 2000), scale(2, 6))
		})
	}
}

func webhookCrashRun(t *testing.T, url string, n, kills int) {
	ctx := context.Background()
	s, err := store.OpenAndMigrate(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	co := seedDue(t, s, n)
	sink := &hookSink{secret: webhook.NewSecret(), byID: map[string]int{}, remind: map[float64]bool{}}
	hs := httptest.NewServer(sink)
	defer hs.Close()
	if err := s.CreateWebhook(ctx, &store.WebhookEndpoint{CompanyID: co.ID, URL: hs.URL, Events: store.EventReminderSent,
		Secret: sink.secret}); err != nil {
		t.Fatal(err)
	}
	srv := smtptest.Start(t)
	env := append(serveEnv(url, srv.URL(), "5s"), "RELANCE_WEBHOOK_ALLOW_PRIVATE=1")
	p := startServe(t, "serve-0", env)
	for i := 1; i <= kills; i++ {
		point := n * i / (kills + 1)
		waitFor(t, 5*time.Minute, 2*time.Millisecond, "more webhook deliveries", func() bool { return sink.distinct() >= point })
		p.kill()
		p = startServe(t, "serve-"+itoa(i), env)
	}
	waitFor(t, 5*time.Minute, 50*time.Millisecond, "every reminder sent and every event delivered", func() bool {
		pr, err1 := s.PendingReminders(ctx)
		pw, err2 := s.PendingWebhookDeliveries(ctx)
		return err1 == nil && err2 == nil && pr == 0 && pw == 0 && sink.distinct() >= n
	})
	p.stop()
	sink.mu.Lock()
	defer sink.mu.Unlock()
	dups := sink.total - len(sink.byID) - sink.bad
	t.Logf("FIGURES webhook crash %s: %d events, %d kills, %d requests, %d duplicates, %d bad", s.Dialect(), n, kills, sink.total, dups, sink.bad)
	if len(sink.byID) != n || len(sink.remind) != n || sink.bad != 0 {
		t.Errorf("got %d distinct events about %d reminders (%d badly signed), want %d", len(sink.byID), len(sink.remind), sink.bad, n)
	}
	if dups > kills*2 {
		t.Errorf("%d duplicate deliveries for %d kills of 2 webhook workers", dups, kills)
	}
	var failed int
	if err := s.DB().Get(&failed, `SELECT COUNT(*) FROM webhook_deliveries WHERE state <> 'delivered'`); err != nil || failed != 0 {
		t.Errorf("%d deliveries not delivered (%v)", failed, err)
	}
}
