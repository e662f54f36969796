package engine

import (
	"context"
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"

	gomail "github.com/wneessen/go-mail"

	"github.com/relance-app/relance/internal/backoff"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/invoice"
	rmail "github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/store"
)

// notifyBatch emails the company about up to n new To-do tasks (bounces,
// failures, promises, disputes, notify_team steps), through the same path
// as reminders: SMTP, or the outbox. Only a database error is returned.
func (e *Engine) notifyBatch(ctx context.Context, n int) (int, error) {
	ts, err := e.store.ClaimNotifications(ctx, e.Wall(), e.cfg.Lease, n)
	if err != nil {
		return 0, err
	}
	for i := range ts {
		if ctx.Err() != nil {
			return i, nil // the lease brings the rest back
		}
		if err := e.notifyOne(ctx, &ts[i]); err != nil {
			return i, err
		}
	}
	return len(ts), nil
}

func (e *Engine) notifyOne(ctx context.Context, t *store.Task) error {
	co, err := e.store.GetCompany(ctx, t.CompanyID)
	if err != nil {
		return fmt.Errorf("engine: notification %d: %w", t.ID, err)
	}
	if strings.TrimSpace(co.Email) == "" {
		_, err := e.store.FinishNotification(ctx, t, "none", "the company has no email address", e.Wall())
		return err
	}
	msg, subject, err := e.composeNotification(co, t)
	if err == nil {
		err = e.transmit(ctx, outgoing{companyID: co.ID, invoiceID: t.InvoiceID, messageID: notificationID(t, e.host),
			subject: subject, msg: msg})
	}
	if err == nil {
		_, err := e.store.FinishNotification(ctx, t, "sent", "", e.Wall())
		return err
	}
	if ctx.Err() != nil {
		return nil
	}
	temporary, text := rmail.Classify(err)
	if temporary && e.Now().Sub(t.CreatedAt) < e.cfg.RetryFor {
		e.log.Warn("notification failed, will retry", "task", t.ID, "err", text)
		_, err := e.store.FinishNotification(ctx, t, "pending", text, e.Wall().Add(backoff.Delay(t.NotifyAttempts)))
		return err
	}
	e.log.Warn("notification failed", "task", t.ID, "err", text)
	_, err = e.store.FinishNotification(ctx, t, "failed", text, e.Wall())
	return err
}

// notificationID is stable across retries of one task's email, so that
// the outbox keeps one copy and a receiving server can spot a repeat.
func notificationID(t *store.Task, host string) string {
	return "<task-" + strconv.FormatInt(t.ID, 10) + "-" + strconv.FormatInt(t.CreatedAt.UnixNano(), 36) + "@" + host + ">"
}

// composeNotification is the email to the company about a task, in the
// company's language, with a link to the invoice.
func (e *Engine) composeNotification(co *invoice.Company, t *store.Task) (*gomail.Msg, string, error) {
	lang := i18n.Lang(co.Language)
	text := i18n.TaskText(lang, t.Kind, t.Title)
	subject := "[Relance] " + strings.Join(strings.Fields(text), " ")
	var body, htm strings.Builder
	body.WriteString(text + "\n")
	htm.WriteString("<p>" + html.EscapeString(text) + "</p>")
	if d := strings.TrimSpace(t.Detail); d != "" {
		body.WriteString("\n" + d + "\n")
		htm.WriteString("<p><small>" + html.EscapeString(d) + "</small></p>")
	}
	if t.InvoiceID != nil && e.cfg.BaseURL != "" {
		link := e.cfg.BaseURL + "/invoices/" + strconv.FormatInt(*t.InvoiceID, 10)
		body.WriteString("\n" + link + "\n")
		htm.WriteString(`<p><a href="` + html.EscapeString(link) + `">` + html.EscapeString(link) + "</a></p>")
	}
	if e.cfg.BaseURL != "" {
		todo := i18n.T(lang, "notify_todo_link", map[string]any{"URL": e.cfg.BaseURL + "/todo"})
		body.WriteString("\n" + todo + "\n")
		htm.WriteString("<p>" + html.EscapeString(todo) + "</p>")
	}
	msg, err := rmail.Compose(rmail.Message{From: e.cfg.From, CompanyName: "Relance", To: []string{co.Email},
		Subject: subject, Text: body.String(), HTML: template.HTML(htm.String()), Brand: brand(co),
		MessageID: notificationID(t, e.host), Date: e.Now(), Auto: true, Lang: lang})
	return msg, subject, err
}
