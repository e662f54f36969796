package ui

import (
	"net/http"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
)

type paymentData struct {
	Inv          *invoice.Invoice
	Amount, Date string
}

func (u *UI) paymentNew(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	id, err := pathID(r, "id")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	inv, err := u.Store.GetInvoice(r.Context(), s.company.ID, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d := paymentData{Inv: inv, Amount: money.FormatAmount(inv.Balance, inv.Currency), Date: u.today(s).String()}
	u.render(w, r, "payment_form", &view{Title: "payment_title", Nav: "invoices", D: d})
}
