package engine

import (
	"fmt"

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
	p, err := rmail.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("engine: preview: %w", err)
	}
	if p.HTML == "" {
		return "", fmt.Errorf("engine: preview: no HTML part")
	}
	return p.HTML, nil
}
