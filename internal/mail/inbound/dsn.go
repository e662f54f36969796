// Package inbound is the bounce listener: an SMTP server that takes
// delivery status notifications for the bounce domain only, and the parser
// that reads them (RFC 3464, and the shapes big providers send).
package inbound

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/textproto"
	"regexp"
	"strings"

	"github.com/emersion/go-message"
)

// UnknownReason is the diagnostic of a bounce whose report could not be read.
const UnknownReason = "failed, unknown reason"

// Report is what a delivery report says about our message.
type Report struct {
	// Failed: delivery failed for good (Action failed, or a 5.x.x status;
	// or a bounce in a shape that cannot be read). Delays and successes
	// are not failures.
	Failed     bool
	Status     string // "5.1.1", or ""
	Recipient  string // the address that failed, when the report names it
	Diagnostic string // the remote server's words, or UnknownReason
}

// Parse reads a delivery report. nullSender is whether it came with an
// empty envelope sender (MAIL FROM:<>), as every DSN must: a message with a
// sender and no report in it (an auto-reply gone astray) is not a bounce,
// whereas a null-sender message that cannot be read is a failure for an
// unknown reason.
func Parse(raw []byte, nullSender bool) Report {
	h, fields, err := deliveryStatus(raw)
	if err == nil && len(fields) > 0 {
		if r, ok := fromFields(fields); ok {
			return r
		}
		return Report{} // delayed, delivered, relayed, expanded: not a failure
	}
	if !looksLikeBounce(h, nullSender) {
		return Report{}
	}
	return Report{Failed: true, Diagnostic: UnknownReason, Recipient: strings.TrimSpace(h.Get("X-Failed-Recipients"))}
}

// looksLikeBounce decides for a message without a readable report: one
// from a mailer daemon (or naming failed recipients, or a report whose
// status part is unreadable) is a bounce; a vacation notice (RFC 3834,
// which also comes with a null sender) is not; other null-sender mail is.
func looksLikeBounce(h message.Header, nullSender bool) bool {
	from := strings.ToLower(h.Get("From"))
	t, _, _ := h.ContentType()
	if h.Get("X-Failed-Recipients") != "" || strings.Contains(from, "mailer-daemon") ||
		strings.Contains(from, "postmaster") || t == "multipart/report" {
		return true
	}
	if strings.HasPrefix(strings.ToLower(h.Get("Auto-Submitted")), "auto-replied") {
		return false
	}
	return nullSender
}

// deliveryStatus finds the message/delivery-status part (at any depth) and
// returns the top header and the part's field groups: per-message first,
// then one per recipient.
func deliveryStatus(raw []byte) (message.Header, []textproto.MIMEHeader, error) {
	e, err := message.Read(bytes.NewReader(raw))
	if e == nil {
		return message.Header{}, nil, err
	}
	var found []textproto.MIMEHeader
	walkErr := e.Walk(func(_ []int, part *message.Entity, err error) error {
		if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
			return err
		}
		t, _, _ := part.Header.ContentType()
		if found == nil && (t == "message/delivery-status" || t == "message/global-delivery-status") {
			b, err := io.ReadAll(io.LimitReader(part.Body, 256<<10))
			if err != nil {
				return err
			}
			found = fieldGroups(b)
		}
		return nil
	})
	if found == nil && walkErr != nil {
		return e.Header, nil, walkErr
	}
	if found == nil {
		return e.Header, nil, errors.New("inbound: no delivery-status part")
	}
	return e.Header, found, nil
}

// fieldGroups reads blocks of header-style fields separated by blank lines.
func fieldGroups(b []byte) []textproto.MIMEHeader {
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	var out []textproto.MIMEHeader
	for _, block := range bytes.Split(b, []byte("\n\n")) {
		block = bytes.TrimSpace(block)
		if len(block) == 0 {
			continue
		}
		r := textproto.NewReader(bufio.NewReader(bytes.NewReader(append(block, '\n', '\n'))))
		h, err := r.ReadMIMEHeader()
		if len(h) > 0 {
			out = append(out, h)
		}
		if err != nil && !errors.Is(err, io.EOF) && len(h) == 0 {
			continue
		}
	}
	return out
}

// fromFields picks the first recipient whose delivery failed.
func fromFields(groups []textproto.MIMEHeader) (Report, bool) {
	for _, g := range groups {
		action := strings.ToLower(strings.TrimSpace(g.Get("Action")))
		status := statusCode(g.Get("Status"))
		failed := action == "failed" || (action == "" && strings.HasPrefix(status, "5."))
		if !failed {
			continue
		}
		r := Report{Failed: true, Status: status, Recipient: addrType(g.Get("Final-Recipient"))}
		if r.Recipient == "" {
			r.Recipient = addrType(g.Get("Original-Recipient"))
		}
		r.Diagnostic = diagnostic(g.Get("Diagnostic-Code"))
		if r.Diagnostic == "" && status != "" {
			r.Diagnostic = "status " + status
		}
		if r.Diagnostic == "" {
			r.Diagnostic = UnknownReason
		}
		return r, true
	}
	return Report{}, false
}

var statusRe = regexp.MustCompile(`^[245]\.\d{1,3}\.\d{1,3}`)

func statusCode(s string) string { return statusRe.FindString(strings.TrimSpace(s)) }

// addrType strips the "rfc822;" address type.
func addrType(s string) string {
	if _, v, ok := strings.Cut(s, ";"); ok {
		s = v
	}
	return strings.Trim(strings.TrimSpace(s), "<>")
}

// replyPrefix is the "550-5.1.1 " that starts each line of a multi-line
// SMTP reply (Gmail's): kept once, dropped from continuation lines.
var replyPrefix = regexp.MustCompile(`^(\d{3})[- ](\d\.\d{1,3}\.\d{1,3} )?`)

// diagnostic cleans a Diagnostic-Code: no "smtp;" type, one line, the
// continuation prefixes of a multi-line reply removed, at most 500 bytes.
func diagnostic(s string) string {
	if t, v, ok := strings.Cut(s, ";"); ok && !strings.ContainsAny(strings.TrimSpace(t), " \t") {
		s = v
	}
	s = strings.Join(strings.Fields(s), " ")
	if m := replyPrefix.FindStringSubmatch(s); m != nil {
		// "550-5.1.1 a 550-5.1.1 b 550 5.1.1 c" → "550 5.1.1 a b c"
		rest := s[len(m[0]):]
		for _, sep := range []string{"-", " "} {
			rest = strings.ReplaceAll(rest, " "+m[1]+sep+m[2], " ")
		}
		s = m[1] + " " + m[2] + strings.Join(strings.Fields(rest), " ")
	}
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	if len(s) > 500 {
		s = strings.ToValidUTF8(s[:500], "") + "…"
	}
	return s
}
