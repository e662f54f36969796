package engine_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/emersion/go-msgauth/dkim"

	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestEveryMessageSignedWithItsBounceSender: with DKIM and a bounce domain
// configured, automatic and manual reminders reach the SMTP server with the
// envelope sender b-<reminder id>-<mac>@bounce domain and a DKIM signature
// that verifies against the record `dkim keygen` prints; in outbox mode the
// stored copy verifies too. After a bounce, automatic reminders to the
// customer stop (the planner input) while a manual one still goes.
func TestEveryMessageSignedWithItsBounceSender(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		day0 := storetest.MustDate(t, "2026-09-01")
		b := setup(t, s, local(day0, 10, 0))
		keyPath := filepath.Join(t.TempDir(), "dkim.pem")
		record, err := mail.GenerateDKIMKey(keyPath)
		if err != nil {
			t.Fatal(err)
		}
		signer, err := mail.LoadDKIM(keyPath, "s1", "Billing <billing@relance.test>")
		if err != nil {
			t.Fatal(err)
		}
		lookup := func(name string) ([]string, error) {
			if name == "s1._domainkey.relance.test" {
				return []string{record}, nil
			}
			return nil, errors.New("no record " + name)
		}
		bounce := &mail.BounceAddress{Domain: "bounces.relance.test", Secret: []byte("k")}
		tr, err := mail.NewSMTP(b.smtp.URL())
		if err != nil {
			t.Fatal(err)
		}
		defer tr.Close()
		e := engine.New(s, tr, engine.Config{From: "Billing <billing@relance.test>", DKIM: signer, Bounce: bounce}, quietLog())
		e.Now = b.clk.Now
		auto := b.invoice(t, "AUTO-1", day0, day0.AddDays(3)) // step 1 (3 days before) is due today
		manual := b.invoice(t, "MAN-1", day0, day0.AddDays(30))
		if _, err := e.Scan(ctx, false); err != nil {
			t.Fatal(err)
		}
		if _, err := e.SendManual(ctx, b.co.ID, manual.ID, "", ""); err != nil {
			t.Fatal(err)
		}
		if err := e.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		msgs := b.smtp.Messages()
		if len(msgs) != 2 {
			t.Fatalf("%d messages received, want 2", len(msgs))
		}
		byMID := map[string]reminder.Reminder{}
		for _, inv := range []int64{auto.ID, manual.ID} {
			hist, err := s.Reminders(ctx, b.co.ID, inv)
			if err != nil || len(hist) != 1 {
				t.Fatalf("history %v %v", hist, err)
			}
			byMID[hist[0].MessageID] = hist[0]
		}
		for _, m := range msgs {
			r, ok := byMID[m.MessageID]
			if !ok {
				t.Fatalf("unknown message %s", m.MessageID)
			}
			if m.From != bounce.For(r.ID) {
				t.Errorf("step %d: envelope sender %q, want %q", r.Step, m.From, bounce.For(r.ID))
			}
			vs, err := dkim.VerifyWithOptions(bytes.NewReader(m.Data), &dkim.VerifyOptions{LookupTXT: lookup})
			if err != nil || len(vs) != 1 || vs[0].Err != nil {
				t.Errorf("step %d: DKIM %v %+v", r.Step, err, vs)
			}
		}

		// Outbox mode signs the stored copy.
		ob := engine.New(s, nil, engine.Config{From: "Billing <billing@relance.test>", DKIM: signer, Bounce: bounce}, quietLog())
		ob.Now = b.clk.Now
		if _, err := ob.SendManual(ctx, b.co.ID, manual.ID, "Second", ""); err != nil {
			t.Fatal(err)
		}
		if err := ob.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		out, err := s.ListOutbox(ctx, b.co.ID, 0, 10)
		if err != nil || len(out) != 1 {
			t.Fatalf("outbox %d %v", len(out), err)
		}
		full, err := s.GetOutbox(ctx, b.co.ID, out[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if vs, err := dkim.VerifyWithOptions(bytes.NewReader(full.Raw), &dkim.VerifyOptions{LookupTXT: lookup}); err != nil ||
			len(vs) != 1 || vs[0].Err != nil {
			t.Errorf("outbox copy: DKIM %v %+v", err, vs)
		}

		// A bounce of the automatic reminder stops the next automatic one
		// (step 2, 5 days after the due date) but not a manual reminder.
		var autoRem reminder.Reminder
		for _, rr := range byMID {
			if rr.InvoiceID == auto.ID {
				autoRem = rr
			}
		}
		if _, err := e.Books().MarkBounced(ctx, autoRem.ID, "550 5.1.1 no such user"); err != nil {
			t.Fatal(err)
		}
		b.clk.Set(local(day0.AddDays(8), 10, 0))
		rep, err := e.Scan(ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Scheduled != 0 {
			t.Errorf("scan after the bounce scheduled %d reminders, want 0: %+v", rep.Scheduled, rep)
		}
		if _, err := e.SendManual(ctx, b.co.ID, manual.ID, "", ""); err != nil {
			t.Errorf("manual reminder to a bouncing address: %v", err)
		}
		// Fixing the address resumes automatic reminders.
		cu, err := s.GetCustomer(ctx, b.co.ID, b.cu.ID)
		if err != nil {
			t.Fatal(err)
		}
		cu.Email = "new@example.com"
		if err := e.Books().UpdateCustomer(ctx, cu); err != nil {
			t.Fatal(err)
		}
		if rep, err = e.Scan(ctx, false); err != nil || rep.Scheduled != 1 {
			t.Errorf("scan after fixing the address: %+v %v, want step 2 scheduled", rep, err)
		}
	})
}
