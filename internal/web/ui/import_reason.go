package ui

import (
	"regexp"
	"strings"
)

// importMessages are the importer's own reasons for refusing a row (the
// domain's validation reasons are in domainMessages); the captured groups
// become {{.A}}, {{.B}}, {{.C}}.
var importMessages = []struct {
	re *regexp.Regexp
	id string
}{
	{regexp.MustCompile(`^not imported: invoice "(.*)" has an error on line (\d+)$`), "imp_other_line"},
	{regexp.MustCompile(`^"(.*)" differs from "(.*)" on line (\d+) of the same invoice$`), "imp_differs"},
	{regexp.MustCompile(`^unknown customer "(.*)"$`), "imp_unknown_customer"},
	{regexp.MustCompile(`^cannot create customer "(.*)": (.*)$`), "imp_create_customer"},
	{regexp.MustCompile(`^unknown currency "(.*)"$`), "err_currency"},
	{regexp.MustCompile(`^is required \(or payment terms such as "Net 30"\)$`), "imp_due_required"},
	{regexp.MustCompile(`^"(.*)" has more than (\d+) decimals$`), "imp_decimals"},
	{regexp.MustCompile(`^"(.*)" is not a number$`), "imp_not_number"},
	{regexp.MustCompile(`^invalid date "(.*)"$`), "imp_date"},
	{regexp.MustCompile(`^"(.*)" is not yes or no$`), "imp_yes_no"},
	{regexp.MustCompile(`^"(.*)" is not a supported language \(en or fr\)$`), "imp_language"},
	{regexp.MustCompile(`^quantity × price is too large$`), "imp_too_large"},
	{regexp.MustCompile(`^(.*) is not quantity × price \((.*)\)$`), "imp_amount_mismatch"},
	{regexp.MustCompile(`^malformed CSV: .*$`), "imp_malformed"},
}

// importReason translates one row's reason of an import report. The
// importer joins several problems with "; ", each "Column: reason" where
// Column is the file's own header (kept as written).
func importReason(lang, reason string) string {
	parts := strings.Split(reason, "; ")
	for i, p := range parts {
		if m, ok := matchImport(lang, p); ok {
			parts[i] = m
			continue
		}
		col, rest, found := strings.Cut(p, ": ")
		if !found {
			parts[i] = translateReason(lang, p)
			continue
		}
		if m, ok := matchImport(lang, rest); ok {
			parts[i] = col + " : " + m
		} else {
			parts[i] = col + " : " + translateReason(lang, rest)
		}
		if lang != "fr" {
			parts[i] = strings.Replace(parts[i], " : ", ": ", 1)
		}
	}
	return strings.Join(parts, " ; ")
}

func matchImport(lang, msg string) (string, bool) {
	for _, d := range importMessages {
		if m := d.re.FindStringSubmatch(msg); m != nil {
			kv := []any{}
			for i, name := range []string{"A", "B", "C"} {
				if i+1 < len(m) {
					v := m[i+1]
					if d.id == "imp_create_customer" && name == "B" {
						v = importReason(lang, v)
					}
					kv = append(kv, name, v)
				}
			}
			return tr(lang, d.id, kv...), true
		}
	}
	return "", false
}
