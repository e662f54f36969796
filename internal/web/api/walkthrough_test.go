package api_test

import (
	"net/http"
	"testing"
	"time"
)

// TestNewUserWalkThrough is what a new user does first: a customer, an
// invoice of three lines with Québec and federal taxes, a partial payment,
// and the balance and status read back before and after the due date.
func TestNewUserWalkThrough(t *testing.T) {
	parallelEach(t, func(t *testing.T, en *env) {
		loc := toronto(t)
		en.clock.set(time.Date(2026, 1, 20, 10, 0, 0, 0, loc))

		cust := en.createCustomer("Côté Rénovation", "elodie@example.com")
		var c customerJSON
		en.must(http.StatusOK, "GET", path("/api/v1/customers/{id}", cust), nil, &c)
		if c.DisplayName != "Côté Rénovation" || c.Email != "elodie@example.com" || c.Language != "fr" {
			t.Errorf("customer read back: %+v", c)
		}

		inv := en.createInvoice(map[string]any{
			"number": "2026-001", "customer_id": cust, "issue_date": "2026-01-10", "due_date": "2026-02-09", "currency": "CAD",
			"lines": []map[string]string{
				{"description": "Plans", "quantity": "1", "unit_price": "1200.00", "tax_rate": "14.975"},
				{"description": "Heures", "quantity": "12", "unit_price": "15.50", "tax_rate": "14.975"},
				{"description": "Déplacement", "quantity": "2.5", "unit_price": "80", "tax_rate": "5"},
			},
		})
		if inv.Subtotal != "1586.00" || inv.TaxTotal != "217.55" || inv.Total != "1803.55" || inv.BalanceDue != "1803.55" {
			t.Errorf("totals: subtotal %s tax %s total %s balance %s; want 1586.00 217.55 1803.55 1803.55",
				inv.Subtotal, inv.TaxTotal, inv.Total, inv.BalanceDue)
		}
		if inv.Email != "elodie@example.com" {
			t.Errorf("recipient not copied from the customer: %q", inv.Email)
		}
		if inv.Status != "due" || inv.StatusDays != 20 {
			t.Errorf("status on 2026-01-20: %s %d, want due 20", inv.Status, inv.StatusDays)
		}
		wantLines := []lineJSON{
			{"Plans", "1", "1200.00", "14.975", "1200.00", "179.70"},
			{"Heures", "12", "15.50", "14.975", "186.00", "27.85"},
			{"Déplacement", "2.5", "80.00", "5", "200.00", "10.00"},
		}
		if len(inv.Lines) != len(wantLines) {
			t.Fatalf("lines: %+v", inv.Lines)
		}
		for i, l := range inv.Lines {
			if l != wantLines[i] {
				t.Errorf("line %d: %+v, want %+v", i, l, wantLines[i])
			}
		}

		var paid invoiceJSON
		en.must(http.StatusCreated, "POST", path("/api/v1/invoices/{id}/payments", inv.ID),
			map[string]string{"amount": "500.00", "date": "2026-01-20"}, &paid)
		if paid.BalanceDue != "1303.55" || paid.AmountPaid != "500.00" || paid.Status != "partially_paid" {
			t.Errorf("after payment: balance %s paid %s status %s; want 1303.55 500.00 partially_paid",
				paid.BalanceDue, paid.AmountPaid, paid.Status)
		}
		if len(paid.Payments) != 1 || paid.Payments[0].Amount != "500.00" || paid.Payments[0].Date != "2026-01-20" {
			t.Errorf("payments: %+v", paid.Payments)
		}

		// The same invoice read back, before and after its due date.
		var got invoiceJSON
		en.must(http.StatusOK, "GET", path("/api/v1/invoices/{id}", inv.ID), nil, &got)
		if got.BalanceDue != "1303.55" || got.Status != "partially_paid" || got.Total != "1803.55" {
			t.Errorf("read back: balance %s status %s total %s", got.BalanceDue, got.Status, got.Total)
		}
		// 2026-02-10 00:30 in Toronto is still 2026-02-10 locally but
		// 05:30 UTC: the status follows the company's calendar day.
		en.clock.set(time.Date(2026, 2, 10, 0, 30, 0, 0, loc))
		en.must(http.StatusOK, "GET", path("/api/v1/invoices/{id}", inv.ID), nil, &got)
		if got.BalanceDue != "1303.55" || got.Status != "overdue" || got.StatusDays != 1 {
			t.Errorf("a day late: balance %s status %s %d, want 1303.55 overdue 1", got.BalanceDue, got.Status, got.StatusDays)
		}
		// 2026-02-09 23:30 in Toronto is already the 10th in UTC: not late yet.
		en.clock.set(time.Date(2026, 2, 9, 23, 30, 0, 0, loc))
		en.must(http.StatusOK, "GET", path("/api/v1/invoices/{id}", inv.ID), nil, &got)
		if got.Status != "partially_paid" {
			t.Errorf("on the due date, late evening: status %s, want partially_paid", got.Status)
		}

		// The status filter agrees with the status shown.
		en.clock.set(time.Date(2026, 3, 1, 12, 0, 0, 0, loc))
		var overdue page[invoiceJSON]
		en.must(http.StatusOK, "GET", "/api/v1/invoices?status=overdue", nil, &overdue)
		if len(overdue.Items) != 1 || overdue.Items[0].ID != inv.ID || overdue.Items[0].BalanceDue != "1303.55" {
			t.Errorf("?status=overdue: %+v", overdue.Items)
		}
		var partial page[invoiceJSON]
		en.must(http.StatusOK, "GET", "/api/v1/invoices?status=partially_paid", nil, &partial)
		if len(partial.Items) != 0 {
			t.Errorf("?status=partially_paid after the due date: %+v", partial.Items)
		}

		// Paying the rest makes it paid; a void then shows voided.
		en.must(http.StatusCreated, "POST", path("/api/v1/invoices/{id}/payments", inv.ID),
			map[string]string{"amount": "1303.55"}, &got)
		if got.BalanceDue != "0.00" || got.Status != "paid" {
			t.Errorf("paid in full: balance %s status %s", got.BalanceDue, got.Status)
		}
		if len(got.Payments) != 2 || got.Payments[1].Date != "2026-03-01" {
			t.Errorf("a payment without a date is dated the company's today: %+v", got.Payments)
		}
		en.must(http.StatusOK, "POST", path("/api/v1/invoices/{id}/void", inv.ID), nil, &got)
		if !got.Voided || got.Status != "voided" {
			t.Errorf("after void: voided %v status %s", got.Voided, got.Status)
		}
	})
}
