package api

import (
	"net/http"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
)

func (a *API) settingsGet(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	st, err := a.store.ReminderSettings(r.Context(), co.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

func (a *API) settingsPut(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	var st reminder.Settings
	if !decode(w, r, &st) {
		return
	}
	if st.Timezone == "" {
		st.Timezone = co.Timezone
	}
	if err := a.books.PutReminderSettings(r.Context(), co.ID, &st); err != nil {
		a.fail(w, r, err)
		return
	}
	a.settingsGet(w, r, co)
}

type previewInput struct {
	InvoiceID int64             `json:"invoice_id"`
	Language  string            `json:"language"`
	Template  reminder.Template `json:"template"`
}

func (a *API) settingsPreview(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	var in previewInput
	if !decode(w, r, &in) {
		return
	}
	if in.InvoiceID <= 0 {
		a.fail(w, r, invoice.FieldErrors{"invoice_id": "is required"}.Err())
		return
	}
	if in.Language == "" {
		in.Language = co.Language
	}
	p, err := a.engine.Preview(r.Context(), co.ID, in.InvoiceID, in.Template, in.Language)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}
