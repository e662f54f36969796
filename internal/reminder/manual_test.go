package reminder

import (
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/invoice"
)

// TestCheckManual: a manual reminder's wording has the templates' limits,
// counted in characters; empty means step 1's wording.
func TestCheckManual(t *testing.T) {
	t.Parallel()
	ok := []struct{ subject, message string }{
		{"", ""},
		{strings.Repeat("é", MaxSubjectLen), strings.Repeat("é", MaxMessageLen)},
		{"Facture {{invoice_number}}", "Bonjour,\n\nÉchéance : {{due_date}}."},
	}
	for _, c := range ok {
		if err := CheckManual(c.subject, c.message); err != nil {
			t.Errorf("CheckManual(%.20q, %.20q) = %v, want nil", c.subject, c.message, err)
		}
	}
	bad := []struct{ subject, message, field string }{
		{strings.Repeat("x", MaxSubjectLen+1), "", "subject"},
		{"", strings.Repeat("x", MaxMessageLen+1), "message"},
		{"a\r\nBcc: x@example.com", "", "subject"},
		{"a\nb", "", "subject"},
		{"\xff", "", "subject"},
		{"", "\xff", "message"},
		{"{{nope}}", "", "subject"},
		{"", "{{due_dat}}", "message"},
	}
	for _, c := range bad {
		err := CheckManual(c.subject, c.message)
		e, ok := err.(*invoice.Error)
		if !ok || e.Code != invoice.EInvalid || e.Fields[c.field] == "" || len(e.Fields) != 1 {
			t.Errorf("CheckManual(%.20q, %.20q) = %v, want a refusal of %s only", c.subject, c.message, err, c.field)
		}
	}
}
