package portal_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
	"github.com/relance-app/relance/internal/web"
	"github.com/relance-app/relance/internal/web/api"
	"github.com/relance-app/relance/internal/web/portal"
	"github.com/relance-app/relance/internal/web/ui"
)

// bundle is the whole HTTP surface (API, UI, portal) on a real store,
// with a company, a customer, an open invoice and reminders on.
type bundle struct {
	t    *testing.T
	s    *store.Store
	e    *engine.Engine
	bk   *books.Books
	srv  *httptest.Server
	co   *invoice.Company
	inv  *invoice.Invoice
	now  time.Time
	link string // the invoice page's URL
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newBundle(t *testing.T, s *store.Store) *bundle {
	t.Helper()
	ctx := context.Background()
	b := &bundle{t: t, s: s, now: time.Date(2026, 6, 10, 16, 0, 0, 0, time.UTC)} // 12:00 in Toronto
	s.Now = func() time.Time { return b.now }
	// The production assembly (web.Handler), with the UI on the test's
	// clock too.
	b.srv = httptest.NewUnstartedServer(nil)
	base := "http://" + b.srv.Listener.Addr().String()
	b.e = engine.New(s, nil, engine.Config{From: "Relance <reminders@relance.test>", BaseURL: base}, quiet())
	b.e.Now = func() time.Time { return b.now }
	b.bk = b.e.Books()
	o := web.Options{Log: quiet(), BaseURL: base}
	deps := web.UIDeps(s, b.e, o)
	deps.Now = func() time.Time { return b.now }
	pages := ui.New(deps)
	mux := http.NewServeMux()
	web.Health(mux, s)
	api.New(s, b.e, o.Log).Register(mux)
	pages.Register(mux)
	portal.New(web.PortalDeps(s, b.e, pages, o)).Register(mux)
	b.srv.Config.Handler = web.Observe(o.Log, mux)
	b.srv.Start()
	t.Cleanup(b.srv.Close)

	b.co = storetest.Company(t, s, "Plomberie Tremblay")
	b.co.PayURLTemplate = "https://pay.example.com/p?n={{invoice_number}}&a={{balance_due_raw}}"
	b.co.PaymentInstructionsFR = "Virement Interac à paiement@tremblay.test"
	b.co.PaymentInstructionsEN = "Interac e-Transfer to paiement@tremblay.test"
	if err := b.bk.UpdateCompany(ctx, b.co); err != nil {
		t.Fatal(err)
	}
	st, err := s.ReminderSettings(ctx, b.co.ID)
	if err != nil {
		t.Fatal(err)
	}
	st.Enabled = true
	if err := b.bk.PutReminderSettings(ctx, b.co.ID, st); err != nil {
		t.Fatal(err)
	}
	cu := storetest.Customer(t, s, b.co.ID, "Élodie Côté")
	b.inv = storetest.Invoice(b.co.ID, cu.ID, "F-1001", storetest.MustDate(t, "2026-06-01"), storetest.MustDate(t, "2026-06-15"), 120000)
	if err := b.bk.CreateInvoice(ctx, b.inv); err != nil {
		t.Fatal(err)
	}
	if b.link, err = b.e.NewLink(ctx, b.co.ID, b.inv.ID); err != nil {
		t.Fatal(err)
	}
	return b
}

type resp struct {
	code int
	body string
	hdr  http.Header
}

func (b *bundle) do(method, u string, form url.Values, hdr map[string]string) resp {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	r, err := c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer r.Body.Close()
	data, _ := io.ReadAll(r.Body)
	return resp{code: r.StatusCode, body: string(data), hdr: r.Header}
}

func (b *bundle) invoice() *invoice.Invoice {
	b.t.Helper()
	inv, err := b.s.GetInvoice(context.Background(), b.co.ID, b.inv.ID)
	if err != nil {
		b.t.Fatal(err)
	}
	return inv
}

func (b *bundle) events() []store.Event {
	b.t.Helper()
	ev, err := b.s.InvoiceEvents(context.Background(), b.co.ID, b.inv.ID)
	if err != nil {
		b.t.Fatal(err)
	}
	return ev
}

func token(link string) string { return link[strings.LastIndex(link, "/")+1:] }

// The token is at least 128 random bits, URL-safe, and only its SHA-256
// is in the database.
func TestLinkStoredHashed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := newBundle(t, s)
		tok := token(b.link)
		if len(tok) < 22 || !regexp.MustCompile(`^[A-Za-z0-9_-]+$`).MatchString(tok) {
			t.Fatalf("token %q: want ≥ 22 URL-safe base64 characters (128 bits)", tok)
		}
		if !strings.HasPrefix(b.link, b.srv.URL+"/i/") {
			t.Fatalf("link %q not under the base URL", b.link)
		}
		var rows []struct {
			Hash string `db:"token_hash"`
		}
		if err := s.DB().Select(&rows, `SELECT token_hash FROM invoice_links`); err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || rows[0].Hash != auth.Hash(tok) || strings.Contains(rows[0].Hash, tok) {
			t.Fatalf("stored %v, want only the hash of the token", rows)
		}
		// A second link to the same invoice is another token; both open it.
		link2, err := b.e.NewLink(context.Background(), b.co.ID, b.inv.ID)
		if err != nil || link2 == b.link {
			t.Fatalf("second link %q, %v", link2, err)
		}
		for _, l := range []string{b.link, link2} {
			if r := b.do("GET", l, nil, nil); r.code != 200 {
				t.Fatalf("GET %s: %d", l, r.code)
			}
		}
	})
}

