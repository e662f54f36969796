package engine_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/mail/smtptest"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/schedule"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

var toronto, _ = time.LoadLocation("America/Toronto")

// clock is a settable time shared by the store and the engine.
type clock struct{ ns atomic.Int64 }

func (c *clock) Now() time.Time                { return time.Unix(0, c.ns.Load()).UTC() }
func (c *clock) Set(t time.Time)               { c.ns.Store(t.UnixNano()) }
func (c *clock) Add(d time.Duration)           { c.ns.Add(int64(d)) }
func local(d invoice.Date, h, m int) time.Time { return d.At(h, m, toronto) }

type bundle struct {
	s    *store.Store
	e    *engine.Engine
	smtp *smtptest.Server
	clk  *clock
	// wall is the engine's wall clock (claims, leases, retries): real time
	// at setup, moved on with clk so that leases and backoffs expire.
	wall func() time.Time
	co   *invoice.Company
	cu   *invoice.Customer
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// setup gives an engine on s sending to a real SMTP server, a company with
// reminders on (3 days before, 5 and 20 days after) and one customer.
func setup(t *testing.T, s *store.Store, start time.Time) *bundle {
	t.Helper()
	clk := &clock{}
	clk.Set(start)
	s.Now = clk.Now
	srv := smtptest.Start(t)
	tr, err := mail.NewSMTP(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tr.Close() })
	e := engine.New(s, tr, engine.Config{From: "Billing <billing@relance.test>", Workers: 2}, quietLog())
	e.Now = clk.Now
	realStart := time.Now()
	wall := func() time.Time { return realStart.Add(clk.Now().Sub(start)) }
	e.Wall = wall
	co := storetest.Company(t, s, "Atelier Côté")
	ctx := context.Background()
	st, err := s.ReminderSettings(ctx, co.ID)
	if err != nil {
		t.Fatal(err)
	}
	st.Enabled = true
	st.AttachPDF = false
	st.Steps[0].Enabled, st.Steps[0].Days, st.Steps[0].When = true, 3, reminder.Before
	st.Steps[1].Enabled, st.Steps[1].Days, st.Steps[1].When = true, 5, reminder.After
	st.Steps[2].Enabled, st.Steps[2].Days, st.Steps[2].When = true, 20, reminder.After
	if err := storetest.Books(s).PutReminderSettings(ctx, co.ID, st); err != nil {
		t.Fatal(err)
	}
	return &bundle{s: s, e: e, smtp: srv, clk: clk, wall: wall, co: co, cu: storetest.Customer(t, s, co.ID, "Élodie Côté")}
}

func (b *bundle) invoice(t *testing.T, number string, issue, due invoice.Date) *invoice.Invoice {
	t.Helper()
	inv := storetest.Invoice(b.co.ID, b.cu.ID, number, issue, due, 100000)
	if err := storetest.Books(b.s).CreateInvoice(context.Background(), inv); err != nil {
		t.Fatal(err)
	}
	return inv
}

