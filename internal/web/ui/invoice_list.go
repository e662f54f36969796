package ui

import (
	"net/http"
	"net/url"
	"strconv"

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
}

type invoiceListData struct {
	Rows      []invoiceRow
	Status    string
	Customer  int64
	Customers []invoice.Customer
	Statuses  []invoice.StatusCode
	Next      string // URL of the next page, "" on the last
	Paged     bool   // not the first page
}

var listStatuses = []invoice.StatusCode{invoice.StatusOverdue, invoice.StatusDueToday, invoice.StatusDue,
	invoice.StatusPartiallyPaid, invoice.StatusPaid, invoice.StatusDraft, invoice.StatusVoided}

func (u *UI) invoiceList(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	ctx := r.Context()
	lang := s.user.Language
	q := r.URL.Query()
	f := store.InvoiceFilter{Today: u.today(s), Limit: pageSize + 1}
	if st := invoice.StatusCode(q.Get("status")); invoice.ValidStatusFilter(st) {
		f.Status = st
	}
	f.CustomerID, _ = strconv.ParseInt(q.Get("customer"), 10, 64)
	f.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)

	invs, err := u.Store.ListInvoices(ctx, s.company.ID, f)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d := invoiceListData{Status: string(f.Status), Customer: f.CustomerID, Statuses: listStatuses, Paged: f.Before > 0}
	if len(invs) > pageSize {
		invs = invs[:pageSize]
		next := url.Values{"before": {strconv.FormatInt(invs[len(invs)-1].ID, 10)}}
		if f.Status != "" {
			next.Set("status", string(f.Status))
		}
		if f.CustomerID > 0 {
			next.Set("customer", strconv.FormatInt(f.CustomerID, 10))
		}
		d.Next = "/invoices?" + next.Encode()
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
