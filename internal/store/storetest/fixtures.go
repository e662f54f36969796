package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
)

// Company creates a company named name in America/Toronto, CAD, French.
func Company(t testing.TB, s *store.Store, name string) *invoice.Company {
	t.Helper()
	c := &invoice.Company{Name: name, Email: "billing@example.com", Timezone: "America/Toronto", Language: "fr", Currency: "CAD"}
	if err := s.CreateCompany(context.Background(), c); err != nil {
		t.Fatalf("create company: %v", err)
	}
	return c
}

// Customer creates a French-speaking customer with an email address.
func Customer(t testing.TB, s *store.Store, companyID int64, name string) *invoice.Customer {
	t.Helper()
	c := &invoice.Customer{CompanyID: companyID, DisplayName: name, FirstName: "Élodie", LastName: "Côté",
		Email: "elodie@example.com", Language: "fr"}
	if err := s.CreateCustomer(context.Background(), c); err != nil {
		t.Fatalf("create customer: %v", err)
	}
	return c
}

// Invoice builds (unsaved) an invoice of one line of amount minor units, no tax.
func Invoice(companyID, customerID int64, number string, issue, due invoice.Date, amount int64) *invoice.Invoice {
	return &invoice.Invoice{CompanyID: companyID, CustomerID: customerID, Number: number, Email: "elodie@example.com",
		IssueDate: issue, DueDate: due, Currency: "CAD",
		Lines: []invoice.Line{{Description: "Travaux", Quantity: 10000, UnitPrice: amount}}}
}

// MustDate parses YYYY-MM-DD or fails the test.
func MustDate(t testing.TB, s string) invoice.Date {
	t.Helper()
	d, err := invoice.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Seq names the i-th test invoice.
func Seq(i int) string { return fmt.Sprintf("INV-%06d", i) }
