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
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
)

// digestListMax bounds the invoices a digest names per section; the rest
// are counted.
const digestListMax = 20

// SendDigests sends the daily digests that are due at e.Now (the decision:
// reminder.Settings.DigestDay) to the companies' addresses, through the
// same path as reminders (SMTP or the outbox, DKIM). Each company's day is
// claimed once (store.ClaimDigest), so serve's scan loop, another process
// and `send-due --at` never send it twice. It returns the digests sent;
// only a database error stops it.
func (e *Engine) SendDigests(ctx context.Context) (int, error) {
	cos, err := e.store.DigestCompanies(ctx)
	if err != nil {
		return 0, err
	}
	sent := 0
	for companyID, st := range cos {
		day, due := st.DigestDay(e.Now())
		if !due {
			continue
		}
		attempts, ok, err := e.store.ClaimDigest(ctx, companyID, day, e.Wall(), e.cfg.Lease)
		if err != nil {
			return sent, err
		}
		if !ok {
			continue
		}
		done, err := e.sendDigest(ctx, companyID, st, day, attempts)
		if err != nil {
			return sent, err
		}
		if done {
			sent++
		}
	}
	return sent, nil
}

// sendDigest builds and sends one claimed digest and records the outcome.
func (e *Engine) sendDigest(ctx context.Context, companyID int64, st *reminder.Settings, day invoice.Date, attempts int) (bool, error) {
	finish := func(state, text string, retry bool) (bool, error) {
		next := e.Wall()
		if retry {
			next = next.Add(backoff.Delay(attempts))
		}
		_, err := e.store.FinishDigest(ctx, companyID, day, attempts, state, text, next)
		return state == "sent", err
	}
	co, err := e.store.GetCompany(ctx, companyID)
	if err != nil {
		return false, fmt.Errorf("engine: digest of company %d: %w", companyID, err)
	}
	if strings.TrimSpace(co.Email) == "" {
		return finish("none", "the company has no email address", false)
	}
	from, to := st.DigestWindow(day)
	facts, err := e.store.DigestFacts(ctx, companyID, from, to, day)
	if err != nil {
		return false, err
	}
	id := digestID(companyID, day, e.host)
	msg, subject, err := e.composeDigest(co, day, facts, id)
	if err == nil {
		err = e.transmit(ctx, outgoing{companyID: co.ID, messageID: id, subject: subject, msg: msg})
	}
	if err == nil {
		return finish("sent", "", false)
	}
	if ctx.Err() != nil {
		return false, nil // the lease brings it back
	}
	// A temporary failure is retried after its backoff by the next pass of
	// the same local day (DigestDay never goes back to a past day).
	temporary, text := rmail.Classify(err)
	if temporary {
		e.log.Warn("digest failed, will retry", "company", companyID, "day", day.String(), "err", text)
		return finish("pending", text, true)
	}
	e.log.Warn("digest failed", "company", companyID, "day", day.String(), "err", text)
	return finish("failed", text, false)
}

// digestID is the digest's Message-ID, the same for every attempt of one
// company's day: the outbox keeps one copy.
func digestID(companyID int64, day invoice.Date, host string) string {
	return "<digest-" + strconv.FormatInt(companyID, 10) + "-" + day.String() + "@" + host + ">"
}

// composeDigest words a digest in the company's language: one section per
// kind of fact, each naming up to digestListMax invoices with a link.
func (e *Engine) composeDigest(co *invoice.Company, day invoice.Date, f *store.DigestFacts, id string) (*gomail.Msg, string, error) {
	lang := i18n.Lang(co.Language)
	t := func(key string, data map[string]any) string { return i18n.T(lang, key, data) }
	subject := "[Relance] " + t("digest_subject", map[string]any{"Day": invoice.FormatDate(day, lang)})
	var text, htm strings.Builder
	intro := t("digest_intro", map[string]any{"Day": invoice.FormatDate(day.AddDays(-1), lang)})
	text.WriteString(intro + "\n")
	htm.WriteString("<p>" + html.EscapeString(intro) + "</p>")
	section := func(key string, lines []store.DigestLine, detail func(store.DigestLine) string) {
		if len(lines) == 0 {
			return
		}
		head := t(key, map[string]any{"N": len(lines)})
		text.WriteString("\n" + head + "\n")
		htm.WriteString("<h3>" + html.EscapeString(head) + "</h3><ul>")
		for i, l := range lines {
			if i == digestListMax {
				more := t("digest_more", map[string]any{"N": len(lines) - i})
				text.WriteString("  " + more + "\n")
				htm.WriteString("<li>" + html.EscapeString(more) + "</li>")
				break
			}
			item := l.Number + " — " + l.Customer
			if d := detail(l); d != "" {
				item += " — " + d
			}
			link := e.cfg.BaseURL + "/invoices/" + strconv.FormatInt(l.InvoiceID, 10)
			text.WriteString("- " + item + "\n  " + link + "\n")
			htm.WriteString(`<li><a href="` + html.EscapeString(link) + `">` + html.EscapeString(l.Number) + "</a> — " +
				html.EscapeString(strings.TrimPrefix(item, l.Number+" — ")) + "</li>")
		}
		htm.WriteString("</ul>")
	}
	step := func(l store.DigestLine) string {
		if l.Step <= 0 {
			return ""
		}
		return t("digest_step", map[string]any{"Step": l.Step})
	}
	withError := func(l store.DigestLine) string {
		return strings.Trim(step(l)+" — "+oneLine(l.Detail, 200), " —")
	}
	section("digest_sent", f.Sent, step)
	section("digest_failed", f.Failed, withError)
	section("digest_bounced", f.Bounced, withError)
	section("digest_planned", f.Planned, step)
	section("digest_promises", f.Promises, func(l store.DigestLine) string {
		d, err := invoice.ParseDate(l.Detail)
		if err != nil {
			return ""
		}
		return t("digest_promised_on", map[string]any{"Date": invoice.FormatDate(d, lang)})
	})
	section("digest_disputes", f.Disputes, func(l store.DigestLine) string { return oneLine(l.Detail, 200) })
	if f.Empty() {
		q := t("digest_quiet", nil)
		text.WriteString("\n" + q + "\n")
		htm.WriteString("<p>" + html.EscapeString(q) + "</p>")
	}
	off := t("digest_settings_link", map[string]any{"URL": e.cfg.BaseURL + "/settings/reminders"})
	text.WriteString("\n" + off + "\n")
	htm.WriteString("<p><small>" + html.EscapeString(off) + "</small></p>")
	msg, err := rmail.Compose(rmail.Message{From: e.cfg.From, CompanyName: "Relance", To: []string{co.Email},
		Subject: subject, Text: text.String(), HTML: template.HTML(htm.String()), Brand: brand(co),
		MessageID: id, Date: e.Now(), Auto: true, Lang: lang})
	return msg, subject, err
}

// oneLine keeps a stored text (an SMTP error, a customer's message) on one
// line of at most max characters.
func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > max {
		s = string(r[:max]) + "…"
	}
	return s
}
