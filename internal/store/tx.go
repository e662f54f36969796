package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// Tx is a write transaction on the books. The writes that change what
// reminders are planned for an invoice exist only on Tx, and a Tx exists
// only inside Store.Write, which hands what the writes touched to the
// re-planner before committing: no write can forget to re-plan.
type Tx struct {
	s     *Store
	tx    *sqlx.Tx
	dirty Dirty
	// stamps are sent messages' invoice stamps (column → invoice → time)
	// not yet written: the re-plan's UPDATE of the same rows writes them
	// (one new row version instead of two), and write what is left.
	stamps map[string]map[int64]time.Time
}

// Dirty is what a transaction's writes changed, for the re-plan.
type Dirty struct {
	Invoices  map[int64]int64          // invoice id → company id
	Customers map[CustomerKey]struct{} // every invoice of the customer
	Companies map[int64]struct{}       // every invoice of the company
}

// CustomerKey names one customer of one company.
type CustomerKey struct{ CompanyID, CustomerID int64 }

// Empty reports whether nothing needs planning again.
func (d Dirty) Empty() bool {
	return len(d.Invoices) == 0 && len(d.Customers) == 0 && len(d.Companies) == 0
}

// Replan re-plans what a transaction touched, inside it. Package books
// provides the one implementation; the store never plans.
type Replan func(ctx context.Context, tx *Tx, d Dirty) error

// Write runs fn in one transaction, then replan over what fn's writes
// touched, and commits when both succeed.
func (s *Store) Write(ctx context.Context, replan Replan, fn func(*Tx) error) error {
	return s.write(ctx, replan, fn, true)
}

// Try is Write rolled back at the end: a dry run.
func (s *Store) Try(ctx context.Context, replan Replan, fn func(*Tx) error) error {
	return s.write(ctx, replan, fn, false)
}

var errNoReplan = errors.New("store: a write needs a re-planner")

func (s *Store) write(ctx context.Context, replan Replan, fn func(*Tx) error, commit bool) error {
	if replan == nil {
		return errNoReplan
	}
	defer s.lockWriter(ctx)()
	sqlTx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer sqlTx.Rollback()
	t := &Tx{s: s, tx: sqlTx}
	if err := fn(t); err != nil {
		return err
	}
	if !t.dirty.Empty() {
		if err := replan(ctx, t, t.dirty); err != nil {
			return err
		}
	}
	if err := t.writeStamps(ctx); err != nil {
		return err
	}
	if !commit {
		return nil
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// TouchInvoice marks one invoice for re-planning.
func (t *Tx) TouchInvoice(companyID, invoiceID int64) {
	if t.dirty.Invoices == nil {
		t.dirty.Invoices = map[int64]int64{}
	}
	t.dirty.Invoices[invoiceID] = companyID
}

// TouchCustomer marks every invoice of a customer for re-planning.
func (t *Tx) TouchCustomer(companyID, customerID int64) {
	if t.dirty.Customers == nil {
		t.dirty.Customers = map[CustomerKey]struct{}{}
	}
	t.dirty.Customers[CustomerKey{companyID, customerID}] = struct{}{}
}

// TouchCompany marks every invoice of a company for re-planning.
func (t *Tx) TouchCompany(companyID int64) {
	if t.dirty.Companies == nil {
		t.dirty.Companies = map[int64]struct{}{}
	}
	t.dirty.Companies[companyID] = struct{}{}
}
