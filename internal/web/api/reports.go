package api

import (
	"encoding/json"
	"net/http"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/report"
)

// reportQuery reads the report parameters; a bad one answers 400 naming it.
func (a *API) reportQuery(w http.ResponseWriter, r *http.Request, co *invoice.Company) (report.Query, bool) {
	q, f := report.ParseQuery(r.URL.Query(), a.today(co))
	if len(f) > 0 {
		writeError(w, http.StatusBadRequest, "malformed", "invalid report parameters", f)
		return q, false
	}
	return q, true
}

// csvLang is the language of a CSV download: ?lang=, else the company's.
func csvLang(r *http.Request, co *invoice.Company) string {
	if l := r.URL.Query().Get("lang"); l != "" {
		return i18n.Lang(l)
	}
	return i18n.Lang(co.Language)
}

func (a *API) serveCSV(w http.ResponseWriter, r *http.Request, co *invoice.Company, t report.Table) {
	if err := report.ServeCSV(w, csvLang(r, co), t); err != nil {
		a.log.Error("api: csv", "path", r.URL.Path, "err", err)
	}
}

type agingAmounts struct {
	Current string `json:"current"`
	D1_30   string `json:"d1_30"`
	D31_60  string `json:"d31_60"`
	D61_90  string `json:"d61_90"`
	D90Plus string `json:"d90_plus"`
	Total   string `json:"total"`
}

func agingOut(l report.AgingLine, cur string) agingAmounts {
	f := func(v int64) string { return money.FormatAmount(v, cur) }
	return agingAmounts{f(l.Amounts[0]), f(l.Amounts[1]), f(l.Amounts[2]), f(l.Amounts[3]), f(l.Amounts[4]), f(l.Total)}
}

type agingCustomerJSON struct {
	CustomerID int64  `json:"customer_id"`
	Name       string `json:"name"`
	agingAmounts
}

type agingCurrencyJSON struct {
	Currency  string              `json:"currency"`
	Customers []agingCustomerJSON `json:"customers"`
	Totals    agingAmounts        `json:"totals"`
}

func (a *API) reportAging(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	q, ok := a.reportQuery(w, r, co)
	if !ok {
		return
	}
	ag, err := report.Reports{Store: a.store}.Aging(r.Context(), co.ID, q.AsOf, q.Currency)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if q.CSV {
		a.serveCSV(w, r, co, report.AgingTable(ag, csvLang(r, co)))
		return
	}
	out := struct {
		AsOf       invoice.Date        `json:"as_of"`
		Currencies []agingCurrencyJSON `json:"currencies"`
	}{AsOf: ag.AsOf, Currencies: []agingCurrencyJSON{}}
	for _, c := range ag.Currencies {
		cj := agingCurrencyJSON{Currency: c.Currency, Customers: []agingCustomerJSON{}, Totals: agingOut(c.Totals, c.Currency)}
		for _, l := range c.Customers {
			cj.Customers = append(cj.Customers, agingCustomerJSON{l.CustomerID, l.Name, agingOut(l, c.Currency)})
		}
		out.Currencies = append(out.Currencies, cj)
	}
	writeJSON(w, http.StatusOK, out)
}

// dsoCurrency is the DSO's currency: ?currency=, else the company's.
func dsoCurrency(q report.Query, co *invoice.Company) string {
	if q.Currency != "" {
		return q.Currency
	}
	return co.Currency
}

type dsoMonthJSON struct {
	Month    string       `json:"month"`
	Date     invoice.Date `json:"date"`
	DSO      *json.Number `json:"dso"`
	Open     string       `json:"receivables"`
	Invoiced string       `json:"invoiced_90_days"`
}

func (a *API) reportDSO(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	q, ok := a.reportQuery(w, r, co)
	if !ok {
		return
	}
	cur := dsoCurrency(q, co)
	ms, err := report.Reports{Store: a.store}.DSO(r.Context(), co.ID, cur, a.today(co), q.Months)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if q.CSV {
		a.serveCSV(w, r, co, report.DSOTable(cur, ms, csvLang(r, co)))
		return
	}
	out := struct {
		Currency string         `json:"currency"`
		Months   []dsoMonthJSON `json:"months"`
	}{Currency: cur, Months: []dsoMonthJSON{}}
	for _, m := range ms {
		mj := dsoMonthJSON{Month: m.Month, Date: m.Day, Open: money.FormatAmount(m.Open, cur), Invoiced: money.FormatAmount(m.Invoiced, cur)}
		if m.OK {
			n := json.Number(m.String())
			mj.DSO = &n
		}
		out.Months = append(out.Months, mj)
	}
	writeJSON(w, http.StatusOK, out)
}

type stepJSON struct {
	Step     int          `json:"step"`
	Sent     int64        `json:"sent"`
	Within7  int64        `json:"paid_within_7_days"`
	Within14 int64        `json:"paid_within_14_days"`
	Median   *json.Number `json:"median_days_to_payment"`
}

func (a *API) reportReminders(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	q, ok := a.reportQuery(w, r, co)
	if !ok {
		return
	}
	ss, err := report.Reports{Store: a.store}.Effectiveness(r.Context(), co.ID, co.Location(), q.From, q.To)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if q.CSV {
		a.serveCSV(w, r, co, report.EffectivenessTable(q.From.String(), q.To.String(), ss, csvLang(r, co)))
		return
	}
	out := struct {
		From  invoice.Date `json:"from"`
		To    invoice.Date `json:"to"`
		Steps []stepJSON   `json:"steps"`
	}{From: q.From, To: q.To, Steps: []stepJSON{}}
	for _, s := range ss {
		sj := stepJSON{Step: s.Step, Sent: s.Sent, Within7: s.Within7, Within14: s.Within14}
		if s.MedianOK {
			n := json.Number(s.Median())
			sj.Median = &n
		}
		out.Steps = append(out.Steps, sj)
	}
	writeJSON(w, http.StatusOK, out)
}

type upcomingJSON struct {
	Date       invoice.Date `json:"date"`
	InvoiceID  int64        `json:"invoice_id"`
	Number     string       `json:"number"`
	CustomerID int64        `json:"customer_id"`
	Step       int          `json:"step"`
	Action     string       `json:"action"`
	Reason     string       `json:"reason"`
}

// remindersUpcoming is what the scan will send and skip in the next days,
// from the scan's own planner (books.Upcoming).
func (a *API) remindersUpcoming(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	q, ok := a.reportQuery(w, r, co)
	if !ok {
		return
	}
	items, err := a.books.Upcoming(r.Context(), co.ID, q.Days)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if q.CSV {
		names, err := a.store.CustomerNames(r.Context(), co.ID, report.Customers(items))
		if err != nil {
			a.fail(w, r, err)
			return
		}
		a.serveCSV(w, r, co, report.UpcomingTable(items, names, csvLang(r, co)))
		return
	}
	out := struct {
		Items []upcomingJSON `json:"items"`
	}{Items: make([]upcomingJSON, 0, len(items))}
	for _, it := range items {
		out.Items = append(out.Items, upcomingJSON{Date: it.Date, InvoiceID: it.InvoiceID, Number: it.Number, CustomerID: it.CustomerID,
			Step: it.Step, Action: report.Action(it), Reason: it.Reason})
	}
	writeJSON(w, http.StatusOK, out)
}
