package ui

import (
	"context"
	"github.com/relance-app/relance/internal/pdf/pdftest"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestCustomerPageBalanceAndStatement: the customer page shows the open
// balance aged in its five buckets and links the statement PDF, which
// holds the same figures.
func TestCustomerPageBalanceAndStatement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := newBundle(t, s)
		cu := storetest.Customer(t, s, b.company.ID, "Harbour Cafe")
		b.invoiceFor(b.company.ID, cu.ID, "ST-OLD", -100, 50000)
		b.invoiceFor(b.company.ID, cu.ID, "ST-MID", -40, 20000)
		b.invoiceFor(b.company.ID, cu.ID, "ST-NEW", 10, 10000)
		b.c.signin("owner@example.com")

		page := b.c.get("/customers/" + itoa(cu.ID))
		if page.code != http.StatusOK {
			t.Fatalf("customer page: %d", page.code)
		}
		mustContain(t, page, "Open balance", "$800.00", "Current", "1–30 days", "31–60 days", "61–90 days", "Over 90 days",
			`href="/customers/`+itoa(cu.ID)+`/statement.pdf"`)
		cells := strings.Join(regexpAll(`<td class="num">([^<]*)</td>`, page.body), " ")
		if cells != "$100.00 $0.00 $200.00 $0.00 $500.00" {
			t.Errorf("aging cells = %q", cells)
		}

		r := b.c.get("/customers/" + itoa(cu.ID) + "/statement.pdf")
		if r.code != http.StatusOK || r.hdr.Get("Content-Type") != "application/pdf" {
			t.Fatalf("statement: %d %s", r.code, r.hdr.Get("Content-Type"))
		}
		text := pdftest.Words(t, []byte(r.body))
		// The PDF speaks the customer's language (French here).
		for _, want := range []string{"RELEVÉ DE COMPTE", "ST-OLD", "ST-MID", "ST-NEW", "100,00 $ 0,00 $ 200,00 $ 0,00 $ 500,00 $ 800,00 $"} {
			if !strings.Contains(text, want) {
				t.Errorf("statement lacks %q:\n%s", want, text)
			}
		}
	})
}

// regexpAll returns the first group of every match of expr in s.
func regexpAll(expr, s string) []string {
	var out []string
	for _, m := range regexp.MustCompile(expr).FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestCustomerPageSendStatement: "Send statement" queues the statement
// email, which reaches the outbox with the statement PDF in the customer's
// language, and shows as "Relevé de compte" in each open invoice's
// history; a customer with nothing open gets no button and no message.
func TestCustomerPageSendStatement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := newBundle(t, s)
		cu := storetest.Customer(t, s, b.company.ID, "Harbour Cafe")
		empty := storetest.Customer(t, s, b.company.ID, "Nothing Due")
		inv := b.invoiceFor(b.company.ID, cu.ID, "SS-1", -40, 20000)
		b.invoiceFor(b.company.ID, cu.ID, "SS-2", 10, 10000)
		b.c.signin("owner@example.com")
		mustContain(t, b.c.get("/customers/"+itoa(cu.ID)), `action="/customers/`+itoa(cu.ID)+`/statement"`, "Send statement")
		if p := b.c.get("/customers/" + itoa(empty.ID)); contains(p.body, "statement-send") {
			t.Error("a customer with nothing open has a Send statement button")
		}
		r := b.c.submit("/customers/"+itoa(cu.ID)+"/statement", nil)
		if r.code != http.StatusSeeOther || !strings.Contains(r.loc, "done=statement_sent") {
			t.Fatalf("send statement: %d %s", r.code, r.loc)
		}
		if r := b.c.submit("/customers/"+itoa(empty.ID)+"/statement", nil); !strings.Contains(r.loc, "done=statement_none") {
			t.Errorf("nothing open: %d %s", r.code, r.loc)
		}
		if err := b.eng.Drain(context.Background()); err != nil {
			t.Fatal(err)
		}
		ms, err := s.ListOutbox(context.Background(), b.company.ID, 0, 10)
		if err != nil || len(ms) != 1 || ms[0].Subject != "Relevé de compte de "+b.company.Name {
			t.Fatalf("outbox: %v %+v", err, ms)
		}
		mustContain(t, b.c.get("/outbox/"+itoa(ms[0].ID)), "SS-1", "SS-2", "releve-")
		mustContain(t, b.c.get("/invoices/"+itoa(inv.ID)), "Statement")
	})
}
