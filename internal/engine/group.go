package engine

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/relance-app/relance/internal/backoff"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/invoice"
	rmail "github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/pdf"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/report"
	"github.com/relance-app/relance/internal/store"
)

// MaxGroupAttachments is the most invoice PDFs one grouped message
// carries; past it, one statement PDF instead.
const MaxGroupAttachments = 10

// sendAll delivers one grouped message (when one is ready), then up to n
// single ones: what a worker does per round.
func (e *Engine) sendAll(ctx context.Context, log *sentLog) (int, error) {
	g, err := e.sendGroup(ctx, log.done)
	if err != nil {
		return g, err
	}
	m, err := e.sendBatch(ctx, e.claimSize(), log)
	return g + m, err
}

// newGroup names a new grouped message: its key and its Message-ID.
func (e *Engine) newGroup() (string, string) {
	id := e.newMessageID()
	return store.FormedGroupKey(id), id
}

// sendGroup claims the rows of one grouped message (a customer's due
// reminders, or a statement) together and delivers them as one message.
// It returns how many rows it handled.
func (e *Engine) sendGroup(ctx context.Context, done func(reminder.Reminder)) (int, error) {
	rs, err := e.store.ClaimGroup(ctx, e.Wall(), e.cfg.Lease, e.newGroup)
	if err != nil || len(rs) == 0 {
		return 0, err
	}
	if ctx.Err() != nil {
		e.releaseGroup(rs)
		return 0, nil
	}
	if err := e.deliverGroup(ctx, rs); err != nil {
		return 0, err
	}
	if done != nil {
		for _, r := range rs {
			done(r)
		}
	}
	return len(rs), nil
}

func (e *Engine) releaseGroup(rs []reminder.Reminder) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := e.store.ReleaseGroup(ctx, rs, e.Wall()); err != nil {
		e.log.Warn("could not release a claimed group; its lease will", "group", rs[0].GroupKey, "err", err)
	}
}

// groupItem is one invoice of a grouped message.
type groupItem struct {
	r    *reminder.Reminder
	sc   *store.SendContext
	link string
}

// deliverGroup re-checks every row (an invoice paid since the scan drops
// out, cancelled, and the rest still go), renders one message in the
// customer's language and sends it once; then every row is sent in one
// transaction — or all retried, or all failed. Only a database error is
// returned.
func (e *Engine) deliverGroup(ctx context.Context, rs []reminder.Reminder) error {
	var items []groupItem
	for i := range rs {
		r := &rs[i]
		sc, err := e.store.LoadSendContext(ctx, r.CompanyID, r.InvoiceID)
		if err != nil {
			return fmt.Errorf("engine: load grouped reminder %d: %w", r.ID, err)
		}
		if ok, reason := e.books.Recheck(sc, r); !ok {
			remindersTotal.WithLabelValues("cancelled").Inc()
			r.State, r.Reason = reminder.StateCancelled, reason
			if err := e.store.MarkFinal(ctx, r, reminder.StateCancelled, reason); err != nil {
				return err
			}
			continue
		}
		items = append(items, groupItem{r: r, sc: sc})
	}
	if len(items) == 0 {
		return nil
	}
	for i := range items {
		link, err := e.NewLink(ctx, items[i].r.CompanyID, items[i].r.InvoiceID)
		if err != nil {
			return fmt.Errorf("engine: link for reminder %d: %w", items[i].r.ID, err)
		}
		items[i].link = link
	}
	sent := make([]reminder.Reminder, len(items))
	for i, it := range items {
		sent[i] = *it.r
	}
	msg, rendered, err := e.composeGroup(ctx, items)
	if err != nil {
		remindersTotal.WithLabelValues("failed").Add(float64(len(items)))
		text := "could not build the message: " + err.Error()
		for _, it := range items {
			it.r.State, it.r.LastError = reminder.StateFailed, text
			if err := e.store.MarkFinal(ctx, it.r, reminder.StateFailed, text); err != nil {
				return err
			}
		}
		return nil
	}
	first := items[0].r
	rid, iid := first.ID, first.InvoiceID
	if err := e.transmit(ctx, outgoing{companyID: first.CompanyID, reminderID: &rid, invoiceID: &iid,
		messageID: first.MessageID, subject: rendered.Subject, msg: msg}); err != nil {
		return e.recordGroupFailure(ctx, items, sent, err)
	}
	if _, err := e.books.MarkSentGroup(ctx, sent, rendered.Subject, rendered.Text); err != nil {
		return err
	}
	for _, it := range items {
		it.r.State, it.r.Subject = reminder.StateSent, rendered.Subject
	}
	remindersTotal.WithLabelValues("sent").Add(float64(len(items)))
	return nil
}

