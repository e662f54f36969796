package importer_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

func open(t testing.TB, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func importFile(t testing.TB, s *store.Store, kind string, companyID int64, name string, opt importer.Options) importer.Report {
	t.Helper()
	fn := importer.ImportInvoices
	if kind == "customers" {
		fn = importer.ImportCustomers
	}
	rep, err := fn(context.Background(), storetest.Books(s), companyID, open(t, name), opt)
	if err != nil {
		t.Fatalf("import %s %s: %v", kind, name, err)
	}
	return rep
}

func mustInvoice(t *testing.T, s *store.Store, companyID int64, number string) *invoice.Invoice {
	t.Helper()
	inv, err := s.InvoiceByNumber(context.Background(), companyID, number)
	if err != nil {
		t.Fatalf("invoice %s: %v", number, err)
	}
	return inv
}

func noErrors(t *testing.T, rep importer.Report) {
	t.Helper()
	for _, e := range rep.Errors {
		t.Errorf("unexpected %s", e)
	}
}

// fixed puts the store's clock on a day in the middle of the test files.
func fixed(s *store.Store) {
	s.Now = func() time.Time { return time.Date(2026, 2, 10, 15, 0, 0, 0, time.UTC) }
}

func TestImportCustomers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		co := storetest.Company(t, s, "Atelier")
		rep := importFile(t, s, "customers", co.ID, "customers_en.csv", importer.Options{})
		noErrors(t, rep)
		if rep.Created != 4 || rep.Unchanged != 0 {
			t.Errorf("first import = %+v, want 4 created", rep)
		}
		if len(rep.IgnoredColumns) != 0 {
			t.Errorf("ignored %v; Phone is accepted and not read", rep.IgnoredColumns)
		}
		nw, err := s.FindCustomerByName(ctx, co.ID, "Northwind Traders")
		if err != nil {
			t.Fatal(err)
		}
		if nw.Email != "billing@northwind.example, ap@northwind.example" || nw.FirstName != "Nancy" || nw.Language != "fr" {
			t.Errorf("Northwind = %+v", nw)
		}
		if _, err := s.FindCustomerByName(ctx, co.ID, "Acme Widgets"); err != nil {
			t.Errorf("a row without display name is named after its company: %v", err)
		}

		// French headers, ';', BOM: Northwind matches by name, and its
		// "English" row changes nothing.
		rep = importFile(t, s, "customers", co.ID, "customers_fr.csv", importer.Options{})
		noErrors(t, rep)
		if rep.Created != 2 || rep.Unchanged != 1 {
			t.Errorf("French import = %+v, want 2 created, 1 unchanged", rep)
		}
		el, err := s.FindCustomerByName(ctx, co.ID, "Élodie Côté")
		if err != nil {
			t.Fatal(err)
		}
		if el.FirstName != "Élodie" || el.LastName != "Côté" || el.CompanyName != "Côté Design" || el.Language != "fr" {
			t.Errorf("Élodie = %+v", el)
		}

		for _, f := range []string{"customers_en.csv", "customers_fr.csv"} {
			rep = importFile(t, s, "customers", co.ID, f, importer.Options{})
			if rep.Created != 0 || len(rep.Errors) != 0 {
				t.Errorf("re-import %s = %+v, want nothing created", f, rep)
			}
		}
		all, _ := s.ListCustomers(ctx, co.ID, store.Page{Limit: 500})
		if len(all) != 6 {
			t.Errorf("%d customers, want 6", len(all))
		}
	})
}

func TestImportCustomersBadRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		co := storetest.Company(t, s, "Atelier")
		csv := "Name,Email,Language,Fax\nGood One,good@example.com,en,\nBad Mail,not-an-address,,\n,,,\nBad Lang,x@example.com,Deutsch,\n"
		rep, err := importer.ImportCustomers(context.Background(), storetest.Books(s), co.ID, strings.NewReader(csv), importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Created != 1 || len(rep.Errors) != 2 {
			t.Fatalf("report = %+v", rep)
		}
		if e := rep.Errors[0]; e.Line != 3 || !strings.HasPrefix(e.Reason, "Email: ") {
			t.Errorf("error 0 = %s", e)
		}
		if e := rep.Errors[1]; e.Line != 5 || !strings.Contains(e.Reason, `Language: "Deutsch"`) {
			t.Errorf("error 1 = %s", e)
		}
	})
}

