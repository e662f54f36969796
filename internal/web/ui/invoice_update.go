package ui

import "net/http"

func (u *UI) invoiceUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := u.idOrFail(w, r)
	if !ok {
		return
	}
	// Check ownership first: another company's id is a 404, not a form.
	if _, err := u.Store.GetInvoice(r.Context(), current(r).company.ID, id); err != nil {
		u.fail(w, r, err)
		return
	}
	u.saveInvoice(w, r, id)
}
