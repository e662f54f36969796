package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// WebhookEndpoint is a company's subscription: a URL, the event types it
// wants, and the secret its deliveries are signed with.
type WebhookEndpoint struct {
	ID        int64     `db:"id"`
	CompanyID int64     `db:"company_id"`
	URL       string    `db:"url"`
	Events    string    `db:"events"` // comma-separated event types
	Secret    string    `db:"secret"`
	CreatedAt time.Time `db:"created_at"`
}

// EventTypes splits Events.
func (w *WebhookEndpoint) EventTypes() []string { return strings.Split(w.Events, ",") }

// CreateWebhook stores an endpoint (URL and events already validated).
func (s *Store) CreateWebhook(ctx context.Context, w *WebhookEndpoint) error {
	w.CreatedAt = s.now()
	err := s.db.QueryRowxContext(ctx, s.q(`INSERT INTO webhook_endpoints (company_id, url, events, secret, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`), w.CompanyID, w.URL, w.Events, w.Secret, w.CreatedAt).Scan(&w.ID)
	if err != nil {
		return fmt.Errorf("store: create webhook: %w", err)
	}
	return nil
}

// Webhooks lists a company's endpoints, oldest first.
func (s *Store) Webhooks(ctx context.Context, companyID int64) ([]WebhookEndpoint, error) {
	var out []WebhookEndpoint
	err := s.db.SelectContext(ctx, &out, s.q(`SELECT id, company_id, url, events, secret, created_at FROM webhook_endpoints
		WHERE company_id = ? AND deleted_at IS NULL ORDER BY id`), companyID)
	if err != nil {
		return nil, fmt.Errorf("store: list webhooks: %w", err)
	}
	return out, nil
}

// GetWebhook reads one endpoint of the company.
func (s *Store) GetWebhook(ctx context.Context, companyID, id int64) (*WebhookEndpoint, error) {
	var w WebhookEndpoint
	err := s.db.GetContext(ctx, &w, s.q(`SELECT id, company_id, url, events, secret, created_at FROM webhook_endpoints
		WHERE company_id = ? AND id = ? AND deleted_at IS NULL`), companyID, id)
	if err != nil {
		return nil, notFound(err, "webhook")
	}
	return &w, nil
}

// DeleteWebhook removes an endpoint; its pending deliveries are dropped,
// its log is kept.
func (s *Store) DeleteWebhook(ctx context.Context, companyID, id int64) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE webhook_endpoints SET deleted_at = ? WHERE company_id = ? AND id = ?
			AND deleted_at IS NULL`), s.now(), companyID, id)
		if err != nil {
			return fmt.Errorf("store: delete webhook: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFoundErr("webhook")
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE webhook_deliveries SET state = 'failed', last_error = 'endpoint deleted',
			lease_until = NULL, updated_at = ? WHERE endpoint_id = ? AND state IN ('pending', 'sending')`), s.now(), id); err != nil {
			return fmt.Errorf("store: delete webhook: %w", err)
		}
		return nil
	})
}

// WebhookEvent is what a webhook receives: {id, type, created_at, company_id, data}.
type WebhookEvent struct {
	ID        string         `json:"id"`
	Type      string         `json:"type"`
	CreatedAt time.Time      `json:"created_at"`
	CompanyID int64          `json:"company_id"`
	Data      map[string]any `json:"data"`
}

// emitInvoice emits an event about an invoice: data gets invoice_id and
// invoice_number besides extra.
func (s *Store) emitInvoice(ctx context.Context, tx *sqlx.Tx, companyID, invoiceID int64, typ string, extra map[string]any) error {
	return s.emit(ctx, tx, companyID, typ, func() (map[string]any, error) {
		var number string
		if err := tx.GetContext(ctx, &number, s.q(`SELECT number FROM invoices WHERE id = ?`), invoiceID); err != nil {
			return nil, fmt.Errorf("store: event %s: invoice number: %w", typ, err)
		}
		data := map[string]any{"invoice_id": invoiceID, "invoice_number": number}
		for k, v := range extra {
			data[k] = v
		}
		return data, nil
	})
}

// emit records an event in the transaction of the change it describes, with
// one queued delivery per endpoint subscribed to its type. With no such
// endpoint nothing is written (and data is not called).
func (s *Store) emit(ctx context.Context, tx *sqlx.Tx, companyID int64, typ string, dataFn func() (map[string]any, error)) error {
	eps, err := s.subscribers(ctx, tx, companyID, typ)
	if err != nil {
		return err
	}
	if len(eps) == 0 {
		return nil
	}
	data, err := dataFn()
	if err != nil {
		return err
	}
	now := s.now()
	var b [12]byte
	_, _ = rand.Read(b[:])
	ev := WebhookEvent{ID: "evt_" + hex.EncodeToString(b[:]), Type: typ, CreatedAt: now, CompanyID: companyID, Data: data}
	body, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("store: emit %s: %w", typ, err)
	}
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO webhook_events (id, company_id, type, body, created_at) VALUES (?, ?, ?, ?, ?)`),
		ev.ID, companyID, typ, string(body), now); err != nil {
		return fmt.Errorf("store: emit %s: %w", typ, err)
	}
	for _, w := range eps {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO webhook_deliveries (company_id, event_id, endpoint_id, state,
			next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, 'pending', ?, ?, ?)`),
			companyID, ev.ID, w.ID, now, now, now); err != nil {
			return fmt.Errorf("store: queue %s: %w", typ, err)
		}
	}
	return nil
}

