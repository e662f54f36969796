package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/relance-app/relance/internal/store/storetest"
)

const chromiumPath = "/usr/bin/chromium"

// browser starts headless Chromium for one test, or skips when it is not
// installed (fails instead when RELANCE_REQUIRE_BROWSER=1, as in CI).
func browser(t *testing.T, width, height int) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("RELANCE_REQUIRE_BROWSER") == "1" {
			t.Fatalf("RELANCE_REQUIRE_BROWSER=1 but %s is missing: apt-get install chromium", chromiumPath)
		}
		t.Skipf("%s not installed: skipping the browser test (apt-get install chromium; CI sets RELANCE_REQUIRE_BROWSER=1)", chromiumPath)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.NoSandbox, // tests run as root in containers
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelC(); cancelA() })
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// steps runs actions with a per-step timeout, failing the test with the
// step's name.
func steps(t *testing.T, ctx context.Context, name string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, actions...); err != nil {
		// Say where the browser was: the URL and what the page read.
		dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		loc, _ := chromedp.Run(dctx, chromedp.Location())
		txt, _ := chromedp.Run(dctx, chromedp.Evaluate[string]("document.body ? document.body.innerText : ''"))
		t.Fatalf("%s: %v\nat %s, reading:\n%s", name, err, loc, txt)
	}
}

// run runs one action that returns a value, bounded like steps: a query
// on a page that is navigating away must fail, not hang the test.
func run[T any](ctx context.Context, a chromedp.Action[T]) (T, error) {
	tctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	return chromedp.Run(tctx, a)
}

