package reminder

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Placeholders are the names a template may use as {{name}}, in the order
// the UI's picker shows them.
var Placeholders = []string{
	"customer_name",
	"invoice_number",
	"invoice_date",
	"due_date",
	"invoice_total",
	"balance_due",
	"days_overdue",
	"days_until_due",
	"company_name",
	"invoice_url",
	"late_fee",
}

// IsPlaceholder reports whether name is a known placeholder name.
func IsPlaceholder(name string) bool { return slices.Contains(Placeholders, name) }

// ErrPlaceholder is wrapped by every placeholder syntax or name error.
var ErrPlaceholder = errors.New("placeholder")

// Token is one piece of a template: literal text, or a placeholder when
// Name is set ("{{ due_date }}" → Name "due_date").
type Token struct {
	Text string // the source text, braces included for a placeholder
	Name string // trimmed placeholder name; "" for literal text
}

// Tokenize splits s into literal text and placeholders. It checks syntax
// only: an unclosed "{{" or an empty "{{ }}" is an error, an unknown name is
// not (CheckPlaceholders does that). There is no escape: user text is data,
// never code, so a stray "}}" is just text.
func Tokenize(s string) ([]Token, error) {
	var out []Token
	for s != "" {
		i := strings.Index(s, "{{")
		if i < 0 {
			out = append(out, Token{Text: s})
			break
		}
		if i > 0 {
			out = append(out, Token{Text: s[:i]})
		}
		j := strings.Index(s[i+2:], "}}")
		if j < 0 {
			return nil, fmt.Errorf("%w: unclosed {{ near %q", ErrPlaceholder, excerpt(s[i:]))
		}
		src := s[i : i+2+j+2]
		name := strings.TrimSpace(src[2 : len(src)-2])
		if name == "" {
			return nil, fmt.Errorf("%w: empty placeholder %s", ErrPlaceholder, src)
		}
		out = append(out, Token{Text: src, Name: name})
		s = s[i+len(src):]
	}
	return out, nil
}

// CheckPlaceholders refuses text whose placeholders are malformed or unknown;
// the message names the offender, e.g. "unknown placeholder {{due_dat}}".
func CheckPlaceholders(s string) error {
	toks, err := Tokenize(s)
	if err != nil {
		return err
	}
	for _, t := range toks {
		if t.Name != "" && !IsPlaceholder(t.Name) {
			return fmt.Errorf("%w: unknown placeholder {{%s}}", ErrPlaceholder, excerpt(t.Name))
		}
	}
	return nil
}

// substitute replaces each placeholder by its value. Plain substitution: the
// values and the text around them are never interpreted.
func substitute(s string, values map[string]string) (string, error) {
	toks, err := Tokenize(s)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, t := range toks {
		if t.Name == "" {
			b.WriteString(t.Text)
			continue
		}
		v, ok := values[t.Name]
		if !ok {
			return "", fmt.Errorf("%w: unknown placeholder {{%s}}", ErrPlaceholder, excerpt(t.Name))
		}
		b.WriteString(v)
	}
	return b.String(), nil
}

// excerpt keeps error messages short and on one line.
func excerpt(s string) string {
	s = strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
	const max = 40
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "…"
}
