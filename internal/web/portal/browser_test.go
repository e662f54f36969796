package portal_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/emersion/go-message/mail"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

const chromiumPath = "/usr/bin/chromium"

func browser(t *testing.T, width, height int) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("RELANCE_REQUIRE_BROWSER") == "1" {
			t.Fatalf("RELANCE_REQUIRE_BROWSER=1 but %s is missing", chromiumPath)
		}
		t.Skipf("%s not installed: skipping the browser test", chromiumPath)
	}
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(chromiumPath), chromedp.NoSandbox, chromedp.Headless,
		chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(width, height)}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelC(); cancelA() })
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// stepTimeout bounds one step; generous, because a sign-in (bcrypt) under
// the race detector on a loaded 2-core machine takes seconds.
const stepTimeout = 60 * time.Second

func steps(t *testing.T, ctx context.Context, name string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(tctx, actions...); err != nil {
		dctx, c2 := context.WithTimeout(ctx, 5*time.Second)
		defer c2()
		loc, _ := chromedp.Run(dctx, chromedp.Location())
		txt, _ := chromedp.Run(dctx, chromedp.Evaluate[string]("document.body ? document.body.innerText : ''"))
		t.Fatalf("%s: %v\nat %s, reading:\n%s", name, err, loc, txt)
	}
}

// value runs one action that returns a value, bounded like steps.
func value[T any](t *testing.T, ctx context.Context, name string, a chromedp.Action[T]) T {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(tctx, a)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

func text(t *testing.T, ctx context.Context) string {
	t.Helper()
	return value(t, ctx, "read page", chromedp.Evaluate[string]("document.body.innerText"))
}

func wantText(t *testing.T, ctx context.Context, parts ...string) {
	t.Helper()
	txt := text(t, ctx)
	for _, p := range parts {
		if !strings.Contains(txt, p) {
			t.Errorf("page lacks %q; it reads:\n%s", p, txt)
		}
	}
}

// shot saves a full-page PNG to docs/screenshots when RELANCE_SCREENSHOTS=1.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := t.TempDir()
	if os.Getenv("RELANCE_SCREENSHOTS") == "1" {
		_, file, _, _ := runtime.Caller(0)
		dir = filepath.Join(filepath.Dir(file), "..", "..", "..", "docs", "screenshots")
	}
	png := value(t, ctx, "screenshot "+name, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

var (
	axeOnce sync.Once
	axeJS   string
	axeErr  error
)

// checkAxe runs axe-core's WCAG 2 A/AA rules on the page (axe.min.js from
// RELANCE_AXE_JS, else where scripts/axe.sh installs it); missing, the
// check is skipped, or fails when RELANCE_REQUIRE_BROWSER=1.
func checkAxe(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	axeOnce.Do(func() {
		p := os.Getenv("RELANCE_AXE_JS")
		if p == "" {
			p = filepath.Join(os.TempDir(), "relance-axe", "node_modules", "axe-core", "axe.min.js")
		}
		var b []byte
		b, axeErr = os.ReadFile(p)
		axeJS = string(b)
	})
	if axeErr != nil {
		if os.Getenv("RELANCE_REQUIRE_BROWSER") == "1" {
			t.Fatalf("axe-core: %v (set RELANCE_AXE_JS)", axeErr)
		}
		t.Logf("axe-core not found (%v): accessibility check skipped", axeErr)
		return
	}
	// The portal's CSP allows no script: axe runs through the DevTools
	// protocol, which CSP does not govern.
	value(t, ctx, "load axe", chromedp.Evaluate[bool](axeJS+";true"))
	res := value(t, ctx, "run axe", chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
		.then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
		nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " — " + n.failureSummary)}))))`, chromedp.EvalAwaitPromise))
	if res != "[]" {
		t.Errorf("%s: axe-core WCAG 2 A/AA violations: %s", page, res)
	}
}

var linkInMail = regexp.MustCompile(`https?://[^\s"<>]+/i/[A-Za-z0-9_-]+`)

