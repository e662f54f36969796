package api

import (
	"net/http"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
)

type manualInput struct {
	Subject string `json:"subject"`
	Message string `json:"message"`
}

func (a *API) reminderCreate(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	id, ok := pathID(w, r, "invoice")
	if !ok {
		return
	}
	var in manualInput
	if !decodeOptional(w, r, &in) {
		return
	}
	rem, err := a.engine.SendManual(r.Context(), co.ID, id, in.Subject, in.Message)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusAccepted, rem)
}

func (a *API) reminderList(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	id, ok := pathID(w, r, "invoice")
	if !ok {
		return
	}
	rs, err := a.store.Reminders(r.Context(), co.ID, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if rs == nil {
		rs = []reminder.Reminder{}
	}
	writeJSON(w, http.StatusOK, list[reminder.Reminder]{Items: rs})
}
