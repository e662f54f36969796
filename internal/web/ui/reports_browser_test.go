package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// seedReports fills a company with a year of invoices: older ones paid
// some days after their reminders, recent ones open in every aging bucket,
// one in US dollars.
func seedReports(t *testing.T, s *store.Store, co *invoice.Company) {
	t.Helper()
	ctx := context.Background()
	st, err := s.ReminderSettings(ctx, co.ID)
	if err != nil {
		t.Fatal(err)
	}
	st.Enabled = true
	if err := storetest.Books(s).PutReminderSettings(ctx, co.ID, st); err != nil {
		t.Fatal(err)
	}
	names := []string{"Harbour Cafe", "Boulangerie Côté", "Northwind Supply", "Atelier Gagnon"}
	var custs []*invoice.Customer
	for _, n := range names {
		custs = append(custs, storetest.Customer(t, s, co.ID, n))
	}
	today := day(t, 0)
	n := 0
	sent := func(inv *invoice.Invoice, step int, on invoice.Date) {
		at := on.At(9, 0, co.Location()).UTC()
		n++
		if _, err := s.DB().ExecContext(ctx, s.DB().Rebind(`INSERT INTO reminders (company_id, invoice_id, step, due_date, trigger_date,
			state, next_attempt_at, message_id, sent_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'sent', ?, ?, ?, ?, ?)`),
			co.ID, inv.ID, step, inv.DueDate, on, at, fmt.Sprintf("seed%d@relance.test", n), at, at, at); err != nil {
			t.Fatal(err)
		}
	}
	for m := 11; m >= 0; m-- {
		for k, c := range custs {
			issue := today.AddDays(-30*m - 7*k - 20)
			due := issue.AddDays(30)
			inv := storetest.Invoice(co.ID, c.ID, fmt.Sprintf("F-%02d%d", 11-m, k), issue, due, int64(60000+15500*k+4200*m))
			if err := storetest.Books(s).CreateInvoice(ctx, inv); err != nil {
				t.Fatal(err)
			}
			if !today.Before(due.AddDays(-3)) {
				sent(inv, 1, due.AddDays(-3))
			}
			late := (k*11 + m*5) % 29 // days after the due date it gets paid
			if m >= 2 || (m == 1 && k%2 == 0) {
				if late > 5 {
					sent(inv, 2, due.AddDays(5))
				}
				if late > 15 {
					sent(inv, 3, due.AddDays(15))
				}
				pay := due.AddDays(late)
				if pay.After(today) {
					pay = today
				}
				if _, err := storetest.Books(s).AddPayment(ctx, co.ID, inv.ID, &invoice.Payment{Amount: inv.Total, Date: pay}); err != nil {
					t.Fatal(err)
				}
			} else if !today.Before(due.AddDays(5)) {
				sent(inv, 2, due.AddDays(5))
			}
		}
	}
	// Due in five days: its first reminder comes in two.
	if err := storetest.Books(s).CreateInvoice(ctx, storetest.Invoice(co.ID, custs[0].ID, "F-NEXT", today.AddDays(-25), today.AddDays(5), 43000)); err != nil {
		t.Fatal(err)
	}
	usd := storetest.Invoice(co.ID, custs[2].ID, "US-1", today.AddDays(-75), today.AddDays(-45), 245000)
	usd.Currency = "USD"
	if err := storetest.Books(s).CreateInvoice(ctx, usd); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserReports opens the Reports page in English and French, on a
// wide and a phone-sized screen, checks its figures against the API's
// arithmetic, runs axe-core on each, and downloads a CSV.
func TestBrowserReports(t *testing.T) {
	s := storetest.SQLite(t)
	b := newBundle(t, s)
	seedReports(t, s, b.company)
	ctx := browser(t, 1280, 900)
	base := b.srv.URL

	steps(t, ctx, "sign in", chromedp.Navigate(base+"/reports"), chromedp.WaitVisible(css(`input[name="email"]`)),
		chromedp.SendKeys(css(`input[name="email"]`), "owner@example.com"),
		chromedp.SendKeys(css(`input[name="password"]`), testPassword),
		chromedp.Click(css(`button.primary`)),
		chromedp.WaitVisible(css(`nav.main a[href="/reports"]`)))
	steps(t, ctx, "reports", chromedp.Navigate(base+"/reports"), chromedp.WaitVisible(css(`svg.chart`)))
	wantText(t, ctx, "Aging of receivables", "Days sales outstanding (DSO)", "Reminder effectiveness", "Harbour Cafe",
		"Over 90 days", "Reminder 2", "Paid within 7 days", "USD", "Coming reminders")
	// The calendar shows F-NEXT's first reminder on its day.
	cal, err := run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("ol.calendar > li")].map(li => li.innerText.replace(/\s+/g, " ")).join(" | ")`))
	if err != nil || !strings.Contains(cal, shortDate(day(t, 2), "en")+", "+fmt.Sprint(day(t, 2).Year)+" F-NEXT · Reminder 1 Send") {
		t.Errorf("calendar %q (%v)", cal, err)
	}
	if n, err := run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("svg.chart").length`)); err != nil || n != 4 {
		t.Errorf("charts on the page: %d (%v), want 4 (aging CAD and USD, DSO, effectiveness)", n, err)
	}
	// The USD invoice is 45 days past due: alone in 31–60, never added to CAD.
	usdRow, err := run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("table.list")].find(t => t.caption.textContent.includes("USD")).tBodies[0].rows[0].innerText`))
	if err != nil || !strings.Contains(usdRow, "Northwind Supply") || !strings.Contains(usdRow, "$0.00\t$0.00\t$2,450.00\t$0.00") {
		t.Errorf("USD aging row %q (%v)", usdRow, err)
	}
	checkAxe(t, ctx, "reports en 1280")
	shot(t, ctx, "reports-en-1280")

	// Filters: as of 100 days ago, CAD only.
	asOf := day(t, -100).String()
	steps(t, ctx, "filter", chromedp.SetValue(css(`#as_of`), asOf), chromedp.SetValue(css(`#currency`), "CAD"),
		chromedp.Click(css(`form.filters button.primary`)),
		// The new page: its field's attribute carries the date (the old
		// page's only has it as a property).
		chromedp.WaitVisible(css(`input#as_of[value="`+asOf+`"]`)))
	loc, err := run(ctx, chromedp.Location())
	if err != nil || !strings.Contains(loc, "as_of="+asOf) || !strings.Contains(loc, "currency=CAD") {
		t.Errorf("filtered URL %q (%v)", loc, err)
	}
	if n, err := run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll("caption")].filter(c => c.textContent.includes("USD")).length`)); err != nil || n != 0 {
		t.Errorf("CAD filter still shows %d US dollar tables (%v)", n, err)
	}
	// A bad date is named on the form, and the page still answers.
	steps(t, ctx, "bad filter", chromedp.Navigate(base+"/reports?as_of=31/12/2026"), chromedp.WaitVisible(css(`#as_of-err`)))
	wantText(t, ctx, "Enter a date as YYYY-MM-DD.")

	// CSV of the aging, fetched as the browser would (same session).
	csv, err := run(ctx, chromedp.Evaluate[string](`fetch("/reports/aging.csv?currency=CAD").then(r => r.arrayBuffer()).then(b => new TextDecoder("utf-8", {ignoreBOM: true}).decode(b))`, chromedp.EvalAwaitPromise))
	if err != nil || !strings.HasPrefix(csv, "\ufeffCurrency,Customer,Current,") || !strings.Contains(csv, "Harbour Cafe") {
		t.Errorf("aging CSV %q (%v)", csv, err)
	}

	// French.
	steps(t, ctx, "to French", chromedp.Navigate(base+"/reports"), chromedp.WaitVisible(css(`button[name="lang"][value="fr"]`)),
		chromedp.Click(css(`button[name="lang"][value="fr"]`)), chromedp.WaitReady(css(`html[lang="fr-CA"]`)), chromedp.WaitVisible(css(`svg.chart`)))
	wantText(t, ctx, "Rapports", "Classement chronologique des comptes clients", "Délai moyen de recouvrement", "Efficacité des relances",
		"Plus de 90 jours", "Payées en 7 jours", "Boulangerie Côté")
	checkAxe(t, ctx, "reports fr 1280")
	shot(t, ctx, "reports-fr-1280")
	csv, err = run(ctx, chromedp.Evaluate[string](`fetch("/reports/reminders.csv").then(r => r.arrayBuffer()).then(b => new TextDecoder("utf-8", {ignoreBOM: true}).decode(b))`, chromedp.EvalAwaitPromise))
	if err != nil || !strings.HasPrefix(csv, "\ufeffÉtape;Envoyées;") {
		t.Errorf("French effectiveness CSV %q (%v)", csv, err)
	}

	steps(t, ctx, "narrow", chromedp.EmulateViewport(360, 780), chromedp.Navigate(base+"/reports"), chromedp.WaitVisible(css(`svg.chart`)))
	if w, err := run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); err != nil || w > 360 {
		t.Errorf("page is %d px wide at 360 (%v)", w, err)
	}
	checkAxe(t, ctx, "reports fr 360")
	shot(t, ctx, "reports-fr-360")
}
