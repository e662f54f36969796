package report

import (
	"time"

	"testing"

	"github.com/relance-app/relance/internal/invoice"
)

func TestBucketOfEdges(t *testing.T) {
	for _, c := range []struct{ days, want int }{
		{-5, 0}, {0, 0}, {1, 1}, {30, 1}, {31, 2}, {60, 2}, {61, 3}, {90, 3}, {91, 4}, {400, 4},
	} {
		if got := BucketOf(c.days); got != c.want {
			t.Errorf("BucketOf(%d) = %d, want %d", c.days, got, c.want)
		}
	}
}

func d(y, m, day int) invoice.Date { return invoice.Date{Year: y, Month: time.Month(m), Day: day} }

func TestBuildStatement(t *testing.T) {
	asOf := d(2026, 12, 31)
	invs := []invoice.Invoice{
		{ID: 1, Number: "A-1", Currency: "CAD", IssueDate: d(2026, 12, 1), DueDate: d(2027, 1, 15), Total: 1000, Balance: 1000},
		{ID: 2, Number: "A-2", Currency: "CAD", IssueDate: d(2026, 11, 1), DueDate: d(2026, 12, 1), Total: 2000, Balance: 1500},  // 30 days
		{ID: 3, Number: "A-3", Currency: "CAD", IssueDate: d(2026, 10, 1), DueDate: d(2026, 11, 30), Total: 3000, Balance: 3000}, // 31 days
		{ID: 4, Number: "A-4", Currency: "CAD", IssueDate: d(2026, 9, 1), DueDate: d(2026, 10, 1), Total: 4000, Balance: 4000},   // 91 days
		{ID: 5, Number: "A-5", Currency: "CAD", IssueDate: d(2026, 9, 1), DueDate: d(2026, 10, 2), Total: 500, Balance: 500},     // 90 days
		{ID: 6, Number: "PAID", Currency: "CAD", IssueDate: d(2026, 9, 1), DueDate: d(2026, 10, 1), Total: 9, Balance: 0},
		{ID: 7, Number: "VOID", Currency: "CAD", IssueDate: d(2026, 9, 1), DueDate: d(2026, 10, 1), Total: 9, Balance: 9, Voided: true},
		{ID: 8, Number: "DRAFT", Currency: "CAD", IssueDate: d(2026, 9, 1), DueDate: d(2026, 10, 1), Total: 9, Balance: 9, Draft: true},
		{ID: 9, Number: "LATER", Currency: "CAD", IssueDate: d(2027, 1, 2), DueDate: d(2027, 2, 1), Total: 9, Balance: 9},
		{ID: 10, Number: "E-1", Currency: "EUR", IssueDate: d(2026, 12, 1), DueDate: d(2026, 12, 20), Total: 700, Balance: 700},
	}
	st := BuildStatement(asOf, invs)
	if len(st.Sections) != 2 || st.Sections[0].Currency != "CAD" || st.Sections[1].Currency != "EUR" {
		t.Fatalf("sections = %+v", st.Sections)
	}
	cad := st.Sections[0]
	if want := [Buckets]int64{1000, 1500, 3000, 500, 4000}; cad.Buckets != want {
		t.Errorf("CAD buckets = %v, want %v", cad.Buckets, want)
	}
	if cad.Total != 10000 {
		t.Errorf("CAD total = %d", cad.Total)
	}
	var nums []string
	for _, l := range cad.Lines {
		nums = append(nums, l.Number)
	}
	if got := fmtList(nums); got != "A-4 A-5 A-3 A-2 A-1" {
		t.Errorf("order = %s", got)
	}
	if eur := st.Sections[1]; eur.Total != 700 || eur.Buckets[1] != 700 || eur.Lines[0].DaysOverdue != 11 {
		t.Errorf("EUR = %+v", eur)
	}
	if st.Count() != 6 {
		t.Errorf("count = %d", st.Count())
	}
}

func fmtList(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}
