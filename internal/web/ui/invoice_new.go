package ui

import (
	"net/http"
	"strconv"
)

// invoiceNew offers a blank invoice: issued today, due in 30 days, in the
// company's currency, for ?customer= when given.
func (u *UI) invoiceNew(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	today := u.today(s)
	f := &invoiceForm{IssueDate: today.String(), DueDate: today.AddDays(30).String(), Currency: s.company.Currency}
	if c, err := strconv.ParseInt(r.URL.Query().Get("customer"), 10, 64); err == nil {
		f.CustomerID = strconv.FormatInt(c, 10)
	}
	f.pad(emptyRows)
	u.renderInvoiceForm(w, r, f, nil, 0)
}
