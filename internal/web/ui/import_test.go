package ui

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// importFile is one of the importer's own test files.
func importFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "importer", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// upload posts the import form as a browser does: multipart, the fields
// in page order, then the file (none when file is nil).
func (c *client) upload(fields url.Values, name string, file []byte) resp {
	c.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for _, k := range []string{"csrf", "kind", "date_format", "create_customers"} {
		for _, v := range fields[k] {
			w.WriteField(k, v)
		}
	}
	if file != nil {
		fw, _ := w.CreateFormFile("file", name)
		fw.Write(file)
	} else {
		// An empty file input: a part with no file name and no content.
		fw, _ := w.CreateFormFile("file", "")
		fw.Write(nil)
	}
	w.Close()
	req, _ := http.NewRequest("POST", c.base+"/import", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req)
}

// importForm is the form's fields with the session's token.
func (c *client) importForm(kind, dateFormat string, createCustomers bool) url.Values {
	v := url.Values{"csrf": {c.csrf()}, "kind": {kind}, "date_format": {dateFormat}}
	if createCustomers {
		v.Set("create_customers", "1")
	}
	return v
}

var reportRe = regexp.MustCompile(`id="import-(created|unchanged|refused)">(\d+)<`)

// counts reads created, unchanged and refused from a report page.
func counts(t *testing.T, r resp) [3]string {
	t.Helper()
	if r.code != http.StatusOK {
		t.Fatalf("import: %d\n%s", r.code, r.body)
	}
	var out [3]string
	for _, m := range reportRe.FindAllStringSubmatch(r.body, -1) {
		out[map[string]int{"created": 0, "unchanged": 1, "refused": 2}[m[1]]] = m[2]
	}
	return out
}

