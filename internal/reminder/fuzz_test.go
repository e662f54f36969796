package reminder_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
)

var fuzzSeeds = []string{
	"", "plain", "{{due_date}}", "{{ due_date }}", "{{", "}}", "{{}}", "{{ }}", "{{{{x}}}}", "{{a}}}}", "{{{due_date}}}",
	"Rappel : facture {{invoice_number}} due le {{due_date}}", "{{unknown}}", "a{{b", "{{\r\n}}", "{{due_date}",
	"<script>alert(1)</script>", "\"quoted\"", "x\r\nBcc: x@evil.test", "\u2028\u2029\u0085", "\xff\xfe{{",
}

// FuzzTokenize: Tokenize never panics; when it accepts a text, the tokens
// put back together are the text, each placeholder is "{{ name }}" with a
// non-empty trimmed name and no "}}" inside, and literals hold no "{{".
func FuzzTokenize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks, err := reminder.Tokenize(s)
		if err != nil {
			if !strings.Contains(s, "{{") {
				t.Fatalf("%q has no {{ but was refused: %v", s, err)
			}
			return
		}
		var b strings.Builder
		for _, tok := range toks {
			b.WriteString(tok.Text)
			if tok.Name == "" {
				if strings.Contains(tok.Text, "{{") {
					t.Errorf("literal %q holds {{", tok.Text)
				}
				continue
			}
			inner, ok := strings.CutPrefix(tok.Text, "{{")
			inner, ok2 := strings.CutSuffix(inner, "}}")
			if !ok || !ok2 || strings.Contains(inner, "}}") || strings.TrimSpace(inner) != tok.Name || tok.Name == "" {
				t.Errorf("placeholder token %+v is malformed", tok)
			}
		}
		if b.String() != s {
			t.Fatalf("tokens of %q join to %q", s, b.String())
		}
		if err := reminder.CheckPlaceholders(s); err == nil {
			for _, tok := range toks {
				if tok.Name != "" && !reminder.IsPlaceholder(tok.Name) {
					t.Errorf("unknown {{%s}} accepted", tok.Name)
				}
			}
		}
	})
}

// FuzzRender: whatever the template and the customer, invoice and company
// values, Render never panics; a template that passes CheckPlaceholders
// renders; the subject and greeting are one line with no control
// character (no header injection); the HTML part escapes everything but
// its own <p> and <br>; and a value is substituted as plain text, never
// read as a placeholder itself.
func FuzzRender(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, fuzzSeeds[(i+3)%len(fuzzSeeds)], fuzzSeeds[(i+7)%len(fuzzSeeds)], fuzzSeeds[(i+11)%len(fuzzSeeds)], true)
	}
	day, _ := invoice.ParseDate("2026-12-10")
	f.Fuzz(func(t *testing.T, subject, message, name, number string, greet bool) {
		co := &invoice.Company{Name: name, Timezone: "UTC", Language: "fr", Currency: "CAD"}
		cu := &invoice.Customer{DisplayName: name, FirstName: name, LastName: number, CompanyName: name, Title: name, Language: "fr"}
		inv := &invoice.Invoice{Number: number, IssueDate: day.AddDays(-30), DueDate: day, Currency: "CAD",
			Lines: []invoice.Line{{Description: name, Quantity: 10000, UnitPrice: 12345}}}
		inv.Compute()
		in := reminder.RenderInput{Template: reminder.Template{Subject: subject, Message: message, UseGreeting: greet,
			Salutation: name, NameFormat: reminder.NameFirstLast}, Company: co, Customer: cu, Invoice: inv, Lang: "fr", Today: day}
		r, err := reminder.Render(in)
		if err != nil {
			if reminder.CheckPlaceholders(subject) == nil && reminder.CheckPlaceholders(message) == nil {
				t.Fatalf("valid template refused: %v", err)
			}
			return
		}
		for what, s := range map[string]string{"subject": r.Subject, "greeting": r.Greeting} {
			if strings.ContainsFunc(s, func(c rune) bool { return c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085' }) {
				t.Errorf("%s %q holds a control character or line break", what, s)
			}
		}
		rest := strings.NewReplacer("<p>", "", "</p>", "", "<br>", "").Replace(string(r.HTML))
		if strings.ContainsAny(rest, "<>\"'") {
			t.Errorf("HTML part has unescaped markup: %q", r.HTML)
		}
		// A value is data: "[{{customer_name}}]" shows the name itself,
		// even when the name looks like a placeholder.
		in.Template = reminder.Template{Subject: "s", Message: "[{{customer_name}}]"}
		r, err = reminder.Render(in)
		if err != nil {
			t.Fatalf("fixed template refused: %v", err)
		}
		v := reminder.Values(co, cu, inv, "fr", day)["customer_name"]
		want := "[" + strings.ReplaceAll(strings.ReplaceAll(v, "\r\n", "\n"), "\r", "\n") + "]"
		if utf8.ValidString(v) && r.Text != want {
			t.Errorf("name %q rendered as %q, want %q", v, r.Text, want)
		}
	})
}