// recordGroupFailure is recordFailure for a whole group: every row retried
// for the same time, or every row failed.
func (e *Engine) recordGroupFailure(ctx context.Context, items []groupItem, rs []reminder.Reminder, sendErr error) error {
	if ctx.Err() != nil {
		return nil // shutting down: the lease hands the whole group on
	}
	first := items[0].r
	temporary, text := rmail.Classify(sendErr)
	if temporary && e.Now().Sub(first.CreatedAt) < e.cfg.RetryFor {
		remindersTotal.WithLabelValues("retry").Add(float64(len(items)))
		e.log.Warn("grouped message failed, will retry", "group", first.GroupKey, "rows", len(items), "err", text)
		for _, it := range items {
			it.r.State, it.r.LastError = reminder.StateScheduled, text
		}
		return e.store.MarkGroupRetry(ctx, rs, text, e.Wall().Add(backoff.Delay(first.Failures+1)))
	}
	if temporary {
		text = "gave up after " + e.cfg.RetryFor.String() + ": " + text
	}
	remindersTotal.WithLabelValues("failed").Add(float64(len(items)))
	for _, it := range items {
		it.r.State, it.r.LastError = reminder.StateFailed, text
		if err := e.store.MarkFinal(ctx, it.r, reminder.StateFailed, text); err != nil {
			return err
		}
	}
	return nil
}

// composeGroup renders the "statement" template in the customer's
// language, adds the table of invoices and the total, and attaches the
// PDFs: a statement's PDF for a statement; for grouped reminders (when the
// settings attach PDFs) each invoice's up to MaxGroupAttachments, else the
// statement's.
func (e *Engine) composeGroup(ctx context.Context, items []groupItem) (*gomail.Msg, reminder.Rendered, error) {
	sc := items[0].sc
	lang := sc.Customer.Language
	if !invoice.ValidLanguage(lang) {
		lang = sc.Company.Language
	}
	if !invoice.ValidLanguage(lang) {
		lang = "en"
	}
	today := invoice.LocalDate(e.Now(), sc.Company.Location())
	invs := make([]*invoice.Invoice, len(items))
	for i, it := range items {
		invs[i] = it.sc.Invoice
	}
	rendered, err := reminder.RenderStatement(reminder.StatementInput{Template: sc.Settings.Template(reminder.StepStatement, lang),
		Company: sc.Company, Customer: sc.Customer, Invoices: invs, Lang: lang, Today: today, InvoiceURL: items[0].link})
	if err != nil {
		return nil, rendered, fmt.Errorf("render: %w", err)
	}
	text, table := groupTable(items, lang, today)
	rendered.Text += "\n\n" + text
	rendered.HTML += table
	auto := items[0].r.Step > 0
	m := rmail.Message{
		From: e.cfg.From, CompanyName: sc.Company.Name, ReplyTo: sc.Company.Email,
		Subject: rendered.Subject, Text: rendered.Text, HTML: rendered.HTML, Brand: brand(sc.Company),
		MessageID: items[0].r.MessageID, Date: e.Now(), Auto: auto, Lang: lang,
	}
	seen := map[string]bool{}
	for _, it := range items {
		for _, l := range []struct {
			dst *[]string
			src string
		}{{&m.To, it.r.To}, {&m.Cc, it.r.Cc}, {&m.Bcc, it.r.Bcc}} {
			for _, a := range splitList(l.src) {
				if k := strings.ToLower(a); !seen[k] {
					seen[k] = true
					*l.dst = append(*l.dst, a)
				}
			}
		}
	}
	var files []rmail.Attachment
	switch {
	case !auto || len(items) > MaxGroupAttachments && sc.Settings.AttachPDF:
		_, st, err := report.LoadStatement(ctx, e.store, sc.Company.ID, sc.Customer.ID, today)
		if err != nil {
			return nil, rendered, err
		}
		b, err := pdf.RenderStatement(pdf.StatementDoc{Company: sc.Company, Customer: sc.Customer, Statement: st, Lang: lang})
		if err != nil {
			return nil, rendered, fmt.Errorf("pdf: %w", err)
		}
		files = append(files, rmail.Attachment{Filename: pdf.StatementFilename(today, lang), Data: b})
	case sc.Settings.AttachPDF:
		for _, it := range items {
			b, err := pdf.Render(pdf.Doc{Company: it.sc.Company, Customer: it.sc.Customer, Invoice: it.sc.Invoice, Lang: lang, Today: today})
			if err != nil {
				return nil, rendered, fmt.Errorf("pdf: %w", err)
			}
			files = append(files, rmail.Attachment{Filename: pdf.Filename(it.sc.Invoice.Number, lang), Data: b})
		}
	}
	if len(files) > 0 {
		m.Attachment = &files[0]
	}
	msg, err := rmail.Compose(m)
	if err != nil {
		return nil, rendered, err
	}
	for _, f := range files[min(1, len(files)):] {
		msg.AttachReadSeeker(f.Filename, bytes.NewReader(f.Data), gomail.WithFileContentType("application/pdf"))
	}
	return msg, rendered, nil
}

