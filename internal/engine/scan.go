package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
)

// Report is what one scan did.
type Report struct {
	At        time.Time
	DryRun    bool
	Scheduled int
	Skipped   int
	// Statements is the number of monthly statements queued.
	Statements int
	Items      []books.ScanItem
}

// scanBatch bounds one transaction of the scan.
const scanBatch = 500

// Scan records every step due at the engine's Now: scheduled reminders for the workers,
// skipped ones with their reason; then the monthly statements due. Its cost is the number of invoices whose
// next reminder has come, read through an index. With dryRun nothing is
// written.
func (e *Engine) Scan(ctx context.Context, dryRun bool) (Report, error) {
	start := time.Now()
	rep := Report{At: e.Now(), DryRun: dryRun}
	var after store.ScanCursor
	moved := 0
	for {
		items, last, err := e.books.ScanBatch(ctx, after, scanBatch, dryRun, e.Wall(), e.newMessageID)
		if err != nil {
			return rep, fmt.Errorf("engine: scan: %w", err)
		}
		moved += len(items)
		for _, it := range items {
			if it.Existed {
				continue
			}
			switch it.State {
			case reminder.StateScheduled:
				rep.Scheduled++
			case reminder.StateSkipped:
				rep.Skipped++
			}
			rep.Items = append(rep.Items, it)
		}
		if last == nil {
			break
		}
		after = *last
	}
	if !dryRun && moved > 0 {
		// The next idle scan must not pay for the index entries this one
		// left dead (store.SettleDue).
		if err := e.store.SettleDue(ctx, rep.At); err != nil {
			return rep, fmt.Errorf("engine: scan: %w", err)
		}
	}
	if !dryRun {
		// Then the monthly statements due now, after the reminders.
		n, err := e.scanStatements(ctx)
		rep.Statements = n
		if err != nil {
			return rep, fmt.Errorf("engine: scan statements: %w", err)
		}
		if n > 0 {
			e.notify()
		}
		scanDuration.Observe(time.Since(start).Seconds())
		remindersTotal.WithLabelValues("scheduled").Add(float64(rep.Scheduled))
		remindersTotal.WithLabelValues("skipped").Add(float64(rep.Skipped))
		if rep.Scheduled > 0 {
			e.notify()
		}
	}
	return rep, nil
}