// The page: headers, content, and a counted view.
func TestPageHeadersAndViews(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := newBundle(t, s)
		r := b.do("GET", b.link, nil, nil)
		if r.code != 200 {
			t.Fatalf("GET page: %d %s", r.code, r.body)
		}
		for h, want := range map[string]string{"Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex, nofollow",
			"Cache-Control": "no-store"} {
			if got := r.hdr.Get(h); got != want {
				t.Errorf("%s = %q, want %q", h, got, want)
			}
		}
		csp := r.hdr.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "script-src") {
			t.Errorf("CSP %q is not strict", csp)
		}
		for _, want := range []string{"Facture F-1001", "Virement Interac", "Payer maintenant",
			"https://pay.example.com/p?n=F-1001&amp;a=1200.00", "1\u00a0200,00\u00a0$"} {
			if !strings.Contains(r.body, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		if en := b.do("GET", b.link+"?lang=en", nil, nil); !strings.Contains(en.body, "Invoice F-1001") || !strings.Contains(en.body, "Interac e-Transfer") {
			t.Errorf("?lang=en is not in English")
		}
		inv := b.invoice()
		if inv.ViewCount != 2 || inv.ViewedAt == nil || inv.LastViewedAt == nil {
			t.Fatalf("views: count %d first %v last %v", inv.ViewCount, inv.ViewedAt, inv.LastViewedAt)
		}
		// Two views close together are one visit in the history.
		if ev := b.events(); len(ev) != 1 || ev[0].Kind != store.EventViewed {
			t.Fatalf("events %+v, want one viewed", ev)
		}
		b.now = b.now.Add(2 * time.Hour)
		b.do("GET", b.link, nil, nil)
		if ev := b.events(); len(ev) != 2 {
			t.Fatalf("a later visit: events %+v", ev)
		}

		// A signed-in user of the company does not count.
		u := &store.User{Email: "owner@example.com", PasswordHash: "x", Language: "fr"}
		if err := s.CreateUser(context.Background(), u, b.co.ID, store.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		secret := auth.Random(32)
		if err := s.CreateSession(context.Background(), &store.Session{TokenHash: auth.Hash(secret), UserID: u.ID,
			CompanyID: b.co.ID, CSRFToken: "c", ExpiresAt: b.now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		before := b.invoice().ViewCount
		if r := b.do("GET", b.link, nil, map[string]string{"Cookie": "relance_session=" + secret}); r.code != 200 {
			t.Fatalf("company user GET: %d", r.code)
		}
		if got := b.invoice().ViewCount; got != before {
			t.Fatalf("a company user's view counted: %d → %d", before, got)
		}

		pdf := b.do("GET", b.link+"/pdf", nil, nil)
		if pdf.code != 200 || !strings.HasPrefix(pdf.body, "%PDF") || pdf.hdr.Get("Referrer-Policy") != "no-referrer" {
			t.Fatalf("PDF: %d %q", pdf.code, pdf.body[:min(len(pdf.body), 8)])
		}
	})
}

// snapshot is everything a portal request could change.
func (b *bundle) snapshot() string {
	inv := b.invoice()
	var out strings.Builder
	for _, e := range b.events() {
		out.WriteString(e.Kind + "|" + e.Detail + ";")
	}
	var n int
	b.s.DB().Get(&n, `SELECT COUNT(*) FROM invoice_links WHERE revoked_at IS NULL`)
	return out.String() + "|" + inv.PromisedDate.String() + "|" + inv.DisputeMessage + "|" +
		strings.Repeat("v", inv.ViewCount) + "|" + strings.Repeat("l", n)
}

// Every /i/… route with a wrong or revoked token answers the 404 of any
// missing page and changes nothing.
func TestRouteWalkWrongToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := newBundle(t, s)
		missing := b.do("GET", b.srv.URL+"/no-such-page", nil, nil)
		if missing.code != 404 {
			t.Fatalf("missing page: %d", missing.code)
		}
		revoked, err := b.e.NewLink(context.Background(), b.co.ID, b.inv.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Revoke only that one: via a second invoice? No: revoke all, then
		// mint the link under test again.
		if err := s.RevokeLinks(context.Background(), b.co.ID, b.inv.ID); err != nil {
			t.Fatal(err)
		}
		if b.link, err = b.e.NewLink(context.Background(), b.co.ID, b.inv.ID); err != nil {
			t.Fatal(err)
		}
		before := b.snapshot()
		wrong := []string{auth.Random(24), token(revoked), "short", token(b.link) + "x", strings.ToUpper(token(b.link))}
		form := url.Values{"date": {"2026-06-20"}, "message": {"Why?"}}
		patterns := portal.New(portal.Deps{Store: s}).Patterns()
		if len(patterns) < 4 {
			t.Fatalf("patterns %v", patterns)
		}
		for _, p := range patterns {
			method, path, _ := strings.Cut(p, " ")
			for _, w := range wrong {
				u := b.srv.URL + strings.Replace(path, "{token}", w, 1)
				var f url.Values
				if method == "POST" {
					f = form
				}
				r := b.do(method, u, f, nil)
				if r.code != 404 || r.body != missing.body {
					t.Errorf("%s %s: %d %q, want the missing page's 404 %q", method, path, r.code, r.body, missing.body)
				}
			}
		}
		if after := b.snapshot(); after != before {
			t.Fatalf("wrong tokens changed something:\nbefore %s\nafter  %s", before, after)
		}
	})
}

