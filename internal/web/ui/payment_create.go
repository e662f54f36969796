package ui

import (
	"fmt"
	"net/http"

	"github.com/relance-app/relance/internal/invoice"
)

func (u *UI) paymentCreate(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	lang := s.user.Language
	ctx := r.Context()
	inv, ok := u.invoiceOrFail(w, r)
	if !ok {
		return
	}
	d := paymentData{Inv: inv, Methods: paymentMethods(lang), Available: inv.Balance}
	p := &invoice.Payment{CreatedBy: s.user.Email}
	errs := readPaymentForm(r, lang, &d, p)
	if len(errs) == 0 {
		_, err := u.Books.AddPayment(ctx, s.company.ID, inv.ID, p)
		if err == nil {
			if err := u.Reminders.PaymentReceived(ctx, s.company.ID, inv.ID, p.Amount); err != nil {
				u.Log.Error("ui: queue receipt", "invoice", inv.ID, "err", err) // the payment itself is recorded
			}
			http.Redirect(w, r, fmt.Sprintf("/invoices/%d?done=payment", inv.ID), http.StatusSeeOther)
			return
		}
		fe, ok := fieldErrors(lang, err)
		if !ok {
			u.fail(w, r, err)
			return
		}
		errs = fe
	}
	u.paymentFormFailed(w, r, "payment_title", d, errs)
}

// paymentFormFailed shows the payment form again with its errors (422).
func (u *UI) paymentFormFailed(w http.ResponseWriter, r *http.Request, title string, d paymentData, errs map[string]string) {
	v := &view{Title: title, Nav: "invoices", Errors: errs, D: d}
	if msg, ok := errs["invoice"]; ok {
		v.FormError = msg
	} else if msg, ok := errs["_"]; ok {
		v.FormError = msg
	}
	w.WriteHeader(http.StatusUnprocessableEntity)
	u.render(w, r, "payment_form", v)
}
