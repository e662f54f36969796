package ui

import "strings"

// localDecimal writes a plain decimal ("1234.5", as money.FormatDecimal
// gives) the way the user reads numbers: French groups thousands with a
// no-break space and uses a decimal comma ("1 234,5"); English stays plain
// ("1234.5") so that a value typed back is never read as a thousands
// separator. normalizeNumber reads both forms back.
func localDecimal(s, lang string) string {
	if lang != "fr" {
		return s
	}
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(c)
	}
	out := sign + b.String()
	if hasFrac {
		out += "," + frac
	}
	return out
}
