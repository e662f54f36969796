// Package report computes what reminders achieve: aging, DSO,
// effectiveness per step and the coming reminders. The store aggregates in
// SQL; this package does the arithmetic on its (few) rows, in integer minor
// units, per currency — amounts of two currencies are never added.
package report

import (
	"context"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
)

// Buckets is the number of aging buckets: current, 1–30, 31–60, 61–90 and
// over 90 days past due.
const Buckets = 5

// BucketKeys name the buckets in the API (and the catalogues' aging_* ids).
var BucketKeys = [Buckets]string{"current", "d1_30", "d31_60", "d61_90", "d90_plus"}

// bucketDays are the first day past due of buckets 1..4.
var bucketDays = [Buckets - 1]int{1, 31, 61, 91}

// BucketOf is the bucket of an invoice days past due on the report's day
// (0 or less, not yet due: current).
func BucketOf(daysPastDue int) int {
	b := 0
	for k, d := range bucketDays {
		if daysPastDue >= d {
			b = k + 1
		}
	}
	return b
}

// BucketStarts are, as of a day, the earliest due dates of the buckets
// current, 1–30, 31–60 and 61–90: an invoice due on or after starts[k]
// (and before starts[k-1]) is in bucket k; one due before the last start
// is over 90 days past due. BucketOf says the same in days.
func BucketStarts(asOf invoice.Date) []invoice.Date {
	out := []invoice.Date{asOf}
	for _, d := range bucketDays[1:] {
		out = append(out, asOf.AddDays(1-d))
	}
	return out
}

// Aging is the open balances as of a day, per currency.
type Aging struct {
	AsOf       invoice.Date
	Currencies []AgingCurrency
}

// AgingCurrency is one currency's customers and totals.
type AgingCurrency struct {
	Currency  string
	Customers []AgingLine
	Totals    AgingLine
}

// AgingLine is a customer's (or the total's) amounts per bucket.
type AgingLine struct {
	CustomerID int64
	Name       string
	Amounts    [Buckets]int64
	Total      int64
}

// BuildAging folds the store's rows (one per currency and customer,
// ordered by currency) into lines and totals; a customer who owed nothing
// on the day is left out.
func BuildAging(asOf invoice.Date, rows []store.AgingRow) Aging {
	a := Aging{AsOf: asOf}
	for _, r := range rows {
		line := AgingLine{CustomerID: r.CustomerID, Name: r.Name}
		for k, v := range r.Amounts {
			line.Amounts[k] = v
			line.Total += v
		}
		if line.Total == 0 {
			continue
		}
		n := len(a.Currencies)
		if n == 0 || a.Currencies[n-1].Currency != r.Currency {
			a.Currencies = append(a.Currencies, AgingCurrency{Currency: r.Currency})
			n++
		}
		c := &a.Currencies[n-1]
		c.Customers = append(c.Customers, line)
		for k, v := range line.Amounts {
			c.Totals.Amounts[k] += v
		}
		c.Totals.Total += line.Total
	}
	return a
}

// Reports runs the report queries of a store.
type Reports struct{ Store *store.Store }

// Aging is the aging of a company as of a day; currency "" gives every
// currency, each apart.
func (r Reports) Aging(ctx context.Context, companyID int64, asOf invoice.Date, currency string) (Aging, error) {
	rows, err := r.Store.AgingBuckets(ctx, companyID, asOf, currency, BucketStarts(asOf))
	if err != nil {
		return Aging{}, err
	}
	return BuildAging(asOf, rows), nil
}