func countRows(t *testing.T, s *store.Store, table string, companyID int64) int {
	t.Helper()
	var n int
	if err := s.DB().Get(&n, s.DB().Rebind(`SELECT COUNT(*) FROM `+table+` WHERE company_id = ?`), companyID); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestImportUpload: customers then invoices uploaded from the page are
// counted; a second upload adds nothing; bad rows are listed by line,
// their reasons escaped.
func TestImportUpload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := newBundle(t, s)
		b.c.signin("owner@example.com")
		for list, kind := range map[string]string{"/customers": "customers", "/invoices": "invoices"} {
			mustContain(t, b.c.get(list), `href="/import?kind=`+kind+`"`, "Import CSV")
		}
		r := b.c.get("/import?kind=customers")
		mustContain(t, r, `enctype="multipart/form-data"`, `name="csrf"`, `<option value="customers" selected>`,
			`<option value="MM/DD/YYYY" selected>`, "Accepted columns", "InvoiceNo", "Nom d'affichage", "Up to "+itoa(maxImportBytes>>20)+" MB")

		r = b.c.upload(b.c.importForm("customers", "YYYY-MM-DD", false), "customers_en.csv", importFile(t, "customers_en.csv"))
		if got := counts(t, r); got != [3]string{"4", "0", "0"} {
			t.Errorf("customers: created, unchanged, refused = %v, want 4 0 0", got)
		}
		mustContain(t, r, "Import of customers_en.csv", "Customers created", "Every row was imported.", `href="/customers"`)
		if n := countRows(t, s, "customers", b.company.ID); n != 4 {
			t.Errorf("%d customers stored, want 4", n)
		}
		r = b.c.upload(b.c.importForm("customers", "YYYY-MM-DD", false), "customers_en.csv", importFile(t, "customers_en.csv"))
		if got := counts(t, r); got != [3]string{"0", "4", "0"} {
			t.Errorf("customers again: %v, want 0 4 0", got)
		}

		r = b.c.upload(b.c.importForm("invoices", "MM/DD/YYYY", false), "qbo_en.csv", importFile(t, "qbo_en.csv"))
		if got := counts(t, r); got != [3]string{"5", "0", "0"} {
			t.Errorf("invoices: %v, want 5 0 0\n%s", got, r.body)
		}
		mustContain(t, r, "Invoices created", `href="/invoices"`)
		r = b.c.upload(b.c.importForm("invoices", "MM/DD/YYYY", false), "qbo_en.csv", importFile(t, "qbo_en.csv"))
		if got := counts(t, r); got != [3]string{"0", "5", "0"} {
			t.Errorf("invoices again: %v, want 0 5 0", got)
		}
		if n := countRows(t, s, "invoices", b.company.ID); n != 5 {
			t.Errorf("%d invoices stored, want 5", n)
		}

		// Payments of those invoices: 1001's second one is more than what
		// is left due (line 3); again, nothing more.
		for run, want := range [][3]string{{"2", "0", "1"}, {"0", "2", "1"}} {
			r = b.c.upload(b.c.importForm("payments", "MM/DD/YYYY", false), "payments_qbo.csv", importFile(t, "payments_qbo.csv"))
			if got := counts(t, r); got != want {
				t.Errorf("payments run %d: %v, want %v\n%s", run, got, want, r.body)
			}
			mustContain(t, r, "Payments recorded", "more than the balance due")
		}
		var paid int
		if err := s.DB().Get(&paid, s.DB().Rebind(`SELECT COUNT(*) FROM payments p JOIN invoices i ON i.id = p.invoice_id
			WHERE i.company_id = ? AND p.created_by = ?`), b.company.ID, "owner@example.com"); err != nil || paid != 2 {
			t.Errorf("%d payments recorded by the signed-in user (%v), want 2", paid, err)
		}
		if r := b.c.get("/invoices"); !contains(r.body, "1001") || !contains(r.body, "Maple Leaf Bakery") {
			t.Error("imported invoices not in the list")
		}

		// Five bad rows among a hundred: the 95 others are kept, the five
		// listed by line.
		for _, n := range []string{"Élodie Côté", "Boulangerie Saint-Roch"} {
			storetest.Customer(t, s, b.company.ID, n)
		}
		r = b.c.upload(b.c.importForm("invoices", "YYYY-MM-DD", false), "hundred.csv", importFile(t, "hundred_five_bad.csv"))
		if got := counts(t, r); got != [3]string{"95", "0", "5"} {
			t.Errorf("hundred: %v, want 95 0 5", got)
		}
		mustContain(t, r, "Rows not imported",
			`data-label="Line">12</td><td data-label="Reason">due_date: “2026-02-31” is not a date in the chosen format.</td>`,
			`>27</td>`, `>45</td>`, `>63</td>`, `>88</td>`, "Unknown customer “Personne Inconnue”.")

		// What the file says is shown escaped: reasons, ignored columns,
		// the file name.
		hostile := "number,customer,issue_date,due_date,unit_price,<i>Montant TTC</i>\n" +
			"X-1,<b>Nobody</b>,2026-01-01,2026-01-31,10,1\n"
		r = b.c.upload(b.c.importForm("invoices", "YYYY-MM-DD", false), "<i>evil.csv", []byte(hostile))
		if got := counts(t, r); got != [3]string{"0", "0", "1"} {
			t.Errorf("hostile: %v, want 0 0 1", got)
		}
		mustContain(t, r, "&lt;b&gt;Nobody&lt;/b&gt;", "<code>&lt;i&gt;Montant TTC&lt;/i&gt;</code>", "Import of &lt;i&gt;evil.csv",
			"These columns were not read")
		for _, raw := range []string{"<b>Nobody", "<i>Montant", "<i>evil"} {
			if strings.Contains(r.body, raw) {
				t.Errorf("%q not escaped", raw)
			}
		}

		// "Create missing customers" creates them.
		r = b.c.upload(b.c.importForm("invoices", "DD/MM/YYYY", true), "qbo_fr.csv", importFile(t, "qbo_fr.csv"))
		if got := counts(t, r); got != [3]string{"3", "0", "0"} {
			t.Errorf("qbo_fr with create customers: %v, want 3 0 0", got)
		}
	})
}

