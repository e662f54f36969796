package api

import (
	"fmt"
	"net/http"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/pdf"
	"github.com/relance-app/relance/internal/report"
)

// customerStatementPDF: GET /api/v1/customers/{id}/statement.pdf?as_of=YYYY-MM-DD&lang=
// (as_of defaults to the company's today, lang to the customer's language).
func (a *API) customerStatementPDF(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	id, ok := pathID(w, r, "customer")
	if !ok {
		return
	}
	asOf := a.today(co)
	if q := r.URL.Query().Get("as_of"); q != "" {
		d, err := invoice.ParseDate(q)
		if err != nil {
			a.fail(w, r, &invoice.Error{Code: invoice.EInvalid, Message: "invalid input",
				Fields: map[string]string{"as_of": "must be a date YYYY-MM-DD"}})
			return
		}
		asOf = d
	}
	cu, st, err := report.LoadStatement(r.Context(), a.store, co.ID, id, asOf)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	lang := cu.Language
	if q := r.URL.Query().Get("lang"); invoice.ValidLanguage(q) {
		lang = q
	}
	b, err := pdf.RenderStatement(pdf.StatementDoc{Company: co, Customer: cu, Statement: st, Lang: lang})
	if err != nil {
		a.fail(w, r, fmt.Errorf("api: render statement: %w", err))
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+pdf.StatementFilename(asOf, lang)+`"`)
	w.Write(b)
}
