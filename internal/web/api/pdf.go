package api

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/pdf"
)

func (a *API) invoicePDF(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	id, ok := pathID(w, r, "invoice")
	if !ok {
		return
	}
	inv, err := a.store.GetInvoice(r.Context(), co.ID, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	cu, err := a.store.GetCustomer(r.Context(), co.ID, inv.CustomerID)
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
	w.Header().Set("Content-Disposition", `inline; filename="invoice-`+strconv.FormatInt(inv.ID, 10)+`.pdf"`)
	w.Write(b)
}
