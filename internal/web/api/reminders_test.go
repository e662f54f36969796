package api_test

import (
	"bytes"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
)

type reminderJSON struct {
	ID        int64      `json:"id"`
	InvoiceID int64      `json:"invoice_id"`
	Step      int        `json:"step"`
	State     string     `json:"state"`
	To        string     `json:"to"`
	Subject   string     `json:"subject"`
	BodyText  string     `json:"body_text"`
	MessageID string     `json:"message_id"`
	SentAt    *time.Time `json:"sent_at"`
}

type outboxJSON struct {
	ID         int64  `json:"id"`
	ReminderID *int64 `json:"reminder_id"`
	InvoiceID  *int64 `json:"invoice_id"`
	MessageID  string `json:"message_id"`
	Subject    string `json:"subject"`
	Recipients string `json:"recipients"`
}

// parsedMail is a raw message read back with a real MIME parser.
type parsedMail struct {
	subject, messageID string
	to                 []string
	text, html         string
	attachments        []string
}

func parseMail(t testing.TB, raw []byte) parsedMail {
	t.Helper()
	mr, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("parse message: %v\n%s", err, raw)
	}
	var p parsedMail
	if p.subject, err = mr.Header.Subject(); err != nil {
		t.Errorf("subject: %v", err)
	}
	if p.messageID, err = mr.Header.MessageID(); err != nil {
		t.Errorf("message-id: %v", err)
	}
	to, err := mr.Header.AddressList("To")
	if err != nil {
		t.Errorf("to: %v", err)
	}
	for _, a := range to {
		p.to = append(p.to, a.Address)
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("part: %v", err)
		}
		b, err := io.ReadAll(part.Body)
		if err != nil {
			t.Fatalf("read part: %v", err)
		}
		switch h := part.Header.(type) {
		case *mail.InlineHeader:
			ct, _, _ := h.ContentType()
			switch ct {
			case "text/plain":
				p.text = string(b)
			case "text/html":
				p.html = string(b)
			}
		case *mail.AttachmentHeader:
			name, _ := h.Filename()
			if !bytes.HasPrefix(b, []byte("%PDF")) {
				t.Errorf("attachment %s is not a PDF", name)
			}
			p.attachments = append(p.attachments, name)
		}
	}
	return p
}

// spaces maps the no-break spaces of French number formats to spaces.
func spaces(s string) string {
	return strings.NewReplacer("\u00a0", " ", "\u202f", " ", "&nbsp;", " ", "&#160;", " ", "&#8239;", " ").Replace(s)
}

