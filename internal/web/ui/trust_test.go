package ui

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// bounced sends a manual reminder to a new customer's invoice and records
// a bounce of it, returning the customer's id and the invoice's.
func (b *bundle) bounced(name string) (int64, int64) {
	b.t.Helper()
	ctx := context.Background()
	cu := storetest.Customer(b.t, b.s, b.company.ID, name)
	inv := b.invoiceFor(b.company.ID, cu.ID, "INV-"+strings.ReplaceAll(name, " ", ""), -3, 50000)
	r, err := b.eng.SendManual(ctx, b.company.ID, inv.ID, "", "")
	if err != nil {
		b.t.Fatal(err)
	}
	if err := b.eng.Drain(ctx); err != nil {
		b.t.Fatal(err)
	}
	if res, err := b.eng.Books().MarkBounced(ctx, r.ID, "550 5.1.1 <elodie@example.com>: user unknown"); err != nil || !res.Marked {
		b.t.Fatalf("bounce: %+v %v", res, err)
	}
	return cu.ID, inv.ID
}

// TestBouncingBadgeAndTodo: a bounce shows a "Bouncing" badge and "Fix
// address" on the customers list, the reason on the customer's page, and a
// task on the To-do list that can be marked done; fixing the address
// clears the badge. In French too.
func TestBouncingBadgeAndTodo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := newBundle(t, s)
		b.c.signin("owner@example.com")
		cuID, invID := b.bounced("Harbour Cafe")

		list := b.c.get("/customers")
		mustContain(t, list, "Bouncing", `href="/customers/`+itoa(cuID)+`#email"`, "Fix address")
		page := b.c.get("/customers/" + itoa(cuID))
		mustContain(t, page, "automatic reminders are stopped", "user unknown")

		todo := b.c.get("/todo")
		mustContain(t, todo, "bounced: fix the customer", `href="/invoices/`+itoa(invID)+`"`, "550 5.1.1")
		m := regexp.MustCompile(`action="/todo/(\d+)"`).FindStringSubmatch(todo.body)
		if m == nil {
			t.Fatalf("no task form: %s", todo.body)
		}
		if r := b.c.submit("/todo/"+m[1], url.Values{"action": {"done"}}); r.code != http.StatusSeeOther {
			t.Fatalf("mark done: %d", r.code)
		}
		if r := b.c.get("/todo"); contains(r.body, "bounced: fix") {
			t.Error("a done task is still open")
		}
		mustContain(t, b.c.get("/todo?state=done"), "bounced: fix the customer")
		if r := b.c.submit("/todo/"+m[1], url.Values{"action": {"dismiss"}}); r.code != http.StatusNotFound {
			t.Errorf("closing a closed task: %d, want 404", r.code)
		}

		// Another company sees none of it.
		other := storetest.Company(t, s, "Autre")
		b.addUser("autre@example.com", other.ID, "fr")
		c2 := b.client()
		c2.signin("autre@example.com")
		if r := c2.get("/todo?state=done"); contains(r.body, "Harbour") || contains(r.body, "INV-") {
			t.Error("another company sees the task")
		}
		if r := c2.submit("/todo/"+m[1], url.Values{"action": {"done"}}); r.code != http.StatusNotFound {
			t.Errorf("another company closed the task: %d", r.code)
		}
		mustContain(t, c2.get("/todo"), "À faire", "Rien ici.")

		// Fixing the address clears the badge.
		form := url.Values{"display_name": {"Harbour Cafe"}, "first_name": {"Maya"}, "email": {"ap@harbour.test"}, "language": {"en"}}
		if r := b.c.submit("/customers/"+itoa(cuID), form); r.code != http.StatusSeeOther {
			t.Fatalf("save customer: %d %s", r.code, r.body)
		}
		if r := b.c.get("/customers"); contains(r.body, "Bouncing") {
			t.Error("the badge stayed after the address was fixed")
		}
	})
}

// TestIntegrationsPage: add a webhook from Settings → Integrations (the
// secret shown once), loopback refused with the field named, the delivery
// log lists an event, delete.
func TestIntegrationsPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := newBundle(t, s)
		b.c.signin("owner@example.com")
		mustContain(t, b.c.get("/settings/integrations"), "No webhook yet", `value="invoice.paid"`)
		r := b.c.submit("/settings/integrations", url.Values{"url": {"http://127.0.0.1:8080/x"}, "events": {"invoice.paid"}})
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("loopback: %d", r.code)
		}
		mustContain(t, r, "private network", `aria-invalid="true"`)
		r = b.c.submit("/settings/integrations", url.Values{"url": {"https://hooks.example.com/x"}})
		mustContain(t, r, "Choose at least one event")
		r = b.c.submit("/settings/integrations", url.Values{"url": {"https://hooks.example.com/relance"},
			"events": {"invoice.paid", "reminder.bounced"}})
		if r.code != http.StatusOK {
			t.Fatalf("create: %d", r.code)
		}
		mustContain(t, r, "Copy this secret now", `value="whsec_`, "https://hooks.example.com/relance")
		if again := b.c.get("/settings/integrations"); contains(again.body, "whsec_") {
			t.Error("the secret is shown again")
		}
		hooks, err := s.Webhooks(context.Background(), b.company.ID)
		if err != nil || len(hooks) != 1 {
			t.Fatalf("hooks %v %v", hooks, err)
		}
		b.bounced("Client Un")
		log := b.c.get("/settings/integrations/" + itoa(hooks[0].ID))
		mustContain(t, log, "reminder.bounced", "Queued")
		if r := b.c.submit("/settings/integrations/"+itoa(hooks[0].ID)+"/delete", nil); r.code != http.StatusSeeOther {
			t.Fatalf("delete: %d", r.code)
		}
		mustContain(t, b.c.get("/settings/integrations?done=deleted"), "Webhook deleted", "No webhook yet")
		if r := b.c.get("/settings/integrations/" + itoa(hooks[0].ID)); r.code != http.StatusNotFound {
			t.Errorf("log of a deleted webhook: %d", r.code)
		}
	})
}
