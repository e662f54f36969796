package invoice

import (
	"net/url"
	"strings"

	"github.com/relance-app/relance/internal/money"
)

// PayURLPlaceholders are the names a pay_url_template may use.
var PayURLPlaceholders = []string{"invoice_number", "balance_due_raw", "currency"}

// MaxPaymentInstructions bounds each language's payment instructions.
const MaxPaymentInstructions = 2000

// checkPayURLTemplate: empty, or an https:// URL with a host whose {{…}}
// names are known placeholders.
func checkPayURLTemplate(t string) string {
	if t == "" {
		return ""
	}
	if len(t) > 2000 {
		return "must be one https:// URL of at most 2000 characters"
	}
	rest := t
	for {
		i := strings.Index(rest, "{{")
		if i < 0 {
			break
		}
		j := strings.Index(rest[i:], "}}")
		if j < 0 {
			return "has an unclosed {{"
		}
		name := strings.TrimSpace(rest[i+2 : i+j])
		known := false
		for _, p := range PayURLPlaceholders {
			known = known || p == name
		}
		if !known {
			return "unknown placeholder {{" + name + "}}: use {{invoice_number}}, {{balance_due_raw}} or {{currency}}"
		}
		rest = rest[i+j+2:]
	}
	sample := expandPayURL(t, "X", "1.00", "CAD")
	if strings.ContainsAny(sample, " \t\r\n\"<>\\") {
		return "must be one https:// URL of at most 2000 characters"
	}
	u, err := url.Parse(sample)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil {
		return "must be an https:// URL"
	}
	return ""
}

// PayURL is the company's payment URL for an invoice, "" when the company
// has none: the template with each placeholder replaced by its value,
// URL-encoded (balance_due_raw is the plain decimal, "1303.55").
func PayURL(c *Company, inv *Invoice) string {
	if c == nil || c.PayURLTemplate == "" || inv == nil {
		return ""
	}
	return expandPayURL(c.PayURLTemplate, inv.Number, money.FormatAmount(inv.Balance, inv.Currency), inv.Currency)
}

func expandPayURL(t, number, balance, currency string) string {
	values := map[string]string{"invoice_number": number, "balance_due_raw": balance, "currency": currency}
	var b strings.Builder
	for {
		i := strings.Index(t, "{{")
		if i < 0 {
			b.WriteString(t)
			return b.String()
		}
		j := strings.Index(t[i:], "}}")
		if j < 0 {
			b.WriteString(t)
			return b.String()
		}
		b.WriteString(t[:i])
		b.WriteString(url.QueryEscape(values[strings.TrimSpace(t[i+2:i+j])]))
		t = t[i+j+2:]
	}
}
