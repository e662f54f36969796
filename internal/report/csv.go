package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/reminder"
)

// Table is a report as rows of text, for CSV; its numbers are plain
// decimals in the language's convention (CSVDecimal).
type Table struct {
	Name   string // file name without extension
	Header []string
	Rows   [][]string
}

// bom makes Excel read the file as UTF-8 (accents in French names).
const bom = "\ufeff"

// Separator is the CSV field separator for a language: French spreadsheets
// use the decimal comma, so their lists are separated by semicolons.
func Separator(lang string) rune {
	if i18n.Lang(lang) == "fr" {
		return ';'
	}
	return ','
}

// CSVDecimal writes a plain decimal ("1234.56") with the language's decimal
// mark ("1234,56" in French).
func CSVDecimal(s, lang string) string {
	if i18n.Lang(lang) == "fr" {
		return strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Neutralise keeps a spreadsheet from reading a cell as a formula: a cell
// that begins with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe.
func Neutralise(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// WriteCSV writes t for spreadsheets in lang: UTF-8 with a byte-order mark,
// the language's separator, every cell neutralised. It is the one CSV
// writer of the reports.
func WriteCSV(w io.Writer, lang string, t Table) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return fmt.Errorf("report: csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.Comma = Separator(lang)
	cw.UseCRLF = true
	write := func(row []string) error {
		out := make([]string, len(row))
		for i, c := range row {
			out[i] = Neutralise(c)
		}
		return cw.Write(out)
	}
	if err := write(t.Header); err != nil {
		return fmt.Errorf("report: csv: %w", err)
	}
	for _, r := range t.Rows {
		if err := write(r); err != nil {
			return fmt.Errorf("report: csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("report: csv: %w", err)
	}
	return nil
}

func amount(minor int64, cur, lang string) string {
	return CSVDecimal(money.FormatAmount(minor, cur), lang)
}

// AgingTable is the aging as a table: a row per customer and a total row
// per currency.
func AgingTable(a Aging, lang string) Table {
	t := Table{Name: "aging-" + a.AsOf.String(), Header: []string{i18n.T(lang, "report_col_currency", nil), i18n.T(lang, "report_col_customer", nil)}}
	for _, k := range BucketKeys {
		t.Header = append(t.Header, i18n.T(lang, "aging_"+k, nil))
	}
	t.Header = append(t.Header, i18n.T(lang, "report_col_total", nil))
	line := func(cur, name string, l AgingLine) []string {
		row := []string{cur, name}
		for _, v := range l.Amounts {
			row = append(row, amount(v, cur, lang))
		}
		return append(row, amount(l.Total, cur, lang))
	}
	for _, c := range a.Currencies {
		for _, l := range c.Customers {
			t.Rows = append(t.Rows, line(c.Currency, l.Name, l))
		}
		t.Rows = append(t.Rows, line(c.Currency, i18n.T(lang, "report_col_total", nil), c.Totals))
	}
	return t
}

// DSOTable is the DSO per month of one currency.
func DSOTable(currency string, ms []DSOMonth, lang string) Table {
	t := Table{Name: "dso-" + currency, Header: []string{i18n.T(lang, "report_col_month", nil), i18n.T(lang, "report_col_currency", nil),
		i18n.T(lang, "dso_col_open", nil), i18n.T(lang, "dso_col_invoiced", nil), i18n.T(lang, "dso_col_dso", nil)}}
	for _, m := range ms {
		t.Rows = append(t.Rows, []string{m.Month, currency, amount(m.Open, currency, lang), amount(m.Invoiced, currency, lang),
			CSVDecimal(m.String(), lang)})
	}
	return t
}

// StepName is a step's label: "Reminder 2", "Manual".
func StepName(step int, lang string) string {
	if step == reminder.StepManual {
		return i18n.T(lang, "step_manual", nil)
	}
	return i18n.T(lang, "step_n", map[string]any{"Step": step})
}

// EffectivenessTable is the effectiveness per step.
func EffectivenessTable(from, to string, ss []StepStats, lang string) Table {
	t := Table{Name: "reminders-" + from + "-" + to, Header: []string{i18n.T(lang, "eff_col_step", nil), i18n.T(lang, "eff_col_sent", nil),
		i18n.T(lang, "eff_col_within7", nil), i18n.T(lang, "eff_col_within14", nil), i18n.T(lang, "eff_col_median", nil)}}
	for _, s := range ss {
		t.Rows = append(t.Rows, []string{StepName(s.Step, lang), fmt.Sprint(s.Sent), fmt.Sprint(s.Within7), fmt.Sprint(s.Within14),
			CSVDecimal(s.Median(), lang)})
	}
	return t
}

// ServeCSV answers t as a CSV download named after the table.
func ServeCSV(w http.ResponseWriter, lang string, t Table) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+safeName(t.Name)+`.csv"`)
	return WriteCSV(w, lang, t)
}

// safeName keeps letters, digits, '-' and '_' of a file name (no quote, no
// CR/LF can reach the header).
func safeName(s string) string {
	b := []byte(s)
	out := b[:0]
	for _, c := range b {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return "report"
	}
	return string(out)
}
