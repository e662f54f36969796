package ui

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"strings"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // decode non-UTF-8 parts
	"github.com/emersion/go-message/mail"
)

// parsedMail is an outbox message taken apart for display.
type parsedMail struct {
	Headers []headerLine
	Text    string
	HTML    string // the HTML part with cid: images inlined as data: URLs
	Parts   []mailPart
}

type headerLine struct{ Name, Value string }

// mailPart is one leaf of the MIME tree; Index addresses it in the URL.
type mailPart struct {
	Index      int
	Type       string
	Filename   string
	ContentID  string
	Attachment bool
	Size       int
	data       []byte
}

// shownHeaders are the headers a user checks before trusting a message.
var shownHeaders = []string{"From", "Reply-To", "To", "Cc", "Subject", "Date", "Message-ID", "Auto-Submitted"}

const maxPartBytes = 20 << 20

// parseMail reads raw RFC 822 bytes with go-message, which decodes
// transfer encodings, charsets and RFC 2047 words.
func parseMail(raw []byte) (*parsedMail, error) {
	e, err := message.Read(bytes.NewReader(raw))
	if err != nil && !message.IsUnknownCharset(err) {
		return nil, fmt.Errorf("ui: parse message: %w", err)
	}
	pm := &parsedMail{}
	h := mail.Header{Header: e.Header}
	for _, k := range shownHeaders {
		if v, err := h.Text(k); err == nil && v != "" {
			pm.Headers = append(pm.Headers, headerLine{k, v})
		}
	}
	err = e.Walk(func(_ []int, part *message.Entity, err error) error {
		if err != nil && !message.IsUnknownCharset(err) {
			return err
		}
		typ, params, _ := part.Header.ContentType()
		if strings.HasPrefix(typ, "multipart/") {
			return nil
		}
		data, err := io.ReadAll(io.LimitReader(part.Body, maxPartBytes))
		if err != nil {
			return err
		}
		disp, dparams, _ := part.Header.ContentDisposition()
		p := mailPart{Index: len(pm.Parts), Type: typ, Size: len(data), data: data,
			ContentID: strings.Trim(part.Header.Get("Content-Id"), "<> "), Attachment: disp == "attachment",
			Filename: dparams["filename"]}
		if p.Filename == "" {
			p.Filename = params["name"]
		}
		if p.Filename != "" {
			if dec, err := new(mime.WordDecoder).DecodeHeader(p.Filename); err == nil {
				p.Filename = dec
			}
		}
		switch {
		case typ == "text/plain" && !p.Attachment && pm.Text == "":
			pm.Text = string(data)
		case typ == "text/html" && !p.Attachment && pm.HTML == "":
			pm.HTML = string(data)
		}
		pm.Parts = append(pm.Parts, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ui: parse message parts: %w", err)
	}
	pm.HTML = inlineCIDs(pm.HTML, pm.Parts)
	return pm, nil
}

// inlineCIDs replaces cid: references (the logo) by data: URLs, so that the
// sandboxed frame, which may fetch nothing with the user's cookies, shows
// the message as a mail client would.
func inlineCIDs(html string, parts []mailPart) string {
	for _, p := range parts {
		if p.ContentID == "" || !strings.HasPrefix(p.Type, "image/") || p.Type == "image/svg+xml" {
			continue
		}
		uri := "data:" + p.Type + ";base64," + base64.StdEncoding.EncodeToString(p.data)
		html = strings.ReplaceAll(html, "cid:"+p.ContentID, uri)
	}
	return html
}
