package api_test

import (
	"net/http"
	"sync"
	"testing"
)

// TestConcurrentWrites: racing requests never overdraw an invoice nor
// duplicate a number, and lose with a 4xx, never a 5xx.
func TestConcurrentWrites(t *testing.T) {
	parallelEach(t, func(t *testing.T, en *env) {
		cust := en.createCustomer("Client", "client@example.com")
		inv := en.createInvoice(simpleInvoice("R-1", cust, "2026-01-01", "2026-01-31")) // 210.00

		const n = 10
		statuses := make([]int, 2*n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(2)
			go func() {
				defer wg.Done()
				statuses[i] = en.call("POST", path("/api/v1/invoices/{id}/payments", inv.ID), map[string]string{"amount": "50.00"}).status
			}()
			go func() {
				defer wg.Done()
				statuses[n+i] = en.call("POST", "/api/v1/invoices", simpleInvoice("R-2", cust, "2026-01-01", "2026-01-31")).status
			}()
		}
		wg.Wait()
		count := func(from, to, status int) int {
			c := 0
			for _, s := range statuses[from:to] {
				if s == status {
					c++
				}
			}
			return c
		}
		for i, s := range statuses {
			if s >= 500 {
				t.Errorf("request %d: %d", i, s)
			}
		}
		if ok, refused := count(0, n, 201), count(0, n, 422)+count(0, n, 409); ok != 4 || refused != n-4 {
			t.Errorf("payments of 50.00 on 210.00: %d accepted, %d refused (%v), want 4 and %d", ok, refused, statuses[:n], n-4)
		}
		var got invoiceJSON
		en.must(http.StatusOK, "GET", path("/api/v1/invoices/{id}", inv.ID), nil, &got)
		if got.BalanceDue != "10.00" || got.AmountPaid != "200.00" || len(got.Payments) != 4 {
			t.Errorf("after the race: balance %s paid %s, %d payments", got.BalanceDue, got.AmountPaid, len(got.Payments))
		}
		if ok, conflict := count(n, 2*n, 201), count(n, 2*n, 409); ok != 1 || conflict != n-1 {
			t.Errorf("the same number %d times: %d created, %d conflicts (%v)", n, ok, conflict, statuses[n:])
		}
	})
}
