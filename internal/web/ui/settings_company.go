package ui

import (
	"net/http"
	"slices"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
)

type companyForm struct {
	Co         *invoice.Company
	Timezones  []string
	Currencies []string
	Taxes      [2]taxForm // the company's two taxes as typed
}

// taxForm is one of the company's taxes in the form: name, rate (as the
// user's language writes it) and registration number.
type taxForm struct{ Name, Rate, Number string }

// companyTaxForms are the company's taxes as the form shows them.
func companyTaxForms(co *invoice.Company, lang string) [2]taxForm {
	rate := func(r int64) string {
		if r == 0 {
			return ""
		}
		return localDecimal(money.FormatDecimalTrim(r, invoice.RateScale), lang)
	}
	return [2]taxForm{{co.TaxName1, rate(co.TaxRate1), co.TaxNumber1}, {co.TaxName2, rate(co.TaxRate2), co.TaxNumber2}}
}

// Common choices; any IANA zone or ISO currency may be typed.
var (
	commonTimezones = []string{"America/Toronto", "America/Montreal", "America/Halifax", "America/Moncton", "America/St_Johns",
		"America/Winnipeg", "America/Regina", "America/Edmonton", "America/Vancouver", "America/Whitehorse",
		"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
		"America/Anchorage", "Pacific/Honolulu", "America/Mexico_City", "America/Martinique", "America/Guadeloupe",
		"America/Port-au-Prince", "America/Sao_Paulo", "Europe/Paris", "Europe/Brussels", "Europe/Luxembourg",
		"Europe/Zurich", "Europe/Monaco", "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Madrid",
		"Europe/Berlin", "Europe/Rome", "Europe/Amsterdam", "Africa/Casablanca", "Africa/Algiers", "Africa/Tunis",
		"Africa/Dakar", "Africa/Abidjan", "Indian/Reunion", "Pacific/Noumea", "Pacific/Tahiti", "Asia/Tokyo",
		"Australia/Sydney", "UTC"}
	commonCurrencies = []string{"CAD", "USD", "EUR", "CHF", "GBP"}
)

// timezoneChoices is the set-up page's list of zones, with cur kept when
// it is not one of them (a value posted back).
func timezoneChoices(cur string) []string {
	if cur == "" || slices.Contains(commonTimezones, cur) {
		return commonTimezones
	}
	return append([]string{cur}, commonTimezones...)
}

func (u *UI) settingsCompany(w http.ResponseWriter, r *http.Request) {
	co := current(r).company
	u.renderCompany(w, r, co, companyTaxForms(co, current(r).user.Language), nil, 0)
}

func (u *UI) renderCompany(w http.ResponseWriter, r *http.Request, co *invoice.Company, taxes [2]taxForm, errs map[string]string, status int) {
	v := &view{Title: "settings_company_title", Nav: "settings", Errors: errs,
		D: companyForm{Co: co, Timezones: commonTimezones, Currencies: commonCurrencies, Taxes: taxes}}
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
