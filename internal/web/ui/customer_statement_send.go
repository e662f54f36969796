package ui

import (
	"fmt"
	"net/http"

	"github.com/relance-app/relance/internal/invoice"
)

// customerStatementSend: POST /customers/{id}/statement — "Send statement":
// the statement email (open invoices, the statement PDF) queued for the
// customer; nothing open says so instead.
func (u *UI) customerStatementSend(w http.ResponseWriter, r *http.Request) {
	c, ok := u.customerOrFail(w, r)
	if !ok {
		return
	}
	done := "statement_sent"
	if _, err := u.Reminders.SendStatement(r.Context(), c.CompanyID, c.ID); err != nil {
		if invoice.ErrorCode(err) != invoice.EConflict {
			u.fail(w, r, err)
			return
		}
		done = "statement_none"
	}
	http.Redirect(w, r, fmt.Sprintf("/customers/%d?done=%s", c.ID, done), http.StatusSeeOther)
}
