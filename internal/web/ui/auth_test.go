package ui

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/store/storetest"
)

func TestAnonymousIsSentToSignin(t *testing.T) {
	b := newBundle(t, storetest.SQLite(t))
	for _, p := range []string{"/", "/invoices", "/invoices/1", "/customers", "/settings/reminders", "/outbox", "/outbox/1/raw"} {
		want := "/signin"
		if p != "/" && p != "/invoices" {
			want += "?next=" + url.QueryEscape(p)
		}
		if r := b.c.get(p); r.code != http.StatusSeeOther || r.loc != want {
			t.Errorf("GET %s anonymous: %d → %q, want 303 → %s", p, r.code, r.loc, want)
		}
	}
	// After sign-in the user lands on the page they asked for, never on
	// another site.
	r := b.c.get("/signin?next=%2Fsettings%2Freminders")
	if !strings.Contains(r.body, `name="next" value="/settings/reminders"`) {
		t.Errorf("sign-in form does not carry next:\n%s", r.body)
	}
	for next, want := range map[string]string{"/settings/reminders": "/settings/reminders", "//evil.test/x": "/invoices", "https://evil.test": "/invoices"} {
		c := b.client()
		r := c.post("/signin", url.Values{"email": {"owner@example.com"}, "password": {testPassword}, "next": {next}})
		if r.code != http.StatusSeeOther || r.loc != want {
			t.Errorf("sign in with next=%q: %d → %q, want %s", next, r.code, r.loc, want)
		}
	}
	for _, p := range []string{"/invoices", "/invoices/1/void", "/settings/reminders", "/language", "/signout"} {
		if r := b.c.post(p, url.Values{"csrf": {"x"}}); r.code != http.StatusUnauthorized {
			t.Errorf("POST %s anonymous: %d, want 401", p, r.code)
		}
	}
	if r := b.c.get("/signin"); r.code != 200 || !strings.Contains(r.body, `name="password"`) {
		t.Errorf("GET /signin: %d", r.code)
	}
	if r := b.c.get("/static/style.css"); r.code != 200 || !strings.Contains(r.hdr.Get("Content-Type"), "text/css") {
		t.Errorf("GET /static/style.css: %d %s", r.code, r.hdr.Get("Content-Type"))
	}
}

func TestSigninSessionCookieAndSignout(t *testing.T) {
	b := newBundle(t, storetest.SQLite(t))
	r := b.c.post("/signin", url.Values{"email": {"OWNER@example.com "}, "password": {testPassword}})
	if r.code != http.StatusSeeOther {
		t.Fatalf("sign in: %d", r.code)
	}
	set := r.hdr.Get("Set-Cookie")
	for _, want := range []string{"relance_session=", "HttpOnly", "SameSite=Lax", "Max-Age=2592000"} {
		if !strings.Contains(set, want) {
			t.Errorf("Set-Cookie %q lacks %s", set, want)
		}
	}
	if strings.Contains(set, "Secure") {
		t.Errorf("cookie Secure on http: %q", set)
	}
	if r := b.c.get("/invoices"); r.code != 200 {
		t.Fatalf("invoices after sign in: %d", r.code)
	}
	if r := b.c.submit("/signout", nil); r.code != http.StatusSeeOther {
		t.Fatalf("sign out: %d", r.code)
	}
	if r := b.c.get("/invoices"); r.code != http.StatusSeeOther {
		t.Errorf("invoices after sign out: %d, want redirect", r.code)
	}
}

