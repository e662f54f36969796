package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"
)

// Event kinds of an invoice's history besides its reminders.
const (
	EventViewed          = "viewed"
	EventPromised        = "promised"
	EventDisputed        = "disputed"
	EventDisputeResolved = "dispute_resolved"
	EventLinkReset       = "link_reset"
)

// Event is one line of an invoice's history. The company is told of
// promises and disputes by the task each opens (tellAboutEvent): the To-do
// list and its email are the one owner of notifications.
type Event struct {
	ID        int64     `db:"id" json:"id"`
	CompanyID int64     `db:"company_id" json:"-"`
	InvoiceID int64     `db:"invoice_id" json:"invoice_id"`
	Kind      string    `db:"kind" json:"kind"`
	Detail    string    `db:"detail" json:"detail,omitempty"`
	CreatedAt time.Time `db:"created_at" json:"created_at"`
}

const eventCols = `id, company_id, invoice_id, kind, detail, created_at`

func (s *Store) addEvent(ctx context.Context, tx *sqlx.Tx, companyID, invoiceID int64, kind, detail string) error {
	var id int64
	if err := tx.QueryRowxContext(ctx, s.q(`INSERT INTO invoice_events (company_id, invoice_id, kind, detail, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`), companyID, invoiceID, kind, detail, s.now()).Scan(&id); err != nil {
		return fmt.Errorf("store: insert invoice event: %w", err)
	}
	return s.tellAboutEvent(ctx, tx, companyID, invoiceID, id, kind, detail)
}

// tellAboutEvent, in the event's transaction, queues the webhook event
// (invoice.viewed, invoice.promised, invoice.disputed) and, for a promise
// or a dispute, opens the To-do task whose email tells the company.
func (s *Store) tellAboutEvent(ctx context.Context, tx *sqlx.Tx, companyID, invoiceID, eventID int64, kind, detail string) error {
	hook, task := map[string]string{EventViewed: EventInvoiceViewed, EventPromised: EventInvoicePromised,
		EventDisputed: EventInvoiceDisputed}[kind], map[string]string{EventPromised: TaskPromise, EventDisputed: TaskDispute}[kind]
	if hook != "" {
		extra := map[string]any{}
		switch kind {
		case EventPromised:
			extra["promised_date"] = detail
		case EventDisputed:
			extra["message"] = detail
		}
		if err := s.emitInvoice(ctx, tx, companyID, invoiceID, hook, extra); err != nil {
			return err
		}
	}
	if task == "" {
		return nil
	}
	var number string
	if err := tx.GetContext(ctx, &number, s.q(`SELECT number FROM invoices WHERE id = ?`), invoiceID); err != nil {
		return fmt.Errorf("store: task for %s: %w", kind, err)
	}
	return s.addTask(ctx, tx, &Task{CompanyID: companyID, Kind: task, Title: number, Detail: detail, InvoiceID: &invoiceID,
		DedupeKey: "event:" + strconv.FormatInt(eventID, 10)})
}

// InvoiceEvents is an invoice's event history, oldest first.
func (s *Store) InvoiceEvents(ctx context.Context, companyID, invoiceID int64) ([]Event, error) {
	var out []Event
	if err := s.db.SelectContext(ctx, &out, s.q(`SELECT `+eventCols+` FROM invoice_events WHERE company_id = ? AND invoice_id = ?
		ORDER BY id`), companyID, invoiceID); err != nil {
		return nil, fmt.Errorf("store: invoice events: %w", err)
	}
	return out, nil
}
