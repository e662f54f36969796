package api

import (
	"net/http"

	"github.com/relance-app/relance/internal/invoice"
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
}

func companyOut(c *invoice.Company) companyJSON {
	out := companyJSON{ID: c.ID, Name: c.Name, Email: c.Email, Address: c.Address, Timezone: c.Timezone,
		Language: c.Language, Currency: c.Currency, BrandColor: c.BrandColor, PayURLTemplate: c.PayURLTemplate,
		PaymentInstructions: map[string]string{"en": c.PaymentInstructionsEN, "fr": c.PaymentInstructionsFR},
		TaxNumbers:          []string{}}
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
