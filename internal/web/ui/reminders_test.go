package ui

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// settingsForm is the reminders form as the page renders it.
func settingsForm(t *testing.T, c *client) url.Values {
	t.Helper()
	return formOf(c.get("/settings/reminders").body)
}

// formOf reads the values a browser would post from a page's form fields.
func formOf(body string) url.Values {
	f := url.Values{}
	for _, m := range regexp.MustCompile(`<input[^>]*name="([^"]+)"[^>]*>`).FindAllStringSubmatch(body, -1) {
		tag, name := m[0], m[1]
		if strings.Contains(tag, `type="checkbox"`) {
			if strings.Contains(tag, " checked") {
				f.Set(name, "1")
			}
			continue
		}
		if v := regexp.MustCompile(`value="([^"]*)"`).FindStringSubmatch(tag); v != nil {
			f.Set(name, htmlUnescape(v[1]))
		}
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(body, -1) {
		f.Set(m[1], htmlUnescape(m[2]))
	}
	for _, m := range regexp.MustCompile(`(?s)<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>`).FindAllStringSubmatch(body, -1) {
		if sel := regexp.MustCompile(`<option(?: value="([^"]*)")? selected>([^<]*)`).FindStringSubmatch(m[2]); sel != nil {
			v := sel[1]
			if !strings.Contains(sel[0], ` value="`) { // an option without a value sends its text
				v = sel[2]
			}
			f.Set(m[1], htmlUnescape(v))
		}
	}
	return f
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&#39;", "'", "&#34;", `"`, "&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`).Replace(s)
}

// TestRemindersEndToEnd: settings saved from the form drive the engine; the
// list shows "Reminder sent", a manual reminder with an edited message
// lands in the outbox, which shows it as sent.
func TestRemindersEndToEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := newBundle(t, s)
		cu := storetest.Customer(t, s, b.company.ID, "Élodie Côté")
		inv := b.invoiceFor(b.company.ID, cu.ID, "F-100", -6, 123456)
		b.c.signin("owner@example.com")

		f := settingsForm(t, b.c)
		if f.Get("steps[0].templates.fr.subject") == "" || f.Get("send_time") != "09:00" {
			t.Fatalf("form not read: %v", f)
		}
		f.Set("enabled", "1")
		f.Set("steps[0].days", "3")
		f.Set("steps[0].when", "before")
		f.Set("steps[1].days", "5")
		f.Set("steps[1].when", "after")
		f.Set("steps[1].templates.fr.subject", "Rappel amical : {{invoice_nmber}}")
		r := b.c.submit("/settings/reminders", f)
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("unknown placeholder saved: %d", r.code)
		}
		mustContain(t, r, "Unknown placeholder {{invoice_nmber}}", `value="Rappel amical : {{invoice_nmber}}"`)
		// "Use default" restores the wording without saving.
		f.Set("default", "steps[1].templates.fr")
		r = b.c.submit("/settings/reminders", f)
		mustContain(t, r, "Rappel : facture {{invoice_number}} en souffrance")
		f.Del("default")
		f.Set("steps[1].templates.fr.subject", "Rappel amical : facture {{invoice_number}}")
		// The preview renders the edited template on the invoice, unsaved.
		f.Set("preview", "steps[1].templates.fr")
		f.Set("preview_invoice", itoa(inv.ID))
		r = b.c.submit("/settings/reminders/preview", f)
		mustContain(t, r, "Rappel amical : facture F-100", "srcdoc=", "1\u00a0234,56\u00a0$")
		if r.hdr.Get("X-Frame-Options") != "SAMEORIGIN" {
			t.Errorf("preview frame options %q", r.hdr.Get("X-Frame-Options"))
		}
		f.Del("preview")
		if r := b.c.submit("/settings/reminders", f); r.code != http.StatusSeeOther {
			t.Fatalf("save settings: %d %s", r.code, r.body)
		}
		st, _ := s.ReminderSettings(context.Background(), b.company.ID)
		if !st.Enabled || st.Steps[1].Days != 5 || st.Steps[0].When != "before" || st.Steps[1].Templates["fr"].Subject != "Rappel amical : facture {{invoice_number}}" {
			t.Fatalf("stored settings %+v", st)
		}
		mustContain(t, b.c.get("/settings/reminders?done=saved"), "Saved.")

		// The scan sends reminder 2 (due 6 days ago, +5 days), into the outbox.
		if _, err := b.eng.Scan(context.Background(), false); err != nil {
			t.Fatal(err)
		}
		if err := b.eng.Drain(context.Background()); err != nil {
			t.Fatal(err)
		}
		r = b.c.get("/invoices")
		mustContain(t, r, "F-100", "Overdue 6 days", "Reminder sent ")
		r = b.c.get("/invoices/" + itoa(inv.ID))
		mustContain(t, r, "Reminder 2", "Sent", "elodie@example.com", "Rappel amical : facture F-100")

		// Manual reminder: the draft is in the customer's language; send an
		// edited message.
		r = b.c.get("/invoices/" + itoa(inv.ID) + "/reminders/new")
		mustContain(t, r, `name="subject" lang="fr" required value="Rappel : facture {{invoice_number}} en souffrance"`, "French")
		r = b.c.submit("/invoices/"+itoa(inv.ID)+"/reminders", url.Values{"subject": {"Petit rappel F-100"},
			"message": {"Bonjour, un mot <b>personnel</b> pour {{invoice_number}}."}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("manual reminder: %d %s", r.code, r.body)
		}
		if err := b.eng.Drain(context.Background()); err != nil {
			t.Fatal(err)
		}
		r = b.c.get("/outbox")
		mustContain(t, r, "Petit rappel F-100", "Rappel amical : facture F-100")
		id := regexp.MustCompile(`href="/outbox/(\d+)">Petit rappel`).FindStringSubmatch(r.body)
		if id == nil {
			t.Fatal("manual reminder not in outbox list")
		}
		r = b.c.get("/outbox/" + id[1])
		mustContain(t, r, "Petit rappel F-100", "elodie@example.com", "un mot &lt;b&gt;personnel&lt;/b&gt; pour F-100",
			"<iframe sandbox srcdoc=", "Message ID", `">F-100</a>`)
		att := regexp.MustCompile(`href="(/outbox/\d+/parts/\d+)" download>([^<]+)<`).FindStringSubmatch(r.body)
		if att == nil || !strings.HasSuffix(att[2], ".pdf") {
			t.Fatalf("no PDF attachment link")
		}
		p := b.c.get(att[1])
		if p.code != 200 || p.hdr.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(p.body, "%PDF") ||
			!strings.HasPrefix(p.hdr.Get("Content-Disposition"), "attachment") {
			t.Errorf("attachment: %d %s %q", p.code, p.hdr.Get("Content-Type"), p.hdr.Get("Content-Disposition"))
		}
		if raw := b.c.get("/outbox/" + id[1] + "/raw"); !strings.Contains(raw.body, "Message-Id") && !strings.Contains(raw.body, "Message-ID") {
			t.Errorf("raw message lacks a Message-ID")
		}
		// A manual reminder on a paid invoice is refused on the form.
		if _, err := storetest.Books(s).AddPayment(context.Background(), b.company.ID, inv.ID, &invoice.Payment{Amount: inv.Total, Date: inv.DueDate}); err != nil {
			t.Fatal(err)
		}
		r = b.c.submit("/invoices/"+itoa(inv.ID)+"/reminders", url.Values{"subject": {"x"}, "message": {"y"}})
		if r.code != http.StatusUnprocessableEntity {
			t.Errorf("reminder on a paid invoice: %d", r.code)
		}
		mustContain(t, r, "The invoice is paid.", `value="x"`)
	})
}

