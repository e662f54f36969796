package ui

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

const testPassword = "correct horse battery"

// bundle is one test's server: the real UI, store and engine (built-in
// outbox), a company with an admin, and a browser-like client.
type bundle struct {
	t       *testing.T
	s       *store.Store
	eng     *engine.Engine
	ui      *UI
	srv     *httptest.Server
	company *invoice.Company
	user    *store.User
	c       *client
}

// noonAtLeast is now, or noon of now's date in loc when now is earlier.
func noonAtLeast(now time.Time, loc *time.Location) time.Time {
	l := now.In(loc)
	noon := time.Date(l.Year(), l.Month(), l.Day(), 12, 0, 0, 0, loc)
	if now.Before(noon) {
		return noon
	}
	return now
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newBundle(t *testing.T, s *store.Store) *bundle {
	t.Helper()
	b := &bundle{t: t, s: s}
	b.eng = engine.New(s, nil, engine.Config{From: "Relance <reminders@relance.test>"}, quietLog())
	// The engine plans no earlier than noon of the company's day: a step
	// falls due at the send time (09:00 there), so between midnight and
	// nine in Toronto the tests' scans found nothing to send. The date,
	// which the pages show, stays the real one.
	b.eng.Now = func() time.Time { return noonAtLeast(time.Now(), b.company.Location()) }
	b.ui = New(Deps{Store: s, Reminders: b.eng, Log: quietLog(), BaseURL: "http://example.test"})
	mux := http.NewServeMux()
	b.ui.Register(mux)
	b.srv = httptest.NewServer(mux)
	t.Cleanup(b.srv.Close)
	b.company = storetest.Company(t, s, "Plomberie Tremblay")
	b.user = b.addUser("owner@example.com", b.company.ID, "en")
	b.c = b.client()
	return b
}

func (b *bundle) addUser(email string, companyID int64, lang string) *store.User {
	b.t.Helper()
	h, err := auth.HashPassword(testPassword)
	if err != nil {
		b.t.Fatal(err)
	}
	u := &store.User{Email: email, PasswordHash: h, Language: lang}
	if err := b.s.CreateUser(context.Background(), u, companyID, store.RoleAdmin); err != nil {
		b.t.Fatal(err)
	}
	return u
}

// client is a cookie-keeping HTTP client that does not follow redirects.
type client struct {
	t    *testing.T
	base string
	hc   *http.Client
}

func (b *bundle) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: b.t, base: b.srv.URL, hc: &http.Client{Jar: jar, Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type resp struct {
	code int
	body string
	loc  string
	hdr  http.Header
}

func (c *client) do(req *http.Request) resp {
	c.t.Helper()
	r, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer r.Body.Close()
	body, _ := io.ReadAll(r.Body)
	return resp{code: r.StatusCode, body: string(body), loc: r.Header.Get("Location"), hdr: r.Header}
}

func (c *client) get(path string) resp {
	req, _ := http.NewRequest("GET", c.base+path, nil)
	return c.do(req)
}

func (c *client) post(path string, form url.Values) resp {
	req, _ := http.NewRequest("POST", c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func (c *client) signin(email string) {
	c.t.Helper()
	r := c.post("/signin", url.Values{"email": {email}, "password": {testPassword}})
	if r.code != http.StatusSeeOther || r.loc != "/invoices" {
		c.t.Fatalf("sign in %s: %d %s", email, r.code, r.body)
	}
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf reads the token from a signed-in page.
func (c *client) csrf() string {
	c.t.Helper()
	m := csrfRe.FindStringSubmatch(c.get("/invoices").body)
	if m == nil {
		c.t.Fatal("no csrf token on /invoices")
	}
	return m[1]
}

// submit posts a form with the session's CSRF token.
func (c *client) submit(path string, form url.Values) resp {
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf", c.csrf())
	return c.post(path, form)
}

func day(t testing.TB, offset int) invoice.Date {
	return invoice.LocalDate(time.Now(), mustLoc(t, "America/Toronto")).AddDays(offset)
}

func mustLoc(t testing.TB, name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// invoiceFor stores an invoice of amount cents due in dueIn days.
func (b *bundle) invoiceFor(companyID, customerID int64, number string, dueIn int, amount int64) *invoice.Invoice {
	b.t.Helper()
	inv := storetest.Invoice(companyID, customerID, number, day(b.t, dueIn-30), day(b.t, dueIn), amount)
	if err := storetest.Books(b.s).CreateInvoice(context.Background(), inv); err != nil {
		b.t.Fatal(err)
	}
	return inv
}

func mustContain(t *testing.T, r resp, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(r.body, p) {
			t.Errorf("page (status %d) lacks %q", r.code, p)
		}
	}
}

func newServer(t *testing.T, h http.Handler) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func shortDate(d invoice.Date, lang string) string { return invoice.FormatDateShort(d, lang) }
