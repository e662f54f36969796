package mail

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
)

// ErrInvalid is wrapped by every error about the message's own content
// (a bad address, CR/LF in a header): retrying will not help.
var ErrInvalid = errors.New("mail: invalid message")

// checkHeaders refuses CR, LF (and NUL) in anything that becomes a header,
// so that no user-typed value can ever add a header line.
func checkHeaders(m Message) error {
	fields := []struct{ name, v string }{
		{"from", m.From}, {"company name", m.CompanyName}, {"reply-to", m.ReplyTo},
		{"subject", m.Subject}, {"message-id", m.MessageID}, {"language", m.Lang},
	}
	if m.Attachment != nil {
		fields = append(fields, struct{ name, v string }{"attachment filename", m.Attachment.Filename})
	}
	for _, f := range fields {
		if strings.ContainsAny(f.v, "\r\n\x00") {
			return fmt.Errorf("%w: %s contains a line break", ErrInvalid, f.name)
		}
	}
	for _, list := range [][]string{m.To, m.Cc, m.Bcc} {
		for _, a := range list {
			if strings.ContainsAny(a, "\r\n\x00") {
				return fmt.Errorf("%w: address %q contains a line break", ErrInvalid, a)
			}
		}
	}
	id := m.MessageID
	if !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, ">") ||
		strings.Count(id, "@") != 1 || strings.ContainsAny(id[1:len(id)-1], "<> \t\"") || len(id) < 5 {
		return fmt.Errorf("%w: message-id %q is not <left@right>", ErrInvalid, id)
	}
	if m.Lang != "" && !validLangTag(m.Lang) {
		return fmt.Errorf("%w: language %q", ErrInvalid, m.Lang)
	}
	if m.Attachment != nil && strings.TrimSpace(m.Attachment.Filename) == "" {
		return fmt.Errorf("%w: attachment without a file name", ErrInvalid)
	}
	return nil
}

func validLangTag(s string) bool {
	for _, r := range s {
		if !(r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return len(s) >= 2 && len(s) <= 35
}

// parseAddr reads one address ("a@b" or "Name <a@b>"). It never repairs:
// anything net/mail does not accept whole is an error naming the field.
func parseAddr(field, s string) (*mail.Address, error) {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %s address %q: %v", ErrInvalid, field, s, err)
	}
	if strings.ContainsAny(a.Name, "\r\n\x00") {
		return nil, fmt.Errorf("%w: %s address %q has a line break", ErrInvalid, field, s)
	}
	return a, nil
}

func parseAddrs(field string, list []string) ([]*mail.Address, error) {
	out := make([]*mail.Address, 0, len(list))
	for _, s := range list {
		a, err := parseAddr(field, s)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}
