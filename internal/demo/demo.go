// Package demo fills a database with a company that shows the product
// working: bilingual customers, invoices from two months overdue to a month
// ahead, payments, a paused customer, reminders on, and a login.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/relance-app/relance/internal/auth"
	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
)

// The demo company's name (how Seed recognises it) and its login.
const (
	CompanyName = "Atelier Demo"
	Email       = "demo@relance.test"
	Password    = "relance-demo"
)

// Seed creates the demo company, unless a company of that name exists: then
// it returns its id with created false and touches nothing, so that what
// a visitor changed in the demo stays. now places the invoices' dates.
func Seed(ctx context.Context, b *books.Books, now time.Time) (companyID int64, created bool, err error) {
	s := b.Store()
	cs, err := s.ListCompanies(ctx)
	if err != nil {
		return 0, false, fmt.Errorf("demo: %w", err)
	}
	for _, c := range cs {
		if c.Name == CompanyName {
			return c.ID, false, nil
		}
	}
	co := &invoice.Company{Name: CompanyName, Email: "facturation@atelier-demo.test",
		Address:  "1234, rue Saint-Jean\nQuébec (Québec) G1R 1R5",
		Timezone: "America/Toronto", Language: "fr", Currency: "CAD", BrandColor: "#1a6b5c",
		// The customer's page: payment instructions and a "Pay now" button.
		PaymentInstructionsEN: "Interac e-Transfer to paiement@atelier-demo.test, or a cheque to the address above.",
		PaymentInstructionsFR: "Virement Interac à paiement@atelier-demo.test, ou chèque à l'adresse ci-dessus.",
		PayURLTemplate:        "https://pay.example.com/atelier-demo?invoice={{invoice_number}}&amount={{balance_due_raw}}&currency={{currency}}",
		TaxName1:              "TPS", TaxRate1: 50000, TaxNumber1: "123456789 RT0001",
		TaxName2: "TVQ", TaxRate2: 99750, TaxNumber2: "1234567890 TQ0001"}
	if err := s.CreateCompany(ctx, co); err != nil {
		return 0, false, fmt.Errorf("demo: create company: %w", err)
	}
	// Settings first, so that each invoice is planned as it is created.
	if err := enableReminders(ctx, b, co.ID); err != nil {
		return co.ID, true, err
	}
	custs, err := createCustomers(ctx, s, co.ID)
	if err != nil {
		return co.ID, true, err
	}
	if err := createInvoices(ctx, b, co, custs, invoice.LocalDate(now, co.Location())); err != nil {
		return co.ID, true, err
	}
	if err := createUser(ctx, s, co.ID); err != nil {
		return co.ID, true, err
	}
	return co.ID, true, nil
}

// enableReminders turns automatic reminders on with three steps: 3 days
// before the due date, 7 and 21 days after.
func enableReminders(ctx context.Context, b *books.Books, companyID int64) error {
	st, err := b.Store().ReminderSettings(ctx, companyID)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	st.Enabled = true
	for i, d := range []struct {
		days int
		when string
	}{{3, reminder.Before}, {7, reminder.After}, {21, reminder.After}} {
		st.Steps[i].Enabled, st.Steps[i].Days, st.Steps[i].When = true, d.days, d.when
	}
	if err := b.PutReminderSettings(ctx, companyID, st); err != nil {
		return fmt.Errorf("demo: reminder settings: %w", err)
	}
	return nil
}

// createUser makes the demo login a member of the company; an existing
// user of that email (a demo company seeded on another database's day)
// just gets the membership.
func createUser(ctx context.Context, s *store.Store, companyID int64) error {
	if u, err := s.UserByEmail(ctx, Email); err == nil {
		return s.AddMembership(ctx, u.ID, companyID, store.RoleAdmin)
	} else if !invoice.IsNotFound(err) {
		return fmt.Errorf("demo: %w", err)
	}
	hash, err := auth.HashPassword(Password)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	u := &store.User{Email: Email, Name: "Démo", PasswordHash: hash, Language: "fr"}
	if err := s.CreateUser(ctx, u, companyID, store.RoleAdmin); err != nil {
		return fmt.Errorf("demo: create user: %w", err)
	}
	return nil
}
