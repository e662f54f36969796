package ui

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/store"
)

// recentDays is the money bar's "paid in the last N days".
const recentDays = 30

// moneyTile is one figure of the money bar (QuickBooks' Overdue, Open,
// Paid), a link that filters the list.
type moneyTile struct {
	Label, Count, Amount, Href, Class string
	Current                           bool
}

// sortLink is a sortable column header: where it leads and how the list is
// sorted by it now ("ascending", "descending", "" when not).
type sortLink struct {
	Key, Label, Href, AriaSort string
	Num                        bool
}

// query is the list's current filters, for links that keep them.
func (d *invoiceListData) query() url.Values {
	v := url.Values{}
	if d.Status != "" {
		v.Set("status", d.Status)
	}
	if d.Customer > 0 {
		v.Set("customer", strconv.FormatInt(d.Customer, 10))
	}
	if d.Search != "" {
		v.Set("q", d.Search)
	}
	if d.Recent {
		v.Set("paid", "recent")
	}
	if d.Sort != "" {
		v.Set("sort", d.Sort)
		if d.Desc {
			v.Set("dir", "desc")
		}
	}
	return v
}

// sortLinks are the headers of the sortable columns: a click sorts by the
// column, a second click reverses.
func sortLinks(lang string, base url.Values, cur string, desc bool) []sortLink {
	var out []sortLink
	for _, c := range []struct {
		key, label string
		num        bool
	}{{"number", "col_number", false}, {"customer", "col_customer", false}, {"due", "col_due", false}, {"balance", "col_balance", true}} {
		v := url.Values{}
		for k, vs := range base {
			v[k] = vs
		}
		v.Del("offset")
		v.Set("sort", c.key)
		v.Del("dir")
		l := sortLink{Key: c.key, Label: tr(lang, c.label), Num: c.num}
		if cur == c.key {
			l.AriaSort = "ascending"
			if desc {
				l.AriaSort = "descending"
			} else {
				v.Set("dir", "desc")
			}
		}
		l.Href = "/invoices?" + v.Encode()
		out = append(out, l)
	}
	return out
}

// moneyBar is Overdue, Open and Paid (last 30 days): counts and totals,
// the company's currency first.
func moneyBar(lang, home string, sum *store.InvoiceSummary, d *invoiceListData) []moneyTile {
	tile := func(label string, s store.Sum, href, class string, current bool) moneyTile {
		return moneyTile{Label: label, Count: tr(lang, "bar_count", "Count", s.Count), Amount: sumText(lang, home, s.Totals),
			Href: href, Class: class, Current: current}
	}
	return []moneyTile{
		tile(tr(lang, "bar_overdue"), sum.Overdue, "/invoices?status=overdue", "late", d.Status == "overdue" && !d.Recent),
		tile(tr(lang, "bar_open"), sum.Open, "/invoices?status=open", "open", d.Status == "open" && !d.Recent),
		tile(tr(lang, "bar_paid", "Days", recentDays), sum.PaidRecently, "/invoices?paid=recent", "paid", d.Recent),
	}
}

// sumText writes amounts by currency, the company's first: "1 234,00 $ + 50,00 €".
func sumText(lang, home string, totals map[string]int64) string {
	if len(totals) == 0 {
		return money.Format(0, home, lang)
	}
	curs := make([]string, 0, len(totals))
	for c := range totals {
		curs = append(curs, c)
	}
	slices.SortFunc(curs, func(a, b string) int {
		switch {
		case a == home:
			return -1
		case b == home:
			return 1
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, len(curs))
	for i, c := range curs {
		parts[i] = money.Format(totals[c], c, lang)
	}
	return strings.Join(parts, " + ")
}
