package api

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
)

// companyJSON is the company settings document. A PUT body starts from the
// current values: a field left out keeps its value.
type companyJSON struct {
	ID                  int64             `json:"id"`
	Name                string            `json:"name"`
	Email               string            `json:"email"`
	Address             string            `json:"address"`
	Timezone            string            `json:"timezone"`
	Language            string            `json:"language"`
	Currency            string            `json:"currency"`
	BrandColor          string            `json:"brand_color"`
	PaymentInstructions map[string]string `json:"payment_instructions"`
	PayURLTemplate      string            `json:"pay_url_template"`
	TaxNumbers          []string          `json:"tax_numbers"`
	// Taxes are the company's named taxes (at most 2): name, usual rate
	// and registration number, e.g. TPS 5 and TVQ 9.975 in Québec.
	Taxes []companyTaxJSON `json:"taxes"`
}

type companyTaxJSON struct {
	Name   string `json:"name"`
	Rate   string `json:"rate"`
	Number string `json:"number"`
}

func companyOut(c *invoice.Company) companyJSON {
	out := companyJSON{ID: c.ID, Name: c.Name, Email: c.Email, Address: c.Address, Timezone: c.Timezone,
		Language: c.Language, Currency: c.Currency, BrandColor: c.BrandColor, PayURLTemplate: c.PayURLTemplate,
		PaymentInstructions: map[string]string{"en": c.PaymentInstructionsEN, "fr": c.PaymentInstructionsFR},
		TaxNumbers:          []string{}, Taxes: []companyTaxJSON{}}
	for _, t := range c.Taxes() {
		out.Taxes = append(out.Taxes, companyTaxJSON{Name: t.Name, Rate: money.FormatDecimalTrim(t.Rate, invoice.RateScale), Number: t.Number})
	}
	for _, n := range []string{c.TaxNumber1, c.TaxNumber2} {
		if n != "" {
			out.TaxNumbers = append(out.TaxNumbers, n)
		}
	}
	return out
}

func (a *API) companyGet(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	writeJSON(w, http.StatusOK, companyOut(co))
}

func (a *API) companyPut(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	in := companyOut(co)
	before := in.Taxes
	if !decode(w, r, &in) {
		return
	}
	f := invoice.FieldErrors{}
	c := *co
	c.Name, c.Email, c.Address, c.Timezone, c.Language = in.Name, in.Email, in.Address, in.Timezone, in.Language
	c.Currency, c.BrandColor, c.PayURLTemplate = in.Currency, in.BrandColor, in.PayURLTemplate
	for lang := range in.PaymentInstructions {
		if !invoice.ValidLanguage(lang) {
			f.Add("payment_instructions."+lang, "unknown language: use en and fr")
		}
	}
	c.PaymentInstructionsEN, c.PaymentInstructionsFR = in.PaymentInstructions["en"], in.PaymentInstructions["fr"]
	switch n := len(in.TaxNumbers); {
	case n > 2:
		f.Add("tax_numbers", "at most 2 numbers")
	default:
		c.TaxNumber1, c.TaxNumber2 = "", ""
		if n > 0 {
			c.TaxNumber1 = in.TaxNumbers[0]
		}
		if n > 1 {
			c.TaxNumber2 = in.TaxNumbers[1]
		}
	}
	if !slices.Equal(before, in.Taxes) {
		readCompanyTaxes(f, &c, in.Taxes)
	}
	if err := mergeErrors(f, c.Validate()); err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.books.UpdateCompany(r.Context(), &c); err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, companyOut(&c))
}

// readCompanyTaxes sets the company's named taxes from a PUT body that
// changed them (their numbers with them; tax_numbers is the older way to
// set the numbers alone).
func readCompanyTaxes(f invoice.FieldErrors, c *invoice.Company, in []companyTaxJSON) {
	if len(in) > 2 {
		f.Add("taxes", "at most 2 taxes")
		return
	}
	var ts [2]invoice.CompanyTax
	for i, t := range in {
		ts[i] = invoice.CompanyTax{Name: strings.TrimSpace(t.Name), Number: strings.TrimSpace(t.Number)}
		if t.Rate != "" {
			r, err := money.ParseDecimal(t.Rate, invoice.RateScale)
			if err != nil {
				f.Add(fmt.Sprintf("taxes[%d].rate", i), "must be a percentage with at most %d decimals", invoice.RateScale)
			}
			ts[i].Rate = r
		}
	}
	c.TaxName1, c.TaxRate1, c.TaxNumber1 = ts[0].Name, ts[0].Rate, ts[0].Number
	c.TaxName2, c.TaxRate2, c.TaxNumber2 = ts[1].Name, ts[1].Rate, ts[1].Number
}
