package engine_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	gmail "github.com/emersion/go-message/mail"

	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/mail/smtptest"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestCompanyToldOfBounceAndFailure: a bounce and a permanent failure each
// open a To-do task and email the company's address through the same path
// as reminders (here the outbox), once, with a link to the invoice; a
// retried send does not add a copy.
func TestCompanyToldOfBounceAndFailure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		day0 := storetest.MustDate(t, "2026-09-01")
		b := setup(t, s, local(day0, 10, 0))
		e := engine.New(s, nil, engine.Config{From: "Billing <billing@relance.test>", BaseURL: "https://relance.example"}, quietLog())
		e.Now = b.clk.Now
		inv := b.invoice(t, "INV-77", day0, day0.AddDays(20))
		r, err := e.SendManual(ctx, b.co.ID, inv.ID, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if err := e.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Books().MarkBounced(ctx, r.ID, "550 5.1.1 user unknown"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Books().MarkBounced(ctx, r.ID, "550 5.1.1 user unknown"); err != nil { // a second report
			t.Fatal(err)
		}
		// A reminder whose message cannot be built fails permanently.
		bad := b.invoice(t, "INV-78", day0, day0.AddDays(20))
		if _, err := s.DB().Exec(s.DB().Rebind(`UPDATE invoices SET email = ? WHERE id = ?`), "not an address", bad.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.SendManual(ctx, b.co.ID, bad.ID, "", ""); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 2; i++ {
			if err := e.Drain(ctx); err != nil {
				t.Fatal(err)
			}
		}
		out, err := s.ListOutbox(ctx, b.co.ID, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		var toCompany []store.OutboxMessage
		for _, m := range out {
			if m.Recipients == b.co.Email {
				toCompany = append(toCompany, m)
			}
		}
		if len(toCompany) != 2 {
			t.Fatalf("%d notifications to %s, want 2 (bounce, failure): %+v", len(toCompany), b.co.Email, out)
		}
		want := map[string]string{"INV-77": "est revenue en erreur", "INV-78": "n'a pas pu"}
		for _, m := range toCompany {
			full, err := s.GetOutbox(ctx, b.co.ID, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			mr, err := gmail.CreateReader(bytes.NewReader(full.Raw))
			if err != nil {
				t.Fatal(err)
			}
			subject, _ := mr.Header.Subject()
			var text string
			for {
				p, err := mr.NextPart()
				if err != nil {
					break
				}
				if ct, _, _ := p.Header.(*gmail.InlineHeader).ContentType(); ct == "text/plain" {
					b, _ := io.ReadAll(p.Body)
					text = string(b)
				}
			}
			num := "INV-77"
			if strings.Contains(subject, "INV-78") {
				num = "INV-78"
			}
			if !strings.HasPrefix(subject, "[Relance] ") || !strings.Contains(subject, want[num]) {
				t.Errorf("subject %q, want it to say %q", subject, want[num])
			}
			if !strings.Contains(text, "https://relance.example/invoices/") || !strings.Contains(text, "https://relance.example/todo") {
				t.Errorf("%s: no links in %q", num, text)
			}
		}
		tasks, err := s.Tasks(ctx, b.co.ID, store.TaskOpen, 10)
		if err != nil || len(tasks) != 2 {
			t.Errorf("tasks %d %v, want 2", len(tasks), err)
		}
	})
}

// TestNotificationRetriedOverSMTP: a notification refused with 4xx is
// retried and arrives once.
func TestNotificationRetriedOverSMTP(t *testing.T) {
	s := storetest.SQLite(t)
	ctx := context.Background()
	day0 := storetest.MustDate(t, "2026-09-01")
	b := setup(t, s, local(day0, 10, 0))
	srv := smtptest.Start(t)
	tr, err := mail.NewSMTP(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	e := engine.New(s, tr, engine.Config{From: "Billing <billing@relance.test>"}, quietLog())
	e.Now = b.clk.Now
	if err := s.AddTask(ctx, &store.Task{CompanyID: b.co.ID, Kind: store.TaskDispute, Title: "INV-9", DedupeKey: "dispute:9"}); err != nil {
		t.Fatal(err)
	}
	srv.OnData(func(smtptest.Message) error { return smtptest.Temp("try later") })
	if err := e.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	ts, _ := s.Tasks(ctx, b.co.ID, store.TaskOpen, 10)
	if len(ts) != 1 || ts[0].NotifyState != "pending" || !strings.Contains(ts[0].NotifyError, "try later") {
		t.Fatalf("after a 4xx: %+v", ts)
	}
	srv.OnData(nil)
	if _, err := s.DB().Exec(`UPDATE tasks SET notify_at = created_at`); err != nil { // its backoff is over
		t.Fatal(err)
	}
	if err := e.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	ts, _ = s.Tasks(ctx, b.co.ID, store.TaskOpen, 10)
	if len(srv.Messages()) != 1 || ts[0].NotifyState != "sent" {
		t.Fatalf("after the retry: %d messages, %+v", len(srv.Messages()), ts)
	}
	if got := srv.Messages()[0].Rcpts; len(got) != 1 || got[0] != b.co.Email {
		t.Errorf("sent to %v, want %s", got, b.co.Email)
	}
}
