package api

import (
	"net/http"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
)

// linkCreate mints a new link to the invoice's page for the customer (the
// older ones stay valid) and answers its URL: the only time it is shown.
func (a *API) linkCreate(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	id, ok := pathID(w, r, "invoice")
	if !ok {
		return
	}
	u, err := a.engine.NewLink(r.Context(), co.ID, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"url": u})
}

// linkDelete revokes every link of the invoice: old links answer 404.
func (a *API) linkDelete(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	id, ok := pathID(w, r, "invoice")
	if !ok {
		return
	}
	if err := a.store.RevokeLinks(r.Context(), co.ID, id); err != nil {
		a.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// disputeResolve ends the customer's dispute: automatic reminders resume.
func (a *API) disputeResolve(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	id, ok := pathID(w, r, "invoice")
	if !ok {
		return
	}
	if err := a.books.ResolveDispute(r.Context(), co.ID, id); err != nil {
		a.fail(w, r, err)
		return
	}
	a.respondInvoice(w, r, co, id, http.StatusOK)
}

// invoiceSend queues the invoice email (409 for a voided or paid invoice).
func (a *API) invoiceSend(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	id, ok := pathID(w, r, "invoice")
	if !ok {
		return
	}
	rem, err := a.engine.SendInvoice(r.Context(), co.ID, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusAccepted, rem)
}

// invoiceEvents is the invoice's history besides its reminders: views,
// promises, disputes, resolutions, link resets.
func (a *API) invoiceEvents(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	id, ok := pathID(w, r, "invoice")
	if !ok {
		return
	}
	if _, err := a.store.GetInvoice(r.Context(), co.ID, id); err != nil {
		a.fail(w, r, err)
		return
	}
	ev, err := a.store.InvoiceEvents(r.Context(), co.ID, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if ev == nil {
		ev = []store.Event{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": ev})
}
