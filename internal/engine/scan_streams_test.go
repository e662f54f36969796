package engine_test

import (
	"context"
	"testing"

	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestScanRecordsEachDueInvoiceOnce: a scan of several batches (on
// PostgreSQL, two streams at once) records one reminder per due invoice,
// reports each once, leaves nothing due behind it, and a dry run before it
// reports the same without writing.
func TestScanRecordsEachDueInvoiceOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		day, co, cu, b := dueDay(t, s, "Streams")
		const due = 1300 // three batches of the scan
		e := dueInvoices(t, s, b, day, co, cu, due, 2)
		dry, err := e.Scan(ctx, true)
		if err != nil || dry.Scheduled != due {
			t.Fatalf("dry run: scheduled %d, want %d (%v)", dry.Scheduled, due, err)
		}
		rep, err := e.Scan(ctx, false)
		if err != nil || rep.Scheduled != due {
			t.Fatalf("scan: scheduled %d, want %d (%v)", rep.Scheduled, due, err)
		}
		type key struct {
			invoice int64
			step    int
		}
		seen := map[key]bool{}
		scheduled := map[int64]bool{}
		for _, it := range rep.Items {
			k := key{it.InvoiceID, it.Step}
			if seen[k] {
				t.Fatalf("item %+v reported twice", it)
			}
			seen[k] = true
			if it.State == reminder.StateScheduled {
				scheduled[it.InvoiceID] = true
			}
		}
		if len(scheduled) != due || len(rep.Items) != len(dry.Items) {
			t.Fatalf("%d invoices scheduled, %d items (dry run: %d); want %d invoices, as many items", len(scheduled), len(rep.Items),
				len(dry.Items), due)
		}
		var rows, invoicesWith int
		if err := s.DB().GetContext(ctx, &rows, `SELECT COUNT(*) FROM reminders WHERE state = 'scheduled'`); err != nil {
			t.Fatal(err)
		}
		if err := s.DB().GetContext(ctx, &invoicesWith, `SELECT COUNT(DISTINCT invoice_id) FROM reminders WHERE state = 'scheduled'`); err != nil {
			t.Fatal(err)
		}
		if rows != due || invoicesWith != due {
			t.Fatalf("%d scheduled reminders over %d invoices, want %d and %d", rows, invoicesWith, due, due)
		}
		again, err := e.Scan(ctx, false)
		if err != nil || again.Scheduled != 0 || len(again.Items) != 0 {
			t.Fatalf("second scan: %+v (%v), want nothing", again, err)
		}
	})
}