// subscribers are the company's live endpoints that take events of typ.
func (s *Store) subscribers(ctx context.Context, tx *sqlx.Tx, companyID int64, typ string) ([]WebhookEndpoint, error) {
	var eps []WebhookEndpoint
	if err := sqlx.SelectContext(ctx, prep{s, tx}, &eps, s.q(`SELECT id, events FROM webhook_endpoints WHERE company_id = ?
		AND deleted_at IS NULL`), companyID); err != nil {
		return nil, fmt.Errorf("store: emit %s: %w", typ, err)
	}
	return slices.DeleteFunc(eps, func(w WebhookEndpoint) bool { return !slices.Contains(w.EventTypes(), typ) }), nil
}

// subscribed reports whether any endpoint of the company takes events of typ.
func (s *Store) subscribed(ctx context.Context, tx *sqlx.Tx, companyID int64, typ string) (bool, error) {
	eps, err := s.subscribers(ctx, tx, companyID, typ)
	return len(eps) > 0, err
}

// WebhookDelivery is one claimed delivery with what it needs to be sent.
type WebhookDelivery struct {
	ID             int64     `db:"id"`
	CompanyID      int64     `db:"company_id"`
	EventID        string    `db:"event_id"`
	EventType      string    `db:"type"`
	EndpointID     int64     `db:"endpoint_id"`
	URL            string    `db:"url"`
	Secret         string    `db:"secret"`
	Body           string    `db:"body"`
	Attempts       int       `db:"attempts"`
	EventCreatedAt time.Time `db:"event_created_at"`
}

// ClaimWebhookDeliveries leases up to limit deliveries that are due
// (pending, or sending with an expired lease: left by a crashed process),
// bumping attempts, which fences the outcome a worker records later.
func (s *Store) ClaimWebhookDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]WebhookDelivery, error) {
	now = now.UTC().Truncate(time.Microsecond)
	until := now.Add(lease)
	var out []WebhookDelivery
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var ids []int64
		if err := tx.SelectContext(ctx, &ids, s.q(`SELECT id FROM webhook_deliveries WHERE state IN ('pending', 'sending')
			AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`+s.skipLocked()), now, limit); err != nil {
			return fmt.Errorf("store: claim webhook deliveries: %w", err)
		}
		if len(ids) == 0 {
			return nil
		}
		q, args, err := inQuery(`UPDATE webhook_deliveries SET state = 'sending', attempts = attempts + 1, lease_until = ?,
			next_attempt_at = ?, updated_at = ? WHERE id IN (?)`, until, until, now, ids)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(q), args...); err != nil {
			return fmt.Errorf("store: claim webhook deliveries: %w", err)
		}
		q, args, err = inQuery(`SELECT d.id, d.company_id, d.event_id, e.type, d.endpoint_id, w.url, w.secret, e.body,
			d.attempts, e.created_at AS event_created_at
			FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id JOIN webhook_endpoints w ON w.id = d.endpoint_id
			WHERE d.id IN (?) ORDER BY d.id`, ids)
		if err != nil {
			return err
		}
		if err := tx.SelectContext(ctx, &out, s.q(q), args...); err != nil {
			return fmt.Errorf("store: claim webhook deliveries: %w", err)
		}
		return nil
	})
	return out, err
}

// WebhookOutcome is the result of one attempt.
type WebhookOutcome struct {
	State    string // "delivered", "pending" (retry at Next) or "failed"
	Status   int    // HTTP status, 0 when no answer
	Error    string
	Next     time.Time
	Duration time.Duration
	At       time.Time
}

// RecordWebhookAttempt logs an attempt and moves the delivery on, only if
// the claim is still this worker's (state sending, same attempt count).
// It reports false when the claim had been lost.
func (s *Store) RecordWebhookAttempt(ctx context.Context, d *WebhookDelivery, o WebhookOutcome) (bool, error) {
	switch o.State {
	case "delivered", "pending", "failed":
	default:
		return false, fmt.Errorf("store: webhook outcome: bad state %q", o.State)
	}
	at := o.At.UTC().Truncate(time.Microsecond)
	var delivered any
	if o.State == "delivered" {
		delivered = at
	}
	next := o.Next.UTC().Truncate(time.Microsecond)
	if o.State != "pending" {
		next = at
	}
	ok := false
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE webhook_deliveries SET state = ?, last_status = ?, last_error = ?,
			next_attempt_at = ?, lease_until = NULL, delivered_at = ?, updated_at = ?
			WHERE id = ? AND state = 'sending' AND attempts = ?`),
			o.State, o.Status, o.Error, next, delivered, at, d.ID, d.Attempts)
		if err != nil {
			return fmt.Errorf("store: record webhook attempt: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		ok = true
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO webhook_attempts (delivery_id, attempt, status, error, duration_ms, at)
			VALUES (?, ?, ?, ?, ?, ?)`), d.ID, d.Attempts, o.Status, o.Error, o.Duration.Milliseconds(), at); err != nil {
			return fmt.Errorf("store: log webhook attempt: %w", err)
		}
		return nil
	})
	return ok, err
}

