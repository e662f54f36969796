package report

import (
	"sort"

	"github.com/relance-app/relance/internal/invoice"
)

// StatementLine is one open invoice on a customer's statement.
type StatementLine struct {
	InvoiceID   int64
	Number      string
	IssueDate   invoice.Date
	DueDate     invoice.Date
	Total       int64 // minor units
	Balance     int64 // minor units, what is still owed
	DaysOverdue int   // 0 when not yet due
	Bucket      int   // index into BucketKeys
}

// StatementSection is one currency of a statement: amounts of two
// currencies are never added.
type StatementSection struct {
	Currency string
	Lines    []StatementLine
	Buckets  [Buckets]int64
	Total    int64
}

// Statement is what a customer owes as of a day.
type Statement struct {
	AsOf     invoice.Date
	Sections []StatementSection // by currency code
}

// Count is the number of open invoices on the statement.
func (s Statement) Count() int {
	n := 0
	for _, sec := range s.Sections {
		n += len(sec.Lines)
	}
	return n
}

// BuildStatement keeps the invoices open on asOf (issued on or before it,
// not voided, not draft, balance above zero), ages them on asOf and sums
// them per currency and bucket. Lines are ordered by due date, then number.
func BuildStatement(asOf invoice.Date, invoices []invoice.Invoice) Statement {
	by := map[string]*StatementSection{}
	for _, inv := range invoices {
		if inv.Voided || inv.Draft || inv.Balance <= 0 || inv.IssueDate.After(asOf) {
			continue
		}
		days := max(asOf.DaysSince(inv.DueDate), 0)
		ln := StatementLine{InvoiceID: inv.ID, Number: inv.Number, IssueDate: inv.IssueDate, DueDate: inv.DueDate,
			Total: inv.Total, Balance: inv.Balance, DaysOverdue: days, Bucket: BucketOf(days)}
		sec := by[inv.Currency]
		if sec == nil {
			sec = &StatementSection{Currency: inv.Currency}
			by[inv.Currency] = sec
		}
		sec.Lines = append(sec.Lines, ln)
		sec.Buckets[ln.Bucket] += ln.Balance
		sec.Total += ln.Balance
	}
	st := Statement{AsOf: asOf}
	for _, sec := range by {
		sort.Slice(sec.Lines, func(i, j int) bool {
			a, b := sec.Lines[i], sec.Lines[j]
			if c := a.DueDate.Compare(b.DueDate); c != 0 {
				return c < 0
			}
			return a.Number < b.Number
		})
		st.Sections = append(st.Sections, *sec)
	}
	sort.Slice(st.Sections, func(i, j int) bool { return st.Sections[i].Currency < st.Sections[j].Currency })
	return st
}
