package books

import (
	"context"

	"github.com/relance-app/relance/internal/schedule"
	"github.com/relance-app/relance/internal/store"
)

// Outlook is what the planner decides for one invoice now, with what it
// decided on: the invoice page says from it which reminder comes next, or
// why none will.
type Outlook struct {
	schedule.Decision
	Context *store.SendContext
	// Schedule is the schedule the invoice follows, and why.
	Schedule Applied
}

// Explain runs the planner on one invoice at the books' clock, without
// writing anything: the same decision the scan would take.
func (b *Books) Explain(ctx context.Context, companyID, invoiceID int64) (*Outlook, error) {
	sc, err := b.store.LoadSendContext(ctx, companyID, invoiceID)
	if err != nil {
		return nil, err
	}
	applied := resolveContext(sc)
	in := schedule.Input{Settings: *sc.Settings, Invoice: sc.Invoice, CustomerPaused: sc.Customer.RemindersPaused,
		History: sc.History, Now: b.Now()}
	return &Outlook{Decision: schedule.Plan(in), Context: sc, Schedule: applied}, nil
}

// The planner's reasons, for the pages that explain its decision (only the
// books import the planner).
const (
	BlockedDisabled    = schedule.BlockedDisabled
	BlockedDraft       = schedule.BlockedDraft
	BlockedVoided      = schedule.BlockedVoided
	BlockedPaid        = schedule.BlockedPaid
	BlockedNoRecipient = schedule.BlockedNoRecipient
	BlockedPaused      = schedule.BlockedPaused
	// ReasonStale: a step past its catch-up days.
	ReasonStale = schedule.ReasonStale
)
