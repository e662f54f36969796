package ui

import (
	"encoding/base64"
	"strings"

	rmail "github.com/relance-app/relance/internal/mail"
)

// parseMail takes an outbox message apart for display (rmail.Parse), with
// the HTML part's cid: images inlined.
func parseMail(raw []byte) (*rmail.Parsed, error) {
	pm, err := rmail.Parse(raw)
	if err != nil {
		return nil, err
	}
	pm.HTML = inlineCIDs(pm.HTML, pm.Parts)
	return pm, nil
}

// inlineCIDs replaces cid: references (the logo) by data: URLs, so that the
// sandboxed frame, which may fetch nothing with the user's cookies, shows
// the message as a mail client would.
func inlineCIDs(html string, parts []rmail.Part) string {
	for _, p := range parts {
		if p.ContentID == "" || !strings.HasPrefix(p.Type, "image/") || p.Type == "image/svg+xml" {
			continue
		}
		uri := "data:" + p.Type + ";base64," + base64.StdEncoding.EncodeToString(p.Data)
		html = strings.ReplaceAll(html, "cid:"+p.ContentID, uri)
	}
	return html
}
