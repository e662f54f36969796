package ui

import (
	"net/http"
	"strconv"

	"github.com/relance-app/relance/internal/store"
)

type outboxListData struct {
	Rows []outboxRow
	Next int64
}

type outboxRow struct {
	store.OutboxMessage
	Time   string
	Number string // the invoice's number, "" when it no longer exists
}

func (u *UI) outboxList(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	ms, err := u.Store.ListOutbox(r.Context(), s.company.ID, before, pageSize+1)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d := outboxListData{}
	if len(ms) > pageSize {
		ms = ms[:pageSize]
		d.Next = ms[pageSize-1].ID
	}
	var ids []int64
	for _, m := range ms {
		if m.InvoiceID != nil {
			ids = append(ids, *m.InvoiceID)
		}
	}
	numbers, err := u.Store.InvoiceNumbers(r.Context(), s.company.ID, ids)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	loc := s.company.Location()
	for _, m := range ms {
		row := outboxRow{OutboxMessage: m, Time: formatTime(s.user.Language, m.CreatedAt, loc)}
		if m.InvoiceID != nil {
			row.Number = numbers[*m.InvoiceID]
		}
		d.Rows = append(d.Rows, row)
	}
	u.render(w, r, "outbox_list", &view{Title: "outbox_title", Nav: "outbox", D: d})
}
