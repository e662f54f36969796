package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestQueuePlansWithStaleStatistics: right after a scan, PostgreSQL's
// statistics still say that few reminders are queued while thousands are.
// The prepared (generic) plans must not depend on them: the fence of a
// state change reads the primary key, never the work index; a claim reads
// the work index in order and sorts nothing. Checked with EXPLAIN, never
// with time.
func TestQueuePlansWithStaleStatistics(t *testing.T) {
	s := storetest.Postgres(t)
	ctx := context.Background()
	co := storetest.Company(t, s, "Plans")
	cu := storetest.Customer(t, s, co.ID, "Client")
	d := storetest.MustDate(t, "2026-12-10")
	inv := storetest.Invoice(co.ID, cu.ID, "F-1", d.AddDays(-30), d, 10000)
	if err := storetest.Books(s).CreateInvoice(ctx, inv); err != nil {
		t.Fatal(err)
	}
	insert := func(state string, n int) {
		t.Helper()
		if _, err := s.DB().ExecContext(ctx, fmt.Sprintf(`INSERT INTO reminders (company_id, invoice_id, step, due_date, trigger_date,
			state, attempts, next_attempt_at, message_id, created_at, updated_at)
			SELECT $1, $2, 0, $3, $3, '%s', 1, TIMESTAMPTZ '2026-12-10 14:00:00+00', '<%s-' || g || '@t>', now(), now()
			FROM generate_series(1, %d) g`, state, state, n), co.ID, inv.ID, d); err != nil {
			t.Fatal(err)
		}
	}
	insert("sent", 300)
	if _, err := s.DB().ExecContext(ctx, `ANALYZE reminders`); err != nil {
		t.Fatal(err)
	}
	insert("sending", 3000) // queued after the statistics were taken
	conn, err := s.DB().Connx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	plan := func(name, params, query, args string) string {
		t.Helper()
		for _, q := range []string{`SET plan_cache_mode = force_generic_plan`, `PREPARE ` + name + `(` + params + `) AS ` + query} {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		var lines []string
		if err := conn.SelectContext(ctx, &lines, `EXPLAIN EXECUTE `+name+`(`+args+`)`); err != nil {
			t.Fatal(err)
		}
		return strings.Join(lines, "\n")
	}
	fence := plan("fence", "bigint, int", s.DB().Rebind(`UPDATE reminders SET state = 'sent'`+store.Fence), "1000, 1")
	if !strings.Contains(fence, "reminders_pkey") || strings.Contains(fence, "reminders_work") {
		t.Errorf("the fence does not read the primary key:\n%s", fence)
	}
	claim := plan("claim", "timestamptz, int", s.DB().Rebind(store.ClaimSQL), "TIMESTAMPTZ '2026-12-10 15:00:00+00', 16")
	if !strings.Contains(claim, "reminders_work") || strings.Contains(claim, "Sort") {
		t.Errorf("the claim does not read the work index in order:\n%s", claim)
	}
}
