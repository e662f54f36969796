package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
	"github.com/relance-app/relance/internal/web"
	"github.com/relance-app/relance/internal/web/api"
)

// clock is a settable time source shared by the API under test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// env is one company's view of a real API on a real store, with the engine
// on the built-in outbox.
type env struct {
	t       testing.TB
	store   *store.Store
	engine  *engine.Engine
	api     *api.API
	clock   *clock
	handler http.Handler
	company *invoice.Company
	token   string
}

func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// newEnv assembles what web.Handler assembles (health, API, request
// observation with its panic guard) around an API whose clock the test
// controls, and gives a company and its token.
func newEnv(t testing.TB, s *store.Store, opts ...api.Option) *env {
	t.Helper()
	log := quietLogger()
	e := engine.New(s, nil, engine.Config{}, log)
	a := api.New(s, e, log, opts...)
	c := &clock{t: time.Now()}
	a.SetNow(c.now)
	mux := http.NewServeMux()
	web.Health(mux, s)
	a.Register(mux)
	en := &env{t: t, store: s, engine: e, api: a, clock: c, handler: web.Observe(log, mux)}
	en.company = storetest.Company(t, s, "Acme Rénovation")
	en.token = en.newToken(en.company.ID)
	return en
}

// newToken stores a token for a company and returns it.
func (en *env) newToken(companyID int64) string {
	en.t.Helper()
	tok, hash := auth.NewToken()
	if _, err := en.store.CreateToken(context.Background(), companyID, "test", hash); err != nil {
		en.t.Fatalf("create token: %v", err)
	}
	return tok
}

// otherCompany creates a second company with its own token.
func (en *env) otherCompany(name string) (*invoice.Company, string) {
	en.t.Helper()
	c := storetest.Company(en.t, en.store, name)
	return c, en.newToken(c.ID)
}

// response is an answer read in full.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) String() string {
	b := r.body
	if len(b) > 600 {
		b = append(b[:600:600], "…"...)
	}
	return strconv.Itoa(r.status) + " " + string(b)
}

// newRequest builds a request; body is JSON-encoded unless it is a string
// or []byte, sent as is.
func (en *env) newRequest(method, path string, body any) *http.Request {
	en.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			en.t.Fatalf("encode body: %v", err)
		}
		rd = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

// serve runs one request through the env's handler.
func (en *env) serve(req *http.Request) response { return serveWith(en.handler, req) }

func serveWith(h http.Handler, req *http.Request) response {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	res := w.Result()
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: b}
}

// webHandler is the production assembly, web.Handler, on the env's store
// and engine (its API runs on the real clock).
func (en *env) webHandler() http.Handler {
	h, _ := web.Handler(en.store, en.engine, web.Options{Log: quietLogger()})
	return h
}

// do sends one request as token (none when "").
func (en *env) do(token, method, path string, body any) response {
	en.t.Helper()
	req := en.newRequest(method, path, body)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return en.serve(req)
}

// call is do as the env's own company.
func (en *env) call(method, path string, body any) response {
	en.t.Helper()
	return en.do(en.token, method, path, body)
}

// must calls and fails unless the status is want; it decodes into out.
func (en *env) must(want int, method, path string, body any, out any) response {
	en.t.Helper()
	r := en.call(method, path, body)
	if r.status != want {
		en.t.Fatalf("%s %s: got %s, want %d", method, path, r, want)
	}
	if out != nil {
		if err := json.Unmarshal(r.body, out); err != nil {
			en.t.Fatalf("%s %s: decode %s: %v", method, path, r, err)
		}
	}
	return r
}

// apiErr is the error format of interfaces.md.
type apiErr struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

// checkError asserts an error answer: status, JSON content type, code and,
// when field is not "", that fields names it. It returns the decoded error.
func checkError(t testing.TB, r response, status int, code, field string) apiErr {
	t.Helper()
	var e apiErr
	if r.status != status {
		t.Errorf("status: got %s, want %d", r, status)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("content type %q, want JSON: %s", ct, r)
	}
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		t.Errorf("error body not in the error format: %v: %s", err, r)
		return e
	}
	if e.Error.Code != code {
		t.Errorf("code %q, want %q: %s", e.Error.Code, code, r)
	}
	if e.Error.Message == "" {
		t.Errorf("empty message: %s", r)
	}
	if field != "" {
		if _, ok := e.Error.Fields[field]; !ok {
			t.Errorf("fields %v do not name %q: %s", e.Error.Fields, field, r)
		}
	}
	return e
}

