package ui

import (
	"fmt"
	"net/http"

	"github.com/relance-app/relance/internal/invoice"
)

// paymentUpdate saves a corrected payment; the balance follows and the
// invoice's reminders are planned again (books.UpdatePayment).
func (u *UI) paymentUpdate(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	lang := s.user.Language
	inv, old, ok := u.paymentOrFail(w, r)
	if !ok {
		return
	}
	d := paymentData{Inv: inv, PaymentID: old.ID, Methods: paymentMethods(lang), Available: inv.Balance + old.Amount}
	p := &invoice.Payment{ID: old.ID}
	errs := readPaymentForm(r, lang, &d, p)
	if len(errs) == 0 {
		_, err := u.Books.UpdatePayment(r.Context(), s.company.ID, inv.ID, p, s.user.Email)
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/invoices/%d?done=payment_saved#payments", inv.ID), http.StatusSeeOther)
			return
		}
		fe, ok := fieldErrors(lang, err)
		if !ok {
			u.fail(w, r, err)
			return
		}
		errs = fe
	}
	u.paymentFormFailed(w, r, "payment_edit_title", d, errs)
}
