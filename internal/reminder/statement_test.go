package reminder

import (
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/invoice"
)

// TestStatementDue: the monthly statement is due from its day at the send
// time (company time zone) through the catch-up days, in its month only.
func TestStatementDue(t *testing.T) {
	t.Parallel()
	st := DefaultSettings("America/Toronto") // send time 09:00
	st.CatchUpDays = 2
	st.Statements = Statements{Enabled: true, DayOfMonth: 28}
	loc, _ := time.LoadLocation("America/Toronto")
	at := func(d string, h, m int) time.Time { return day(d).At(h, m, loc) }
	for _, c := range []struct {
		now   time.Time
		month string
		due   bool
	}{
		{at("2026-11-27", 12, 0), "2026-11", false},
		{at("2026-11-28", 8, 59), "2026-11", false},
		{at("2026-11-28", 9, 0), "2026-11", true},
		{at("2026-11-30", 23, 0), "2026-11", true},                          // catch-up, day 2
		{at("2026-12-01", 9, 0), "2026-12", false},                          // a new month: not its day
		{time.Date(2026, 11, 28, 13, 59, 0, 0, time.UTC), "2026-11", false}, // 08:59 in Toronto
		{time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC), "2026-11", true},    // still the 28th, 22:00 in Toronto
	} {
		month, due := st.StatementDue(c.now)
		if month != c.month || due != c.due {
			t.Errorf("at %s: %q %v, want %q %v", c.now, month, due, c.month, c.due)
		}
	}
	off := st
	off.Statements.Enabled = false
	if _, due := off.StatementDue(at("2026-11-28", 10, 0)); due {
		t.Error("due while statements are off")
	}
}

// TestRenderStatement: placeholders read across the invoices (numbers
// listed, earliest due date, sums per currency, most days overdue).
func TestRenderStatement(t *testing.T) {
	t.Parallel()
	cu := &invoice.Customer{DisplayName: "Acme", FirstName: "Ann", Language: "en"}
	invs := []*invoice.Invoice{
		{Number: "A-1", DueDate: day("2026-11-01"), Balance: 10000, Total: 20000, Currency: "CAD"},
		{Number: "A-2", DueDate: day("2026-11-20"), Balance: 5050, Total: 5050, Currency: "CAD"},
		{Number: "A-3", DueDate: day("2026-12-20"), Balance: 700, Total: 700, Currency: "EUR"},
	}
	tpl := Template{Subject: "{{invoice_number}}", Message: "{{balance_due}} / {{invoice_total}} / {{due_date}} / {{days_overdue}} / {{invoice_url}}"}
	r, err := RenderStatement(StatementInput{Template: tpl, Customer: cu, Invoices: invs, Lang: "en", Today: day("2026-12-01"), InvoiceURL: "https://x/i/t"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Subject != "A-1, A-2, A-3" {
		t.Errorf("subject %q", r.Subject)
	}
	want := "$150.50 + €7.00 / $250.50 + €7.00 / November 1, 2026 / 30 / https://x/i/t"
	if !strings.Contains(r.Text, want) {
		t.Errorf("text %q, want %q", r.Text, want)
	}
	if _, err := RenderStatement(StatementInput{Template: tpl, Customer: cu}); err == nil {
		t.Error("a statement of nothing rendered")
	}
}
