package invoice

import "testing"

func TestValidateRefusesOverflowingLine(t *testing.T) {
	inv := &Invoice{Number: "X", CustomerID: 1, IssueDate: Date{2026, 1, 1}, DueDate: Date{2026, 2, 1}, Currency: "CAD",
		Lines: []Line{{Quantity: 1e15, UnitPrice: 1e15}}}
	err := inv.Validate()
	e, ok := err.(*Error)
	if !ok || e.Fields["lines[0].unit_price"] == "" {
		t.Fatalf("overflowing line accepted: %v", err)
	}
	inv.Lines = []Line{{Quantity: 10000, UnitPrice: MaxLineAmount}}
	if err := inv.Validate(); err != nil {
		t.Errorf("largest line refused: %v", err)
	}
}
