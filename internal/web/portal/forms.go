package portal

import (
	"net/http"
	"net/url"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/invoice"
)

// promise is POST /i/{token}/promise (date=YYYY-MM-DD): tomorrow to 60
// days ahead. A bad date re-shows the page with the error and changes
// nothing.
func (p *Portal) promise(w http.ResponseWriter, r *http.Request, l link) {
	d, err := p.load(r, l)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	if !d.Open {
		p.render(w, http.StatusConflict, d)
		return
	}
	d.DateValue = r.PostFormValue("date")
	date, perr := invoice.ParseDate(d.DateValue)
	today := invoice.LocalDate(p.Now(), d.Company.Location())
	switch {
	case d.DateValue == "":
		d.DateError = i18n.T(d.L, "portal_err_date_required", nil)
	case perr != nil || invoice.CheckPromiseDate(date, today) != nil:
		d.DateError = i18n.T(d.L, "portal_err_date_range", map[string]any{"Max": invoice.MaxPromiseDays})
	}
	if d.DateError != "" {
		p.render(w, http.StatusUnprocessableEntity, d)
		return
	}
	if err := p.Books.PromisePayment(r.Context(), l.companyID, l.invoiceID, date); err != nil {
		p.fail(w, r, err)
		return
	}
	p.done(w, r, d, "promise")
}

// dispute is POST /i/{token}/dispute (message=…, 1–2000 characters): the
// invoice is disputed until a user resolves it.
func (p *Portal) dispute(w http.ResponseWriter, r *http.Request, l link) {
	d, err := p.load(r, l)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	if !d.Open {
		p.render(w, http.StatusConflict, d)
		return
	}
	d.Message = r.PostFormValue("message")
	msg, verr := invoice.CleanDisputeMessage(d.Message)
	if verr != nil {
		if msg == "" {
			d.MsgError = i18n.T(d.L, "portal_err_message_required", nil)
		} else {
			d.MsgError = i18n.T(d.L, "portal_err_message_long", map[string]any{"Max": invoice.MaxDisputeMessage})
		}
		p.render(w, http.StatusUnprocessableEntity, d)
		return
	}
	if err := p.Books.Dispute(r.Context(), l.companyID, l.invoiceID, msg); err != nil {
		p.fail(w, r, err)
		return
	}
	p.done(w, r, d, "dispute")
}

// done redirects to the page with a confirmation (post, redirect, get).
func (p *Portal) done(w http.ResponseWriter, r *http.Request, d *pageData, what string) {
	q := url.Values{"lang": {d.L}, "done": {what}}
	http.Redirect(w, r, "/i/"+url.PathEscape(d.Token)+"?"+q.Encode(), http.StatusSeeOther)
}