// TestImportFormErrors: a form that cannot run is shown again with the
// reason next to the field, in the user's language, the choices kept.
func TestImportFormErrors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := newBundle(t, s)
		b.c.signin("owner@example.com")
		kept := []string{`<option value="invoices" selected>`, `<option value="DD/MM/YYYY" selected>`,
			`name="create_customers" value="1" checked`}

		r := b.c.upload(b.c.importForm("invoices", "DD/MM/YYYY", true), "", nil)
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("no file: %d", r.code)
		}
		mustContain(t, r, append(kept, "Choose a CSV file to import.", `id="file-err"`, "Some fields need attention")...)

		r = b.c.upload(b.c.importForm("vendors", "DD/MM/YYYY", true), "x.csv", importFile(t, "qbo_fr.csv"))
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("wrong kind: %d", r.code)
		}
		mustContain(t, r, "Choose what the file contains", `id="kind-err"`, `<option value="DD/MM/YYYY" selected>`)

		r = b.c.upload(b.c.importForm("invoices", "31/12", true), "x.csv", importFile(t, "qbo_fr.csv"))
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("bad date format: %d", r.code)
		}
		mustContain(t, r, "Choose one of the date formats.", `<option value="invoices" selected>`)

		// Files that cannot be read at all.
		for name, c := range map[string]struct {
			file []byte
			want string
		}{
			"empty.csv":     {[]byte{}, "The file is empty"},
			"customers.csv": {importFile(t, "customers_en.csv"), "The header needs an invoice number column"},
			"logo.png":      {[]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"), "The header needs an invoice number column"},
		} {
			r := b.c.upload(b.c.importForm("invoices", "DD/MM/YYYY", true), name, c.file)
			if r.code != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d, want 422", name, r.code)
			}
			mustContain(t, r, append(kept, c.want)...)
		}

		// A file over 20 MB inside a body the server can read: the form
		// says so and keeps the choices.
		big := append([]byte("number,customer,unit_price\n"), bytes.Repeat([]byte("x"), maxImportBytes)...)
		r = b.c.upload(b.c.importForm("invoices", "DD/MM/YYYY", true), "big.csv", big)
		if r.code != http.StatusUnprocessableEntity {
			t.Errorf("file over 20 MB: %d, want 422", r.code)
		}
		mustContain(t, r, append(kept, "The file is larger than "+itoa(maxImportBytes>>20)+" MB.")...)
		// A body over the bound is not read at all: 413 with the form.
		r = b.c.upload(b.c.importForm("invoices", "DD/MM/YYYY", true), "huge.csv", bytes.Repeat([]byte("x"), maxImportBody+1))
		if r.code != http.StatusRequestEntityTooLarge {
			t.Errorf("body over the bound: %d, want 413", r.code)
		}
		mustContain(t, r, "The file is larger than "+itoa(maxImportBytes>>20)+" MB.", `id="file-err"`, `action="/import"`)
		if n := countRows(t, s, "invoices", b.company.ID); n != 0 {
			t.Errorf("refused uploads stored %d invoices", n)
		}

		// In French.
		b.c.submit("/language", url.Values{"lang": {"fr"}})
		r = b.c.get("/import")
		mustContain(t, r, "Importer un fichier CSV", `<option value="DD/MM/YYYY" selected>`, "Colonnes acceptées", "Jusqu&#39;à "+itoa(maxImportBytes>>20)+" Mo")
		r = b.c.upload(b.c.importForm("invoices", "DD/MM/YYYY", true), "clients.csv", importFile(t, "customers_fr.csv"))
		mustContain(t, r, append(kept, "L&#39;en-tête doit avoir une colonne de numéro de facture")...)
		r = b.c.upload(b.c.importForm("", "DD/MM/YYYY", false), "", nil)
		mustContain(t, r, "Choisissez ce que contient le fichier", "Choisissez un fichier CSV à importer.")
	})
}

