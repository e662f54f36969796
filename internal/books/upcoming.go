package books

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/schedule"
)

// UpcomingItem is a step the scan will send, or skip, on a coming day.
type UpcomingItem struct {
	Date       invoice.Date // company-local day
	At         time.Time    // when the scan will decide it (the planned instant)
	InvoiceID  int64
	Number     string
	CustomerID int64
	Step       int
	Send       bool   // false: skipped, for Reason
	Reason     string // why a step is skipped (schedule.ReasonStale, SupersededReason)
}

// maxLooks bounds how often one invoice is looked at in the window (ten
// steps and weekly repeats, each looked at a few times, fit below it).
const maxLooks = 256

// Upcoming is what the scan will do for a company from now to the end of
// the local day days-1 days after today (days 1: today only), as things
// stand: no payment, edit or manual reminder in between, every reminder
// sent when scheduled. It plays the scan forward with the scan's own code
// (scanInvoice, the planner), looking at each invoice at its planned
// instant, and changes nothing.
func (b *Books) Upcoming(ctx context.Context, companyID int64, days int) ([]UpcomingItem, error) {
	if days < 1 {
		return nil, fmt.Errorf("books: upcoming: %d days", days)
	}
	now := b.Now()
	st, err := b.store.ReminderSettings(ctx, companyID)
	if err != nil {
		return nil, err
	}
	named, err := b.store.Schedules(ctx, companyID)
	if err != nil {
		return nil, err
	}
	res := schedule.NewResolver(named)
	loc := st.Location()
	end := invoice.LocalDate(now, loc).AddDays(days).In(loc)
	rows, err := b.store.PlanRowsBefore(ctx, companyID, end)
	if err != nil {
		return nil, err
	}
	var out []UpcomingItem
	for _, row := range rows {
		inv := row.Invoice
		in := input(st, res, row, now)
		at := inv.NextReminderAt
		for look := 0; at != nil && at.Before(end) && look < maxLooks; look++ {
			t := at.UTC()
			if t.Before(now) {
				t = now // already due: the next scan takes it
			}
			in.Now = t
			record := func(step int, due, trigger invoice.Date, state, reason string) {
				in.History = append(in.History, reminder.Reminder{CompanyID: inv.CompanyID, InvoiceID: inv.ID, Step: step,
					DueDate: due, TriggerDate: trigger, State: state, Reason: reason, CreatedAt: t, UpdatedAt: t})
				out = append(out, UpcomingItem{Date: invoice.LocalDate(t, loc), At: t, InvoiceID: inv.ID, Number: inv.Number,
					CustomerID: inv.CustomerID, Step: step, Send: state == reminder.StateScheduled, Reason: reason})
			}
			next := nextPlan(inv.ID, scanInvoice(&in, record)).At
			if next != nil && !next.After(t) {
				// Planned for a past instant: the scan after this one
				// (at least a minute later) looks again.
				later := t.Add(time.Minute)
				next = &later
			}
			at = next
		}
	}
	slices.SortStableFunc(out, func(a, b UpcomingItem) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		if a.InvoiceID != b.InvoiceID {
			return int(a.InvoiceID - b.InvoiceID)
		}
		return 0
	})
	return out, nil
}

// SupersededBy reads the step a "superseded" skip reason names.
func SupersededBy(reason string) (step int, ok bool) {
	for s := 1; s <= reminder.MaxStepNumber; s++ {
		if reason == schedule.SupersededReason(s) {
			return s, true
		}
	}
	return 0, false
}
