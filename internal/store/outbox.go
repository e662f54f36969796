package store

import (
	"context"
	"fmt"
	"time"
)

// OutboxMessage is a message kept by the built-in outbox instead of being
// sent over SMTP.
type OutboxMessage struct {
	ID         int64     `json:"id" db:"id"`
	CompanyID  int64     `json:"-" db:"company_id"`
	ReminderID *int64    `json:"reminder_id" db:"reminder_id"`
	InvoiceID  *int64    `json:"invoice_id" db:"invoice_id"`
	MessageID  string    `json:"message_id" db:"message_id"`
	Subject    string    `json:"subject" db:"subject"`
	Recipients string    `json:"recipients" db:"recipients"`
	Raw        []byte    `json:"-" db:"raw"`
	CreatedAt  time.Time `json:"created_at" db:"created_at"`
}

// AddOutbox stores a message once: a retry with the same Message-ID (after a
// crash between storing and marking the reminder sent) stores nothing more.
func (s *Store) AddOutbox(ctx context.Context, m *OutboxMessage) error {
	m.CreatedAt = s.now()
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO outbox (company_id, reminder_id, invoice_id, message_id, subject, recipients, raw, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (company_id, message_id) DO NOTHING`),
		m.CompanyID, m.ReminderID, m.InvoiceID, m.MessageID, m.Subject, m.Recipients, m.Raw, m.CreatedAt)
	if err != nil {
		return fmt.Errorf("store: add to outbox: %w", err)
	}
	return nil
}

// ListOutbox pages through a company's outbox, newest first (without raw).
func (s *Store) ListOutbox(ctx context.Context, companyID int64, before int64, limit int) ([]OutboxMessage, error) {
	q := `SELECT id, company_id, reminder_id, invoice_id, message_id, subject, recipients, created_at FROM outbox WHERE company_id = ?`
	args := []any{companyID}
	if before > 0 {
		q += ` AND id < ?`
		args = append(args, before)
	}
	q += ` ORDER BY id DESC LIMIT ?`
	args = append(args, Page{Limit: limit}.limit())
	var out []OutboxMessage
	if err := s.db.SelectContext(ctx, &out, s.q(q), args...); err != nil {
		return nil, fmt.Errorf("store: list outbox: %w", err)
	}
	return out, nil
}

// GetOutbox returns one message of the company, raw bytes included.
func (s *Store) GetOutbox(ctx context.Context, companyID, id int64) (*OutboxMessage, error) {
	var m OutboxMessage
	err := s.db.GetContext(ctx, &m, s.q(`SELECT id, company_id, reminder_id, invoice_id, message_id, subject, recipients, raw, created_at
		FROM outbox WHERE company_id = ? AND id = ?`), companyID, id)
	if err != nil {
		return nil, notFound(err, "outbox message")
	}
	return &m, nil
}

// CountOutbox counts a company's outbox messages.
func (s *Store) CountOutbox(ctx context.Context, companyID int64) (int, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, s.q(`SELECT COUNT(*) FROM outbox WHERE company_id = ?`), companyID); err != nil {
		return 0, fmt.Errorf("store: count outbox: %w", err)
	}
	return n, nil
}
