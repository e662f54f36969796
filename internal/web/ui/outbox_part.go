package ui

import (
	"fmt"
	"mime"
	"net/http"
	"strconv"
)

// outboxPart downloads one MIME part (the PDF). It is always an
// attachment, and only a PDF or image keeps its type: nothing from a
// message is ever rendered as a page of this site.
func (u *UI) outboxPart(w http.ResponseWriter, r *http.Request) {
	id, ok := u.idOrFail(w, r)
	if !ok {
		return
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		u.notFound(w, r)
		return
	}
	m, err := u.Store.GetOutbox(r.Context(), current(r).company.ID, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	pm, err := parseMail(m.Raw)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	if n < 0 || n >= len(pm.Parts) {
		u.notFound(w, r)
		return
	}
	p := pm.Parts[n]
	typ := "application/octet-stream"
	switch p.Type {
	case "application/pdf", "image/png", "image/jpeg":
		typ = p.Type
	}
	name := safeFilename(p.Filename)
	if p.Filename == "" {
		name = fmt.Sprintf("part-%d", n)
	}
	w.Header().Set("Content-Type", typ)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Write(p.Data)
}