// outboxLink is the invoice-page link of the newest outbox message of an
// invoice, read from its text part with the MIME parser.
func outboxLink(t *testing.T, s *store.Store, companyID, invoiceID int64) string {
	t.Helper()
	msgs, err := s.ListOutbox(context.Background(), companyID, 0, 50)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if m.InvoiceID == nil || *m.InvoiceID != invoiceID {
			continue
		}
		full, err := s.GetOutbox(context.Background(), companyID, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		mr, err := mail.CreateReader(bytes.NewReader(full.Raw))
		if err != nil {
			t.Fatal(err)
		}
		for {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			if h, ok := p.Header.(*mail.InlineHeader); ok {
				if ct, _, _ := h.ContentType(); ct == "text/plain" {
					b, _ := io.ReadAll(p.Body)
					if l := linkInMail.FindString(string(b)); l != "" {
						return l
					}
				}
			}
		}
	}
	t.Fatalf("no outbox message of invoice %d carries a link", invoiceID)
	return ""
}

// TestBrowserPortal: the company sends three invoices; the customer opens
// one from the outbox message's "View invoice" button, reads it in French
// and English, promises a payment; disputes a second; views the third; at
// 360 px too; every page passes axe-core; the company's list then shows
// Promised, Disputed and Viewed.
func TestBrowserPortal(t *testing.T) {
	s := storetest.SQLite(t)
	b := newBundle(t, s)
	ctx := context.Background()
	b.co.BrandColor = "#1a6b5c"
	b.co.TaxNumber1, b.co.TaxNumber2 = "TPS 123456789 RT0001", "TVQ 1234567890 TQ0001"
	b.co.Address = "1234, rue Saint-Jean\nQuébec (Québec) G1R 1R5"
	if err := b.bk.UpdateCompany(ctx, b.co); err != nil {
		t.Fatal(err)
	}
	cu := storetest.Customer(t, s, b.co.ID, "Café du Port")
	invs := []*invoice.Invoice{b.inv}
	for _, n := range []string{"F-1002", "F-1003"} {
		inv := storetest.Invoice(b.co.ID, cu.ID, n, storetest.MustDate(t, "2026-05-01"), storetest.MustDate(t, "2026-05-31"), 45000)
		inv.Lines[0].TaxRate = 149750
		if err := b.bk.CreateInvoice(ctx, inv); err != nil {
			t.Fatal(err)
		}
		invs = append(invs, inv)
	}
	for _, inv := range invs {
		if _, err := b.e.SendInvoice(ctx, b.co.ID, inv.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.e.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	u := &store.User{Email: "owner@example.com", Language: "en"}
	if u.PasswordHash, _ = auth.HashPassword("correct horse battery"); true {
		if err := s.CreateUser(ctx, u, b.co.ID, store.RoleAdmin); err != nil {
			t.Fatal(err)
		}
	}

	br := browser(t, 1280, 900)
	base := b.srv.URL
	steps(t, br, "sign in", chromedp.Navigate(base+"/signin"), chromedp.WaitVisible(chromedp.CSS(`input[name="email"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), "owner@example.com"),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "correct horse battery"),
		chromedp.Click(chromedp.CSS(`button.primary`)), chromedp.WaitVisible(chromedp.CSS(`a[href="/invoices/new"]`)))
	// The outbox message of F-1001, as the customer will receive it: its
	// "View invoice" button is the link.
	steps(t, br, "outbox", chromedp.Navigate(base+"/outbox"), chromedp.WaitVisible(chromedp.CSS(`table.list`)))
	steps(t, br, "open the F-1001 message", chromedp.Click(chromedp.Search(`//tr[contains(., "F-1001")]//a[starts-with(@href, "/outbox/")]`)),
		chromedp.WaitVisible(chromedp.CSS(`iframe.mail`)))
	href := value(t, br, "the View invoice button", chromedp.Evaluate[string](`(() => { const d = new DOMParser().parseFromString(document.querySelector("iframe.mail").getAttribute("srcdoc"), "text/html");
			const a = [...d.querySelectorAll("a")].find(a => a.textContent.trim() === "Voir la facture"); return a ? a.href : ""; })()`))
	if !strings.Contains(href, "/i/") {
		t.Fatalf("the message has no View invoice button (href %q)", href)
	}
	// The customer is not signed in: a fresh browser state.
	steps(t, br, "sign out", chromedp.Click(chromedp.CSS(`form[action="/signout"] button`)), chromedp.WaitVisible(chromedp.CSS(`input[name="email"]`)))
	before := b.invoice().ViewCount

	steps(t, br, "open the link", chromedp.Navigate(href), chromedp.WaitVisible(chromedp.CSS(`h1`)))
	wantText(t, br, "Facture F-1001", "Plomberie Tremblay", "TVQ 1234567890 TQ0001", "Solde dû", "1\u00a0200,00\u00a0$",
		"Comment payer", "Virement Interac", "Payer maintenant", "Promesse de paiement", "Une question sur cette facture?")
	if got := b.invoice().ViewCount; got != before+1 {
		t.Errorf("views %d → %d, want one more", before, got)
	}
	checkAxe(t, br, "portal fr 1280")
	shot(t, br, "portal-fr-1280")

	steps(t, br, "to English", chromedp.Click(chromedp.CSS(`a[hreflang="en"]`)), chromedp.WaitVisible(chromedp.CSS(`html[lang="en"]`)))
	wantText(t, br, "Invoice F-1001", "Balance due", "$1,200.00", "How to pay", "Interac e-Transfer", "Promise to pay")
	checkAxe(t, br, "portal en 1280")

	// A bad date is refused on the page; a good one is recorded.
	steps(t, br, "bad promise", chromedp.Click(chromedp.CSS(`form[action$="/promise"] button`)), chromedp.WaitVisible(chromedp.CSS(`#promise-err`)))
	wantText(t, br, "Choose a date.")
	checkAxe(t, br, "portal promise error")
	promised := "2026-06-25"
	steps(t, br, "promise", chromedp.SetValue(chromedp.CSS(`#promise-date`), promised), chromedp.Click(chromedp.CSS(`form[action$="/promise"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice[role="status"]`)))
	wantText(t, br, "Thank you: your promise was sent to Plomberie Tremblay.", "You promised to pay on June 25, 2026.")
	if got := b.invoice().PromisedDate.String(); got != promised {
		t.Fatalf("promised date %q", got)
	}
	shot(t, br, "portal-en-1280")

	// F-1002: a question, on a phone.
	link2 := outboxLink(t, s, b.co.ID, invs[1].ID)
	steps(t, br, "phone", chromedp.EmulateViewport(360, 780), chromedp.Navigate(link2), chromedp.WaitVisible(chromedp.CSS(`h1`)))
	wantText(t, br, "Facture F-1002", "517,39\u00a0$")
	checkAxe(t, br, "portal fr 360")
	overflow := value(t, br, "fits", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
	if overflow {
		t.Errorf("the page scrolls sideways at 360 px")
	}
	shot(t, br, "portal-fr-360")
	steps(t, br, "dispute", chromedp.SendKeys(chromedp.CSS(`#dispute-message`), "La ligne 1 n'a pas été livrée."),
		chromedp.Click(chromedp.CSS(`form[action$="/dispute"] button`)), chromedp.WaitVisible(chromedp.CSS(`p.notice[role="status"]`)))
	wantText(t, br, "Merci : votre question a été envoyée à Plomberie Tremblay.", "La ligne 1 n'a pas été livrée.")
	checkAxe(t, br, "portal disputed 360")

	// F-1003: only viewed.
	steps(t, br, "view F-1003", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(outboxLink(t, s, b.co.ID, invs[2].ID)),
		chromedp.WaitVisible(chromedp.CSS(`h1`)))

	// The company sees it all.
	steps(t, br, "sign in again", chromedp.Navigate(base+"/signin"), chromedp.WaitVisible(chromedp.CSS(`input[name="email"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), "owner@example.com"),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "correct horse battery"),
		chromedp.Click(chromedp.CSS(`button.primary`)), chromedp.WaitVisible(chromedp.CSS(`a[href="/invoices/new"]`)))
	steps(t, br, "list", chromedp.Navigate(base+"/invoices"), chromedp.WaitVisible(chromedp.CSS(`table.invoices`)))
	wantText(t, br, "Promised for Jun 25", "Disputed", "Viewed")
	checkAxe(t, br, "invoice list with activity")
	shot(t, br, "invoices-activity-en-1280")
	steps(t, br, "disputed invoice", chromedp.Navigate(fmt.Sprintf("%s/invoices/%d", base, invs[1].ID)), chromedp.WaitVisible(chromedp.CSS(`.card.dispute`)))
	wantText(t, br, "The customer has a question or disputes this invoice", "La ligne 1 n'a pas été livrée.", "Viewed by the customer",
		"Customer's question or dispute")
	checkAxe(t, br, "disputed invoice page")
	shot(t, br, "invoice-disputed-en-1280")
	steps(t, br, "resolve", chromedp.Click(chromedp.CSS(`.card.dispute button`)), chromedp.WaitVisible(chromedp.CSS(`p.flash`)))
	wantText(t, br, "The dispute is resolved")
	if inv, _ := s.GetInvoice(ctx, b.co.ID, invs[1].ID); inv.Disputed {
		t.Error("still disputed after Mark resolved")
	}
}
