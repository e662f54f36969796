package engine

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/relance-app/relance/internal/backoff"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/invoice"
	rmail "github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/pdf"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
)

func (e *Engine) release(rs []reminder.Reminder) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for i := range rs {
		if err := e.store.Release(ctx, &rs[i], e.Wall()); err != nil {
			e.log.Warn("could not release a claimed reminder; its lease will", "reminder", rs[i].ID, "err", err)
		}
	}
}

// followUp is the To-do task a notify_team (or both) step opens: "Call
// Harbour Cafe about INV-1042, 30 days overdue", in the company's
// language; its email to the company goes out with the other
// notifications. nil for other steps.
func (e *Engine) followUp(sc *store.SendContext, r *reminder.Reminder, step reminder.Step) *store.Task {
	if r.Step < 1 || !step.NotifiesTeam() {
		return nil
	}
	lang := i18n.Lang(sc.Company.Language)
	days := invoice.LocalDate(e.Now(), sc.Company.Location()).DaysSince(sc.Invoice.DueDate)
	name := firstNonEmpty(sc.Customer.DisplayName, sc.Customer.CompanyName, sc.Invoice.Email)
	title := i18n.T(lang, "follow_up_task", map[string]any{"Customer": name, "Number": sc.Invoice.Number, "Count": days})
	if days <= 0 {
		title = i18n.T(lang, "follow_up_task_not_due", map[string]any{"Customer": name, "Number": sc.Invoice.Number})
	}
	id := sc.Invoice.ID
	return &store.Task{CompanyID: r.CompanyID, Kind: store.TaskFollowUp, Title: title, InvoiceID: &id,
		DedupeKey: "follow_up:" + strconv.FormatInt(r.ID, 10)}
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// lateFee is the late fee an automatic reminder adds when it is recorded
// sent (nil: none), computed by reminder.FeeLine; sc.Invoice becomes the
// invoice with the fee, which the message shows (balance, summary, PDF).
// The same line is written by books.MarkSentWithFee: what the customer
// reads is what is charged.
func lateFee(sc *store.SendContext, r *reminder.Reminder) *invoice.Line {
	if r.Step < 1 {
		return nil // manual reminders, the invoice email and receipts charge nothing
	}
	st, ok := sc.Settings.StepAt(r.Step)
	if !ok || st.LateFee == nil || !st.EmailsCustomer() {
		return nil
	}
	line, add := reminder.FeeLine(st.LateFee, sc.Invoice, r.ID, r.Step, messageLang(sc, r))
	if !add {
		return nil
	}
	sc.Invoice = reminder.WithFee(sc.Invoice, line)
	l := sc.Invoice.Lines[len(sc.Invoice.Lines)-1]
	return &l
}

// messageLang is the language a reminder is written in.
func messageLang(sc *store.SendContext, r *reminder.Reminder) string {
	if invoice.ValidLanguage(r.Language) {
		return r.Language
	}
	return sc.Customer.Language
}

// compose renders the message in its language and builds the MIME
// message; link is the customer's invoice page, fee the late fee the
// message adds (tax included; sc.Invoice includes it).
func (e *Engine) compose(sc *store.SendContext, r *reminder.Reminder, link string, fee int64) (*gomail.Msg, reminder.Rendered, error) {
	lang := messageLang(sc, r)
	tpl := sc.Settings.Template(r.Step, lang)
	if r.Step == reminder.StepReceipt {
		tpl = reminder.DefaultTemplate(reminder.StepReceipt, lang)
		tpl.Subject, tpl.Message = r.CustomSubject, r.CustomMessage
	}
	today := invoice.LocalDate(e.Now(), sc.Company.Location())
	if r.Step == reminder.StepManual {
		day := r.TriggerDate
		if day.IsZero() {
			day = today
		}
		tpl = manualTemplate(sc.Settings, lang, sc.Invoice.DueDate, day, r.CustomSubject, r.CustomMessage)
	}
	rendered, err := reminder.Render(reminder.RenderInput{Template: tpl, Company: sc.Company, Customer: sc.Customer,
		Invoice: sc.Invoice, Lang: lang, Today: today, InvoiceURL: link, LateFee: fee})
	if err != nil {
		return nil, rendered, fmt.Errorf("render: %w", err)
	}
	m := rmail.Message{
		From: e.cfg.From, CompanyName: sc.Company.Name, ReplyTo: sc.Company.Email,
		To: splitList(r.To), Cc: splitList(r.Cc), Bcc: splitList(r.Bcc),
		Subject: rendered.Subject, Text: rendered.Text, HTML: rendered.HTML, Brand: brand(sc.Company),
		MessageID: r.MessageID, Date: e.Now(), Auto: r.Step > 0, Lang: lang,
		Buttons: buttons(sc, lang, link),
	}
	// The summary box (number, due date, balance due, days overdue) heads
	// every message that asks for payment; a receipt thanks for one.
	// The invoice email's box also has the subtotal, each tax and the total.
	summary := reminder.Summary
	if r.Step == reminder.StepInvoice {
		summary = reminder.InvoiceSummary
	}
	if r.Step != reminder.StepReceipt {
		for _, it := range summary(sc.Invoice, lang, today, fee) {
			m.Summary = append(m.Summary, rmail.SummaryItem{Label: it.Label, Value: it.Value, Big: it.Big})
		}
	}
	if r.Step == reminder.StepInvoice || sc.Settings.AttachPDF && r.Step != reminder.StepReceipt {
		b, err := pdf.Render(pdf.Doc{Company: sc.Company, Customer: sc.Customer, Invoice: sc.Invoice, Lang: lang, Today: today})
		if err != nil {
			return nil, rendered, fmt.Errorf("pdf: %w", err)
		}
		m.Attachment = &rmail.Attachment{Filename: pdf.Filename(sc.Invoice.Number, lang), Data: b}
	}
	msg, err := rmail.Compose(m)
	return msg, rendered, err
}

// manualTemplate is the manual template of the case the invoice was in on
// the day the reminder was asked for (due soon, due today, overdue), with
// the user's subject and message when they edited them.
func manualTemplate(st *reminder.Settings, lang string, due, day invoice.Date, subject, message string) reminder.Template {
	t := st.ManualTemplate(reminder.ManualCase(due, day), lang)
	if subject != "" {
		t.Subject = subject
	}
	if message != "" {
		t.Message = message
	}
	return t
}

// buttons are "View invoice" and, when the company has a payment URL and
// something is left to pay, "Pay now".
func buttons(sc *store.SendContext, lang, link string) []rmail.Button {
	bs := []rmail.Button{{Label: i18n.T(lang, "mail_view_invoice", nil), URL: link}}
	if pay := invoice.PayURL(sc.Company, sc.Invoice); pay != "" && sc.Invoice.Open() {
		bs = append(bs, rmail.Button{Label: i18n.T(lang, "mail_pay_now", nil), URL: pay})
	}
	return bs
}

func brand(c *invoice.Company) rmail.Brand {
	return rmail.Brand{Name: c.Name, Address: c.Address, Email: c.Email, Color: c.BrandColor, Logo: c.Logo, LogoType: c.LogoType}
}

// splitList reads a stored recipient list ("a@x.com, \"Côté, Élodie\" <e@x.com>")
// with the mail parser, so that a comma inside a quoted name does not
// split an address; it was validated when stored.
func splitList(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	list, err := mail.ParseAddressList(s)
	if err != nil {
		return []string{s} // Compose reports the bad address
	}
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.String()
	}
	return out
}

