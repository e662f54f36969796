package ui

import (
	"bytes"
	"context"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store/storetest"
)

// englishFragments are the pieces of the English catalogue that a French
// page must never show: every English message's literal text (split
// around its {{.Values}}), kept when it has a word of 4 letters or more
// and appears in no French message (so "Cc" or "Date" do not count).
func englishFragments(t *testing.T) []string {
	t.Helper()
	var fr strings.Builder
	for _, id := range i18n.IDs("fr") {
		fr.WriteString(i18n.T("fr", id, map[string]any{"Count": 2}))
		fr.WriteString("\n")
	}
	frText := fr.String()
	seen := map[string]bool{}
	var out []string
	word := regexp.MustCompile(`\p{L}{4,}`)
	for _, id := range i18n.IDs("en") {
		for _, s := range []string{i18n.T("en", id, nil), i18n.T("en", id, map[string]any{"Count": 2})} {
			for _, frag := range strings.Split(s, "<no value>") {
				frag = strings.TrimSpace(strings.Trim(frag, " .,:;()—–-…“”\"'"))
				if !word.MatchString(frag) || seen[frag] || strings.Contains(frText, frag) {
					continue
				}
				seen[frag] = true
				out = append(out, frag)
			}
		}
	}
	sort.Strings(out)
	return out
}

var (
	// Not prose: scripts, the email frames, column names and placeholder
	// names in <code>, {{placeholders}}.
	hiddenRe = regexp.MustCompile(`(?is)<(script|style|iframe|code)\b.*?</(script|style|iframe|code)>|\{\{[^}]*\}\}`)
	attrRe   = regexp.MustCompile(`(?i)\s(?:title|aria-label|placeholder|alt)="([^"]*)"`)
	tagRe    = regexp.MustCompile(`<[^>]*>`)
	// lang="en" marks text meant to be English on any page (the "English"
	// language switch link).
	langEnRe = regexp.MustCompile(`(?is)<[a-z]+[^>]*\slang="en"[^>]*>[^<]*</[a-z]+>`)
)

// visibleText is what a person (or a screen reader) reads of an HTML page:
// its text and its title, aria-label, placeholder and alt attributes.
func visibleText(page string) string {
	page = hiddenRe.ReplaceAllString(page, " ")
	page = langEnRe.ReplaceAllString(page, " ")
	var b strings.Builder
	for _, m := range attrRe.FindAllStringSubmatch(page, -1) {
		b.WriteString(html.UnescapeString(m[1]) + "\n")
	}
	b.WriteString(html.UnescapeString(tagRe.ReplaceAllString(page, "\n")))
	return b.String()
}

// englishOn lists the English catalogue fragments found in text, as whole
// words.
func englishOn(text string, frags []string) []string {
	var found []string
	for _, f := range frags {
		re := regexp.MustCompile(`(^|[^\p{L}])` + regexp.QuoteMeta(f) + `($|[^\p{L}])`)
		if re.MatchString(text) {
			found = append(found, f)
		}
	}
	return found
}

