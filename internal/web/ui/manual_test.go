package ui

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestManualReminderFitsTheDay: the draft of "Send reminder" fits the
// invoice today (due soon, due today, overdue), from the manual templates
// edited in Settings; the preview shows the real email; every field's
// error shows in one pass; no address disables Send with a link to add one.
func TestManualReminderFitsTheDay(t *testing.T) {
	s := storetest.SQLite(t)
	b := newBundle(t, s)
	ctx := context.Background()
	cu := storetest.Customer(t, s, b.company.ID, "Élodie Côté")
	late := b.invoiceFor(b.company.ID, cu.ID, "F-17", -17, 120000)
	today := b.invoiceFor(b.company.ID, cu.ID, "F-0", 0, 5000)
	soon := b.invoiceFor(b.company.ID, cu.ID, "F-5", 5, 5000)
	b.c.signin("owner@example.com")

	for _, c := range []struct {
		inv        *invoice.Invoice
		want, not  string
		caseString string
	}{
		{late, "Rappel : facture {{invoice_number}} en souffrance", "payable le", "Wording for an overdue invoice."},
		{today, "payable aujourd&#39;hui", "souffrance", "Wording for an invoice due today."},
		{soon, "Rappel : facture {{invoice_number}} payable le {{due_date}}", "souffrance", "Wording for an invoice due soon."},
	} {
		r := b.c.get("/invoices/" + itoa(c.inv.ID) + "/reminders/new")
		mustContain(t, r, c.want, c.caseString, `data-insert="{{days_overdue}}"`, `formaction="/invoices/`+itoa(c.inv.ID)+`/reminders/preview"`)
		if strings.Contains(r.body, c.not) {
			t.Errorf("%s: draft says %q", c.inv.Number, c.not)
		}
	}

	// The overdue wording edited in Settings is the draft.
	f := settingsForm(t, b.c)
	if f.Get("manual.overdue.fr.subject") == "" {
		t.Fatalf("no manual templates on the settings page: %v", f)
	}
	f.Set("manual.overdue.fr.subject", "Facture {{invoice_number}} : {{days_overdue}} jours de retard")
	f.Set("manual.overdue.fr.salutation", "Chère")
	if r := b.c.submit("/settings/reminders", f); r.code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", r.code, r.body)
	}
	r := b.c.get("/invoices/" + itoa(late.ID) + "/reminders/new")
	// No "Rappel" in the subject: a warning, not a refusal.
	mustContain(t, r, "Facture {{invoice_number}} : {{days_overdue}} jours de retard", "Tip: keep the word “Rappel”")

	// The preview is the real email: placeholders filled, the greeting of
	// the overdue template.
	r = b.c.submit("/invoices/"+itoa(late.ID)+"/reminders/preview", url.Values{
		"subject": {"Facture {{invoice_number}} : {{days_overdue}} jours de retard"}, "message": {"Solde : {{balance_due}}."}})
	mustContain(t, r, "Facture F-17 : 17 jours de retard", "Chère Élodie,", "Solde : 1\u00a0200,00\u00a0$")

	// Every field's error in one pass.
	r = b.c.submit("/invoices/"+itoa(late.ID)+"/reminders", url.Values{"subject": {"Rappel {{nope}}"}, "message": {""}})
	if r.code != http.StatusUnprocessableEntity {
		t.Fatalf("bad manual reminder: %d", r.code)
	}
	mustContain(t, r, `id="subject-err"`, `id="message-err"`, "Unknown placeholder {{nope}}. Pick one from the list.", `class="placeholders"`)

	// Sent: the email has the edited subject and the overdue greeting.
	r = b.c.submit("/invoices/"+itoa(late.ID)+"/reminders", url.Values{
		"subject": {"Facture {{invoice_number}} : {{days_overdue}} jours de retard"}, "message": {"Merci de régler {{balance_due}}."}})
	if r.code != http.StatusSeeOther {
		t.Fatalf("send: %d %s", r.code, r.body)
	}
	if err := b.eng.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	out, err := s.ListOutbox(ctx, b.company.ID, 10, 0)
	if err != nil || len(out) != 1 {
		t.Fatalf("outbox: %d (%v)", len(out), err)
	}
	msg, err := s.GetOutbox(ctx, b.company.ID, out[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	pm, err := parseMail(msg.Raw)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(pm.Text, "Chère Élodie,") || !strings.Contains(pm.Text, "Merci de régler 1") {
		t.Errorf("sent text:\n%s", pm.Text)
	}

	// No address: Send is disabled, with a link to add one.
	noMail := storetest.Invoice(b.company.ID, cu.ID, "F-X", day(t, -40), day(t, -10), 1000)
	noMail.Email = ""
	if err := storetest.Books(s).CreateInvoice(ctx, noMail); err != nil {
		t.Fatal(err)
	}
	r = b.c.get("/invoices/" + itoa(noMail.ID) + "/reminders/new")
	mustContain(t, r, `disabled aria-describedby="add-email"`, `href="/invoices/`+itoa(noMail.ID)+`/edit#email"`, "Add an email address")
}
