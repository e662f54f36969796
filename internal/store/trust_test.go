package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestTxTaskAndEventCommitWithTheChange: a task and an event written in a
// transaction that fails leave nothing; written in one that commits, they
// are there once (a second task with the same key is ignored).
func TestTxTaskAndEventCommitWithTheChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		co := storetest.Company(t, s, "Atelier")
		cu := storetest.Customer(t, s, co.ID, "Client")
		inv := storetest.Invoice(co.ID, cu.ID, "INV-1", storetest.MustDate(t, "2026-01-01"), storetest.MustDate(t, "2026-02-01"), 1000)
		b := storetest.Books(s)
		if err := b.CreateInvoice(ctx, inv); err != nil {
			t.Fatal(err)
		}
		hook := &store.WebhookEndpoint{CompanyID: co.ID, URL: "https://h.example.com/", Events: store.EventInvoiceDisputed, Secret: "x"}
		if err := s.CreateWebhook(ctx, hook); err != nil {
			t.Fatal(err)
		}
		write := func(fail bool) error {
			return b.Write(ctx, func(tx *store.Tx) error {
				if err := tx.AddTask(ctx, &store.Task{CompanyID: co.ID, Kind: store.TaskDispute, Title: "INV-1", InvoiceID: &inv.ID,
					DedupeKey: "dispute:1"}); err != nil {
					return err
				}
				if err := tx.EmitInvoiceEvent(ctx, co.ID, inv.ID, store.EventInvoiceDisputed, map[string]any{"message": "?"}); err != nil {
					return err
				}
				if fail {
					return errors.New("the change failed")
				}
				return nil
			})
		}
		if err := write(true); err == nil {
			t.Fatal("want the error")
		}
		ts, _ := s.Tasks(ctx, co.ID, store.TaskOpen, 10)
		log, _ := s.WebhookLog(ctx, co.ID, hook.ID, 10)
		if len(ts) != 0 || len(log) != 0 {
			t.Fatalf("a failed change left %d tasks and %d deliveries", len(ts), len(log))
		}
		if err := write(false); err != nil {
			t.Fatal(err)
		}
		if err := write(false); err != nil {
			t.Fatal(err)
		}
		ts, _ = s.Tasks(ctx, co.ID, store.TaskOpen, 10)
		log, _ = s.WebhookLog(ctx, co.ID, hook.ID, 10)
		if len(ts) != 1 || len(log) != 2 || log[0].EventType != store.EventInvoiceDisputed {
			t.Fatalf("tasks %d (want 1, deduplicated), deliveries %d (want 2: one per committed change)", len(ts), len(log))
		}
	})
}
