// Package importer reads customers and invoices from CSV files exported by
// spreadsheets and accounting software (QuickBooks Online layout, French or
// English headers) and stores the good rows, reporting each bad one by its
// line in the file. Imports are idempotent: customers are matched on display
// name or email, invoices on number, so a re-run adds nothing.
package importer

import (
	"fmt"
	"slices"
)

// Options tune an import.
type Options struct {
	// DateFormat is how dates other than YYYY-MM-DD are written:
	// "MM/DD/YYYY" or "DD/MM/YYYY". YYYY-MM-DD is always accepted, since it
	// cannot be misread; empty means YYYY-MM-DD only.
	DateFormat string
	// CreateCustomers creates the customer of an invoice when no customer
	// has its display name; otherwise such rows are refused.
	CreateCustomers bool
	// Progress, when set, is called as work is done: done out of total
	// rows (customers) or invoices (invoices).
	Progress func(done, total int)
	// Actor is who imports (a user's email, "CLI"): payments record it.
	Actor string
}

// Date formats accepted in Options.DateFormat.
const (
	DateISO = "YYYY-MM-DD"
	DateMDY = "MM/DD/YYYY"
	DateDMY = "DD/MM/YYYY"
)

func (o Options) check() error {
	switch o.DateFormat {
	case "", DateISO, DateMDY, DateDMY:
		return nil
	}
	return fmt.Errorf("importer: date format %q: want %s, %s or %s", o.DateFormat, DateISO, DateMDY, DateDMY)
}

func (o Options) progress(done, total int) {
	if o.Progress != nil {
		o.Progress(done, total)
	}
}

// Report is what an import did. Created and Unchanged count customers or
// invoices (not rows); Errors lists every row that was not imported.
type Report struct {
	Created   int
	Unchanged int
	// Reconciled counts payments an invoice file's open-balance column
	// recorded ("imported balance").
	Reconciled int
	Errors     []RowError
	// IgnoredColumns are header cells that match no known column, so that
	// the user can see that, say, "Montant TTC" was not read.
	IgnoredColumns []string
	// IgnoredMore counts the ignored header cells beyond the first
	// MaxIgnoredListed, which alone are named.
	IgnoredMore int
}

// RowError is a row that was not imported: its physical line in the file
// (the header is line 1) and why.
type RowError struct {
	Line   int
	Reason string
}

func (e RowError) String() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

func (r *Report) addError(line int, format string, args ...any) {
	r.Errors = append(r.Errors, RowError{Line: line, Reason: fmt.Sprintf(format, args...)})
}

func (r *Report) sortErrors() {
	slices.SortStableFunc(r.Errors, func(a, b RowError) int { return a.Line - b.Line })
}
