package ui

import (
	"net/http"

	"github.com/relance-app/relance/internal/invoice"
)

type reminderData struct {
	Inv              *invoice.Invoice
	Customer         *invoice.Customer
	Subject, Message string
	Lang             string // the customer's, which the draft is written in
}

// reminderNew is "Send reminder": the manual template filled for this
// invoice in the customer's language, editable before sending.
func (u *UI) reminderNew(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	id, ok := u.idOrFail(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	d, err := u.reminderPage(r, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d.Subject, d.Message, d.Lang, err = u.Reminders.ManualDraft(ctx, s.company.ID, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.render(w, r, "reminder_form", &view{Title: "reminder_title", Nav: "invoices", D: d})
}

// reminderPage loads the invoice and customer the page is about (404 for
// another company's invoice).
func (u *UI) reminderPage(r *http.Request, id int64) (*reminderData, error) {
	s := current(r)
	inv, err := u.Store.GetInvoice(r.Context(), s.company.ID, id)
	if err != nil {
		return nil, err
	}
	cu, err := u.Store.GetCustomer(r.Context(), s.company.ID, inv.CustomerID)
	if err != nil {
		return nil, err
	}
	return &reminderData{Inv: inv, Customer: cu, Lang: cu.Language}, nil
}
