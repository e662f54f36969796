package invoice

import "testing"

func TestValidateInvoiceFields(t *testing.T) {
	good := func() *Invoice {
		return &Invoice{Number: "F-1", CustomerID: 1, Email: "a@example.com", IssueDate: d("2026-12-01"), DueDate: d("2026-12-31"),
			Currency: "CAD", Lines: []Line{{Description: "x", Quantity: 10000, UnitPrice: 100}}}
	}
	if err := good().Validate(); err != nil {
		t.Fatalf("good invoice refused: %v", err)
	}
	for _, tc := range []struct {
		field string
		mut   func(*Invoice)
	}{
		{"number", func(i *Invoice) { i.Number = " " }},
		{"number", func(i *Invoice) { i.Number = "F\r\n1" }},
		{"customer_id", func(i *Invoice) { i.CustomerID = 0 }},
		{"email", func(i *Invoice) { i.Email = "not an email" }},
		{"email", func(i *Invoice) { i.Email = "a@example.com\r\nBcc: x@evil.test" }},
		{"due_date", func(i *Invoice) { i.DueDate = d("2026-11-30") }},
		{"currency", func(i *Invoice) { i.Currency = "XXQ" }},
		{"lines", func(i *Invoice) { i.Lines = nil }},
		{"lines", func(i *Invoice) { i.Lines = make([]Line, MaxLines+1) }},
		{"lines[0].quantity", func(i *Invoice) { i.Lines[0].Quantity = -1 }},
		{"lines[0].unit_price", func(i *Invoice) { i.Lines[0].UnitPrice = -1 }},
		{"lines[0].tax_rate", func(i *Invoice) { i.Lines[0].TaxRate = 101 * rateFactor }},
	} {
		inv := good()
		tc.mut(inv)
		err := inv.Validate()
		e, ok := err.(*Error)
		if !ok || e.Code != EInvalid || e.Fields[tc.field] == "" {
			t.Errorf("%s: err = %v, want a reason for %s", tc.field, err, tc.field)
		}
	}
}

func TestValidateCustomer(t *testing.T) {
	c := &Customer{DisplayName: "Élodie", Email: "a@example.com, b@example.org", Language: "fr"}
	if err := c.Validate(); err != nil {
		t.Fatalf("good customer refused: %v", err)
	}
	c.Language = "de"
	c.Cc = "x@"
	e, _ := c.Validate().(*Error)
	if e == nil || e.Fields["language"] == "" || e.Fields["cc"] == "" {
		t.Errorf("bad customer: %v", e)
	}
}
