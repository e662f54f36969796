package books

import (
	"context"
	"maps"
	"slices"
	"time"

	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/schedule"
	"github.com/relance-app/relance/internal/store"
)

// planChunk bounds the invoices loaded at once by a re-plan.
const planChunk = 500

// replan plans again, inside tx, every invoice a transaction touched: a
// whole company, a customer's invoices, or single invoices.
func (b *Books) replan(ctx context.Context, tx *store.Tx, d store.Dirty) error {
	now := b.Now()
	for _, companyID := range slices.Sorted(maps.Keys(d.Companies)) {
		if err := b.replanScope(ctx, tx, store.InvoiceScope{CompanyID: companyID}, now); err != nil {
			return err
		}
	}
	for _, k := range slices.SortedFunc(maps.Keys(d.Customers), func(a, b store.CustomerKey) int {
		return int(a.CustomerID - b.CustomerID)
	}) {
		if _, whole := d.Companies[k.CompanyID]; whole {
			continue
		}
		if err := b.replanScope(ctx, tx, store.InvoiceScope{CompanyID: k.CompanyID, CustomerID: k.CustomerID}, now); err != nil {
			return err
		}
	}
	byCompany := map[int64][]int64{}
	for id, companyID := range d.Invoices {
		if _, whole := d.Companies[companyID]; !whole {
			byCompany[companyID] = append(byCompany[companyID], id)
		}
	}
	for companyID, ids := range byCompany {
		slices.Sort(ids)
		if err := b.replanIDs(ctx, tx, companyID, ids, now); err != nil {
			return err
		}
	}
	return nil
}

// replanScope clears the plans of the scope's closed invoices in one
// statement and plans the open ones.
func (b *Books) replanScope(ctx context.Context, tx *store.Tx, sc store.InvoiceScope, now time.Time) error {
	if err := tx.ClearClosedPlans(ctx, sc); err != nil {
		return err
	}
	ids, err := tx.OpenInvoiceIDs(ctx, sc)
	if err != nil {
		return err
	}
	return b.replanIDs(ctx, tx, sc.CompanyID, ids, now)
}

// replanIDs stores the next reminder of invoices of one company.
func (b *Books) replanIDs(ctx context.Context, tx *store.Tx, companyID int64, ids []int64, now time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	st, err := tx.Settings(ctx, companyID)
	if err != nil {
		return err
	}
	res, err := txResolver(ctx, tx, companyID)
	if err != nil {
		return err
	}
	for start := 0; start < len(ids); start += planChunk {
		rows, err := tx.PlanRows(ctx, companyID, ids[start:min(start+planChunk, len(ids))])
		if err != nil {
			return err
		}
		nexts := make([]store.NextPlan, 0, len(rows))
		for _, r := range rows {
			nexts = append(nexts, nextPlan(r.Invoice.ID, schedule.Plan(input(st, res, r, now))))
		}
		if err := tx.SetNextPlans(ctx, nexts); err != nil {
			return err
		}
	}
	return nil
}

// input is the planner's view of one stored invoice: the company's
// settings with the cadence of the invoice's schedule (res chooses it among
// the company's named schedules; the planner never knows which).
func input(st *reminder.Settings, res *schedule.Resolver, r store.PlanRow, now time.Time) schedule.Input {
	set := *st
	if !res.Empty() {
		if chosen, _ := res.Resolve(r.CustomerScheduleID, r.CustomerTags, r.Invoice.Balance, r.Invoice.Currency); chosen != nil {
			set.Cadence = chosen.Cadence
		}
	}
	return schedule.Input{Settings: set, Invoice: r.Invoice, CustomerPaused: r.CustomerPaused,
		CustomerBouncing: r.CustomerBouncing, History: r.History, Now: now}
}

// nextPlan is the instant the scan must look at an invoice again: when a
// step is due now, its planned instant (already past); else the next
// planned one; never when nothing is planned. Keeping it on the invoice
// makes the scan an index range read of what is due.
func nextPlan(invoiceID int64, d schedule.Decision) store.NextPlan {
	p := d.Due
	if p == nil {
		p = d.Next
	}
	if p == nil {
		return store.NextPlan{InvoiceID: invoiceID}
	}
	at, step := p.At, p.Step
	return store.NextPlan{InvoiceID: invoiceID, At: &at, Step: &step}
}
