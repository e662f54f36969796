package ui

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/relance-app/relance/internal/store/storetest"
)

// TestBrowserSchedules walks named schedules in Chromium: in English, tag
// a customer, create a schedule for that tag and see the invoice page name
// it and why; then in French at 360 px, create a second schedule, make it
// the customer's own with the form's picker, see the invoice page say so,
// and open the deletion's confirmation, which lists the customer. axe-core
// checks every page; nothing scrolls sideways at 360 px.
func TestBrowserSchedules(t *testing.T) {
	s := storetest.SQLite(t)
	b := newBundle(t, s)
	ctx := context.Background()
	cu := storetest.Customer(t, s, b.company.ID, "Harbour Cafe")
	inv := b.invoiceFor(b.company.ID, cu.ID, "INV-1042", -30, 250000)
	bctx := browser(t, 1280, 900)
	base := b.srv.URL

	steps(t, bctx, "sign in", chromedp.Navigate(base+"/invoices"), chromedp.WaitVisible(css(`input[name="email"]`)),
		chromedp.SendKeys(css(`input[name="email"]`), "owner@example.com"),
		chromedp.SendKeys(css(`input[name="password"]`), testPassword+"\r"),
		chromedp.WaitVisible(css(`a[href="/invoices/new"]`)))

	// The customer's tags.
	steps(t, bctx, "customer form", chromedp.Navigate(base+"/customers/"+itoa(cu.ID)), chromedp.WaitVisible(css(`#tags`)),
		chromedp.SetValue(css(`#tags`), "wholesale"),
		chromedp.Click(css(`form.card button.primary`)), chromedp.WaitVisible(css(`p.flash`)))
	if got, _ := s.GetCustomer(ctx, b.company.ID, cu.ID); len(got.Tags) != 1 || got.Tags[0] != "wholesale" {
		t.Fatalf("tags after the form: %q", got.Tags)
	}

	// Settings → Schedules → New schedule, for that tag.
	steps(t, bctx, "schedules", chromedp.Navigate(base+"/settings/reminders"), chromedp.WaitVisible(css(`nav.tabs`)),
		chromedp.Click(css(`nav.tabs a[href="/settings/schedules"]`)), chromedp.WaitVisible(css(`#schedule-new`)))
	wantText(t, bctx, "No named schedule yet")
	checkAxe(t, bctx, "schedules (en, empty)")
	steps(t, bctx, "new schedule", chromedp.Click(css(`#schedule-new`)), chromedp.WaitVisible(css(`#schedule-form`)),
		chromedp.SetValue(css(`#name`), "Wholesale"),
		chromedp.SetValue(css(`input[name="conditions.min_balance"]`), "1000.00"),
		chromedp.SetValue(css(`input[name="conditions.customer_tags"]`), "wholesale"),
		chromedp.SetValue(css(`input[name="steps[0].days"]`), "10"),
		chromedp.SetValue(css(`select[name="steps[0].when"]`), "after"))
	checkAxe(t, bctx, "schedule form (en)")
	steps(t, bctx, "save schedule", chromedp.Click(css(`#schedule-save`)), chromedp.WaitVisible(css(`#schedules`)))
	wantText(t, bctx, "Saved.", "Wholesale", "Balance due ≥ 1000.00", "10 days after")
	checkAxe(t, bctx, "schedules (en)")
	shot(t, bctx, "schedules-en-1280")

	steps(t, bctx, "invoice page", chromedp.Navigate(base+"/invoices/"+itoa(inv.ID)), chromedp.WaitVisible(css(`#invoice-schedule`)))
	wantText(t, bctx, "Schedule: Wholesale", "matches: balance ≥ $1,000.00, tag wholesale")
	checkAxe(t, bctx, "invoice with a named schedule (en)")

	// French, phone-sized.
	steps(t, bctx, "to French", chromedp.Click(css(`button[name="lang"][value="fr"]`)), chromedp.WaitReady(css(`html[lang="fr-CA"]`)))
	steps(t, bctx, "narrow", chromedp.EmulateViewport(360, 780))
	steps(t, bctx, "new schedule fr", chromedp.Navigate(base+"/settings/schedules/new"), chromedp.WaitVisible(css(`#schedule-form`)),
		chromedp.SetValue(css(`#name`), "Grossistes prioritaires"),
		chromedp.SetValue(css(`#priority`), "0"),
		chromedp.SetValue(css(`input[name="conditions.currencies"]`), "CAD, EUR"),
		chromedp.SetValue(css(`input[name="conditions.max_balance"]`), "0.001"),
		chromedp.Click(css(`#schedule-save`)), chromedp.WaitVisible(css(`.err`)))
	wantText(t, bctx, "Doit être un montant d’au plus 2 décimales")
	checkAxe(t, bctx, "schedule form with an error (fr, 360)")
	steps(t, bctx, "fix and save fr", chromedp.Clear(css(`input[name="conditions.max_balance"]`)),
		chromedp.Click(css(`#schedule-save`)), chromedp.WaitVisible(css(`#schedules`)))
	wantText(t, bctx, "Enregistré.", "Grossistes prioritaires", "Devises : CAD, EUR")
	named, err := s.Schedules(ctx, b.company.ID)
	if err != nil || len(named) != 2 || named[0].Name != "Grossistes prioritaires" {
		t.Fatalf("schedules %+v (%v)", named, err)
	}
	own := named[0].ID

	steps(t, bctx, "customer picks it", chromedp.Navigate(base+"/customers/"+itoa(cu.ID)), chromedp.WaitVisible(css(`#schedule_id`)),
		chromedp.SetValue(css(`#schedule_id`), itoa(own)),
		chromedp.Click(css(`form.card button.primary`)), chromedp.WaitVisible(css(`p.flash`)))
	checkAxe(t, bctx, "customer form (fr, 360)")
	steps(t, bctx, "invoice page fr", chromedp.Navigate(base+"/invoices/"+itoa(inv.ID)), chromedp.WaitVisible(css(`#invoice-schedule`)))
	wantText(t, bctx, "Calendrier : Grossistes prioritaires", "calendrier propre au client")
	checkAxe(t, bctx, "invoice with the customer's schedule (fr, 360)")
	shot(t, bctx, "invoice-schedule-fr-360")

	steps(t, bctx, "delete confirmation", chromedp.Navigate(base+"/settings/schedules/"+itoa(own)+"/delete"),
		chromedp.WaitVisible(css(`#fallback-customers`)))
	wantText(t, bctx, "Supprimer le calendrier « Grossistes prioritaires »?", "Harbour Cafe")
	checkAxe(t, bctx, "delete confirmation (fr, 360)")
	steps(t, bctx, "delete", chromedp.Click(css(`#schedule-delete`)), chromedp.WaitVisible(css(`#schedule-deleted`)))
	wantText(t, bctx, "1 client qui l’avait choisi suit maintenant les conditions ou le calendrier par défaut.")
	steps(t, bctx, "invoice after the fall-back", chromedp.Navigate(base+"/invoices/"+itoa(inv.ID)), chromedp.WaitVisible(css(`#invoice-schedule`)))
	wantText(t, bctx, "Calendrier : Wholesale", "étiquette wholesale")

	for _, p := range []string{"/settings/schedules", "/settings/schedules/new", "/settings/schedules/" + itoa(named[1].ID),
		"/settings/schedules/" + itoa(named[1].ID) + "/delete"} {
		// (The customer form and the invoice page already scroll sideways
		// at 360 px on main, before named schedules: not checked here.)
		steps(t, bctx, "narrow "+p, chromedp.Navigate(base+p), chromedp.WaitVisible(css(`main`)))
		wide, err := run(bctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil || wide {
			who, _ := run(bctx, chromedp.Evaluate[string](`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right)).join(", ")`))
			t.Errorf("%s at 360 px scrolls sideways (%v): %s", p, err, who)
		}
	}
	shot(t, bctx, "schedules-fr-360")
}
