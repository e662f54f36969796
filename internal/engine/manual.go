package engine

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
)

// Preview is a rendered template, not sent.
type Preview struct {
	Subject string `json:"subject"`
	Text    string `json:"text"`
	HTML    string `json:"html"`
}

func invalid(field, msg string) error {
	return &invoice.Error{Code: invoice.EInvalid, Message: "invalid input", Fields: map[string]string{field: msg}}
}

// SendManual records a hand-sent reminder with the user's subject and
// message (empty: the manual template of the day's case; reminder.CheckManual
// owns the limits of the text) for the workers to deliver. It is
// allowed for any unpaid, non-voided invoice with a recipient, even paused,
// with at most invoice.MaxRecipients addresses, and at most
// reminder.MaxManualPerHour times an hour per person (reminder.WithActor
// on ctx; the company when no one is named): beyond, an ELimit error.
func (e *Engine) SendManual(ctx context.Context, companyID, invoiceID int64, subject, message string) (*reminder.Reminder, error) {
	if err := reminder.CheckManual(subject, message); err != nil {
		return nil, err
	}
	sc, err := e.store.LoadSendContext(ctx, companyID, invoiceID)
	if err != nil {
		return nil, err
	}
	if ok, reason := e.books.Recheck(sc, &reminder.Reminder{Step: reminder.StepManual}); !ok {
		return nil, &invoice.Error{Code: invoice.EInvalid, Message: "no reminder can be sent for this invoice: " + reason,
			Fields: map[string]string{"invoice": reason}}
	}
	r := &reminder.Reminder{CompanyID: companyID, InvoiceID: invoiceID, DueDate: sc.Invoice.DueDate,
		TriggerDate: invoice.LocalDate(e.Now(), sc.Company.Location()), To: sc.Invoice.Email, Cc: sc.Invoice.Cc,
		Bcc: sc.Invoice.Bcc, Language: sc.Customer.Language, CustomSubject: subject, CustomMessage: message,
		MessageID: e.newMessageID(), CreatedAt: e.Now(), NextAttemptAt: e.Wall()}
	if invoice.CountRecipients(r.To, r.Cc, r.Bcc) > invoice.MaxRecipients {
		return nil, invalid("invoice", fmt.Sprintf("too many recipients: at most %d in to, cc and bcc together", invoice.MaxRecipients))
	}
	actor := reminder.Actor(ctx)
	if actor == "" {
		actor = fmt.Sprintf("company:%d", companyID)
	}
	// The quota is about people and real hours: the wall clock.
	wall := e.Wall()
	if !e.manual.Take(actor, wall) {
		reason := fmt.Sprintf("too many manual reminders: at most %d per hour", reminder.MaxManualPerHour)
		return nil, &invoice.Error{Code: invoice.ELimit, Message: reason, Fields: map[string]string{"invoice": reason}}
	}
	if err := e.books.Write(ctx, func(tx *store.Tx) error { return tx.CreateManualReminder(ctx, r) }); err != nil {
		e.manual.Give(actor, wall)
		return nil, err
	}
	e.notify()
	return r, nil
}

// ManualDraft is the template a manual reminder starts from, in the
// customer's language: the manual template of the case the invoice is in
// today (due soon, due today, overdue).
func (e *Engine) ManualDraft(ctx context.Context, companyID, invoiceID int64) (reminder.Template, string, error) {
	sc, err := e.store.LoadSendContext(ctx, companyID, invoiceID)
	if err != nil {
		return reminder.Template{}, "", err
	}
	lang := sc.Customer.Language
	if !invoice.ValidLanguage(lang) {
		lang = sc.Company.Language
	}
	today := invoice.LocalDate(e.Now(), sc.Company.Location())
	return manualTemplate(sc.Settings, lang, sc.Invoice.DueDate, today, "", ""), lang, nil
}

// Preview renders a template on a real invoice of the company as the full
// branded email, without sending or storing anything.
func (e *Engine) Preview(ctx context.Context, companyID, invoiceID int64, tpl reminder.Template, lang string) (Preview, error) {
	if !invoice.ValidLanguage(lang) {
		return Preview{}, invalid("language", "must be en or fr")
	}
	sc, err := e.store.LoadSendContext(ctx, companyID, invoiceID)
	if err != nil {
		return Preview{}, err
	}
	if err := reminder.CheckManual(tpl.Subject, tpl.Message); err != nil {
		return Preview{}, err
	}
	r := &reminder.Reminder{Step: 1, Language: lang, MessageID: "<preview@" + e.host + ">", To: sc.Invoice.Email}
	sc.Settings.AttachPDF = false
	s := *sc.Settings
	s.Steps = append([]reminder.Step(nil), s.Steps...)
	s.Steps[0].Templates = map[string]reminder.Template{lang: tpl}
	sc.Settings = &s
	if r.To == "" {
		r.To = "preview@example.com"
	}
	msg, rendered, err := e.compose(sc, r, e.cfg.BaseURL+"/i/"+previewToken, 0)
	if err != nil {
		return Preview{}, invalid("template", err.Error())
	}
	html, err := htmlPart(msg)
	if err != nil {
		return Preview{}, err
	}
	return Preview{Subject: rendered.Subject, Text: rendered.Text, HTML: html}, nil
}
