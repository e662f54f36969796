package ui

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/report"
)

type reportsData struct {
	AsOf, From, To string // the filters as typed
	Currency       string // "" all
	Currencies     []string
	Query          string // the filters, for the CSV links
	Aging          []agingView
	DSOCurrency    string
	DSO            []report.DSOMonth
	DSOChart       *chart
	Eff            []report.StepStats
	EffChart       *chart
	Buckets        []string // message ids of the bucket names
	UpcomingDays   int
	Calendar       []calendarDay
	Upcoming       []upcomingRow
}

type calendarDay struct {
	Date  invoice.Date
	Today bool
	Items []upcomingRow
}

type upcomingRow struct {
	Date      invoice.Date
	InvoiceID int64
	Number    string
	Customer  string
	Step      int
	Send      bool
	Reason    string // translated
}

type agingView struct {
	report.AgingCurrency
	Chart *chart
}

// reportFilters reads the Reports page's filters; a bad one is reported on
// the form (translated) and its default used.
func (u *UI) reportFilters(r *http.Request, s *session) (report.Query, map[string]string) {
	lang := s.user.Language
	q, f := report.ParseQuery(r.URL.Query(), u.today(s))
	if len(f) == 0 {
		return q, nil
	}
	errs := map[string]string{}
	for k, v := range f {
		errs[k] = translateReason(lang, v)
	}
	// Fall back to the defaults for what was refused.
	def, _ := report.ParseQuery(url.Values{}, u.today(s))
	for k := range f {
		switch k {
		case "as_of":
			q.AsOf = def.AsOf
		case "from", "to":
			q.From, q.To = def.From, def.To
		case "currency":
			q.Currency = ""
		}
	}
	return q, errs
}

func (u *UI) reports(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	ctx := r.Context()
	lang := s.user.Language
	co := s.company
	q, errs := u.reportFilters(r, s)
	rep := report.Reports{Store: u.Store}
	d := reportsData{AsOf: q.AsOf.String(), From: q.From.String(), To: q.To.String(), Currency: q.Currency}
	for _, k := range report.BucketKeys {
		d.Buckets = append(d.Buckets, "aging_"+k)
	}
	var err error
	if d.Currencies, err = u.Store.ReportCurrencies(ctx, co.ID); err != nil {
		u.fail(w, r, err)
		return
	}
	d.Query = url.Values{"as_of": {d.AsOf}, "currency": {d.Currency}, "from": {d.From}, "to": {d.To}}.Encode()

	d.DSOCurrency = q.Currency
	if d.DSOCurrency == "" {
		d.DSOCurrency = co.Currency
	}
	// The four reports read the database apart: they run side by side, the
	// page takes as long as the slowest. Each fills its own fields of d.
	var ag report.Aging
	errs4 := make([]error, 4)
	var wg sync.WaitGroup
	for k, run := range []func() error{
		func() (err error) { ag, err = rep.Aging(ctx, co.ID, q.AsOf, q.Currency); return err },
		func() (err error) { d.DSO, err = rep.DSO(ctx, co.ID, d.DSOCurrency, u.today(s), 12); return err },
		func() (err error) {
			d.Eff, err = rep.Effectiveness(ctx, co.ID, co.Location(), q.From, q.To)
			return err
		},
		func() error { return u.upcoming(r, s, &d) },
	} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs4[k] = run()
		}()
	}
	wg.Wait()
	if err := errors.Join(errs4...); err != nil {
		u.fail(w, r, err)
		return
	}
	for _, c := range ag.Currencies {
		d.Aging = append(d.Aging, agingView{AgingCurrency: c, Chart: agingChart(c, d.Buckets, lang)})
	}
	d.DSOChart = dsoChart(d.DSOCurrency, d.DSO, lang)
	if len(d.Eff) > 0 {
		d.EffChart = effChart(d.Eff, lang)
	}
	u.render(w, r, "reports", &view{Title: "reports_title", Nav: "reports", Errors: errs, D: d})
}

// upcomingDays is how far the Reports page looks ahead.
const upcomingDays = 14

