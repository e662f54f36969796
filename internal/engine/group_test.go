package engine_test

import (
	"context"
	"github.com/relance-app/relance/internal/pdf/pdftest"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/mail/smtptest"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// groupSetup is setup with grouping set as asked, PDFs attached, and a
// second customer who reads English.
func groupSetup(t *testing.T, s *store.Store, start time.Time, group bool) (*bundle, *invoice.Customer) {
	t.Helper()
	b := setup(t, s, start)
	ctx := context.Background()
	st, err := s.ReminderSettings(ctx, b.co.ID)
	if err != nil {
		t.Fatal(err)
	}
	st.GroupByCustomer, st.AttachPDF = group, true
	if err := storetest.Books(s).PutReminderSettings(ctx, b.co.ID, st); err != nil {
		t.Fatal(err)
	}
	en := &invoice.Customer{CompanyID: b.co.ID, DisplayName: "Acme Ltd", FirstName: "Ann", LastName: "Lee",
		Email: "ann@acme.example", Language: "en"}
	if err := s.CreateCustomer(ctx, en); err != nil {
		t.Fatal(err)
	}
	return b, en
}

func (b *bundle) invoiceOf(t *testing.T, cu *invoice.Customer, number string, issue, due invoice.Date, amount int64) *invoice.Invoice {
	t.Helper()
	inv := storetest.Invoice(b.co.ID, cu.ID, number, issue, due, amount)
	inv.Email = cu.Email
	if err := storetest.Books(b.s).CreateInvoice(context.Background(), inv); err != nil {
		t.Fatal(err)
	}
	return inv
}

// received parses every message the SMTP server accepted, by Message-ID.
func received(t *testing.T, srv *smtptest.Server) map[string]*mail.Parsed {
	t.Helper()
	out := map[string]*mail.Parsed{}
	for _, m := range srv.Messages() {
		p, err := mail.Parse(m.Data)
		if err != nil {
			t.Fatal(err)
		}
		out[m.MessageID] = p
	}
	return out
}

// norm folds the no-break spaces of French number formats to spaces.
func norm(s string) string { return strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(s) }

func header(p *mail.Parsed, name string) string {
	for _, h := range p.Headers {
		if h.Name == name {
			return h.Value
		}
	}
	return ""
}

func pdfs(p *mail.Parsed) map[string][]byte {
	out := map[string][]byte{}
	for _, part := range p.Parts {
		if part.Attachment && part.Type == "application/pdf" {
			out[part.Filename] = part.Data
		}
	}
	return out
}

// lastRow is an invoice's newest reminder row.
func (b *bundle) lastRow(t *testing.T, inv *invoice.Invoice) reminder.Reminder {
	t.Helper()
	hist, err := b.s.Reminders(context.Background(), b.co.ID, inv.ID)
	if err != nil || len(hist) == 0 {
		t.Fatalf("history of %s: %v, %d rows", inv.Number, err, len(hist))
	}
	return hist[len(hist)-1]
}

// TestGroupingOnOff: three invoices of a French customer and two of an
// English one with reminder 2 due the same morning: five messages without
// grouping; with it, one per customer, in the customer's language, with
// the table, the total and each PDF, every invoice keeping its own sent
// row under the message's Message-ID.
func TestGroupingOnOff(t *testing.T) {
	for _, group := range []bool{false, true} {
		name := map[bool]string{false: "off", true: "on"}[group]
		t.Run(name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, s *store.Store) {
				day := storetest.MustDate(t, "2026-12-10")
				b, en := groupSetup(t, s, local(day, 10, 0), group)
				issue, due := day.AddDays(-35), day.AddDays(-5) // reminder 2 (5 days after) due today
				fr := []*invoice.Invoice{b.invoiceOf(t, b.cu, "F-1", issue, due, 100000),
					b.invoiceOf(t, b.cu, "F-2", issue, due, 25050), b.invoiceOf(t, b.cu, "F-3", issue, due, 1000)}
				ens := []*invoice.Invoice{b.invoiceOf(t, en, "E-1", issue, due, 20000), b.invoiceOf(t, en, "E-2", issue, due, 30000)}
				alone := &invoice.Customer{CompanyID: b.co.ID, DisplayName: "Solo", Email: "solo@example.com", Language: "en"}
				if err := s.CreateCustomer(context.Background(), alone); err != nil {
					t.Fatal(err)
				}
				solo := b.invoiceOf(t, alone, "SOLO-1", issue, due, 5000)
				b.pass(t)
				msgs := received(t, b.smtp)
				if !group {
					if len(msgs) != 6 {
						t.Fatalf("grouping off: %d messages, want 6", len(msgs))
					}
					return
				}
				if len(msgs) != 3 {
					t.Fatalf("grouping on: %d messages, want 3 (one per customer)", len(msgs))
				}
				// A customer with one due invoice gets that step's own reminder.
				if r := b.lastRow(t, solo); r.GroupKey != "" || r.State != reminder.StateSent ||
					header(msgs[r.MessageID], "Subject") != "Reminder: invoice SOLO-1 is overdue" {
					t.Errorf("the lone invoice: %s group %q", r.State, r.GroupKey)
				}
				check := func(invs []*invoice.Invoice, lang, subject, total string, want []string) {
					t.Helper()
					id := b.lastRow(t, invs[0]).MessageID
					for _, inv := range invs {
						r := b.lastRow(t, inv)
						if r.State != reminder.StateSent || r.MessageID != id || !strings.HasPrefix(r.GroupKey, "g:") || r.Step < 1 {
							t.Errorf("%s: row %s step %d message %s group %q, want sent automatic under %s",
								inv.Number, r.State, r.Step, r.MessageID, r.GroupKey, id)
						}
					}
					p := msgs[id]
					if p == nil {
						t.Fatalf("no message %s received", id)
					}
					if got := header(p, "Subject"); got != subject {
						t.Errorf("subject %q, want %q", got, subject)
					}
					if header(p, "Auto-Submitted") != "auto-generated" {
						t.Error("a grouped reminder is automatic")
					}
					for _, w := range append(want, total, "/i/") {
						hw := strings.ReplaceAll(w, "'", "&#39;") // the HTML's total is in its own cell
						if i := strings.LastIndex(hw, ": "); i >= 0 {
							hw = hw[i+2:]
						}
						if !strings.Contains(norm(p.Text), w) || !strings.Contains(norm(p.HTML), hw) {
							t.Errorf("%s message lacks %q:\n%s", lang, w, p.Text)
						}
					}
					files := pdfs(p)
					if len(files) != len(invs) {
						t.Errorf("%d PDFs attached, want %d: %v", len(files), len(invs), files)
					}
				}
				check(fr, "fr", "Relevé de compte de Atelier Côté", "Total dû : 1 260,50 $",
					[]string{"F-1", "F-2", "F-3", "Jours de retard", "Bonjour Élodie,"})
				check(ens, "en", "Statement of account from Atelier Côté", "Total due: $500.00",
					[]string{"E-1", "E-2", "Days overdue", "Hello Ann,"})
				// Nothing left: the next scans send nothing more today.
				b.clk.Add(2 * time.Hour)
				b.pass(t)
				if n := len(b.smtp.Messages()); n != 3 {
					t.Errorf("after a second scan: %d messages, want 3", n)
				}
			})
		})
	}
}

