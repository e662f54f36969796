package demo_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/demo"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

func TestSeedTwiceCreatesOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		id, created, err := demo.Seed(ctx, storetest.Books(s), now)
		if err != nil || !created {
			t.Fatalf("first Seed: id %d, created %v, %v", id, created, err)
		}
		id2, created2, err := demo.Seed(ctx, storetest.Books(s), now.AddDate(0, 0, 3))
		if err != nil || created2 || id2 != id {
			t.Fatalf("second Seed: id %d (want %d), created %v, %v", id2, id, created2, err)
		}
		cs, _ := s.ListCompanies(ctx)
		if len(cs) != 1 || cs[0].Timezone != "America/Toronto" || cs[0].Currency != "CAD" || cs[0].BrandColor == "" {
			t.Errorf("companies = %+v", cs)
		}

		custs, _ := s.ListCustomers(ctx, id, store.Page{Limit: 500})
		langs, paused := map[string]int{}, 0
		for _, c := range custs {
			langs[c.Language]++
			if c.RemindersPaused {
				paused++
			}
		}
		if langs["fr"] == 0 || langs["en"] == 0 || paused != 1 {
			t.Errorf("customers: languages %v, %d paused", langs, paused)
		}
		if _, err := s.FindCustomerByName(ctx, id, "Café Être-Saint-Jean inc."); err != nil {
			t.Error(err)
		}

		today := invoice.LocalDate(now, cs[0].Location())
		counts := map[invoice.StatusCode]int{}
		minDays, maxDays, taxed, planned := 0, 0, 0, 0
		for i := range demo.NumInvoices {
			inv, err := s.InvoiceByNumber(ctx, id, invoiceNumber(i))
			if err != nil {
				t.Fatal(err)
			}
			counts[invoice.StatusOf(inv, today).Code]++
			d := inv.DueDate.DaysSince(today)
			minDays, maxDays = min(minDays, d), max(maxDays, d)
			for _, l := range inv.Lines {
				if l.TaxName == "TPS" && l.TaxName2 == "TVQ" && l.TaxRate+l.TaxRate2 == 149750 {
					taxed++
				}
			}
			if inv.NextReminderAt != nil {
				planned++
			}
		}
		if minDays != -60 || maxDays != 30 {
			t.Errorf("due dates from %d to %d days, want -60 to 30", minDays, maxDays)
		}
		for _, st := range []invoice.StatusCode{invoice.StatusPaid, invoice.StatusOverdue, invoice.StatusDue, invoice.StatusPartiallyPaid} {
			if counts[st] == 0 {
				t.Errorf("no %s invoice: %v", st, counts)
			}
		}
		if taxed == 0 || planned == 0 {
			t.Errorf("%d lines with TPS and TVQ, %d invoices with a reminder planned", taxed, planned)
		}
		var n int
		s.DB().GetContext(ctx, &n, s.DB().Rebind(`SELECT COUNT(*) FROM invoices WHERE company_id = ?`), id)
		if n != demo.NumInvoices {
			t.Errorf("%d invoices after two seeds, want %d", n, demo.NumInvoices)
		}

		st, err := s.ReminderSettings(ctx, id)
		if err != nil || !st.Enabled || len(st.Steps) != 3 || !st.Steps[0].Enabled || !st.Steps[2].Enabled {
			t.Errorf("settings = %+v, %v", st, err)
		}
		u, err := s.UserByEmail(ctx, demo.Email)
		if err != nil {
			t.Fatal(err)
		}
		if err := auth.CheckPassword(u.PasswordHash, demo.Password); err != nil {
			t.Errorf("demo password: %v", err)
		}
		if ms, _ := s.Memberships(ctx, u.ID); len(ms) != 1 || ms[0].CompanyID != id {
			t.Errorf("memberships = %+v", ms)
		}
	})
}

func invoiceNumber(i int) string { return fmt.Sprintf("2026-%04d", 101+i) }
