package importer_test

import (
	"context"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

func enableReminders(t testing.TB, s *store.Store, companyID int64) {
	t.Helper()
	ctx := context.Background()
	st, err := s.ReminderSettings(ctx, companyID)
	if err != nil {
		t.Fatal(err)
	}
	st.Enabled = true
	if err := storetest.Books(s).PutReminderSettings(ctx, companyID, st); err != nil {
		t.Fatal(err)
	}
}

// samePlanAsStore checks that the bulk path planned each invoice's next
// reminder exactly as the store's own re-planning does.
func samePlanAsStore(t *testing.T, s *store.Store, companyID int64, numbers ...string) {
	t.Helper()
	ctx := context.Background()
	planned := 0
	for _, n := range numbers {
		inv := mustInvoice(t, s, companyID, n)
		if err := storetest.Books(s).SetInvoicePaused(ctx, companyID, inv.ID, false); err != nil { // re-plans
			t.Fatal(err)
		}
		again := mustInvoice(t, s, companyID, n)
		if !sameTime(inv.NextReminderAt, again.NextReminderAt) || !sameInt(inv.NextReminderStep, again.NextReminderStep) {
			t.Errorf("%s: imported plan %v step %v, store plans %v step %v", n, inv.NextReminderAt, inv.NextReminderStep,
				again.NextReminderAt, again.NextReminderStep)
		}
		if inv.NextReminderAt != nil {
			planned++
		}
	}
	if planned == 0 {
		t.Error("no invoice has a reminder planned: the comparison proves nothing")
	}
}

func sameTime(a, b *time.Time) bool { return (a == nil) == (b == nil) && (a == nil || a.Equal(*b)) }
func sameInt(a, b *int) bool        { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// checkWhole fails when a stored invoice's lines do not add up to its
// totals, or it has no line: the sign of half an invoice.
func checkWhole(t testing.TB, s *store.Store) {
	t.Helper()
	var bad []struct {
		ID    int64 `db:"id"`
		Total int64 `db:"total"`
	}
	err := s.DB().SelectContext(context.Background(), &bad, `SELECT i.id, i.total FROM invoices i
		LEFT JOIN invoice_lines l ON l.invoice_id = i.id
		GROUP BY i.id, i.total, i.subtotal
		HAVING COUNT(l.id) = 0 OR SUM(l.amount) <> i.subtotal OR SUM(l.amount + l.tax) <> i.total`)
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Fatalf("invoices whose lines do not make their total: %+v", bad)
	}
}
