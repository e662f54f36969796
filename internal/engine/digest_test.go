package engine_test

import (
	"bytes"
	"context"
	"io"
	"strconv"
	"strings"
	"testing"

	gmail "github.com/emersion/go-message/mail"

	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/mail/smtptest"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// digestMail is a digest as the SMTP server received it, parsed.
type digestMail struct {
	to, subject, text, html string
}

func digests(t *testing.T, b *bundle) []digestMail {
	t.Helper()
	var out []digestMail
	for _, m := range b.smtp.Messages() {
		if !strings.HasPrefix(m.MessageID, "<digest-") {
			continue
		}
		mr, err := gmail.CreateReader(bytes.NewReader(m.Data))
		if err != nil {
			t.Fatal(err)
		}
		d := digestMail{to: strings.Join(m.Rcpts, ",")}
		d.subject, _ = mr.Header.Subject()
		for {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			h, ok := p.Header.(*gmail.InlineHeader)
			if !ok {
				continue
			}
			body, _ := io.ReadAll(p.Body)
			switch ct, _, _ := h.ContentType(); ct {
			case "text/plain":
				d.text = strings.ReplaceAll(string(body), "\r\n", "\n")
			case "text/html":
				d.html = string(body)
			}
		}
		out = append(out, d)
	}
	return out
}

// TestDailyDigest: with the digest on, the company's address gets one
// message a day from the send time, never before, never twice (another
// engine on the same database included), saying yesterday's sent
// reminders, today's planned ones and the open promises and disputes, in
// the company's language.
func TestDailyDigest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		day0 := storetest.MustDate(t, "2026-09-01")
		b := setup(t, s, local(day0, 10, 0))
		st, err := s.ReminderSettings(ctx, b.co.ID)
		if err != nil {
			t.Fatal(err)
		}
		st.Digest = true
		if err := storetest.Books(s).PutReminderSettings(ctx, b.co.ID, st); err != nil {
			t.Fatal(err)
		}
		b.invoice(t, "INV-1", day0.AddDays(-30), day0.AddDays(3)) // step 1 (3 days before) due today
		b.invoice(t, "INV-4", day0.AddDays(-30), day0.AddDays(4)) // and tomorrow
		promised := b.invoice(t, "INV-2", day0, day0.AddDays(30))
		disputed := b.invoice(t, "INV-3", day0, day0.AddDays(30))
		if err := b.e.Books().PromisePayment(ctx, b.co.ID, promised.ID, day0.AddDays(10)); err != nil {
			t.Fatal(err)
		}
		if err := b.e.Books().Dispute(ctx, b.co.ID, disputed.ID, "Le montant est faux"); err != nil {
			t.Fatal(err)
		}
		b.pass(t) // sends INV-1's first reminder on day0
		send := func(e *engine.Engine) int {
			t.Helper()
			n, err := e.SendDigests(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := send(b.e); n != 1 || len(digests(t, b)) != 1 {
			t.Fatalf("day0 10:00: %d digests sent, want 1 (the send time, 09:00, has passed)", n)
		}

		day1 := day0.AddDays(1)
		b.clk.Set(local(day1, 8, 59))
		if n := send(b.e); n != 0 {
			t.Errorf("day1 08:59: %d digests, want none before the send time", n)
		}
		b.clk.Set(local(day1, 9, 0))
		b.pass(t)
		other := engine.New(s, nil, engine.Config{From: "Billing <billing@relance.test>"}, quietLog())
		other.Now, other.Wall = b.clk.Now, b.wall
		if n := send(b.e) + send(b.e) + send(other); n != 1 {
			t.Errorf("day1 09:00: %d digests over three passes and two engines, want 1", n)
		}
		ds := digests(t, b)
		if len(ds) != 2 {
			t.Fatalf("%d digests received, want 2", len(ds))
		}
		d := ds[1]
		if d.to != b.co.Email || !strings.HasPrefix(d.subject, "[Relance] Résumé du 2 septembre 2026") {
			t.Errorf("digest to %q, subject %q", d.to, d.subject)
		}
		for _, want := range []string{
			"Hier (1er septembre 2026)",
			"Relances envoyées hier : 1\n- INV-1 — Élodie Côté — relance 1",
			"Relances prévues aujourd'hui : 1\n- INV-4 — Élodie Côté — relance 1",
			"Promesses de paiement en cours : 1\n- INV-2 — Élodie Côté — promis pour le 11 septembre 2026",
			"Questions et contestations ouvertes : 1\n- INV-3 — Élodie Côté — Le montant est faux",
			"/invoices/" + itoa(promised.ID),
		} {
			if !strings.Contains(d.text, want) {
				t.Errorf("digest text lacks %q:\n%s", want, d.text)
			}
		}
		if !strings.Contains(d.html, "Le montant est faux") || !strings.Contains(d.html, "<h3>") {
			t.Errorf("digest HTML: %s", d.html)
		}

		// The next day in English, after a payment of INV-2: its promise
		// is no longer open.
		if _, err := s.DB().Exec(s.DB().Rebind(`UPDATE companies SET language = ? WHERE id = ?`), "en", b.co.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := b.e.Books().AddPayment(ctx, b.co.ID, promised.ID, paymentOf(promised)); err != nil {
			t.Fatal(err)
		}
		b.clk.Set(local(day1.AddDays(1), 11, 0))
		if n := send(b.e); n != 1 {
			t.Fatalf("day2: %d digests", n)
		}
		ds = digests(t, b)
		d = ds[len(ds)-1]
		if !strings.HasPrefix(d.subject, "[Relance] Daily digest for") || strings.Contains(d.text, "INV-2") ||
			!strings.Contains(d.text, "Open questions and disputes: 1") {
			t.Errorf("day2 digest %q:\n%s", d.subject, d.text)
		}

		// Off: nothing more.
		st.Digest = false
		if err := storetest.Books(s).PutReminderSettings(ctx, b.co.ID, st); err != nil {
			t.Fatal(err)
		}
		b.clk.Set(local(day1.AddDays(2), 11, 0))
		if n := send(b.e); n != 0 {
			t.Errorf("digest off: %d sent", n)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func paymentOf(inv *invoice.Invoice) *invoice.Payment {
	return &invoice.Payment{Amount: inv.Total, Date: inv.IssueDate}
}

// TestDigestRetriedAfterTemporaryFailure: a digest refused with a 4xx
// waits for its backoff, then goes out once, the same day.
func TestDigestRetriedAfterTemporaryFailure(t *testing.T) {
	s := storetest.SQLite(t)
	ctx := context.Background()
	day := storetest.MustDate(t, "2026-09-01")
	b := setup(t, s, local(day, 9, 5))
	st, err := s.ReminderSettings(ctx, b.co.ID)
	if err != nil {
		t.Fatal(err)
	}
	st.Digest = true
	if err := storetest.Books(s).PutReminderSettings(ctx, b.co.ID, st); err != nil {
		t.Fatal(err)
	}
	b.smtp.OnData(func(smtptest.Message) error { return smtptest.Temp("try later") })
	if n, err := b.e.SendDigests(ctx); err != nil || n != 0 {
		t.Fatalf("refused digest: %d sent, %v", n, err)
	}
	b.smtp.OnData(nil)
	if n, _ := b.e.SendDigests(ctx); n != 0 {
		t.Errorf("retried before its backoff: %d sent", n)
	}
	b.clk.Set(local(day, 10, 30)) // the wall clock moves with it: the backoff is over
	if n, err := b.e.SendDigests(ctx); err != nil || n != 1 {
		t.Fatalf("after the backoff: %d sent, %v", n, err)
	}
	if n, _ := b.e.SendDigests(ctx); n != 0 || len(digests(t, b)) != 1 {
		t.Errorf("digest sent %d more times; %d received", n, len(digests(t, b)))
	}
}
