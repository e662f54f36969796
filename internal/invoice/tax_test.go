package invoice

import "testing"

// TestNamedTaxesRoundEachOnItsOwn: TPS and TVQ on the same line are two
// taxes, each rounded per line half away from zero, and the invoice's
// totals per tax are the sums of the lines' rounded amounts. The same
// line under the single combined rate of older invoices rounds once.
func TestNamedTaxesRoundEachOnItsOwn(t *testing.T) {
	tps, tvq := LineTax{Name: "TPS", Rate: 50000}, LineTax{Name: "TVQ", Rate: 99750}
	inv := &Invoice{Currency: "CAD", Lines: []Line{
		{Quantity: 10000, UnitPrice: 1010},                  // 10.10: TPS 0.505 → 0.51, TVQ 1.007475 → 1.01
		{Quantity: 30000, UnitPrice: 3333},                  // 99.99: TPS 4.9995 → 5.00, TVQ 9.974 → 9.97
		{Quantity: 10000, UnitPrice: 1010, TaxRate: 149750}, // the old single rate: 1.512475 → 1.51
	}}
	inv.Lines[0].SetTaxes([]LineTax{tps, tvq})
	inv.Lines[1].SetTaxes([]LineTax{tps, tvq})
	inv.Compute()
	if l := inv.Lines[0]; l.Tax != 51 || l.Tax2 != 101 {
		t.Errorf("line 1 taxes %d, %d; want 51, 101", l.Tax, l.Tax2)
	}
	if l := inv.Lines[1]; l.Tax != 500 || l.Tax2 != 997 {
		t.Errorf("line 2 taxes %d, %d; want 500, 997", l.Tax, l.Tax2)
	}
	if l := inv.Lines[2]; l.Tax != 151 {
		t.Errorf("combined rate %d; want 151", l.Tax)
	}
	want := []LineTax{{"TPS", 50000, 551}, {"TVQ", 99750, 1098}, {"", 149750, 151}}
	got := inv.TaxTotals()
	if len(got) != len(want) {
		t.Fatalf("tax totals %+v", got)
	}
	var sum int64
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("tax total %d = %+v, want %+v", i, got[i], want[i])
		}
		sum += got[i].Amount
	}
	if sum != inv.TaxTotal || inv.Total != inv.Subtotal+inv.TaxTotal || inv.Subtotal != 1010+9999+1010 {
		t.Errorf("totals: subtotal %d tax %d (sum of taxes %d) total %d", inv.Subtotal, inv.TaxTotal, sum, inv.Total)
	}
	// A negative amount (a credit line) rounds away from zero too.
	cr := &Invoice{Currency: "CAD", Lines: []Line{{Quantity: -10000, UnitPrice: 1010}}}
	cr.Lines[0].SetTaxes([]LineTax{tps})
	cr.Compute()
	if cr.Lines[0].Tax != -51 {
		t.Errorf("credit line TPS %d, want -51", cr.Lines[0].Tax)
	}
}

func TestLineTaxesValidated(t *testing.T) {
	inv := &Invoice{Number: "F-1", CustomerID: 1, Currency: "CAD", IssueDate: d("2026-11-01"),
		DueDate: d("2026-12-01"), Lines: []Line{{Description: "x", Quantity: 10000, UnitPrice: 100}}}
	inv.Lines[0].SetTaxes([]LineTax{{Name: "TPS", Rate: 50000}, {Name: "tps", Rate: 50000}})
	err := inv.Validate()
	fe := fieldsOf(err)
	if fe["lines[0].taxes[1]"] == "" {
		t.Errorf("the same tax twice accepted: %v", err)
	}
	inv.Lines[0].SetTaxes([]LineTax{{Name: "TPS;TVQ", Rate: 50000}})
	if fe := fieldsOf(inv.Validate()); fe["lines[0].taxes[0]"] == "" {
		t.Errorf("a name with ; accepted: %v", fe)
	}
	c := &Company{Name: "A", Timezone: "America/Toronto", Language: "fr", Currency: "CAD", TaxRate1: 50000}
	if fe := fieldsOf(c.Validate()); fe["taxes[0].name"] == "" {
		t.Errorf("a company tax rate without a name accepted: %v", fe)
	}
}

func fieldsOf(err error) map[string]string {
	if e, ok := err.(*Error); ok {
		return e.Fields
	}
	return nil
}
