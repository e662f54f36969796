package ui

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
)

// pageSize is the invoice list's page; the list pages by id (keyset), so a
// deep page costs the same as the first, whatever the number of invoices.
const pageSize = 50

// maxFilterCustomers is the most customers the list's filter offers.
const maxFilterCustomers = 100

type invoiceRow struct {
	ID                  int64
	Number, Customer    string
	IssueDate, DueDate  invoice.Date
	Total, Balance      int64
	Currency            string
	Status, StatusClass string
	ReminderSent        string
	Activity            string
	ActivityClass       string
	Open                bool
	// Why no automatic reminder will go out, for an open invoice.
	Paused, NoEmail bool
}

type invoiceListData struct {
	Rows      []invoiceRow
	Status    string
	Customer  int64
	Search    string
	Sort      string // a key of store.InvoiceSorts, "" newest first
	Desc      bool
	Recent    bool // only invoices paid into in the last 30 days
	Bar       []moneyTile
	Checklist []checkItem // getting started, until done
	FirstPage string      // the first page's query, filters kept
	Sorts     []sortLink
	Customers []invoice.Customer
	Statuses  []invoice.StatusCode
	Next      string // URL of the next page, "" on the last
	Paged     bool   // not the first page
}

// statusOpen is the list's "Open" filter (unpaid, neither draft nor
// voided), not a status of its own.
const statusOpen = invoice.StatusCode("open")

var listStatuses = []invoice.StatusCode{statusOpen, invoice.StatusOverdue, invoice.StatusDueToday, invoice.StatusDue,
	invoice.StatusPartiallyPaid, invoice.StatusPaid, invoice.StatusDraft, invoice.StatusVoided}

func (u *UI) invoiceList(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	ctx := r.Context()
	lang := s.user.Language
	q := r.URL.Query()
	f := store.InvoiceFilter{Today: u.today(s), Limit: pageSize + 1}
	status := invoice.StatusCode(q.Get("status"))
	switch {
	case status == statusOpen:
		f.Open = true
	case invoice.ValidStatusFilter(status):
		f.Status = status
	default:
		status = ""
	}
	f.CustomerID, _ = strconv.ParseInt(q.Get("customer"), 10, 64)
	f.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	f.Search = strings.TrimSpace(q.Get("q"))
	if _, ok := store.InvoiceSorts[q.Get("sort")]; ok {
		f.Sort, f.Desc = q.Get("sort"), q.Get("dir") == "desc"
		f.Offset, _ = strconv.Atoi(q.Get("offset"))
	}
	paidSince := f.Today.AddDays(-recentDays)
	recent := q.Get("paid") == "recent"
	if recent {
		f.PaidSince = paidSince
	}

	invs, err := u.Store.ListInvoices(ctx, s.company.ID, f)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d := invoiceListData{Status: string(status), Customer: f.CustomerID, Statuses: listStatuses, Paged: f.Before > 0 || f.Offset > 0,
		Search: f.Search, Sort: f.Sort, Desc: f.Desc, Recent: recent}
	base := d.query()
	d.FirstPage = base.Encode()
	if len(invs) > pageSize {
		invs = invs[:pageSize]
		next := d.query()
		if f.Sort != "" {
			next.Set("offset", strconv.Itoa(f.Offset+pageSize))
		} else {
			next.Set("before", strconv.FormatInt(invs[len(invs)-1].ID, 10))
		}
		d.Next = "/invoices?" + next.Encode()
	}
	d.Sorts = sortLinks(lang, base, f.Sort, f.Desc)
	sum, err := u.Store.SummarizeInvoices(ctx, s.company.ID, f.Today, paidSince)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d.Bar = moneyBar(lang, s.company.Currency, sum, &d)
	if d.Checklist, err = u.checklist(ctx, s); err != nil {
		u.fail(w, r, err)
		return
	}
	ids := make([]int64, 0, len(invs))
	for _, inv := range invs {
		ids = append(ids, inv.CustomerID)
	}
	names, err := u.Store.CustomerNames(ctx, s.company.ID, ids)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	paused, err := u.Store.PausedCustomers(ctx, s.company.ID, ids)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	loc := s.company.Location()
	for i := range invs {
		inv := &invs[i]
		st := invoice.StatusOf(inv, f.Today)
		text, class := statusLabel(lang, st)
		d.Rows = append(d.Rows, invoiceRow{ID: inv.ID, Number: inv.Number, Customer: names[inv.CustomerID],
			IssueDate: inv.IssueDate, DueDate: inv.DueDate, Total: inv.Total, Balance: inv.Balance, Currency: inv.Currency,
			Status: text, StatusClass: class, ReminderSent: reminderSent(lang, inv.LastReminderAt, loc),
			Open: !inv.Voided && !inv.Draft && inv.Balance > 0})
		row := &d.Rows[len(d.Rows)-1]
		row.Activity, row.ActivityClass = activityLabel(lang, invoice.ActivityOf(inv, f.Today))
		if row.Open {
			row.Paused = inv.RemindersPaused || paused[inv.CustomerID]
			row.NoEmail = strings.TrimSpace(inv.Email) == ""
		}
	}
	// The customer filter is a list only for small books: past
	// maxFilterCustomers, loading and rendering it would cost more than
	// the page itself, and each customer's page links here with ?customer=.
	cs, err := u.Store.ListCustomers(ctx, s.company.ID, store.Page{Limit: maxFilterCustomers + 1})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	if len(cs) <= maxFilterCustomers {
		d.Customers = cs
	} else if f.CustomerID > 0 {
		if c, err := u.Store.GetCustomer(ctx, s.company.ID, f.CustomerID); err == nil {
			d.Customers = []invoice.Customer{*c}
		}
	}
	u.render(w, r, "invoice_list", &view{Title: "invoices_title", Nav: "invoices", Flash: flashes[r.URL.Query().Get("done")], D: d})
}
