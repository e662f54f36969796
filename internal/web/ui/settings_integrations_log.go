package ui

import (
	"net/http"

	"github.com/relance-app/relance/internal/store"
)

type webhookLogData struct {
	Hook *store.WebhookEndpoint
	Rows []webhookLogRow
}

type webhookLogRow struct {
	store.WebhookLogEntry
	Time, Next string
	Log        []webhookAttemptRow
}

type webhookAttemptRow struct {
	store.WebhookAttempt
	Time string
}

// settingsIntegrationsLog is one endpoint's delivery log: each event, its
// state, and every attempt with the response code.
func (u *UI) settingsIntegrationsLog(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	id, err := pathID(r, "id")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	hook, err := u.Store.GetWebhook(r.Context(), s.company.ID, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	log, err := u.Store.WebhookLog(r.Context(), s.company.ID, id, 100)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	lang, loc := s.user.Language, s.company.Location()
	d := webhookLogData{Hook: hook}
	for _, e := range log {
		row := webhookLogRow{WebhookLogEntry: e, Time: formatTime(lang, e.CreatedAt, loc)}
		if e.NextAttempt != nil {
			row.Next = formatTime(lang, *e.NextAttempt, loc)
		}
		at, err := u.Store.WebhookAttempts(r.Context(), s.company.ID, e.ID)
		if err != nil {
			u.fail(w, r, err)
			return
		}
		for _, a := range at {
			row.Log = append(row.Log, webhookAttemptRow{WebhookAttempt: a, Time: formatTime(lang, a.At, loc)})
		}
		d.Rows = append(d.Rows, row)
	}
	u.render(w, r, "settings_webhook_log", &view{Title: "settings_webhook_log_title", Nav: "settings", D: d})
}
