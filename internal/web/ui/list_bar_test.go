package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestInvoiceListWorkbench: the money bar (counts and totals, each a
// filter), search by number or customer, sortable columns, and the outbox
// list naming invoices by number.
func TestInvoiceListWorkbench(t *testing.T) {
	s := storetest.SQLite(t)
	b := newBundle(t, s)
	ctx := context.Background()
	zed := storetest.Customer(t, s, b.company.ID, "Zed Plomberie")
	abe := storetest.Customer(t, s, b.company.ID, "Abe Coop")
	late := b.invoiceFor(b.company.ID, zed.ID, "F-10", -5, 30000)
	b.invoiceFor(b.company.ID, abe.ID, "F-2", 20, 10000)
	paid := b.invoiceFor(b.company.ID, abe.ID, "F-3", -40, 5000)
	if _, err := storetest.Books(s).AddPayment(ctx, b.company.ID, paid.ID, &invoice.Payment{Amount: 5000, Date: day(t, -2)}); err != nil {
		t.Fatal(err)
	}
	b.c.signin("owner@example.com")

	r := b.c.get("/invoices")
	mustContain(t, r, `class="money-bar"`, `href="/invoices?status=overdue"`, "$300.00", "1 invoice", "$400.00", "2 invoices",
		`href="/invoices?paid=recent"`, "$50.00", "Paid, last 30 days")
	rows := func(path string) []string {
		t.Helper()
		body := b.c.get(path).body
		var out []string
		for _, part := range strings.Split(body, `<td data-label="No." class="nowrap"><a href="/invoices/`)[1:] {
			_, rest, _ := strings.Cut(part, `">`)
			n, _, _ := strings.Cut(rest, "<")
			out = append(out, n)
		}
		return out
	}
	for path, want := range map[string]string{
		"/invoices?status=overdue":          "F-10",
		"/invoices?status=open&sort=number": "F-10 F-2",
		"/invoices?paid=recent":             "F-3",
		"/invoices?q=zed":                   "F-10",
		"/invoices?q=F-3":                   "F-3",
		"/invoices?sort=balance&dir=desc":   "F-10 F-2 F-3",
		"/invoices?sort=customer":           "F-2 F-3 F-10",
		"/invoices?sort=due":                "F-3 F-10 F-2",
	} {
		if got := strings.Join(rows(path), " "); got != want {
			t.Errorf("%s: %q, want %q", path, got, want)
		}
	}
	// A sorted column says so, and its link reverses the order.
	r = b.c.get("/invoices?sort=due")
	mustContain(t, r, `aria-sort="ascending"`, `href="/invoices?dir=desc&amp;sort=due"`)

	// The outbox list names the invoice by number.
	st, _ := s.ReminderSettings(ctx, b.company.ID)
	st.Enabled = true
	if err := storetest.Books(s).PutReminderSettings(ctx, b.company.ID, st); err != nil {
		t.Fatal(err)
	}
	if _, err := b.eng.SendManual(ctx, b.company.ID, late.ID, "", ""); err != nil {
		t.Fatal(err)
	}
	if err := b.eng.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	mustContain(t, b.c.get("/outbox"), `class="nowrap">F-10</a>`)
}
