package books

import (
	"context"
	"maps"
	"slices"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/schedule"
	"github.com/relance-app/relance/internal/store"
)

// ScanItem is what the scan did (or, dry, would do) for one invoice step.
type ScanItem struct {
	CompanyID int64
	InvoiceID int64
	Number    string
	Step      int
	State     string // scheduled or skipped
	Reason    string
	// Existed: another scan (or server) recorded this step first.
	Existed bool
}

// ScanBatch plans up to limit invoices whose next reminder has come by
// the books' clock (after the cursor), in one transaction: due steps become
// `scheduled` reminders, superseded and stale ones `skipped`, and each
// invoice's next reminder moves on. With dry, it rolls back. It returns
// the items and the cursor to continue from (nil when nothing was due).
// Scheduled reminders are ready for the workers from ready, a wall-clock
// instant: claims are about real processes, whatever time the scan plans for.
func (b *Books) ScanBatch(ctx context.Context, after store.ScanCursor, limit int, dry bool, ready time.Time,
	newMessageID func() string) ([]ScanItem, *store.ScanCursor, error) {
	now := b.Now()
	write := b.store.Write
	if dry {
		write = b.store.Try
	}
	var (
		items []ScanItem
		last  *store.ScanCursor
	)
	err := write(ctx, b.replan, func(tx *store.Tx) error {
		due, err := tx.DueInvoices(ctx, now, after, limit)
		if err != nil || len(due) == 0 {
			return err
		}
		byCompany := map[int64][]int64{}
		for _, d := range due {
			byCompany[d.CompanyID] = append(byCompany[d.CompanyID], d.ID)
		}
		for _, companyID := range slices.Sorted(maps.Keys(byCompany)) {
			got, err := b.scanCompany(ctx, tx, companyID, byCompany[companyID], now, ready, newMessageID)
			if err != nil {
				return err
			}
			items = append(items, got...)
		}
		l := due[len(due)-1]
		last = &store.ScanCursor{At: l.At, ID: l.ID}
		return nil
	})
	return items, last, err
}

// scanCompany plans each due invoice of one company, records its due and
// skipped steps, and moves its next reminder on — in a few multi-row
// statements, not a few per invoice. The second plan assumes every record
// went in: a row another server inserted first for the same (step, due
// date) counts as done just the same.
func (b *Books) scanCompany(ctx context.Context, tx *store.Tx, companyID int64, ids []int64, now, ready time.Time,
	newMessageID func() string) ([]ScanItem, error) {
	st, err := tx.Settings(ctx, companyID)
	if err != nil {
		return nil, err
	}
	res, err := txResolver(ctx, tx, companyID)
	if err != nil {
		return nil, err
	}
	rows, err := tx.PlanRows(ctx, companyID, ids)
	if err != nil {
		return nil, err
	}
	var (
		items []ScanItem
		recs  []reminder.Reminder
		nexts []store.NextPlan
	)
	for _, row := range rows {
		in := input(st, res, row, now)
		inv := in.Invoice
		record := func(step int, due, trigger invoice.Date, state, reason string) {
			r := reminder.Reminder{CompanyID: inv.CompanyID, InvoiceID: inv.ID, Step: step, DueDate: due, TriggerDate: trigger,
				State: state, Reason: reason, NextAttemptAt: ready, To: inv.Email, Cc: inv.Cc, Bcc: inv.Bcc,
				Language: row.Language, MessageID: newMessageID(), CreatedAt: now, UpdatedAt: now}
			if st.GroupByCustomer && state == reminder.StateScheduled && groupable(&in.Settings, step) {
				r.GroupKey = store.PendingGroupKey(inv.CompanyID, inv.CustomerID) // one message per customer: ClaimGroup
			}
			recs = append(recs, r)
			in.History = append(in.History, r)
			items = append(items, ScanItem{CompanyID: inv.CompanyID, InvoiceID: inv.ID, Number: inv.Number, Step: step,
				State: state, Reason: reason})
		}
		nexts = append(nexts, nextPlan(inv.ID, scanInvoice(&in, record)))
	}
	inserted, err := tx.InsertAutoReminders(ctx, recs)
	if err != nil {
		return nil, err
	}
	for i := range items {
		items[i].Existed = !inserted[store.ReminderKey{InvoiceID: items[i].InvoiceID, Step: items[i].Step, DueDate: recs[i].DueDate}]
	}
	return items, tx.SetNextPlans(ctx, nexts)
}

// scanInvoice is what the scan does with one invoice at in.Now: plan,
// record each skipped step and the due one (record must also append them to
// in.History, which the second plan reads), and plan again for the next
// look.
// The scan runs it once per due invoice; Upcoming plays it forward.
func scanInvoice(in *schedule.Input, record func(step int, due, trigger invoice.Date, state, reason string)) schedule.Decision {
	d := schedule.Plan(*in)
	for _, sk := range d.Skip {
		record(sk.Step, sk.DueDate, sk.TriggerDate, reminder.StateSkipped, sk.Reason)
	}
	if d.Due != nil {
		record(d.Due.Step, d.Due.DueDate, d.Due.TriggerDate, reminder.StateScheduled, "")
	}
	return schedule.Plan(*in)
}

// groupable: a step whose reminder may join the customer's grouped message
// — an email to the customer and nothing else. A step that charges a late
// fee or tells the team goes alone, through the path that does those.
func groupable(set *reminder.Settings, step int) bool {
	st, ok := set.StepAt(step)
	return ok && (st.Action == "" || st.Action == reminder.ActionEmail) && st.LateFee == nil
}
