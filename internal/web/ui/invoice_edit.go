package ui

import (
	"net/http"
	"strconv"

	"github.com/relance-app/relance/internal/invoice"
)

// pathID reads {id}; a malformed id is simply not found.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, invoice.NotFound(name)
	}
	return id, nil
}

func (u *UI) invoiceEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	inv, err := u.Store.GetInvoice(r.Context(), current(r).company.ID, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.renderInvoiceForm(w, r, invoiceFormFrom(inv), nil, 0)
}
