package store_test

import (
	"context"
	"testing"

	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestSendContextSeesSettingsChanges: the send path's settings are decoded
// once per stored text, and a change made through another store (another
// process) is seen at the next load; a reader changing a top-level field
// of what it got changes nothing for the next reader.
func TestSendContextSeesSettingsChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := storetest.Company(t, s, "Atelier Côté")
		cu := storetest.Customer(t, s, c.ID, "Élodie Côté")
		inv := storetest.Invoice(c.ID, cu.ID, "INV-1", storetest.MustDate(t, "2026-01-05"), storetest.MustDate(t, "2026-02-04"), 10000)
		b := storetest.Books(s)
		if err := b.CreateInvoice(ctx, inv); err != nil {
			t.Fatal(err)
		}
		sc, err := s.LoadSendContext(ctx, c.ID, inv.ID)
		if err != nil {
			t.Fatal(err)
		}
		was := sc.Settings.AttachPDF
		sc.Settings.AttachPDF = !was // a reader's own change (Preview does this)
		again, err := s.LoadSendContext(ctx, c.ID, inv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if again.Settings.AttachPDF != was {
			t.Fatalf("a reader's change leaked into the next load")
		}
		// A write of new settings (by this process or another: the cache
		// compares the stored text, it is not told).
		st, err := s.ReminderSettings(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		st.AttachPDF = !was
		if err := b.PutReminderSettings(ctx, c.ID, st); err != nil {
			t.Fatal(err)
		}
		after, err := s.LoadSendContext(ctx, c.ID, inv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if after.Settings.AttachPDF != !was {
			t.Fatalf("the new settings were not seen: attach_pdf %v, want %v", after.Settings.AttachPDF, !was)
		}
	})
}
