package api

import (
	"fmt"
	"net/http"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/pdf"
)

func (a *API) invoicePDF(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	id, ok := pathID(w, r, "invoice")
	if !ok {
		return
	}
	inv, cu, err := a.store.InvoiceAndCustomer(r.Context(), co.ID, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	lang := cu.Language
	if q := r.URL.Query().Get("lang"); invoice.ValidLanguage(q) {
		lang = q
	}
	b, err := pdf.Render(pdf.Doc{Company: co, Customer: cu, Invoice: inv, Lang: lang, Today: a.today(co)})
	if err != nil {
		a.fail(w, r, fmt.Errorf("api: render pdf: %w", err))
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+pdf.Filename(inv.Number, lang)+`"`)
	w.Write(b)
}
