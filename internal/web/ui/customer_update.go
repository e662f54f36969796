package ui

import "net/http"

func (u *UI) customerUpdate(w http.ResponseWriter, r *http.Request) {
	c, ok := u.customerOrFail(w, r)
	if !ok {
		return
	}
	u.saveCustomer(w, r, c)
}
