package report

import (
	"net/url"
	"strconv"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
)

// Query is what a report request asks for: the API and the Reports page
// read it from the same URL parameters, through ParseQuery.
type Query struct {
	AsOf     invoice.Date // aging; default today
	Currency string       // "" all (aging); DSO uses the company's currency then
	From, To invoice.Date // effectiveness period (company-local days, both included); default the 90 days ending today
	Months   int          // DSO months, default 12
	Days     int          // upcoming days, default 14
	CSV      bool         // format=csv
}

// Limits of the parameters.
const (
	MaxMonths = 36
	MaxDays   = 60
	// MaxPeriodDays bounds the effectiveness period.
	MaxPeriodDays = 3 * 366
)

// ParseQuery reads the parameters as_of, currency, from, to, months, days
// and format, with defaults for the company's today; a bad one is named in
// the returned field errors.
func ParseQuery(q url.Values, today invoice.Date) (Query, invoice.FieldErrors) {
	f := invoice.FieldErrors{}
	out := Query{AsOf: today, To: today, From: today.AddDays(-89), Months: 12, Days: 14}
	date := func(name string, dst *invoice.Date) {
		if v := q.Get(name); v != "" {
			d, err := invoice.ParseDate(v)
			if err != nil {
				f.Add(name, "must be a date YYYY-MM-DD")
				return
			}
			*dst = d
		}
	}
	num := func(name string, dst *int, max int) {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > max {
				f.Add(name, "must be between 1 and %d", max)
				return
			}
			*dst = n
		}
	}
	date("as_of", &out.AsOf)
	_, hasFrom := q["from"]
	date("to", &out.To)
	if !hasFrom || q.Get("from") == "" {
		out.From = out.To.AddDays(-89)
	}
	date("from", &out.From)
	num("months", &out.Months, MaxMonths)
	num("days", &out.Days, MaxDays)
	if c := q.Get("currency"); c != "" {
		if !money.ValidCurrency(c) {
			f.Add("currency", "must be an ISO 4217 code such as CAD")
		} else {
			out.Currency = c
		}
	}
	switch q.Get("format") {
	case "", "json":
	case "csv":
		out.CSV = true
	default:
		f.Add("format", "must be json or csv")
	}
	if _, bad := f["from"]; !bad {
		if _, bad := f["to"]; !bad {
			switch {
			case out.From.After(out.To):
				f.Add("from", "must not be after to")
			case out.To.DaysSince(out.From) >= MaxPeriodDays:
				f.Add("from", "the period is at most %d days", MaxPeriodDays)
			}
		}
	}
	return out, f
}
