package reminder

import (
	"encoding/json"
	"slices"

	"github.com/relance-app/relance/internal/invoice"
)

// The cases of a hand-sent reminder: its wording fits the invoice on the
// day it is sent.
const (
	ManualDueSoon  = "due_soon"
	ManualDueToday = "due_today"
	ManualOverdue  = "overdue"
)

// ManualCases lists the cases in the order the settings page shows them.
var ManualCases = []string{ManualDueSoon, ManualDueToday, ManualOverdue}

// ManualCase is the case of an invoice due on due, seen on today (the
// company's local day).
func ManualCase(due, today invoice.Date) string {
	switch d := due.DaysSince(today); {
	case d > 0:
		return ManualDueSoon
	case d == 0:
		return ManualDueToday
	}
	return ManualOverdue
}

// ManualTemplates are the hand-sent reminder's templates by case, then
// language.
type ManualTemplates map[string]map[string]Template

// UnmarshalJSON reads the current form, and drops the older one (one
// template per language, never editable: Normalize puts the defaults in
// its place).
func (m *ManualTemplates) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	out := ManualTemplates{}
	for k, v := range raw {
		if slices.Contains(Languages, k) {
			continue // the older form
		}
		var byLang map[string]Template
		if err := json.Unmarshal(v, &byLang); err != nil {
			return err
		}
		out[k] = byLang
	}
	*m = out
	return nil
}
