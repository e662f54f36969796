package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/store/storetest"
)

// TestImportPaymentsCommand: invoices then their payments from files; the
// report names the bad line, and a second run records nothing more.
func TestImportPaymentsCommand(t *testing.T) {
	url := storetest.SQLiteURL(t)
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if _, _, err := runCmd(t, url, "", "company", "create", "--name", "Atelier", "--timezone", "America/Toronto"); err != nil {
		t.Fatal(err)
	}
	invs := write("inv.csv", "InvoiceNo,Customer,InvoiceDate,DueDate,ItemRate\nA-1,Maple,2026-01-10,2026-02-09,100.00\n")
	if out, _, err := runCmd(t, url, "", "import", "invoices", "--create-customers", invs); err != nil || !strings.Contains(out, "1 created") {
		t.Fatalf("import invoices: %v\n%s", err, out)
	}
	pays := write("pay.csv", "Invoice No;Payment Date;Amount;Payment Method;Ref No\nA-1;2026-01-20;40,00;Check;C-1\nA-9;2026-01-20;1,00;Check;C-2\n")
	out, _, err := runCmd(t, url, "", "import", "payments", pays)
	if err != nil || !strings.Contains(out, "payments: 1 created, 0 unchanged, 1 rows not imported") ||
		!strings.Contains(out, `line 3: Invoice No: no invoice "A-9"`) {
		t.Fatalf("import payments: %v\n%s", err, out)
	}
	out, _, err = runCmd(t, url, "", "import", "payments", pays)
	if err != nil || !strings.Contains(out, "payments: 0 created, 1 unchanged, 1 rows not imported") {
		t.Fatalf("import payments again: %v\n%s", err, out)
	}
}
