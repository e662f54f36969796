package api_test

import (
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/store/storetest"
)

// rat parses a decimal string of the API exactly.
func rat(t *testing.T, field, s string) *big.Rat {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	if !ok || strings.ContainsAny(s, "eE/") {
		t.Fatalf("%s = %q is not a decimal string", field, s)
	}
	return r
}

// roundHalfAway rounds r to digits decimals, half away from zero.
func roundHalfAway(r *big.Rat, digits int) *big.Rat {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(digits)), nil)
	x := new(big.Rat).Mul(r, new(big.Rat).SetInt(scale))
	num, den := new(big.Int).Abs(x.Num()), x.Denom()
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	if new(big.Int).Mul(m, big.NewInt(2)).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if x.Sign() < 0 {
		q.Neg(q)
	}
	return new(big.Rat).SetFrac(q, scale)
}

// checkInvoiceArithmetic verifies a created invoice with exact decimals:
// each line's amount and tax, and total = sum of lines + tax = balance.
func checkInvoiceArithmetic(t *testing.T, inv invoiceJSON) {
	t.Helper()
	digits, err := money.Digits(inv.Currency)
	if err != nil {
		t.Fatalf("created with currency %q: %v", inv.Currency, err)
	}
	sumAmount, sumTax := new(big.Rat), new(big.Rat)
	for i, l := range inv.Lines {
		q := rat(t, "quantity", l.Quantity)
		p := rat(t, "unit_price", l.UnitPrice)
		rate := rat(t, "tax_rate", l.TaxRate)
		amount := rat(t, "amount", l.Amount)
		tax := rat(t, "tax", l.Tax)
		if q.Sign() < 0 || p.Sign() < 0 || rate.Sign() < 0 || amount.Sign() < 0 || tax.Sign() < 0 {
			t.Errorf("line %d has a negative value: %+v", i, l)
		}
		if want := roundHalfAway(new(big.Rat).Mul(q, p), digits); want.Cmp(amount) != 0 {
			t.Errorf("line %d: %s × %s = %s, want %s", i, l.Quantity, l.UnitPrice, l.Amount, want.FloatString(digits))
		}
		want := roundHalfAway(new(big.Rat).Quo(new(big.Rat).Mul(amount, rate), big.NewRat(100, 1)), digits)
		if want.Cmp(tax) != 0 {
			t.Errorf("line %d: tax %s%% of %s = %s, want %s", i, l.TaxRate, l.Amount, l.Tax, want.FloatString(digits))
		}
		sumAmount.Add(sumAmount, amount)
		sumTax.Add(sumTax, tax)
	}
	subtotal, taxTotal := rat(t, "subtotal", inv.Subtotal), rat(t, "tax_total", inv.TaxTotal)
	total, balance := rat(t, "total", inv.Total), rat(t, "balance_due", inv.BalanceDue)
	if subtotal.Cmp(sumAmount) != 0 || taxTotal.Cmp(sumTax) != 0 {
		t.Errorf("subtotal %s tax %s, lines sum to %s and %s", inv.Subtotal, inv.TaxTotal,
			sumAmount.FloatString(digits), sumTax.FloatString(digits))
	}
	if want := new(big.Rat).Add(sumAmount, sumTax); total.Cmp(want) != 0 {
		t.Errorf("total %s, want lines + tax = %s", inv.Total, want.FloatString(digits))
	}
	if balance.Cmp(total) != 0 || inv.AmountPaid != money.FormatAmount(0, inv.Currency) {
		t.Errorf("new invoice: balance %s paid %s, total %s", inv.BalanceDue, inv.AmountPaid, inv.Total)
	}
	for _, s := range []string{inv.Total, inv.Subtotal, inv.TaxTotal} {
		if _, f, _ := strings.Cut(s, "."); len(f) != digits {
			t.Errorf("%s has not %d decimals for %s", s, digits, inv.Currency)
		}
	}
}

// FuzzInvoiceCreate posts arbitrary bodies to POST /api/v1/invoices: never
// a 5xx nor a panic, errors in the error format, and a created invoice's
// arithmetic is exact and read back the same.
func FuzzInvoiceCreate(f *testing.F) {
	en := newEnv(f, storetest.SQLite(f))
	cust := en.createCustomer("Client", "client@example.com")
	valid := func(number, lines string) string {
		return fmt.Sprintf(`{"number":%q,"customer_id":%d,"issue_date":"2026-01-10","due_date":"2026-02-09","currency":"CAD","lines":%s}`,
			number, cust, lines)
	}
	for _, seed := range []string{
		valid("W-1", `[{"description":"Plans","quantity":"1","unit_price":"1200.00","tax_rate":"14.975"},`+
			`{"quantity":"12","unit_price":"15.50","tax_rate":"14.975"},{"quantity":"2.5","unit_price":"80","tax_rate":"5"}]`),
		valid("W-2", `[{"quantity":"0.3333","unit_price":"0.05","tax_rate":"9.9999"}]`),
		valid("W-3", `[{"quantity":"100000000000","unit_price":"10000000000000.00","tax_rate":"100"}]`),
		valid("W-4", `[{"quantity":"99999999999.9999","unit_price":"9999999999999.99"},{"quantity":"99999999999.9999","unit_price":"9999999999999.99"}]`),
		valid("W-5", `[{"quantity":"1","unit_price":"9999999999999.99","tax_rate":"100"}]`),
		strings.Replace(valid("W-6", `[{"unit_price":"1.234"}]`), "CAD", "KWD", 1),
		strings.Replace(valid("W-7", `[{"unit_price":"1234"}]`), "CAD", "JPY", 1),
		valid("W-8", `[{"quantity":"-1","unit_price":"5.00"}]`),
		valid("W-9", `[{"quantity":"+1","unit_price":"+5.00","tax_rate":"+5"}]`),
		valid("W-10", `[{"quantity":"1.","unit_price":".5"}]`),
		valid("\u0000\r\n", `[{"unit_price":"1"}]`),
		valid("W-11", `[{"description":"\ud800","unit_price":"1"}]`),
		`{"number":"X","customer_id":-1,"lines":null}`,
		`{"customer_id":1e400}`,
		`{"lines":[{}]}`,
		`{}`, `null`, `[]`, `"x"`, ``, `{`, `{"a":1}`, `{"number":"x"}{"number":"y"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		en := *en
		en.t = t
		r := en.call("POST", "/api/v1/invoices", body)
		if r.status >= 500 {
			t.Fatalf("body %q: %s", body, r)
		}
		if r.status != http.StatusCreated {
			var e apiErr
			if err := json.Unmarshal(r.body, &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
				t.Fatalf("body %q: error not in the error format: %s", body, r)
			}
			return
		}
		var inv invoiceJSON
		decodeInto(t, r, &inv)
		checkInvoiceArithmetic(t, inv)
		got := en.call("GET", path("/api/v1/invoices/{id}", inv.ID), nil)
		if got.status != http.StatusOK || canonical(t, got.body) != canonical(t, r.body) {
			t.Errorf("read back differs:\ncreated %s\nread    %s", r, got)
		}
	})
}
