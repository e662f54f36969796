package report

import (
	"github.com/relance-app/relance/internal/books"
	"github.com/relance-app/relance/internal/i18n"
)

// SkipReason says in lang why the scan skips a step (the planner's
// reasons: stale, superseded by a later step); ok is false for any other
// text.
func SkipReason(lang, reason string) (string, bool) {
	if reason == books.ReasonStale {
		return i18n.T(lang, "reason_stale", nil), true
	}
	if step, ok := books.SupersededBy(reason); ok {
		return i18n.T(lang, "reason_superseded", map[string]any{"A": step}), true
	}
	return "", false
}

// Action is an upcoming item's action in the API: "send" or "skip".
func Action(it books.UpcomingItem) string {
	if it.Send {
		return "send"
	}
	return "skip"
}

// UpcomingTable is the coming reminders, one row per step and day.
func UpcomingTable(items []books.UpcomingItem, customers map[int64]string, lang string) Table {
	t := Table{Name: "upcoming", Header: []string{i18n.T(lang, "col_date", nil), i18n.T(lang, "col_invoice", nil),
		i18n.T(lang, "report_col_customer", nil), i18n.T(lang, "eff_col_step", nil), i18n.T(lang, "upcoming_col_action", nil),
		i18n.T(lang, "upcoming_col_reason", nil)}}
	for _, it := range items {
		action := i18n.T(lang, "upcoming_"+Action(it), nil)
		why := it.Reason
		if s, ok := SkipReason(lang, it.Reason); ok {
			why = s
		}
		t.Rows = append(t.Rows, []string{it.Date.String(), it.Number, customers[it.CustomerID], StepName(it.Step, lang), action, why})
	}
	return t
}

// Customers lists the customers of upcoming items, once each, in the
// order they first appear (for one name lookup).
func Customers(items []books.UpcomingItem) []int64 {
	seen := map[int64]bool{}
	var ids []int64
	for _, it := range items {
		if !seen[it.CustomerID] {
			seen[it.CustomerID] = true
			ids = append(ids, it.CustomerID)
		}
	}
	return ids
}
