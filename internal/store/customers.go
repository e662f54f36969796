package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/relance-app/relance/internal/invoice"
)

const customerCols = `id, company_id, display_name, company_name, title, first_name, last_name, email, cc, bcc, address,
	language, reminders_paused, email_status, bounce_reason, created_at, updated_at`

// CreateCustomer validates and stores a customer, filling c.ID.
func (s *Store) CreateCustomer(ctx context.Context, c *invoice.Customer) error {
	if err := c.Validate(); err != nil {
		return err
	}
	c.CreatedAt, c.UpdatedAt = s.now(), s.now()
	c.EmailStatus, c.BounceReason = invoice.EmailOK, ""
	err := s.db.QueryRowxContext(ctx, s.q(`INSERT INTO customers (company_id, display_name, company_name, title, first_name,
		last_name, email, cc, bcc, address, language, reminders_paused, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		c.CompanyID, c.DisplayName, c.CompanyName, c.Title, c.FirstName, c.LastName, c.Email, c.Cc, c.Bcc, c.Address,
		c.Language, c.RemindersPaused, c.CreatedAt, c.UpdatedAt).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("store: insert customer: %w", err)
	}
	return nil
}

// GetCustomer returns a customer of the company; another company's customer
// is not found.
func (s *Store) GetCustomer(ctx context.Context, companyID, id int64) (*invoice.Customer, error) {
	return s.getCustomer(ctx, s.db, companyID, id)
}

func (s *Store) getCustomer(ctx context.Context, q sqlx.QueryerContext, companyID, id int64) (*invoice.Customer, error) {
	var c invoice.Customer
	err := sqlx.GetContext(ctx, q, &c, s.q(`SELECT `+customerCols+` FROM customers WHERE company_id = ? AND id = ?`), companyID, id)
	if err != nil {
		return nil, notFound(err, "customer")
	}
	return &c, nil
}

// FindCustomerByName returns the first customer with exactly this display name.
func (s *Store) FindCustomerByName(ctx context.Context, companyID int64, name string) (*invoice.Customer, error) {
	var c invoice.Customer
	err := s.db.GetContext(ctx, &c, s.q(`SELECT `+customerCols+` FROM customers WHERE company_id = ? AND display_name = ?
		ORDER BY id LIMIT 1`), companyID, name)
	if err != nil {
		return nil, notFound(err, "customer")
	}
	return &c, nil
}

// UpdateCustomer stores a validated customer; pausing or resuming re-plans
// the customer's invoices. A changed email address clears the bouncing
// flag (automatic reminders resume).
func (t *Tx) UpdateCustomer(ctx context.Context, c *invoice.Customer) error {
	s, tx := t.s, t.tx
	if err := c.Validate(); err != nil {
		return err
	}
	c.UpdatedAt = s.now()
	res, err := tx.ExecContext(ctx, s.q(`UPDATE customers SET display_name = ?, company_name = ?, title = ?, first_name = ?,
		last_name = ?, email_status = CASE WHEN email = ? THEN email_status ELSE 'ok' END,
		bounce_reason = CASE WHEN email = ? THEN bounce_reason ELSE '' END, email = ?, cc = ?, bcc = ?, address = ?, language = ?,
		reminders_paused = ?, updated_at = ? WHERE company_id = ? AND id = ?`),
		c.DisplayName, c.CompanyName, c.Title, c.FirstName, c.LastName, c.Email, c.Email, c.Email, c.Cc, c.Bcc, c.Address, c.Language,
		c.RemindersPaused, c.UpdatedAt, c.CompanyID, c.ID)
	if err != nil {
		return fmt.Errorf("store: update customer: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFoundErr("customer")
	}
	if err := tx.GetContext(ctx, c, s.q(`SELECT `+customerCols+` FROM customers WHERE id = ?`), c.ID); err != nil {
		return fmt.Errorf("store: reread customer: %w", err)
	}
	t.TouchCustomer(c.CompanyID, c.ID)
	return nil
}

// Page asks for up to Limit rows after the Cursor id.
type Page struct {
	After int64
	Limit int
}

func (p Page) limit() int {
	switch {
	case p.Limit <= 0:
		return 50
	case p.Limit > 500:
		return 500
	}
	return p.Limit
}

// ListCustomers pages through a company's customers by id.
func (s *Store) ListCustomers(ctx context.Context, companyID int64, p Page) ([]invoice.Customer, error) {
	var cs []invoice.Customer
	err := s.db.SelectContext(ctx, &cs, s.q(`SELECT `+customerCols+` FROM customers WHERE company_id = ? AND id > ?
		ORDER BY id LIMIT ?`), companyID, p.After, p.limit())
	if err != nil {
		return nil, fmt.Errorf("store: list customers: %w", err)
	}
	return cs, nil
}
