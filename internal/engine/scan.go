package engine

import (
	"context"
	"errors"
	"fmt"
	"sync"
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

// scanStreams is how many transactions scan at once on PostgreSQL. One
// stream alternates between planning (our CPU) and the server's writes;
// two overlap them, as two servers' scans would (the due rows are locked
// and skipped, and a reminder is recorded once by its unique key).
// SQLite has one writer: one stream.
const scanStreams = 2

// Scan records every step due at the engine's Now: scheduled reminders for the workers,
// skipped ones with their reason; then the monthly statements due. Its cost is the number of invoices whose
// next reminder has come, read through an index. With dryRun nothing is
// written.
func (e *Engine) Scan(ctx context.Context, dryRun bool) (Report, error) {
	start := time.Now()
	rep := Report{At: e.Now(), DryRun: dryRun}
	streams := 1
	if !dryRun && e.store.Dialect() == store.Postgres {
		// Not a dry run: its batches roll back, so a second stream would
		// find the first one's rows due again.
		streams = scanStreams
	}
	found := make([][]books.ScanItem, streams)
	errs := make([]error, streams)
	var wg sync.WaitGroup
	for k := range streams {
		wg.Add(1)
		go func() {
			defer wg.Done()
			found[k], errs[k] = e.scanStream(ctx, dryRun)
		}()
	}
	wg.Wait()
	moved := 0
	for _, items := range found {
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
	}
	if err := errors.Join(errs...); err != nil {
		return rep, fmt.Errorf("engine: scan: %w", err) // with what the batches that committed recorded
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

// scanStream records the due invoices batch by batch, in (next reminder,
// id) order from the start, until none is left; it returns every item,
// those another stream or server had recorded first included.
func (e *Engine) scanStream(ctx context.Context, dryRun bool) ([]books.ScanItem, error) {
	var (
		after store.ScanCursor
		all   []books.ScanItem
	)
	for {
		items, last, err := e.books.ScanBatch(ctx, after, scanBatch, dryRun, e.Wall(), e.newMessageID)
		if err != nil {
			return all, err
		}
		all = append(all, items...)
		if last == nil {
			return all, nil
		}
		after = *last
	}
}
