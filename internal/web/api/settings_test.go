package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// settingsDoc is the settings document as generic JSON, to edit freely.
func (en *env) settingsDoc() map[string]any {
	en.t.Helper()
	var doc map[string]any
	en.must(http.StatusOK, "GET", "/api/v1/settings/reminders", nil, &doc)
	return doc
}

func step(doc map[string]any, i int) map[string]any {
	return doc["steps"].([]any)[i].(map[string]any)
}

func template(doc map[string]any, i int, lang string) map[string]any {
	return step(doc, i)["templates"].(map[string]any)[lang].(map[string]any)
}

func canonical(t testing.TB, b []byte) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	out, _ := json.Marshal(v)
	return string(out)
}

func TestReminderSettings(t *testing.T) {
	parallelEach(t, func(t *testing.T, en *env) {
		doc := en.settingsDoc()
		if doc["enabled"] != false || doc["send_time"] != "09:00" || doc["timezone"] != "America/Toronto" ||
			doc["catch_up_days"] != float64(7) || doc["attach_pdf"] != true {
			t.Errorf("default settings: %v", doc)
		}
		steps := doc["steps"].([]any)
		if len(steps) != 3 {
			t.Fatalf("steps: %v", steps)
		}
		for i, want := range []struct {
			days float64
			when string
		}{{3, "before"}, {7, "after"}, {21, "after"}} {
			s := step(doc, i)
			if s["days"] != want.days || s["when"] != want.when || s["enabled"] != true {
				t.Errorf("step %d: %v", i+1, s)
			}
			for _, lang := range []string{"en", "fr"} {
				subj, _ := template(doc, i, lang)["subject"].(string)
				if !strings.Contains(subj, "Reminder") && !strings.Contains(subj, "Rappel") {
					t.Errorf("step %d %s: default subject %q", i+1, lang, subj)
				}
			}
		}

		doc["enabled"] = true
		doc["send_time"] = "08:30"
		step(doc, 1)["days"] = 10
		var put map[string]any
		en.must(http.StatusOK, "PUT", "/api/v1/settings/reminders", doc, &put)
		if put["enabled"] != true || put["send_time"] != "08:30" || step(put, 1)["days"] != float64(10) {
			t.Errorf("PUT answer: %v", put)
		}
		saved := en.call("GET", "/api/v1/settings/reminders", nil).body
		if got := en.settingsDoc(); got["enabled"] != true || step(got, 1)["days"] != float64(10) {
			t.Errorf("read back: %v", got)
		}

		bad := []struct {
			name  string
			edit  func(d map[string]any)
			field string
			says  string
		}{
			{"days 91", func(d map[string]any) { step(d, 0)["days"] = 91 }, "steps[0].days", ""},
			{"days -1", func(d map[string]any) { step(d, 2)["days"] = -1 }, "steps[2].days", ""},
			{"when later", func(d map[string]any) { step(d, 1)["when"] = "later" }, "steps[1].when", ""},
			{"send_time 25:00", func(d map[string]any) { d["send_time"] = "25:00" }, "send_time", ""},
			{"send_time 9:00", func(d map[string]any) { d["send_time"] = "9:00" }, "send_time", ""},
			{"timezone Mars/Base", func(d map[string]any) { d["timezone"] = "Mars/Base" }, "timezone", ""},
			{"timezone Local", func(d map[string]any) { d["timezone"] = "Local" }, "timezone", ""},
			{"catch_up_days 91", func(d map[string]any) { d["catch_up_days"] = 91 }, "catch_up_days", ""},
			{"no steps", func(d map[string]any) { d["steps"] = []any{} }, "steps", "1 to 10"},
			{"eleven steps", func(d map[string]any) {
				st := d["steps"].([]any)
				for len(st) < 11 {
					st = append(st, st[2])
				}
				d["steps"] = st
			}, "steps", "1 to 10"},
			{"days 91 on step 5", func(d map[string]any) {
				st := d["steps"].([]any)
				d["steps"] = append(st, st[2], map[string]any{"enabled": true, "days": 91, "when": "after"})
			}, "steps[4].days", ""},
			{"unknown action", func(d map[string]any) { step(d, 1)["action"] = "call" }, "steps[1].action", ""},
			{"three-decimal fee", func(d map[string]any) {
				step(d, 1)["late_fee"] = map[string]any{"kind": "fixed", "amount": "10.005"}
			}, "steps[1].late_fee.amount", "decimals"},
			{"negative fee", func(d map[string]any) {
				step(d, 1)["late_fee"] = map[string]any{"kind": "fixed", "amount": "-1"}
			}, "steps[1].late_fee.amount", "negative"},
			{"percent over 100", func(d map[string]any) {
				step(d, 2)["late_fee"] = map[string]any{"kind": "percent", "percent": "101"}
			}, "steps[2].late_fee.percent", "100"},
			{"repeat every 5 days", func(d map[string]any) { d["repeat"] = map[string]any{"every_days": 5, "max": 3} }, "repeat.every_days", ""},
			{"repeat 53 times", func(d map[string]any) { d["repeat"] = map[string]any{"every_days": 7, "max": 53} }, "repeat.max", ""},
			{"unknown holiday region", func(d map[string]any) {
				d["business_days"] = map[string]any{"skip_weekends": true, "holidays": "CA-NS"}
			}, "business_days.holidays", "CA-NS"},
			{"statement day 29", func(d map[string]any) {
				d["statements"] = map[string]any{"enabled": true, "day_of_month": 29}
			}, "statements.day_of_month", "between 1 and 28"},
			{"unknown placeholder in the statement", func(d map[string]any) {
				d["statement"].(map[string]any)["fr"].(map[string]any)["message"] = "Total {{total}}"
			}, "statement.fr.message", "{{total}}"},
			{"unknown placeholder in the message", func(d map[string]any) {
				template(d, 0, "en")["message"] = "Due on {{due_dat}}."
			}, "steps[0].templates.en.message", "{{due_dat}}"},
			{"unknown placeholder in the subject", func(d map[string]any) {
				template(d, 2, "fr")["subject"] = "Rappel {{numero}}"
			}, "steps[2].templates.fr.subject", "{{numero}}"},
			{"subject on two lines", func(d map[string]any) { template(d, 1, "en")["subject"] = "a\r\nBcc: x@y.z" }, "steps[1].templates.en.subject", ""},
			{"empty message", func(d map[string]any) { template(d, 0, "fr")["message"] = " " }, "steps[0].templates.fr.message", ""},
			{"English salutation in French", func(d map[string]any) {
				tp := template(d, 0, "fr")
				tp["use_greeting"], tp["salutation"] = true, "Dear"
			}, "steps[0].templates.fr.salutation", ""},
			{"unknown name format", func(d map[string]any) {
				tp := template(d, 0, "en")
				tp["use_greeting"], tp["name_format"] = true, "nickname"
			}, "steps[0].templates.en.name_format", ""},
			{"unknown language", func(d map[string]any) {
				step(d, 0)["templates"].(map[string]any)["de"] = map[string]any{"subject": "x", "message": "y"}
			}, "steps[0].templates.de", ""},
		}
		for _, tc := range bad {
			t.Run(tc.name, func(t *testing.T) {
				d := en.settingsDoc()
				tc.edit(d)
				e := checkError(t, en.call("PUT", "/api/v1/settings/reminders", d), http.StatusUnprocessableEntity, "invalid", tc.field)
				if tc.says != "" && !strings.Contains(e.Error.Fields[tc.field], tc.says) {
					t.Errorf("%s: %q does not name %s", tc.field, e.Error.Fields[tc.field], tc.says)
				}
				if now := en.call("GET", "/api/v1/settings/reminders", nil).body; canonical(t, now) != canonical(t, saved) {
					t.Errorf("refused settings changed what is stored:\n%s\n%s", saved, now)
				}
			})
		}
		for name, body := range map[string]string{
			"unknown field": `{"enabled": true, "enabeld": false}`,
			"wrong type":    `{"enabled": "yes"}`,
			"malformed":     `{"enabled": tru`,
		} {
			r := en.call("PUT", "/api/v1/settings/reminders", body)
			if r.status != http.StatusBadRequest {
				t.Errorf("%s: %s, want 400", name, r)
			}
		}
		if now := en.call("GET", "/api/v1/settings/reminders", nil).body; !bytes.Equal(now, saved) {
			t.Errorf("malformed settings changed what is stored")
		}
	})
}

