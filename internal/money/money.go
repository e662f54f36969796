// Package money holds exact amounts: integer minor units, decimal strings at
// the edges, half-away-from-zero rounding, CLDR formatting.
package money

import (
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/bojanz/currency"
)

// ErrInvalid is wrapped by every parse error of this package.
var ErrInvalid = errors.New("invalid amount")

// Digits returns the number of minor digits of an ISO 4217 currency.
func Digits(code string) (int, error) {
	if !ValidCurrency(code) {
		return 0, fmt.Errorf("unknown currency %q", code)
	}
	d, _ := currency.GetDigits(code)
	return int(d), nil
}

// ValidCurrency reports whether code is a known ISO 4217 code (upper case).
func ValidCurrency(code string) bool {
	return len(code) == 3 && code == strings.ToUpper(code) && currency.IsValid(code)
}

// ParseDecimal turns a plain decimal string ("1234.5", "-3") into an integer
// scaled by 10^scale. It refuses more than scale decimals, exponents,
// thousands separators and anything that is not a number.
func ParseDecimal(s string, scale int) (int64, error) {
	orig := s
	if s == "" {
		return 0, fmt.Errorf("%w: empty", ErrInvalid)
	}
	neg := false
	switch s[0] {
	case '-':
		neg, s = true, s[1:]
	case '+':
		s = s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" || (hasDot && frac == "") {
		return 0, fmt.Errorf("%w: %q is not a decimal number", ErrInvalid, orig)
	}
	for _, r := range intPart + frac {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("%w: %q is not a decimal number", ErrInvalid, orig)
		}
	}
	if len(frac) > scale {
		return 0, fmt.Errorf("%w: %q has more than %d decimals", ErrInvalid, orig, scale)
	}
	frac += strings.Repeat("0", scale-len(frac))
	n, ok := new(big.Int).SetString(intPart+frac, 10)
	if !ok || !n.IsInt64() || n.Int64() > maxSafe {
		return 0, fmt.Errorf("%w: %q is too large", ErrInvalid, orig)
	}
	v := n.Int64()
	if neg {
		v = -v
	}
	return v, nil
}

// maxSafe bounds parsed values so that sums and products stay in int64.
const maxSafe = 1e15

// FormatDecimal renders v scaled by 10^scale as a plain decimal string with
// exactly scale decimals ("1234.50").
func FormatDecimal(v int64, scale int) string {
	neg := v < 0
	if neg {
		v = -v
	}
	s := fmt.Sprintf("%0*d", scale+1, v)
	if scale > 0 {
		s = s[:len(s)-scale] + "." + s[len(s)-scale:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// FormatDecimalTrim is FormatDecimal without trailing zero decimals ("1.5", "2").
func FormatDecimalTrim(v int64, scale int) string {
	s := FormatDecimal(v, scale)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// ParseAmount parses a decimal string in a currency's major unit into minor
// units, refusing more decimals than the currency has.
func ParseAmount(s, code string) (int64, error) {
	d, err := Digits(code)
	if err != nil {
		return 0, err
	}
	return ParseDecimal(s, d)
}

// FormatAmount renders minor units as the API's decimal string ("1234.56").
func FormatAmount(minor int64, code string) string {
	d, err := Digits(code)
	if err != nil {
		d = 2
	}
	return FormatDecimal(minor, d)
}

// MulDivRound returns a*b/c rounded half away from zero, exactly.
func MulDivRound(a, b, c int64) int64 {
	num := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
	den := big.NewInt(c)
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	// |2r| >= |c| rounds away from zero.
	r2 := new(big.Int).Abs(new(big.Int).Mul(r, big.NewInt(2)))
	if r2.Cmp(new(big.Int).Abs(den)) >= 0 {
		if (num.Sign() < 0) != (den.Sign() < 0) {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q.Int64()
}