// TestGroupPaidDropsOut: an invoice paid between the scan and the send is
// left out of the grouped message (its row cancelled) and the rest go.
func TestGroupPaidDropsOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		day := storetest.MustDate(t, "2026-12-10")
		b, _ := groupSetup(t, s, local(day, 10, 0), true)
		ctx := context.Background()
		issue, due := day.AddDays(-35), day.AddDays(-5)
		a, paid, c := b.invoiceOf(t, b.cu, "P-1", issue, due, 10000), b.invoiceOf(t, b.cu, "P-2", issue, due, 20000),
			b.invoiceOf(t, b.cu, "P-3", issue, due, 30000)
		if _, err := b.e.Scan(ctx, false); err != nil {
			t.Fatal(err)
		}
		if _, err := storetest.Books(s).AddPayment(ctx, b.co.ID, paid.ID, &invoice.Payment{Amount: 20000, Date: day}); err != nil {
			t.Fatal(err)
		}
		if err := b.e.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		msgs := received(t, b.smtp)
		if len(msgs) != 1 {
			t.Fatalf("%d messages, want 1", len(msgs))
		}
		ra, rp, rc := b.lastRow(t, a), b.lastRow(t, paid), b.lastRow(t, c)
		if rp.State != reminder.StateCancelled || rp.Reason != "paid" {
			t.Errorf("paid invoice's row: %s %q, want cancelled paid", rp.State, rp.Reason)
		}
		if ra.State != reminder.StateSent || rc.State != reminder.StateSent || ra.MessageID != rc.MessageID {
			t.Errorf("rows of the rest: %s %s, messages %s %s", ra.State, rc.State, ra.MessageID, rc.MessageID)
		}
		p := msgs[ra.MessageID]
		if p == nil {
			t.Fatalf("message %s not received", ra.MessageID)
		}
		if text := norm(p.Text); strings.Contains(text, "P-2") || !strings.Contains(text, "P-1") || !strings.Contains(text, "P-3") ||
			!strings.Contains(text, "Total dû : 400,00 $") {
			t.Errorf("message without the paid invoice, total 400,00 $, wanted; got:\n%s", text)
		}
	})
}

