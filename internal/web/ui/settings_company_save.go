package ui

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/pdf"
)

// errLogo is a logo refused; the form says why in the user's language.
var (
	errLogoTooBig   = pdf.ErrLogoTooLarge
	errLogoNotImage = pdf.ErrLogoNotImage
)

func (u *UI) settingsCompanySave(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	lang := s.user.Language
	co := *s.company
	co.Name = strings.TrimSpace(r.FormValue("name"))
	co.Email = strings.TrimSpace(r.FormValue("email"))
	co.Address = strings.TrimSpace(strings.ReplaceAll(r.FormValue("address"), "\r\n", "\n"))
	co.BrandColor = strings.ToLower(strings.TrimSpace(r.FormValue("brand_color")))
	co.Timezone = strings.TrimSpace(r.FormValue("timezone"))
	co.Language = r.FormValue("language")
	co.Currency = strings.ToUpper(strings.TrimSpace(r.FormValue("currency")))
	co.PaymentInstructionsEN = strings.TrimSpace(strings.ReplaceAll(r.FormValue("payment_instructions_en"), "\r\n", "\n"))
	co.PaymentInstructionsFR = strings.TrimSpace(strings.ReplaceAll(r.FormValue("payment_instructions_fr"), "\r\n", "\n"))
	co.PayURLTemplate = strings.TrimSpace(r.FormValue("pay_url_template"))
	errs := map[string]string{}
	var taxes [2]taxForm
	for i := range taxes {
		n := string(rune('1' + i))
		taxes[i] = taxForm{Name: strings.TrimSpace(r.FormValue("tax_name_" + n)), Rate: strings.TrimSpace(r.FormValue("tax_rate_" + n)),
			Number: strings.TrimSpace(r.FormValue("tax_number_" + n))}
	}
	co.TaxName1, co.TaxNumber1, co.TaxName2, co.TaxNumber2 = taxes[0].Name, taxes[0].Number, taxes[1].Name, taxes[1].Number
	for i, dst := range []*int64{&co.TaxRate1, &co.TaxRate2} {
		*dst = 0
		if taxes[i].Rate == "" {
			continue
		}
		v, err := money.ParseDecimal(strings.TrimSuffix(strings.TrimSpace(normalizeNumber(taxes[i].Rate)), "%"), invoice.RateScale)
		if err != nil {
			errs["taxes["+string(rune('0'+i))+"].rate"] = tr(lang, "err_number")
			continue
		}
		*dst = v
	}
	if r.FormValue("remove_logo") != "" {
		co.Logo, co.LogoType = nil, ""
	}
	if data, typ, err := readLogo(r); err != nil {
		errs["logo"] = tr(lang, "err_logo")
		if errors.Is(err, errLogoTooBig) {
			errs["logo"] = tr(lang, "err_logo_size")
		}
	} else if data != nil {
		co.Logo, co.LogoType = data, typ
	}
	// Every field's error shows in one pass: a refused logo does not hide
	// the other fields' reasons.
	if len(errs) > 0 {
		if fe, ok := fieldErrors(lang, co.Validate()); ok {
			for k, m := range fe {
				if _, seen := errs[k]; !seen {
					errs[k] = m
				}
			}
		}
	}
	if len(errs) == 0 {
		err := u.Books.UpdateCompany(r.Context(), &co)
		if err == nil {
			http.Redirect(w, r, "/settings/company?done=saved", http.StatusSeeOther)
			return
		}
		fe, ok := fieldErrors(lang, err)
		if !ok {
			u.fail(w, r, err)
			return
		}
		errs = fe
	}
	u.renderCompany(w, r, &co, taxes, errs, http.StatusUnprocessableEntity)
}

// readLogo returns the uploaded logo as it is stored (pdf.NormalizeLogo:
// checked from its header, decoded once, a small 8-bit PNG), nil when none
// was chosen. The file name and the browser's Content-Type prove nothing.
func readLogo(r *http.Request) ([]byte, string, error) {
	file, _, err := r.FormFile("logo")
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", errLogoNotImage
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, pdf.MaxLogoBytes+1))
	if err != nil {
		return nil, "", errLogoNotImage
	}
	if len(data) == 0 {
		return nil, "", nil
	}
	out, err := pdf.NormalizeLogo(data)
	if err != nil {
		return nil, "", err
	}
	return out, "image/png", nil
}
