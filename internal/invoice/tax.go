package invoice

import (
	"strings"

	"github.com/relance-app/relance/internal/money"
)

// Named taxes. A line carries up to two taxes, each a name and a rate
// (Québec: TPS/GST 5 % and TVQ/QST 9.975 % on the same line). Each is
// computed on the line's amount and rounded on its own, per line, half
// away from zero to the currency's minor unit (Compute is the one place
// that does it); the invoice shows one total per named tax (TaxTotals).
// An older invoice's single rate is a tax with no name.

// MaxLineTaxes is how many taxes a line may carry.
const MaxLineTaxes = 2

// MaxTaxNameLen bounds a tax's name ("TPS", "TVQ", "GST/HST").
const MaxTaxNameLen = 20

// LineTax is one tax of a line, or of the invoice (TaxTotals): its name,
// its rate (a percentage scaled by RateScale) and its amount (minor units).
type LineTax struct {
	Name   string `json:"name"`
	Rate   int64  `json:"-"`
	Amount int64  `json:"-"`
}

// Taxes are the line's taxes, in order: none, one (perhaps unnamed) or two.
func (l *Line) Taxes() []LineTax {
	var out []LineTax
	if l.TaxRate != 0 || l.TaxName != "" {
		out = append(out, LineTax{Name: l.TaxName, Rate: l.TaxRate, Amount: l.Tax})
	}
	if l.TaxRate2 != 0 || l.TaxName2 != "" {
		out = append(out, LineTax{Name: l.TaxName2, Rate: l.TaxRate2, Amount: l.Tax2})
	}
	return out
}

// SetTaxes sets the line's taxes (at most MaxLineTaxes are kept; Validate
// refuses more, see ValidateLineTaxes). Amounts are left to Compute.
func (l *Line) SetTaxes(ts []LineTax) {
	l.TaxName, l.TaxRate, l.TaxName2, l.TaxRate2 = "", 0, "", 0
	if len(ts) > 0 {
		l.TaxName, l.TaxRate = ts[0].Name, ts[0].Rate
	}
	if len(ts) > 1 {
		l.TaxName2, l.TaxRate2 = ts[1].Name, ts[1].Rate
	}
}

// TaxTotals are the invoice's taxes, one per name and rate in the order
// they first appear on its lines, each the sum of the lines' rounded
// amounts (so that the lines and the totals agree to the cent).
func (inv *Invoice) TaxTotals() []LineTax {
	var out []LineTax
	for i := range inv.Lines {
		for _, t := range inv.Lines[i].Taxes() {
			j := 0
			for j < len(out) && (out[j].Name != t.Name || out[j].Rate != t.Rate) {
				j++
			}
			if j == len(out) {
				out = append(out, LineTax{Name: t.Name, Rate: t.Rate})
			}
			out[j].Amount += t.Amount
		}
	}
	return out
}

// CompanyTax is a tax a company charges: its name, its usual rate and the
// company's registration number for it.
type CompanyTax struct {
	Name   string
	Rate   int64
	Number string
}

// Taxes are the company's named taxes (those with a name), in order.
func (c *Company) Taxes() []CompanyTax {
	var out []CompanyTax
	for _, t := range []CompanyTax{{c.TaxName1, c.TaxRate1, c.TaxNumber1}, {c.TaxName2, c.TaxRate2, c.TaxNumber2}} {
		if t.Name != "" {
			out = append(out, t)
		}
	}
	return out
}

// TaxNumbers are the company's registration numbers as printed on an
// invoice: "TPS : 123456789 RT0001" when the tax has a name, the number
// alone otherwise (numbers typed before taxes had names).
func (c *Company) TaxNumbers(lang string) []string {
	var out []string
	for _, t := range []CompanyTax{{c.TaxName1, c.TaxRate1, c.TaxNumber1}, {c.TaxName2, c.TaxRate2, c.TaxNumber2}} {
		switch {
		case t.Number == "":
		case t.Name == "" || strings.HasPrefix(strings.ToUpper(t.Number), strings.ToUpper(t.Name)):
			out = append(out, t.Number)
		case lang == "fr":
			out = append(out, t.Name+"\u00a0: "+t.Number)
		default:
			out = append(out, t.Name+": "+t.Number)
		}
	}
	return out
}

