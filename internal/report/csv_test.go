package report_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/report"
)

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		"=SUM(A1)": "'=SUM(A1)", "+1": "'+1", "-2": "'-2", "@cmd": "'@cmd", "\tx": "'\tx", "\rx": "'\rx",
		"Côté": "Côté", "": "", "1234.56": "1234.56", "a=b": "a=b",
	} {
		if got := report.Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriteCSVLanguages(t *testing.T) {
	a := report.Aging{AsOf: invoice.Date{Year: 2026, Month: 11, Day: 30}, Currencies: []report.AgingCurrency{{
		Currency:  "CAD",
		Customers: []report.AgingLine{{CustomerID: 1, Name: "=HYPERLINK(\"x\")", Amounts: [5]int64{123456, 0, 0, 0, 1}, Total: 123457}},
		Totals:    report.AgingLine{Amounts: [5]int64{123456, 0, 0, 0, 1}, Total: 123457},
	}}}
	for _, tc := range []struct {
		lang   string
		sep    rune
		header string
		amount string
	}{{"en", ',', "Customer", "1234.56"}, {"fr", ';', "Client", "1234,56"}} {
		var b bytes.Buffer
		if err := report.WriteCSV(&b, tc.lang, report.AgingTable(a, tc.lang)); err != nil {
			t.Fatal(err)
		}
		raw := b.String()
		if !strings.HasPrefix(raw, "\ufeff") {
			t.Errorf("%s: no byte-order mark", tc.lang)
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(raw, "\ufeff")))
		r.Comma = tc.sep
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v\n%s", tc.lang, err, raw)
		}
		if len(rows) != 3 || rows[0][1] != tc.header || rows[1][0] != "CAD" || rows[1][2] != tc.amount {
			t.Errorf("%s: rows %q", tc.lang, rows)
		}
		if rows[1][1] != "'=HYPERLINK(\"x\")" {
			t.Errorf("%s: formula cell not neutralised: %q", tc.lang, rows[1][1])
		}
	}
}
