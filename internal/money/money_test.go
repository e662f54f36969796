package money

import (
	"errors"
	"testing"
)

func TestParseDecimal(t *testing.T) {
	for _, tc := range []struct {
		in    string
		scale int
		want  int64
		err   bool
	}{
		{"1234.56", 2, 123456, false},
		{"0.5", 2, 50, false},
		{"7", 2, 700, false},
		{"-3.1", 2, -310, false},
		{"1.234", 2, 0, true},
		{"abc", 2, 0, true},
		{"", 2, 0, true},
		{"1e5", 2, 0, true},
		{"1,000.00", 2, 0, true},
		{".5", 2, 0, true},
		{"5.", 2, 0, true},
		{"14.975", 4, 149750, false},
		{"99999999999999999999", 2, 0, true},
	} {
		got, err := ParseDecimal(tc.in, tc.scale)
		if (err != nil) != tc.err {
			t.Errorf("ParseDecimal(%q) err = %v, want err %v", tc.in, err, tc.err)
			continue
		}
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseDecimal(%q) error %v does not wrap ErrInvalid", tc.in, err)
		}
		if got != tc.want {
			t.Errorf("ParseDecimal(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestParseAmountCurrencyDigits(t *testing.T) {
	if _, err := ParseAmount("10.5", "JPY"); err == nil {
		t.Error("JPY has no decimals; 10.5 must be refused")
	}
	if v, err := ParseAmount("1.234", "KWD"); err != nil || v != 1234 {
		t.Errorf("KWD 1.234 = %d, %v", v, err)
	}
	if _, err := ParseAmount("1", "XXQ"); err == nil {
		t.Error("unknown currency accepted")
	}
	if _, err := ParseAmount("1", "cad"); err == nil {
		t.Error("lower-case currency accepted")
	}
}

func TestFormatDecimal(t *testing.T) {
	for _, tc := range []struct {
		v     int64
		scale int
		want  string
	}{{123456, 2, "1234.56"}, {5, 2, "0.05"}, {-5, 2, "-0.05"}, {7, 0, "7"}, {149750, 4, "14.9750"}} {
		if got := FormatDecimal(tc.v, tc.scale); got != tc.want {
			t.Errorf("FormatDecimal(%d,%d) = %q, want %q", tc.v, tc.scale, got, tc.want)
		}
	}
	if got := FormatDecimalTrim(149750, 4); got != "14.975" {
		t.Errorf("trim = %q", got)
	}
}

func TestMulDivRound(t *testing.T) {
	for _, tc := range []struct{ a, b, c, want int64 }{
		{1000, 149750, 1000000, 150}, // 10.00 at 14.975 % = 1.4975 → 1.50
		{1, 5, 10, 1},                // 0.5 → 1
		{-1, 5, 10, -1},              // -0.5 → -1
		{1, 4, 10, 0},
		{3, 1, 2, 2},
	} {
		if got := MulDivRound(tc.a, tc.b, tc.c); got != tc.want {
			t.Errorf("MulDivRound(%d,%d,%d) = %d, want %d", tc.a, tc.b, tc.c, got, tc.want)
		}
	}
}

func TestFormatCLDR(t *testing.T) {
	for _, tc := range []struct {
		minor      int64
		code, lang string
		want       string
	}{
		{123456, "CAD", "fr", "1\u00a0234,56\u00a0$"},
		{123456, "USD", "en", "$1,234.56"},
		{123456, "EUR", "fr", "1\u00a0234,56\u00a0€"},
		{123456, "CAD", "en", "$1,234.56"},
	} {
		if got := Format(tc.minor, tc.code, tc.lang); got != tc.want {
			t.Errorf("Format(%d,%s,%s) = %q, want %q", tc.minor, tc.code, tc.lang, got, tc.want)
		}
	}
}
