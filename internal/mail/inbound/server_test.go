package inbound_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"

	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/invoice"
	rmail "github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/mail/inbound"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func fixture(t *testing.T, name, bounce string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	return []byte(strings.ReplaceAll(strings.ReplaceAll(s, "{{BOUNCE}}", bounce), "\n", "\r\n"))
}

// deliver sends raw to the listener as a mail server returning a report
// would: MAIL FROM:<>, one RCPT, DATA. It returns the first SMTP error.
func deliver(addr, from, rcpt string, raw []byte) error {
	c, err := smtp.Dial(addr)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Hello("mx.harbour.test"); err != nil {
		return err
	}
	if err := c.Mail(from, nil); err != nil {
		return err
	}
	if err := c.Rcpt(rcpt, nil); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(raw); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

func smtpCode(err error) int {
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		return se.Code
	}
	return 0
}

type site struct {
	s      *store.Store
	bounce *rmail.BounceAddress
	addr   string
	co     *invoice.Company
}

// startListener runs the real listener on loopback over s.
func startListener(t *testing.T, s *store.Store, perIP float64) *site {
	t.Helper()
	b := &rmail.BounceAddress{Domain: "bounces.relance.test", Secret: []byte("test-secret")}
	srv, err := inbound.Listen(inbound.Config{Addr: "127.0.0.1:0", Bounce: b, Handle: inbound.StoreHandler(storetest.Books(s)),
		Log: quietLog(), MaxBytes: 64 << 10, PerIP: perIP})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return &site{s: s, bounce: b, addr: srv.Addr().String(), co: storetest.Company(t, s, "Atelier Côté")}
}

