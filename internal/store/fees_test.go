package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestFeeLineOnce: a reminder's late fee is written with its "sent"
// record, once whatever retries and concurrent writers do; an edit that
// keeps the line keeps it a fee, one that removes it removes the fee.
func TestFeeLineOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		co, inv := portalFixture(t, s)
		b := storetest.Books(s)
		r := &reminder.Reminder{CompanyID: co.ID, InvoiceID: inv.ID, Step: reminder.StepManual, DueDate: inv.DueDate,
			TriggerDate: inv.DueDate, To: inv.Email, Language: "fr", MessageID: "<fee@x>"}
		if err := b.Write(ctx, func(tx *store.Tx) error { return tx.CreateMessage(ctx, r) }); err != nil {
			t.Fatal(err)
		}
		rs, err := s.ClaimReminders(ctx, time.Date(2026, 6, 10, 16, 0, 0, 0, time.UTC), time.Minute, 10)
		if err != nil || len(rs) != 1 {
			t.Fatalf("claimed %d %v", len(rs), err)
		}
		cur, _ := s.GetInvoice(ctx, co.ID, inv.ID)
		line, add := reminder.FeeLine(&reminder.LateFee{Kind: reminder.FeeFixed, Amount: "10.00", TaxRate: "14.975"}, cur, rs[0].ID, 2, "fr")
		if !add {
			t.Fatal("no fee line")
		}
		want := reminder.WithFee(cur, line)
		if ok, err := b.MarkSentWithFee(ctx, &rs[0], "s", "b", &line); !ok || err != nil {
			t.Fatalf("mark sent: %v %v", ok, err)
		}
		// A retry of the same send (its claim lost) and racing writers add nothing.
		if ok, err := b.MarkSentWithFee(ctx, &rs[0], "s", "b", &line); ok || err != nil {
			t.Fatalf("second mark sent: %v %v", ok, err)
		}
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_ = b.Write(ctx, func(tx *store.Tx) error { _, err := tx.AddFeeLine(ctx, co.ID, inv.ID, line); return err })
			}()
		}
		wg.Wait()
		got, _ := s.GetInvoice(ctx, co.ID, inv.ID)
		if got.Balance != want.Balance || got.Total != 10000+1000+150 || len(got.Lines) != 2 {
			t.Fatalf("invoice after fee: balance %d total %d lines %d, want balance %d", got.Balance, got.Total, len(got.Lines), want.Balance)
		}
		fl := got.Lines[1]
		if fl.Description != "Frais de retard — rappel 2" || fl.ReminderID == nil || *fl.ReminderID != rs[0].ID || fl.Tax != 150 {
			t.Fatalf("fee line %+v", fl)
		}
		if n, _ := s.FeeLines(ctx, co.ID); len(n) != 1 || n[rs[0].ID] != 1 {
			t.Fatalf("fee lines per reminder %v", n)
		}
		// An edit keeping the line keeps the fee; removing it removes it.
		if err := b.UpdateInvoice(ctx, got); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.FeeLines(ctx, co.ID); n[rs[0].ID] != 1 {
			t.Fatalf("edit lost the fee mark: %v", n)
		}
		got.Lines = got.Lines[:1]
		if err := b.UpdateInvoice(ctx, got); err != nil {
			t.Fatal(err)
		}
		got, _ = s.GetInvoice(ctx, co.ID, inv.ID)
		if n, _ := s.FeeLines(ctx, co.ID); len(n) != 0 || got.Balance != 10000 {
			t.Fatalf("fee removed: lines %v balance %d", n, got.Balance)
		}
		if _, err := func() (bool, error) {
			var ok bool
			err := b.Write(ctx, func(tx *store.Tx) error {
				var err error
				ok, err = tx.AddFeeLine(ctx, co.ID, inv.ID, invoice.Line{Description: "x", Quantity: 1})
				return err
			})
			return ok, err
		}(); err == nil {
			t.Error("a fee line without a reminder was added")
		}
	})
}
