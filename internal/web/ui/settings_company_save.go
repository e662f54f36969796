package ui

import (
	"bytes"
	"errors"
	"image"
	_ "image/jpeg" // logo formats accepted
	_ "image/png"
	"io"
	"net/http"
	"strings"
)

const (
	maxLogoBytes = 1 << 20
	maxLogoSide  = 4000
)

// errLogo is a logo refused; the form says why in the user's language.
var (
	errLogoTooBig   = errors.New("logo too big")
	errLogoNotImage = errors.New("logo not a PNG or JPEG image")
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
	co.TaxNumber1 = strings.TrimSpace(r.FormValue("tax_number_1"))
	co.TaxNumber2 = strings.TrimSpace(r.FormValue("tax_number_2"))
	errs := map[string]string{}
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
	u.renderCompany(w, r, &co, errs, http.StatusUnprocessableEntity)
}

// readLogo returns the uploaded logo, nil when none was chosen. The bytes
// must decode as a PNG or JPEG of sane size: the file name and the
// browser's Content-Type prove nothing.
func readLogo(r *http.Request) ([]byte, string, error) {
	file, _, err := r.FormFile("logo")
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", errLogoNotImage
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, maxLogoBytes+1))
	if err != nil {
		return nil, "", errLogoNotImage
	}
	if len(data) == 0 {
		return nil, "", nil
	}
	if len(data) > maxLogoBytes {
		return nil, "", errLogoTooBig
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "png" && format != "jpeg") {
		return nil, "", errLogoNotImage
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > maxLogoSide || cfg.Height > maxLogoSide {
		return nil, "", errLogoNotImage
	}
	return data, "image/" + format, nil
}
