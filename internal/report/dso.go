package report

import (
	"context"
	"fmt"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
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
	recs, err := r.Store.ReceivablesAt(ctx, companyID, currency, MonthEnds(today, months), DSOWindow)
	if err != nil {
		return nil, err
	}
	out := make([]DSOMonth, 0, len(recs))
	for _, rc := range recs {
		m := DSOMonth{Month: fmt.Sprintf("%04d-%02d", rc.Day.Year, int(rc.Day.Month)), Day: rc.Day, Open: rc.Open, Invoiced: rc.Invoiced}
		m.Tenths, m.OK = DSO(rc.Open, rc.Invoiced, DSOWindow)
		out = append(out, m)
	}
	return out, nil
}
