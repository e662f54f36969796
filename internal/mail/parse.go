package mail

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"strings"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // decode non-UTF-8 parts
	gmail "github.com/emersion/go-message/mail"
)

// Parsed is a message taken apart: the headers a reader checks, the text
// and HTML bodies and every leaf part. Parse is the one reader of our own
// messages (the outbox page, the template preview).
type Parsed struct {
	Headers []Header
	Text    string
	HTML    string // the first inline text/html part, as sent (cid: references kept)
	Parts   []Part
}

// Header is one decoded header line.
type Header struct{ Name, Value string }

// Part is one leaf of the MIME tree; Index is its place in Parsed.Parts.
type Part struct {
	Index      int
	Type       string
	Filename   string
	ContentID  string
	Attachment bool
	Size       int
	Data       []byte
}

// ShownHeaders are the headers a user checks before trusting a message, in
// the order Parse returns them.
var ShownHeaders = []string{"From", "Reply-To", "To", "Cc", "Subject", "Date", "Message-ID", "Auto-Submitted"}

// maxPartBytes bounds what Parse reads of one part.
const maxPartBytes = 20 << 20

// Parse reads raw RFC 5322 bytes with go-message, which decodes transfer
// encodings, charsets and RFC 2047 words.
func Parse(raw []byte) (*Parsed, error) {
	e, err := message.Read(bytes.NewReader(raw))
	if err != nil && !message.IsUnknownCharset(err) {
		return nil, fmt.Errorf("mail: parse message: %w", err)
	}
	pm := &Parsed{}
	h := gmail.Header{Header: e.Header}
	for _, k := range ShownHeaders {
		if v, err := h.Text(k); err == nil && v != "" {
			pm.Headers = append(pm.Headers, Header{k, v})
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
		p := Part{Index: len(pm.Parts), Type: typ, Size: len(data), Data: data,
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
		return nil, fmt.Errorf("mail: parse message parts: %w", err)
	}
	return pm, nil
}
