package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// Invoice links: the customer's page /i/{token}. Only the SHA-256 of a
// token is stored (auth.Hash); a token cannot be read back, so each message
// that carries a link mints its own, and all stay valid until the invoice's
// links are revoked.

// CreateLink stores the hash of a new link to an invoice of the company.
func (s *Store) CreateLink(ctx context.Context, companyID, invoiceID int64, hash string) error {
	res, err := prep{s: s}.ExecContext(ctx, s.q(`INSERT INTO invoice_links (company_id, invoice_id, token_hash, created_at)
		SELECT company_id, id, ?, ? FROM invoices WHERE company_id = ? AND id = ?`), hash, s.now(), companyID, invoiceID)
	if err != nil {
		return fmt.Errorf("store: insert invoice link: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFoundErr("invoice")
	}
	return nil
}

// NewLink is a link to mint: the hash of its token (auth.Hash).
type NewLink struct {
	CompanyID, InvoiceID int64
	Hash                 string
}

// CreateLinks stores many links in one statement (a batch of reminders
// about to be sent), to invoices the caller has read: the invoice is not
// checked again.
func (s *Store) CreateLinks(ctx context.Context, links []NewLink) error {
	if len(links) == 0 {
		return nil
	}
	now := s.now()
	args := make([]any, 0, 4*len(links))
	for _, l := range links {
		args = append(args, l.CompanyID, l.InvoiceID, l.Hash, now)
	}
	q := `INSERT INTO invoice_links (company_id, invoice_id, token_hash, created_at) VALUES (?, ?, ?, ?)` +
		strings.Repeat(`, (?, ?, ?, ?)`, len(links)-1)
	var ex sqlx.ExecerContext = s.db
	if len(links) <= maxPadded {
		ex = prep{s: s} // at most maxPadded texts
	}
	defer s.lockWriter(ctx)()
	if _, err := ex.ExecContext(ctx, s.q(q), args...); err != nil {
		return fmt.Errorf("store: insert invoice links: %w", err)
	}
	return nil
}

// InvoiceForLink returns the company and invoice of a live link's hash;
// an unknown or revoked one is not found.
func (s *Store) InvoiceForLink(ctx context.Context, hash string) (companyID, invoiceID int64, err error) {
	var row struct {
		CompanyID int64 `db:"company_id"`
		InvoiceID int64 `db:"invoice_id"`
	}
	err = s.db.GetContext(ctx, &row, s.q(`SELECT company_id, invoice_id FROM invoice_links
		WHERE token_hash = ? AND revoked_at IS NULL`), hash)
	if err != nil {
		return 0, 0, notFound(err, "invoice link")
	}
	return row.CompanyID, row.InvoiceID, nil
}

// RevokeLinks ends every link of an invoice ("Reset link") and records it
// in the invoice's history.
func (s *Store) RevokeLinks(ctx context.Context, companyID, invoiceID int64) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := s.lockInvoice(ctx, tx, companyID, invoiceID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE invoice_links SET revoked_at = ? WHERE company_id = ? AND invoice_id = ?
			AND revoked_at IS NULL`), s.now(), companyID, invoiceID); err != nil {
			return fmt.Errorf("store: revoke invoice links: %w", err)
		}
		return s.addEvent(ctx, tx, companyID, invoiceID, EventLinkReset, "")
	})
}

// lockInvoice checks the invoice belongs to the company (and on PostgreSQL
// locks its row for the transaction).
func (s *Store) lockInvoice(ctx context.Context, tx *sqlx.Tx, companyID, invoiceID int64) error {
	q := `SELECT id FROM invoices WHERE company_id = ? AND id = ?`
	if s.dialect == Postgres {
		q += ` FOR UPDATE`
	}
	var id int64
	if err := tx.GetContext(ctx, &id, s.q(q), companyID, invoiceID); err != nil {
		return notFound(err, "invoice")
	}
	return nil
}

// viewEventGap: views closer together than this are one visit in the
// history (the counters count each).
const viewEventGap = 30 * time.Minute

// RecordView counts a customer's view of the invoice page: the first and
// latest time and the count; a new visit is also an event in the history.
func (s *Store) RecordView(ctx context.Context, companyID, invoiceID int64) error {
	now := s.now()
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		var last *time.Time
		if err := tx.GetContext(ctx, &last, s.q(`SELECT last_viewed_at FROM invoices WHERE company_id = ? AND id = ?`),
			companyID, invoiceID); err != nil {
			return notFound(err, "invoice")
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE invoices SET viewed_at = COALESCE(viewed_at, ?), last_viewed_at = ?,
			view_count = view_count + 1 WHERE company_id = ? AND id = ?`), now, now, companyID, invoiceID); err != nil {
			return fmt.Errorf("store: record view: %w", err)
		}
		if last != nil && now.Sub(*last) < viewEventGap {
			return nil
		}
		return s.addEvent(ctx, tx, companyID, invoiceID, EventViewed, "")
	})
}