// Wire shapes the tests read back.
type customerJSON struct {
	ID          int64  `json:"id"`
	DisplayName string `json:"display_name"`
	Email       string `json:"email"`
	Language    string `json:"language"`
}

type lineJSON struct {
	Description string `json:"description"`
	Quantity    string `json:"quantity"`
	UnitPrice   string `json:"unit_price"`
	TaxRate     string `json:"tax_rate"`
	Amount      string `json:"amount"`
	Tax         string `json:"tax"`
}

type invoiceJSON struct {
	ID         int64      `json:"id"`
	Number     string     `json:"number"`
	CustomerID int64      `json:"customer_id"`
	Email      string     `json:"email"`
	IssueDate  string     `json:"issue_date"`
	DueDate    string     `json:"due_date"`
	Currency   string     `json:"currency"`
	Voided     bool       `json:"voided"`
	Lines      []lineJSON `json:"lines"`
	Payments   []struct {
		ID     int64  `json:"id"`
		Amount string `json:"amount"`
		Date   string `json:"date"`
	} `json:"payments"`
	Subtotal       string     `json:"subtotal"`
	TaxTotal       string     `json:"tax_total"`
	Total          string     `json:"total"`
	AmountPaid     string     `json:"amount_paid"`
	BalanceDue     string     `json:"balance_due"`
	Status         string     `json:"status"`
	StatusDays     int        `json:"status_days"`
	LastReminderAt *time.Time `json:"last_reminder_at"`
	NextReminder   *struct {
		Step int    `json:"step"`
		Date string `json:"date"`
	} `json:"next_reminder"`
}

type page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

// createCustomer posts a customer and returns its id.
func (en *env) createCustomer(name, email string) int64 {
	en.t.Helper()
	var c customerJSON
	en.must(http.StatusCreated, "POST", "/api/v1/customers",
		map[string]any{"display_name": name, "first_name": "Élodie", "last_name": "Côté", "email": email, "language": "fr"}, &c)
	if c.ID <= 0 {
		en.t.Fatalf("customer without id: %+v", c)
	}
	return c.ID
}

// simpleInvoice is a valid invoice body of one taxed line.
func simpleInvoice(number string, customerID int64, issue, due string) map[string]any {
	return map[string]any{
		"number": number, "customer_id": customerID, "issue_date": issue, "due_date": due, "currency": "CAD",
		"lines": []map[string]string{{"description": "Travaux", "quantity": "2", "unit_price": "100.00", "tax_rate": "5"}},
	}
}

// createInvoice posts an invoice body and returns the invoice.
func (en *env) createInvoice(body any) invoiceJSON {
	en.t.Helper()
	var inv invoiceJSON
	en.must(http.StatusCreated, "POST", "/api/v1/invoices", body, &inv)
	if inv.ID <= 0 {
		en.t.Fatalf("invoice without id: %+v", inv)
	}
	return inv
}

// drain delivers every ready reminder into the outbox.
func (en *env) drain() {
	en.t.Helper()
	if err := en.engine.Drain(context.Background()); err != nil {
		en.t.Fatalf("drain: %v", err)
	}
}

func path(format string, id int64) string {
	return strings.Replace(format, "{id}", strconv.FormatInt(id, 10), 1)
}

// parallelEach runs fn on SQLite and PostgreSQL, both subtests in parallel.
func parallelEach(t *testing.T, fn func(t *testing.T, en *env)) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		t.Parallel()
		fn(t, newEnv(t, s))
	})
}

// toronto is the test companies' zone.
func toronto(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("America/Toronto")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func decodeInto(t testing.TB, r response, out any) {
	t.Helper()
	if err := json.Unmarshal(r.body, out); err != nil {
		t.Fatalf("decode %s: %v", r, err)
	}
}
