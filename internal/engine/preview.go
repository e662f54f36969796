package engine

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/emersion/go-message/mail"
	gomail "github.com/wneessen/go-mail"

	rmail "github.com/relance-app/relance/internal/mail"
)

// htmlPart returns the decoded text/html part of a composed message: the
// preview shows exactly what would be sent.
func htmlPart(msg *gomail.Msg) (string, error) {
	raw, err := rmail.Raw(msg)
	if err != nil {
		return "", err
	}
	mr, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		return "", fmt.Errorf("engine: preview: parse: %w", err)
	}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("engine: preview: part: %w", err)
		}
		if h, ok := p.Header.(*mail.InlineHeader); ok {
			ct, _, _ := h.ContentType()
			if strings.EqualFold(ct, "text/html") {
				b, err := io.ReadAll(p.Body)
				if err != nil {
					return "", fmt.Errorf("engine: preview: read: %w", err)
				}
				return string(b), nil
			}
		}
	}
	return "", fmt.Errorf("engine: preview: no HTML part")
}