// TaxNumberFor is the company's registration number for the tax named
// name ("" when it has none).
func (c *Company) TaxNumberFor(name string) string {
	for _, t := range c.Taxes() {
		if strings.EqualFold(t.Name, name) {
			return t.Number
		}
	}
	return ""
}

// checkTaxName checks a tax's name: one short line, without the
// characters the invoice form uses to carry a choice of taxes (= ; ,).
func checkTaxName(f FieldErrors, field, name string) {
	checkText(f, field, name, MaxTaxNameLen, true)
	if strings.ContainsAny(name, "=;,") {
		f.Add(field, "must not contain = ; or ,")
	}
}

// checkLineTaxes checks a line's taxes (field prefix p, "lines[0].").
func checkLineTaxes(f FieldErrors, p string, l *Line) {
	for i, t := range []struct {
		name string
		rate int64
	}{{l.TaxName, l.TaxRate}, {l.TaxName2, l.TaxRate2}} {
		field := p + "tax_rate"
		if i > 0 || l.TaxName != "" {
			field = p + "taxes[" + itoa(i) + "]"
		}
		if t.rate < 0 || t.rate > 100*rateFactor {
			f.Add(field, "must be between 0 and 100")
		}
		checkTaxName(f, field, t.name)
	}
	if l.TaxName2 != "" && strings.EqualFold(l.TaxName, l.TaxName2) {
		f.Add(p+"taxes[1]", "is the same tax twice")
	}
}

// checkCompanyTaxes checks the company's named taxes: a rate needs a name.
func checkCompanyTaxes(f FieldErrors, c *Company) {
	for i, t := range []CompanyTax{{c.TaxName1, c.TaxRate1, c.TaxNumber1}, {c.TaxName2, c.TaxRate2, c.TaxNumber2}} {
		field := "taxes[" + itoa(i) + "]"
		checkTaxName(f, field+".name", t.Name)
		if t.Rate < 0 || t.Rate > 100*rateFactor {
			f.Add(field+".rate", "must be between 0 and 100")
		}
		if t.Name == "" && t.Rate != 0 {
			f.Add(field+".name", "is required")
		}
	}
	if c.TaxName1 != "" && strings.EqualFold(c.TaxName1, c.TaxName2) {
		f.Add("taxes[1].name", "is the same tax twice")
	}
}

// Percent is a tax rate as lang writes it: "9.975%" in English, "9,975 %"
// (no-break space) in French. Rates stay under 1 000, so no grouping.
func Percent(rate int64, lang string) string {
	s := money.FormatDecimalTrim(rate, RateScale)
	if lang == "fr" {
		return strings.Replace(s, ".", ",", 1) + "\u00a0%"
	}
	return s + "%"
}

// TaxesLabel names taxes for people, on the invoice page, the PDF and the
// form: "TPS + TVQ (14,975 %)", "TPS (5 %)", or the rate alone for an
// unnamed one ("14,975 %"); "" for none.
func TaxesLabel(ts []LineTax, lang string) string {
	if len(ts) == 0 {
		return ""
	}
	var names []string
	var sum int64
	for _, t := range ts {
		if t.Name != "" {
			names = append(names, t.Name)
		}
		sum += t.Rate
	}
	pct := Percent(sum, lang)
	if len(names) == 0 {
		return pct
	}
	return strings.Join(names, " + ") + " (" + pct + ")"
}

// Label is a tax total's label on an invoice: "TPS (5 %)", or for the
// unnamed rate of an older invoice the word for tax in lang (taxWord,
// "Taxes") with its rate: "Taxes (14,975 %)".
func (t LineTax) Label(taxWord, lang string) string {
	label := TaxesLabel([]LineTax{t}, lang)
	if t.Name == "" {
		label = taxWord + " (" + label + ")"
	}
	return label
}
