package faults_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	gomsg "github.com/emersion/go-message"
	gomail "github.com/emersion/go-message/mail"
	"golang.org/x/crypto/bcrypt"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
	"github.com/relance-app/relance/internal/web"
	"github.com/relance-app/relance/internal/web/api"
	"github.com/relance-app/relance/internal/web/ui"
)

const secPassword = "correct horse battery"

// site is the whole HTTP surface as `relance serve` assembles it, with two
// companies, each with an admin and an API token.
type site struct {
	t        *testing.T
	s        *store.Store
	e        *engine.Engine
	srv      *httptest.Server
	patterns []string // every registered route: API, UI, health
	a, b     *invoice.Company
	tokA     string
	tokB     string
	// company B's objects, by the route prefix that names them
	bCustomer, bInvoice, bOutbox int64
	bWebhook, bTask              int64
	bUser, bToken                int64
	bSchedule                    int64
}

func newSite(t *testing.T, s *store.Store) *site {
	t.Helper()
	x := &site{t: t, s: s}
	x.e = engine.New(s, nil, engine.Config{From: "Billing <billing@relance.test>"}, quietLog())
	o := web.Options{Log: quietLog(), BaseURL: "http://example.test",
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.5/32")}}
	pages := ui.New(web.UIDeps(s, x.e, o))
	h, _ := web.Handler(s, x.e, o)
	x.srv = httptest.NewServer(h)
	t.Cleanup(x.srv.Close)
	x.patterns = append(api.New(s, x.e, quietLog()).Patterns(), pages.Patterns()...)
	x.patterns = append(x.patterns, "GET /healthz", "GET /metrics", "GET /api/v1/openapi.json")

	x.a = storetest.Company(t, s, "Plomberie Alpha")
	x.b = storetest.Company(t, s, "Toitures Bêta")
	for _, u := range []struct {
		email string
		co    int64
	}{{"owner-a@example.com", x.a.ID}, {"owner-b@example.com", x.b.ID}} {
		hash, err := auth.HashPassword(secPassword)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CreateUser(context.Background(), &store.User{Email: u.email, PasswordHash: hash, Language: "en"}, u.co, store.RoleAdmin); err != nil {
			t.Fatal(err)
		}
	}
	x.tokA, x.tokB = x.token(x.a.ID), x.token(x.b.ID)
	hash, err := auth.HashPassword(secPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateUser(context.Background(), &store.User{Email: "staff-a@example.com", PasswordHash: hash, Language: "en"},
		x.a.ID, store.RoleStaff); err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	cu := storetest.Customer(t, s, x.b.ID, "Client secret de Bêta")
	day := invoice.LocalDate(time.Now(), time.UTC)
	inv := storetest.Invoice(x.b.ID, cu.ID, "B-SECRET-1", day.AddDays(-40), day.AddDays(-10), 50000)
	if err := storetest.Books(s).CreateInvoice(ctx, inv); err != nil {
		t.Fatal(err)
	}
	iid := inv.ID
	msg := &store.OutboxMessage{CompanyID: x.b.ID, InvoiceID: &iid, MessageID: "<b-secret@relance.test>", Subject: "B secret",
		Recipients: "b-secret@example.test", Raw: []byte("Subject: B secret\r\n\r\nhello\r\n")}
	if err := s.AddOutbox(ctx, msg); err != nil {
		t.Fatal(err)
	}
	ms, err := s.ListOutbox(ctx, x.b.ID, 0, 1)
	if err != nil || len(ms) != 1 {
		t.Fatalf("outbox of B: %v %d", err, len(ms))
	}
	st, err := s.ReminderSettings(ctx, x.b.ID)
	if err != nil {
		t.Fatal(err)
	}
	tpl := st.Steps[0].Templates["en"]
	tpl.Subject = "B-SECRET-SUBJECT {{invoice_number}}"
	st.Steps[0].Templates["en"] = tpl
	if err := storetest.Books(s).PutReminderSettings(ctx, x.b.ID, st); err != nil {
		t.Fatal(err)
	}
	x.bCustomer, x.bInvoice, x.bOutbox = cu.ID, inv.ID, ms[0].ID
	named := &reminder.Schedule{Name: "B-SECRET-SCHEDULE", Cadence: st.Cadence}
	if err := storetest.Books(s).CreateSchedule(ctx, x.b.ID, named); err != nil {
		t.Fatal(err)
	}
	x.bSchedule = named.ID
	hook := &store.WebhookEndpoint{CompanyID: x.b.ID, URL: "https://hooks.example.com/b-secret", Events: store.EventInvoicePaid,
		Secret: "whsec_b"}
	if err := s.CreateWebhook(ctx, hook); err != nil {
		t.Fatal(err)
	}
	if err := s.AddTask(ctx, &store.Task{CompanyID: x.b.ID, Kind: store.TaskDispute, Title: "B-SECRET-1", InvoiceID: &iid,
		DedupeKey: "b-secret"}); err != nil {
		t.Fatal(err)
	}
	tasks, err := s.Tasks(ctx, x.b.ID, store.TaskOpen, 1)
	if err != nil || len(tasks) != 1 {
		t.Fatalf("task of B: %v %d", err, len(tasks))
	}
	x.bWebhook, x.bTask = hook.ID, tasks[0].ID
	ub, err := s.UserByEmail(ctx, "owner-b@example.com")
	if err != nil {
		t.Fatal(err)
	}
	tb, err := s.Tokens(ctx, x.b.ID)
	if err != nil || len(tb) != 1 {
		t.Fatalf("tokens of B: %v %d", err, len(tb))
	}
	x.bUser, x.bToken = ub.ID, tb[0].ID
	return x
}

func (x *site) token(co int64) string {
	tok, hash := auth.NewToken()
	if _, err := x.s.CreateToken(context.Background(), co, "test", hash); err != nil {
		x.t.Fatal(err)
	}
	return tok
}

// path fills a pattern's wildcards with company B's objects.
func (x *site) path(pattern string) (method, p string) {
	method, p, _ = strings.Cut(pattern, " ")
	id := x.bInvoice
	switch {
	case strings.Contains(p, "/customers/"):
		id = x.bCustomer
	case strings.Contains(p, "/outbox/"):
		id = x.bOutbox
	case strings.Contains(p, "/webhooks/"), strings.Contains(p, "/settings/integrations/"):
		id = x.bWebhook
	case strings.Contains(p, "/todo/"):
		id = x.bTask
	case strings.Contains(p, "/members/"):
		id = x.bUser
	case strings.Contains(p, "/tokens/"):
		id = x.bToken
	case strings.Contains(p, "/schedules/"):
		id = x.bSchedule
	}
	p = strings.NewReplacer("{id}", fmt.Sprint(id), "{n}", "0", "{$}", "").Replace(p)
	if strings.HasSuffix(p, "/static/") {
		p += "style.css"
	}
	return method, p
}

type reply struct {
	code int
	body string
	loc  string
}

// browser is a cookie-keeping client that does not follow redirects.
func (x *site) browser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (x *site) do(c *http.Client, method, p, contentType string, body io.Reader, hdr map[string]string) reply {
	x.t.Helper()
	req, err := http.NewRequest(method, x.srv.URL+p, body)
	if err != nil {
		x.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	if c == nil {
		c = x.browser()
	}
	r, err := c.Do(req)
	if err != nil {
		x.t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	return reply{r.StatusCode, string(b), r.Header.Get("Location")}
}

func (x *site) apiCall(tok, method, p string, body string) reply {
	x.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	return x.do(nil, method, p, "application/json", rd, map[string]string{"Authorization": "Bearer " + tok})
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signin returns a signed-in browser and its CSRF token.
func (x *site) signin(email string) (*http.Client, string) {
	x.t.Helper()
	c := x.browser()
	r := x.do(c, "POST", "/signin", "application/x-www-form-urlencoded",
		strings.NewReader(url.Values{"email": {email}, "password": {secPassword}}.Encode()), nil)
	if r.code != http.StatusSeeOther {
		x.t.Fatalf("sign in %s: %d %s", email, r.code, r.body)
	}
	page := x.do(c, "GET", "/customers/new", "", nil, nil)
	m := csrfRe.FindStringSubmatch(page.body)
	if m == nil {
		x.t.Fatalf("no CSRF token on /customers/new (%d)", page.code)
	}
	return c, m[1]
}

func (x *site) form(c *http.Client, p string, v url.Values) reply {
	x.t.Helper()
	return x.do(c, "POST", p, "application/x-www-form-urlencoded", strings.NewReader(v.Encode()), nil)
}

// public are the routes that need no credentials.
func public(p string) bool {
	for _, pre := range []string{"/healthz", "/metrics", "/static/", "/signin", "/setup", "/api/v1/openapi.json"} {
		if p == pre || (strings.HasSuffix(pre, "/") && strings.HasPrefix(p, pre)) {
			return true
		}
	}
	return false
}

// TestSecurity walks every registered route and attacks the site as an
// anonymous visitor, as another company and with hostile input.
func TestSecurity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		x := newSite(t, s)
		if len(x.patterns) < 40 {
			t.Fatalf("only %d routes found: %v", len(x.patterns), x.patterns)
		}
		t.Run("anonymous", x.anonymous)
		t.Run("tenant API", x.tenantAPI)
		t.Run("tenant UI", x.tenantUI)
		t.Run("csrf", x.csrf)
		t.Run("secrets hashed", x.secretsHashed)
		t.Run("logo not an image", x.logo)
		t.Run("injection", x.injection)
		t.Run("staff refused on admin routes", x.staffRoles)
		t.Run("access revoked", x.revocation)
		t.Run("no lock-out from elsewhere", x.lockOut)
		t.Run("sign-in rate limit", x.rateLimit) // last: it slows the test's IP down
	})
}

// anonymous: every route but the public ones refuses a request with no
// session and no token (401, or a redirect to /signin for a page), and the
// public metrics hold no company data.
func (x *site) anonymous(t *testing.T) {
	for _, pat := range x.patterns {
		method, p := x.path(pat)
		if method == "" || strings.Contains(method, "/") {
			t.Errorf("pattern %q has no method: every route must say it", pat)
			continue
		}
		r := x.do(nil, method, p, "application/x-www-form-urlencoded", strings.NewReader("x=1"), nil)
		if public(p) {
			if method == "GET" && r.code >= 400 && !strings.HasPrefix(p, "/setup") {
				t.Errorf("public %s %s: %d", method, p, r.code)
			}
			continue
		}
		// A GET is sent to sign in, which then returns to the page asked for.
		refused := r.code == http.StatusUnauthorized || r.code == http.StatusForbidden ||
			(r.code == http.StatusSeeOther && (r.loc == "/signin" || strings.HasPrefix(r.loc, "/signin?next=")))
		if !refused {
			t.Errorf("anonymous %s %s: %d %q, want refused", method, p, r.code, trim(r.body))
		}
		if strings.Contains(r.body, "B-SECRET") || strings.Contains(r.body, "Bêta") {
			t.Errorf("anonymous %s %s leaks company B", method, p)
		}
	}
	m := x.do(nil, "GET", "/metrics", "", nil, nil)
	for _, secret := range []string{"Bêta", "Alpha", "B-SECRET", "example.com", "example.test"} {
		if strings.Contains(m.body, secret) {
			t.Errorf("/metrics exposes %q", secret)
		}
	}
}

func trim(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}

// apiBodies are plausible bodies, so that a 404 cannot hide behind a 422.
var apiBodies = map[string]string{
	"PATCH /api/v1/customers/{id}":            `{"display_name":"HACK"}`,
	"PATCH /api/v1/invoices/{id}":             `{"number":"HACK"}`,
	"PUT /api/v1/schedules/{id}":              `{"name":"HACK"}`,
	"POST /api/v1/invoices/{id}/payments":     `{"amount":"1.00","date":"2026-01-01"}`,
	"POST /api/v1/invoices/{id}/reminders":    `{"subject":"x","message":"y"}`,
	"POST /api/v1/settings/reminders/preview": `{"invoice_id":%d,"language":"en","template":{"subject":"s","message":"m"}}`,
}

// tenantAPI: company A's token gets 404 for every API route that names one
// of company B's objects, B's data is unchanged, and A's settings are A's.
func (x *site) tenantAPI(t *testing.T) {
	n := 0
	for _, pat := range x.patterns {
		if !strings.HasPrefix(strings.SplitN(pat, " ", 2)[1], "/api/") || !strings.Contains(pat, "{id}") {
			continue
		}
		method, p := x.path(pat)
		body := apiBodies[pat]
		if body == "" && method != "GET" {
			body = `{}`
		}
		r := x.apiCall(x.tokA, method, p, body)
		if r.code != http.StatusNotFound {
			t.Errorf("token of A: %s %s: %d %s, want 404", method, p, r.code, trim(r.body))
		}
		if ok := x.apiCall(x.tokB, "GET", p, ""); method == "GET" && ok.code != http.StatusOK {
			t.Errorf("token of B: GET %s: %d (the object must exist for the 404 to mean anything)", p, ok.code)
		}
		n++
	}
	if n < 8 {
		t.Errorf("only %d API routes name an object", n)
	}
	r := x.apiCall(x.tokA, "POST", "/api/v1/settings/reminders/preview", fmt.Sprintf(apiBodies["POST /api/v1/settings/reminders/preview"], x.bInvoice))
	if r.code != http.StatusNotFound {
		t.Errorf("preview on B's invoice with A's token: %d %s", r.code, trim(r.body))
	}
	for _, p := range []string{"/api/v1/settings/reminders", "/api/v1/customers", "/api/v1/invoices", "/api/v1/outbox"} {
		if r := x.apiCall(x.tokA, "GET", p, ""); r.code != 200 || strings.Contains(r.body, "B-SECRET") || strings.Contains(r.body, "Bêta") {
			t.Errorf("GET %s with A's token: %d, leaks B: %v", p, r.code, strings.Contains(r.body, "B-SECRET"))
		}
	}
	x.unchanged(t)
}

// unchanged checks company B's invoice and customer are as created.
func (x *site) unchanged(t *testing.T) {
	ctx := context.Background()
	inv, err := x.s.GetInvoice(ctx, x.b.ID, x.bInvoice)
	if err != nil {
		t.Fatal(err)
	}
	if inv.Number != "B-SECRET-1" || inv.Voided || inv.Paid != 0 || inv.RemindersPaused {
		t.Errorf("company B's invoice changed: %+v", inv)
	}
	if h, _ := x.s.Reminders(ctx, x.b.ID, x.bInvoice); len(h) != 0 {
		t.Errorf("a reminder was recorded on B's invoice")
	}
	cu, err := x.s.GetCustomer(ctx, x.b.ID, x.bCustomer)
	if err != nil {
		t.Fatal(err)
	}
	if cu.DisplayName != "Client secret de Bêta" || cu.RemindersPaused {
		t.Errorf("company B's customer changed: %+v", cu)
	}
	if _, err := x.s.GetWebhook(ctx, x.b.ID, x.bWebhook); err != nil {
		t.Errorf("company B's webhook is gone: %v", err)
	}
	if ts, err := x.s.Tasks(ctx, x.b.ID, store.TaskOpen, 10); err != nil || len(ts) != 1 || ts[0].ID != x.bTask {
		t.Errorf("company B's open task changed: %+v %v", ts, err)
	}
}

// tenantUI: company A's session gets 404 for every page that names one of
// company B's objects, GET or POST (with a valid CSRF token).
func (x *site) tenantUI(t *testing.T) {
	c, csrf := x.signin("owner-a@example.com")
	n := 0
	for _, pat := range x.patterns {
		if strings.Contains(pat, "/api/") || !strings.Contains(pat, "{id}") {
			continue
		}
		method, p := x.path(pat)
		var r reply
		if method == "GET" {
			r = x.do(c, "GET", p, "", nil, nil)
		} else {
			r = x.form(c, p, url.Values{"csrf": {csrf}, "number": {"HACK"}, "display_name": {"HACK"}, "language": {"en"},
				"paused": {"1"}, "amount": {"1.00"}, "date": {"2026-01-01"}, "subject": {"x"}, "message": {"y"}})
		}
		if r.code != http.StatusNotFound {
			t.Errorf("session of A: %s %s: %d, want 404", method, p, r.code)
		}
		n++
	}
	if n < 15 {
		t.Errorf("only %d UI routes name an object", n)
	}
	for _, p := range []string{"/settings/reminders", "/invoices", "/customers", "/outbox"} {
		if r := x.do(c, "GET", p, "", nil, nil); r.code != 200 || strings.Contains(r.body, "B-SECRET") || strings.Contains(r.body, "Bêta") {
			t.Errorf("GET %s as A: %d, leaks B", p, r.code)
		}
	}
	x.unchanged(t)
}

// csrf: a signed-in POST without the form's token, with a wrong one, or
// from another site is refused and changes nothing.
func (x *site) csrf(t *testing.T) {
	c, csrf := x.signin("owner-a@example.com")
	form := url.Values{"display_name": {"CSRF victim"}, "email": {"v@example.com"}, "language": {"en"}}
	if r := x.form(c, "/customers", form); r.code != http.StatusForbidden {
		t.Errorf("POST /customers without a CSRF token: %d, want 403", r.code)
	}
	form.Set("csrf", csrf+"x")
	if r := x.form(c, "/customers", form); r.code != http.StatusForbidden {
		t.Errorf("POST /customers with a wrong CSRF token: %d, want 403", r.code)
	}
	form.Set("csrf", csrf)
	r := x.do(c, "POST", "/customers", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()),
		map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.test"})
	if r.code != http.StatusForbidden {
		t.Errorf("cross-site POST /customers: %d, want 403", r.code)
	}
	var n int
	if err := x.s.DB().Get(&n, `SELECT COUNT(*) FROM customers WHERE display_name = 'CSRF victim'`); err != nil || n != 0 {
		t.Errorf("a refused form created %d customers (%v)", n, err)
	}
	// The same form with its token goes through: the refusals were CSRF.
	if r := x.form(c, "/customers", form); r.code != http.StatusSeeOther {
		t.Errorf("POST /customers with the token: %d %s", r.code, trim(r.body))
	}
}

// secretsHashed: passwords are bcrypt hashes; API tokens and session
// cookies are stored only as hashes.
func (x *site) secretsHashed(t *testing.T) {
	var hash string
	if err := x.s.DB().Get(&hash, x.s.DB().Rebind(`SELECT password_hash FROM users WHERE email = ?`), "owner-a@example.com"); err != nil {
		t.Fatal(err)
	}
	cost, err := bcrypt.Cost([]byte(hash))
	if err != nil || !strings.HasPrefix(hash, "$2") || cost < bcrypt.DefaultCost {
		t.Errorf("password stored as %q: not bcrypt of cost ≥ %d (%v)", hash, bcrypt.DefaultCost, err)
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(secPassword)) != nil || strings.Contains(hash, secPassword) {
		t.Errorf("stored hash does not check the password, or holds it")
	}
	c, _ := x.signin("owner-a@example.com")
	u, _ := url.Parse(x.srv.URL)
	var cookie string
	for _, ck := range c.Jar.Cookies(u) {
		cookie = ck.Value
	}
	if cookie == "" {
		t.Fatal("no session cookie")
	}
	dump := x.dump(t, "api_tokens", "sessions", "users")
	for what, secret := range map[string]string{"token A": x.tokA, "token B": x.tokB, "session cookie": cookie, "password": secPassword} {
		if strings.Contains(dump, secret) {
			t.Errorf("the database holds the %s in plain text", what)
		}
	}
	if !strings.Contains(dump, auth.Hash(x.tokA)) {
		t.Errorf("token A's hash not found: tokens are not stored as auth.Hash")
	}
}

// dump is every value of the tables, as text.
func (x *site) dump(t *testing.T, tables ...string) string {
	var b strings.Builder
	for _, tb := range tables {
		rows, err := x.s.DB().Queryx(`SELECT * FROM ` + tb)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			vals, err := rows.SliceScan()
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				fmt.Fprintf(&b, "%v\n", v)
			}
		}
		rows.Close()
	}
	return b.String()
}

