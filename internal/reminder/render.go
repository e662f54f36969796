package reminder

import (
	"errors"
	"fmt"
	"html"
	"html/template"
	"regexp"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
)

// RenderInput is everything one email's wording depends on. Today is the
// company-local day, for the day counts.
type RenderInput struct {
	Template Template
	Company  *invoice.Company
	Customer *invoice.Customer
	Invoice  *invoice.Invoice
	Lang     string // "en" or "fr"; empty: the customer's, then the company's
	Today    invoice.Date
	// InvoiceURL is the customer's link to the invoice page, the value of
	// {{invoice_url}}.
	InvoiceURL string
	// LateFee is the late fee this message adds (tax included, minor
	// units), the value of {{late_fee}}; Invoice already includes it.
	LateFee int64
}

// Rendered is a reminder ready for the mail package. Subject is safe for a
// header (one line), Text is the plain part (greeting, blank line, message),
// HTML the escaped paragraphs of the same text.
type Rendered struct {
	Subject  string
	Greeting string
	Text     string
	HTML     template.HTML
}

// Render fills a template for one invoice. Values are substituted as plain
// text: nothing the user typed is ever interpreted.
func Render(in RenderInput) (Rendered, error) {
	if in.Invoice == nil {
		return Rendered{}, errors.New("reminder: render: no invoice")
	}
	lang := renderLang(in)
	values := Values(in.Company, in.Customer, in.Invoice, lang, in.Today)
	values["invoice_url"] = in.InvoiceURL
	values["late_fee"] = money.Format(in.LateFee, in.Invoice.Currency, lang)
	return renderValues(in.Template, in.Customer, lang, values)
}

// renderValues fills a template with placeholder values and lays out the
// greeting, the text and its HTML.
func renderValues(t Template, cu *invoice.Customer, lang string, values map[string]string) (Rendered, error) {
	subject, err := substitute(t.Subject, values)
	if err != nil {
		return Rendered{}, fmt.Errorf("reminder: render subject: %w", err)
	}
	msg, err := substitute(t.Message, values)
	if err != nil {
		return Rendered{}, fmt.Errorf("reminder: render message: %w", err)
	}
	msg = strings.TrimSpace(normalizeNewlines(msg))
	r := Rendered{Subject: headerSafe(subject), Greeting: Greeting(t, cu, lang)}
	r.Text = msg
	if r.Greeting != "" {
		r.Text = r.Greeting + "\n\n" + msg
	}
	r.HTML = htmlParagraphs(r.Text)
	return r, nil
}

func renderLang(in RenderInput) string {
	for _, l := range []string{in.Lang, customerLang(in.Customer), companyLang(in.Company)} {
		if invoice.ValidLanguage(l) {
			return l
		}
	}
	return "en"
}

func customerLang(c *invoice.Customer) string {
	if c == nil {
		return ""
	}
	return c.Language
}

func companyLang(c *invoice.Company) string {
	if c == nil {
		return ""
	}
	return c.Language
}

// Values are the placeholder values for one invoice, formatted for lang.
// Day counts are never negative: "days overdue" of an invoice not yet due
// is 0, and the other way round.
func Values(co *invoice.Company, cu *invoice.Customer, inv *invoice.Invoice, lang string, today invoice.Date) map[string]string {
	until := inv.DueDate.DaysSince(today)
	v := map[string]string{
		"customer_name":  customerName(cu),
		"invoice_number": inv.Number,
		"invoice_date":   invoice.FormatDate(inv.IssueDate, lang),
		"due_date":       invoice.FormatDate(inv.DueDate, lang),
		"invoice_total":  money.Format(inv.Total, inv.Currency, lang),
		"balance_due":    money.Format(inv.Balance, inv.Currency, lang),
		"days_overdue":   strconv.Itoa(max(0, -until)),
		"days_until_due": strconv.Itoa(max(0, until)),
		"company_name":   "",
		"invoice_url":    "",
		"late_fee":       money.Format(0, inv.Currency, lang),
	}
	if co != nil {
		v["company_name"] = co.Name
	}
	return v
}

// customerName is how a customer is named in text: the display name, else
// first and last name, else the company name.
func customerName(c *invoice.Customer) string {
	if c == nil {
		return ""
	}
	return firstNonEmpty(c.DisplayName, joinNames(c.FirstName, c.LastName), c.CompanyName)
}

// Greeting is the opening line ("Bonjour Élodie Côté,"), or "" when the
// template does not use one. A name format whose parts are missing falls
// back to the display name; "Madame, Monsieur" takes no name; a retired
// salutation ("To", "À l'attention de") reads as the default greeting.
func Greeting(t Template, c *invoice.Customer, lang string) string {
	if !t.UseGreeting {
		return ""
	}
	sal := oneLine(t.Salutation)
	if sal == "" || retiredSalutations[sal] {
		sal = DefaultTemplate(StepManual, lang).Salutation
	}
	if sal == SalutationNoName {
		return sal + ","
	}
	if name := greetingName(t.NameFormat, c); name != "" {
		return sal + " " + name + ","
	}
	return sal + ","
}

func greetingName(format string, c *invoice.Customer) string {
	if c == nil {
		return ""
	}
	first, last := oneLine(c.FirstName), oneLine(c.LastName)
	display := firstNonEmpty(oneLine(c.DisplayName), joinNames(first, last), oneLine(c.CompanyName))
	switch format {
	case NameFirstLast:
		if first != "" && last != "" {
			return first + " " + last
		}
	case NameTitleLast:
		if title := oneLine(c.Title); title != "" && last != "" {
			return title + " " + last
		}
		if first != "" && last != "" {
			return first + " " + last
		}
	case NameFirst:
		if first != "" {
			return first
		}
	case NameCompanyName:
		if co := oneLine(c.CompanyName); co != "" {
			return co
		}
	}
	return display
}

func joinNames(a, b string) string {
	return strings.TrimSpace(strings.TrimSpace(a) + " " + strings.TrimSpace(b))
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// headerSafe makes a subject fit a header: every control character (CR and
// LF above all) becomes a space, and the ends are trimmed.
func headerSafe(s string) string { return strings.TrimSpace(oneLine(s)) }

var lineBreaks = strings.NewReplacer("\u2028", " ", "\u2029", " ", "\u0085", " ")

func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(lineBreaks.Replace(s))
}

func normalizeNewlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

var blankLines = regexp.MustCompile(`\n[ \t]*\n\s*`)

// htmlParagraphs escapes plain text and lays it out: blank lines separate
// <p> paragraphs, single newlines become <br>.
func htmlParagraphs(text string) template.HTML {
	var b strings.Builder
	for _, p := range blankLines.Split(strings.TrimSpace(text), -1) {
		if p == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(html.EscapeString(p), "\n", "<br>\n"))
		b.WriteString("</p>\n")
	}
	return template.HTML(b.String())
}
