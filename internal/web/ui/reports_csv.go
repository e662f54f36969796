package ui

import (
	"net/http"

	"github.com/relance-app/relance/internal/report"
)

// reportCSV answers one table of the Reports page as CSV in the user's
// language (report.WriteCSV: BOM, separator, neutralised cells).
func (u *UI) reportCSV(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	ctx := r.Context()
	lang := s.user.Language
	co := s.company
	q, errs := u.reportFilters(r, s)
	if len(errs) > 0 {
		http.Error(w, "bad report parameters", http.StatusBadRequest)
		return
	}
	rep := report.Reports{Store: u.Store}
	var t report.Table
	switch r.PathValue("table") {
	case "aging.csv":
		ag, err := rep.Aging(ctx, co.ID, q.AsOf, q.Currency)
		if err != nil {
			u.fail(w, r, err)
			return
		}
		t = report.AgingTable(ag, lang)
	case "dso.csv":
		cur := q.Currency
		if cur == "" {
			cur = co.Currency
		}
		ms, err := rep.DSO(ctx, co.ID, cur, u.today(s), 12)
		if err != nil {
			u.fail(w, r, err)
			return
		}
		t = report.DSOTable(cur, ms, lang)
	case "reminders.csv":
		ss, err := rep.Effectiveness(ctx, co.ID, co.Location(), q.From, q.To)
		if err != nil {
			u.fail(w, r, err)
			return
		}
		t = report.EffectivenessTable(q.From.String(), q.To.String(), ss, lang)
	case "upcoming.csv":
		items, err := u.Books.Upcoming(ctx, co.ID, upcomingDays)
		if err != nil {
			u.fail(w, r, err)
			return
		}
		names, err := u.Store.CustomerNames(ctx, co.ID, report.Customers(items))
		if err != nil {
			u.fail(w, r, err)
			return
		}
		t = report.UpcomingTable(items, names, lang)
	default:
		u.notFound(w, r)
		return
	}
	if err := report.ServeCSV(w, lang, t); err != nil {
		u.Log.Error("ui: csv", "path", r.URL.Path, "err", err)
	}
}