// TestManualReminderHourlyLimit: past reminder.MaxManualPerHour manual
// reminders in an hour, the page refuses the next one with a clear reason,
// in the user's language; another user of the company is not affected.
func TestManualReminderHourlyLimit(t *testing.T) {
	b := newBundle(t, storetest.SQLite(t))
	hour := time.Date(2026, 11, 30, 14, 0, 0, 0, time.UTC)
	b.eng.Wall = func() time.Time { return hour }
	cu := storetest.Customer(t, b.s, b.company.ID, "Client")
	inv := b.invoiceFor(b.company.ID, cu.ID, "M-1", -5, 10000)
	ctx := reminder.WithActor(context.Background(), "user:"+itoa(b.user.ID))
	for i := 0; i < reminder.MaxManualPerHour; i++ {
		if _, err := b.eng.SendManual(ctx, b.company.ID, inv.ID, "s", "m"); err != nil {
			t.Fatal(err)
		}
	}
	b.c.signin("owner@example.com")
	form := url.Values{"subject": {"Rappel"}, "message": {"Bonjour"}}
	r := b.c.submit("/invoices/"+itoa(inv.ID)+"/reminders", form)
	if r.code != http.StatusTooManyRequests {
		t.Fatalf("reminder %d of the hour: %d, want 429", reminder.MaxManualPerHour+1, r.code)
	}
	mustContain(t, r, "manual reminders in this hour", "try again next hour")
	b.c.submit("/language", url.Values{"lang": {"fr"}})
	mustContain(t, b.c.submit("/invoices/"+itoa(inv.ID)+"/reminders", form), "relances manuelles dans l&#39;heure")
	other := b.addUser("colleague@example.com", b.company.ID, "en")
	c2 := b.client()
	c2.signin(other.Email)
	if r := c2.submit("/invoices/"+itoa(inv.ID)+"/reminders", form); r.code != http.StatusSeeOther {
		t.Errorf("another user: %d, want 303", r.code)
	}
}

