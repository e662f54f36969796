package auth

import (
	"strings"
	"testing"
)

func TestPassword(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$2") {
		t.Errorf("not a bcrypt hash: %q", h)
	}
	if err := CheckPassword(h, "correct horse battery"); err != nil {
		t.Errorf("right password refused: %v", err)
	}
	if err := CheckPassword(h, "wrong horse battery"); err != ErrBadPassword {
		t.Errorf("wrong password: %v", err)
	}
	if _, err := HashPassword("short"); err == nil {
		t.Error("short password accepted")
	}
	if _, err := HashPassword(strings.Repeat("x", 73)); err == nil {
		t.Error("73-byte password accepted")
	}
}

func TestToken(t *testing.T) {
	a, ha := NewToken()
	b, hb := NewToken()
	if a == b || ha == hb || !strings.HasPrefix(a, TokenPrefix) || len(a) < 40 {
		t.Errorf("tokens %q %q", a, b)
	}
	if Hash(a) != ha || strings.Contains(ha, a) {
		t.Error("hash does not match or contains the token")
	}
}

// TestPasswordRule: the findings' passwords are refused by the one rule
// that set-up, `user create`, `user password` and the UI call.
func TestPasswordRule(t *testing.T) {
	for pw, want := range map[string]error{
		"          ":            ErrPasswordBlank, // ten spaces were accepted
		"\t \t \t \t \t ":       ErrPasswordBlank,
		"1234567890":            ErrPasswordCommon,
		"Password123":           ErrPasswordCommon,
		"aaaaaaaaaaaa":          ErrPasswordCommon,
		"short":                 ErrPasswordShort,
		strings.Repeat("é", 40): ErrPasswordLong,
		"correct horse battery": nil,
		"Élodie-2026-factures":  nil,
	} {
		if got := CheckPasswordRule(pw); got != want {
			t.Errorf("CheckPasswordRule(%q) = %v, want %v", pw, got, want)
		}
		if _, err := HashPassword(pw); (err == nil) != (want == nil) {
			t.Errorf("HashPassword(%q): %v, want the rule's answer %v", pw, err, want)
		}
	}
}
