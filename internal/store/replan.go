package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/relance-app/relance/internal/reminder"
)

// nextWake is the instant the scan must look at an invoice again: when a
// step is due now, its planned instant (already past); else the next planned
// one; nil when nothing is planned. Keeping it in invoices.next_reminder_at
// makes the scan an index range read of what is due.
func nextWake(d reminder.Decision) (*time.Time, *int) {
	var p *reminder.Planned
	switch {
	case d.Due != nil:
		p = d.Due
	case d.Next != nil:
		p = d.Next
	default:
		return nil, nil
	}
	at := p.At.UTC().Truncate(time.Microsecond)
	step := p.Step
	return &at, &step
}

// planInput loads what the planner needs about one invoice inside tx,
// through the scan's batched loader.
func (s *Store) planInput(ctx context.Context, tx *sqlx.Tx, companyID, invoiceID int64, st *reminder.Settings) (reminder.PlanInput, error) {
	if st == nil {
		var err error
		if st, err = s.settingsTx(ctx, tx, companyID); err != nil {
			return reminder.PlanInput{}, err
		}
	}
	ins, err := s.planInputs(ctx, tx, companyID, []int64{invoiceID}, st, s.now())
	if err != nil {
		return reminder.PlanInput{}, err
	}
	if len(ins) == 0 {
		return reminder.PlanInput{}, notFoundErr("invoice")
	}
	return ins[0].PlanInput, nil
}

// replanOne recomputes one invoice's next reminder inside tx.
func (s *Store) replanOne(ctx context.Context, tx *sqlx.Tx, companyID, invoiceID int64, st *reminder.Settings) error {
	in, err := s.planInput(ctx, tx, companyID, invoiceID, st)
	if err != nil {
		return err
	}
	return s.setNext(ctx, tx, invoiceID, reminder.Plan(in))
}

func (s *Store) setNext(ctx context.Context, tx *sqlx.Tx, invoiceID int64, d reminder.Decision) error {
	at, step := nextWake(d)
	st, err := s.txStmt(ctx, tx, `UPDATE invoices SET next_reminder_at = ?, next_reminder_step = ? WHERE id = ?`)
	if err != nil {
		return fmt.Errorf("store: plan next reminder: %w", err)
	}
	defer st.Close()
	if _, err := st.ExecContext(ctx, at, step, invoiceID); err != nil {
		return fmt.Errorf("store: plan next reminder: %w", err)
	}
	return nil
}

// replanWhere re-plans the company's invoices matching cond. Closed invoices
// lose their plan in one statement; open ones are planned one by one.
func (s *Store) replanWhere(ctx context.Context, tx *sqlx.Tx, companyID int64, cond string, args ...any) error {
	st, err := s.settingsTx(ctx, tx, companyID)
	if err != nil {
		return err
	}
	all := append([]any{companyID}, args...)
	if _, err := tx.ExecContext(ctx, s.q(`UPDATE invoices SET next_reminder_at = NULL, next_reminder_step = NULL
		WHERE company_id = ? AND `+cond+` AND (voided = TRUE OR draft = TRUE OR balance <= 0)`), all...); err != nil {
		return fmt.Errorf("store: clear plans: %w", err)
	}
	var ids []int64
	if err := tx.SelectContext(ctx, &ids, s.q(`SELECT id FROM invoices WHERE company_id = ? AND `+cond+`
		AND voided = FALSE AND draft = FALSE AND balance > 0`), all...); err != nil {
		return fmt.Errorf("store: list invoices to plan: %w", err)
	}
	for _, id := range ids {
		if err := s.replanOne(ctx, tx, companyID, id, st); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) replanCompany(ctx context.Context, tx *sqlx.Tx, companyID int64) error {
	return s.replanWhere(ctx, tx, companyID, `1 = 1`)
}
