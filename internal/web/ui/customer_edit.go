package ui

import "net/http"

func (u *UI) customerEdit(w http.ResponseWriter, r *http.Request) {
	c, ok := u.customerOrFail(w, r)
	if !ok {
		return
	}
	u.renderCustomerForm(w, r, c, nil, 0)
}
