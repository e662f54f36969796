package invoice

import (
	"strings"
	"unicode/utf8"
)

// MaxPromiseDays is how far ahead a customer may promise to pay.
const MaxPromiseDays = 60

// MaxDisputeMessage bounds a customer's question or dispute.
const MaxDisputeMessage = 2000

// CheckPromiseDate accepts a promise to pay from tomorrow to MaxPromiseDays
// ahead of today (the company-local day).
func CheckPromiseDate(d, today Date) error {
	f := FieldErrors{}
	switch {
	case d.IsZero():
		f.Add("date", "is required")
	case !d.After(today):
		f.Add("date", "must be tomorrow or later")
	case d.DaysSince(today) > MaxPromiseDays:
		f.Add("date", "must be at most %d days ahead", MaxPromiseDays)
	}
	return f.Err()
}

// CleanDisputeMessage trims a customer's message and checks it is 1 to
// MaxDisputeMessage characters of valid text.
func CleanDisputeMessage(m string) (string, error) {
	m = strings.TrimSpace(strings.ReplaceAll(m, "\r\n", "\n"))
	f := FieldErrors{}
	switch {
	case m == "":
		f.Add("message", "is required")
	case !utf8.ValidString(m):
		f.Add("message", "is not valid UTF-8")
	case utf8.RuneCountInString(m) > MaxDisputeMessage:
		f.Add("message", "is longer than %d characters", MaxDisputeMessage)
	}
	return m, f.Err()
}

// Open reports whether the customer can still act on an invoice: not a
// draft, not voided, something left to pay.
func (inv *Invoice) Open() bool { return !inv.Draft && !inv.Voided && inv.Balance > 0 }

// Activity is what the customer last did or what was last sent, for the
// list beside the status: disputed, promised (or promise_broken once the
// date has passed unpaid), viewed, sent; "" for none.
type Activity struct {
	Code string `json:"code"`
	Date Date   `json:"date,omitzero"` // the promised date
}

// ActivityOf derives an invoice's activity on the company-local day today.
func ActivityOf(inv *Invoice, today Date) Activity {
	switch {
	case inv.Disputed && !inv.Voided:
		return Activity{Code: "disputed"}
	case !inv.PromisedDate.IsZero() && inv.Open() && inv.PromisedDate.Before(today):
		return Activity{Code: "promise_broken", Date: inv.PromisedDate}
	case !inv.PromisedDate.IsZero() && inv.Open():
		return Activity{Code: "promised", Date: inv.PromisedDate}
	case inv.ViewedAt != nil:
		return Activity{Code: "viewed"}
	case inv.SentAt != nil:
		return Activity{Code: "sent"}
	}
	return Activity{}
}
