package ui

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
)

func (u *UI) paymentCreate(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	lang := s.user.Language
	ctx := r.Context()
	inv, ok := u.invoiceOrFail(w, r)
	if !ok {
		return
	}
	d := paymentData{Inv: inv, Amount: strings.TrimSpace(r.FormValue("amount")), Date: strings.TrimSpace(r.FormValue("date"))}
	errs := map[string]string{}
	p := &invoice.Payment{}
	var err error
	if p.Amount, err = money.ParseAmount(normalizeNumber(d.Amount), inv.Currency); err != nil {
		errs["amount"] = tr(lang, "err_amount")
	}
	if p.Date, err = invoice.ParseDate(d.Date); err != nil {
		errs["date"] = tr(lang, "err_date")
	}
	if len(errs) == 0 {
		_, err = u.Books.AddPayment(ctx, s.company.ID, inv.ID, p)
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
	v := &view{Title: "payment_title", Nav: "invoices", Errors: errs, D: d}
	if msg, ok := errs["invoice"]; ok {
		v.FormError = msg
	}
	w.WriteHeader(http.StatusUnprocessableEntity)
	u.render(w, r, "payment_form", v)
}
