// Package ui is the server-rendered web interface: html/template pages
// embedded in the binary, hand-written CSS, forms that work without
// JavaScript. One route table (this file), one small handler per file.
package ui

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/engine"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/web/ratelimit"
)

// Reminders is what the pages need from the reminder engine.
type Reminders interface {
	// SendManual validates and records a hand-sent reminder; workers deliver it.
	SendManual(ctx context.Context, companyID, invoiceID int64, subject, message string) (*reminder.Reminder, error)
	// ManualDraft is the manual template that fits the invoice today (due
	// soon, due today, overdue), in the customer's language.
	ManualDraft(ctx context.Context, companyID, invoiceID int64) (tpl reminder.Template, lang string, err error)
	// Preview renders a template on a real invoice as the full branded email.
	Preview(ctx context.Context, companyID, invoiceID int64, tpl reminder.Template, lang string) (Preview, error)
	// SendInvoice queues the invoice email; refused for a voided or paid invoice.
	SendInvoice(ctx context.Context, companyID, invoiceID int64) (*reminder.Reminder, error)
	// NewLink mints a link to the customer's invoice page and returns its URL.
	NewLink(ctx context.Context, companyID, invoiceID int64) (string, error)
	// PaymentReceived queues a receipt when the company sends receipts.
	PaymentReceived(ctx context.Context, companyID, invoiceID, amount int64) error
	// CheckBatch says what a batch of manual reminders would send and refuse.
	CheckBatch(ctx context.Context, companyID int64, ids []int64) ([]engine.BatchResult, error)
	// SendBatch queues one manual reminder per sendable invoice.
	SendBatch(ctx context.Context, companyID int64, ids []int64, subject, message string) ([]engine.BatchResult, error)
	// SendStatement queues the customer's statement email; a conflict when
	// nothing is open.
	SendStatement(ctx context.Context, companyID, customerID int64) ([]reminder.Reminder, error)
}

// Deps are the UI's collaborators.
type Deps struct {
	Store *store.Store
	// Books is where every write goes (nil: books on the store and Now).
	Books     *books.Books
	Reminders Reminders
	Log       *slog.Logger
	BaseURL   string
	// Secure marks cookies Secure; set it when BaseURL is https.
	Secure bool
	// MailConfigured: an SMTP server is set; without one, reminders stay
	// in the outbox, which Settings says.
	MailConfigured bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (RELANCE_TRUSTED_PROXIES); nil trusts no one.
	TrustedProxies []netip.Prefix
	// SetupCode is the one-time code the first-run page asks for (serve
	// prints it while no user exists); empty closes the page.
	SetupCode string
	// Now is the clock (tests stub it); nil means time.Now.
	Now func() time.Time
	// AllowPrivateWebhooks accepts loopback and private webhook targets
	// (RELANCE_WEBHOOK_ALLOW_PRIVATE).
	AllowPrivateWebhooks bool
}

// UI serves the pages.
type UI struct {
	Deps
	pages     map[string]*pageTemplate
	limiter   *ratelimit.Limiter // failed sign-ins per (IP, email)
	ipLimiter *ratelimit.Limiter // failed sign-ins per IP
	cop       *http.CrossOriginProtection
	setupMu   sync.Mutex // one first-run set-up at a time
}

// New parses the embedded templates (a broken template fails here, at
// start-up, not on first view).
func New(d Deps) *UI {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Books == nil {
		d.Books = books.New(d.Store, d.Now)
	}
	i18n.Must()
	return &UI{
		Deps:  d,
		pages: parsePages(),
		// 10 tries in a row, then one every 90 s, per (IP, email); 100,
		// then one every 9 s, per IP.
		limiter:   ratelimit.New(10, 90*time.Second),
		ipLimiter: ratelimit.New(100, 9*time.Second),
		cop:       http.NewCrossOriginProtection(),
	}
}

// Register mounts every page on mux. public pages need no session; the
// others redirect anonymous GETs to /signin and refuse other methods with
// 401, check the CSRF token of every POST, and scope all data to the
// session's company.
func (u *UI) Register(mux *http.ServeMux) { u.routes(mux.Handle) }

// Patterns lists the route patterns Register mounts (for tests that walk
// every route).
func (u *UI) Patterns() []string {
	var out []string
	u.routes(func(pattern string, _ http.Handler) { out = append(out, pattern) })
	return out
}

