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

// TestPaymentCorrected: a payment carries its method, reference and memo;
// a mistyped one is corrected or deleted from the invoice page, the
// balance follows, reminders are planned again, and the change stays in
// the payment history with who made it.
func TestPaymentCorrected(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		b := newBundle(t, s)
		b.user = b.addUser("compta@example.com", b.company.ID, "fr")
		b.c.signin("compta@example.com")
		st, _ := s.ReminderSettings(ctx, b.company.ID)
		st.Enabled = true
		if err := storetest.Books(s).PutReminderSettings(ctx, b.company.ID, st); err != nil {
			t.Fatal(err)
		}
		cu := storetest.Customer(t, s, b.company.ID, "Élodie Côté")
		inv := b.invoiceFor(b.company.ID, cu.ID, "F-7", -10, 120000)
		path := "/invoices/" + itoa(inv.ID)
		planned := func() bool {
			t.Helper()
			got, err := s.GetInvoice(ctx, b.company.ID, inv.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got.NextReminderAt != nil
		}
		if !planned() {
			t.Fatal("an overdue invoice has no reminder planned")
		}

		// Every field's error in one pass, in French.
		r := b.c.submit(path+"/payments", url.Values{"amount": {"abc"}, "date": {"x"},
			"reference": {strings.Repeat("9", 101)}, "memo": {"Reçu au bureau"}})
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("bad payment: %d", r.code)
		}
		mustContain(t, r, `id="amount-err"`, `id="date-err"`, `id="reference-err"`, "Reçu au bureau")

		// Paid in full, with how.
		r = b.c.submit(path+"/payments", url.Values{"amount": {"1 200,00"}, "date": {day(t, 0).String()},
			"method": {"Chèque"}, "reference": {"000123"}, "memo": {"Reçu au bureau"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("payment: %d %s", r.code, r.body)
		}
		if planned() {
			t.Error("a paid invoice still has a reminder planned")
		}
		page := b.c.get(path)
		mustContain(t, page, "Chèque", "000123", "Reçu au bureau", "par compta@example.com", "Modifier le paiement de 1")
		got, _ := s.GetInvoice(ctx, b.company.ID, inv.ID)
		pid := itoa(got.Payments[0].ID)

		// A typo: 1 200 was 1 000. The edit form shows the payment as stored.
		edit := b.c.get(path + "/payments/" + pid + "/edit")
		mustContain(t, edit, "value=\"1\u00a0200,00\"", `value="Chèque"`, `value="000123"`)
		r = b.c.submit(path+"/payments/"+pid, url.Values{"amount": {"1 300,00"}, "date": {day(t, 0).String()}, "method": {"Chèque"}})
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("over the balance: %d", r.code)
		}
		mustContain(t, r, "solde", `value="1 300,00"`)
		r = b.c.submit(path+"/payments/"+pid, url.Values{"amount": {"1 000,00"}, "date": {day(t, 0).String()},
			"method": {"Chèque"}, "reference": {"000124"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("edit: %d %s", r.code, r.body)
		}
		got, _ = s.GetInvoice(ctx, b.company.ID, inv.ID)
		if got.Balance != 20000 || got.Payments[0].Reference != "000124" || got.Payments[0].Memo != "" {
			t.Errorf("after edit: balance %d, payment %+v", got.Balance, got.Payments[0])
		}
		if !planned() {
			t.Error("a balance reopened by an edit has no reminder planned")
		}
		mustContain(t, b.c.get(r.loc), "Paiement corrigé", "Paiement corrigé à 1\u00a0000,00")

		// Deleted: the whole balance is due again, and the history says so.
		r = b.c.submit(path+"/payments/"+pid+"/delete", url.Values{})
		if r.code != http.StatusSeeOther {
			t.Fatalf("delete: %d", r.code)
		}
		got, _ = s.GetInvoice(ctx, b.company.ID, inv.ID)
		if got.Balance != 120000 || len(got.Payments) != 0 {
			t.Errorf("after delete: balance %d, %d payments", got.Balance, len(got.Payments))
		}
		mustContain(t, b.c.get(r.loc), "Paiement supprimé", "supprimé par compta@example.com")
		// Another invoice's payment id is not found.
		if r := b.c.get(path + "/payments/" + pid + "/edit"); r.code != http.StatusNotFound {
			t.Errorf("deleted payment's form: %d", r.code)
		}
	})
}
