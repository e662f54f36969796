package reminder

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
)

// StatementDue says whether the monthly statement is due at now, and names
// its month ("2026-12", company time zone): due from DayOfMonth at the send
// time through CatchUpDays days later (a server down on the day sends it
// when it is back), never past the month's end. Exactly once per month is
// the caller's unique key (customer, month).
func (s *Settings) StatementDue(now time.Time) (month string, due bool) {
	if !s.Statements.Enabled || s.Statements.DayOfMonth < 1 || s.Statements.DayOfMonth > MaxStatementDay {
		return "", false
	}
	loc := s.Location()
	today := invoice.LocalDate(now, loc)
	month = fmt.Sprintf("%04d-%02d", today.Year, int(today.Month))
	day := invoice.Date{Year: today.Year, Month: today.Month, Day: s.Statements.DayOfMonth}
	h, m := s.SendClock()
	if now.Before(day.At(h, m, loc)) {
		return month, false
	}
	return month, today.DaysSince(day) <= s.CatchUpDays
}

// StatementInput is what a statement's (or a grouped message's) wording
// depends on: the customer's open invoices in the message, by due date.
type StatementInput struct {
	Template Template
	Company  *invoice.Company
	Customer *invoice.Customer
	Invoices []*invoice.Invoice
	Lang     string
	Today    invoice.Date
	// InvoiceURL is the first invoice's link, the value of {{invoice_url}}.
	InvoiceURL string
}

// StatementValues are the placeholders read across several invoices:
// invoice_number lists the numbers, due_date is the earliest, balance_due
// and invoice_total the sums (per currency, joined by " + "), days_overdue
// the most, days_until_due the fewest, invoice_date the day of the message.
func StatementValues(in StatementInput, lang string) map[string]string {
	var (
		numbers        []string
		due            invoice.Date
		overdue, until = 0, -1
		balance, total = map[string]int64{}, map[string]int64{}
	)
	for _, inv := range in.Invoices {
		numbers = append(numbers, inv.Number)
		if due.IsZero() || inv.DueDate.Before(due) {
			due = inv.DueDate
		}
		d := inv.DueDate.DaysSince(in.Today)
		overdue = max(overdue, -d)
		if until < 0 || max(0, d) < until {
			until = max(0, d)
		}
		balance[inv.Currency] += inv.Balance
		total[inv.Currency] += inv.Total
	}
	v := map[string]string{
		"customer_name":  customerName(in.Customer),
		"invoice_number": strings.Join(numbers, ", "),
		"invoice_date":   invoice.FormatDate(in.Today, lang),
		"due_date":       "",
		"invoice_total":  sums(total, lang),
		"balance_due":    sums(balance, lang),
		"days_overdue":   strconv.Itoa(overdue),
		"days_until_due": strconv.Itoa(max(0, until)),
		"company_name":   "",
		"invoice_url":    in.InvoiceURL,
	}
	if !due.IsZero() {
		v["due_date"] = invoice.FormatDate(due, lang)
	}
	if in.Company != nil {
		v["company_name"] = in.Company.Name
	}
	return v
}

// sums formats amounts per currency, in currency order, joined by " + ".
func sums(by map[string]int64, lang string) string {
	codes := make([]string, 0, len(by))
	for c := range by {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = money.Format(by[c], c, lang)
	}
	return strings.Join(parts, " + ")
}

// RenderStatement fills a statement template for a customer's invoices,
// with the same rules as Render (plain substitution, a one-line subject).
func RenderStatement(in StatementInput) (Rendered, error) {
	if len(in.Invoices) == 0 {
		return Rendered{}, errors.New("reminder: render statement: no invoice")
	}
	lang := renderLang(RenderInput{Lang: in.Lang, Customer: in.Customer, Company: in.Company})
	return renderValues(in.Template, in.Customer, lang, StatementValues(in, lang))
}