// TestSettingsGroupingAndStatements: Settings → Reminders saves "one
// message per customer", the monthly statement and its day, and the
// statement wording per language; a day outside 1–28 or an unknown
// placeholder is refused on its field.
func TestSettingsGroupingAndStatements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := newBundle(t, s)
		b.c.signin("owner@example.com")
		f := settingsForm(t, b.c)
		if f.Get("statement.fr.subject") != "Relevé de compte de {{company_name}}" || f.Get("statements.day_of_month") != "1" ||
			f.Has("group_by_customer") {
			t.Fatalf("form: statement subject %q, day %q, group %q", f.Get("statement.fr.subject"),
				f.Get("statements.day_of_month"), f.Get("group_by_customer"))
		}
		f.Set("group_by_customer", "1")
		f.Set("statements.enabled", "1")
		f.Set("statements.day_of_month", "29")
		r := b.c.submit("/settings/reminders", f)
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("day 29 saved: %d", r.code)
		}
		mustContain(t, r, "between 1 and 28", `value="29"`)
		f.Set("statements.day_of_month", "15")
		f.Set("statement.en.message", "Total {{total}}")
		if r := b.c.submit("/settings/reminders", f); r.code != http.StatusUnprocessableEntity || !contains(r.body, "{{total}}") {
			t.Fatalf("unknown placeholder in the statement saved: %d", r.code)
		}
		f.Set("statement.en.message", "Your statement: {{balance_due}} due.")
		if r := b.c.submit("/settings/reminders", f); r.code != http.StatusSeeOther {
			t.Fatalf("save: %d %s", r.code, r.body)
		}
		st, _ := s.ReminderSettings(context.Background(), b.company.ID)
		if !st.GroupByCustomer || st.Statements != (reminder.Statements{Enabled: true, DayOfMonth: 15}) ||
			st.Statement["en"].Message != "Your statement: {{balance_due}} due." {
			t.Errorf("stored: group %v, statements %+v, statement en %+v", st.GroupByCustomer, st.Statements, st.Statement["en"])
		}
	})
}
