package ui

import (
	"net/http"
	"slices"

	"github.com/relance-app/relance/internal/invoice"
)

type companyForm struct {
	Co         *invoice.Company
	Timezones  []string
	Currencies []string
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