// pageText is the visible text of the page.
func pageText(t *testing.T, ctx context.Context) string {
	t.Helper()
	s, err := run(ctx, chromedp.Evaluate[string]("document.body.innerText"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func wantText(t *testing.T, ctx context.Context, parts ...string) {
	t.Helper()
	txt := pageText(t, ctx)
	for _, p := range parts {
		if !strings.Contains(txt, p) {
			t.Errorf("page lacks %q; it reads:\n%s", p, txt)
		}
	}
}

// screenshotDir is docs/screenshots at the repository root when
// RELANCE_SCREENSHOTS=1, else a temporary folder: an ordinary test run
// must not rewrite tracked files.
func screenshotDir(t *testing.T) string {
	if os.Getenv("RELANCE_SCREENSHOTS") != "1" {
		return t.TempDir()
	}
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "..", "docs", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// shot saves a full-page PNG. The viewport is stretched to the page's
// height first, so that sticky elements (the settings' Save bar) sit where
// they end up rather than across the middle of the capture.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dims, err := run(ctx, chromedp.Evaluate[[]int64]("[window.innerWidth, window.innerHeight, document.documentElement.scrollHeight]"))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	steps(t, ctx, "stretch viewport", chromedp.EmulateViewport(dims[0], dims[2]))
	defer steps(t, ctx, "restore viewport", chromedp.EmulateViewport(dims[0], dims[1]))
	png, err := run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(screenshotDir(t), name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func css(s string) chromedp.CSS { return chromedp.CSS(s) }

// setChecked ticks or unticks a checkbox by clicking it, as a user would.
func setChecked(t *testing.T, ctx context.Context, sel string, want bool) {
	t.Helper()
	on, err := run(ctx, chromedp.Evaluate[bool](fmt.Sprintf("document.querySelector(%q).checked", sel)))
	if err != nil {
		t.Fatal(err)
	}
	if on != want {
		steps(t, ctx, "click "+sel, chromedp.Click(css(sel)))
	}
}

// TestBrowserWalk follows the seed help page end to end in Chromium: sign
// in, turn reminders on and set them, create a customer and an overdue
// invoice, let the scan send, see "Reminder sent", send a manual reminder
// with an edited message, find it in the outbox, then switch to French.
func TestBrowserWalk(t *testing.T) {
	s := storetest.SQLite(t)
	b := newBundle(t, s)
	ctx := browser(t, 1280, 900)
	base := b.srv.URL
	today := day(t, 0)

	// Sign in.
	steps(t, ctx, "sign-in page", chromedp.Navigate(base+"/invoices"), chromedp.WaitVisible(css(`input[name="email"]`)))
	shot(t, ctx, "signin")
	steps(t, ctx, "sign in",
		chromedp.SendKeys(css(`input[name="email"]`), "owner@example.com"),
		chromedp.SendKeys(css(`input[name="password"]`), testPassword),
		chromedp.Click(css(`button.primary`)),
		chromedp.WaitVisible(css(`a[href="/invoices/new"]`)))

	// Settings → Reminders: on; Reminder 1 three days before, Reminder 2
	// five days after, with an edited subject.
	steps(t, ctx, "reminder settings", chromedp.Navigate(base+"/settings/reminders"), chromedp.WaitVisible(css(`input[name="enabled"]`)))
	setChecked(t, ctx, `input[name="enabled"]`, true)
	setChecked(t, ctx, `input[name="steps[0].enabled"]`, true)
	setChecked(t, ctx, `input[name="steps[1].enabled"]`, true)
	steps(t, ctx, "set reminders",
		chromedp.SetValue(css(`input[name="steps[0].days"]`), "3"),
		chromedp.SetValue(css(`select[name="steps[0].when"]`), "before"),
		chromedp.SetValue(css(`input[name="steps[1].days"]`), "5"),
		chromedp.SetValue(css(`select[name="steps[1].when"]`), "after"),
		chromedp.SetValue(css(`input[name="steps[1].templates.en.subject"]`), "Friendly reminder: invoice {{invoice_number}} is overdue"),
	)
	steps(t, ctx, "save settings", chromedp.Click(css(`.sticky-save button.primary`)), chromedp.WaitVisible(css(`p.flash`)))
	wantText(t, ctx, "Saved.")
	st, err := s.ReminderSettings(context.Background(), b.company.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Enabled || st.Steps[0].Days != 3 || st.Steps[0].When != "before" || st.Steps[1].Days != 5 || st.Steps[1].When != "after" ||
		!strings.HasPrefix(st.Steps[1].Templates["en"].Subject, "Friendly reminder") {
		t.Fatalf("settings not saved from the page: %+v", st)
	}

	// A customer, then an invoice due six days ago.
	steps(t, ctx, "new customer", chromedp.Navigate(base+"/customers/new"),
		chromedp.WaitVisible(css(`input[name="display_name"]`)),
		chromedp.SendKeys(css(`input[name="display_name"]`), "Harbour Cafe"),
		chromedp.SendKeys(css(`input[name="first_name"]`), "Maya"),
		chromedp.SendKeys(css(`input[name="last_name"]`), "Singh"),
		chromedp.SendKeys(css(`input[name="email"]`), "maya@harbour.test"),
		chromedp.SetValue(css(`select[name="language"]`), "en"),
		chromedp.Click(css(`form.card button.primary`)),
		chromedp.WaitVisible(css(`p.flash`)))
	cu, err := s.FindCustomerByName(context.Background(), b.company.ID, "Harbour Cafe")
	if err != nil {
		t.Fatalf("customer not saved from the page: %v", err)
	}
	steps(t, ctx, "new invoice", chromedp.Navigate(base+"/invoices/new"),
		chromedp.WaitVisible(css(`select[name="customer_id"]`)),
		chromedp.SetValue(css(`select[name="customer_id"]`), itoa(cu.ID)),
		chromedp.SendKeys(css(`input[name="number"]`), "INV-1042"),
		chromedp.SetValue(css(`input[name="issue_date"]`), today.AddDays(-36).String()),
		chromedp.SetValue(css(`input[name="due_date"]`), today.AddDays(-6).String()),
		chromedp.SendKeys(css(`input[name="line0_description"]`), "Espresso machine service"),
		chromedp.SendKeys(css(`input[name="line0_unit_price"]`), "480.00"),
		chromedp.SendKeys(css(`input[name="line0_tax_rate"]`), "13"),
		chromedp.Click(css(`.buttons button.primary`)),
		chromedp.WaitVisible(css(`h1 .status`)))
	wantText(t, ctx, "Invoice INV-1042", "Overdue 6 days", "$542.40")

	// The scan runs (as the scheduler would) and the outbox delivers.
	if _, err := b.eng.Scan(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	if err := b.eng.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	steps(t, ctx, "invoice list", chromedp.Navigate(base+"/invoices"), chromedp.WaitVisible(css(`table.invoices`)))
	wantText(t, ctx, "INV-1042", "Harbour Cafe", "Overdue 6 days", "Reminder sent "+shortDate(today, "en"))
	shot(t, ctx, "invoices-en-1280")

	// Receive payment ▾ → Send reminder, with an edited message.
	steps(t, ctx, "row menu", chromedp.Click(css(`details.menu summary`)), chromedp.WaitVisible(css(`details.menu[open] ul`)))
	shot(t, ctx, "invoice-menu-en-1280")
	steps(t, ctx, "send reminder page", chromedp.Click(css(`details.menu a[href$="/reminders/new"]`)),
		chromedp.WaitVisible(css(`textarea[name="message"]`)))
	subject, err := run(ctx, chromedp.Value(css(`input[name="subject"]`)))
	// The draft keeps its placeholders; they are filled in at send time.
	if err != nil || !strings.Contains(subject, "{{invoice_number}}") {
		t.Fatalf("draft subject %q (%v)", subject, err)
	}
	steps(t, ctx, "edit and send",
		chromedp.SetValue(css(`textarea[name="message"]`), "Hi Maya, a quick personal note about {{invoice_number}}: thanks for settling it this week."),
		chromedp.Click(css(`form button.primary`)),
		chromedp.WaitVisible(css(`p.flash`)))
	wantText(t, ctx, "Reminder queued")
	if err := b.eng.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	loc, err := run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	steps(t, ctx, "invoice page", chromedp.Navigate(strings.Split(loc, "?")[0]), chromedp.WaitVisible(css(`table.history`)))
	wantText(t, ctx, "Manual reminder", "Reminder 2", "Sent", "maya@harbour.test")
	shot(t, ctx, "invoice-en-1280")

	// The outbox shows it as it will look.
	steps(t, ctx, "outbox", chromedp.Navigate(base+"/outbox"), chromedp.WaitVisible(css(`table.list`)),
		chromedp.Click(css(`table.list tbody tr:first-child a[href^="/outbox/"]`)),
		chromedp.WaitVisible(css(`iframe.mail`)))
	wantText(t, ctx, "a quick personal note about INV-1042", "maya@harbour.test", ".pdf", "Reminder: invoice INV-1042 is overdue")
	frameText, err := run(ctx, chromedp.Evaluate[string](`document.querySelector("iframe.mail").getAttribute("srcdoc")`))
	if err != nil || !strings.Contains(frameText, "personal note about INV-1042") {
		t.Errorf("the HTML part is not in the sandboxed frame (%v)", err)
	}
	shot(t, ctx, "outbox-message-en-1280")

	// The customer page: open balance, aging, and the statement PDF link.
	steps(t, ctx, "customer balance", chromedp.Navigate(base+"/customers/"+itoa(cu.ID)),
		chromedp.WaitVisible(css(`#statement-pdf`)))
	wantText(t, ctx, "Open balance", "Total due: $542.40", "1–30 days", "Over 90 days", "Statement (PDF)")
	if cells, err := run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("table.aging td")].map(c => c.innerText).join(" ")`)); err != nil ||
		cells != "$0.00 $542.40 $0.00 $0.00 $0.00" {
		t.Errorf("aging cells on the customer page: %q (%v)", cells, err)
	}
	shot(t, ctx, "customer-balance-en-1280")

	// "Send statement": one email with the open invoices and the statement
	// PDF, in the customer's language, shown in the outbox.
	steps(t, ctx, "send statement", chromedp.Click(css(`#statement-send`)), chromedp.WaitVisible(css(`p.flash`)))
	wantText(t, ctx, "Statement queued")
	if err := b.eng.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	steps(t, ctx, "statement in the outbox", chromedp.Navigate(base+"/outbox"), chromedp.WaitVisible(css(`table.list`)),
		chromedp.Click(css(`table.list tbody tr:first-child a[href^="/outbox/"]`)),
		chromedp.WaitVisible(css(`iframe.mail`)))
	wantText(t, ctx, "Statement of account from", "maya@harbour.test", "statement-"+today.String()+".pdf")
	if frame, err := run(ctx, chromedp.Evaluate[string](`document.querySelector("iframe.mail").getAttribute("srcdoc")`)); err != nil ||
		!strings.Contains(frame, "INV-1042") || !strings.Contains(frame, "Total due") {
		t.Errorf("the statement email's table is not in the frame (%v)", err)
	}
	shot(t, ctx, "outbox-statement-en-1280")

	// Batch: tick the invoice in the list, "Send reminders…", confirm.
	steps(t, ctx, "batch select", chromedp.Navigate(base+"/invoices"), chromedp.WaitVisible(css(`#batch-send`)),
		chromedp.Click(css(`input[type=checkbox][name="id"]`)), chromedp.Click(css(`#batch-send`)),
		chromedp.WaitVisible(css(`#batch-form`)))
	wantText(t, ctx, "Will be sent (1)", "INV-1042 — Harbour Cafe — maya@harbour.test")
	shot(t, ctx, "batch-confirm-en-1280")
	before, err := s.ListOutbox(context.Background(), b.company.ID, 0, 50)
	if err != nil {
		t.Fatal(err)
	}
	steps(t, ctx, "batch send", chromedp.Click(css(`#batch-form button.primary`)), chromedp.WaitVisible(css(`p.flash`)))
	wantText(t, ctx, "Reminders queued")
	if err := b.eng.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if after, err := s.ListOutbox(context.Background(), b.company.ID, 0, 50); err != nil || len(after) != len(before)+1 {
		t.Errorf("the batch added %d outbox messages (%v), want 1", len(after)-len(before), err)
	}

	// Settings preview (JS refreshes it on load).
	steps(t, ctx, "preview", chromedp.Navigate(base+"/settings/reminders"), chromedp.WaitVisible(css(`iframe#preview`)))
	waitFrameText(t, ctx, "INV-1042")
	shot(t, ctx, "settings-reminders-en-1280")

	// Settings → Team: the people and a new API token, shown once.
	steps(t, ctx, "team page", chromedp.Navigate(base+"/settings/reminders"), chromedp.Click(css(`nav.tabs a[href="/settings/team"]`)),
		chromedp.WaitVisible(css(`input[name="name"]`)),
		chromedp.SendKeys(css(`input[name="name"]`), "accounting export"),
		chromedp.Click(css(`form[action="/settings/team/tokens"] button.primary`)), chromedp.WaitVisible(css(`#new-token`)))
	wantText(t, ctx, "Team and API tokens", "owner@example.com", "Admin", "accounting export", "Copy this token now")

	// Customers → Import CSV: upload a file, read the report.
	csvPath, err := filepath.Abs(filepath.Join("..", "..", "importer", "testdata", "customers_en.csv"))
	if err != nil {
		t.Fatal(err)
	}
	steps(t, ctx, "import page", chromedp.Navigate(base+"/customers"), chromedp.WaitVisible(css(`a[href="/import?kind=customers"]`)),
		chromedp.Click(css(`a[href="/import?kind=customers"]`)), chromedp.WaitVisible(css(`input[type=file][name="file"]`)))
	steps(t, ctx, "upload customers", chromedp.SetUploadFiles(css(`input[name="file"]`), []string{csvPath}),
		chromedp.Click(css(`#import-form button.primary`)), chromedp.WaitVisible(css(`.import-report`)))
	wantText(t, ctx, "Import of customers_en.csv", "Customers created", "Every row was imported.")
	if n, err := run(ctx, chromedp.Text(css(`#import-created`))); err != nil || n != "4" {
		t.Errorf("customers created on the page: %q (%v), want 4", n, err)
	}
	shot(t, ctx, "import-en-1280")

	// Reports: the reminder sent above counts for Reminder 2.
	steps(t, ctx, "reports", chromedp.Navigate(base+"/reports"), chromedp.WaitVisible(css(`svg.chart`)))
	wantText(t, ctx, "Aging of receivables", "Harbour Cafe", "Reminder effectiveness", "Reminder 2")
	checkAxe(t, ctx, "reports (walk, en)")

	// French: the same pages in French.
	steps(t, ctx, "to French", chromedp.Navigate(base+"/invoices"), chromedp.WaitVisible(css(`button[name="lang"][value="fr"]`)),
		chromedp.Click(css(`button[name="lang"][value="fr"]`)),
		// Wait on what only the French page has: the English page has the
		// same links.
		chromedp.WaitReady(css(`html[lang="fr-CA"]`)), chromedp.WaitVisible(css(`table.invoices`)))
	wantText(t, ctx, "Factures", "Nouvelle facture", "Solde dû", "En retard de 6 jours", "Relance envoyée le "+shortDate(today, "fr"),
		"Recevoir un paiement")
	shot(t, ctx, "invoices-fr-1280")
	steps(t, ctx, "settings in French", chromedp.Navigate(base+"/settings/reminders"), chromedp.WaitVisible(css(`input[name="enabled"]`)))
	wantText(t, ctx, "Relances de facture automatiques", "Relance 2", "Joindre une copie PDF de la facture")
	steps(t, ctx, "invoice in French", chromedp.Navigate(base+"/customers"), chromedp.WaitVisible(css(`table.list`)))
	wantText(t, ctx, "Clients", "Harbour Cafe", "anglais")
	steps(t, ctx, "reports in French", chromedp.Navigate(base+"/reports"), chromedp.WaitVisible(css(`svg.chart`)))
	wantText(t, ctx, "Rapports", "Classement chronologique des comptes clients", "Efficacité des relances", "Relance 2")
	checkAxe(t, ctx, "reports (walk, fr)")

	// One message per customer: ticked in the settings, then two invoices
	// of one customer with reminder 2 due today go out as one message.
	steps(t, ctx, "grouping setting", chromedp.Navigate(base+"/settings/reminders"), chromedp.WaitVisible(css(`input[name="group_by_customer"]`)))
	setChecked(t, ctx, `input[name="group_by_customer"]`, true)
	steps(t, ctx, "save grouping", chromedp.Click(css(`.sticky-save button.primary`)), chromedp.WaitVisible(css(`p.flash`)))
	if st, err := s.ReminderSettings(context.Background(), b.company.ID); err != nil || !st.GroupByCustomer {
		t.Fatalf("grouping not saved from the page (%v)", err)
	}
	grouped := storetest.Customer(t, s, b.company.ID, "Côté Rénovation")
	b.invoiceFor(b.company.ID, grouped.ID, "GR-1", -5, 10000)
	b.invoiceFor(b.company.ID, grouped.ID, "GR-2", -5, 25000)
	if _, err := b.eng.Scan(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	if err := b.eng.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	steps(t, ctx, "grouped message in the outbox", chromedp.Navigate(base+"/outbox"), chromedp.WaitVisible(css(`table.list`)),
		chromedp.Click(css(`table.list tbody tr:first-child a[href^="/outbox/"]`)),
		chromedp.WaitVisible(css(`iframe.mail`)))
	wantText(t, ctx, "Relevé de compte de", "elodie@example.com", "facture-GR-1.pdf", "facture-GR-2.pdf")
	if frame, err := run(ctx, chromedp.Evaluate[string](`document.querySelector("iframe.mail").getAttribute("srcdoc")`)); err != nil ||
		!strings.Contains(frame, "GR-1") || !strings.Contains(frame, "GR-2") || !strings.Contains(frame, "Total dû") {
		t.Errorf("the grouped message's table is not in the frame (%v)", err)
	}
	shot(t, ctx, "outbox-grouped-1280")

	// A phone-sized screen: the list becomes stacked cards.
	steps(t, ctx, "narrow", chromedp.EmulateViewport(360, 780), chromedp.Navigate(base+"/invoices"), chromedp.WaitVisible(css(`table.invoices`)))
	shot(t, ctx, "invoices-fr-360")
	steps(t, ctx, "narrow settings", chromedp.Navigate(base+"/settings/reminders"), chromedp.WaitVisible(css(`input[name="enabled"]`)))
	shot(t, ctx, "settings-reminders-fr-360")
}

// waitFrameText waits until the preview frame's email shows want.
func waitFrameText(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	js := fmt.Sprintf(`(() => { const f = document.querySelector("iframe#preview"); const d = f && f.contentDocument;
		const m = d && d.querySelector("iframe.mail"); return !!(m && (m.getAttribute("srcdoc") || "").includes(%q)); })()`, want)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		ok, err := run(ctx, chromedp.Evaluate[bool](js))
		if err == nil && ok {
			time.Sleep(300 * time.Millisecond) // let the frame paint before the screenshot
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Errorf("preview frame never showed %q", want)
}
