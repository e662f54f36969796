package ui

import (
	"net/http"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
)

// paymentOrFail loads the invoice of {id} and its payment {pid} (the
// session company's): a payment of another invoice is not found.
func (u *UI) paymentOrFail(w http.ResponseWriter, r *http.Request) (*invoice.Invoice, *invoice.Payment, bool) {
	inv, ok := u.invoiceOrFail(w, r)
	if !ok {
		return nil, nil, false
	}
	pid, err := pathID(r, "pid")
	if err != nil {
		u.fail(w, r, err)
		return nil, nil, false
	}
	p := paymentByID(inv, pid)
	if p == nil {
		u.fail(w, r, invoice.NotFound("payment"))
		return nil, nil, false
	}
	return inv, p, true
}

// paymentEdit is the form that corrects a recorded payment.
func (u *UI) paymentEdit(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	lang := s.user.Language
	inv, p, ok := u.paymentOrFail(w, r)
	if !ok {
		return
	}
	d := paymentData{Inv: inv, PaymentID: p.ID, Amount: localDecimal(money.FormatAmount(p.Amount, inv.Currency), lang),
		Date: p.Date.String(), Method: p.Method, Reference: p.Reference, Memo: p.Memo,
		Methods: paymentMethods(lang), Available: inv.Balance + p.Amount}
	u.render(w, r, "payment_form", &view{Title: "payment_edit_title", Nav: "invoices", D: d})
}
