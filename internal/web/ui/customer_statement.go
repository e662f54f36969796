package ui

import (
	"net/http"

	"github.com/relance-app/relance/internal/pdf"
	"github.com/relance-app/relance/internal/report"
)

// customerStatement: GET /customers/{id}/statement.pdf — the customer's
// statement as of today, in the customer's language (the document they get).
func (u *UI) customerStatement(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	id, ok := u.idOrFail(w, r)
	if !ok {
		return
	}
	asOf := u.today(s)
	cu, st, err := report.LoadStatement(r.Context(), u.Store, s.company.ID, id, asOf)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	b, err := pdf.RenderStatement(pdf.StatementDoc{Company: s.company, Customer: cu, Statement: st, Lang: cu.Language})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+pdf.StatementFilename(asOf, cu.Language)+`"`)
	w.Write(b)
}
