package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestBrowserTrustPages walks the pages of this feature in Chromium with
// the keyboard where a user would: a bounced customer's badge, "Fix
// address" and saving a new address; the To-do list and "Done"; Settings →
// Integrations, adding a webhook and reading its secret; then the same at
// 360 px in French. No horizontal scrolling at 360 px.
func TestBrowserTrustPages(t *testing.T) {
	s := storetest.SQLite(t)
	b := newBundle(t, s)
	cuID, _ := b.bounced("Harbour Cafe")
	ctx := browser(t, 1280, 900)
	base := b.srv.URL

	steps(t, ctx, "sign in", chromedp.Navigate(base+"/invoices"), chromedp.WaitVisible(css(`input[name="email"]`)),
		chromedp.SendKeys(css(`input[name="email"]`), "owner@example.com"),
		chromedp.SendKeys(css(`input[name="password"]`), testPassword+"\r"),
		chromedp.WaitVisible(css(`a[href="/invoices/new"]`)))

	steps(t, ctx, "customers", chromedp.Navigate(base+"/customers"), chromedp.WaitVisible(css(`table.list`)))
	wantText(t, ctx, "Harbour Cafe", "Bouncing", "Fix address")
	shot(t, ctx, "customers-bouncing-en-1280")
	steps(t, ctx, "fix address", chromedp.Click(css(`a[href$="#email"]`)), chromedp.WaitVisible(css(`#bouncing`)))
	wantText(t, ctx, "automatic reminders are stopped", "user unknown")
	// Keyboard: focus the address, replace it, submit with Enter.
	steps(t, ctx, "new address", chromedp.Clear(css(`#email`)), chromedp.Focus(css(`#email`)),
		chromedp.SendKeys(css(`#email`), "accounts@harbour.test\r"),
		chromedp.WaitVisible(css(`p.flash`)))
	cu, err := s.GetCustomer(context.Background(), b.company.ID, cuID)
	if err != nil || cu.Email != "accounts@harbour.test" || cu.EmailStatus != invoice.EmailOK {
		t.Fatalf("customer after the fix: %+v %v", cu, err)
	}

	steps(t, ctx, "to-do", chromedp.Navigate(base+"/todo"), chromedp.WaitVisible(css(`table.list`)))
	wantText(t, ctx, "bounced: fix the customer", "Open the invoice")
	shot(t, ctx, "todo-en-1280")
	steps(t, ctx, "done", chromedp.Focus(css(`button[value="done"]`)), chromedp.KeyEvent("\r"), chromedp.WaitVisible(css(`p.flash`)))
	wantText(t, ctx, "Marked as done.", "Nothing here.")

	steps(t, ctx, "integrations", chromedp.Navigate(base+"/settings/integrations"), chromedp.WaitVisible(css(`input[name="url"]`)),
		chromedp.SendKeys(css(`input[name="url"]`), "https://hooks.example.com/relance"),
		chromedp.Click(css(`form.card button.primary`)),
		chromedp.WaitVisible(css(`#new-secret`)))
	secret, err := run(ctx, chromedp.Value(css(`#new-secret`)))
	hooks, _ := s.Webhooks(context.Background(), b.company.ID)
	if err != nil || len(hooks) != 1 || secret != hooks[0].Secret || !strings.HasPrefix(secret, "whsec_") {
		t.Fatalf("secret on the page %q (%v), stored %+v", secret, err, hooks)
	}
	shot(t, ctx, "integrations-en-1280")

	// French, phone-sized: nothing wider than the screen.
	steps(t, ctx, "to French", chromedp.Click(css(`button[name="lang"][value="fr"]`)), chromedp.WaitReady(css(`html[lang="fr-CA"]`)))
	steps(t, ctx, "narrow", chromedp.EmulateViewport(360, 780))
	for _, p := range []string{"/todo?state=done", "/settings/integrations", "/settings/integrations/" + itoa(hooks[0].ID), "/customers"} {
		steps(t, ctx, "narrow "+p, chromedp.Navigate(base+p), chromedp.WaitVisible(css(`main`)))
		wide, err := run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil || wide {
			who, _ := run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right)).join(", ")`))
			t.Errorf("%s at 360 px scrolls sideways (%v): %s", p, err, who)
		}
	}
	wantText(t, ctx, "Clients")
	steps(t, ctx, "todo fr", chromedp.Navigate(base+"/todo?state=done"), chromedp.WaitVisible(css(`table.list`)))
	wantText(t, ctx, "À faire", "est revenue en erreur")
	shot(t, ctx, "todo-fr-360")
}
