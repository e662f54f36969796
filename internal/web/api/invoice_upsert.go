package api

import (
	"net/http"

	"github.com/relance-app/relance/internal/invoice"
)

// invoiceUpsert is PUT /api/v1/invoices/by-number/{number}: what a sync job
// calls every few minutes without creating duplicates. An unknown number
// is created (201); a known one is replaced (200): dates, lines, customer,
// recipients, currency and memo as the body says, recipients from the
// customer when the body has none. Payments stay, and so do the invoice's
// own states (voided, draft and paused) and its external_id unless the
// body sets them; a
// replacement whose total is below the payments already received is
// refused with 409, nothing changed.
func (a *API) invoiceUpsert(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	number := r.PathValue("number")
	var in invoiceInput
	if !decode(w, r, &in) {
		return
	}
	f := invoice.FieldErrors{}
	if in.Number != nil && *in.Number != number {
		f.Add("number", "must be the number of the path, or absent")
	}
	old, err := a.store.InvoiceByNumber(r.Context(), co.ID, number)
	if err != nil && !invoice.IsNotFound(err) {
		a.fail(w, r, err)
		return
	}
	inv := &invoice.Invoice{CompanyID: co.ID, Currency: co.Currency}
	if old != nil {
		inv.ID, inv.Draft, inv.RemindersPaused, inv.ExternalID = old.ID, old.Draft, old.RemindersPaused, old.ExternalID
	}
	in.apply(inv, f)
	inv.Number = number
	if in.Email == nil && inv.CustomerID > 0 {
		if c, err := a.store.GetCustomer(r.Context(), co.ID, inv.CustomerID); err == nil {
			inv.Email, inv.Cc, inv.Bcc = c.Email, c.Cc, c.Bcc
		}
	}
	if err := mergeErrors(f, inv.Validate()); err != nil {
		a.fail(w, r, err)
		return
	}
	if old == nil {
		if err := a.books.CreateInvoice(r.Context(), inv); err != nil {
			a.fail(w, r, err)
			return
		}
		a.respondInvoice(w, r, co, inv.ID, http.StatusCreated)
		return
	}
	check := *inv
	check.Payments = old.Payments
	check.Compute()
	if check.Balance < 0 {
		a.fail(w, r, invoice.Conflict("lines", "the new total is less than the payments already received"))
		return
	}
	if err := a.books.UpdateInvoice(r.Context(), inv); err != nil {
		a.fail(w, r, err)
		return
	}
	a.respondInvoice(w, r, co, inv.ID, http.StatusOK)
}
