package ui

import (
	"net/http"
)

func (u *UI) invoiceEdit(w http.ResponseWriter, r *http.Request) {
	inv, ok := u.invoiceOrFail(w, r)
	if !ok {
		return
	}
	u.renderInvoiceForm(w, r, invoiceFormFrom(inv), nil, 0)
}