// routes is the route table, handed to handle one route at a time.
func (u *UI) routes(handle func(pattern string, h http.Handler)) {
	pub := func(pattern string, h http.HandlerFunc) { handle(pattern, u.public(h)) }
	priv := func(pattern string, h http.HandlerFunc) { handle(pattern, u.private(h)) }
	admin := func(pattern string, h http.HandlerFunc) { handle(pattern, u.adminOnly(h)) }

	pub("GET /static/", u.static)
	pub("GET /signin", u.signinForm)
	pub("POST /signin", u.signin)
	pub("GET /setup", u.setupForm)
	pub("POST /setup", u.setup)

	priv("GET /{$}", u.home)
	priv("POST /signout", u.signout)
	priv("POST /language", u.languageSwitch)
	priv("POST /company/switch", u.companySwitch)

	priv("GET /invoices", u.invoiceList)
	priv("GET /invoices/new", u.invoiceNew)
	priv("POST /invoices", u.invoiceCreate)
	priv("GET /invoices/{id}", u.invoiceShow)
	priv("GET /invoices/{id}/edit", u.invoiceEdit)
	priv("POST /invoices/{id}", u.invoiceUpdate)
	priv("GET /invoices/{id}/pdf", u.invoicePDF)
	priv("POST /invoices/{id}/void", u.invoiceVoid)
	priv("POST /invoices/{id}/pause", u.invoicePause)
	priv("GET /invoices/{id}/payments/new", u.paymentNew)
	priv("POST /invoices/{id}/payments", u.paymentCreate)
	priv("GET /invoices/{id}/payments/{pid}/edit", u.paymentEdit)
	priv("POST /invoices/{id}/payments/{pid}", u.paymentUpdate)
	priv("POST /invoices/{id}/payments/{pid}/delete", u.paymentDelete)
	priv("POST /invoices/{id}/send", u.invoiceSend)
	priv("POST /invoices/{id}/link", u.invoiceLink)
	priv("POST /invoices/{id}/link/reset", u.invoiceLinkReset)
	priv("POST /invoices/{id}/dispute/resolve", u.disputeResolve)
	priv("GET /invoices/{id}/reminders/new", u.reminderNew)
	priv("POST /invoices/{id}/reminders", u.reminderSend)
	priv("POST /invoices/{id}/reminders/preview", u.reminderPreview)

	priv("GET /customers", u.customerList)
	priv("GET /customers/new", u.customerNew)
	priv("POST /customers", u.customerCreate)
	priv("GET /customers/{id}", u.customerEdit)
	priv("POST /customers/{id}", u.customerUpdate)
	priv("POST /customers/{id}/pause", u.customerPause)
	priv("GET /customers/{id}/statement.pdf", u.customerStatement)
	priv("POST /customers/{id}/statement", u.customerStatementSend)
	priv("POST /invoices/batch/confirm", u.batchConfirm)
	priv("POST /invoices/batch", u.batchSend)

	admin("GET /settings/reminders", u.settingsReminders)
	admin("POST /settings/reminders", u.settingsRemindersSave)
	admin("POST /settings/reminders/preview", u.settingsRemindersPreview)
	admin("GET /settings/schedules", u.settingsSchedules)
	admin("GET /settings/schedules/new", u.settingsScheduleNew)
	admin("POST /settings/schedules", u.settingsScheduleCreate)
	admin("GET /settings/schedules/{id}", u.settingsScheduleEdit)
	admin("POST /settings/schedules/{id}", u.settingsScheduleUpdate)
	admin("GET /settings/schedules/{id}/delete", u.settingsScheduleDeleteConfirm)
	admin("POST /settings/schedules/{id}/delete", u.settingsScheduleDelete)
	admin("GET /settings/company", u.settingsCompany)
	admin("POST /settings/company", u.settingsCompanySave)
	admin("GET /settings/company/logo", u.companyLogo)
	admin("GET /settings/team", u.team)
	admin("POST /settings/team/members/{id}/remove", u.teamMemberRemove)
	admin("POST /settings/team/tokens", u.teamTokenCreate)
	admin("POST /settings/team/tokens/{id}/revoke", u.teamTokenRevoke)
	admin("GET /settings/integrations", u.settingsIntegrations)
	admin("POST /settings/integrations", u.settingsIntegrationsCreate)
	admin("GET /settings/integrations/{id}", u.settingsIntegrationsLog)
	admin("POST /settings/integrations/{id}/delete", u.settingsIntegrationsDelete)

	priv("GET /todo", u.todoList)
	priv("POST /todo/{id}", u.todoClose)

	priv("GET /import", u.importForm)
	handle("POST /import", u.privateBody(maxImportBody, u.importUpload, u.importTooLarge))

	priv("GET /reports", u.reports)
	priv("GET /reports/{table}", u.reportCSV)

	priv("GET /outbox", u.outboxList)
	priv("GET /outbox/{id}", u.outboxShow)
	priv("GET /outbox/{id}/raw", u.outboxRaw)
	priv("GET /outbox/{id}/parts/{n}", u.outboxPart)
}