// send delivers a reminder's message (see transmit).
func (e *Engine) send(ctx context.Context, r *reminder.Reminder, msg *gomail.Msg, subject string) error {
	rid, iid := r.ID, r.InvoiceID
	return e.transmit(ctx, outgoing{companyID: r.CompanyID, reminderID: &rid, invoiceID: &iid, messageID: r.MessageID,
		subject: subject, msg: msg})
}

// outgoing is one message of any kind on its way out.
type outgoing struct {
	companyID  int64
	reminderID *int64 // nil: not a reminder (a notification to the company)
	invoiceID  *int64
	messageID  string
	subject    string
	msg        *gomail.Msg
}

// transmit hands the message to SMTP, or stores it in the outbox. The
// outbox keeps one copy per Message-ID, so a retry after a crash adds
// nothing. Every message leaves through here: it gets its bounce envelope
// sender (reminders) and its DKIM signature last, over its final bytes.
func (e *Engine) transmit(ctx context.Context, o outgoing) error {
	var rid int64
	if o.reminderID != nil {
		rid = *o.reminderID
	}
	if err := e.seal(o.msg, rid); err != nil {
		return err
	}
	if e.transport != nil {
		return e.transport.Send(ctx, o.msg)
	}
	raw, err := rmail.Raw(o.msg)
	if err != nil {
		return err
	}
	rcpts, err := rmail.Envelope(o.msg)
	if err != nil {
		return err
	}
	return e.store.AddOutbox(ctx, &store.OutboxMessage{CompanyID: o.companyID, ReminderID: o.reminderID, InvoiceID: o.invoiceID,
		MessageID: o.messageID, Subject: o.subject, Recipients: strings.Join(rcpts, ", "), Raw: raw})
}

// recordFailure retries temporary failures with backoff for RetryFor, and
// fails permanent ones with the server's answer.
func (e *Engine) recordFailure(ctx context.Context, r *reminder.Reminder, sendErr error) error {
	if ctx.Err() != nil && errors.Is(sendErr, ctx.Err()) {
		// Shutting down: leave the claim; its lease expires and another
		// worker (or this one after restart) sends it.
		return nil
	}
	temporary, text := rmail.Classify(sendErr)
	if temporary && e.Now().Sub(r.CreatedAt) < e.cfg.RetryFor {
		remindersTotal.WithLabelValues("retry").Inc()
		e.log.Warn("reminder delivery failed, will retry", "reminder", r.ID, "attempt", r.Attempts, "err", text)
		r.State, r.LastError = reminder.StateScheduled, text
		return e.store.MarkRetry(ctx, r, text, e.Wall().Add(backoff.Delay(r.Failures+1)))
	}
	if temporary {
		text = "gave up after " + e.cfg.RetryFor.String() + ": " + text
	}
	remindersTotal.WithLabelValues("failed").Inc()
	e.log.Warn("reminder delivery failed", "reminder", r.ID, "err", text)
	r.State, r.LastError = reminder.StateFailed, text
	return e.store.MarkFinal(ctx, r, reminder.StateFailed, text)
}

// seal sets the envelope sender (b-<id>-<mac>@bounce domain, for a
// reminder) and signs.
func (e *Engine) seal(msg *gomail.Msg, reminderID int64) error {
	if e.cfg.Bounce != nil && reminderID > 0 {
		if err := msg.EnvelopeFrom(e.cfg.Bounce.For(reminderID)); err != nil {
			return fmt.Errorf("engine: envelope sender: %w", err)
		}
	}
	if e.cfg.DKIM != nil {
		if err := e.cfg.DKIM.Sign(msg); err != nil {
			return fmt.Errorf("engine: %w", err)
		}
	}
	return nil
}
