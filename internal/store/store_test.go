package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// The conformance suite: every test runs on SQLite and on PostgreSQL.

func fixedClock(s *store.Store, t time.Time) { s.Now = func() time.Time { return t } }

func TestCompanyRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := storetest.Company(t, s, "Atelier Côté")
		got, err := s.GetCompany(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Atelier Côté" || got.Timezone != "America/Toronto" || got.Currency != "CAD" {
			t.Errorf("company = %+v", got)
		}
		if _, err := s.GetCompany(ctx, c.ID+1000); !invoice.IsNotFound(err) {
			t.Errorf("missing company: err = %v, want not found", err)
		}
		st, err := s.ReminderSettings(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Steps) != 3 || st.Timezone != "America/Toronto" || st.SendTime != "09:00" {
			t.Errorf("default settings = %+v", st)
		}
		bad := &invoice.Company{Name: "", Timezone: "Mars/Olympus", Language: "de", Currency: "XXQ"}
		err = s.CreateCompany(ctx, bad)
		var e *invoice.Error
		if !asErr(err, &e) || e.Code != invoice.EInvalid || len(e.Fields) != 4 {
			t.Errorf("invalid company: err = %v", err)
		}
	})
}

func TestCustomerTenantIsolation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := storetest.Company(t, s, "A")
		b := storetest.Company(t, s, "B")
		cust := storetest.Customer(t, s, a.ID, "Élodie Côté")
		if _, err := s.GetCustomer(ctx, b.ID, cust.ID); !invoice.IsNotFound(err) {
			t.Errorf("company B read company A's customer: %v", err)
		}
		cust.CompanyID = b.ID
		cust.DisplayName = "stolen"
		if err := storetest.Books(s).UpdateCustomer(ctx, cust); !invoice.IsNotFound(err) {
			t.Errorf("company B updated company A's customer: %v", err)
		}
		got, err := s.GetCustomer(ctx, a.ID, cust.ID)
		if err != nil || got.DisplayName != "Élodie Côté" {
			t.Errorf("customer after foreign update = %+v, %v", got, err)
		}
		list, err := s.ListCustomers(ctx, b.ID, store.Page{})
		if err != nil || len(list) != 0 {
			t.Errorf("company B lists %d customers, %v", len(list), err)
		}
	})
}

