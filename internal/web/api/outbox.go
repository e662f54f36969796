package api

import (
	"net/http"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
)

func (a *API) outboxList(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	limit, cursor, ok := page(w, r)
	if !ok {
		return
	}
	ms, err := a.store.ListOutbox(r.Context(), co.ID, cursor, fetchLimit(limit))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var out list[store.OutboxMessage]
	out.Items, out.NextCursor = trimPage(ms, limit, func(m store.OutboxMessage) int64 { return m.ID })
	if out.Items == nil {
		out.Items = []store.OutboxMessage{}
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *API) outboxGet(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	id, ok := pathID(w, r, "outbox message")
	if !ok {
		return
	}
	m, err := a.store.GetOutbox(r.Context(), co.ID, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, m)
}

func (a *API) outboxRaw(w http.ResponseWriter, r *http.Request, co *invoice.Company) {
	id, ok := pathID(w, r, "outbox message")
	if !ok {
		return
	}
	m, err := a.store.GetOutbox(r.Context(), co.ID, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "message/rfc822")
	w.Header().Set("Content-Disposition", `attachment; filename="message.eml"`)
	w.Write(m.Raw)
}
