package api

import (
	"net/http"

	"github.com/relance-app/relance/internal/invoice"
)

// customerStatementSend: POST /api/v1/customers/{id}/statement — the
// statement emailed to the customer; 202 with the rows queued (one per
// open invoice, one Message-ID); 409 when nothing is open.
func (a *API) customerStatementSend(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	id, ok := pathID(w, r, "customer")
	if !ok {
		return
	}
	rs, err := a.engine.SendStatement(r.Context(), co.ID, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]any{"message_id": rs[0].MessageID, "reminders": rs})
}
