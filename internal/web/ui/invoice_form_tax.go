package ui

import (
	"strings"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
)

// The invoice form's tax column, for a company with named taxes: each line
// picks a choice (none, TPS + TVQ, TPS, TVQ). A choice's value carries the
// taxes themselves ("TPS=5;TVQ=9.975", "=14.975" for an older unnamed
// rate), so that reading it back needs no lookup and a line whose taxes
// are no longer among the company's keeps them.

// taxChoice is one option of a line's tax select.
type taxChoice struct{ Code, Label string }

// taxCode is the choice value of a line's taxes ("" for none).
func taxCode(ts []invoice.LineTax) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = t.Name + "=" + money.FormatDecimalTrim(t.Rate, invoice.RateScale)
	}
	return strings.Join(parts, ";")
}

// parseTaxCode reads a choice value back; ok is false for one the form
// never offered.
func parseTaxCode(code string) ([]invoice.LineTax, bool) {
	if code == "" {
		return nil, true
	}
	var ts []invoice.LineTax
	for _, part := range strings.Split(code, ";") {
		name, rate, found := strings.Cut(part, "=")
		r, err := money.ParseDecimal(rate, invoice.RateScale)
		if !found || err != nil || len(ts) == invoice.MaxLineTaxes {
			return nil, false
		}
		ts = append(ts, invoice.LineTax{Name: name, Rate: r})
	}
	return ts, true
}

// taxLabel names a choice of taxes: invoice.TaxesLabel, or "None".
func taxLabel(ts []invoice.LineTax, lang string) string {
	if len(ts) == 0 {
		return tr(lang, "tax_none")
	}
	return invoice.TaxesLabel(ts, lang)
}

// companyTaxChoices are the choices a company's named taxes offer, the
// default (every tax together) first after none; nil when it names none.
func companyTaxChoices(co *invoice.Company, lang string) (choices []taxChoice, all string) {
	cts := co.Taxes()
	if len(cts) == 0 {
		return nil, ""
	}
	var every []invoice.LineTax
	for _, t := range cts {
		every = append(every, invoice.LineTax{Name: t.Name, Rate: t.Rate})
	}
	choices = []taxChoice{{"", tr(lang, "tax_none")}}
	add := func(ts []invoice.LineTax) { choices = append(choices, taxChoice{taxCode(ts), taxLabel(ts, lang)}) }
	add(every)
	if len(every) > 1 {
		for _, t := range every {
			add([]invoice.LineTax{t})
		}
	}
	return choices, taxCode(every)
}
