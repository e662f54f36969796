package i18n

import "github.com/relance-app/relance/internal/invoice"

// StatusLabel is an invoice status as shown in lang, with its CSS class
// (the signed-in pages and the customer's page share it).
func StatusLabel(lang string, st invoice.Status) (text, class string) {
	switch st.Code {
	case invoice.StatusDraft:
		return T(lang, "status_draft", nil), "muted"
	case invoice.StatusVoided:
		return T(lang, "status_voided", nil), "muted"
	case invoice.StatusPaid:
		return T(lang, "status_paid", nil), "ok"
	case invoice.StatusOverdue:
		return T(lang, "status_overdue", map[string]any{"Count": st.Days}), "late"
	case invoice.StatusPartiallyPaid:
		return T(lang, "status_partially_paid", nil), "part"
	case invoice.StatusDueToday:
		return T(lang, "status_due_today", nil), "soon"
	}
	return T(lang, "status_due_in", map[string]any{"Count": st.Days}), "due"
}
