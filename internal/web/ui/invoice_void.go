package ui

import (
	"fmt"
	"net/http"
)

func (u *UI) invoiceVoid(w http.ResponseWriter, r *http.Request) {
	id, ok := u.idOrFail(w, r)
	if !ok {
		return
	}
	if err := u.Books.VoidInvoice(r.Context(), current(r).company.ID, id); err != nil {
		u.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/invoices/%d?done=voided", id), http.StatusSeeOther)
}