// WebhookLogEntry is one delivery with its latest outcome, for the log.
type WebhookLogEntry struct {
	ID          int64      `db:"id" json:"id"`
	EventID     string     `db:"event_id" json:"event_id"`
	EventType   string     `db:"type" json:"event_type"`
	State       string     `db:"state" json:"state"`
	Attempts    int        `db:"attempts" json:"attempts"`
	LastStatus  int        `db:"last_status" json:"last_status"`
	LastError   string     `db:"last_error" json:"last_error"`
	CreatedAt   time.Time  `db:"created_at" json:"created_at"`
	DeliveredAt *time.Time `db:"delivered_at" json:"delivered_at"`
	NextAttempt *time.Time `db:"-" json:"next_attempt_at"` // pending ones only
}

// WebhookLog lists an endpoint's deliveries, newest first, limit at most.
func (s *Store) WebhookLog(ctx context.Context, companyID, endpointID int64, limit int) ([]WebhookLogEntry, error) {
	if _, err := s.GetWebhook(ctx, companyID, endpointID); err != nil {
		return nil, err
	}
	var rows []struct {
		WebhookLogEntry
		Next time.Time `db:"next_attempt_at"`
	}
	err := s.db.SelectContext(ctx, &rows, s.q(`SELECT d.id, d.event_id, e.type, d.state, d.attempts, d.last_status, d.last_error,
		d.created_at, d.delivered_at, d.next_attempt_at
		FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
		WHERE d.company_id = ? AND d.endpoint_id = ? ORDER BY d.id DESC LIMIT ?`), companyID, endpointID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: webhook log: %w", err)
	}
	out := make([]WebhookLogEntry, len(rows))
	for i, r := range rows {
		out[i] = r.WebhookLogEntry
		if r.State == "pending" {
			out[i].NextAttempt = &rows[i].Next
		}
	}
	return out, nil
}

// PendingWebhookDeliveries counts deliveries not yet finished.
func (s *Store) PendingWebhookDeliveries(ctx context.Context) (int, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, `SELECT COUNT(*) FROM webhook_deliveries WHERE state IN ('pending', 'sending')`); err != nil {
		return 0, fmt.Errorf("store: count webhook deliveries: %w", err)
	}
	return n, nil
}

// Event types (collections.md §5).
const (
	EventReminderSent    = "reminder.sent"
	EventReminderFailed  = "reminder.failed"
	EventReminderBounced = "reminder.bounced"
	EventInvoiceViewed   = "invoice.viewed"
	EventInvoicePromised = "invoice.promised"
	EventInvoiceDisputed = "invoice.disputed"
	EventInvoicePaid     = "invoice.paid"
)

// EventTypes is every event a webhook may subscribe to.
var EventTypes = []string{EventReminderSent, EventReminderFailed, EventReminderBounced, EventInvoiceViewed,
	EventInvoicePromised, EventInvoiceDisputed, EventInvoicePaid}

// WebhookAttempt is one logged attempt of a delivery.
type WebhookAttempt struct {
	Attempt    int       `db:"attempt" json:"attempt"`
	Status     int       `db:"status" json:"status"`
	Error      string    `db:"error" json:"error"`
	DurationMS int64     `db:"duration_ms" json:"duration_ms"`
	At         time.Time `db:"at" json:"at"`
}

// WebhookAttempts lists one delivery's attempts, oldest first.
func (s *Store) WebhookAttempts(ctx context.Context, companyID, deliveryID int64) ([]WebhookAttempt, error) {
	var out []WebhookAttempt
	err := s.db.SelectContext(ctx, &out, s.q(`SELECT a.attempt, a.status, a.error, a.duration_ms, a.at FROM webhook_attempts a
		JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.company_id = ? AND a.delivery_id = ? ORDER BY a.id`),
		companyID, deliveryID)
	if err != nil {
		return nil, fmt.Errorf("store: webhook attempts: %w", err)
	}
	return out, nil
}

// EmitInvoiceEvent queues a webhook event about an invoice inside a write
// transaction (invoice.promised, invoice.disputed, …): the event exists
// only if the change commits. data gets invoice_id and invoice_number
// besides extra.
func (t *Tx) EmitInvoiceEvent(ctx context.Context, companyID, invoiceID int64, typ string, extra map[string]any) error {
	return t.s.emitInvoice(ctx, t.tx, companyID, invoiceID, typ, extra)
}
