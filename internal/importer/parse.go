package importer

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
)

// parseNumber reads a decimal as people write it in spreadsheets and turns
// it into an integer scaled by 10^scale: "1234.56", "1 234,56" (spaces,
// U+00A0 or U+202F between thousands), "1,234.56", "1.234,56", "$12", "12 %".
// When both ',' and '.' appear, the last one is the decimal separator; a lone
// ',' is a decimal comma, as in French.
func parseNumber(s string, scale int) (int64, error) {
	orig := s
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r), r == '\u202f', r == '$', r == '€', r == '£', r == '%':
			return -1
		}
		return r
	}, s)
	comma, dot := strings.LastIndexByte(s, ','), strings.LastIndexByte(s, '.')
	switch {
	case comma >= 0 && dot >= 0 && comma > dot: // 1.234,56
		s = strings.ReplaceAll(s[:comma], ".", "") + "." + s[comma+1:]
	case comma >= 0 && dot >= 0: // 1,234.56
		s = strings.ReplaceAll(s, ",", "")
	case strings.Count(s, ",") == 1: // 12,5
		s = strings.Replace(s, ",", ".", 1)
	}
	v, err := money.ParseDecimal(s, scale)
	if err != nil {
		if errors.Is(err, money.ErrInvalid) && strings.Contains(err.Error(), "decimals") {
			return 0, fmt.Errorf("%q has more than %d decimals", orig, scale)
		}
		if errors.Is(err, money.ErrInvalid) && strings.Contains(err.Error(), "too large") {
			return 0, fmt.Errorf("%q is too large", orig)
		}
		return 0, fmt.Errorf("%q is not a number", orig)
	}
	return v, nil
}

// parseDate reads YYYY-MM-DD always, and the day-first or month-first
// layout of format ("DD/MM/YYYY", "MM/DD/YYYY") with '/', '-' or '.'
// between parts and one- or two-digit days and months, as spreadsheets
// write them. A day that does not exist (31/02) is refused.
func parseDate(s, format string) (invoice.Date, error) {
	bad := fmt.Errorf("invalid date %q", s)
	if d, err := invoice.ParseDate(s); err == nil {
		return d, nil
	}
	if format == "" || format == DateISO {
		return invoice.Date{}, bad
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	if len(parts) != 3 || len(parts[2]) != 4 || len(parts[0]) > 2 || len(parts[1]) > 2 {
		return invoice.Date{}, bad
	}
	n := [3]int{}
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v <= 0 {
			return invoice.Date{}, bad
		}
		n[i] = v
	}
	day, month := n[0], n[1]
	if format == DateMDY {
		day, month = n[1], n[0]
	}
	t := time.Date(n[2], time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if month > 12 || t.Day() != day {
		return invoice.Date{}, bad
	}
	return invoice.DateOf(t), nil
}

// parseBool reads yes/no in the ways spreadsheets and QuickBooks write it;
// an empty cell is false.
func parseBool(s string) (bool, error) {
	switch normalize(s) {
	case "", "n", "no", "non", "false", "faux", "0":
		return false, nil
	case "y", "yes", "o", "oui", "true", "vrai", "1", "x":
		return true, nil
	}
	return false, fmt.Errorf("%q is not yes or no", s)
}

// parseLanguage reads "fr", "fr-CA", "Français", "English", "anglais"…;
// empty means the company's language.
func parseLanguage(s, def string) (string, error) {
	n := normalize(s)
	switch {
	case n == "":
		return def, nil
	case n == "fr" || strings.HasPrefix(n, "frca") || strings.HasPrefix(n, "fren") || n == "french" || n == "francais" || n == "frfr":
		return "fr", nil
	case n == "en" || strings.HasPrefix(n, "enus") || strings.HasPrefix(n, "enca") || n == "engb" || n == "english" || n == "anglais":
		return "en", nil
	}
	return "", fmt.Errorf("%q is not a supported language (en or fr)", s)
}

// termsDays reads payment terms ("Net 30", "Net 15", "Due on receipt",
// "Payable à 30 jours", "Payable dès réception") as a number of days.
func termsDays(s string) (int, bool) {
	n := normalize(s)
	if n == "" {
		return 0, false
	}
	if strings.Contains(n, "receipt") || strings.Contains(n, "reception") {
		return 0, true
	}
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
	if d, err := strconv.Atoi(digits); err == nil && d <= 366 {
		return d, true
	}
	return 0, false
}

// addressList turns "a@x.ca; b@y.ca" into the comma list the domain
// validates: spreadsheets often separate addresses with ';'.
func addressList(s string) string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' || r == '\n' })
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return strings.Join(parts, ", ")
}