func TestImportQuickBooksEnglish(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		fixed(s)
		co := storetest.Company(t, s, "Atelier")
		enableReminders(t, s, co.ID)
		importFile(t, s, "customers", co.ID, "customers_en.csv", importer.Options{})
		rep := importFile(t, s, "invoices", co.ID, "qbo_en.csv", importer.Options{DateFormat: importer.DateMDY})
		noErrors(t, rep)
		if rep.Created != 5 || len(rep.IgnoredColumns) != 0 {
			t.Errorf("report = %+v", rep)
		}
		inv := mustInvoice(t, s, co.ID, "1001")
		// 1250.00 + 179.00 taxed at 14.975 % (187.19 + 26.81), 15.00 not taxed.
		if len(inv.Lines) != 3 || inv.Subtotal != 144400 || inv.TaxTotal != 21400 || inv.Total != 165800 {
			t.Errorf("1001 = %d lines, subtotal %d, tax %d, total %d", len(inv.Lines), inv.Subtotal, inv.TaxTotal, inv.Total)
		}
		if inv.Lines[1].Description != "Business cards (box of 500)" || inv.Lines[1].Quantity != 20000 || inv.Lines[2].TaxRate != 0 {
			t.Errorf("1001 lines = %+v", inv.Lines)
		}
		if inv.Email != "accounts@mapleleaf.example" || inv.Memo != "Thank you for your business!" || inv.Currency != "CAD" ||
			inv.IssueDate.String() != "2026-01-15" || inv.DueDate.String() != "2026-02-14" {
			t.Errorf("1001 = %+v", inv)
		}
		if d := mustInvoice(t, s, co.ID, "1002").DueDate.String(); d != "2026-02-04" {
			t.Errorf("1002 due %s, want issue + Net 15 = 2026-02-04", d)
		}
		if l := mustInvoice(t, s, co.ID, "1004").Lines[0]; l.Quantity != 35000 || l.Amount != 28000 {
			t.Errorf("1004 line = %+v", l)
		}
		if l := mustInvoice(t, s, co.ID, "1003").Lines[0]; l.TaxRate != 50000 || l.Tax != 1200 {
			t.Errorf("1003 line = %+v", l)
		}
		samePlanAsStore(t, s, co.ID, "1001", "1002", "1003", "1004", "1005")
		again := importFile(t, s, "invoices", co.ID, "qbo_en.csv", importer.Options{DateFormat: importer.DateMDY})
		if again.Created != 0 || again.Unchanged != 5 || len(again.Errors) != 0 {
			t.Errorf("re-import = %+v, want 5 unchanged", again)
		}
		_ = ctx
	})
}

func TestImportQuickBooksFrench(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		fixed(s)
		co := storetest.Company(t, s, "Atelier")
		importFile(t, s, "customers", co.ID, "customers_fr.csv", importer.Options{})
		opt := importer.Options{DateFormat: importer.DateDMY}
		rep := importFile(t, s, "invoices", co.ID, "qbo_fr.csv", opt)
		if rep.Created != 2 || len(rep.Errors) != 1 || rep.Errors[0].Line != 4 ||
			rep.Errors[0].Reason != `Client: unknown customer "Café Être-Saint-Jean inc."` {
			t.Fatalf("without --create-customers: %+v", rep)
		}
		opt.CreateCustomers = true
		rep = importFile(t, s, "invoices", co.ID, "qbo_fr.csv", opt)
		noErrors(t, rep)
		if rep.Created != 1 || rep.Unchanged != 2 {
			t.Errorf("with CreateCustomers: %+v", rep)
		}
		inv := mustInvoice(t, s, co.ID, "F-2026-001")
		if len(inv.Lines) != 2 || inv.Subtotal != 142900 || inv.Total != 142900+18719+2681 || inv.Memo != "Merci de votre confiance" {
			t.Errorf("F-2026-001 = %+v", inv)
		}
		if inv.Lines[0].Description != "Refonte du logo" || inv.Lines[0].TaxRate != 149750 || inv.Email != "elodie@example.com" {
			t.Errorf("F-2026-001 lines = %+v", inv.Lines)
		}
		f2 := mustInvoice(t, s, co.ID, "F-2026-002")
		if f2.DueDate.String() != "2026-02-04" || f2.Lines[0].Description != "Atelier de stratégie, demi-journée" {
			t.Errorf("F-2026-002 = %+v", f2)
		}
		cafe, err := s.FindCustomerByName(ctx, co.ID, "Café Être-Saint-Jean inc.")
		if err != nil || cafe.Language != "fr" || f2.CustomerID != cafe.ID {
			t.Errorf("created customer = %+v, %v", cafe, err)
		}
		if l := mustInvoice(t, s, co.ID, "F-2026-003").Lines[0]; l.TaxRate != 0 {
			t.Errorf("Taxable Non: rate %d", l.TaxRate)
		}
	})
}

func TestImportBOMSemicolonDecimalComma(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		co := storetest.Company(t, s, "Atelier")
		rep := importFile(t, s, "invoices", co.ID, "bom_semicolon.csv", importer.Options{CreateCustomers: true})
		noErrors(t, rep)
		if rep.Created != 3 {
			t.Errorf("report = %+v", rep)
		}
		a1 := mustInvoice(t, s, co.ID, "A-1")
		// 12 × 45.50 = 546.00 (+81.76), 1.5 × 60 = 90.00 (+13.48).
		if len(a1.Lines) != 2 || a1.Lines[1].Quantity != 15000 || a1.Total != 73124 || a1.Lines[0].Description != "Traduction, 12 pages" {
			t.Errorf("A-1 = %+v", a1)
		}
		if a2 := mustInvoice(t, s, co.ID, "A-2"); a2.Lines[0].UnitPrice != 123456 || a2.Total != 123456+18488 || a2.Email != "compta@boulangerie.example" {
			t.Errorf("A-2 = %+v", a2)
		}
		if a3 := mustInvoice(t, s, co.ID, "A-3"); a3.Currency != "EUR" || a3.Total != 70000 || a3.Email != "compta@boulangerie.example" {
			t.Errorf("A-3 = %+v (the customer's address is copied)", a3)
		}
	})
}

