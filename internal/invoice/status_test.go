package invoice

import "testing"

func d(s string) Date {
	v, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func TestStatusOf(t *testing.T) {
	today := d("2026-12-10")
	for _, tc := range []struct {
		name string
		inv  Invoice
		want Status
	}{
		{"due in 5 days", Invoice{DueDate: d("2026-12-15"), Total: 100, Balance: 100}, Status{StatusDue, 5}},
		{"due tomorrow", Invoice{DueDate: d("2026-12-11"), Total: 100, Balance: 100}, Status{StatusDue, 1}},
		{"due today", Invoice{DueDate: d("2026-12-10"), Total: 100, Balance: 100}, Status{StatusDueToday, 0}},
		{"overdue 1 day", Invoice{DueDate: d("2026-12-09"), Total: 100, Balance: 100}, Status{StatusOverdue, 1}},
		{"overdue across a year", Invoice{DueDate: d("2025-12-10"), Total: 100, Balance: 100}, Status{StatusOverdue, 365}},
		{"partially paid, not yet due", Invoice{DueDate: d("2026-12-20"), Total: 100, Paid: 40, Balance: 60}, Status{StatusPartiallyPaid, 10}},
		{"partially paid, due today", Invoice{DueDate: d("2026-12-10"), Total: 100, Paid: 40, Balance: 60}, Status{StatusPartiallyPaid, 0}},
		{"partially paid and overdue is overdue", Invoice{DueDate: d("2026-12-01"), Total: 100, Paid: 40, Balance: 60}, Status{StatusOverdue, 9}},
		{"paid", Invoice{DueDate: d("2026-12-01"), Total: 100, Paid: 100, Balance: 0}, Status{StatusPaid, 0}},
		{"overpaid is paid", Invoice{DueDate: d("2026-12-01"), Total: 100, Paid: 120, Balance: -20}, Status{StatusPaid, 0}},
		{"zero total is paid", Invoice{DueDate: d("2026-12-15")}, Status{StatusPaid, 0}},
		{"draft", Invoice{DueDate: d("2026-12-01"), Draft: true, Total: 100, Balance: 100}, Status{StatusDraft, 0}},
		{"voided wins over draft and balance", Invoice{DueDate: d("2026-12-01"), Draft: true, Voided: true, Total: 100, Balance: 100}, Status{StatusVoided, 0}},
		{"leap day", Invoice{DueDate: d("2028-02-29"), Total: 1, Balance: 1}, Status{StatusDue, 446}},
	} {
		if got := StatusOf(&tc.inv, today); got != tc.want {
			t.Errorf("%s: StatusOf = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestCompute(t *testing.T) {
	inv := Invoice{Lines: []Line{
		{Quantity: 15000, UnitPrice: 10000, TaxRate: 149750}, // 1.5 × 100.00 = 150.00, tax 22.4625 → 22.46
		{Quantity: 10000, UnitPrice: 3333, TaxRate: 50000},   // 33.33, tax 1.6665 → 1.67
		{Quantity: 3333, UnitPrice: 1},                       // 0.3333 × 0.01 → 0.00
		{Quantity: 5000, UnitPrice: 1},                       // 0.5 × 0.01 = 0.005 → 0.01 (half away from zero)
	}, Payments: []Payment{{Amount: 5000}, {Amount: 1000}}}
	inv.Compute()
	if inv.Subtotal != 18334 || inv.TaxTotal != 2413 || inv.Total != 20747 || inv.Paid != 6000 || inv.Balance != 14747 {
		t.Errorf("subtotal %d tax %d total %d paid %d balance %d", inv.Subtotal, inv.TaxTotal, inv.Total, inv.Paid, inv.Balance)
	}
	if inv.Lines[3].Amount != 1 || inv.Lines[1].Tax != 167 || inv.Lines[3].Position != 4 {
		t.Errorf("lines = %+v", inv.Lines)
	}
}

func TestDate(t *testing.T) {
	if _, err := ParseDate("2026-02-30"); err == nil {
		t.Error("30 February accepted")
	}
	if _, err := ParseDate("15/12/2026"); err == nil {
		t.Error("DD/MM/YYYY accepted")
	}
	if got := d("2026-12-31").AddDays(1); got != d("2027-01-01") {
		t.Errorf("AddDays = %v", got)
	}
	if n := d("2026-03-09").DaysSince(d("2026-03-07")); n != 2 {
		t.Errorf("DaysSince across DST = %d", n)
	}
	var x Date
	if err := x.Scan("2026-12-10"); err != nil || x != d("2026-12-10") {
		t.Errorf("Scan text = %v, %v", x, err)
	}
}
