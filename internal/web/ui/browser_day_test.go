package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store/storetest"
)

// pageChecks are the regressions the walk fails on, on every page.
const (
	// Errors shown but not visible (in a closed section, hidden).
	jsHiddenErrors = `[...document.querySelectorAll('.err, .form-error, [aria-invalid="true"]')]
		.filter(e => !e.getClientRects().length || !e.checkVisibility({visibilityProperty: true}) ||
			[...document.querySelectorAll('details:not([open])')].some(d => d.contains(e) && !d.querySelector('summary').contains(e)))
		.map(e => e.id || e.name || e.className)`
	// What a person reads: visible text and labels, minus what is meant to
	// be English (lang="en"), code and the emails' frames.
	jsVisibleText = `(() => { const out = []; const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT); let n;
		while ((n = w.nextNode())) { const e = n.parentElement;
			if (!e || e.closest('script,style,code,iframe,textarea,[lang="en"]') || !e.checkVisibility()) continue;
			out.push(n.textContent); }
		document.querySelectorAll('[aria-label],[title],[placeholder],img[alt]').forEach(e => { if (e.closest('[lang="en"]')) return;
			['aria-label','title','placeholder','alt'].forEach(a => { const v = e.getAttribute(a); if (v) out.push(v); }); });
		return out.join("\n"); })()`
	// Numbers, dates and amounts that must stay on one line.
	jsWrapped = `(() => { const lines = el => { const tops = new Set(); const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT); let n;
			while ((n = w.nextNode())) { if (!n.textContent.trim()) continue; const r = document.createRange(); r.selectNodeContents(n);
				[...r.getClientRects()].filter(x => x.width > 0).forEach(x => tops.add(Math.round(x.top))); }
			return tops.size; };
		return [...document.querySelectorAll('td.nowrap, h1 .nowrap, .tile-amount, table.invoices td[data-label] a, .st .sent')]
			.filter(e => lines(e) > 1).map(e => e.textContent.trim()); })()`
)

// checkPage fails the walk on a hidden error, English text on a French
// page, or a wrapped invoice number, date or amount.
func checkPage(t *testing.T, ctx context.Context, lang, name string, frags []string) {
	t.Helper()
	hidden, err := run(ctx, chromedp.Evaluate[[]string](jsHiddenErrors))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(hidden) > 0 {
		t.Errorf("%s (%s): errors not visible: %q", name, lang, hidden)
	}
	wrapped, err := run(ctx, chromedp.Evaluate[[]string](jsWrapped))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(wrapped) > 0 {
		t.Errorf("%s (%s): wrapped on two lines: %q", name, lang, wrapped)
	}
	// Nothing wider than the window (a phone scrolls sideways otherwise).
	over, err := run(ctx, chromedp.Evaluate[[]int64](`[document.documentElement.scrollWidth, window.innerWidth]`))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if over[0] > over[1] {
		t.Errorf("%s (%s): the page is %d px wide in a %d px window", name, lang, over[0], over[1])
	}
	if lang != "fr" {
		return
	}
	text, err := run(ctx, chromedp.Evaluate[string](jsVisibleText))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	text = hiddenRe.ReplaceAllString(text, " ")
	if got := englishOn(text, frags); len(got) > 0 {
		t.Errorf("%s: English on a French page: %q", name, got)
	}
}

