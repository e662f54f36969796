package ui

import (
	"net/http"
	"slices"

	"github.com/relance-app/relance/internal/store"
)

type integrationsData struct {
	Hooks     []store.WebhookEndpoint
	Events    []string // every event type, for the checkboxes
	URL       string   // the form's values after an error
	Chosen    []string
	NewSecret string // shown once, right after creation
	NewID     int64
}

func (d integrationsData) IsChosen(e string) bool { return slices.Contains(d.Chosen, e) }

// settingsIntegrations is Settings → Integrations: the company's webhook
// endpoints and the form to add one.
func (u *UI) settingsIntegrations(w http.ResponseWriter, r *http.Request) {
	u.renderIntegrations(w, r, integrationsData{Chosen: store.EventTypes}, nil, 0)
}

func (u *UI) renderIntegrations(w http.ResponseWriter, r *http.Request, d integrationsData, errs map[string]string, status int) {
	hooks, err := u.Store.Webhooks(r.Context(), current(r).company.ID)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d.Hooks, d.Events = hooks, store.EventTypes
	v := &view{Title: "settings_integrations_title", Nav: "settings", Errors: errs, D: d}
	switch {
	case d.NewSecret != "":
		v.Flash = "flash_webhook_created"
	case r.URL.Query().Get("done") == "deleted":
		v.Flash = "flash_webhook_deleted"
	}
	if len(errs) > 0 {
		v.FormError = tr(current(r).user.Language, "form_has_errors")
	}
	if status != 0 {
		w.WriteHeader(status)
	}
	u.render(w, r, "settings_integrations", v)
}
