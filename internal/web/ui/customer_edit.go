package ui

import "net/http"

func (u *UI) customerEdit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	c, err := u.Store.GetCustomer(r.Context(), current(r).company.ID, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.renderCustomerForm(w, r, c, nil, 0)
}
