package reminder

import (
	"errors"
	"testing"
)

func TestCheckPlaceholders(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in, err string // err: the exact message, "" = valid
	}{
		{"Invoice {{invoice_number}} due {{due_date}}", ""},
		{"{{ due_date }} and {{balance_due}}", ""},
		{"plain text, no placeholder", ""},
		{"a stray }} is text", ""},
		{"single { brace }", ""},
		{"", ""},
		{"due {{due_dat}}", "placeholder: unknown placeholder {{due_dat}}"},
		{"{{ Due_Date }}", "placeholder: unknown placeholder {{Due_Date}}"},
		{"{{.Invoice}}", "placeholder: unknown placeholder {{.Invoice}}"},
		{`{{ printf "%s" 1 }}`, `placeholder: unknown placeholder {{printf "%s" 1}}`},
		{"ok {{due_date}} then {{bad", `placeholder: unclosed {{ near "{{bad"`},
		{"{{}}", "placeholder: empty placeholder {{}}"},
		{"{{   }}", "placeholder: empty placeholder {{   }}"},
	} {
		err := CheckPlaceholders(c.in)
		got := ""
		if err != nil {
			got = err.Error()
			if !errors.Is(err, ErrPlaceholder) {
				t.Errorf("%q: %v does not wrap ErrPlaceholder", c.in, err)
			}
		}
		if got != c.err {
			t.Errorf("CheckPlaceholders(%q) = %q, want %q", c.in, got, c.err)
		}
	}
}

func TestTokenize(t *testing.T) {
	t.Parallel()
	toks, err := Tokenize("Hi {{ customer_name }}, {{due_date}}!")
	if err != nil {
		t.Fatal(err)
	}
	want := []Token{{Text: "Hi "}, {Text: "{{ customer_name }}", Name: "customer_name"}, {Text: ", "},
		{Text: "{{due_date}}", Name: "due_date"}, {Text: "!"}}
	if len(toks) != len(want) {
		t.Fatalf("tokens = %+v", toks)
	}
	for i := range want {
		if toks[i] != want[i] {
			t.Errorf("token %d = %+v, want %+v", i, toks[i], want[i])
		}
	}
	for _, p := range Placeholders {
		if err := CheckPlaceholders("{{" + p + "}}"); err != nil {
			t.Errorf("listed placeholder %s refused: %v", p, err)
		}
	}
}
