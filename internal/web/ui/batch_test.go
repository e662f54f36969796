package ui

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestBatchReminders: ticking invoices in the list, the confirmation says
// what will be sent and what is refused and why; sending queues one manual
// reminder per sendable invoice only, and the outbox gets one message each.
func TestBatchReminders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		b := newBundle(t, s)
		cu := storetest.Customer(t, s, b.company.ID, "Harbour Cafe")
		a := b.invoiceFor(b.company.ID, cu.ID, "BT-1", -10, 50000)
		c := b.invoiceFor(b.company.ID, cu.ID, "BT-2", -3, 20000)
		paid := b.invoiceFor(b.company.ID, cu.ID, "BT-PAID", -3, 20000)
		if _, err := storetest.Books(s).AddPayment(ctx, b.company.ID, paid.ID, &invoice.Payment{Amount: paid.Balance, Date: paid.IssueDate}); err != nil {
			t.Fatal(err)
		}
		other := storetest.Company(t, s, "Toitures Gagnon")
		ocu := storetest.Customer(t, s, other.ID, "Client de B")
		foreign := b.invoiceFor(other.ID, ocu.ID, "OTHER-1", -10, 50000)
		b.c.signin("owner@example.com")

		list := b.c.get("/invoices")
		mustContain(t, list, `action="/invoices/batch/confirm"`, `name="id" value="`+itoa(a.ID)+`"`, "Send reminders…")
		if contains(list.body, `name="id" value="`+itoa(paid.ID)+`"`) {
			t.Errorf("a paid invoice has a checkbox")
		}

		ids := url.Values{"id": {itoa(a.ID), itoa(c.ID), itoa(paid.ID), itoa(foreign.ID)}}
		conf := b.c.submit("/invoices/batch/confirm", ids)
		if conf.code != http.StatusOK {
			t.Fatalf("confirm: %d", conf.code)
		}
		mustContain(t, conf, "Will be sent (2)", "BT-1", "BT-2", "Will not be sent (2)", "BT-PAID — Harbour Cafe: paid",
			"#"+itoa(foreign.ID)+": not found")
		if contains(conf.body, "OTHER-1") {
			t.Errorf("the confirmation names another company's invoice")
		}
		if n := strings.Count(conf.body, `type="hidden" name="id"`); n != 2 {
			t.Errorf("confirmation carries %d invoices, want 2", n)
		}
		if rs, _ := s.Reminders(ctx, b.company.ID, a.ID); countManual(rs) != 0 {
			t.Fatalf("the confirmation queued a reminder")
		}

		sent := b.c.submit("/invoices/batch", url.Values{"id": {itoa(a.ID), itoa(c.ID), itoa(paid.ID), itoa(foreign.ID)}})
		if sent.code != http.StatusSeeOther || !strings.HasPrefix(sent.loc, "/invoices?") || !contains(sent.loc, "done=batch") {
			t.Fatalf("send: %d %s", sent.code, sent.loc)
		}
		mustContain(t, b.c.get(sent.loc), "Reminders queued")
		for _, id := range []int64{a.ID, c.ID} {
			if rs, _ := s.Reminders(ctx, b.company.ID, id); countManual(rs) != 1 {
				t.Errorf("invoice %d: %d manual reminders, want 1", id, countManual(rs))
			}
		}
		if rs, _ := s.Reminders(ctx, b.company.ID, paid.ID); countManual(rs) != 0 {
			t.Errorf("the paid invoice got a reminder")
		}
		if rs, _ := s.Reminders(ctx, other.ID, foreign.ID); len(rs) != 0 {
			t.Errorf("another company's invoice got a reminder: %+v", rs)
		}
		if err := b.eng.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		msgs, err := s.ListOutbox(ctx, b.company.ID, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		per := map[int64]int{}
		for _, m := range msgs {
			per[*m.InvoiceID]++
		}
		if per[a.ID] != 1 || per[c.ID] != 1 || per[paid.ID] != 0 {
			t.Errorf("outbox per invoice: %v", per)
		}
	})
}

// countManual counts the manual reminders of a history.
func countManual(rs []reminder.Reminder) int {
	n := 0
	for _, r := range rs {
		if r.Step == reminder.StepManual {
			n++
		}
	}
	return n
}
