package reminder

import (
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/invoice"
)

func renderFixture() RenderInput {
	return RenderInput{
		Company:  &invoice.Company{Name: "Acme Inc.", Language: "en"},
		Customer: &invoice.Customer{DisplayName: "Côté Design", FirstName: "Élodie", LastName: "Côté", Title: "Mme", CompanyName: "Côté Design inc.", Language: "fr"},
		Invoice: &invoice.Invoice{Number: "F-1001", IssueDate: day("2026-11-15"), DueDate: day("2026-12-15"),
			Currency: "CAD", Total: 123456, Balance: 100000},
		Today: day("2026-12-20"),
	}
}

func TestRenderPlaceholders(t *testing.T) {
	t.Parallel()
	msg := "{{customer_name}}|{{invoice_number}}|{{invoice_date}}|{{due_date}}|{{invoice_total}}|{{balance_due}}|{{days_overdue}}|{{days_until_due}}|{{company_name}}"
	for _, c := range []struct {
		lang, today, want string
	}{
		{"fr", "2026-12-20", "Côté Design|F-1001|15 novembre 2026|15 décembre 2026|1\u00a0234,56\u00a0$|1\u00a0000,00\u00a0$|5|0|Acme Inc."},
		{"en", "2026-12-20", "Côté Design|F-1001|November 15, 2026|December 15, 2026|$1,234.56|$1,000.00|5|0|Acme Inc."},
		{"en", "2026-12-12", "Côté Design|F-1001|November 15, 2026|December 15, 2026|$1,234.56|$1,000.00|0|3|Acme Inc."},
		{"en", "2026-12-15", "Côté Design|F-1001|November 15, 2026|December 15, 2026|$1,234.56|$1,000.00|0|0|Acme Inc."},
		{"", "2026-12-15", "Côté Design|F-1001|15 novembre 2026|15 décembre 2026|1\u00a0234,56\u00a0$|1\u00a0000,00\u00a0$|0|0|Acme Inc."}, // customer's language
	} {
		in := renderFixture()
		in.Lang, in.Today = c.lang, day(c.today)
		in.Template = Template{Subject: "s", Message: msg}
		r, err := Render(in)
		if err != nil {
			t.Fatal(err)
		}
		if r.Text != c.want {
			t.Errorf("%s %s:\n got %q\nwant %q", c.lang, c.today, r.Text, c.want)
		}
	}
}

func TestRenderGreeting(t *testing.T) {
	t.Parallel()
	full := renderFixture().Customer
	onlyDisplay := &invoice.Customer{DisplayName: "Côté Design"}
	for _, c := range []struct {
		sal, format string
		cust        *invoice.Customer
		want        string
	}{
		{"Bonjour", NameFirstLast, full, "Bonjour Élodie Côté,"},
		{"Bonjour", NameTitleLast, full, "Bonjour Mme Côté,"},
		{"À l'attention de", NameCompanyName, full, "À l'attention de Côté Design inc.,"},
		{"Madame, Monsieur", NameFirstLast, full, "Madame, Monsieur,"},
		{"Dear", NameFirst, full, "Dear Élodie,"},
		{"Hi", NameDisplayName, full, "Hi Côté Design,"},
		{"Hello", NameFirstLast, onlyDisplay, "Hello Côté Design,"},
		{"Hello", NameFirstLast, &invoice.Customer{DisplayName: "X", FirstName: "Ann"}, "Hello X,"},
		{"Dear", NameTitleLast, &invoice.Customer{DisplayName: "X", FirstName: "Ann", LastName: "Lee"}, "Dear Ann Lee,"},
		{"To", NameFirst, onlyDisplay, "To Côté Design,"},
		{"To", NameCompanyName, onlyDisplay, "To Côté Design,"},
		{"Hello", NameFirstLast, &invoice.Customer{}, "Hello,"},
		{"Hello", NameFirstLast, nil, "Hello,"},
		{"Hello", NameFirstLast, &invoice.Customer{DisplayName: "Evil\r\nBcc: x@y.test"}, "Hello Evil  Bcc: x@y.test,"},
	} {
		got := Greeting(Template{UseGreeting: true, Salutation: c.sal, NameFormat: c.format}, c.cust, "fr")
		if got != c.want {
			t.Errorf("%s/%s: got %q, want %q", c.sal, c.format, got, c.want)
		}
	}
	if g := Greeting(Template{UseGreeting: false, Salutation: "Hello"}, full, "en"); g != "" {
		t.Errorf("greeting off gave %q", g)
	}
}

func TestRenderTextAndHTML(t *testing.T) {
	t.Parallel()
	in := renderFixture()
	in.Lang = "en"
	in.Customer.FirstName = "<b>Élodie</b>"
	in.Company.Name = `Acme & "Sons" <script>`
	in.Template = Template{Subject: "Reminder {{invoice_number}}", UseGreeting: true, Salutation: "Hello", NameFormat: NameFirst,
		Message: "Line one\r\nline two <i>{{due_date}}</i>\n\n\n\nThanks,\n{{company_name}}\n"}
	r, err := Render(in)
	if err != nil {
		t.Fatal(err)
	}
	wantText := "Hello <b>Élodie</b>,\n\nLine one\nline two <i>December 15, 2026</i>\n\n\n\nThanks,\nAcme & \"Sons\" <script>"
	if r.Text != wantText {
		t.Errorf("Text = %q, want %q", r.Text, wantText)
	}
	wantHTML := "<p>Hello &lt;b&gt;Élodie&lt;/b&gt;,</p>\n<p>Line one<br>\nline two &lt;i&gt;December 15, 2026&lt;/i&gt;</p>\n" +
		"<p>Thanks,<br>\nAcme &amp; &#34;Sons&#34; &lt;script&gt;</p>\n"
	if string(r.HTML) != wantHTML {
		t.Errorf("HTML = %q, want %q", r.HTML, wantHTML)
	}
	if r.Greeting != "Hello <b>Élodie</b>," || r.Subject != "Reminder F-1001" {
		t.Errorf("greeting %q subject %q", r.Greeting, r.Subject)
	}
}

func TestRenderSubjectIsOneLine(t *testing.T) {
	t.Parallel()
	in := renderFixture()
	in.Invoice.Number = "F-1\r\nBcc: victim@x.test"
	in.Company.Name = "Acme\n"
	in.Template = Template{Subject: "  {{invoice_number}} {{company_name}}", Message: "m"}
	r, err := Render(in)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(r.Subject, "\r\n") || r.Subject != "F-1  Bcc: victim@x.test Acme" {
		t.Errorf("subject %q", r.Subject)
	}
}

func TestRenderNeverExecutesUserText(t *testing.T) {
	t.Parallel()
	in := renderFixture()
	in.Invoice.Number = "{{company_name}}" // a value is never expanded again
	in.Template = Template{Subject: "s", Message: `{{invoice_number}} {{"{{"}} {{ .Invoice }}`}
	if _, err := Render(in); err == nil || !strings.Contains(err.Error(), "unknown placeholder") {
		t.Errorf("template code in user text: err = %v", err)
	}
	in.Template.Message = "{{invoice_number}}"
	if r, err := Render(in); err != nil || r.Text != "{{company_name}}" {
		t.Errorf("value re-expanded: %q, %v", r.Text, err)
	}
	if _, err := Render(RenderInput{}); err == nil {
		t.Error("render without invoice must fail")
	}
}