// groupTable is the table of a grouped message — number, due date,
// balance due, days overdue, link — and the total per currency, as text
// lines and as an HTML table (every value escaped).
func groupTable(items []groupItem, lang string, today invoice.Date) (string, template.HTML) {
	t := func(id string) string { return i18n.T(lang, id, nil) }
	sep := ": "
	if lang == "fr" {
		sep = " : "
	}
	var tb, hb strings.Builder
	cell := `style="padding:4px 8px;border-bottom:1px solid #ddd;text-align:%s"`
	hb.WriteString(`<table role="presentation" style="border-collapse:collapse;margin:12px 0;font-size:14px"><tr>`)
	for _, h := range []string{"mail_col_invoice", "mail_col_due", "mail_col_balance", "mail_col_overdue", "mail_col_link"} {
		align := "left"
		if h == "mail_col_balance" || h == "mail_col_overdue" {
			align = "right"
		}
		fmt.Fprintf(&hb, `<th `+cell+`>%s</th>`, align, html.EscapeString(t(h)))
	}
	hb.WriteString(`</tr>`)
	totals := map[string]int64{}
	var codes []string
	for _, it := range items {
		inv := it.sc.Invoice
		late := strconv.Itoa(max(0, today.DaysSince(inv.DueDate)))
		due := invoice.FormatDate(inv.DueDate, lang)
		bal := money.Format(inv.Balance, inv.Currency, lang)
		if _, ok := totals[inv.Currency]; !ok {
			codes = append(codes, inv.Currency)
		}
		totals[inv.Currency] += inv.Balance
		fmt.Fprintf(&tb, "%s %s — %s%s%s — %s%s%s — %s%s%s\n  %s\n", t("mail_col_invoice"), inv.Number,
			t("mail_col_due"), sep, due, t("mail_col_balance"), sep, bal, t("mail_col_overdue"), sep, late, it.link)
		fmt.Fprintf(&hb, `<tr><td `+cell+`>%s</td><td `+cell+`>%s</td><td `+cell+`>%s</td><td `+cell+`>%s</td><td `+cell+
			`><a href="%s">%s</a></td></tr>`, "left", html.EscapeString(inv.Number), "left", html.EscapeString(due),
			"right", html.EscapeString(bal), "right", late, "left", html.EscapeString(it.link), html.EscapeString(t("mail_view_invoice")))
	}
	for _, c := range codes {
		total := money.Format(totals[c], c, lang)
		fmt.Fprintf(&tb, "\n%s%s%s", t("mail_total_due"), sep, total)
		fmt.Fprintf(&hb, `<tr><th `+cell+` colspan="2">%s</th><th `+cell+`>%s</th><td colspan="2"></td></tr>`,
			"left", html.EscapeString(t("mail_total_due")), "right", html.EscapeString(total))
	}
	hb.WriteString(`</table>`)
	return strings.TrimRight(tb.String(), "\n"), template.HTML(hb.String())
}
