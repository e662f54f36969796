package api

import (
	"net/http"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
)

type paymentInput struct {
	Amount string `json:"amount"`
	Date   string `json:"date"`
}

func (a *API) paymentCreate(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	id, ok := pathID(w, r, "invoice")
	if !ok {
		return
	}
	inv, err := a.store.GetInvoice(r.Context(), co.ID, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var in paymentInput
	if !decode(w, r, &in) {
		return
	}
	f := invoice.FieldErrors{}
	p := &invoice.Payment{}
	if p.Amount, err = money.ParseAmount(in.Amount, inv.Currency); err != nil {
		f.Add("amount", "must be a decimal amount in %s, like \"12.50\"", inv.Currency)
	}
	if in.Date == "" {
		p.Date = a.today(co)
	} else if p.Date, err = invoice.ParseDate(in.Date); err != nil {
		f.Add("date", "must be a date YYYY-MM-DD")
	}
	if err := f.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	if _, err := a.books.AddPayment(r.Context(), co.ID, id, p); err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.engine.PaymentReceived(r.Context(), co.ID, id, p.Amount); err != nil {
		a.log.Error("api: queue receipt", "invoice", id, "err", err) // the payment itself is recorded
	}
	a.respondInvoice(w, r, co, id, http.StatusCreated)
}
