package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"strings"

	gomail "github.com/wneessen/go-mail"
)

// Raw is the message as RFC 5322 bytes, CRLF line endings, without Bcc:
// what the built-in outbox stores and what a server would receive.
func Raw(msg *gomail.Msg) ([]byte, error) {
	var b bytes.Buffer
	if _, err := msg.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("mail: write message: %w", err)
	}
	return b.Bytes(), nil
}

// Envelope is the list of envelope recipients: To, Cc and Bcc addresses.
func Envelope(msg *gomail.Msg) ([]string, error) {
	rcpts, err := msg.GetRecipients()
	if err != nil {
		return nil, fmt.Errorf("mail: envelope: %w", err)
	}
	for i, r := range rcpts { // go-mail gives "<a@b>"; SMTP and the outbox want a@b
		rcpts[i] = strings.TrimSuffix(strings.TrimPrefix(r, "<"), ">")
	}
	return rcpts, nil
}

var idEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewMessageID returns a new random "<id@host>". The caller stores it with
// the reminder so that every retry of one reminder carries the same ID.
func NewMessageID(host string) string {
	var b [20]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go ≥ 1.24)
	if host = strings.Trim(host, "<>@ \r\n\t"); host == "" || strings.ContainsAny(host, "<>@ \r\n\t\"") {
		host = "relance.invalid"
	}
	return "<" + strings.ToLower(idEncoding.EncodeToString(b[:])) + "@" + host + ">"
}