// TestImportRefusals: an anonymous upload and one without the session's
// CSRF token are refused and store nothing; the token is read from the
// multipart body.
func TestImportRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := newBundle(t, s)
		file := importFile(t, "customers_en.csv")
		anon := b.client()
		if r := anon.get("/import"); r.code != http.StatusSeeOther || r.loc != "/signin?next=%2Fimport" {
			t.Errorf("anonymous GET /import: %d %s", r.code, r.loc)
		}
		if r := anon.upload(url.Values{"kind": {"customers"}, "date_format": {"YYYY-MM-DD"}}, "c.csv", file); r.code != http.StatusUnauthorized {
			t.Errorf("anonymous upload: %d, want 401", r.code)
		}
		b.c.signin("owner@example.com")
		form := url.Values{"kind": {"customers"}, "date_format": {"YYYY-MM-DD"}}
		if r := b.c.upload(form, "c.csv", file); r.code != http.StatusForbidden {
			t.Errorf("upload without a CSRF token: %d, want 403", r.code)
		}
		form.Set("csrf", "forged")
		if r := b.c.upload(form, "c.csv", file); r.code != http.StatusForbidden {
			t.Errorf("upload with a wrong CSRF token: %d, want 403", r.code)
		}
		// A token in the query string is not the form's token.
		req, _ := http.NewRequest("POST", b.srv.URL+"/import?csrf="+url.QueryEscape(b.c.csrf()), strings.NewReader("kind=customers"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if r := b.c.do(req); r.code != http.StatusForbidden {
			t.Errorf("token in the URL: %d, want 403", r.code)
		}
		if n := countRows(t, s, "customers", b.company.ID); n != 0 {
			t.Fatalf("refused uploads stored %d customers", n)
		}
		if got := counts(t, b.c.upload(b.c.importForm("customers", "YYYY-MM-DD", false), "c.csv", file)); got[0] != "4" {
			t.Errorf("with the token: created %s, want 4", got[0])
		}
	})
}

// TestImportTenant: a user of company A imports into A only, even where
// company B has customers and invoice numbers of the same names.
func TestImportTenant(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := newBundle(t, s)
		other := storetest.Company(t, s, "Toitures Gagnon")
		cu := storetest.Customer(t, s, other.ID, "Maple Leaf Bakery")
		b.invoiceFor(other.ID, cu.ID, "1001", 10, 50000)
		b.c.signin("owner@example.com")
		if got := counts(t, b.c.upload(b.c.importForm("customers", "YYYY-MM-DD", false), "c.csv", importFile(t, "customers_en.csv"))); got != [3]string{"4", "0", "0"} {
			t.Errorf("customers into A: %v, want 4 0 0 (B's Maple Leaf Bakery is not A's)", got)
		}
		if got := counts(t, b.c.upload(b.c.importForm("invoices", "MM/DD/YYYY", false), "i.csv", importFile(t, "qbo_en.csv"))); got != [3]string{"5", "0", "0"} {
			t.Errorf("invoices into A: %v, want 5 0 0 (B's 1001 is not A's)", got)
		}
		if a, bc, bi := countRows(t, s, "customers", b.company.ID), countRows(t, s, "customers", other.ID), countRows(t, s, "invoices", other.ID); a != 4 || bc != 1 || bi != 1 {
			t.Errorf("customers A %d (want 4), B %d (want 1); invoices of B %d (want 1)", a, bc, bi)
		}
		inv, err := s.InvoiceByNumber(context.Background(), other.ID, "1001")
		if err != nil || inv.Total != 50000 || inv.CustomerID != cu.ID {
			t.Errorf("B's invoice 1001 changed: %+v %v", inv, err)
		}
	})
}

// TestImportMessagesExist: the ids the import builds at run time are in
// both catalogues (TestEveryMessageIDExists sees only literal ones).
func TestImportMessagesExist(t *testing.T) {
	ids := []string{"err_import_no_file", "err_import_unreadable", "err_import_too_large", "err_import_file"}
	for _, m := range importFileMessages {
		ids = append(ids, m.id)
	}
	for _, id := range ids {
		for _, l := range i18n.Languages {
			if !i18n.Has(l, id) {
				t.Errorf("message %q missing in %s", id, l)
			}
		}
	}
}
