package report

import (
	"context"
	"fmt"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/store"
)

// DSOWindow is the number of days (ending on the month's last day) whose
// invoicing DSO compares receivables with.
const DSOWindow = 90

// DSOMonth is one month's days sales outstanding in one currency.
type DSOMonth struct {
	Month    string       // YYYY-MM
	Day      invoice.Date // the month's last day, or today for the month in progress
	Open     int64        // receivables at the end of Day
	Invoiced int64        // invoiced in the DSOWindow days ending Day
	Tenths   int64        // DSO × 10, rounded half away from zero
	OK       bool         // false when nothing was invoiced: no figure
}

// String is the DSO with one decimal ("34.2"), or "" when there is none.
func (m DSOMonth) String() string {
	if !m.OK {
		return ""
	}
	return money.FormatDecimal(m.Tenths, 1)
}

// MonthEnds are the last days of the months months-1 … 0 before today's,
// oldest first; the month in progress ends today.
func MonthEnds(today invoice.Date, months int) []invoice.Date {
	out := make([]invoice.Date, 0, months)
	for k := months - 1; k >= 0; k-- {
		first := time.Date(today.Year, today.Month-time.Month(k), 1, 0, 0, 0, 0, time.UTC)
		end := invoice.DateOf(first.AddDate(0, 1, -1))
		if end.After(today) {
			end = today
		}
		out = append(out, end)
	}
	return out
}

// DSO is receivables ÷ invoiced × window days, in tenths of a day, rounded
// half away from zero; ok is false when nothing was invoiced.
func DSO(open, invoiced int64, window int) (tenths int64, ok bool) {
	if invoiced <= 0 {
		return 0, false
	}
	return money.MulDivRound(open, int64(window)*10, invoiced), true
}

// DSO gives a company's DSO in one currency for the months months ending
// with today's.
func (r Reports) DSO(ctx context.Context, companyID int64, currency string, today invoice.Date, months int) ([]DSOMonth, error) {
	if currency == "" {
		return nil, fmt.Errorf("report: dso: a currency is needed")
	}
	ends := MonthEnds(today, months)
	sums, err := r.Store.ReceivableSums(ctx, companyID, currency, ends, ends[0].AddDays(1-DSOWindow))
	if err != nil {
		return nil, err
	}
	return BuildDSO(ends, sums), nil
}

// BuildDSO adds up, for each day of ends, the receivables at its end (the
// balances of invoices issued by then, plus what was paid to them after)
// and what was invoiced in the DSOWindow days ending on it.
func BuildDSO(ends []invoice.Date, s *store.ReceivableSums) []DSOMonth {
	out := make([]DSOMonth, 0, len(ends))
	for n, e := range ends {
		m := DSOMonth{Month: fmt.Sprintf("%04d-%02d", e.Year, int(e.Month)), Day: e}
		for k := 0; k <= n; k++ {
			m.Open += s.OpenByIssue[k]
			for j := n + 1; j < len(s.PaidByIssue[k]); j++ {
				m.Open += s.PaidByIssue[k][j]
			}
		}
		for d := e.AddDays(1 - DSOWindow); !d.After(e); d = d.AddDays(1) {
			m.Invoiced += s.InvoicedOn[d]
		}
		m.Tenths, m.OK = DSO(m.Open, m.Invoiced, DSOWindow)
		out = append(out, m)
	}
	return out
}
