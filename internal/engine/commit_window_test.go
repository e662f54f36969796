package engine_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// windowCheck wraps the SMTP transport: before each message it counts the
// messages the server accepted that are not yet recorded sent — what a
// crash at that moment would send again (RELIABILITY.md).
type windowCheck struct {
	mail.Transport
	s     *store.Store
	pause time.Duration

	mu        sync.Mutex
	delivered int
	worst     int
}

func (w *windowCheck) Send(ctx context.Context, msg *gomail.Msg) error {
	var recorded int
	if err := w.s.DB().GetContext(ctx, &recorded, `SELECT COUNT(*) FROM reminders WHERE state = 'sent'`); err != nil {
		return err
	}
	w.mu.Lock()
	w.worst = max(w.worst, w.delivered-recorded)
	w.mu.Unlock()
	time.Sleep(w.pause)
	if err := w.Transport.Send(ctx, msg); err != nil {
		return err
	}
	w.mu.Lock()
	w.delivered++
	w.mu.Unlock()
	return nil
}

// The crash window: a worker holds at most SendBatch−1 delivered messages
// unrecorded when it sends the next, and none delivered more than 100 ms
// before (with 40 ms a message, at most three).
func TestSentCommitWindow(t *testing.T) {
	for _, tc := range []struct {
		name    string
		batch   int
		pause   time.Duration
		atMost  int
		enough  int  // reminders to send
		batches bool // the window must fill: batching happened (the time case may not fill on a slow machine)
	}{
		{name: "count", batch: 4, atMost: 3, enough: 12, batches: true},
		{name: "time", batch: 16, pause: 40 * time.Millisecond, atMost: 3, enough: 8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, s *store.Store) {
				day := storetest.MustDate(t, "2026-12-10")
				b := setup(t, s, local(day, 10, 0))
				for i := range tc.enough {
					b.invoice(t, fmt.Sprintf("W-%d", i), day.AddDays(-30), day.AddDays(-5)) // step 2 due today
				}
				tr, err := mail.NewSMTP(b.smtp.URL())
				if err != nil {
					t.Fatal(err)
				}
				defer tr.Close()
				check := &windowCheck{Transport: tr, s: s, pause: tc.pause}
				e := engine.New(s, check, engine.Config{From: "Billing <billing@relance.test>", Workers: 1, SendBatch: tc.batch}, quietLog())
				e.Now, e.Wall = b.clk.Now, b.wall
				ctx := context.Background()
				if _, err := e.Scan(ctx, false); err != nil {
					t.Fatal(err)
				}
				sent, other, err := e.DrainReport(ctx)
				if err != nil || len(sent) != tc.enough || len(other) != 0 {
					t.Fatalf("drain: %d sent, %d not, err %v", len(sent), len(other), err)
				}
				t.Logf("at most %d delivered messages unrecorded (batch %d)", check.worst, tc.batch)
				if check.worst > tc.atMost {
					t.Errorf("%d delivered messages were unrecorded at once; the window is %d", check.worst, tc.atMost)
				}
				if tc.batches && check.worst < tc.atMost {
					t.Errorf("at most %d unrecorded at once: the batch did not batch", check.worst)
				}
			})
		})
	}
}