func TestInvoiceTotalsPaymentsStatus(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		fixedClock(s, time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC))
		c := storetest.Company(t, s, "A")
		cust := storetest.Customer(t, s, c.ID, "Élodie Côté")
		inv := storetest.Invoice(c.ID, cust.ID, "F-1", storetest.MustDate(t, "2026-11-01"), storetest.MustDate(t, "2026-11-20"), 0)
		inv.Lines = []invoice.Line{
			{Description: "Conseil", Quantity: 15000, UnitPrice: 10000, TaxRate: 149750},   // 1.5 × 100.00 at 14.975 %
			{Description: "Déplacement", Quantity: 10000, UnitPrice: 3333, TaxRate: 50000}, // 33.33 at 5 %
			{Description: "Frais", Quantity: 30000, UnitPrice: 199},                        // 3 × 1.99
		}
		if err := storetest.Books(s).CreateInvoice(ctx, inv); err != nil {
			t.Fatal(err)
		}
		// 150.00 + 22.46 tax; 33.33 + 1.67 tax (1.6665 rounds up); 5.97.
		if inv.Subtotal != 18930 || inv.TaxTotal != 2413 || inv.Total != 21343 {
			t.Errorf("totals = %d + %d = %d", inv.Subtotal, inv.TaxTotal, inv.Total)
		}
		if _, err := storetest.Books(s).AddPayment(ctx, c.ID, inv.ID, &invoice.Payment{Amount: 10000, Date: storetest.MustDate(t, "2026-11-25")}); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetInvoice(ctx, c.ID, inv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Balance != 11343 || got.Paid != 10000 || len(got.Lines) != 3 || len(got.Payments) != 1 {
			t.Errorf("after payment: balance %d paid %d lines %d payments %d", got.Balance, got.Paid, len(got.Lines), len(got.Payments))
		}
		if st := invoice.StatusOf(got, storetest.MustDate(t, "2026-12-01")); st.Code != invoice.StatusOverdue || st.Days != 11 {
			t.Errorf("status = %+v", st)
		}
		if _, err := storetest.Books(s).AddPayment(ctx, c.ID, inv.ID, &invoice.Payment{Amount: 11344, Date: storetest.MustDate(t, "2026-11-26")}); invoice.ErrorCode(err) != invoice.EInvalid {
			t.Errorf("overpayment: err = %v", err)
		}
		dup := storetest.Invoice(c.ID, cust.ID, "F-1", storetest.MustDate(t, "2026-11-01"), storetest.MustDate(t, "2026-11-20"), 100)
		if err := storetest.Books(s).CreateInvoice(ctx, dup); invoice.ErrorCode(err) != invoice.EConflict {
			t.Errorf("duplicate number: err = %v", err)
		}
		other := storetest.Company(t, s, "B")
		if _, err := s.GetInvoice(ctx, other.ID, inv.ID); !invoice.IsNotFound(err) {
			t.Errorf("foreign invoice: %v", err)
		}
		if _, err := storetest.Books(s).AddPayment(ctx, other.ID, inv.ID, &invoice.Payment{Amount: 1, Date: storetest.MustDate(t, "2026-11-26")}); !invoice.IsNotFound(err) {
			t.Errorf("foreign payment: %v", err)
		}
		if err := storetest.Books(s).VoidInvoice(ctx, other.ID, inv.ID); !invoice.IsNotFound(err) {
			t.Errorf("foreign void: %v", err)
		}
	})
}

func TestListInvoicesByStatus(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := storetest.Company(t, s, "A")
		cust := storetest.Customer(t, s, c.ID, "X")
		today := storetest.MustDate(t, "2026-12-01")
		issue := storetest.MustDate(t, "2026-10-01")
		mk := func(n string, due string) *invoice.Invoice {
			inv := storetest.Invoice(c.ID, cust.ID, n, issue, storetest.MustDate(t, due), 5000)
			if err := storetest.Books(s).CreateInvoice(ctx, inv); err != nil {
				t.Fatal(err)
			}
			return inv
		}
		mk("overdue", "2026-11-20")
		mk("today", "2026-12-01")
		mk("later", "2026-12-15")
		paid := mk("paid", "2026-12-15")
		if _, err := storetest.Books(s).AddPayment(ctx, c.ID, paid.ID, &invoice.Payment{Amount: 5000, Date: today}); err != nil {
			t.Fatal(err)
		}
		part := mk("part", "2026-12-15")
		if _, err := storetest.Books(s).AddPayment(ctx, c.ID, part.ID, &invoice.Payment{Amount: 100, Date: today}); err != nil {
			t.Fatal(err)
		}
		void := mk("void", "2026-11-01")
		if err := storetest.Books(s).VoidInvoice(ctx, c.ID, void.ID); err != nil {
			t.Fatal(err)
		}
		for code, want := range map[invoice.StatusCode]string{
			invoice.StatusOverdue: "overdue", invoice.StatusDueToday: "today", invoice.StatusDue: "later",
			invoice.StatusPaid: "paid", invoice.StatusPartiallyPaid: "part", invoice.StatusVoided: "void",
		} {
			list, err := s.ListInvoices(ctx, c.ID, store.InvoiceFilter{Status: code, Today: today})
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 1 || list[0].Number != want {
				t.Errorf("status %s: got %d invoices %v", code, len(list), list)
				continue
			}
			if st := invoice.StatusOf(&list[0], today); st.Code != code {
				t.Errorf("status filter %s returned an invoice whose status is %s", code, st.Code)
			}
		}
		// Paging: two pages of 3, newest first, no overlap.
		p1, _ := s.ListInvoices(ctx, c.ID, store.InvoiceFilter{Limit: 3})
		p2, _ := s.ListInvoices(ctx, c.ID, store.InvoiceFilter{Limit: 3, Before: p1[2].ID})
		if len(p1) != 3 || len(p2) != 3 || p2[0].ID >= p1[2].ID {
			t.Errorf("paging: %d then %d", len(p1), len(p2))
		}
		if _, err := s.ListInvoices(ctx, c.ID, store.InvoiceFilter{Status: "late"}); invoice.ErrorCode(err) != invoice.EInvalid {
			t.Errorf("unknown status filter: %v", err)
		}
	})
}

func TestNextReminderPlannedOnWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		fixedClock(s, time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC))
		c := storetest.Company(t, s, "A")
		st, _ := s.ReminderSettings(ctx, c.ID)
		st.Enabled = true
		if err := storetest.Books(s).PutReminderSettings(ctx, c.ID, st); err != nil {
			t.Fatal(err)
		}
		cust := storetest.Customer(t, s, c.ID, "X")
		inv := storetest.Invoice(c.ID, cust.ID, "N-1", storetest.MustDate(t, "2026-12-01"), storetest.MustDate(t, "2026-12-20"), 5000)
		if err := storetest.Books(s).CreateInvoice(ctx, inv); err != nil {
			t.Fatal(err)
		}
		got, _ := s.GetInvoice(ctx, c.ID, inv.ID)
		// Step 1 is 3 days before: 17 Dec 09:00 Toronto = 14:00 UTC.
		want := time.Date(2026, 12, 17, 14, 0, 0, 0, time.UTC)
		if got.NextReminderAt == nil || !got.NextReminderAt.Equal(want) || *got.NextReminderStep != 1 {
			t.Fatalf("next reminder = %v step %v, want %v step 1", got.NextReminderAt, got.NextReminderStep, want)
		}
		if err := storetest.Books(s).VoidInvoice(ctx, c.ID, inv.ID); err != nil {
			t.Fatal(err)
		}
		got, _ = s.GetInvoice(ctx, c.ID, inv.ID)
		if got.NextReminderAt != nil {
			t.Errorf("voided invoice still planned at %v", got.NextReminderAt)
		}
		st.Enabled = false
		st.Steps[0].Days = 91
		if err := storetest.Books(s).PutReminderSettings(ctx, c.ID, st); invoice.ErrorCode(err) != invoice.EInvalid {
			t.Errorf("91 days accepted: %v", err)
		}
	})
}

func TestOutboxIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := storetest.Company(t, s, "A")
		for i := 0; i < 2; i++ {
			if err := s.AddOutbox(ctx, &store.OutboxMessage{CompanyID: c.ID, MessageID: "<x@relance>", Subject: "Rappel", Recipients: "a@b.cd", Raw: []byte("raw")}); err != nil {
				t.Fatal(err)
			}
		}
		if n, _ := s.CountOutbox(ctx, c.ID); n != 1 {
			t.Errorf("outbox holds %d copies of one message", n)
		}
		other := storetest.Company(t, s, "B")
		list, _ := s.ListOutbox(ctx, c.ID, 0, 10)
		if _, err := s.GetOutbox(ctx, other.ID, list[0].ID); !invoice.IsNotFound(err) {
			t.Errorf("foreign outbox message: %v", err)
		}
	})
}

func TestUsersTokensSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := storetest.Company(t, s, "A")
		b := storetest.Company(t, s, "B")
		u := &store.User{Email: "Owner@Example.com", PasswordHash: "h"}
		if err := s.CreateUser(ctx, u, a.ID, store.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateUser(ctx, &store.User{Email: "owner@example.com", PasswordHash: "h"}, a.ID, store.RoleAdmin); invoice.ErrorCode(err) != invoice.EConflict {
			t.Errorf("duplicate user: %v", err)
		}
		got, err := s.UserByEmail(ctx, "OWNER@example.com")
		if err != nil || got.ID != u.ID {
			t.Fatalf("user by email: %v %v", got, err)
		}
		se := &store.Session{TokenHash: "sh", UserID: u.ID, CompanyID: a.ID, CSRFToken: "c", ExpiresAt: time.Now().Add(time.Hour)}
		if err := s.CreateSession(ctx, se); err != nil {
			t.Fatal(err)
		}
		if err := s.SwitchSessionCompany(ctx, "sh", b.ID); !invoice.IsNotFound(err) {
			t.Errorf("switched to a company the user is not a member of: %v", err)
		}
		if err := s.AddMembership(ctx, u.ID, b.ID, store.RoleStaff); err != nil {
			t.Fatal(err)
		}
		if err := s.SwitchSessionCompany(ctx, "sh", b.ID); err != nil {
			t.Fatal(err)
		}
		if ms, _ := s.Memberships(ctx, u.ID); len(ms) != 2 {
			t.Errorf("memberships = %v", ms)
		}
		if _, err := s.CreateToken(ctx, a.ID, "ci", "th"); err != nil {
			t.Fatal(err)
		}
		if id, err := s.CompanyForToken(ctx, "th"); err != nil || id != a.ID {
			t.Errorf("token company = %d, %v", id, err)
		}
		if _, err := s.CompanyForToken(ctx, "nope"); !invoice.IsNotFound(err) {
			t.Errorf("unknown token: %v", err)
		}
		_ = reminder.StepManual
	})
}

func TestCreateInvoicesBulk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		fixedClock(s, time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC))
		c := storetest.Company(t, s, "A")
		st, _ := s.ReminderSettings(ctx, c.ID)
		st.Enabled = true
		if err := storetest.Books(s).PutReminderSettings(ctx, c.ID, st); err != nil {
			t.Fatal(err)
		}
		cust := storetest.Customer(t, s, c.ID, "X")
		issue, due := storetest.MustDate(t, "2026-12-01"), storetest.MustDate(t, "2026-12-20")
		one := storetest.Invoice(c.ID, cust.ID, "ONE", issue, due, 5000)
		if err := storetest.Books(s).CreateInvoice(ctx, one); err != nil {
			t.Fatal(err)
		}
		var batch []*invoice.Invoice
		for i := 0; i < 250; i++ {
			batch = append(batch, storetest.Invoice(c.ID, cust.ID, storetest.Seq(i), issue, due, 5000+int64(i)))
		}
		if err := storetest.Books(s).CreateInvoices(ctx, c.ID, batch); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetInvoice(ctx, c.ID, batch[249].ID)
		if err != nil || got.Number != storetest.Seq(249) || got.Total != 5249 || len(got.Lines) != 1 {
			t.Fatalf("bulk invoice = %+v, %v", got, err)
		}
		ref, _ := s.GetInvoice(ctx, c.ID, one.ID)
		if got.NextReminderAt == nil || !got.NextReminderAt.Equal(*ref.NextReminderAt) {
			t.Errorf("bulk plan %v, single plan %v", got.NextReminderAt, ref.NextReminderAt)
		}
		// All or none: a duplicate number rolls back the whole batch.
		bad := []*invoice.Invoice{storetest.Invoice(c.ID, cust.ID, "NEW-1", issue, due, 100), storetest.Invoice(c.ID, cust.ID, "ONE", issue, due, 100)}
		if err := storetest.Books(s).CreateInvoices(ctx, c.ID, bad); invoice.ErrorCode(err) != invoice.EConflict {
			t.Errorf("duplicate in batch: %v", err)
		}
		if _, err := s.InvoiceByNumber(ctx, c.ID, "NEW-1"); !invoice.IsNotFound(err) {
			t.Errorf("half a batch was stored: %v", err)
		}
		other := storetest.Company(t, s, "B")
		foreign := []*invoice.Invoice{storetest.Invoice(other.ID, cust.ID, "F-1", issue, due, 100)}
		if err := storetest.Books(s).CreateInvoices(ctx, other.ID, foreign); invoice.ErrorCode(err) != invoice.EInvalid {
			t.Errorf("invoice for another company's customer: %v", err)
		}
	})
}
