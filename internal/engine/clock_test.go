package engine_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/mail/smtptest"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestSendReplansOnTheEngineClock: `send-due --at` in the past sends step 2
// and re-plans the invoice at that time, so step 3, fifteen days later, is
// planned; re-planned on the wall clock it would be long stale (no plan).
func TestSendReplansOnTheEngineClock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		day := invoice.LocalDate(time.Now(), toronto).AddDays(-170)
		b := setup(t, s, local(day, 10, 0))
		inv := b.invoice(t, "AT-1", day.AddDays(-40), day.AddDays(-5))
		s.Now = time.Now // the store's own clock is the wall clock, as in `relance send-due`
		b.e.Wall = time.Now
		b.pass(t)
		if n := len(b.smtp.Messages()); n != 1 {
			t.Fatalf("%d messages, want step 2 once", n)
		}
		got, err := s.GetInvoice(ctx, b.co.ID, inv.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := local(day.AddDays(15), 9, 0)
		if got.NextReminderAt == nil || !got.NextReminderAt.Equal(want) || got.NextReminderStep == nil || *got.NextReminderStep != 3 {
			t.Errorf("next reminder %v step %v, want step 3 at %v", got.NextReminderAt, got.NextReminderStep, want)
		}
	})
}

// TestPastSendDueBesideServe: `send-due --at <a past time>` claims a
// reminder while a `serve` runs beside it. The claim's lease runs on the
// wall clock, so serve's workers leave it alone: the customer gets one
// message. (A lease counted from the past time had already expired.)
func TestPastSendDueBesideServe(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		day := invoice.LocalDate(time.Now(), toronto).AddDays(-3)
		b := setup(t, s, local(day, 10, 0)) // b.e is `send-due --at`
		b.e.Wall = time.Now
		b.invoice(t, "SIDE-1", day.AddDays(-40), day.AddDays(-5))
		entered, release := make(chan struct{}), make(chan struct{})
		var once sync.Once
		b.smtp.OnData(func(smtptest.Message) error {
			once.Do(func() { close(entered); <-release })
			return nil
		})
		tr, err := mail.NewSMTP(b.smtp.URL())
		if err != nil {
			t.Fatal(err)
		}
		defer tr.Close()
		serve := engine.New(s, tr, engine.Config{From: "Billing <billing@relance.test>", Workers: 2}, quietLog())

		ctx := context.Background()
		if _, err := b.e.Scan(ctx, false); err != nil {
			t.Fatal(err)
		}
		sendDue := make(chan error, 1)
		go func() { sendDue <- b.e.Drain(ctx) }()
		select { // send-due holds the claim, mid-delivery
		case <-entered:
		case err := <-sendDue:
			t.Fatalf("send-due delivered nothing (%v)", err)
		}
		served := make(chan error, 1)
		go func() { served <- serve.Drain(ctx) }()
		select {
		case err := <-served:
			if err != nil {
				t.Error(err)
			}
		case <-time.After(5 * time.Second): // serve took the claim and waits on the server
		}
		close(release)
		if err := <-sendDue; err != nil {
			t.Fatal(err)
		}
		if n := len(b.smtp.Messages()); n != 1 {
			t.Errorf("%d messages received, want 1", n)
		}
	})
}

// TestBackoffIgnoresReclaims: the retry delay grows with failed deliveries,
// not with claims: three claims lost to crashed workers between the first
// and the second failure leave the second delay at about a minute.
func TestBackoffIgnoresReclaims(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		day := storetest.MustDate(t, "2026-12-10")
		b := setup(t, s, local(day, 10, 0))
		b.smtp.OnData(func(smtptest.Message) error { return smtptest.Temp("4.3.0 try later") })
		inv := b.invoice(t, "BO-1", day.AddDays(-40), day.AddDays(-5))
		b.pass(t) // failure 1
		const lease = 5 * time.Minute
		for range 3 { // crashed workers: claimed, never marked
			b.clk.Add(lease + time.Minute)
			if rs, err := s.ClaimReminders(ctx, b.wall(), lease, 10); err != nil || len(rs) != 1 {
				t.Fatalf("claim: %v, %d", err, len(rs))
			}
		}
		b.clk.Add(lease + time.Minute)
		if err := b.e.Drain(ctx); err != nil { // failure 2
			t.Fatal(err)
		}
		hist, err := s.Reminders(ctx, b.co.ID, inv.ID)
		if err != nil {
			t.Fatal(err)
		}
		r := hist[len(hist)-1]
		delay := r.NextAttemptAt.Sub(b.wall())
		if r.Failures != 2 || r.Attempts != 5 || delay < 48*time.Second || delay > 72*time.Second {
			t.Errorf("failures %d attempts %d, next attempt in %v; want 2 failures, 5 claims, 1 min ± 20 %%",
				r.Failures, r.Attempts, delay)
		}
	})
}
