package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/webhook"
)

// webhookJSON is an endpoint as the API shows it; the secret only once,
// in the answer to its creation.
type webhookJSON struct {
	ID        int64     `json:"id"`
	URL       string    `json:"url"`
	Events    []string  `json:"events"`
	Secret    string    `json:"secret,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

func toWebhookJSON(w *store.WebhookEndpoint) webhookJSON {
	return webhookJSON{ID: w.ID, URL: w.URL, Events: w.EventTypes(), CreatedAt: w.CreatedAt}
}

func (a *API) webhookList(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	eps, err := a.store.Webhooks(r.Context(), co.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := list[webhookJSON]{Items: []webhookJSON{}}
	for i := range eps {
		out.Items = append(out.Items, toWebhookJSON(&eps[i]))
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *API) webhookCreate(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	var in struct {
		URL    string   `json:"url"`
		Events []string `json:"events"`
	}
	if !decode(w, r, &in) {
		return
	}
	in.URL = strings.TrimSpace(in.URL)
	if err := webhook.Validate(in.URL, in.Events, a.allowPrivateWebhooks); err != nil {
		a.fail(w, r, err)
		return
	}
	ep := &store.WebhookEndpoint{CompanyID: co.ID, URL: in.URL, Events: strings.Join(in.Events, ","), Secret: webhook.NewSecret()}
	if err := a.store.CreateWebhook(r.Context(), ep); err != nil {
		a.fail(w, r, err)
		return
	}
	out := toWebhookJSON(ep)
	out.Secret = ep.Secret
	w.Header().Set("Location", "/api/v1/webhooks/"+strconv.FormatInt(ep.ID, 10))
	writeJSON(w, http.StatusCreated, out)
}

func (a *API) webhookDelete(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	id, ok := pathID(w, r, "webhook")
	if !ok {
		return
	}
	if err := a.store.DeleteWebhook(r.Context(), co.ID, id); err != nil {
		a.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// webhookDeliveries is the endpoint's delivery log, newest first, each
// with its attempts and their response codes.
func (a *API) webhookDeliveries(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	id, ok := pathID(w, r, "webhook")
	if !ok {
		return
	}
	limit, _, ok := page(w, r)
	if !ok {
		return
	}
	log, err := a.store.WebhookLog(r.Context(), co.ID, id, limit)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	type delivery struct {
		store.WebhookLogEntry
		Log []store.WebhookAttempt `json:"attempts_log"`
	}
	out := list[delivery]{Items: []delivery{}}
	for _, e := range log {
		at, err := a.store.WebhookAttempts(r.Context(), co.ID, e.ID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if at == nil {
			at = []store.WebhookAttempt{}
		}
		out.Items = append(out.Items, delivery{e, at})
	}
	writeJSON(w, http.StatusOK, out)
}
