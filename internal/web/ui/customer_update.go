package ui

import "net/http"

func (u *UI) customerUpdate(w http.ResponseWriter, r *http.Request) {
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
	u.saveCustomer(w, r, c)
}
