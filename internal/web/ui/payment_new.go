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
	inv, ok := u.invoiceOrFail(w, r)
	if !ok {
		return
	}
	d := paymentData{Inv: inv, Amount: money.FormatAmount(inv.Balance, inv.Currency), Date: u.today(s).String()}
	u.render(w, r, "payment_form", &view{Title: "payment_title", Nav: "invoices", D: d})
}