func (b *bundle) pass(t *testing.T) engine.Report {
	t.Helper()
	ctx := context.Background()
	rep, err := b.e.Scan(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.e.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	return rep
}

// sentSteps maps invoice id to the steps received by the SMTP server,
// through the Message-IDs recorded on the reminders.
func (b *bundle) sentSteps(t *testing.T, invs map[string]*invoice.Invoice) map[string][]int {
	t.Helper()
	got := b.smtp.ByMessageID()
	out := map[string][]int{}
	for name, inv := range invs {
		hist, err := b.s.Reminders(context.Background(), b.co.ID, inv.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range hist {
			n := got[r.MessageID]
			if n > 1 {
				t.Errorf("%s step %d: received %d times", name, r.Step, n)
			}
			if n > 0 {
				out[name] = append(out[name], r.Step)
				if r.State != reminder.StateSent {
					t.Errorf("%s step %d received but in state %s", name, r.Step, r.State)
				}
			} else if r.State == reminder.StateSent {
				t.Errorf("%s step %d marked sent but never received", name, r.Step)
			}
		}
	}
	return out
}

func eqInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestSimulation120Days runs the scan three times a day for 120 days over a
// grid of invoices and checks who received what, exactly once.
func TestSimulation120Days(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		day0 := storetest.MustDate(t, "2026-09-01")
		b := setup(t, s, local(day0, 8, 0))
		ctx := context.Background()
		d := day0.AddDays
		invs := map[string]*invoice.Invoice{
			"A":           b.invoice(t, "A", day0, d(10)),
			"B":           b.invoice(t, "B", day0, d(40)),
			"C":           b.invoice(t, "C", day0, d(100)),
			"D-paid":      b.invoice(t, "D", day0, d(10)),
			"E-void":      b.invoice(t, "E", day0, d(10)),
			"I-part":      b.invoice(t, "I", day0, d(12)),
			"J-late-pay":  b.invoice(t, "J", day0, d(20)),
			"L-due-moved": b.invoice(t, "L", day0, d(15)),
		}
		paused := b.invoice(t, "G", day0, d(10))
		if err := storetest.Books(s).SetInvoicePaused(ctx, b.co.ID, paused.ID, true); err != nil {
			t.Fatal(err)
		}
		invs["G-paused"] = paused
		noMail := storetest.Invoice(b.co.ID, b.cu.ID, "H", day0, d(10), 5000)
		noMail.Email = ""
		if err := storetest.Books(s).CreateInvoice(ctx, noMail); err != nil {
			t.Fatal(err)
		}
		invs["H-no-email"] = noMail
		pc := &invoice.Customer{CompanyID: b.co.ID, DisplayName: "En pause", Email: "pause@example.com", Language: "fr", RemindersPaused: true}
		if err := s.CreateCustomer(ctx, pc); err != nil {
			t.Fatal(err)
		}
		fp := storetest.Invoice(b.co.ID, pc.ID, "F", day0, d(10), 5000)
		if err := storetest.Books(s).CreateInvoice(ctx, fp); err != nil {
			t.Fatal(err)
		}
		invs["F-customer-paused"] = fp
		if err := storetest.Books(s).VoidInvoice(ctx, b.co.ID, invs["E-void"].ID); err != nil {
			t.Fatal(err)
		}
		pay := func(name string, amount int64) {
			if _, err := storetest.Books(s).AddPayment(ctx, b.co.ID, invs[name].ID, &invoice.Payment{Amount: amount, Date: invoice.LocalDate(b.clk.Now(), toronto)}); err != nil {
				t.Fatal(err)
			}
		}
		for day := 0; day <= 120; day++ {
			switch day {
			case 3:
				pay("I-part", 30000)
			case 5:
				pay("D-paid", 100000)
			case 16:
				inv, _ := s.GetInvoice(ctx, b.co.ID, invs["L-due-moved"].ID)
				inv.DueDate = d(40)
				if err := storetest.Books(s).UpdateInvoice(ctx, inv); err != nil {
					t.Fatal(err)
				}
			case 22:
				pay("J-late-pay", 100000)
			case 50:
				// Imported 20 days overdue: +5 is stale, +20 is today.
				invs["K-imported"] = b.invoice(t, "K", d(0), d(30))
			}
			for _, hm := range [][2]int{{8, 0}, {9, 30}, {15, 0}} {
				b.clk.Set(local(d(day), hm[0], hm[1]))
				b.pass(t)
			}
		}
		want := map[string][]int{
			"A": {1, 2, 3}, "B": {1, 2, 3}, "C": {1, 2, 3}, "I-part": {1, 2, 3},
			"J-late-pay": {1}, "L-due-moved": {1, 1, 2, 3}, "K-imported": {3},
		}
		got := b.sentSteps(t, invs)
		for name := range invs {
			if !eqInts(got[name], want[name]) {
				t.Errorf("%s received steps %v, want %v", name, got[name], want[name])
			}
		}
		total := 0
		for _, w := range want {
			total += len(w)
		}
		if n := len(b.smtp.Messages()); n != total {
			t.Errorf("server received %d messages, want %d", n, total)
		}
		// K's stale steps are recorded as skipped, not sent.
		hist, _ := s.Reminders(ctx, b.co.ID, invs["K-imported"].ID)
		if len(hist) != 3 {
			t.Fatalf("K history has %d records, want 3", len(hist))
		}
		for _, r := range hist[:2] {
			if r.State != reminder.StateSkipped || r.Reason != schedule.ReasonStale {
				t.Errorf("K step %d: %s %q, want skipped stale", r.Step, r.State, r.Reason)
			}
		}
	})
}

func TestTemporaryFailureRetriedOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		day := storetest.MustDate(t, "2026-12-10")
		b := setup(t, s, local(day, 10, 0))
		inv := b.invoice(t, "T-1", day.AddDays(-30), day.AddDays(-5)) // step 2 due today
		var calls atomic.Int32
		b.smtp.OnData(func(smtptest.Message) error {
			if calls.Add(1) == 1 {
				return smtptest.Temp("mailbox busy, try later")
			}
			return nil
		})
		b.pass(t)
		hist, _ := s.Reminders(context.Background(), b.co.ID, inv.ID)
		r := hist[len(hist)-1]
		if r.State != reminder.StateScheduled || !strings.Contains(r.LastError, "451") || len(b.smtp.Messages()) != 0 {
			t.Fatalf("after 451: state %s error %q, %d received", r.State, r.LastError, len(b.smtp.Messages()))
		}
		b.clk.Add(2 * time.Hour)
		b.pass(t)
		hist, _ = s.Reminders(context.Background(), b.co.ID, inv.ID)
		r = hist[len(hist)-1]
		msgs := b.smtp.Messages()
		if r.State != reminder.StateSent || r.Attempts != 2 || len(msgs) != 1 || msgs[0].MessageID != r.MessageID {
			t.Errorf("after retry: state %s attempts %d, %d received", r.State, r.Attempts, len(msgs))
		}
	})
}

func TestPermanentFailureKeepsServerAnswer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		day := storetest.MustDate(t, "2026-12-10")
		b := setup(t, s, local(day, 10, 0))
		inv := b.invoice(t, "P-1", day.AddDays(-30), day.AddDays(-5))
		b.smtp.OnRcpt(func(string) error { return smtptest.Perm("no such mailbox here") })
		b.pass(t)
		hist, _ := s.Reminders(context.Background(), b.co.ID, inv.ID)
		r := hist[len(hist)-1]
		if r.State != reminder.StateFailed || !strings.Contains(r.LastError, "no such mailbox here") {
			t.Errorf("state %s error %q", r.State, r.LastError)
		}
	})
}

func TestPaidBeforeSendIsCancelled(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		day := storetest.MustDate(t, "2026-12-10")
		b := setup(t, s, local(day, 10, 0))
		inv := b.invoice(t, "C-1", day.AddDays(-30), day.AddDays(-5))
		if _, err := b.e.Scan(ctx, false); err != nil {
			t.Fatal(err)
		}
		if _, err := storetest.Books(s).AddPayment(ctx, b.co.ID, inv.ID, &invoice.Payment{Amount: inv.Total, Date: day}); err != nil {
			t.Fatal(err)
		}
		if err := b.e.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		hist, _ := s.Reminders(ctx, b.co.ID, inv.ID)
		r := hist[len(hist)-1]
		if r.State != reminder.StateCancelled || r.Reason != schedule.BlockedPaid || len(b.smtp.Messages()) != 0 {
			t.Errorf("state %s reason %q, %d received", r.State, r.Reason, len(b.smtp.Messages()))
		}
	})
}

