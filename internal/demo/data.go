package demo

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
)

// customers of the demo: French and English, persons and businesses, one
// with reminders paused (docs/reminders.md, "Pausing").
var customers = []invoice.Customer{
	{DisplayName: "Élodie Côté", CompanyName: "Côté Design", Title: "Mme", FirstName: "Élodie", LastName: "Côté",
		Email: "elodie@cote-design.test", Language: "fr", Address: "88, rue du Pont\nQuébec (Québec) G1K 5X9"},
	{DisplayName: "Café Être-Saint-Jean inc.", CompanyName: "Café Être-Saint-Jean inc.", Title: "M.", FirstName: "Jean",
		LastName: "Tremblay", Email: "compta@cafe-etre.test", Cc: "jean@cafe-etre.test", Language: "fr",
		Address: "450, boulevard Charest Est\nQuébec (Québec) G1K 3J3"},
	{DisplayName: "Boulangerie Saint-Roch", CompanyName: "Boulangerie Saint-Roch inc.", FirstName: "Luc", LastName: "Gagnon",
		Email: "comptabilite@boulangerie-st-roch.test", Language: "fr"},
	{DisplayName: "François Bélanger", Title: "M.", FirstName: "François", LastName: "Bélanger",
		Email: "f.belanger@courriel.test", Language: "fr", RemindersPaused: true},
	{DisplayName: "Hélène Lévesque, architecte", CompanyName: "Lévesque Architecture", Title: "Mme", FirstName: "Hélène",
		LastName: "Lévesque", Email: "helene@levesque-archi.test", Language: "fr"},
	{DisplayName: "Maple Leaf Bakery", CompanyName: "Maple Leaf Bakery Ltd.", Title: "Ms.", FirstName: "Sarah",
		LastName: "O'Brien", Email: "accounts@mapleleaf.test", Language: "en", Address: "120 Bank Street\nOttawa ON K1P 5N2"},
	{DisplayName: "Northwind Traders", CompanyName: "Northwind Traders Inc.", Title: "Ms.", FirstName: "Nancy",
		LastName: "Davolio", Email: "billing@northwind.test", Bcc: "archive@northwind.test", Language: "en"},
	{DisplayName: "Green Mountain Outfitters", CompanyName: "Green Mountain Outfitters", Title: "Mr.", FirstName: "Tom",
		LastName: "Walsh", Email: "ap@greenmountain.test", Language: "en"},
}

func createCustomers(ctx context.Context, s *store.Store, companyID int64) ([]invoice.Customer, error) {
	out := make([]invoice.Customer, len(customers))
	for i, c := range customers {
		c.CompanyID = companyID
		if err := s.CreateCustomer(ctx, &c); err != nil {
			return nil, fmt.Errorf("demo: create customer %q: %w", c.DisplayName, err)
		}
		out[i] = c
	}
	return out, nil
}

// QuebecTaxes are TPS 5 % and TVQ 9.975 %, two named taxes on a line,
// each rounded on its own (the company's taxes, see demo.go).
var QuebecTaxes = []invoice.LineTax{{Name: "TPS", Rate: 50000}, {Name: "TVQ", Rate: 99750}}

// item is a catalogue entry; price in cents, quantity at QtyScale.
type item struct {
	fr, en  string
	qty     int64
	price   int64
	untaxed bool
}

// catalogue of a small design studio; travel expenses are re-billed
// without tax.
var catalogue = []item{
	{"Conception graphique — heures", "Graphic design — hours", 12_0000, 85_00, false},
	{"Refonte du logo", "Logo redesign", 1_0000, 1250_00, false},
	{"Impression de cartes professionnelles (500)", "Business card printing (500)", 2_0000, 89_50, false},
	{"Hébergement web annuel", "Annual web hosting", 1_0000, 240_00, false},
	{"Rédaction et révision — heures", "Copywriting and editing — hours", 3_5000, 70_00, false},
	{"Séance photo produits (demi-journée)", "Product photo shoot (half day)", 1_0000, 650_00, false},
	{"Frais de déplacement", "Travel expenses", 1_0000, 42_75, true},
	{"Maintenance du site — forfait mensuel", "Website maintenance — monthly plan", 1_0000, 180_00, false},
}

// NumInvoices is how many invoices the demo holds.
const NumInvoices = 40

// createInvoices spreads invoices from 60 days overdue to 30 days ahead of
// today; every fifth is paid, some others partially, so that the invoice
// list shows every status.
func createInvoices(ctx context.Context, b *books.Books, co *invoice.Company, custs []invoice.Customer, today invoice.Date) error {
	for i := range NumInvoices {
		cu := custs[i%len(custs)]
		due := today.AddDays(-60 + i*90/(NumInvoices-1))
		inv := &invoice.Invoice{CompanyID: co.ID, CustomerID: cu.ID, Number: fmt.Sprintf("2026-%04d", 101+i),
			Email: cu.Email, Cc: cu.Cc, Bcc: cu.Bcc, IssueDate: due.AddDays(-30), DueDate: due, Currency: co.Currency}
		for j := range 1 + i%3 {
			it := catalogue[(i*3+j*5)%len(catalogue)]
			l := invoice.Line{Description: it.fr, Quantity: it.qty, UnitPrice: it.price}
			if cu.Language == "en" {
				l.Description = it.en
			}
			if !it.untaxed {
				l.SetTaxes(QuebecTaxes)
			}
			inv.Lines = append(inv.Lines, l)
		}
		if err := b.CreateInvoice(ctx, inv); err != nil {
			return fmt.Errorf("demo: create invoice %s: %w", inv.Number, err)
		}
		if err := pay(ctx, b, co.ID, inv, i, today); err != nil {
			return err
		}
	}
	return nil
}

// pay records the payments of invoice i: paid in full (every fifth), about
// 40 % paid (every seventh from the fourth), nothing otherwise. A payment is
// dated no later than today.
func pay(ctx context.Context, b *books.Books, companyID int64, inv *invoice.Invoice, i int, today invoice.Date) error {
	var amount int64
	switch {
	case i%5 == 0:
		amount = inv.Balance
	case i%7 == 3:
		amount = inv.Balance * 2 / 5
	default:
		return nil
	}
	date := inv.DueDate.AddDays(-2)
	if date.After(today) {
		date = today
	}
	if _, err := b.AddPayment(ctx, companyID, inv.ID, &invoice.Payment{Amount: amount, Date: date}); err != nil {
		return fmt.Errorf("demo: pay invoice %s: %w", inv.Number, err)
	}
	return nil
}