// TestGroupCrashMidSend: a connection dropped in the middle of DATA, then
// a worker that claimed the group and died: each time the whole message
// goes later, with the same Message-ID — never part of it.
func TestGroupCrashMidSend(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		day := storetest.MustDate(t, "2026-12-10")
		b, _ := groupSetup(t, s, local(day, 10, 0), true)
		ctx := context.Background()
		issue, due := day.AddDays(-35), day.AddDays(-5)
		invs := []*invoice.Invoice{b.invoiceOf(t, b.cu, "X-1", issue, due, 10000), b.invoiceOf(t, b.cu, "X-2", issue, due, 20000),
			b.invoiceOf(t, b.cu, "X-3", issue, due, 30000)}
		drop := true
		b.smtp.DropData(func() bool { d := drop; drop = false; return d })
		b.pass(t)
		if n := len(b.smtp.Messages()); n != 0 {
			t.Fatalf("%d messages accepted after a dropped DATA, want 0", n)
		}
		id := b.lastRow(t, invs[0]).MessageID
		for _, inv := range invs {
			if r := b.lastRow(t, inv); r.State != reminder.StateScheduled || r.MessageID != id || r.LastError == "" {
				t.Fatalf("%s after the drop: %s, message %s (want scheduled under %s, with the error)", inv.Number, r.State, r.MessageID, id)
			}
		}
		// Past the backoff a worker claims the group and dies before sending.
		b.clk.Add(time.Hour)
		claimed, err := s.ClaimGroup(ctx, b.wall(), 5*time.Minute, func() (string, string) { panic("a formed group keeps its key") })
		if err != nil || len(claimed) != 3 {
			t.Fatalf("claim: %d rows, %v; want the whole group", len(claimed), err)
		}
		if err := b.e.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if n := len(b.smtp.Messages()); n != 0 {
			t.Fatalf("%d messages while the dead worker's lease runs, want 0", n)
		}
		b.clk.Add(6 * time.Minute) // the lease runs out
		if err := b.e.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		msgs := b.smtp.Messages()
		if len(msgs) != 1 || msgs[0].MessageID != id {
			t.Fatalf("got %d messages (%v), want one with Message-ID %s", len(msgs), b.smtp.ByMessageID(), id)
		}
		p, err := mail.Parse(msgs[0].Data)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []string{"X-1", "X-2", "X-3", "600,00 $"} {
			if !strings.Contains(norm(p.Text), n) {
				t.Errorf("the resent message lacks %s", n)
			}
		}
		if len(pdfs(p)) != 3 {
			t.Errorf("%d PDFs, want 3", len(pdfs(p)))
		}
		for _, inv := range invs {
			if r := b.lastRow(t, inv); r.State != reminder.StateSent || r.MessageID != id {
				t.Errorf("%s: %s under %s", inv.Number, r.State, r.MessageID)
			}
		}
	})
}

// TestSendStatement: "Send statement" queues one message in the customer's
// language with the open invoices and the statement PDF; each open
// invoice's history records step statement under its Message-ID; a paid
// invoice is not on it; a customer with nothing open is refused.
func TestSendStatement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		day := storetest.MustDate(t, "2026-12-10")
		b, en := groupSetup(t, s, local(day, 10, 0), false)
		ctx := context.Background()
		a := b.invoiceOf(t, b.cu, "S-1", day.AddDays(-60), day.AddDays(-45), 10000) // 31–60
		c := b.invoiceOf(t, b.cu, "S-2", day.AddDays(-10), day.AddDays(20), 5000)   // current
		paid := b.invoiceOf(t, b.cu, "S-3", day.AddDays(-10), day.AddDays(20), 7000)
		if _, err := storetest.Books(s).AddPayment(ctx, b.co.ID, paid.ID, &invoice.Payment{Amount: 7000, Date: day}); err != nil {
			t.Fatal(err)
		}
		rs, err := b.e.SendStatement(ctx, b.co.ID, b.cu.ID)
		if err != nil || len(rs) != 2 {
			t.Fatalf("SendStatement: %d rows, %v", len(rs), err)
		}
		if _, err := b.e.SendStatement(ctx, b.co.ID, en.ID); invoice.ErrorCode(err) != invoice.EConflict {
			t.Errorf("statement of a customer with nothing open: %v, want a conflict", err)
		}
		if err := b.e.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		msgs := received(t, b.smtp)
		if len(msgs) != 1 {
			t.Fatalf("%d messages, want 1", len(msgs))
		}
		ra, rc := b.lastRow(t, a), b.lastRow(t, c)
		if ra.Step != reminder.StepStatement || ra.State != reminder.StateSent || rc.MessageID != ra.MessageID || rc.State != reminder.StateSent {
			t.Errorf("rows: %+v / %+v", ra, rc)
		}
		if hist, _ := s.Reminders(ctx, b.co.ID, paid.ID); len(hist) != 0 {
			t.Errorf("the paid invoice has %d rows, want none", len(hist))
		}
		p := msgs[ra.MessageID]
		if header(p, "Auto-Submitted") != "" || header(p, "Subject") != "Relevé de compte de Atelier Côté" {
			t.Errorf("headers %v", p.Headers)
		}
		files := pdfs(p)
		pdfB, ok := files["releve-2026-12-10.pdf"]
		if len(files) != 1 || !ok {
			t.Fatalf("attachments %v, want the statement only", files)
		}
		words := pdftest.Words(t, pdfB)
		// The aging row: current 50, 1–30 nothing, 31–60 100, then the total.
		for _, w := range []string{"S-1", "S-2", "31 à 60 jours", "50,00 $ 0,00 $ 100,00 $ 0,00 $ 0,00 $ 150,00 $"} {
			if !strings.Contains(words, w) {
				t.Errorf("statement PDF lacks %q: %s", w, words)
			}
		}
		if strings.Contains(words, "S-3") {
			t.Error("the paid invoice is on the statement")
		}
	})
}

