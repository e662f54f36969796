package invoice

import (
	"strings"
	"testing"
)

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

// TestValidationGaps: the inputs the hardening review found accepted.
func TestValidationGaps(t *testing.T) {
	co := func(name string) error {
		return (&Company{Name: name, Timezone: "UTC", Language: "en", Currency: "CAD"}).Validate()
	}
	for _, bad := range []string{"Acme\x00", "Acme\x07Inc", "Acme\x1b[31m", "Acme\u0085"} {
		if err := co(bad); err == nil {
			t.Errorf("company name %q accepted", bad)
		}
	}
	if err := co("Plomberie Côté & fils"); err != nil {
		t.Errorf("good company name refused: %v", err)
	}
	inv := func(number string, issue, due string) *Invoice {
		return &Invoice{Number: number, CustomerID: 1, IssueDate: d(issue), DueDate: d(due), Currency: "CAD",
			Lines: []Line{{Description: "x", Quantity: 10000, UnitPrice: 100}}}
	}
	for _, n := range []string{"F-\u200b1", "\ufeffF-1", "F-1\u200d", "F\u202e-1"} {
		if err := inv(n, "2026-12-01", "2026-12-31").Validate(); err == nil {
			t.Errorf("number %q with an invisible character accepted", n)
		}
	}
	nfd := inv("FACT-e\u0301t\u00e9", "2026-12-01", "2026-12-31") // é typed as e + combining accent, and as one letter
	if err := nfd.Validate(); err != nil || nfd.Number != "FACT-\u00e9t\u00e9" {
		t.Errorf("NFD number: %q %v, want it stored in NFC", nfd.Number, err)
	}
	for _, dates := range [][2]string{{"0000-01-01", "2026-12-31"}, {"2026-12-01", "9999-12-31"}, {"1899-12-31", "2026-01-01"}} {
		i := inv("F-1", dates[0], dates[1])
		if err := i.Validate(); err == nil {
			t.Errorf("dates %v accepted", dates)
		}
	}
	if err := inv("F-1", "1900-01-01", "2200-12-31").Validate(); err != nil {
		t.Errorf("dates at the bounds refused: %v", err)
	}
	for _, bad := range []string{"", "a@b", "Bob <bob@example.com>", "a@example.com, b@example.com", " a@example.com",
		strings.Repeat("a", 250) + "@example.com"} {
		if ValidEmail(bad) == nil {
			t.Errorf("user email %q accepted", bad)
		}
	}
	if err := ValidEmail("élodie.côté@example.com"); err != nil {
		t.Errorf("good email refused: %v", err)
	}
}
