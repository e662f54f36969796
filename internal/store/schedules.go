package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
)

// Named schedules: a company's schedules beside its default one (its
// reminder settings). Conditions and cadence are stored as JSON documents.
// Every change re-plans the company's invoices (TouchCompany), as a change
// of the reminder settings does: which schedule applies, and what it says,
// may change for any of them.

type scheduleRow struct {
	ID         int64     `db:"id"`
	CompanyID  int64     `db:"company_id"`
	Name       string    `db:"name"`
	Priority   int       `db:"priority"`
	Conditions string    `db:"conditions"`
	Cadence    string    `db:"cadence"`
	CreatedAt  time.Time `db:"created_at"`
	UpdatedAt  time.Time `db:"updated_at"`
}

const scheduleCols = `id, company_id, name, priority, conditions, cadence, created_at, updated_at`

func (r scheduleRow) schedule() (reminder.Schedule, error) {
	sc := reminder.Schedule{ID: r.ID, Name: r.Name, Priority: r.Priority}
	if err := json.Unmarshal([]byte(r.Conditions), &sc.Conditions); err != nil {
		return sc, fmt.Errorf("store: decode conditions of schedule %d: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Cadence), &sc.Cadence); err != nil {
		return sc, fmt.Errorf("store: decode cadence of schedule %d: %w", r.ID, err)
	}
	if sc.Conditions.Currencies == nil {
		sc.Conditions.Currencies = []string{}
	}
	if sc.Conditions.CustomerTags == nil {
		sc.Conditions.CustomerTags = []string{}
	}
	return sc, nil
}

// Schedules lists a company's named schedules by priority, then id (the
// order in which their conditions are tried).
func (s *Store) Schedules(ctx context.Context, companyID int64) ([]reminder.Schedule, error) {
	return s.schedules(ctx, prep{s: s}, companyID)
}

// Schedules is Store.Schedules inside the transaction (the re-plan and the scan).
func (t *Tx) Schedules(ctx context.Context, companyID int64) ([]reminder.Schedule, error) {
	return t.s.schedules(ctx, prep{t.s, t.tx}, companyID)
}

func (s *Store) schedules(ctx context.Context, q sqlx.QueryerContext, companyID int64) ([]reminder.Schedule, error) {
	var rows []scheduleRow
	if err := sqlx.SelectContext(ctx, q, &rows, s.q(`SELECT `+scheduleCols+` FROM schedules WHERE company_id = ?
		ORDER BY priority, id`), companyID); err != nil {
		return nil, fmt.Errorf("store: list schedules: %w", err)
	}
	out := make([]reminder.Schedule, 0, len(rows))
	for _, r := range rows {
		sc, err := r.schedule()
		if err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, nil
}

// GetSchedule returns a named schedule of the company; another company's
// is not found.
func (s *Store) GetSchedule(ctx context.Context, companyID, id int64) (*reminder.Schedule, error) {
	var r scheduleRow
	if err := s.db.GetContext(ctx, &r, s.q(`SELECT `+scheduleCols+` FROM schedules WHERE company_id = ? AND id = ?`),
		companyID, id); err != nil {
		return nil, notFound(err, "schedule")
	}
	sc, err := r.schedule()
	if err != nil {
		return nil, err
	}
	return &sc, nil
}

// CreateSchedule validates and stores a named schedule, filling sc.ID, and
// re-plans the company's invoices.
func (t *Tx) CreateSchedule(ctx context.Context, companyID int64, sc *reminder.Schedule) error {
	s, tx := t.s, t.tx
	if err := t.checkSchedule(ctx, companyID, sc); err != nil {
		return err
	}
	cond, cad, err := encodeSchedule(sc)
	if err != nil {
		return err
	}
	now := s.now()
	err = tx.QueryRowxContext(ctx, s.q(`INSERT INTO schedules (company_id, name, priority, conditions, cadence, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`), companyID, sc.Name, sc.Priority, cond, cad, now, now).Scan(&sc.ID)
	if err != nil {
		if isUnique(err) {
			return nameTaken()
		}
		return fmt.Errorf("store: insert schedule: %w", err)
	}
	t.TouchCompany(companyID)
	return nil
}

// UpdateSchedule validates and replaces a named schedule, and re-plans the
// company's invoices.
func (t *Tx) UpdateSchedule(ctx context.Context, companyID int64, sc *reminder.Schedule) error {
	s, tx := t.s, t.tx
	if err := t.checkSchedule(ctx, companyID, sc); err != nil {
		return err
	}
	cond, cad, err := encodeSchedule(sc)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, s.q(`UPDATE schedules SET name = ?, priority = ?, conditions = ?, cadence = ?, updated_at = ?
		WHERE company_id = ? AND id = ?`), sc.Name, sc.Priority, cond, cad, s.now(), companyID, sc.ID)
	if err != nil {
		if isUnique(err) {
			return nameTaken()
		}
		return fmt.Errorf("store: update schedule: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFoundErr("schedule")
	}
	t.TouchCompany(companyID)
	return nil
}

// ScheduleCustomer is a customer whose own schedule is a given one.
type ScheduleCustomer struct {
	ID          int64  `db:"id" json:"id"`
	DisplayName string `db:"display_name" json:"display_name"`
}

// ScheduleCustomers lists the customers whose own schedule is id, by name
// (those that fall back when it is deleted).
func (s *Store) ScheduleCustomers(ctx context.Context, companyID, id int64) ([]ScheduleCustomer, error) {
	return s.scheduleCustomers(ctx, s.db, companyID, id)
}

func (s *Store) scheduleCustomers(ctx context.Context, q sqlx.QueryerContext, companyID, id int64) ([]ScheduleCustomer, error) {
	out := []ScheduleCustomer{}
	if err := sqlx.SelectContext(ctx, q, &out, s.q(`SELECT id, display_name FROM customers
		WHERE company_id = ? AND schedule_id = ? ORDER BY display_name, id`), companyID, id); err != nil {
		return nil, fmt.Errorf("store: customers of schedule: %w", err)
	}
	return out, nil
}

// DeleteSchedule deletes a named schedule. The customers whose own schedule
// it was fall back (schedule_id NULL: by conditions, else the default);
// they are returned. The company's invoices are planned again.
func (t *Tx) DeleteSchedule(ctx context.Context, companyID, id int64) ([]ScheduleCustomer, error) {
	s, tx := t.s, t.tx
	fell, err := s.scheduleCustomers(ctx, tx, companyID, id)
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, s.q(`UPDATE customers SET schedule_id = NULL, updated_at = ?
		WHERE company_id = ? AND schedule_id = ?`), s.now(), companyID, id); err != nil {
		return nil, fmt.Errorf("store: release customers of schedule: %w", err)
	}
	res, err := tx.ExecContext(ctx, s.q(`DELETE FROM schedules WHERE company_id = ? AND id = ?`), companyID, id)
	if err != nil {
		return nil, fmt.Errorf("store: delete schedule: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, notFoundErr("schedule")
	}
	t.TouchCompany(companyID)
	return fell, nil
}

// checkSchedule validates a schedule and refuses a name another schedule
// of the company has (422 on the name, not a bare conflict).
func (t *Tx) checkSchedule(ctx context.Context, companyID int64, sc *reminder.Schedule) error {
	if err := sc.Validate(); err != nil {
		return err
	}
	var n int
	if err := t.tx.GetContext(ctx, &n, t.s.q(`SELECT COUNT(*) FROM schedules WHERE company_id = ? AND name = ? AND id <> ?`),
		companyID, sc.Name, sc.ID); err != nil {
		return fmt.Errorf("store: check schedule name: %w", err)
	}
	if n > 0 {
		return nameTaken()
	}
	return nil
}

func nameTaken() error {
	f := invoice.FieldErrors{}
	f.Add("name", "another schedule has this name")
	return f.Err()
}

func encodeSchedule(sc *reminder.Schedule) (cond, cad string, err error) {
	c, err := json.Marshal(sc.Conditions)
	if err != nil {
		return "", "", fmt.Errorf("store: encode conditions: %w", err)
	}
	d, err := json.Marshal(sc.Cadence)
	if err != nil {
		return "", "", fmt.Errorf("store: encode cadence: %w", err)
	}
	return string(c), string(d), nil
}

// ScheduleInput is what chooses a customer's invoices' schedule.
type ScheduleInput struct {
	ScheduleID *int64
	Tags       []string
}

// ScheduleInputs reads the own schedule and tags of customers of a company.
func (s *Store) ScheduleInputs(ctx context.Context, companyID int64, customerIDs []int64) (map[int64]ScheduleInput, error) {
	out := make(map[int64]ScheduleInput, len(customerIDs))
	if len(customerIDs) == 0 {
		return out, nil
	}
	q, args, err := inQuery(`SELECT id, schedule_id FROM customers WHERE company_id = ? AND id IN (?)`, companyID, customerIDs)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		ID         int64  `db:"id"`
		ScheduleID *int64 `db:"schedule_id"`
	}
	if err := s.db.SelectContext(ctx, &rows, s.q(q), args...); err != nil {
		return nil, fmt.Errorf("store: customers' schedules: %w", err)
	}
	tags, err := s.tagsOf(ctx, s.db, companyID, customerIDs)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ID] = ScheduleInput{ScheduleID: r.ScheduleID, Tags: tags[r.ID]}
	}
	return out, nil
}