// TestNoEnglishOnFrenchPages renders every GET page of the route table for
// a French-speaking user, with data on it (an overdue invoice, a sent
// reminder, an outbox message, an import report with refused rows), plus
// the forms re-shown with errors and the plain-text error bodies, and
// fails on any English catalogue text among what the page shows.
func TestNoEnglishOnFrenchPages(t *testing.T) {
	s := storetest.SQLite(t)
	b := newBundle(t, s)
	ctx := context.Background()
	if err := s.SetUserLanguage(ctx, b.user.ID, "fr"); err != nil {
		t.Fatal(err)
	}
	frags := englishFragments(t)
	if len(frags) < 200 {
		t.Fatalf("only %d English fragments: the catalogue was not read", len(frags))
	}
	// The check itself: an English page must be caught.
	if got := englishOn(visibleText(b.c.get("/signin?lang=en").body), frags); len(got) == 0 {
		t.Fatal("the English sign-in page shows no English fragment: the check cannot fail")
	}

	cu := storetest.Customer(t, s, b.company.ID, "Élodie Côté")
	inv := b.invoiceFor(b.company.ID, cu.ID, "F-2040", -17, 120000)
	b.invoiceFor(b.company.ID, cu.ID, "F-2041", -8, 250050)
	st, err := s.ReminderSettings(ctx, b.company.ID)
	if err != nil {
		t.Fatal(err)
	}
	st.Enabled = true
	if err := storetest.Books(s).PutReminderSettings(ctx, b.company.ID, st); err != nil {
		t.Fatal(err)
	}
	if _, err := b.eng.Scan(ctx, false); err != nil {
		t.Fatal(err)
	}
	if err := b.eng.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	out, err := s.ListOutbox(ctx, b.company.ID, 10, 0)
	if err != nil || len(out) == 0 {
		t.Fatalf("no outbox message (%v)", err)
	}

	// A failed sign-in, in French, shows its error once.
	anon := b.client()
	r := anon.post("/signin", url.Values{"email": {"owner@example.com"}, "password": {"wrong"}, "lang": {"fr"}})
	check := func(name string, body string) {
		t.Helper()
		if got := englishOn(visibleText(body), frags); len(got) > 0 {
			t.Errorf("%s: English on a French page: %q", name, got)
		}
	}
	check("failed sign-in", r.body)
	if n := strings.Count(r.body, i18n.T("fr", "signin_bad", nil)); n != 1 {
		t.Errorf("failed sign-in shows its error %d times, want once", n)
	}
	// Plain-text errors.
	req, _ := http.NewRequest("POST", b.srv.URL+"/invoices", strings.NewReader(""))
	req.Header.Set("Accept-Language", "fr-CA,fr;q=0.9")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if r := anon.do(req); r.code != http.StatusUnauthorized || !strings.Contains(r.body, "Connectez-vous") {
		t.Errorf("401 body %d %q", r.code, r.body)
	}

	// A named schedule chosen by the customer, for its pages.
	named := &reminder.Schedule{Name: "Grossistes", Conditions: reminder.Conditions{MinBalance: "10.00",
		Currencies: []string{"CAD"}, CustomerTags: []string{"grossiste"}}, Cadence: st.Cadence}
	if err := storetest.Books(s).CreateSchedule(ctx, b.company.ID, named); err != nil {
		t.Fatal(err)
	}
	cu.ScheduleID = &named.ID
	if err := storetest.Books(s).UpdateCustomer(ctx, cu); err != nil {
		t.Fatal(err)
	}

	// Named taxes and payments (one corrected, one deleted) show on the
	// invoice page, its form and the payment form.
	bk := storetest.Books(s)
	co := *b.company
	co.TaxName1, co.TaxRate1, co.TaxNumber1 = "TPS", 50000, "123456789 RT0001"
	co.TaxName2, co.TaxRate2, co.TaxNumber2 = "TVQ", 99750, "1234567890 TQ0001"
	if err := bk.UpdateCompany(ctx, &co); err != nil {
		t.Fatal(err)
	}
	taxed := b.invoiceFor(b.company.ID, cu.ID, "F-2042", 5, 10000)
	taxed.Lines[0].SetTaxes([]invoice.LineTax{{Name: "TPS", Rate: 50000}, {Name: "TVQ", Rate: 99750}})
	if err := bk.UpdateInvoice(ctx, taxed); err != nil {
		t.Fatal(err)
	}
	p1 := &invoice.Payment{Amount: 10000, Date: day(t, -1), Method: "Chèque", Reference: "000123", Memo: "Reçu", CreatedBy: "owner@example.com"}
	p2 := &invoice.Payment{Amount: 5000, Date: day(t, -1), CreatedBy: "owner@example.com"}
	for _, p := range []*invoice.Payment{p1, p2} {
		if _, err := bk.AddPayment(ctx, b.company.ID, inv.ID, p); err != nil {
			t.Fatal(err)
		}
	}
	p1.Amount = 12000
	if _, err := bk.UpdatePayment(ctx, b.company.ID, inv.ID, p1, "owner@example.com"); err != nil {
		t.Fatal(err)
	}
	if err := bk.DeletePayment(ctx, b.company.ID, inv.ID, p2.ID, "owner@example.com"); err != nil {
		t.Fatal(err)
	}

	b.c.signin("owner@example.com")
	page := b.c.get("/invoices/" + itoa(taxed.ID))
	check("taxed invoice", page.body)
	mustContain(t, page, "TPS (5\u00a0%)", "TVQ (9,975\u00a0%)", "TPS\u00a0: 123456789 RT0001")
	check("taxed invoice's form", b.c.get("/invoices/"+itoa(taxed.ID)+"/edit").body)
	page = b.c.get("/invoices/" + itoa(inv.ID))
	check("invoice with payments", page.body)
	mustContain(t, page, "Chèque", "000123", "Paiement corrigé à", "supprimé par owner@example.com")
	ids := map[string]string{"{id}": itoa(inv.ID), "{pid}": itoa(p1.ID)}
	for _, p := range b.ui.Patterns() {
		method, path, _ := strings.Cut(p, " ")
		if method != "GET" || strings.HasPrefix(path, "/static/") || strings.Contains(path, "{n}") ||
			strings.HasSuffix(path, "/pdf") || strings.HasSuffix(path, "/raw") || strings.HasSuffix(path, "/logo") ||
			path == "/reports/{table}" || path == "/settings/integrations/{id}" { // a CSV; a webhook's log (no webhook here)
			continue
		}
		path = strings.ReplaceAll(path, "{$}", "")
		switch {
		case strings.HasPrefix(path, "/customers/"):
			path = strings.ReplaceAll(path, "{id}", itoa(cu.ID))
		case strings.HasPrefix(path, "/outbox/"):
			path = strings.ReplaceAll(path, "{id}", itoa(out[0].ID))
		case strings.HasPrefix(path, "/settings/schedules/"):
			path = strings.ReplaceAll(path, "{id}", itoa(named.ID))
		default:
			path = strings.ReplaceAll(strings.ReplaceAll(path, "{id}", ids["{id}"]), "{pid}", ids["{pid}"])
		}
		r := b.c.get(path)
		if r.code == http.StatusSeeOther {
			r = b.c.get(r.loc)
		}
		if r.code != http.StatusOK && path != "/setup" {
			t.Errorf("GET %s: %d", path, r.code)
			continue
		}
		check("GET "+path, r.body)
	}
	for _, q := range []string{"/invoices?status=overdue", "/import?kind=invoices", "/settings/reminders?done=saved",
		"/settings/schedules?done=deleted&fell=2"} {
		check("GET "+q, b.c.get(q).body)
	}

	// Forms re-shown with errors.
	f := settingsForm(t, b.c)
	f.Set("steps[1].templates.en.subject", "{{nope}}")
	f.Set("send_time", "25:00")
	check("settings with errors", b.c.submit("/settings/reminders", f).body)
	check("manual reminder with errors", b.c.submit("/invoices/"+itoa(inv.ID)+"/reminders", url.Values{"subject": {""}, "message": {""}}).body)
	check("payment with errors", b.c.submit("/invoices/"+itoa(inv.ID)+"/payments", url.Values{"amount": {"abc"}, "date": {"x"}}).body)
	check("payment correction with errors", b.c.submit("/invoices/"+itoa(inv.ID)+"/payments/"+itoa(p1.ID),
		url.Values{"amount": {"99999"}, "date": {"x"}, "reference": {strings.Repeat("9", 101)}}).body)
	check("company settings with errors", b.c.submit("/settings/company", url.Values{"name": {"Atelier"}, "timezone": {"America/Toronto"},
		"language": {"fr"}, "currency": {"CAD"}, "tax_rate_1": {"cinq"}, "tax_name_2": {"TPS;TVQ"}}).body)
	check("invoice with errors", b.c.submit("/invoices", url.Values{"number": {""}}).body)
	check("customer with errors", b.c.submit("/customers", url.Values{"display_name": {""}, "email": {"not an address"},
		"tags": {"a,,b"}, "schedule_id": {"999999"}}).body)
	check("schedule with errors", b.c.submit("/settings/schedules", url.Values{"name": {"Grossistes"}, "priority": {"x"},
		"conditions.min_balance": {"9"}, "conditions.max_balance": {"1.234"}, "conditions.currencies": {"ZZZ"},
		"conditions.customer_tags": {"a"}, "steps[0].days": {"99"}, "steps[0].when": {"after"}}).body)

	// An import report with refused rows: its reasons are French.
	csv := "N° de facture,Client,Courriel,Date de facturation,Date d'échéance,Quantité de l'article,Taux de l'article\n" +
		"A-1,Inconnu SARL,x@y.test,2026-01-01,2026-02-01,deux,10\n" +
		"A-2,Élodie Côté,x@y.test,pas une date,2026-02-01,1,10\n"
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", b.c.csrf())
	mw.WriteField("kind", "invoices")
	mw.WriteField("date_format", "YYYY-MM-DD")
	fw, _ := mw.CreateFormFile("file", "factures.csv")
	fw.Write([]byte(csv))
	mw.Close()
	req, _ = http.NewRequest("POST", b.srv.URL+"/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	r = b.c.do(req)
	if !strings.Contains(r.body, "Client inconnu") {
		t.Errorf("import report without its French reason:\n%s", visibleText(r.body))
	}
	check("import report", r.body)
}
