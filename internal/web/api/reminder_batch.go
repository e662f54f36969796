package api

import (
	"net/http"

	"github.com/relance-app/relance/internal/invoice"
)

type batchInput struct {
	InvoiceIDs []int64 `json:"invoice_ids"`
	Subject    string  `json:"subject"`
	Message    string  `json:"message"`
}

// reminderBatch: POST /api/v1/reminders/batch — one manual reminder per
// named invoice; 202 with each invoice's outcome.
func (a *API) reminderBatch(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	var in batchInput
	if !decode(w, r, &in) {
		return
	}
	res, err := a.engine.SendBatch(r.Context(), co.ID, in.InvoiceIDs, in.Subject, in.Message)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]any{"results": res})
}