// logo: a "logo" that is not a PNG or JPEG is refused and not stored.
func (x *site) logo(t *testing.T) {
	c, csrf := x.signin("owner-a@example.com")
	for name, data := range map[string][]byte{
		"logo.png": []byte("<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
		"logo.jpg": []byte("#!/bin/sh\nrm -rf /\n"),
		"logo.gif": []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
	} {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for k, v := range map[string]string{"csrf": csrf, "name": x.a.Name, "email": x.a.Email, "timezone": x.a.Timezone,
			"language": x.a.Language, "currency": x.a.Currency, "brand_color": "#1f6feb"} {
			mw.WriteField(k, v)
		}
		fw, _ := mw.CreateFormFile("logo", name)
		fw.Write(data)
		mw.Close()
		r := x.do(c, "POST", "/settings/company", mw.FormDataContentType(), &body, nil)
		if r.code < 400 {
			t.Errorf("logo %s that is no image: %d, want refused", name, r.code)
		}
		co, err := x.s.GetCompany(context.Background(), x.a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(co.Logo) != 0 {
			t.Errorf("logo %s stored (%s, %d bytes)", name, co.LogoType, len(co.Logo))
		}
	}
}

const (
	script = `<script>alert(1)</script>`
	quoted = `"quoted"`
	bcc    = "\r\nBcc: x@evil.test"
)

// injection: HTML and header injection through every user field — the
// customer's names, the invoice, the manual reminder's subject and message —
// comes out escaped in the pages and never becomes a header of the email,
// parsed back with go-message.
func (x *site) injection(t *testing.T) {
	hostile := script + " " + quoted + bcc
	cust := map[string]any{"display_name": hostile, "first_name": hostile, "last_name": hostile, "title": hostile,
		"company_name": hostile, "email": "victim@example.com", "language": "en"}
	b, _ := json.Marshal(cust)
	r := x.apiCall(x.tokA, "POST", "/api/v1/customers", string(b))
	if r.code != http.StatusCreated {
		// A refusal is safe too; then try without the line break.
		t.Logf("customer with CR LF in names: %d %s", r.code, trim(r.body))
		for k, v := range cust {
			if s, ok := v.(string); ok {
				cust[k] = strings.ReplaceAll(s, "\r\n", " ")
			}
		}
		b, _ = json.Marshal(cust)
		if r = x.apiCall(x.tokA, "POST", "/api/v1/customers", string(b)); r.code != http.StatusCreated {
			t.Fatalf("customer with HTML in names: %d %s", r.code, r.body)
		}
	}
	var created struct{ ID int64 }
	json.Unmarshal([]byte(r.body), &created)
	day := invoice.LocalDate(time.Now(), time.UTC)
	invBody := fmt.Sprintf(`{"number":"INJ-1","customer_id":%d,"issue_date":%q,"due_date":%q,"currency":"CAD",`+
		`"lines":[{"description":%q,"quantity":"1","unit_price":"10.00"}]}`, created.ID, day.AddDays(-20), day.AddDays(-5), hostile)
	r = x.apiCall(x.tokA, "POST", "/api/v1/invoices", invBody)
	if r.code != http.StatusCreated {
		t.Fatalf("invoice: %d %s", r.code, r.body)
	}
	var inv struct{ ID int64 }
	json.Unmarshal([]byte(r.body), &inv)

	c, _ := x.signin("owner-a@example.com")
	shown := false
	for _, p := range []string{"/customers", fmt.Sprintf("/customers/%d", created.ID), "/invoices", fmt.Sprintf("/invoices/%d", inv.ID),
		fmt.Sprintf("/invoices/%d/edit", inv.ID), fmt.Sprintf("/invoices/%d/reminders/new", inv.ID)} {
		page := x.do(c, "GET", p, "", nil, nil)
		if page.code != 200 {
			t.Errorf("GET %s: %d", p, page.code)
		}
		if i := strings.Index(page.body, script); i >= 0 {
			t.Errorf("GET %s shows the hostile text unescaped: …%s…", p, page.body[max(0, i-200):i+len(script)])
		}
		shown = shown || strings.Contains(page.body, "&lt;script&gt;alert(1)&lt;/script&gt;")
	}
	if !shown {
		t.Errorf("the hostile name is shown (escaped) on no page: the test proves nothing")
	}

	target := fmt.Sprintf("/api/v1/invoices/%d/reminders", inv.ID)
	rem := fmt.Sprintf(`{"subject":%q,"message":%q}`, "Rappel {{customer_name}} "+hostile, "Bonjour "+hostile)
	if r := x.apiCall(x.tokA, "POST", target, rem); r.code != http.StatusAccepted {
		// Refusing a subject with a line break is safe; send it without.
		t.Logf("manual reminder with CR LF in the subject: %d %s", r.code, trim(r.body))
		rem = fmt.Sprintf(`{"subject":%q,"message":%q}`, "Rappel {{customer_name}} "+strings.ReplaceAll(hostile, "\r\n", " "), "Bonjour "+hostile)
		if r := x.apiCall(x.tokA, "POST", target, rem); r.code != http.StatusAccepted {
			t.Fatalf("manual reminder: %d %s", r.code, r.body)
		}
	}
	if err := x.e.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	ms, err := x.s.ListOutbox(context.Background(), x.a.ID, 0, 10)
	if err != nil || len(ms) != 1 {
		t.Fatalf("outbox of A: %v, %d messages", err, len(ms))
	}
	raw := x.apiCall(x.tokA, "GET", fmt.Sprintf("/api/v1/outbox/%d/raw", ms[0].ID), "")
	if raw.code != 200 {
		t.Fatalf("raw message: %d", raw.code)
	}
	checkMIME(t, []byte(raw.body))
}

// checkMIME parses a message and checks no user text became a header or
// live HTML.
func checkMIME(t *testing.T, raw []byte) {
	t.Helper()
	mr, err := gomail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("go-message cannot read the message: %v", err)
	}
	fields := mr.Header.Fields()
	for fields.Next() {
		k := strings.ToLower(fields.Key())
		if k == "bcc" || k == "cc" {
			t.Errorf("header %s: %q appeared", fields.Key(), fields.Value())
		}
		v, _ := fields.Text()
		if strings.ContainsAny(v, "\r\n") {
			t.Errorf("header %s decodes to several lines: %q", fields.Key(), v)
		}
	}
	subj, err := mr.Header.Subject()
	if err != nil || !strings.Contains(subj, script) || !strings.Contains(subj, quoted) {
		t.Errorf("subject %q (%v): want the hostile text kept, as text, on one line", subj, err)
	}
	to, err := mr.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Address != "victim@example.com" {
		t.Errorf("To: %v (%v), want victim@example.com alone", to, err)
	}
	htmlSeen := false
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			if gomsg.IsUnknownCharset(err) {
				continue
			}
			t.Fatalf("part: %v", err)
		}
		body, _ := io.ReadAll(p.Body)
		if h, ok := p.Header.(*gomail.InlineHeader); ok {
			ct, _, _ := h.ContentType()
			if ct == "text/html" {
				htmlSeen = true
				if strings.Contains(string(body), script) || !strings.Contains(string(body), "&lt;script&gt;") {
					t.Errorf("HTML part does not escape the hostile text")
				}
			}
		}
	}
	if !htmlSeen {
		t.Errorf("no HTML part found")
	}
}

// rateLimit: repeated wrong passwords are refused with 429, after which
// even the right password is refused for a while.
func (x *site) rateLimit(t *testing.T) {
	c := x.browser()
	limited := false
	for i := 0; i < 30 && !limited; i++ {
		r := x.form(c, "/signin", url.Values{"email": {"owner-b@example.com"}, "password": {fmt.Sprintf("wrong-%d", i)}})
		limited = r.code == http.StatusTooManyRequests
	}
	if !limited {
		t.Fatal("30 wrong passwords in a row were never refused with 429")
	}
	if r := x.form(c, "/signin", url.Values{"email": {"owner-b@example.com"}, "password": {secPassword}}); r.code != http.StatusTooManyRequests {
		t.Errorf("right password while limited: %d, want 429", r.code)
	}
}
