package pdf

import (
	"github.com/relance-app/relance/internal/pdf/pdftest"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/report"
)

func sd(y, m, d int) invoice.Date { return invoice.Date{Year: y, Month: time.Month(m), Day: d} }

// statementFixture: three open CAD invoices in buckets current, 31–60 and
// over 90, one paid invoice left out; total due 6 000,00 $.
func statementFixture(lang string) StatementDoc {
	co := &invoice.Company{Name: "Ébénisterie Lévesque", Email: "facturation@levesque.test", Currency: "CAD", BrandColor: "#0b6e4f"}
	cu := &invoice.Customer{ID: 7, DisplayName: "Élodie Côté", CompanyName: "Café Crème inc.", Email: "elodie@cote.test"}
	invs := []invoice.Invoice{
		{Number: "F-100", Currency: "CAD", IssueDate: sd(2026, 12, 1), DueDate: sd(2027, 1, 10), Total: 100000, Balance: 100000},
		{Number: "F-090", Currency: "CAD", IssueDate: sd(2026, 10, 1), DueDate: sd(2026, 11, 20), Total: 250000, Balance: 200000},
		{Number: "F-050", Currency: "CAD", IssueDate: sd(2026, 7, 1), DueDate: sd(2026, 8, 1), Total: 300000, Balance: 300000},
		{Number: "F-PAID", Currency: "CAD", IssueDate: sd(2026, 7, 1), DueDate: sd(2026, 8, 1), Total: 5000, Balance: 0},
	}
	return StatementDoc{Company: co, Customer: cu, Lang: lang, Statement: report.BuildStatement(sd(2026, 12, 31), invs)}
}

func TestRenderStatementEnglish(t *testing.T) {
	out, err := RenderStatement(statementFixture("en"))
	if err != nil {
		t.Fatal(err)
	}
	got := pdftest.Words(t, out)
	for _, want := range []string{
		"STATEMENT", "Statement date", "December 31, 2026", "Élodie Côté",
		"F-050", "F-090", "F-100", "Current", "1–30 days", "31–60 days", "61–90 days", "Over 90 days",
		"Total due", "$6,000.00", "$3,000.00", "$2,000.00", "$1,000.00", "$2,500.00",
		"152", // F-050's days overdue
	} {
		if !strings.Contains(got, want) {
			t.Errorf("statement lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "F-PAID") {
		t.Errorf("a paid invoice is on the statement")
	}
	// The buckets line reads in order: current, 1–30 (0), 31–60, 61–90 (0), over 90, total.
	if !strings.Contains(got, "$1,000.00 $0.00 $2,000.00 $0.00 $3,000.00 $6,000.00") {
		t.Errorf("aging line not found in order:\n%s", got)
	}
}

func TestRenderStatementFrench(t *testing.T) {
	out, err := RenderStatement(statementFixture("fr"))
	if err != nil {
		t.Fatal(err)
	}
	got := pdftest.Words(t, out)
	for _, want := range []string{
		"RELEVÉ DE COMPTE", "Date du relevé", "31 décembre 2026", "Courant", "1 à 30 jours",
		"Plus de 90 jours", "Total dû", "Jours de retard",
		"1 000,00 $ 0,00 $ 2 000,00 $ 0,00 $ 3 000,00 $ 6 000,00 $",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("relevé lacks %q:\n%s", want, got)
		}
	}
}

func TestRenderStatementNothingDue(t *testing.T) {
	d := statementFixture("en")
	d.Statement = report.BuildStatement(sd(2026, 12, 31), nil)
	out, err := RenderStatement(d)
	if err != nil {
		t.Fatal(err)
	}
	if got := pdftest.Words(t, out); !strings.Contains(got, "Nothing is due") {
		t.Errorf("empty statement: %s", got)
	}
}

func BenchmarkRenderStatement(b *testing.B) {
	d := statementFixture("fr")
	for b.Loop() {
		if _, err := RenderStatement(d); err != nil {
			b.Fatal(err)
		}
	}
}