func TestImportFiveBadRowsAmongHundred(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		co := storetest.Company(t, s, "Atelier")
		for _, n := range []string{"Élodie Côté", "Boulangerie Saint-Roch", "Maple Leaf Bakery", "Northwind Traders"} {
			storetest.Customer(t, s, co.ID, n)
		}
		var calls, last int
		opt := importer.Options{Progress: func(done, total int) {
			calls++
			if done < last || total != 100 {
				t.Errorf("progress %d/%d after %d", done, total, last)
			}
			last = done
		}}
		want := []importer.RowError{
			{Line: 12, Reason: `due_date: invalid date "2026-02-31"`},
			{Line: 27, Reason: `customer: unknown customer "Personne Inconnue"`},
			{Line: 45, Reason: `quantity: must not be negative`},
			{Line: 63, Reason: `unit_price: "12,3,4" is not a number`},
			{Line: 88, Reason: `tax_rate: must be between 0 and 100`},
		}
		for run := range 2 {
			rep := importFile(t, s, "invoices", co.ID, "hundred_five_bad.csv", opt)
			created, unchanged := 95, 0
			if run == 1 {
				created, unchanged = 0, 95
			}
			if rep.Created != created || rep.Unchanged != unchanged || !slices.Equal(rep.Errors, want) {
				t.Errorf("run %d: created %d unchanged %d errors:\n%v\nwant:\n%v", run, rep.Created, rep.Unchanged, rep.Errors, want)
			}
		}
		if calls == 0 || last != 100 {
			t.Errorf("progress: %d calls, last %d", calls, last)
		}
		var n int
		if err := s.DB().GetContext(ctx, &n, s.DB().Rebind(`SELECT COUNT(*) FROM invoices WHERE company_id = ?`), co.ID); err != nil || n != 95 {
			t.Errorf("%d invoices stored (%v), want 95", n, err)
		}
		checkWhole(t, s)
	})
}

// One bad row refuses its whole invoice; every row of it is reported.
func TestImportNeverHalfAnInvoice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		co := storetest.Company(t, s, "Atelier")
		csv := "number,customer,issue_date,due_date,description,quantity,unit_price\n" +
			"X-1,Élodie Côté,2026-01-01,2026-01-31,one,1,10\n" +
			"X-2,Élodie Côté,2026-01-01,2026-01-31,other,1,10\n" +
			"X-1,Élodie Côté,2026-01-01,2026-01-31,two,abc,10\n" +
			"X-1,Someone Else,2026-01-01,2026-01-31,three,1,10\n" +
			"X-3,Élodie Côté,2026-01-01,2026-01-31,huge,99999999999,999999999999\n"
		rep, err := importer.ImportInvoices(context.Background(), storetest.Books(s), co.ID, strings.NewReader(csv), importer.Options{CreateCustomers: true})
		if err != nil {
			t.Fatal(err)
		}
		want := []importer.RowError{
			{Line: 2, Reason: `not imported: invoice "X-1" has an error on line 4`},
			{Line: 4, Reason: `quantity: "abc" is not a number`},
			{Line: 5, Reason: `customer: "Someone Else" differs from "Élodie Côté" on line 2 of the same invoice`},
			{Line: 6, Reason: `unit_price: quantity × unit price is more than 10000000000000.00`},
		}
		if rep.Created != 1 || !slices.Equal(rep.Errors, want) {
			t.Errorf("report = %+v\nwant errors %v", rep, want)
		}
		if _, err := s.InvoiceByNumber(context.Background(), co.ID, "X-1"); !invoice.IsNotFound(err) {
			t.Errorf("X-1 stored: %v", err)
		}
	})
}

func TestImportUnreadableFile(t *testing.T) {
	s := storetest.SQLite(t)
	co := storetest.Company(t, s, "Atelier")
	for name, csv := range map[string]string{
		"empty":       "",
		"no columns":  "foo,bar\n1,2\n",
		"bad quoting": "\"number,customer\n",
	} {
		if _, err := importer.ImportInvoices(context.Background(), storetest.Books(s), co.ID, strings.NewReader(csv), importer.Options{}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := importer.ImportInvoices(context.Background(), storetest.Books(s), co.ID, strings.NewReader("number\n"), importer.Options{DateFormat: "YY"}); err == nil {
		t.Error("bad date format accepted")
	}
}
