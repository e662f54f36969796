package portal

import (
	"net/http"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/pdf"
)

// pdf is GET /i/{token}/pdf: the invoice PDF in the page's language.
func (p *Portal) pdf(w http.ResponseWriter, r *http.Request, l link) {
	ctx := r.Context()
	co, err := p.Store.GetCompany(ctx, l.companyID)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	inv, cu, err := p.Store.InvoiceAndCustomer(ctx, l.companyID, l.invoiceID)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	lang := cu.Language
	if q := r.URL.Query().Get("lang"); q != "" {
		lang = i18n.Lang(q)
	}
	b, err := pdf.Render(pdf.Doc{Company: co, Customer: cu, Invoice: inv, Lang: lang,
		Today: invoice.LocalDate(p.Now(), co.Location())})
	if err != nil {
		p.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+pdf.Filename(inv.Number, lang)+`"`)
	w.Write(b)
}
