package api

import (
	"net/http"
	"strconv"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
)

// apiActor is who the payment history names for a change made through the
// API: a token acts for its company, not for a person.
const apiActor = "API"

type paymentInput struct {
	Amount    string `json:"amount"`
	Date      string `json:"date"`
	Method    string `json:"method"`
	Reference string `json:"reference"`
	Memo      string `json:"memo"`
}

// paymentPatchInput is a PATCH body: absent fields keep their value.
type paymentPatchInput struct {
	Amount    *string `json:"amount"`
	Date      *string `json:"date"`
	Method    *string `json:"method"`
	Reference *string `json:"reference"`
	Memo      *string `json:"memo"`
}

// readPayment fills p from the amount and date strings of a request.
func readPayment(f invoice.FieldErrors, p *invoice.Payment, amount, date *string, currency string) {
	var err error
	if amount != nil {
		if p.Amount, err = money.ParseAmount(*amount, currency); err != nil {
			f.Add("amount", "must be a decimal amount in %s, like \"12.50\"", currency)
		}
	}
	if date != nil {
		if p.Date, err = invoice.ParseDate(*date); err != nil {
			f.Add("date", "must be a date YYYY-MM-DD")
		}
	}
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
	p := &invoice.Payment{Method: in.Method, Reference: in.Reference, Memo: in.Memo, CreatedBy: apiActor, Date: a.today(co)}
	var date *string
	if in.Date != "" {
		date = &in.Date
	}
	readPayment(f, p, &in.Amount, date, inv.Currency)
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

// paymentOf finds the payment of the path in its invoice (both scoped to
// the company): 404 when either is not there.
func (a *API) paymentOf(w http.ResponseWriter, r *http.Request, co *invoice.Company) (*invoice.Invoice, *invoice.Payment, bool) {
	id, ok := pathID(w, r, "invoice")
	if !ok {
		return nil, nil, false
	}
	pid, err := strconv.ParseInt(r.PathValue("payment_id"), 10, 64)
	if err != nil || pid <= 0 {
		writeError(w, http.StatusNotFound, invoice.ENotFound, "payment not found", nil)
		return nil, nil, false
	}
	inv, err := a.store.GetInvoice(r.Context(), co.ID, id)
	if err != nil {
		a.fail(w, r, err)
		return nil, nil, false
	}
	for i := range inv.Payments {
		if inv.Payments[i].ID == pid {
			p := inv.Payments[i]
			return inv, &p, true
		}
	}
	writeError(w, http.StatusNotFound, invoice.ENotFound, "payment not found", nil)
	return nil, nil, false
}

func (a *API) paymentPatch(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	inv, p, ok := a.paymentOf(w, r, co)
	if !ok {
		return
	}
	var in paymentPatchInput
	if !decode(w, r, &in) {
		return
	}
	f := invoice.FieldErrors{}
	readPayment(f, p, in.Amount, in.Date, inv.Currency)
	for _, s := range []struct {
		dst *string
		v   *string
	}{{&p.Method, in.Method}, {&p.Reference, in.Reference}, {&p.Memo, in.Memo}} {
		if s.v != nil {
			*s.dst = *s.v
		}
	}
	if err := f.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	if _, err := a.books.UpdatePayment(r.Context(), co.ID, inv.ID, p, apiActor); err != nil {
		a.fail(w, r, err)
		return
	}
	a.respondInvoice(w, r, co, inv.ID, http.StatusOK)
}

func (a *API) paymentDelete(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	inv, p, ok := a.paymentOf(w, r, co)
	if !ok {
		return
	}
	if err := a.books.DeletePayment(r.Context(), co.ID, inv.ID, p.ID, apiActor); err != nil {
		a.fail(w, r, err)
		return
	}
	a.respondInvoice(w, r, co, inv.ID, http.StatusOK)
}
