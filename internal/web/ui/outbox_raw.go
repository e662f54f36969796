package ui

import (
	"fmt"
	"net/http"
)

// outboxRaw downloads the message exactly as stored (.eml).
func (u *UI) outboxRaw(w http.ResponseWriter, r *http.Request) {
	m, ok := u.outboxOrFail(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "message/rfc822")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="message-%d.eml"`, m.ID))
	w.Write(m.Raw)
}
