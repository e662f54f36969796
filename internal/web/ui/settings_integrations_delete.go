package ui

import "net/http"

// settingsIntegrationsDelete removes a webhook endpoint.
func (u *UI) settingsIntegrationsDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	if err := u.Store.DeleteWebhook(r.Context(), current(r).company.ID, id); err != nil {
		u.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/settings/integrations?done=deleted", http.StatusSeeOther)
}