var linkRE = regexp.MustCompile(`(?:href|action|src)="([^"]*)"`)

// No /i/… page links to a signed-in page: every link stays under the
// token's own path, or leaves for the payment URL.
func TestPageLinksStayInPortal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := newBundle(t, s)
		own := "/i/" + token(b.link)
		pages := []string{b.link, b.link + "?lang=en"}
		bad := b.do("POST", b.link+"/promise", url.Values{"date": {"2020-01-01"}}, nil)
		if bad.code != 422 {
			t.Fatalf("bad promise: %d", bad.code)
		}
		check := func(name, body string) {
			for _, m := range linkRE.FindAllStringSubmatch(body, -1) {
				u := strings.ReplaceAll(m[1], "&amp;", "&")
				if strings.HasPrefix(u, own+"?") || strings.HasPrefix(u, own+"/") || u == own ||
					strings.HasPrefix(u, "https://pay.example.com/") || strings.HasPrefix(u, "data:") {
					continue
				}
				t.Errorf("%s links %q, outside the portal", name, u)
			}
		}
		for _, p := range pages {
			check(p, b.do("GET", p, nil, nil).body)
		}
		check("promise error", bad.body)
	})
}

// A promise: a bad date is refused on the page in the customer's language
// and changes nothing; a good one is stored, recorded, and moves the next
// automatic reminder past the promised date.
func TestPromise(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := newBundle(t, s)
		before := b.snapshot()
		for _, c := range []struct{ date, want string }{
			{"", "Choisissez une date."},
			{"2026-06-10", "entre demain et dans 60 jours"}, // today
			{"2026-08-10", "entre demain et dans 60 jours"}, // 61 days
			{"10/06/2026", "entre demain et dans 60 jours"},
		} {
			r := b.do("POST", b.link+"/promise", url.Values{"date": {c.date}}, nil)
			if r.code != 422 || !strings.Contains(r.body, c.want) {
				t.Errorf("date %q: %d, want 422 with %q", c.date, r.code, c.want)
			}
		}
		if after := b.snapshot(); after != before {
			t.Fatalf("refused promises changed something: %s → %s", before, after)
		}
		if next := b.invoice().NextReminderAt; next == nil {
			t.Fatal("no reminder planned before the promise")
		}
		r := b.do("POST", b.link+"/promise", url.Values{"date": {"2026-06-20"}, "lang": {"en"}}, nil)
		if r.code != 303 || !strings.Contains(r.hdr.Get("Location"), "done=promise") {
			t.Fatalf("promise: %d %s", r.code, r.hdr.Get("Location"))
		}
		inv := b.invoice()
		if inv.PromisedDate.String() != "2026-06-20" {
			t.Fatalf("promised %v", inv.PromisedDate)
		}
		// Step 1 (3 days before the 15th) fell inside: it is planned for
		// the 21st at 09:00 Toronto.
		want := time.Date(2026, 6, 21, 13, 0, 0, 0, time.UTC)
		if inv.NextReminderAt == nil || !inv.NextReminderAt.Equal(want) {
			t.Fatalf("next reminder %v, want %v", inv.NextReminderAt, want)
		}
		ev := b.events()
		if last := ev[len(ev)-1]; last.Kind != store.EventPromised || last.Detail != "2026-06-20" {
			t.Fatalf("event %+v", last)
		}
		if page := b.do("GET", b.link+"?lang=en", nil, nil); !strings.Contains(page.body, "You promised to pay on June 20, 2026") {
			t.Errorf("page does not show the promise")
		}
		// A cross-site post is refused and changes nothing.
		before = b.snapshot()
		x := b.do("POST", b.link+"/promise", url.Values{"date": {"2026-06-25"}},
			map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"})
		if x.code != http.StatusForbidden || b.snapshot() != before {
			t.Fatalf("cross-site post: %d, changed %v", x.code, b.snapshot() != before)
		}
	})
}