// TestMonthlyStatements: on the chosen day at the send time (company time
// zone), every customer with a balance gets one statement, once a month,
// also through a scan at a past time (send-due --at).
func TestMonthlyStatements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		day := storetest.MustDate(t, "2026-12-14")
		b, en := groupSetup(t, s, local(day, 10, 0), false)
		ctx := context.Background()
		st, _ := s.ReminderSettings(ctx, b.co.ID)
		st.Enabled = false // statements go out whether reminders do or not
		st.Statements = reminder.Statements{Enabled: true, DayOfMonth: 15}
		if err := storetest.Books(s).PutReminderSettings(ctx, b.co.ID, st); err != nil {
			t.Fatal(err)
		}
		b.invoiceOf(t, b.cu, "M-1", day.AddDays(-20), day.AddDays(10), 10000)
		paid := b.invoiceOf(t, en, "M-2", day.AddDays(-20), day.AddDays(10), 10000)
		if _, err := storetest.Books(s).AddPayment(ctx, b.co.ID, paid.ID, &invoice.Payment{Amount: 10000, Date: day}); err != nil {
			t.Fatal(err)
		}
		count := func(at time.Time, want int) {
			t.Helper()
			b.clk.Set(at)
			rep := b.pass(t)
			if rep.Statements != want {
				t.Errorf("scan at %s: %d statements, want %d", at, rep.Statements, want)
			}
		}
		count(local(day, 10, 0), 0)           // the 14th
		count(local(day.AddDays(1), 8, 0), 0) // the 15th before the send time
		count(local(day.AddDays(1), 9, 0), 1) // the 15th at 09:00: the customer with a balance
		count(local(day.AddDays(1), 15, 0), 0)
		count(local(day.AddDays(2), 9, 0), 0)
		count(local(storetest.MustDate(t, "2027-01-15"), 9, 30), 1)
		if n := len(b.smtp.Messages()); n != 2 {
			t.Errorf("%d statements received, want 2", n)
		}
	})
}

// TestGroupLeavesFeeStepsAlone: with grouping on, a step that charges a
// late fee goes one message per invoice through the path that charges it,
// and each invoice gets its fee line once.
func TestGroupLeavesFeeStepsAlone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		day := storetest.MustDate(t, "2026-12-10")
		b, _ := groupSetup(t, s, local(day, 10, 0), true)
		ctx := context.Background()
		st, err := s.ReminderSettings(ctx, b.co.ID)
		if err != nil {
			t.Fatal(err)
		}
		for i := range st.Steps {
			st.Steps[i].LateFee = &reminder.LateFee{Kind: reminder.FeeFixed, Amount: "10.00"}
		}
		if err := storetest.Books(s).PutReminderSettings(ctx, b.co.ID, st); err != nil {
			t.Fatal(err)
		}
		issue, due := day.AddDays(-35), day.AddDays(-5)
		invs := []*invoice.Invoice{b.invoiceOf(t, b.cu, "F-1", issue, due, 10000), b.invoiceOf(t, b.cu, "F-2", issue, due, 20000)}
		b.pass(t)
		if msgs := received(t, b.smtp); len(msgs) != 2 {
			t.Fatalf("%d messages, want one per invoice (fee steps are not grouped)", len(msgs))
		}
		for _, inv := range invs {
			got, err := s.GetInvoice(ctx, b.co.ID, inv.ID)
			if err != nil {
				t.Fatal(err)
			}
			fees := 0
			for _, l := range got.Lines {
				if l.ReminderID != nil {
					fees++
				}
			}
			if fees != 1 {
				t.Errorf("%s: %d fee lines, want 1", inv.Number, fees)
			}
		}
	})
}
