package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/relance-app/relance/internal/invoice"
)

// Bounced says what MarkBounced changed.
type Bounced struct {
	Marked     bool // false: already bounced, or not a sent reminder (nothing changed)
	CompanyID  int64
	InvoiceID  int64
	CustomerID int64
	Number     string
}

// MarkBounced records a failed delivery report for a sent reminder: the
// reminder becomes bounced with the diagnostic, its customer's address is
// flagged bouncing (automatic reminders stop until it is edited, so the
// customer's invoices are re-planned), a To-do task is opened and the
// reminder.bounced event queued — all in one transaction. A second report
// for the same reminder, from any process, changes nothing.
func (t *Tx) MarkBounced(ctx context.Context, reminderID int64, diagnostic string) (Bounced, error) {
	s, tx := t.s, t.tx
	var out Bounced
	err := func() error {
		err := tx.QueryRowxContext(ctx, s.q(`SELECT r.company_id, r.invoice_id, i.customer_id, i.number FROM reminders r
			JOIN invoices i ON i.id = r.invoice_id WHERE r.id = ?`), reminderID).
			Scan(&out.CompanyID, &out.InvoiceID, &out.CustomerID, &out.Number)
		if errors.Is(err, sql.ErrNoRows) {
			return notFoundErr("reminder")
		}
		if err != nil {
			return fmt.Errorf("store: mark bounced: %w", err)
		}
		now := s.now()
		res, err := tx.ExecContext(ctx, s.q(`UPDATE reminders SET state = 'bounced', last_error = ?, bounced_at = ?, updated_at = ?
			WHERE id = ? AND state = 'sent'`), diagnostic, now, now, reminderID)
		if err != nil {
			return fmt.Errorf("store: mark bounced: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		out.Marked = true
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE customers SET email_status = ?, bounce_reason = ?, updated_at = ?
			WHERE id = ?`), invoice.EmailBouncing, diagnostic, now, out.CustomerID); err != nil {
			return fmt.Errorf("store: flag bouncing address: %w", err)
		}
		if err := s.addTask(ctx, tx, &Task{CompanyID: out.CompanyID, Kind: TaskBounce, InvoiceID: &out.InvoiceID,
			Title: out.Number, Detail: diagnostic, DedupeKey: "bounce:" + strconv.FormatInt(reminderID, 10)}); err != nil {
			return err
		}
		if err := s.emitInvoice(ctx, tx, out.CompanyID, out.InvoiceID, EventReminderBounced,
			map[string]any{"reminder_id": reminderID, "customer_id": out.CustomerID, "diagnostic": diagnostic}); err != nil {
			return err
		}
		t.TouchCustomer(out.CompanyID, out.CustomerID)
		return nil
	}()
	return out, err
}
