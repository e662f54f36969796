package reminder

import (
	"testing"

	"github.com/relance-app/relance/internal/invoice"
)

// TestInvoiceSummaryTaxLines: the invoice email's box lists the subtotal,
// TPS and TVQ each on its own line, and the total, before the balance due.
func TestInvoiceSummaryTaxLines(t *testing.T) {
	inv := &invoice.Invoice{Number: "F-1", Currency: "CAD", DueDate: invoice.Date{Year: 2026, Month: 12, Day: 1},
		Lines: []invoice.Line{{Quantity: 10000, UnitPrice: 1010}}}
	inv.Lines[0].SetTaxes([]invoice.LineTax{{Name: "TPS", Rate: 50000}, {Name: "TVQ", Rate: 99750}})
	inv.Compute()
	got := InvoiceSummary(inv, "fr", invoice.Date{Year: 2026, Month: 11, Day: 1}, 0)
	want := []string{"Facture F-1", "Date d'échéance 1er décembre 2026", "Sous-total 10,10\u00a0$", "TPS (5\u00a0%) 0,51\u00a0$",
		"TVQ (9,975\u00a0%) 1,01\u00a0$", "Total 11,62\u00a0$", "Solde dû 11,62\u00a0$"}
	if len(got) != len(want) {
		t.Fatalf("box %+v", got)
	}
	for i := range want {
		if s := got[i].Label + " " + got[i].Value; s != want[i] || got[i].Big != (i == len(want)-1) {
			t.Errorf("line %d = %q (big %v), want %q", i, s, got[i].Big, want[i])
		}
	}
	if n := len(Summary(inv, "fr", invoice.Date{Year: 2026, Month: 11, Day: 1}, 0)); n != 3 {
		t.Errorf("a reminder's box has %d lines, want 3 (no totals)", n)
	}
}
