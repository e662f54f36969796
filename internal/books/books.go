// Package books is the one way to change invoices, customers, payments and
// reminder settings, and the one caller of the planner (package schedule).
// Every write runs in one store transaction that ends by re-planning what
// it touched; the scan, the re-plan after a send and the upcoming-reminders
// report plan through the same code. Decisions read the injected clock.
package books

import (
	"context"
	"time"

	"github.com/relance-app/relance/internal/store"
)

// Books writes through the store and plans with one clock.
type Books struct {
	store *store.Store
	now   func() time.Time
}

// New builds the books on a store; now is the clock of every planning
// decision (time.Now when nil; `send-due --at` and tests pass their own).
func New(s *store.Store, now func() time.Time) *Books {
	if now == nil {
		now = time.Now
	}
	return &Books{store: s, now: now}
}

// Now is the planning clock, in UTC at the microsecond the databases keep.
func (b *Books) Now() time.Time { return b.now().UTC().Truncate(time.Microsecond) }

// Store is the store the books write to, for reads.
func (b *Books) Store() *store.Store { return b.store }

// Write runs fn in one transaction and re-plans, before commit, every
// invoice its writes touched.
func (b *Books) Write(ctx context.Context, fn func(tx *store.Tx) error) error {
	return b.store.Write(ctx, b.replan, fn)
}
