package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/relance-app/relance/internal/invoice"
)

const customerCols = `id, company_id, display_name, company_name, title, first_name, last_name, email, cc, bcc, address,
	language, reminders_paused, email_status, bounce_reason, schedule_id, external_id, created_at, updated_at`

// CreateCustomer validates and stores a customer with its tags, filling
// c.ID. Its schedule, when set, must be one of the company's.
func (s *Store) CreateCustomer(ctx context.Context, c *invoice.Customer) error {
	if err := c.Validate(); err != nil {
		return err
	}
	c.CreatedAt, c.UpdatedAt = s.now(), s.now()
	c.EmailStatus, c.BounceReason = invoice.EmailOK, ""
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback()
	if err := s.checkScheduleOf(ctx, tx, c); err != nil {
		return err
	}
	err = tx.QueryRowxContext(ctx, s.q(`INSERT INTO customers (company_id, display_name, company_name, title, first_name,
		last_name, email, cc, bcc, address, language, reminders_paused, schedule_id, external_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		c.CompanyID, c.DisplayName, c.CompanyName, c.Title, c.FirstName, c.LastName, c.Email, c.Cc, c.Bcc, c.Address,
		c.Language, c.RemindersPaused, c.ScheduleID, c.ExternalID, c.CreatedAt, c.UpdatedAt).Scan(&c.ID)
	if uniqueOn(err, "external_id") {
		return externalIDTaken("customer", c.ExternalID)
	}
	if err != nil {
		return fmt.Errorf("store: insert customer: %w", err)
	}
	if err := s.putTags(ctx, tx, c, true); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit customer: %w", err)
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
	if err := s.loadTags(ctx, q, companyID, []*invoice.Customer{&c}); err != nil {
		return nil, err
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
	if err := s.loadTags(ctx, s.db, companyID, []*invoice.Customer{&c}); err != nil {
		return nil, err
	}
	return &c, nil
}

// CustomerByExternalID returns the company's customer with this
// external_id (compared in its stored form); an empty one finds nothing.
func (s *Store) CustomerByExternalID(ctx context.Context, companyID int64, externalID string) (*invoice.Customer, error) {
	externalID = invoice.NormalizeExternalID(externalID)
	if externalID == "" {
		return nil, notFoundErr("customer")
	}
	var c invoice.Customer
	err := s.db.GetContext(ctx, &c, s.q(`SELECT `+customerCols+` FROM customers WHERE company_id = ? AND external_id = ?`),
		companyID, externalID)
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
	if err := s.checkScheduleOf(ctx, tx, c); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, s.q(`UPDATE customers SET display_name = ?, company_name = ?, title = ?, first_name = ?,
		last_name = ?, email_status = CASE WHEN email = ? THEN email_status ELSE 'ok' END,
		bounce_reason = CASE WHEN email = ? THEN bounce_reason ELSE '' END, email = ?, cc = ?, bcc = ?, address = ?, language = ?,
		reminders_paused = ?, schedule_id = ?, external_id = ?, updated_at = ? WHERE company_id = ? AND id = ?`),
		c.DisplayName, c.CompanyName, c.Title, c.FirstName, c.LastName, c.Email, c.Email, c.Email, c.Cc, c.Bcc, c.Address, c.Language,
		c.RemindersPaused, c.ScheduleID, c.ExternalID, c.UpdatedAt, c.CompanyID, c.ID)
	if uniqueOn(err, "external_id") {
		return externalIDTaken("customer", c.ExternalID)
	}
	if err != nil {
		return fmt.Errorf("store: update customer: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFoundErr("customer")
	}
	if err := s.putTags(ctx, tx, c, false); err != nil {
		return err
	}
	tags := c.Tags
	if err := tx.GetContext(ctx, c, s.q(`SELECT `+customerCols+` FROM customers WHERE id = ?`), c.ID); err != nil {
		return fmt.Errorf("store: reread customer: %w", err)
	}
	c.Tags = tags
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
	return s.ListCustomersTagged(ctx, companyID, "", p)
}

// ListCustomersTagged is ListCustomers limited to the customers with a tag
// (any customer when tag is empty).
func (s *Store) ListCustomersTagged(ctx context.Context, companyID int64, tag string, p Page) ([]invoice.Customer, error) {
	var cs []invoice.Customer
	q, args := `SELECT `+customerCols+` FROM customers WHERE company_id = ? AND id > ?`, []any{companyID, p.After}
	if tag != "" {
		q += ` AND id IN (SELECT customer_id FROM customer_tags WHERE company_id = ? AND tag = ?)`
		args = append(args, companyID, invoice.NormalizeTag(tag))
	}
	err := s.db.SelectContext(ctx, &cs, s.q(q+` ORDER BY id LIMIT ?`), append(args, p.limit())...)
	if err != nil {
		return nil, fmt.Errorf("store: list customers: %w", err)
	}
	ps := make([]*invoice.Customer, len(cs))
	for i := range cs {
		ps[i] = &cs[i]
	}
	if err := s.loadTags(ctx, s.db, companyID, ps); err != nil {
		return nil, err
	}
	return cs, nil
}

// checkScheduleOf refuses a customer's schedule that is not one of its
// company's (nonexistent or another company's), naming the field.
func (s *Store) checkScheduleOf(ctx context.Context, q sqlx.QueryerContext, c *invoice.Customer) error {
	if c.ScheduleID == nil {
		return nil
	}
	var n int
	if err := sqlx.GetContext(ctx, q, &n, s.q(`SELECT COUNT(*) FROM schedules WHERE company_id = ? AND id = ?`),
		c.CompanyID, *c.ScheduleID); err != nil {
		return fmt.Errorf("store: check customer schedule: %w", err)
	}
	if n == 0 {
		f := invoice.FieldErrors{}
		f.Add("schedule_id", "no schedule %d in this company", *c.ScheduleID)
		return f.Err()
	}
	return nil
}

// putTags replaces a customer's tags (fresh: a new customer, none yet).
func (s *Store) putTags(ctx context.Context, tx *sqlx.Tx, c *invoice.Customer, fresh bool) error {
	if !fresh {
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM customer_tags WHERE customer_id = ?`), c.ID); err != nil {
			return fmt.Errorf("store: clear customer tags: %w", err)
		}
	}
	for _, tag := range c.Tags {
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO customer_tags (customer_id, company_id, tag) VALUES (?, ?, ?)`),
			c.ID, c.CompanyID, tag); err != nil {
			return fmt.Errorf("store: add customer tag: %w", err)
		}
	}
	return nil
}

// loadTags fills the tags of customers of one company, in one query.
func (s *Store) loadTags(ctx context.Context, q sqlx.QueryerContext, companyID int64, cs []*invoice.Customer) error {
	if len(cs) == 0 {
		return nil
	}
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
		c.Tags = []string{}
	}
	tags, err := s.tagsOf(ctx, q, companyID, ids)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if t := tags[c.ID]; t != nil {
			c.Tags = t
		}
	}
	return nil
}

// tagsOf reads the tags of customers of one company, by customer, each
// list in alphabetical order.
func (s *Store) tagsOf(ctx context.Context, q sqlx.QueryerContext, companyID int64, customerIDs []int64) (map[int64][]string, error) {
	q, customerIDs = s.inList(q, customerIDs)
	query, args, err := inQuery(`SELECT customer_id, tag FROM customer_tags WHERE company_id = ? AND customer_id IN (?)
		ORDER BY customer_id, tag`, companyID, customerIDs)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		CustomerID int64  `db:"customer_id"`
		Tag        string `db:"tag"`
	}
	if err := sqlx.SelectContext(ctx, q, &rows, s.q(query), args...); err != nil {
		return nil, fmt.Errorf("store: load customer tags: %w", err)
	}
	out := map[int64][]string{}
	for _, r := range rows {
		out[r.CustomerID] = append(out[r.CustomerID], r.Tag)
	}
	return out, nil
}