// TestPreview renders a template on a real invoice, in French.
func TestPreview(t *testing.T) {
	parallelEach(t, func(t *testing.T, en *env) {
		cust := en.createCustomer("Côté Rénovation", "elodie@example.com")
		inv := en.createInvoice(map[string]any{
			"number": "2026-042", "customer_id": cust, "issue_date": "2026-01-10", "due_date": "2026-02-09", "currency": "CAD",
			"lines": []map[string]string{
				{"description": "Plans", "quantity": "1", "unit_price": "1200.00", "tax_rate": "14.975"},
				{"description": "Heures", "quantity": "12", "unit_price": "15.50", "tax_rate": "14.975"},
				{"description": "Déplacement", "quantity": "2.5", "unit_price": "80", "tax_rate": "5"},
			},
		})
		en.must(http.StatusCreated, "POST", path("/api/v1/invoices/{id}/payments", inv.ID), map[string]string{"amount": "500.00"}, nil)

		body := map[string]any{"invoice_id": inv.ID, "language": "fr", "template": map[string]any{
			"subject": "Rappel : facture {{invoice_number}}", "use_greeting": true, "salutation": "Bonjour", "name_format": "first_last",
			"message": "Solde dû : {{balance_due}} <script>alert(1)</script>",
		}}
		var p struct{ Subject, Text, HTML string }
		en.must(http.StatusOK, "POST", "/api/v1/settings/reminders/preview", body, &p)
		if p.Subject != "Rappel : facture 2026-042" {
			t.Errorf("subject %q", p.Subject)
		}
		for _, part := range []struct{ name, s string }{{"text", p.Text}, {"html", p.HTML}} {
			s := spaces(part.s)
			for _, want := range []string{"1 303,55 $", "Bonjour Élodie Côté,"} {
				if !strings.Contains(s, want) {
					t.Errorf("%s lacks %q:\n%s", part.name, want, part.s)
				}
			}
		}
		if !strings.Contains(p.Text, "1\u00a0303,55\u00a0$") && !strings.Contains(p.Text, "1\u202f303,55\u00a0$") {
			t.Errorf("text: the amount is not spaced with no-break spaces: %q", p.Text)
		}
		if strings.Contains(p.HTML, "<script>") {
			t.Errorf("user text reached the HTML unescaped:\n%s", p.HTML)
		}
		// The preview stores nothing.
		var ob page[outboxJSON]
		en.must(http.StatusOK, "GET", "/api/v1/outbox", nil, &ob)
		var hist page[reminderJSON]
		en.must(http.StatusOK, "GET", path("/api/v1/invoices/{id}/reminders", inv.ID), nil, &hist)
		if len(ob.Items) != 0 || len(hist.Items) != 0 {
			t.Errorf("preview stored something: outbox %v, history %v", ob.Items, hist.Items)
		}

		for _, tc := range []struct {
			name   string
			body   any
			status int
			field  string
		}{
			{"no invoice", map[string]any{"template": map[string]any{"subject": "x", "message": "y"}}, 422, "invoice_id"},
			{"unknown placeholder", map[string]any{"invoice_id": inv.ID, "template": map[string]any{"subject": "x", "message": "{{due_dat}}"}}, 422, "message"},
			{"subject on two lines", map[string]any{"invoice_id": inv.ID, "template": map[string]any{"subject": "a\nb", "message": "y"}}, 422, "subject"},
			{"unknown language", map[string]any{"invoice_id": inv.ID, "language": "de", "template": map[string]any{"subject": "x", "message": "y"}}, 422, "language"},
			{"no such invoice", map[string]any{"invoice_id": 987654, "template": map[string]any{"subject": "x", "message": "y"}}, 404, ""},
		} {
			code := map[int]string{422: "invalid", 404: "not_found"}[tc.status]
			t.Run(tc.name, func(t *testing.T) {
				checkError(t, en.call("POST", "/api/v1/settings/reminders/preview", tc.body), tc.status, code, tc.field)
			})
		}
	})
}