// TestManualReminder sends a hand-edited reminder through the built-in
// outbox and reads it back everywhere it shows.
func TestManualReminder(t *testing.T) {
	parallelEach(t, func(t *testing.T, en *env) {
		cust := en.createCustomer("Côté Rénovation", "elodie@example.com")
		inv := en.createInvoice(simpleInvoice("F-100", cust, "2026-01-01", "2026-01-31")) // 210.00
		en.must(http.StatusCreated, "POST", path("/api/v1/invoices/{id}/payments", inv.ID), map[string]string{"amount": "10.00"}, nil)
		// Paused reminders do not stop a manual one.
		en.must(http.StatusOK, "PATCH", path("/api/v1/invoices/{id}", inv.ID), map[string]any{"reminders_paused": true}, nil)

		edited := map[string]string{
			"subject": "Facture {{invoice_number}} : petit rappel",
			"message": "Bonjour Élodie,\n\nÉdité à la main : il reste {{balance_due}} à régler.\n\n<b>pas du HTML</b>",
		}
		var rem reminderJSON
		en.must(http.StatusAccepted, "POST", path("/api/v1/invoices/{id}/reminders", inv.ID), edited, &rem)
		if rem.ID <= 0 || rem.InvoiceID != inv.ID || rem.Step != 0 || rem.State != "scheduled" || rem.MessageID == "" {
			t.Errorf("202 reminder: %+v", rem)
		}
		en.drain()

		var ob page[outboxJSON]
		en.must(http.StatusOK, "GET", "/api/v1/outbox", nil, &ob)
		if len(ob.Items) != 1 {
			t.Fatalf("outbox: %+v", ob.Items)
		}
		m := ob.Items[0]
		if m.Subject != "Facture F-100 : petit rappel" || m.InvoiceID == nil || *m.InvoiceID != inv.ID ||
			m.ReminderID == nil || *m.ReminderID != rem.ID || m.MessageID != rem.MessageID ||
			!strings.Contains(m.Recipients, "elodie@example.com") {
			t.Errorf("outbox item: %+v", m)
		}
		var one outboxJSON
		en.must(http.StatusOK, "GET", path("/api/v1/outbox/{id}", m.ID), nil, &one)
		if !reflect.DeepEqual(one, m) {
			t.Errorf("GET /outbox/{id} %+v differs from the list's %+v", one, m)
		}

		r := en.must(http.StatusOK, "GET", path("/api/v1/outbox/{id}/raw", m.ID), nil, nil)
		if ct := r.header.Get("Content-Type"); ct != "message/rfc822" {
			t.Errorf("raw content type %q", ct)
		}
		p := parseMail(t, r.body)
		if p.subject != "Facture F-100 : petit rappel" {
			t.Errorf("raw subject %q", p.subject)
		}
		if "<"+p.messageID+">" != rem.MessageID && p.messageID != rem.MessageID {
			t.Errorf("raw Message-ID %q, reminder's %q", p.messageID, rem.MessageID)
		}
		if len(p.to) != 1 || p.to[0] != "elodie@example.com" {
			t.Errorf("raw To %v", p.to)
		}
		for _, want := range []string{"Édité à la main : il reste 200,00 $ à régler.", "<b>pas du HTML</b>"} {
			if !strings.Contains(spaces(p.text), want) {
				t.Errorf("text part lacks %q:\n%s", want, p.text)
			}
		}
		if !strings.Contains(spaces(p.html), "Édité à la main") || strings.Contains(p.html, "<b>pas du HTML</b>") {
			t.Errorf("HTML part lacks the edit or does not escape it:\n%s", p.html)
		}
		if len(p.attachments) != 1 {
			t.Errorf("attachments %v, want the invoice PDF (attach_pdf is on by default)", p.attachments)
		}

		var hist page[reminderJSON]
		en.must(http.StatusOK, "GET", path("/api/v1/invoices/{id}/reminders", inv.ID), nil, &hist)
		if len(hist.Items) != 1 || hist.Items[0].ID != rem.ID || hist.Items[0].State != "sent" || hist.Items[0].SentAt == nil ||
			hist.Items[0].Subject != "Facture F-100 : petit rappel" || hist.Items[0].Step != 0 {
			t.Errorf("history: %+v", hist.Items)
		}
		var got invoiceJSON
		en.must(http.StatusOK, "GET", path("/api/v1/invoices/{id}", inv.ID), nil, &got)
		if got.LastReminderAt == nil || !got.LastReminderAt.Equal(*hist.Items[0].SentAt) {
			t.Errorf("last_reminder_at %v, sent_at %v", got.LastReminderAt, hist.Items[0].SentAt)
		}

		// Without a body, the reminder is step 1's template in French; an
		// empty chunked body (no Content-Length) is no body either.
		req := en.newRequest("POST", path("/api/v1/invoices/{id}/reminders", inv.ID), "")
		req.ContentLength = -1
		req.Header.Set("Authorization", "Bearer "+en.token)
		if r := en.serve(req); r.status != http.StatusAccepted {
			t.Errorf("empty chunked body: %s", r)
		}
		en.drain()
		en.must(http.StatusOK, "GET", "/api/v1/outbox", nil, &ob)
		if len(ob.Items) != 2 || !strings.HasPrefix(ob.Items[0].Subject, "Rappel : facture F-100") {
			t.Errorf("default manual reminder: %+v", ob.Items)
		}

		// Refusals, none of which records anything.
		paidInv := en.createInvoice(simpleInvoice("F-101", cust, "2026-01-01", "2026-01-31"))
		en.must(http.StatusCreated, "POST", path("/api/v1/invoices/{id}/payments", paidInv.ID), map[string]string{"amount": "210.00"}, nil)
		voidInv := en.createInvoice(simpleInvoice("F-102", cust, "2026-01-01", "2026-01-31"))
		en.must(http.StatusOK, "POST", path("/api/v1/invoices/{id}/void", voidInv.ID), nil, nil)
		draft := simpleInvoice("F-103", cust, "2026-01-01", "2026-01-31")
		draft["draft"] = true
		draftInv := en.createInvoice(draft)
		reminders := path("/api/v1/invoices/{id}/reminders", inv.ID)
		for _, tc := range []struct {
			name, path string
			body       any
			status     int
			code       string
			field      string
		}{
			{"paid invoice", path("/api/v1/invoices/{id}/reminders", paidInv.ID), nil, 422, "invalid", "invoice"},
			{"voided invoice", path("/api/v1/invoices/{id}/reminders", voidInv.ID), nil, 422, "invalid", "invoice"},
			{"draft invoice", path("/api/v1/invoices/{id}/reminders", draftInv.ID), nil, 422, "invalid", "invoice"},
			{"subject with CR LF", reminders, map[string]string{"subject": "Hello\r\nBcc: victim@example.com"}, 422, "invalid", "subject"},
			{"subject with LF", reminders, map[string]string{"subject": "Hello\nthere"}, 422, "invalid", "subject"},
			{"unknown placeholder", reminders, map[string]string{"message": "Due {{due_dat}}"}, 422, "invalid", "message"},
			// The limits are reminder.CheckManual's, the UI form's too: 200
			// characters of subject (not 800 bytes), 10000 of message.
			{"subject of 201 characters", reminders, map[string]string{"subject": strings.Repeat("x", 201)}, 422, "invalid", "subject"},
			{"message of 10001 characters", reminders, map[string]string{"message": strings.Repeat("x", 10001)}, 422, "invalid", "message"},
			{"unknown field", reminders, map[string]string{"body": "x"}, 400, "malformed", "body"},
			{"malformed JSON", reminders, `{"subject":`, 400, "malformed", ""},
			{"no such invoice", "/api/v1/invoices/987654/reminders", nil, 404, "not_found", ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := checkError(t, en.call("POST", tc.path, tc.body), tc.status, tc.code, tc.field)
				if tc.name == "unknown placeholder" && !strings.Contains(e.Error.Fields["message"], "{{due_dat}}") {
					t.Errorf("the message does not name the placeholder: %+v", e.Error)
				}
			})
		}
		en.drain()
		en.must(http.StatusOK, "GET", "/api/v1/outbox", nil, &ob)
		if len(ob.Items) != 2 {
			t.Errorf("refused reminders reached the outbox: %+v", ob.Items)
		}
		for _, id := range []int64{inv.ID, paidInv.ID, voidInv.ID, draftInv.ID} {
			en.must(http.StatusOK, "GET", path("/api/v1/invoices/{id}/reminders", id), nil, &hist)
			want := 0
			if id == inv.ID {
				want = 2
			}
			if len(hist.Items) != want {
				t.Errorf("invoice %d: %d reminders recorded, want %d", id, len(hist.Items), want)
			}
		}
	})
}
