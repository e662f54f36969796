package invoice

// What a new company starts with when nobody says otherwise (the setup
// page, `relance company create`, `relance user create`'s language).
const (
	DefaultTimezone = "America/Toronto"
	DefaultLanguage = "fr"
	DefaultCurrency = "CAD"
)
