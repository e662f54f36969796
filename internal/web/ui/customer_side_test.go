package ui

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// The customer's side from the signed-in pages: Send invoice (and its
// refusal for a paid invoice), a new link shown once, Reset link, Mark
// resolved, the invoice email's template saved from Settings.
func TestCustomerSidePages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := newBundle(t, s)
		ctx := context.Background()
		b.c.signin("owner@example.com")
		cu := storetest.Customer(t, s, b.company.ID, "Élodie Côté")
		inv := b.invoiceFor(b.company.ID, cu.ID, "F-7", 10, 50000)
		path := "/invoices/" + itoa(inv.ID)

		if r := b.c.submit(path+"/send", nil); r.code != http.StatusSeeOther || !strings.Contains(r.loc, "done=invoice_sent") {
			t.Fatalf("send invoice: %d %s", r.code, r.loc)
		}
		if err := b.eng.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		page := b.c.get(path)
		mustContain(t, page, "Invoice email", "Customer&#39;s side")
		if got, _ := s.GetInvoice(ctx, b.company.ID, inv.ID); got.SentAt == nil {
			t.Fatal("sent_at not stamped")
		}
		if list := b.c.get("/invoices"); !strings.Contains(list.body, `class="activity sent">Sent<`) {
			t.Errorf("the list does not show Sent")
		}

		r := b.c.submit(path+"/link", nil)
		if r.code != 200 || !strings.Contains(r.body, `value="http://127.0.0.1:8080/i/`) {
			t.Fatalf("new link: %d", r.code)
		}
		if r := b.c.submit(path+"/link/reset", nil); r.code != http.StatusSeeOther {
			t.Fatalf("reset: %d", r.code)
		}
		var live int
		s.DB().Get(&live, s.DB().Rebind(`SELECT COUNT(*) FROM invoice_links WHERE invoice_id = ? AND revoked_at IS NULL`), inv.ID)
		if live != 0 {
			t.Fatalf("%d links still live after Reset link", live)
		}

		if err := storetest.Books(s).Dispute(ctx, b.company.ID, inv.ID, "Ligne 2?"); err != nil {
			t.Fatal(err)
		}
		mustContain(t, b.c.get(path), "Ligne 2?", "Mark resolved", `class="activity disputed">Disputed<`)
		if r := b.c.submit(path+"/dispute/resolve", nil); r.code != http.StatusSeeOther {
			t.Fatalf("resolve: %d", r.code)
		}
		if got, _ := s.GetInvoice(ctx, b.company.ID, inv.ID); got.Disputed {
			t.Fatal("still disputed")
		}

		// Paid: Send invoice is refused with the reason on the page.
		b.c.submit(path+"/payments", url.Values{"amount": {"500.00"}, "date": {day(t, 0).String()}})
		r = b.c.submit(path+"/send", nil)
		if r.code != http.StatusConflict || !strings.Contains(r.body, "The invoice is paid.") {
			t.Fatalf("send a paid invoice: %d", r.code)
		}

		// Settings → Reminders: the invoice email's template and receipts.
		f := settingsForm(t, b.c)
		f.Set("invoice_email.fr.subject", "Votre facture {{invoice_number}}")
		f.Set("send_receipts", "1")
		if r := b.c.submit("/settings/reminders", f); r.code != http.StatusSeeOther {
			t.Fatalf("save settings: %d %s", r.code, r.body)
		}
		st, _ := s.ReminderSettings(ctx, b.company.ID)
		if st.InvoiceEmail["fr"].Subject != "Votre facture {{invoice_number}}" || !st.SendReceipts ||
			st.InvoiceEmail["en"].Subject == "" {
			t.Fatalf("settings: %+v receipts %v", st.InvoiceEmail, st.SendReceipts)
		}
	})
}
