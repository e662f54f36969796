package pdf

import (
	"strings"

	"github.com/relance-app/relance/internal/invoice"
)

// Filename names an invoice's PDF for the reader of lang
// ("facture-F-2026-017.pdf"), keeping only characters safe in a header.
func Filename(number, lang string) string {
	word := "invoice"
	if lang == "fr" {
		word = "facture"
	}
	safe := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '-'
	}, number)
	return word + "-" + safe + ".pdf"
}

// StatementFilename names a statement's PDF for the reader of lang
// ("releve-2026-12-31.pdf").
func StatementFilename(asOf invoice.Date, lang string) string {
	word := "statement"
	if lang == "fr" {
		word = "releve"
	}
	return word + "-" + asOf.String() + ".pdf"
}
