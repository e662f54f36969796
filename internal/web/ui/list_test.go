package ui

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestInvoiceListPagesByKeyset: 55 invoices make a page of 50 and one of 5,
// through the "Older" cursor; filters narrow the rows and keep the cursor.
func TestInvoiceListPagesByKeyset(t *testing.T) {
	b := newBundle(t, storetest.SQLite(t))
	cu := storetest.Customer(t, b.s, b.company.ID, "Élodie Côté")
	other := storetest.Customer(t, b.s, b.company.ID, "Autre client")
	for i := range 55 {
		c := cu.ID
		if i%5 == 0 {
			c = other.ID
		}
		b.invoiceFor(b.company.ID, c, storetest.Seq(i), i%20-10, 10000)
	}
	b.c.signin("owner@example.com")
	r := b.c.get("/invoices")
	if n := strings.Count(r.body, `<td data-label="No."`); n != 50 {
		t.Fatalf("first page has %d rows, want 50", n)
	}
	next := regexp.MustCompile(`href="(/invoices\?[^"]+)" rel="next"`).FindStringSubmatch(r.body)
	if next == nil {
		t.Fatal("no link to the next page")
	}
	r = b.c.get(htmlUnescape(next[1]))
	if n := strings.Count(r.body, `<td data-label="No."`); n != 5 || strings.Contains(r.body, `rel="next"`) {
		t.Fatalf("second page has %d rows (next link: %v), want 5 and none", n, strings.Contains(r.body, `rel="next"`))
	}
	mustContain(t, r, storetest.Seq(0), "Newest")
	r = b.c.get("/invoices?status=overdue&customer=" + itoa(other.ID))
	if n := strings.Count(r.body, `<td data-label="No."`); n == 0 || n > 11 || strings.Contains(r.body, `data-label="Customer">Élodie`) {
		t.Errorf("filtered page: %d rows", n)
	}
	mustContain(t, r, "Overdue ")
	if r := b.c.get("/invoices?status=bogus&before=abc"); r.code != http.StatusOK {
		t.Errorf("bad filter values: %d", r.code)
	}
}

// TestStatusLabels: the Status column's words in both languages.
func TestStatusLabels(t *testing.T) {
	cases := []struct {
		st     invoice.Status
		en, fr string
	}{
		{invoice.Status{Code: invoice.StatusOverdue, Days: 12}, "Overdue 12 days", "En retard de 12 jours"},
		{invoice.Status{Code: invoice.StatusOverdue, Days: 1}, "Overdue 1 day", "En retard de 1 jour"},
		{invoice.Status{Code: invoice.StatusDue, Days: 3}, "Due in 3 days", "Échéance dans 3 jours"},
		{invoice.Status{Code: invoice.StatusDueToday}, "Due today", "Échéance aujourd'hui"},
		{invoice.Status{Code: invoice.StatusPaid}, "Paid", "Payée"},
		{invoice.Status{Code: invoice.StatusPartiallyPaid, Days: 4}, "Partially paid", "Partiellement payée"},
		{invoice.Status{Code: invoice.StatusVoided}, "Voided", "Annulée"},
		{invoice.Status{Code: invoice.StatusDraft}, "Draft", "Brouillon"},
	}
	for _, c := range cases {
		if got, _ := statusLabel("en", c.st); got != c.en {
			t.Errorf("en %+v = %q, want %q", c.st, got, c.en)
		}
		if got, _ := statusLabel("fr", c.st); got != c.fr {
			t.Errorf("fr %+v = %q, want %q", c.st, got, c.fr)
		}
	}
}

// TestEveryMessageIDExists: each id the templates and handlers use is in
// both catalogues, so no page shows a raw id.
func TestEveryMessageIDExists(t *testing.T) {
	ids := map[string]bool{}
	tplRe := regexp.MustCompile(`\bt \$?[A-Za-z.]*L "([a-z0-9_]+)"`)
	goRe := regexp.MustCompile(`(?:tr\([a-zA-Z.]+, |Title: |Message: |title :?= |Flash = )"([a-z0-9_]+)"`)
	files, _ := filepath.Glob("templates/*.html")
	gofiles, _ := filepath.Glob("*.go")
	for _, f := range append(files, gofiles...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		re := tplRe
		if strings.HasSuffix(f, ".go") {
			re = goRe
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if !strings.HasSuffix(m[1], "_") { // a prefix completed at run time
				ids[m[1]] = true
			}
		}
	}
	for _, m := range domainMessages {
		ids[m.id] = true
	}
	for _, id := range flashes {
		ids[id] = true
	}
	// Ids built at run time.
	for _, s := range listStatuses {
		ids["filter_"+string(s)] = true
	}
	for _, s := range []string{"scheduled", "sending", "sent", "failed", "skipped", "cancelled", "bounced"} {
		ids["state_"+s] = true
	}
	for _, s := range []string{"pending", "sending", "delivered", "failed"} {
		ids["webhook_state_"+s] = true
	}
	for _, s := range []string{"task_bounce", "task_failed", "task_promise", "task_dispute"} {
		ids[s] = true
	}
	for _, l := range i18n.Languages {
		ids["lang_"+l] = true
	}
	if len(ids) < 150 {
		t.Fatalf("found only %d ids: the scan is broken", len(ids))
	}
	for id := range ids {
		for _, l := range i18n.Languages {
			if !i18n.Has(l, id) {
				t.Errorf("message %q missing in %s", id, l)
			}
		}
	}
}

func TestReturnPath(t *testing.T) {
	for _, c := range []struct{ method, url, want string }{
		{"GET", "/invoices?status=paid", "/invoices?status=paid"},
		{"POST", "/invoices/4/payments", "/invoices/4/payments/new"},
		{"POST", "/invoices/4/reminders", "/invoices/4/reminders/new"},
		{"POST", "/settings/reminders/preview", "/settings/reminders"},
		{"POST", "/invoices/4", "/invoices/4"},
		{"POST", "/settings/reminders", "/settings/reminders"},
	} {
		if got := returnPath(httptest.NewRequest(c.method, c.url, nil)); got != c.want {
			t.Errorf("%s %s → %q, want %q", c.method, c.url, got, c.want)
		}
	}
}

// TestLineCapMessageTranslated: invoice.Validate's refusal of a line too
// large reads in the user's language on the form.
func TestLineCapMessageTranslated(t *testing.T) {
	inv := &invoice.Invoice{Number: "X", CustomerID: 1, IssueDate: invoice.Date{Year: 2026, Month: 1, Day: 1},
		DueDate: invoice.Date{Year: 2026, Month: 2, Day: 1}, Currency: "CAD",
		Lines: []invoice.Line{{Quantity: 20000, UnitPrice: invoice.MaxLineAmount}}}
	fe, ok := fieldErrors("fr", inv.Validate())
	if want := "Quantité × prix unitaire dépasse 10000000000000.00."; !ok || fe["lines[0].unit_price"] != want {
		t.Errorf("fr field errors = %q, want lines[0].unit_price = %q", fe, want)
	}
}