// A dispute stops automatic reminders until a user resolves it.
func TestDispute(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := newBundle(t, s)
		before := b.snapshot()
		for _, m := range []string{"", "   ", strings.Repeat("é", 2001)} {
			if r := b.do("POST", b.link+"/dispute", url.Values{"message": {m}}, nil); r.code != 422 {
				t.Errorf("message of %d chars: %d", len(m), r.code)
			}
		}
		if b.snapshot() != before {
			t.Fatal("refused disputes changed something")
		}
		msg := "La ligne 2 <b>n'a pas</b> été livrée."
		if r := b.do("POST", b.link+"/dispute", url.Values{"message": {msg}}, nil); r.code != 303 {
			t.Fatalf("dispute: %d %s", r.code, r.body)
		}
		inv := b.invoice()
		if !inv.Disputed || inv.DisputeMessage != msg || inv.NextReminderAt != nil {
			t.Fatalf("disputed %v %q next %v", inv.Disputed, inv.DisputeMessage, inv.NextReminderAt)
		}
		page := b.do("GET", b.link, nil, nil).body
		if !strings.Contains(page, "&lt;b&gt;n&#39;a pas&lt;/b&gt;") || strings.Contains(page, "<b>n'a pas</b>") {
			t.Errorf("the message is not shown escaped")
		}
		if err := b.bk.ResolveDispute(context.Background(), b.co.ID, b.inv.ID); err != nil {
			t.Fatal(err)
		}
		if inv := b.invoice(); inv.Disputed || inv.NextReminderAt == nil {
			t.Fatalf("resolved: disputed %v next %v", inv.Disputed, inv.NextReminderAt)
		}
		if err := b.bk.ResolveDispute(context.Background(), b.co.ID, b.inv.ID); invoice.ErrorCode(err) != invoice.EConflict {
			t.Fatalf("resolving twice: %v", err)
		}
		kinds := []string{}
		for _, e := range b.events() {
			kinds = append(kinds, e.Kind)
		}
		if got := strings.Join(kinds, ","); got != "disputed,viewed,dispute_resolved" {
			t.Fatalf("history %s", got)
		}
	})
}

// The forms are rate-limited per link.
func TestFormsRateLimited(t *testing.T) {
	b := newBundle(t, storetest.SQLite(t))
	codes := map[int]int{}
	for range 12 {
		codes[b.do("POST", b.link+"/promise", url.Values{"date": {"x"}}, nil).code]++
	}
	if codes[422] != 10 || codes[429] != 2 {
		t.Fatalf("codes %v, want 10 × 422 then 429", codes)
	}
}