// upcoming fills the calendar of the coming reminders: one box per day,
// from the scan's own planner.
func (u *UI) upcoming(r *http.Request, s *session, d *reportsData) error {
	ctx := r.Context()
	items, err := u.Books.Upcoming(ctx, s.company.ID, upcomingDays)
	if err != nil {
		return err
	}
	names, err := u.Store.CustomerNames(ctx, s.company.ID, report.Customers(items))
	if err != nil {
		return err
	}
	d.UpcomingDays = upcomingDays
	today := u.today(s)
	index := map[invoice.Date]int{}
	for k := range upcomingDays {
		day := today.AddDays(k)
		index[day] = k
		d.Calendar = append(d.Calendar, calendarDay{Date: day, Today: k == 0})
	}
	for _, it := range items {
		row := upcomingRow{Date: it.Date, InvoiceID: it.InvoiceID, Number: it.Number, Customer: names[it.CustomerID], Step: it.Step, Send: it.Send}
		if !it.Send {
			row.Reason = translateReason(s.user.Language, it.Reason)
		}
		d.Upcoming = append(d.Upcoming, row)
		if k, ok := index[it.Date]; ok {
			d.Calendar[k].Items = append(d.Calendar[k].Items, row)
		}
	}
	return nil
}

func agingChart(c report.AgingCurrency, buckets []string, lang string) *chart {
	d := barSeries{}
	for k, id := range buckets {
		name := tr(lang, id)
		d.Groups = append(d.Groups, name)
		d.Values = append(d.Values, []int64{c.Totals.Amounts[k]})
		d.Tips = append(d.Tips, []string{labelValue(lang, name, money.Format(c.Totals.Amounts[k], c.Currency, lang))})
	}
	return barChart(tr(lang, "aging_chart_label", "Currency", c.Currency), d, func(v float64) string {
		return money.Format(int64(v), c.Currency, lang)
	})
}

func dsoChart(cur string, ms []report.DSOMonth, lang string) *chart {
	var labels []chartText
	var values []float64
	var ok []bool
	var tips []string
	for i, m := range ms {
		l := chartText{Text: invoice.FormatMonthShort(m.Day.Month, lang)}
		if i == 0 || m.Day.Month == 1 {
			l.Sub = fmt.Sprint(m.Day.Year)
		}
		labels = append(labels, l)
		values = append(values, float64(m.Tenths)/10)
		ok = append(ok, m.OK)
		tips = append(tips, labelValue(lang, m.Month, decimalLang(m.String(), lang)))
	}
	return lineChart(tr(lang, "dso_chart_label", "Currency", cur), labels, values, ok, tips, func(v float64) string {
		return decimalLang(money.FormatDecimalTrim(int64(v*10), 1), lang)
	})
}

func effChart(ss []report.StepStats, lang string) *chart {
	d := barSeries{Series: []string{tr(lang, "eff_col_sent"), tr(lang, "eff_col_within7"), tr(lang, "eff_col_within14")}}
	for _, s := range ss {
		name := report.StepName(s.Step, lang)
		d.Groups = append(d.Groups, name)
		d.Values = append(d.Values, []int64{s.Sent, s.Within7, s.Within14})
		d.Tips = append(d.Tips, []string{
			labelValue(lang, name+", "+d.Series[0], fmt.Sprint(s.Sent)),
			labelValue(lang, name+", "+d.Series[1], fmt.Sprint(s.Within7)),
			labelValue(lang, name+", "+d.Series[2], fmt.Sprint(s.Within14))})
	}
	return barChart(tr(lang, "eff_chart_label"), d, func(v float64) string { return fmt.Sprintf("%g", v) })
}

// labelValue is "label: value", in French "label : value".
func labelValue(lang, label, value string) string {
	if lang == "fr" {
		return label + "\u00a0: " + value
	}
	return label + ": " + value
}

// decimalLang shows a plain decimal with the language's mark.
func decimalLang(s, lang string) string { return report.CSVDecimal(s, lang) }

// reportDate is a filter's date for the page's text.
func reportDate(s, lang string) string {
	d, err := invoice.ParseDate(s)
	if err != nil {
		return s
	}
	return invoice.FormatDateMedium(d, lang)
}
