package ui

import (
	"fmt"
	"net/http"
)

// paymentDelete removes a payment (typed by mistake, or a cheque that
// bounced): the balance grows back and reminders are planned again.
func (u *UI) paymentDelete(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	inv, p, ok := u.paymentOrFail(w, r)
	if !ok {
		return
	}
	if err := u.Books.DeletePayment(r.Context(), s.company.ID, inv.ID, p.ID, s.user.Email); err != nil {
		u.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/invoices/%d?done=payment_deleted#payments", inv.ID), http.StatusSeeOther)
}