func TestSigninRateLimited(t *testing.T) {
	b := newBundle(t, storetest.SQLite(t))
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	b.ui.Now = func() time.Time { return now }
	for i := range 10 {
		r := b.c.post("/signin", url.Values{"email": {"owner@example.com"}, "password": {"wrong password " + string(rune('a'+i))}})
		if r.code != http.StatusUnauthorized || !strings.Contains(r.body, "Wrong email or password") {
			t.Fatalf("try %d: %d", i, r.code)
		}
	}
	// Even the right password is refused now, with a clear reason and
	// when to try again.
	r := b.c.post("/signin", url.Values{"email": {"owner@example.com"}, "password": {testPassword}})
	if r.code != http.StatusTooManyRequests || !strings.Contains(r.body, "Too many failed tries") || r.hdr.Get("Retry-After") == "" {
		t.Fatalf("11th try: %d %s", r.code, r.body)
	}
	// French visitors read it in French.
	req, _ := http.NewRequest("POST", b.srv.URL+"/signin", strings.NewReader("email=owner%40example.com&password=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "fr-CA,fr;q=0.9")
	if r := b.c.do(req); !strings.Contains(r.body, "réessayez dans") {
		t.Errorf("French rate-limit message missing: %s", r.body)
	}
	// A slowdown, not a lock-out: a try comes back after Retry-After.
	secs, _ := strconv.Atoi(r.hdr.Get("Retry-After"))
	now = now.Add(time.Duration(secs) * time.Second)
	if r := b.c.post("/signin", url.Values{"email": {"owner@example.com"}, "password": {testPassword}}); r.code != http.StatusSeeOther {
		t.Errorf("right password %d s later: %d, want 303", secs, r.code)
	}
}

// TestSigninLimiterMemory: keys do not hold what was typed (a 1 MB email
// costs what a short one does, and is not looked up) and expired entries
// are swept, however few there are. The clients are told apart by
// X-Forwarded-For from a trusted proxy.
func TestSigninLimiterMemory(t *testing.T) {
	b := newBundle(t, storetest.SQLite(t))
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	b.ui.Now = func() time.Time { return now }
	b.ui.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	huge := strings.Repeat("a", 1<<20) + "@example.com"
	for i := range 20 {
		req, _ := http.NewRequest("POST", b.srv.URL+"/signin", strings.NewReader(url.Values{"email": {huge}, "password": {"x"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("203.0.113.%d", i+1))
		r := b.c.do(req)
		if r.code != http.StatusUnauthorized || len(r.body) > 100<<10 {
			t.Fatalf("1 MB email: %d, page of %d bytes (the email must not be echoed)", r.code, len(r.body))
		}
	}
	if n := b.ui.limiter.Len(); n < 20 {
		t.Fatalf("%d keys: the failures were not counted per client", n)
	}
	now = now.Add(time.Hour)
	b.c.post("/signin", url.Values{"email": {"late@example.com"}, "password": {"x"}})
	if n := b.ui.limiter.Len() + b.ui.ipLimiter.Len(); n > 2 {
		t.Errorf("an hour later, %d expired keys are still held", n)
	}
}

func TestSetupOnlyOnEmptyDatabase(t *testing.T) {
	s := storetest.SQLite(t)
	b := &bundle{t: t, s: s}
	const code = "one-time-code-42"
	b.ui = New(Deps{Store: s, Log: quietLog(), SetupCode: code})
	mux := http.NewServeMux()
	b.ui.Register(mux)
	b.srv = newServer(t, mux)
	b.ui.BaseURL = b.srv.URL
	b.c = b.client()
	if r := b.c.get("/setup?code=" + code); r.code != 200 {
		t.Fatalf("GET /setup on empty db: %d", r.code)
	} else {
		mustContain(t, r, `value="`+code+`"`)
	}
	good := url.Values{"company_name": {"Acme"}, "timezone": {"America/Toronto"}, "language": {"en"},
		"currency": {"CAD"}, "email": {"admin@acme.test"}, "password": {testPassword}, "reply_to": {"billing@acme.test"},
		"address": {"1 rue Principale\r\nQuébec"}}
	// Without the code, or with a wrong one, nothing is created.
	for _, c := range []string{"", "wrong-code-00000"} {
		f := url.Values{"code": {c}}
		for k, v := range good {
			f[k] = v
		}
		if r := b.c.post("/setup", f); r.code != http.StatusForbidden {
			t.Errorf("setup with code %q: %d, want 403", c, r.code)
		}
	}
	if n, _ := s.CountUsers(t.Context()); n != 0 {
		t.Fatalf("a refused set-up created %d users", n)
	}
	good.Set("code", code)
	// Another Host (DNS rebinding against a loopback server) is refused.
	req, _ := http.NewRequest("POST", b.srv.URL+"/setup", strings.NewReader(good.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Host = "rebind.attacker.test"
	if r := b.c.do(req); r.code != http.StatusMisdirectedRequest {
		t.Errorf("setup under another Host: %d, want 421", r.code)
	}
	// Bad input comes back with the values kept and reasons inline.
	r := b.c.post("/setup", url.Values{"code": {code}, "company_name": {"Acme"}, "timezone": {"Mars/Olympus"}, "language": {"fr"},
		"currency": {"CAD"}, "email": {"admin@acme.test"}, "password": {"short"}})
	if r.code != http.StatusUnprocessableEntity {
		t.Fatalf("bad setup: %d", r.code)
	}
	mustContain(t, r, `<option selected>Mars/Olympus</option>`, `value="admin@acme.test"`, "Fuseau horaire inconnu", "Au moins 10 caractères")
	weak := url.Values{}
	for k, v := range good {
		weak[k] = v
	}
	weak.Set("password", "          ")
	mustContain(t, b.c.post("/setup", weak), "only spaces")
	weak.Set("password", "1234567890")
	mustContain(t, b.c.post("/setup", weak), "most common")
	r = b.c.post("/setup", good)
	if r.code != http.StatusSeeOther || r.loc != "/invoices" {
		t.Fatalf("setup: %d %s %s", r.code, r.loc, r.body)
	}
	co, err := s.ListCompanies(context.Background())
	if err != nil || len(co) != 1 || co[0].Email != "billing@acme.test" || co[0].Address != "1 rue Principale\nQuébec" {
		t.Fatalf("company from setup: %+v (%v)", co, err)
	}
	// The checklist of what is left, and the outbox warning (no SMTP).
	r = b.c.get("/invoices")
	mustContain(t, r, "Getting started", "✓</span> <a href=\"/settings/company\">", "○</span> <a href=\"/customers/new\">",
		"No mail server: reminders stay in the outbox")
	mustContain(t, b.c.get("/settings/reminders"), `id="no-smtp"`)
	if r := b.c.get("/settings/reminders"); r.code != 200 {
		t.Errorf("signed in after setup: %d", r.code)
	}
	if r := b.c.get("/setup"); r.code != http.StatusNotFound {
		t.Errorf("GET /setup after setup: %d, want 404", r.code)
	}
	if r := b.c.post("/setup", url.Values{"company_name": {"Evil"}, "code": {code}}); r.code != http.StatusNotFound {
		t.Errorf("POST /setup after setup: %d, want 404", r.code)
	}
}

// TestSetupClosedWithoutCode: a UI given no set-up code (the server did
// not print one) never creates a user.
func TestSetupClosedWithoutCode(t *testing.T) {
	s := storetest.SQLite(t)
	u := New(Deps{Store: s, Log: quietLog()})
	mux := http.NewServeMux()
	u.Register(mux)
	srv := newServer(t, mux)
	u.BaseURL = srv.URL
	b := &bundle{t: t, s: s, srv: srv}
	c := b.client()
	r := c.post("/setup", url.Values{"code": {""}, "company_name": {"Acme"}, "timezone": {"UTC"}, "language": {"en"},
		"currency": {"CAD"}, "email": {"admin@acme.test"}, "password": {testPassword}})
	if r.code != http.StatusForbidden {
		t.Errorf("setup with no code configured: %d, want 403", r.code)
	}
	if n, _ := s.CountUsers(t.Context()); n != 0 {
		t.Errorf("%d users created", n)
	}
}

func TestCSRFRefused(t *testing.T) {
	b := newBundle(t, storetest.SQLite(t))
	b.c.signin("owner@example.com")
	form := url.Values{"display_name": {"Nouveau"}, "language": {"fr"}}
	if r := b.c.post("/customers", form); r.code != http.StatusForbidden {
		t.Errorf("POST without token: %d, want 403", r.code)
	}
	form.Set("csrf", "forged")
	if r := b.c.post("/customers", form); r.code != http.StatusForbidden {
		t.Errorf("POST with a wrong token: %d, want 403", r.code)
	}
	// A cross-origin browser request is refused even with a valid token.
	form.Set("csrf", b.c.csrf())
	req, _ := http.NewRequest("POST", b.srv.URL+"/customers", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if r := b.c.do(req); r.code != http.StatusForbidden {
		t.Errorf("cross-origin POST: %d, want 403", r.code)
	}
	if r := b.c.post("/customers", form); r.code != http.StatusSeeOther {
		t.Errorf("POST with the token: %d, want 303", r.code)
	}
}

func TestLanguageAndCompanySwitch(t *testing.T) {
	b := newBundle(t, storetest.SQLite(t))
	other := storetest.Company(t, b.s, "Toitures Gagnon")
	if err := b.s.AddMembership(t.Context(), b.user.ID, other.ID, "staff"); err != nil {
		t.Fatal(err)
	}
	b.c.signin("owner@example.com")
	r := b.c.get("/invoices")
	mustContain(t, r, "Invoices", "Toitures Gagnon", `name="company_id"`)
	if r := b.c.submit("/language", url.Values{"lang": {"fr"}, "next": {"/customers"}}); r.loc != "/customers" {
		t.Errorf("language switch returns to %q", r.loc)
	}
	mustContain(t, b.c.get("/invoices"), "Factures", "Nouvelle facture", `lang="fr-CA"`)
	if r := b.c.submit("/language", url.Values{"lang": {"en"}, "next": {"//evil.example/x"}}); r.loc != "/invoices" {
		t.Errorf("open redirect: %q", r.loc)
	}
	if r := b.c.submit("/company/switch", url.Values{"company_id": {itoa(other.ID)}}); r.code != http.StatusSeeOther {
		t.Fatalf("switch: %d", r.code)
	}
	mustContain(t, b.c.get("/invoices"), ` selected>Toitures Gagnon<`)
	// The role is per company: staff in this one, the settings are closed.
	if r := b.c.get("/settings/company"); r.code != http.StatusForbidden {
		t.Errorf("staff of the switched-to company: GET /settings/company %d, want 403", r.code)
	}
	stranger := storetest.Company(t, b.s, "Not mine")
	if r := b.c.submit("/company/switch", url.Values{"company_id": {itoa(stranger.ID)}}); r.code != http.StatusNotFound {
		t.Errorf("switch to a company of which the user is no member: %d, want 404", r.code)
	}
}