// sentReminder makes a customer with an invoice and sends it a manual
// reminder through the engine (outbox), returning the sent reminder.
func (x *site) sentReminder(t *testing.T, e *engine.Engine, i int) (*reminder.Reminder, *invoice.Customer) {
	t.Helper()
	ctx := context.Background()
	cu := storetest.Customer(t, x.s, x.co.ID, fmt.Sprintf("Client %d", i))
	inv := storetest.Invoice(x.co.ID, cu.ID, fmt.Sprintf("INV-%d", i), storetest.MustDate(t, "2026-10-01"),
		storetest.MustDate(t, "2026-11-01"), 10000)
	if err := storetest.Books(x.s).CreateInvoice(ctx, inv); err != nil {
		t.Fatal(err)
	}
	r, err := e.SendManual(ctx, x.co.ID, inv.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := x.s.GetReminder(ctx, x.co.ID, r.ID)
	if err != nil || got.State != reminder.StateSent {
		t.Fatalf("reminder %d: %+v, %v; want sent", r.ID, got, err)
	}
	return got, cu
}

// TestListenerMarksExactlyTheRightReminder: each fixture goes through the
// real listener on loopback to its own reminder's bounce address; the
// failures mark that reminder and flag that customer only, the delay and
// the vacation notice change nothing, a second copy changes nothing, and
// forged or foreign addresses get 550.
func TestListenerMarksExactlyTheRightReminder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		x := startListener(t, s, 1000)
		e := engine.New(s, nil, engine.Config{From: "Billing <billing@relance.test>", Bounce: x.bounce}, quietLog())
		type row struct {
			file string
			want string // diagnostic; "" = not bounced
		}
		rows := []row{
			{"standard.eml", "550 5.1.1 <ap@harbour.test>: Recipient address rejected: User unknown in local recipient table"},
			{"gmail.eml", "550 5.1.1 The email account that you tried to reach does not exist."},
			{"outlook.eml", "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient ap@harbour.test not found by SMTP address lookup"},
			{"malformed.eml", inbound.UnknownReason},
			{"exim.eml", inbound.UnknownReason},
			{"qmail.eml", inbound.UnknownReason},
			{"ses.eml", "550 5.1.1 user unknown"},
			{"delayed.eml", ""},
			{"vacation.eml", ""},
		}
		var rems []*reminder.Reminder
		var custs []*invoice.Customer
		for i := range rows {
			r, cu := x.sentReminder(t, e, i)
			rems, custs = append(rems, r), append(custs, cu)
		}
		bystander, bystanderCu := x.sentReminder(t, e, 99)

		// The envelope sender of what went out is the reminder's bounce address.
		out, err := s.ListOutbox(ctx, x.co.ID, 0, 100)
		if err != nil || len(out) != len(rows)+1 {
			t.Fatalf("outbox: %d, %v", len(out), err)
		}

		for i, c := range rows {
			if err := deliver(x.addr, "", x.bounce.For(rems[i].ID), fixture(t, c.file, x.bounce.For(rems[i].ID))); err != nil {
				t.Fatalf("%s: %v", c.file, err)
			}
		}
		// Again, as a second server of a retrying MTA might: nothing changes.
		if err := deliver(x.addr, "", x.bounce.For(rems[0].ID), fixture(t, "gmail.eml", "x")); err != nil {
			t.Fatal(err)
		}
		// Forged MAC, foreign domain, unknown local part: 550 at RCPT.
		forged := strings.Replace(x.bounce.For(bystander.ID), fmt.Sprintf("b-%d-", bystander.ID), fmt.Sprintf("b-%d-", rems[0].ID), 1)
		for _, rcpt := range []string{forged, "b-1-abc@bounces.relance.test", strings.Replace(x.bounce.For(bystander.ID),
			"bounces.relance.test", "example.test", 1), "postmaster@bounces.relance.test"} {
			if err := deliver(x.addr, "", rcpt, fixture(t, "standard.eml", rcpt)); smtpCode(err) != 550 {
				t.Errorf("RCPT %s: %v, want 550", rcpt, err)
			}
		}

		for i, c := range rows {
			got, err := s.GetReminder(ctx, x.co.ID, rems[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			cu, err := s.GetCustomer(ctx, x.co.ID, custs[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			if c.want == "" {
				if got.State != reminder.StateSent || cu.EmailStatus != invoice.EmailOK {
					t.Errorf("%s: reminder %s, customer %s; want sent and ok", c.file, got.State, cu.EmailStatus)
				}
				continue
			}
			if got.State != reminder.StateBounced || !strings.HasPrefix(got.LastError, c.want) {
				t.Errorf("%s: reminder %s %q; want bounced %q", c.file, got.State, got.LastError, c.want)
			}
			if cu.EmailStatus != invoice.EmailBouncing || cu.BounceReason != got.LastError {
				t.Errorf("%s: customer %s %q; want bouncing", c.file, cu.EmailStatus, cu.BounceReason)
			}
		}
		if got, _ := s.GetReminder(ctx, x.co.ID, bystander.ID); got.State != reminder.StateSent {
			t.Errorf("the bystander's reminder became %s", got.State)
		}
		if cu, _ := s.GetCustomer(ctx, x.co.ID, bystanderCu.ID); cu.EmailStatus != invoice.EmailOK {
			t.Errorf("the bystander became %s", cu.EmailStatus)
		}
		tasks, err := s.Tasks(ctx, x.co.ID, store.TaskOpen, 100)
		bounces := 0
		for _, c := range rows {
			if c.want != "" {
				bounces++
			}
		}
		if err != nil || len(tasks) != bounces {
			t.Errorf("tasks: %d (%v), want one per bounce", len(tasks), err)
		}

		// Editing the address clears the flag; re-saving the same one does not.
		cu, _ := s.GetCustomer(ctx, x.co.ID, custs[0].ID)
		if err := storetest.Books(s).UpdateCustomer(ctx, cu); err != nil || cu.EmailStatus != invoice.EmailBouncing {
			t.Errorf("same address: %s, %v", cu.EmailStatus, err)
		}
		cu.Email = "accounts@harbour.test"
		if err := storetest.Books(s).UpdateCustomer(ctx, cu); err != nil || cu.EmailStatus != invoice.EmailOK || cu.BounceReason != "" {
			t.Errorf("new address: %s %q, %v", cu.EmailStatus, cu.BounceReason, err)
		}
	})
}

// TestListenerLimits: a report over the size limit is refused (552), and a
// sender over its rate gets 450 at MAIL.
func TestListenerLimits(t *testing.T) {
	s := storetest.SQLite(t)
	x := startListener(t, s, 3)
	rcpt := x.bounce.For(1)
	big := append(fixture(t, "standard.eml", rcpt), []byte(strings.Repeat(strings.Repeat("x", 70)+"\r\n", 1500))...)
	if err := deliver(x.addr, "", rcpt, big); smtpCode(err) != 552 {
		t.Errorf("oversized report: %v, want 552", err)
	}
	var codes []int
	for i := 0; i < 4; i++ {
		codes = append(codes, smtpCode(deliver(x.addr, "", rcpt, fixture(t, "standard.eml", rcpt))))
	}
	if codes[len(codes)-1] != 450 {
		t.Errorf("codes %v: want 450 once the rate is spent", codes)
	}
}