// TestInvoicePDF: the PDF route answers a real PDF.
func TestInvoicePDF(t *testing.T) {
	parallelEach(t, func(t *testing.T, en *env) {
		cust := en.createCustomer("Côté Rénovation", "elodie@example.com")
		inv := en.createInvoice(simpleInvoice("F-PDF", cust, "2026-01-01", "2026-01-31"))
		for _, q := range []string{"", "?lang=en", "?lang=xx"} {
			r := en.must(http.StatusOK, "GET", path("/api/v1/invoices/{id}/pdf", inv.ID)+q, nil, nil)
			if ct := r.header.Get("Content-Type"); ct != "application/pdf" {
				t.Errorf("%s: content type %q", q, ct)
			}
			if !bytes.HasPrefix(r.body, []byte("%PDF-")) || !bytes.Contains(r.body[len(r.body)-64:], []byte("%%EOF")) {
				t.Errorf("%s: not a PDF: %q…", q, r.body[:min(len(r.body), 16)])
			}
		}
		checkError(t, en.call("GET", "/api/v1/invoices/987654/pdf", nil), http.StatusNotFound, "not_found", "")
	})
}

// TestReminderSettingsSchedule: the example of docs/schedules.md is
// accepted as written (templates left out come from the defaults) and
// read back; a body in the old three-step form, without the new fields,
// still works.
func TestReminderSettingsSchedule(t *testing.T) {
	parallelEach(t, func(t *testing.T, en *env) {
		body := `{
  "enabled": true, "send_time": "09:00", "timezone": "America/Toronto", "catch_up_days": 7,
  "steps": [
    {"enabled": true, "days": 3, "when": "before"},
    {"enabled": true, "days": 7, "when": "after",
     "late_fee": {"kind": "fixed", "amount": "10.00", "tax_rate": "14.975"}},
    {"enabled": true, "days": 21, "when": "after", "action": "both",
     "late_fee": {"kind": "percent", "percent": "1.5", "cap": "50.00"}},
    {"enabled": true, "days": 30, "when": "after", "action": "notify_team"},
    {"enabled": true, "days": 45, "when": "after"}
  ],
  "repeat": {"every_days": 14, "max": 6},
  "business_days": {"skip_weekends": true, "holidays": "CA-QC"}
}`
		var got map[string]any
		en.must(http.StatusOK, "PUT", "/api/v1/settings/reminders", body, &got)
		steps := got["steps"].([]any)
		if len(steps) != 5 || step(got, 2)["action"] != "both" || step(got, 1)["late_fee"].(map[string]any)["amount"] != "10.00" ||
			got["repeat"].(map[string]any)["max"] != float64(6) || got["business_days"].(map[string]any)["holidays"] != "CA-QC" {
			t.Fatalf("read back %v", got)
		}
		if template(got, 4, "fr")["subject"] == "" {
			t.Errorf("step 5 has no default French template: %v", step(got, 4))
		}
		old := `{"enabled": true, "send_time": "09:00", "timezone": "America/Toronto", "catch_up_days": 7, "steps": [
  {"enabled": true, "days": 3, "when": "before"}, {"enabled": true, "days": 7, "when": "after"},
  {"enabled": true, "days": 21, "when": "after"}]}`
		en.must(http.StatusOK, "PUT", "/api/v1/settings/reminders", old, &got)
		if len(got["steps"].([]any)) != 3 || got["repeat"] != nil || step(got, 0)["late_fee"] != nil {
			t.Errorf("old form read back %v", got)
		}
	})
}
