package ui

import (
	"fmt"
	"net/http"
)

// outboxRaw downloads the message exactly as stored (.eml).
func (u *UI) outboxRaw(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	m, err := u.Store.GetOutbox(r.Context(), current(r).company.ID, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "message/rfc822")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="message-%d.eml"`, id))
	w.Write(m.Raw)
}
