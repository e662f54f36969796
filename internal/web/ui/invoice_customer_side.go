package ui

import (
	"fmt"
	"net/http"
)

// invoiceSend queues the invoice email ("Send invoice"); a voided or paid
// invoice is refused with the reason on the invoice page.
func (u *UI) invoiceSend(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	id, err := pathID(r, "id")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	if _, err := u.Reminders.SendInvoice(r.Context(), s.company.ID, id); err != nil {
		fe, ok := fieldErrors(s.user.Language, err)
		if !ok {
			u.fail(w, r, err)
			return
		}
		w.WriteHeader(http.StatusConflict)
		u.showInvoice(w, r, id, invoiceExtras{Problem: firstError(fe)})
		return
	}
	back := fmt.Sprintf("/invoices/%d?done=invoice_sent", id)
	if r.FormValue("from") == "list" {
		back = "/invoices?done=invoice_sent"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// invoiceLink mints a new link to the customer's page and shows it once
// (the page answers directly: the token never travels in a redirect).
func (u *UI) invoiceLink(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	id, err := pathID(r, "id")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	link, err := u.Reminders.NewLink(r.Context(), s.company.ID, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.showInvoice(w, r, id, invoiceExtras{Link: link})
}

// invoiceLinkReset revokes every link of the invoice ("Reset link").
func (u *UI) invoiceLinkReset(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	if err := u.Store.RevokeLinks(r.Context(), current(r).company.ID, id); err != nil {
		u.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/invoices/%d?done=link_reset", id), http.StatusSeeOther)
}

// disputeResolve marks the customer's dispute resolved: reminders resume.
func (u *UI) disputeResolve(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	if err := u.Books.ResolveDispute(r.Context(), current(r).company.ID, id); err != nil {
		if _, conflict := fieldErrors("en", err); !conflict { // already resolved: nothing to do
			u.fail(w, r, err)
			return
		}
	}
	http.Redirect(w, r, fmt.Sprintf("/invoices/%d?done=resolved", id), http.StatusSeeOther)
}

func firstError(fe map[string]string) string {
	for _, k := range []string{"invoice", "_"} {
		if v, ok := fe[k]; ok {
			return v
		}
	}
	for _, v := range fe {
		return v
	}
	return ""
}
