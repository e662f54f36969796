package importer_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestImportOpenBalance: an invoice file's open-balance column reconciles
// Relance's balances. New invoices: equal leaves them unpaid, lower records
// an "imported balance" payment, zero pays them, higher than the total
// refuses the invoice. The next night's French export: lower records the
// difference, higher is an error line that changes nothing. Each file run
// twice changes nothing more.
func TestImportOpenBalance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		fixed(s)
		co := storetest.Company(t, s, "Atelier")
		enableReminders(t, s, co.ID)
		storetest.Customer(t, s, co.ID, "Maple Leaf Bakery")
		today := invoice.Date{Year: 2026, Month: 2, Day: 10}
		for run := range 2 {
			rep := importFile(t, s, "invoices", co.ID, "invoices_open_balance.csv", importer.Options{})
			if !slices.Equal(errorLines(rep), []int{5}) || !strings.Contains(rep.Errors[0].Reason, "Open Balance: 150.00 is more than the invoice's total") {
				t.Errorf("run %d: errors %v", run, rep.Errors)
			}
			want := [3]int{3, 0, 2} // created, unchanged, reconciled
			if run == 1 {
				want = [3]int{0, 3, 0}
			}
			if got := [3]int{rep.Created, rep.Unchanged, rep.Reconciled}; got != want {
				t.Errorf("run %d: created/unchanged/reconciled %v, want %v", run, got, want)
			}
		}
		balances := func() map[string]int64 {
			m := map[string]int64{}
			for _, n := range []string{"B-1", "B-2", "B-3"} {
				m[n] = mustInvoice(t, s, co.ID, n).Balance
			}
			return m
		}
		if got := balances(); got["B-1"] != 10000 || got["B-2"] != 4000 || got["B-3"] != 0 {
			t.Errorf("balances after the first file: %v", got)
		}
		if _, err := s.InvoiceByNumber(t.Context(), co.ID, "B-4"); !invoice.IsNotFound(err) {
			t.Errorf("B-4, refused, exists: %v", err)
		}
		b2 := mustInvoice(t, s, co.ID, "B-2")
		if len(b2.Payments) != 1 || b2.Payments[0].Kind != invoice.PaymentImportedBalance || b2.Payments[0].Amount != 6000 ||
			b2.Payments[0].Date != today || b2.Payments[0].Memo != "imported balance" {
			t.Errorf("B-2 payments %+v", b2.Payments)
		}
		if b3 := mustInvoice(t, s, co.ID, "B-3"); b3.NextReminderAt != nil {
			t.Errorf("B-3 is paid by its open balance, yet a reminder is planned at %v", b3.NextReminderAt)
		}

		opt := importer.Options{DateFormat: importer.DateDMY}
		for run := range 2 {
			rep := importFile(t, s, "invoices", co.ID, "invoices_solde_fr.csv", opt)
			if !slices.Equal(errorLines(rep), []int{3, 5}) || !strings.Contains(rep.Errors[0].Reason, "Solde dû: 90,00") &&
				!strings.Contains(rep.Errors[0].Reason, "Solde dû: 90.00") {
				t.Errorf("run %d: errors %v", run, rep.Errors)
			}
			if len(rep.Errors) == 2 && !strings.Contains(rep.Errors[1].Reason, "more than 2 decimals") {
				t.Errorf("run %d: line 5: %q", run, rep.Errors[1].Reason)
			}
			want := [3]int{0, 1, 1}
			if run == 1 {
				want = [3]int{0, 2, 0}
			}
			if got := [3]int{rep.Created, rep.Unchanged, rep.Reconciled}; got != want {
				t.Errorf("run %d: created/unchanged/reconciled %v, want %v", run, got, want)
			}
		}
		if got := balances(); got["B-1"] != 2500 || got["B-2"] != 4000 || got["B-3"] != 0 {
			t.Errorf("balances after the French file: %v", got)
		}
	})
}