// TestBrowserBookkeeperDay walks the bookkeeper's day in Chromium, in
// English and French, at 1280 and 360 px: the invoice list (money bar,
// search, sort), an overdue invoice and why its next reminder is what it
// is, the manual reminder fitted to the day with its preview, settings
// forms re-shown with errors (none hidden), the outbox; every page is
// checked for hidden errors, English on French pages and wrapped numbers.
func TestBrowserBookkeeperDay(t *testing.T) {
	s := storetest.SQLite(t)
	b := newBundle(t, s)
	ctx0 := context.Background()
	bk := storetest.Books(s)
	frags := englishFragments(t)
	cu := storetest.Customer(t, s, b.company.ID, "Élodie Côté")
	other := storetest.Customer(t, s, b.company.ID, "Boulangerie Saint-Roch et Frères")
	late := b.invoiceFor(b.company.ID, cu.ID, "F-2026-0417", -17, 1234567)
	b.invoiceFor(b.company.ID, other.ID, "F-2026-0418", -3, 98000)
	ahead := b.invoiceFor(b.company.ID, other.ID, "F-2026-0419", 12, 4500050)
	// Québec taxes: the company names TPS and TVQ; one invoice charges both.
	co := *b.company
	co.TaxName1, co.TaxRate1, co.TaxNumber1 = "TPS", 50000, "123456789 RT0001"
	co.TaxName2, co.TaxRate2, co.TaxNumber2 = "TVQ", 99750, "1234567890 TQ0001"
	if err := bk.UpdateCompany(ctx0, &co); err != nil {
		t.Fatal(err)
	}
	ahead.Lines[0].SetTaxes([]invoice.LineTax{{Name: "TPS", Rate: 50000}, {Name: "TVQ", Rate: 99750}})
	if err := bk.UpdateInvoice(ctx0, ahead); err != nil {
		t.Fatal(err)
	}
	st, _ := s.ReminderSettings(ctx0, b.company.ID)
	st.Enabled = true
	if err := bk.PutReminderSettings(ctx0, b.company.ID, st); err != nil {
		t.Fatal(err)
	}
	if _, err := b.eng.SendManual(ctx0, b.company.ID, late.ID, "", ""); err != nil {
		t.Fatal(err)
	}
	if err := b.eng.Drain(ctx0); err != nil {
		t.Fatal(err)
	}
	out, err := s.ListOutbox(ctx0, b.company.ID, 0, 1)
	if err != nil || len(out) == 0 {
		t.Fatalf("outbox: %v", err)
	}
	notImage := filepath.Join(t.TempDir(), "logo.png")
	if err := os.WriteFile(notImage, []byte("not an image"), 0o644); err != nil {
		t.Fatal(err)
	}

	badCSV := filepath.Join(t.TempDir(), "clients.csv")
	if err := os.WriteFile(badCSV, []byte("Nom,Courriel,Langue\nAtelier Nord,pas-une-adresse,fr\n,x@y.test,fr\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	ctx := browser(t, 1280, 900)
	base := b.srv.URL
	steps(t, ctx, "sign in", chromedp.Navigate(base+"/signin"), chromedp.WaitVisible(css(`input[name="email"]`)),
		chromedp.SendKeys(css(`input[name="email"]`), "owner@example.com"),
		chromedp.SendKeys(css(`input[name="password"]`), testPassword),
		chromedp.Click(css(`button.primary`)), chromedp.WaitVisible(css(`table.invoices`)))

	inv := base + "/invoices/" + itoa(late.ID)
	for _, lang := range []string{"en", "fr"} {
		if err := s.SetUserLanguage(ctx0, b.user.ID, lang); err != nil {
			t.Fatal(err)
		}
		for _, width := range []int64{1280, 360} {
			tag := fmt.Sprintf("%s-%d", lang, width)
			tr := func(id string, kv ...any) string { return tr(lang, id, kv...) }
			steps(t, ctx, "viewport "+tag, chromedp.EmulateViewport(width, 900))

			// The list: money bar, then the overdue filter from its tile.
			steps(t, ctx, "list "+tag, chromedp.Navigate(base+"/invoices"), chromedp.WaitVisible(css(`.money-bar`)))
			wantText(t, ctx, tr("bar_overdue"), tr("bar_count", "Count", 2), "F-2026-0417", "F-2026-0419")
			checkPage(t, ctx, lang, "list "+tag, frags)
			shot(t, ctx, "list-"+tag)
			steps(t, ctx, "overdue tile "+tag, chromedp.Click(css(`.money-bar a.late`)), chromedp.WaitVisible(css(`.money-bar a.late[aria-current]`)))
			if txt := pageText(t, ctx); strings.Contains(txt, "F-2026-0419") || !strings.Contains(txt, "F-2026-0418") {
				t.Errorf("%s: the overdue tile does not filter:\n%s", tag, txt)
			}
			steps(t, ctx, "search "+tag, chromedp.Navigate(base+"/invoices"), chromedp.WaitVisible(css(`#f-q`)),
				chromedp.SendKeys(css(`#f-q`), "boulangerie"), chromedp.Submit(css(`#f-q`)),
				chromedp.WaitVisible(css(`#f-q[value="boulangerie"]`)), chromedp.WaitVisible(css(`table.invoices`)))
			if txt := pageText(t, ctx); strings.Contains(txt, "F-2026-0417") || !strings.Contains(txt, "F-2026-0418") {
				t.Errorf("%s: search by customer:\n%s", tag, txt)
			}
			checkPage(t, ctx, lang, "search "+tag, frags)

			// The invoice: why the next reminder is what it is.
			steps(t, ctx, "invoice "+tag, chromedp.Navigate(inv), chromedp.WaitVisible(css(`#outlook`)))
			wantText(t, ctx, tr("outlook_skip_stale", "Step", 2, "Count", 10))
			checkPage(t, ctx, lang, "invoice "+tag, frags)
			if tag == "en-1280" || tag == "fr-360" {
				shot(t, ctx, "invoice-outlook-"+tag)
			}

			// The manual reminder: overdue wording, preview, every error at once.
			steps(t, ctx, "manual "+tag, chromedp.Navigate(inv+"/reminders/new"), chromedp.WaitVisible(css(`#manual-form textarea`)))
			wantText(t, ctx, tr("manual_draft_overdue"))
			waitFrameText(t, ctx, "F-2026-0417")
			checkPage(t, ctx, lang, "manual "+tag, frags)
			if width == 1280 {
				shot(t, ctx, "manual-reminder-"+tag)
			}
			steps(t, ctx, "manual errors "+tag, chromedp.Evaluate[chromedp.Void](`document.getElementById("subject").value = ""; document.getElementById("message").value = ""`),
				chromedp.Click(css(`#manual-form button.primary`)), chromedp.WaitVisible(css(`#message-err`)), chromedp.WaitVisible(css(`#subject-err`)))
			checkPage(t, ctx, lang, "manual errors "+tag, frags)

			// Settings: an error in the other language's template opens it.
			otherLang := map[string]string{"en": "fr", "fr": "en"}[lang]
			field := "steps[1].templates." + otherLang + ".subject"
			steps(t, ctx, "settings "+tag, chromedp.Navigate(base+"/settings/reminders"), chromedp.WaitVisible(css(`.sticky-save button.primary`)))
			steps(t, ctx, "settings errors "+tag,
				chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.getElementById(%q).value = "{{nope}}"`, field)),
				chromedp.Click(css(`.sticky-save button.primary`)), chromedp.WaitVisible(css(`summary.has-err`)))
			checkPage(t, ctx, lang, "settings errors "+tag, frags)
			// Greetings: the list of the page's language, "Madame, Monsieur"
			// among the French ones; no "To" / "À l'attention de".
			greet, err := run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf(
				`[...document.querySelectorAll('select[id$=".%s.salutation"] option')].map(o => o.value)`, lang)))
			if err != nil || len(greet) == 0 {
				t.Fatalf("%s: salutations: %v", tag, err)
			}
			wantGreet := map[string][]string{"en": {"Dear", "Hello", "Hi"}, "fr": {"Bonjour", "Cher", "Chère", "Madame, Monsieur"}}[lang]
			for _, g := range wantGreet {
				if !slices.Contains(greet, g) {
					t.Errorf("%s: salutations %q lack %q", tag, greet, g)
				}
			}
			for _, g := range greet {
				if g == "To" || g == "À l'attention de" {
					t.Errorf("%s: %q offered as a greeting", tag, g)
				}
			}
			if tag == "en-1280" {
				shot(t, ctx, "settings-errors-"+tag)
			}

			// An import report with refused rows: its reasons in the page's language.
			steps(t, ctx, "import "+tag, chromedp.Navigate(base+"/import?kind=customers"), chromedp.WaitVisible(css(`#import-form`)),
				chromedp.SetUploadFiles(css(`input[type=file][name="file"]`), []string{badCSV}),
				chromedp.Click(css(`#import-form button.primary`)), chromedp.WaitVisible(css(`.import-report`)))
			if n, err := run(ctx, chromedp.Text(css(`#import-refused`))); err != nil || n != "2" {
				t.Errorf("%s: import refused %q rows, want 2 (%v)", tag, n, err)
			}
			checkPage(t, ctx, lang, "import report "+tag, frags)

			// Company: a bad logo does not hide a bad time zone.
			steps(t, ctx, "company "+tag, chromedp.Navigate(base+"/settings/company"), chromedp.WaitVisible(css(`#timezone`)),
				chromedp.SetValue(css(`#timezone`), "Mars/Olympus"), chromedp.SetUploadFiles(css(`#logo`), []string{notImage}),
				chromedp.Click(css(`form.card button.primary`)), chromedp.WaitVisible(css(`#logo-err`)), chromedp.WaitVisible(css(`#timezone-err`)))
			checkPage(t, ctx, lang, "company errors "+tag, frags)

			// Payments: record one with its method, reference and memo,
			// correct it, delete it (confirmed); the balance comes back.
			pay := base + "/invoices/" + itoa(ahead.ID)
			steps(t, ctx, "payment form "+tag, chromedp.Navigate(pay+"/payments/new"), chromedp.WaitVisible(css(`#memo`)))
			checkPage(t, ctx, lang, "payment form "+tag, frags)
			checkAxe(t, ctx, "payment form "+tag)
			steps(t, ctx, "payment "+tag, chromedp.SetValue(css(`#amount`), "100"), chromedp.SendKeys(css(`#method`), strings.Split(tr("payment_methods"), "|")[0]),
				chromedp.SendKeys(css(`#reference`), "000123"), chromedp.SendKeys(css(`#memo`), "Lot 7"),
				chromedp.Click(css(`form.card button.primary`)), chromedp.WaitVisible(css(`#payments`)))
			wantText(t, ctx, tr("flash_payment_recorded"), "000123", "Lot 7", "owner@example.com",
				"TPS (5", "TVQ (9"+map[string]string{"en": ".", "fr": ","}[lang]+"975", "123456789 RT0001")
			checkPage(t, ctx, lang, "payments "+tag, frags)
			checkAxe(t, ctx, "payments "+tag)
			if tag == "en-1280" || tag == "fr-360" {
				shot(t, ctx, "invoice-payments-taxes-"+tag)
			}
			steps(t, ctx, "payment edit "+tag, chromedp.Click(css(`#payments a.button`)), chromedp.WaitVisible(css(`#amount`)),
				chromedp.SetValue(css(`#amount`), "abc"), chromedp.SetValue(css(`#reference`), strings.Repeat("9", 101)),
				chromedp.Click(css(`form.card button.primary`)), chromedp.WaitVisible(css(`#amount-err`)), chromedp.WaitVisible(css(`#reference-err`)))
			checkPage(t, ctx, lang, "payment errors "+tag, frags)
			checkAxe(t, ctx, "payment errors "+tag)
			steps(t, ctx, "payment fixed "+tag, chromedp.SetValue(css(`#amount`), "90"), chromedp.SetValue(css(`#reference`), "000124"),
				chromedp.Click(css(`form.card button.primary`)), chromedp.WaitVisible(css(`#payments`)))
			wantText(t, ctx, tr("flash_payment_saved"), "000124")
			steps(t, ctx, "payment delete "+tag, chromedp.Click(css(`#payments details.confirm summary`)),
				chromedp.WaitVisible(css(`#payments details.confirm button.danger`)))
			checkPage(t, ctx, lang, "payment delete confirm "+tag, frags)
			checkAxe(t, ctx, "payment delete confirm "+tag)
			steps(t, ctx, "payment deleted "+tag, chromedp.Click(css(`#payments details.confirm button.danger`)),
				chromedp.WaitNotPresent(css(`#payments details.confirm`)), chromedp.WaitVisible(css(`.payment-changes`)))
			wantText(t, ctx, tr("flash_payment_deleted"))
			if p, _ := s.GetInvoice(ctx0, b.company.ID, ahead.ID); len(p.Payments) != 0 || p.Balance != p.Total {
				t.Errorf("%s: after delete: %d payments, balance %d of %d", tag, len(p.Payments), p.Balance, p.Total)
			}
			checkPage(t, ctx, lang, "payment deleted "+tag, frags)

			// The invoice form offers the company's taxes per line; Settings →
			// Company names them.
			steps(t, ctx, "taxed form "+tag, chromedp.Navigate(pay+"/edit"), chromedp.WaitVisible(css(`select[name="line0_tax"]`)))
			wantText(t, ctx, "TPS + TVQ")
			checkPage(t, ctx, lang, "taxed form "+tag, frags)
			checkAxe(t, ctx, "taxed form "+tag)
			steps(t, ctx, "company taxes "+tag, chromedp.Navigate(base+"/settings/company"), chromedp.WaitVisible(css(`#tax_name_2`)))
			checkPage(t, ctx, lang, "company taxes "+tag, frags)
			checkAxe(t, ctx, "company taxes "+tag)

			// The outbox message.
			steps(t, ctx, "outbox "+tag, chromedp.Navigate(base+"/outbox/"+itoa(out[0].ID)), chromedp.WaitVisible(css(`iframe.mail`)))
			wantText(t, ctx, tr("hdr_Subject"))
			checkPage(t, ctx, lang, "outbox "+tag, frags)
			if width == 1280 {
				shot(t, ctx, "email-"+tag)
			}
		}
	}
}
