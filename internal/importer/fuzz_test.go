package importer_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/store/storetest"
)

// FuzzImportInvoices feeds arbitrary files to the invoice import: it must
// never panic, report only real lines, and never store half an invoice.
// Run with: go test ./internal/importer -run '^$' -fuzz FuzzImportInvoices
func FuzzImportInvoices(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.csv"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, false)
		f.Add(b, true)
	}
	s := storetest.SQLite(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, data []byte, dayFirst bool) {
		co := storetest.Company(t, s, "Fuzz")
		opt := importer.Options{CreateCustomers: true, DateFormat: importer.DateMDY}
		if dayFirst {
			opt.DateFormat = importer.DateDMY
		}
		rep, err := importer.ImportInvoices(ctx, storetest.Books(s), co.ID, bytes.NewReader(data), opt)
		if err != nil {
			return // an unreadable file: nothing may have been stored
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, e := range rep.Errors {
			if e.Line < 2 || e.Line > lines || e.Reason == "" {
				t.Errorf("error on line %d of %d: %q", e.Line, lines, e.Reason)
			}
		}
		var n int
		if err := s.DB().GetContext(ctx, &n, s.DB().Rebind(`SELECT COUNT(*) FROM invoices WHERE company_id = ?`), co.ID); err != nil {
			t.Fatal(err)
		}
		if n != rep.Created {
			t.Errorf("%d invoices stored, report says %d created", n, rep.Created)
		}
		checkWhole(t, s)
	})
}
