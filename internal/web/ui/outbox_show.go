package ui

import (
	"net/http"

	rmail "github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/store"
)

type outboxShowData struct {
	Msg  *store.OutboxMessage
	Mail *rmail.Parsed
	Time string
	// Number is the invoice's number, when the invoice still exists.
	Number string
}

// outboxShow shows a stored message as it will look: its headers, the HTML
// part in a sandboxed frame (no scripts, no same-origin access), the text
// part, and its attachments.
func (u *UI) outboxShow(w http.ResponseWriter, r *http.Request) {
	s := current(r)
	m, ok := u.outboxOrFail(w, r)
	if !ok {
		return
	}
	pm, err := parseMail(m.Raw)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d := outboxShowData{Msg: m, Mail: pm, Time: formatTime(s.user.Language, m.CreatedAt, s.company.Location())}
	if m.InvoiceID != nil {
		if inv, err := u.Store.GetInvoice(r.Context(), s.company.ID, *m.InvoiceID); err == nil {
			d.Number = inv.Number
		}
	}
	u.render(w, r, "outbox_show", &view{Title: "outbox_message_title", Nav: "outbox", D: d})
}
