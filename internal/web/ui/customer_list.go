package ui

import (
	"net/http"
	"strconv"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
)

type customerListData struct {
	Rows []invoice.Customer
	Next int64 // id to continue after; 0 on the last page
}

func (u *UI) customerList(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	cs, err := u.Store.ListCustomers(r.Context(), s.company.ID, store.Page{After: after, Limit: pageSize + 1})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d := customerListData{Rows: cs}
	if len(cs) > pageSize {
		d.Rows = cs[:pageSize]
		d.Next = d.Rows[pageSize-1].ID
	}
	u.render(w, r, "customer_list", &view{Title: "customers_title", Nav: "customers", D: d})
}
