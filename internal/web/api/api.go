// Package api is the JSON API under /api/v1: bearer-token auth, one company
// per token, the error format of interfaces.md, cursor pagination.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
)

// API serves /api/v1.
type API struct {
	store  *store.Store
	books  *books.Books // every write, re-planned on the engine's clock
	engine *engine.Engine
	log    *slog.Logger
	now    func() time.Time
	// allowPrivateWebhooks accepts loopback and private webhook targets
	// (RELANCE_WEBHOOK_ALLOW_PRIVATE).
	allowPrivateWebhooks bool
}

// Option tunes the API.
type Option func(*API)

// AllowPrivateWebhooks lets endpoints point at loopback and private addresses.
func AllowPrivateWebhooks(allow bool) Option { return func(a *API) { a.allowPrivateWebhooks = allow } }

// New builds the API on a store and the reminder engine.
func New(s *store.Store, e *engine.Engine, log *slog.Logger, opts ...Option) *API {
	a := &API{store: s, books: e.Books(), engine: e, log: log, now: time.Now}
	for _, o := range opts {
		o(a)
	}
	return a
}

// route is one API endpoint; the table drives both the mux and the OpenAPI
// completeness test.
type route struct {
	pattern string
	handler func(w http.ResponseWriter, r *http.Request, c *invoice.Company)
}

func (a *API) routes() []route {
	return []route{
		{"GET /api/v1/customers", a.customerList},
		{"POST /api/v1/customers", a.customerCreate},
		{"GET /api/v1/customers/{id}", a.customerGet},
		{"PATCH /api/v1/customers/{id}", a.customerPatch},
		{"GET /api/v1/customers/{id}/statement.pdf", a.customerStatementPDF},
		{"POST /api/v1/customers/{id}/statement", a.customerStatementSend},
		{"GET /api/v1/invoices", a.invoiceList},
		{"POST /api/v1/invoices", a.invoiceCreate},
		{"GET /api/v1/invoices/{id}", a.invoiceGet},
		{"PATCH /api/v1/invoices/{id}", a.invoicePatch},
		{"PUT /api/v1/invoices/by-number/{number}", a.invoiceUpsert},
		{"POST /api/v1/invoices/{id}/payments", a.paymentCreate},
		{"PATCH /api/v1/invoices/{id}/payments/{payment_id}", a.paymentPatch},
		{"DELETE /api/v1/invoices/{id}/payments/{payment_id}", a.paymentDelete},
		{"POST /api/v1/invoices/{id}/void", a.invoiceVoid},
		{"POST /api/v1/invoices/{id}/reminders", a.reminderCreate},
		{"GET /api/v1/invoices/{id}/reminders", a.reminderList},
		{"GET /api/v1/invoices/{id}/reminders/outlook", a.reminderOutlook},
		{"POST /api/v1/reminders/batch", a.reminderBatch},
		{"GET /api/v1/invoices/{id}/pdf", a.invoicePDF},
		{"POST /api/v1/invoices/{id}/send", a.invoiceSend},
		{"POST /api/v1/invoices/{id}/link", a.linkCreate},
		{"DELETE /api/v1/invoices/{id}/link", a.linkDelete},
		{"POST /api/v1/invoices/{id}/dispute/resolve", a.disputeResolve},
		{"GET /api/v1/invoices/{id}/events", a.invoiceEvents},
		{"GET /api/v1/outbox", a.outboxList},
		{"GET /api/v1/outbox/{id}", a.outboxGet},
		{"GET /api/v1/outbox/{id}/raw", a.outboxRaw},
		{"GET /api/v1/settings/reminders", a.settingsGet},
		{"PUT /api/v1/settings/reminders", a.settingsPut},
		{"POST /api/v1/settings/reminders/preview", a.settingsPreview},
		{"GET /api/v1/schedules", a.scheduleList},
		{"POST /api/v1/schedules", a.scheduleCreate},
		{"GET /api/v1/schedules/{id}", a.scheduleGet},
		{"PUT /api/v1/schedules/{id}", a.schedulePut},
		{"DELETE /api/v1/schedules/{id}", a.scheduleDelete},
		{"GET /api/v1/settings/company", a.companyGet},
		{"PUT /api/v1/settings/company", a.companyPut},
		{"GET /api/v1/reports/aging", a.reportAging},
		{"GET /api/v1/reports/dso", a.reportDSO},
		{"GET /api/v1/reports/reminders", a.reportReminders},
		{"GET /api/v1/reminders/upcoming", a.remindersUpcoming},
		{"GET /api/v1/webhooks", a.webhookList},
		{"POST /api/v1/webhooks", a.webhookCreate},
		{"DELETE /api/v1/webhooks/{id}", a.webhookDelete},
		{"GET /api/v1/webhooks/{id}/deliveries", a.webhookDeliveries},
	}
}

// Register mounts every route (and the OpenAPI document, which needs no
// token) on mux.
func (a *API) Register(mux *http.ServeMux) {
	for _, rt := range a.routes() {
		mux.Handle(rt.pattern, a.authenticated(rt.handler))
	}
	mux.HandleFunc("GET /api/v1/openapi.json", serveOpenAPI)
	// Unknown API paths answer in JSON rather than with the UI's pages.
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", "no such API route", nil)
	})
}

// Patterns lists the registered API route patterns (for tests).
func (a *API) Patterns() []string {
	var out []string
	for _, rt := range a.routes() {
		out = append(out, rt.pattern)
	}
	return out
}

type ctxKey struct{}

// authenticated resolves the bearer token to its company; every handler
// then scopes its queries to that company, so another company's ids are
// simply not found.
func (a *API) authenticated(h func(http.ResponseWriter, *http.Request, *invoice.Company)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || strings.TrimSpace(tok) == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="relance"`)
			writeError(w, http.StatusUnauthorized, "unauthorized", "missing bearer token", nil)
			return
		}
		companyID, err := a.store.CompanyForToken(r.Context(), auth.Hash(strings.TrimSpace(tok)))
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="relance", error="invalid_token"`)
			writeError(w, http.StatusUnauthorized, "unauthorized", "invalid token", nil)
			return
		}
		c, err := a.store.GetCompany(r.Context(), companyID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		ctx := reminder.WithActor(context.WithValue(r.Context(), ctxKey{}, c), "token:"+auth.Hash(strings.TrimSpace(tok))[:16])
		h(w, r.WithContext(ctx), c)
	})
}

// today is the company-local calendar day, on which statuses are derived.
func (a *API) today(c *invoice.Company) invoice.Date {
	return invoice.LocalDate(a.now(), c.Location())
}
