package ui

import (
	"net/http"
	"strings"

	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/webhook"
)

// settingsIntegrationsCreate adds a webhook endpoint and shows its secret
// once, on the page it answers with.
func (u *UI) settingsIntegrationsCreate(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	url := strings.TrimSpace(r.FormValue("url"))
	events := r.Form["events"]
	d := integrationsData{URL: url, Chosen: events}
	if err := webhook.Validate(url, events, u.AllowPrivateWebhooks); err != nil {
		errs, ok := fieldErrors(s.user.Language, err)
		if !ok {
			u.fail(w, r, err)
			return
		}
		u.renderIntegrations(w, r, d, errs, http.StatusUnprocessableEntity)
		return
	}
	ep := &store.WebhookEndpoint{CompanyID: s.company.ID, URL: url, Events: strings.Join(events, ","), Secret: webhook.NewSecret()}
	if err := u.Store.CreateWebhook(r.Context(), ep); err != nil {
		u.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	u.renderIntegrations(w, r, integrationsData{Chosen: store.EventTypes, NewSecret: ep.Secret, NewID: ep.ID}, nil, 0)
}
