package books

import (
	"context"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/schedule"
	"github.com/relance-app/relance/internal/store"
)

// Named schedules: which one applies to an invoice is chosen here
// (schedule.Resolver, pure), once per batch of invoices, and its cadence
// put in the planner's settings (input). docs/schedules.md.

// Why says which rule chose an invoice's schedule; Text words it in a language.
type Why = schedule.Why

// The Why codes (stable, for the API).
const (
	WhyCustomer   = schedule.WhyCustomer
	WhyConditions = schedule.WhyConditions
	WhyDefault    = schedule.WhyDefault
)

// Applied is the schedule an invoice follows: a named one (ID, Name) or
// the company's default (ID nil), and why.
type Applied struct {
	ID   *int64
	Name string
	Why  Why
}

// txResolver reads the company's named schedules once for a batch.
func txResolver(ctx context.Context, tx *store.Tx, companyID int64) (*schedule.Resolver, error) {
	named, err := tx.Schedules(ctx, companyID)
	if err != nil {
		return nil, err
	}
	return schedule.NewResolver(named), nil
}

func applied(s *reminder.Schedule, why Why) Applied {
	if s == nil {
		return Applied{Why: why}
	}
	id := s.ID
	return Applied{ID: &id, Name: s.Name, Why: why}
}

// resolveContext chooses the schedule of a send context's invoice and puts
// its cadence in sc.Settings (a copy: the company's settings are not
// changed), once per context, so that the re-check and the message (the
// step's template) follow the invoice's schedule.
func resolveContext(sc *store.SendContext) Applied {
	chosen, why := schedule.Resolve(sc.Customer.ScheduleID, sc.Customer.Tags, sc.Invoice.Balance, sc.Invoice.Currency, sc.Schedules)
	if chosen != nil && !sc.Resolved {
		set := *sc.Settings
		set.Cadence = chosen.Cadence
		sc.Settings = &set
	}
	sc.Resolved = true
	return applied(chosen, why)
}

// ResolveContext is resolveContext for the engine, which renders a
// reminder's template from sc.Settings after loading it.
func (b *Books) ResolveContext(sc *store.SendContext) Applied { return resolveContext(sc) }

// ScheduleOf says which schedule applies to each of a company's invoices
// (at most a page of them), reading the named schedules once.
func (b *Books) ScheduleOf(ctx context.Context, companyID int64, invs []*invoice.Invoice) (map[int64]Applied, error) {
	out := make(map[int64]Applied, len(invs))
	if len(invs) == 0 {
		return out, nil
	}
	named, err := b.store.Schedules(ctx, companyID)
	if err != nil {
		return nil, err
	}
	res := schedule.NewResolver(named)
	if res.Empty() {
		for _, inv := range invs {
			out[inv.ID] = Applied{Why: Why{Code: WhyDefault}}
		}
		return out, nil
	}
	custs, err := b.store.ScheduleInputs(ctx, companyID, customerIDs(invs))
	if err != nil {
		return nil, err
	}
	for _, inv := range invs {
		c := custs[inv.CustomerID]
		out[inv.ID] = applied(res.Resolve(c.ScheduleID, c.Tags, inv.Balance, inv.Currency))
	}
	return out, nil
}

func customerIDs(invs []*invoice.Invoice) []int64 {
	seen := map[int64]bool{}
	var ids []int64
	for _, inv := range invs {
		if !seen[inv.CustomerID] {
			seen[inv.CustomerID] = true
			ids = append(ids, inv.CustomerID)
		}
	}
	return ids
}

// CreateSchedule stores a named schedule; the company's invoices are
// planned again.
func (b *Books) CreateSchedule(ctx context.Context, companyID int64, s *reminder.Schedule) error {
	return b.Write(ctx, func(tx *store.Tx) error { return tx.CreateSchedule(ctx, companyID, s) })
}

// UpdateSchedule replaces a named schedule; the company's invoices are
// planned again.
func (b *Books) UpdateSchedule(ctx context.Context, companyID int64, s *reminder.Schedule) error {
	return b.Write(ctx, func(tx *store.Tx) error { return tx.UpdateSchedule(ctx, companyID, s) })
}

// DeleteSchedule deletes a named schedule and returns the customers whose
// own schedule it was (they fall back to conditions, else the default).
func (b *Books) DeleteSchedule(ctx context.Context, companyID, id int64) ([]store.ScheduleCustomer, error) {
	var fell []store.ScheduleCustomer
	err := b.Write(ctx, func(tx *store.Tx) error {
		var err error
		fell, err = tx.DeleteSchedule(ctx, companyID, id)
		return err
	})
	return fell, err
}
