package money

import (
	"strings"
	"sync"

	"github.com/bojanz/currency"
)

// Locale maps a Relance language to the CLDR locale used for money.
// French customers are served in Canadian usage, as the product's users are.
func Locale(lang, code string) string {
	if lang == "fr" {
		switch code {
		case "EUR":
			return "fr-FR"
		case "CHF":
			return "fr-CH"
		}
		return "fr-CA"
	}
	switch code {
	case "CAD":
		return "en-CA"
	case "GBP":
		return "en-GB"
	case "EUR":
		return "en-IE"
	}
	return "en-US"
}

// Format renders minor units for a reader of lang with CLDR rules:
// fr → "1 234,56 $", en → "$1,234.56". U+202F becomes U+00A0 so that every
// consumer (PDF core fonts, old mail clients) can draw it.
func Format(minor int64, code, lang string) string {
	a, err := currency.NewAmountFromInt64(minor, code)
	if err != nil {
		return FormatAmount(minor, code) + " " + code
	}
	return strings.ReplaceAll(formatter(Locale(lang, code)).Format(a), "\u202f", "\u00a0")
}

// formatters keeps one formatter per locale: building one reads the
// locale's CLDR data each time.
var formatters sync.Map

func formatter(locale string) *currency.Formatter {
	if f, ok := formatters.Load(locale); ok {
		return f.(*currency.Formatter)
	}
	f := currency.NewFormatter(currency.NewLocale(locale))
	formatters.Store(locale, f)
	return f
}
