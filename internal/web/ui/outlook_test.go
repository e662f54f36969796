package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/store/storetest"
)

// TestInvoiceOutlook: the invoice page says, from the planner's decision,
// which reminder comes next or why none will; skipped steps show in the
// history with how late they were; the list marks paused and no-email
// invoices; no Pause button under a customer's pause.
func TestInvoiceOutlook(t *testing.T) {
	s := storetest.SQLite(t)
	b := newBundle(t, s)
	ctx := context.Background()
	bk := storetest.Books(s)
	cu := storetest.Customer(t, s, b.company.ID, "Élodie Côté")
	late := b.invoiceFor(b.company.ID, cu.ID, "F-17", -17, 120000)
	b.c.signin("owner@example.com")
	page := func() string { return b.c.get("/invoices/" + itoa(late.ID)).body }

	// Reminders off (a new company's default).
	if p := page(); !strings.Contains(p, "automatic reminders are off for your company") || !strings.Contains(p, `href="/settings/reminders">Turn them on`) {
		t.Errorf("reminders off not explained:\n%s", visibleText(p))
	}
	st, _ := s.ReminderSettings(ctx, b.company.ID)
	st.Enabled = true
	if err := bk.PutReminderSettings(ctx, b.company.ID, st); err != nil {
		t.Fatal(err)
	}
	// Step 2 (+7) is 10 days late, past the 7 catch-up days; step 3 (+21)
	// comes in 4 days.
	p := page()
	for _, want := range []string{"Reminder 2 will be skipped: 10 days late, more than the catch-up days.",
		"Reminder 3 on " + shortDate(day(t, 4), "en")} {
		if !strings.Contains(p, want) {
			t.Errorf("outlook lacks %q:\n%s", want, visibleText(p))
		}
	}
	// 22 days late: step 3 (+21) goes out, steps 1 and 2 are recorded as
	// skipped, with how late they were.
	later := b.invoiceFor(b.company.ID, cu.ID, "F-22", -22, 120000)
	if _, err := b.eng.Scan(ctx, false); err != nil {
		t.Fatal(err)
	}
	p = b.c.get("/invoices/" + itoa(later.ID)).body
	if !strings.Contains(p, "Skipped") || !strings.Contains(p, "15 days late (more than the catch-up days).") {
		t.Errorf("history lacks the skipped step:\n%s", visibleText(p))
	}

	// Paused via the customer: say so, link to resume, no Pause button.
	cu.RemindersPaused = true
	if err := bk.UpdateCustomer(ctx, cu); err != nil {
		t.Fatal(err)
	}
	p = page()
	if !strings.Contains(p, "paused via the customer Élodie Côté") || !strings.Contains(p, `href="/customers/`+itoa(cu.ID)+`">Resume`) {
		t.Errorf("customer pause not explained:\n%s", visibleText(p))
	}
	if strings.Contains(p, "Pause reminders") {
		t.Error("a Pause button under the customer's pause")
	}
	mustContain(t, b.c.get("/invoices"), `class="mark paused">Reminders paused`)

	// No address; the customer's postal address shows on the invoice page.
	cu.RemindersPaused = false
	cu.Address = "88, rue du Pont\nQuébec (Québec) G1K 5X9"
	if err := bk.UpdateCustomer(ctx, cu); err != nil {
		t.Fatal(err)
	}
	noMail := storetest.Invoice(b.company.ID, cu.ID, "F-X", day(t, -40), day(t, 3), 1000)
	noMail.Email = ""
	if err := bk.CreateInvoice(ctx, noMail); err != nil {
		t.Fatal(err)
	}
	mustContain(t, b.c.get("/invoices/"+itoa(late.ID)), `<span class="address">88, rue du Pont
Québec (Québec) G1K 5X9</span>`)
	got, err := s.GetCustomer(ctx, b.company.ID, cu.ID)
	if err != nil || got.Address != cu.Address {
		t.Errorf("stored address %q (%v)", got.Address, err)
	}
	r := b.c.get("/invoices/" + itoa(noMail.ID))
	mustContain(t, r, "this invoice has no email address", `/edit#email">Add an email address`)
	mustContain(t, b.c.get("/invoices"), `class="mark noemail">No email`)
}
