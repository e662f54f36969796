package ui

import (
	"net/http"

	"github.com/relance-app/relance/internal/invoice"
)

type companyForm struct {
	Co         *invoice.Company
	Timezones  []string
	Currencies []string
}

// Common choices; any IANA zone or ISO currency may be typed.
var (
	commonTimezones  = []string{"America/Toronto", "America/Montreal", "America/Halifax", "America/Moncton", "America/Winnipeg", "America/Edmonton", "America/Vancouver", "America/New_York", "Europe/Paris", "Europe/Brussels", "Europe/Zurich", "Europe/London", "UTC"}
	commonCurrencies = []string{"CAD", "USD", "EUR", "CHF", "GBP"}
)

func (u *UI) settingsCompany(w http.ResponseWriter, r *http.Request) {
	u.renderCompany(w, r, current(r).company, nil, 0)
}

func (u *UI) renderCompany(w http.ResponseWriter, r *http.Request, co *invoice.Company, errs map[string]string, status int) {
	v := &view{Title: "settings_company_title", Nav: "settings", Errors: errs,
		D: companyForm{Co: co, Timezones: commonTimezones, Currencies: commonCurrencies}}
	if r.URL.Query().Get("done") == "saved" {
		v.Flash = "flash_saved"
	}
	if len(errs) > 0 {
		v.FormError = tr(current(r).user.Language, "form_has_errors")
	}
	if status != 0 {
		w.WriteHeader(status)
	}
	u.render(w, r, "settings_company", v)
}
