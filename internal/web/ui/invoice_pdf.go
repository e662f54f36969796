package ui

import (
	"net/http"
	"strings"

	"github.com/relance-app/relance/internal/pdf"
)

func (u *UI) invoicePDF(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	inv, cu, ok := u.invoiceAndCustomerOrFail(w, r)
	if !ok {
		return
	}
	// The PDF speaks the customer's language: it is the document they get.
	b, err := pdf.Render(pdf.Doc{Company: s.company, Customer: cu, Invoice: inv, Lang: cu.Language, Today: u.today(s)})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+pdf.Filename(inv.Number, cu.Language)+`"`)
	w.Write(b)
}

// safeFilename keeps letters, digits, dot, dash and underscore.
func safeFilename(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '_'
	}, s)
	if s == "" {
		return "invoice"
	}
	return s
}
