package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
)

const companyCols = `id, name, email, address, timezone, language, currency, brand_color, logo, logo_type, created_at,
	payment_instructions_en, payment_instructions_fr, pay_url_template, tax_number_1, tax_number_2, tax_name_1, tax_rate_1, tax_name_2, tax_rate_2`

// CreateCompany validates and stores a company with default reminder
// settings, filling c.ID.
func (s *Store) CreateCompany(ctx context.Context, c *invoice.Company) error {
	if err := c.Validate(); err != nil {
		return err
	}
	c.CreatedAt = s.now()
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		err := tx.QueryRowxContext(ctx, s.q(`INSERT INTO companies (name, email, address, timezone, language, currency, brand_color, logo, logo_type, created_at,
			payment_instructions_en, payment_instructions_fr, pay_url_template, tax_number_1, tax_number_2,
			tax_name_1, tax_rate_1, tax_name_2, tax_rate_2)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			c.Name, c.Email, c.Address, c.Timezone, c.Language, c.Currency, c.BrandColor, c.Logo, c.LogoType, c.CreatedAt,
			c.PaymentInstructionsEN, c.PaymentInstructionsFR, c.PayURLTemplate, c.TaxNumber1, c.TaxNumber2,
			c.TaxName1, c.TaxRate1, c.TaxName2, c.TaxRate2).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("store: insert company: %w", err)
		}
		return s.putSettings(ctx, tx, c.ID, reminder.DefaultSettings(c.Timezone))
	})
}

// GetCompany returns one company.
func (s *Store) GetCompany(ctx context.Context, id int64) (*invoice.Company, error) {
	return s.getCompany(ctx, s.db, id)
}

func (s *Store) getCompany(ctx context.Context, q sqlx.QueryerContext, id int64) (*invoice.Company, error) {
	var c invoice.Company
	err := sqlx.GetContext(ctx, q, &c, s.q(`SELECT `+companyCols+` FROM companies WHERE id = ?`), id)
	if err != nil {
		return nil, notFound(err, "company")
	}
	return &c, nil
}

// ListCompanies returns every company, oldest first.
func (s *Store) ListCompanies(ctx context.Context) ([]invoice.Company, error) {
	var cs []invoice.Company
	if err := s.db.SelectContext(ctx, &cs, `SELECT `+companyCols+` FROM companies ORDER BY id`); err != nil {
		return nil, fmt.Errorf("store: list companies: %w", err)
	}
	return cs, nil
}

// UpdateCompany stores a validated company. A time zone change re-plans the
// company's reminders, since trigger instants move with it.
func (t *Tx) UpdateCompany(ctx context.Context, c *invoice.Company) error {
	s, tx := t.s, t.tx
	if err := c.Validate(); err != nil {
		return err
	}
	var oldTZ string
	if err := tx.GetContext(ctx, &oldTZ, s.q(`SELECT timezone FROM companies WHERE id = ?`), c.ID); err != nil {
		return notFound(err, "company")
	}
	_, err := tx.ExecContext(ctx, s.q(`UPDATE companies SET name = ?, email = ?, address = ?, timezone = ?, language = ?,
		currency = ?, brand_color = ?, logo = ?, logo_type = ?, payment_instructions_en = ?, payment_instructions_fr = ?,
		pay_url_template = ?, tax_number_1 = ?, tax_number_2 = ?, tax_name_1 = ?, tax_rate_1 = ?, tax_name_2 = ?,
		tax_rate_2 = ? WHERE id = ?`),
		c.Name, c.Email, c.Address, c.Timezone, c.Language, c.Currency, c.BrandColor, c.Logo, c.LogoType,
		c.PaymentInstructionsEN, c.PaymentInstructionsFR, c.PayURLTemplate, c.TaxNumber1, c.TaxNumber2,
		c.TaxName1, c.TaxRate1, c.TaxName2, c.TaxRate2, c.ID)
	if err != nil {
		return fmt.Errorf("store: update company: %w", err)
	}
	if oldTZ != c.Timezone {
		t.TouchCompany(c.ID)
	}
	return nil
}

// ReminderSettings returns a company's settings; the time zone is always the
// company's own.
func (s *Store) ReminderSettings(ctx context.Context, companyID int64) (*reminder.Settings, error) {
	return s.settingsTx(ctx, s.db, companyID)
}

func (s *Store) settingsTx(ctx context.Context, q sqlx.QueryerContext, companyID int64) (*reminder.Settings, error) {
	raw, tz, err := s.settingsRow(ctx, q, companyID)
	if err != nil {
		return nil, err
	}
	return decodeSettings(companyID, raw, tz)
}

func (s *Store) settingsRow(ctx context.Context, q sqlx.QueryerContext, companyID int64) (raw, tz string, err error) {
	var row struct {
		Settings string `db:"settings"`
		Timezone string `db:"timezone"`
	}
	err = sqlx.GetContext(ctx, q, &row, s.q(`SELECT r.settings, c.timezone FROM reminder_settings r
		JOIN companies c ON c.id = r.company_id WHERE r.company_id = ?`), companyID)
	if err != nil {
		return "", "", notFound(err, "reminder settings")
	}
	return row.Settings, row.Timezone, nil
}

func decodeSettings(companyID int64, raw, tz string) (*reminder.Settings, error) {
	var st reminder.Settings
	if err := json.Unmarshal([]byte(raw), &st); err != nil {
		return nil, fmt.Errorf("store: decode reminder settings of company %d: %w", companyID, err)
	}
	st.Timezone = tz
	st.Normalize()
	return &st, nil
}

// settingsShared is settingsTx for readers that change at most the
// top-level fields of what they get (the send path and the planner): a
// shallow copy of settings decoded once per stored text, so its maps and
// slices are shared with other readers and must not be written (copy
// them first, as Preview does with the steps).
func (s *Store) settingsShared(ctx context.Context, q sqlx.QueryerContext, companyID int64) (*reminder.Settings, error) {
	raw, tz, err := s.settingsRow(ctx, q, companyID)
	if err != nil {
		return nil, err
	}
	if st, ok := s.settings.get(companyID, raw, tz); ok {
		return st, nil
	}
	st, err := decodeSettings(companyID, raw, tz)
	if err != nil {
		return nil, err
	}
	s.settings.put(companyID, raw, tz, st)
	return st, nil
}

// PutReminderSettings validates and stores settings, moves the company to
// the settings' time zone, and re-plans every open invoice.
func (t *Tx) PutReminderSettings(ctx context.Context, companyID int64, st *reminder.Settings) error {
	s, tx := t.s, t.tx
	st.Normalize()
	if err := st.Validate(); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, s.q(`UPDATE companies SET timezone = ? WHERE id = ?`), st.Timezone, companyID)
	if err != nil {
		return fmt.Errorf("store: update company time zone: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFoundErr("company")
	}
	if err := s.putSettings(ctx, tx, companyID, *st); err != nil {
		return err
	}
	t.TouchCompany(companyID)
	return nil
}

func (s *Store) putSettings(ctx context.Context, tx *sqlx.Tx, companyID int64, st reminder.Settings) error {
	b, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("store: encode reminder settings: %w", err)
	}
	_, err = tx.ExecContext(ctx, s.q(`INSERT INTO reminder_settings (company_id, settings, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (company_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`),
		companyID, string(b), s.now())
	if err != nil {
		return fmt.Errorf("store: save reminder settings: %w", err)
	}
	return nil
}