// TestCrashedClaimIsResent: a worker that claimed a reminder and died never
// marks it; once the lease runs out another worker sends it, with the same
// Message-ID, and the dead claim can no longer change its state.
func TestCrashedClaimIsResent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		day := storetest.MustDate(t, "2026-12-10")
		b := setup(t, s, local(day, 10, 0))
		inv := b.invoice(t, "X-1", day.AddDays(-30), day.AddDays(-5))
		if _, err := b.e.Scan(ctx, false); err != nil {
			t.Fatal(err)
		}
		dead, err := s.ClaimReminders(ctx, b.wall(), 5*time.Minute, 10)
		if err != nil || len(dead) != 1 {
			t.Fatalf("claim: %v %d", err, len(dead))
		}
		if err := b.e.Drain(ctx); err != nil { // lease still held: nothing to do
			t.Fatal(err)
		}
		if len(b.smtp.Messages()) != 0 {
			t.Fatal("a leased reminder was sent by another worker")
		}
		b.clk.Add(6 * time.Minute)
		if err := b.e.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if ok, err := storetest.Books(s).MarkSent(ctx, &dead[0], "late", "late"); ok || err != nil {
			t.Errorf("stale claim marked the reminder: ok=%v err=%v", ok, err)
		}
		msgs := b.smtp.Messages()
		hist, _ := s.Reminders(ctx, b.co.ID, inv.ID)
		r := hist[len(hist)-1]
		if len(msgs) != 1 || msgs[0].MessageID != dead[0].MessageID || r.State != reminder.StateSent || r.Attempts != 2 {
			t.Errorf("%d received, state %s attempts %d", len(msgs), r.State, r.Attempts)
		}
	})
}

// TestTwoEnginesOnePostgres: two engines with their own connection pools
// scan and send the same 1 000 due reminders; each goes out exactly once.
func TestTwoEnginesOnePostgres(t *testing.T) {
	u := storetest.PostgresURL(t)
	ctx := context.Background()
	open := func() *store.Store {
		s, err := store.OpenAndMigrate(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	s1, s2 := open(), open()
	day := storetest.MustDate(t, "2026-12-10")
	b := setup(t, s1, local(day, 10, 0))
	s2.Now = b.clk.Now
	const n = 1000
	for i := 0; i < n; i++ {
		b.invoice(t, storetest.Seq(i), day.AddDays(-30), day.AddDays(-5))
	}
	tr2, err := mail.NewSMTP(b.smtp.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer tr2.Close()
	e2 := engine.New(s2, tr2, engine.Config{From: "Billing <billing@relance.test>", Workers: 4}, quietLog())
	e2.Now = b.clk.Now
	e2.Wall = b.wall
	var wg sync.WaitGroup
	reports := make([]engine.Report, 2)
	for i, e := range []*engine.Engine{b.e, e2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rep, err := e.Scan(ctx, false)
			if err != nil {
				t.Error(err)
			}
			reports[i] = rep
			if err := e.Drain(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if got := reports[0].Scheduled + reports[1].Scheduled; got != n {
		t.Errorf("scheduled %d + %d, want %d in all", reports[0].Scheduled, reports[1].Scheduled, n)
	}
	ids := b.smtp.ByMessageID()
	dups := 0
	for _, c := range ids {
		if c > 1 {
			dups++
		}
	}
	if len(ids) != n || dups != 0 || len(b.smtp.Messages()) != n {
		t.Errorf("received %d messages, %d distinct, %d duplicated; want %d once each", len(b.smtp.Messages()), len(ids), dups, n)
	}
	if p, _ := s1.PendingReminders(ctx); p != 0 {
		t.Errorf("%d reminders still pending", p)
	}
}

// TestQuotedNameWithComma: a recipient whose display name holds a comma
// ("Côté, Élodie" <…>) is one address, not two.
func TestQuotedNameWithComma(t *testing.T) {
	s := storetest.SQLite(t)
	day := storetest.MustDate(t, "2026-12-10")
	b := setup(t, s, local(day, 10, 0))
	inv := storetest.Invoice(b.co.ID, b.cu.ID, "Q-1", day.AddDays(-30), day.AddDays(-5), 10000)
	inv.Email = `"Côté, Élodie" <elodie@example.com>, compta@example.com`
	if err := storetest.Books(s).CreateInvoice(context.Background(), inv); err != nil {
		t.Fatal(err)
	}
	b.pass(t)
	msgs := b.smtp.Messages()
	if len(msgs) != 1 || len(msgs[0].Rcpts) != 2 || msgs[0].Rcpts[0] != "elodie@example.com" || msgs[0].Rcpts[1] != "compta@example.com" {
		t.Fatalf("received %d messages: %+v", len(msgs), msgs)
	}
	if !strings.Contains(string(msgs[0].Data), "elodie@example.com") {
		t.Error("To header lacks the address")
	}
}
