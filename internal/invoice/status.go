package invoice

// StatusCode is the derived state shown in the invoice list.
type StatusCode string

const (
	StatusDraft         StatusCode = "draft"
	StatusVoided        StatusCode = "voided"
	StatusPaid          StatusCode = "paid"
	StatusOverdue       StatusCode = "overdue"
	StatusDueToday      StatusCode = "due_today"
	StatusPartiallyPaid StatusCode = "partially_paid"
	StatusDue           StatusCode = "due"
)

// Status is a status code with its day count: days until due for "due",
// days past due for "overdue", days until due (negative once past) for
// "partially_paid".
type Status struct {
	Code StatusCode `json:"code"`
	Days int        `json:"days"`
}

// StatusOf derives the status of an invoice on the company-local day today.
// Precedence: voided, draft, paid, overdue (even partially paid: lateness is
// what the bookkeeper acts on), partially paid, due today, due in N days.
func StatusOf(inv *Invoice, today Date) Status {
	switch {
	case inv.Voided:
		return Status{Code: StatusVoided}
	case inv.Draft:
		return Status{Code: StatusDraft}
	case inv.Balance <= 0:
		return Status{Code: StatusPaid}
	}
	until := inv.DueDate.DaysSince(today)
	switch {
	case until < 0:
		return Status{Code: StatusOverdue, Days: -until}
	case inv.Paid > 0:
		return Status{Code: StatusPartiallyPaid, Days: until}
	case until == 0:
		return Status{Code: StatusDueToday}
	}
	return Status{Code: StatusDue, Days: until}
}

// ValidStatusFilter reports whether s names a status usable as a list filter.
func ValidStatusFilter(s StatusCode) bool {
	switch s {
	case StatusDraft, StatusVoided, StatusPaid, StatusOverdue, StatusDueToday, StatusPartiallyPaid, StatusDue:
		return true
	}
	return false
}
