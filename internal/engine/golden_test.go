package engine

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"

	"github.com/relance-app/relance/internal/invoice"
	rmail "github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/store"
)

var update = flag.Bool("update", false, "rewrite the golden files and docs/examples")

// fixture is a French and an English customer of a Québec company, with a
// partly paid, overdue invoice: every placeholder has a value.
func fixture(lang string) *store.SendContext {
	co := &invoice.Company{ID: 1, Name: "Atelier Côté", Email: "facturation@atelier-cote.test",
		Address: "1234, rue Saint-Jean\nQuébec (Québec) G1R 1R5", Timezone: "America/Toronto", Language: "fr",
		Currency: "CAD", BrandColor: "#1a6b5c",
		PayURLTemplate: "https://pay.example.com/atelier-cote?invoice={{invoice_number}}&amount={{balance_due_raw}}&currency={{currency}}"}
	cu := &invoice.Customer{ID: 2, CompanyID: 1, DisplayName: "Élodie Côté", FirstName: "Élodie", LastName: "Côté",
		Title: "Mme", Email: "elodie@example.com", Language: "fr"}
	if lang == "en" {
		cu = &invoice.Customer{ID: 3, CompanyID: 1, DisplayName: "Northwind Traders", FirstName: "Nancy", LastName: "Davolio",
			Title: "Ms.", CompanyName: "Northwind Traders", Email: "ap@northwind.example", Language: "en"}
	}
	inv := &invoice.Invoice{ID: 9, CompanyID: 1, CustomerID: cu.ID, Number: "F-2026-017", Email: cu.Email,
		IssueDate: invoice.Date{Year: 2026, Month: 11, Day: 1}, DueDate: invoice.Date{Year: 2026, Month: 12, Day: 1},
		Currency: "CAD", Lines: []invoice.Line{
			{Description: "Conception graphique", Quantity: 10000, UnitPrice: 120000, TaxRate: 149750},
			{Description: "Impression (500 ex.)", Quantity: 50000, UnitPrice: 2995, TaxRate: 149750},
		}, Payments: []invoice.Payment{{Amount: 50000, Date: invoice.Date{Year: 2026, Month: 11, Day: 20}}}}
	inv.Compute()
	st := reminder.DefaultSettings(co.Timezone)
	st.Enabled = true
	return &store.SendContext{Company: co, Customer: cu, Invoice: inv, Settings: &st}
}

func goldenEngine() *Engine {
	e := New(nil, nil, Config{From: "Relance <rappels@relance.test>"}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	now := time.Date(2026, 12, 10, 14, 0, 0, 0, time.UTC) // 09:00 in Toronto, 9 days overdue
	e.Now = func() time.Time { return now }
	return e
}

// parts parses a raw message back with go-message and returns its decoded
// text and HTML parts and attachments.
func parts(t *testing.T, raw []byte) (subject, text, html string, files map[string][]byte) {
	t.Helper()
	mr, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ = mr.Header.Subject()
	files = map[string][]byte{}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(p.Body)
		if err != nil {
			t.Fatal(err)
		}
		switch h := p.Header.(type) {
		case *mail.InlineHeader:
			ct, _, _ := h.ContentType()
			switch ct {
			case "text/plain":
				text = string(b)
			case "text/html":
				html = string(b)
			}
		case *mail.AttachmentHeader:
			name, _ := h.Filename()
			files[name] = b
		}
	}
	return
}

// goldenLink stands for the customer's link a real send mints.
const goldenLink = "https://relance.example/i/GOLDEN-link-token_0123456789"

// TestGoldenDefaultTemplates renders every default template (three steps,
// the manual reminder, the invoice email and the receipt) in both languages through the real path —
// reminder.Render, mail.Compose, MIME parsed back — and compares subject,
// text and HTML with testdata/golden.
func TestGoldenDefaultTemplates(t *testing.T) {
	e := goldenEngine()
	for _, lang := range []string{"en", "fr"} {
		// Steps past the default three use the third's wording (no golden of their own).
		for step := reminder.StepReceipt; step <= len(reminder.DefaultSettings("UTC").Steps); step++ {
			name := fmt.Sprintf("step%d_%s", step, lang)
			switch step {
			case reminder.StepInvoice:
				name = "invoice_" + lang
			case reminder.StepReceipt:
				name = "receipt_" + lang
			}
			t.Run(name, func(t *testing.T) {
				sc := fixture(lang)
				sc.Settings.AttachPDF = false
				r := &reminder.Reminder{ID: 1, Step: step, Language: lang, To: sc.Invoice.Email,
					MessageID: "<golden-" + name + "@relance.test>"}
				if step == reminder.StepManual {
					tpl := sc.Settings.Template(reminder.StepManual, lang)
					r.CustomSubject, r.CustomMessage = tpl.Subject, tpl.Message
				}
				if step == reminder.StepReceipt {
					tpl := reminder.ReceiptTemplate(lang, "500,00 $")
					r.CustomSubject, r.CustomMessage = tpl.Subject, tpl.Message
				}
				msg, _, err := e.compose(sc, r, goldenLink, 0)
				if err != nil {
					t.Fatal(err)
				}
				raw, err := rmail.Raw(msg)
				if err != nil {
					t.Fatal(err)
				}
				subject, text, html, files := parts(t, raw)
				for ext, got := range map[string]string{"subject": subject + "\n", "txt": text, "html": html} {
					golden(t, filepath.Join("testdata", "golden", name+"."+ext), got)
				}
				for _, want := range []string{"F-2026-017", goldenLink, map[string]string{"en": "View invoice", "fr": "Voir la facture"}[lang],
					"https://pay.example.com/atelier-cote?invoice=F-2026-017&amount=1051.88&currency=CAD"} {
					if !strings.Contains(text, want) || !strings.Contains(html, strings.ReplaceAll(want, "&", "&amp;")) {
						t.Errorf("%s missing from the message", want)
					}
				}
				if wantPDF := step == reminder.StepInvoice; (len(files) > 0) != wantPDF {
					t.Errorf("attachments %d, want the PDF only on the invoice email", len(files))
				}
				// The summary box above the message: number, due date,
				// balance due in large type, days overdue (9 on the
				// golden clock); none on a receipt. A first-name
				// greeting; a clean text part.
				box := map[string][]string{
					"en": {"Balance due", "Days overdue", "December 1, 2026", "font-size: 24px; font-weight: bold; color: #1f2328; white-space: nowrap;\">$1,"},
					"fr": {"Solde dû", "Jours de retard", "1er décembre 2026", "font-size: 24px; font-weight: bold; color: #1f2328; white-space: nowrap;\">1"},
				}[lang]
				if step == reminder.StepReceipt {
					if strings.Contains(html, box[1]) {
						t.Errorf("a receipt has the summary box")
					}
				} else {
					for _, want := range box {
						if !strings.Contains(html, want) {
							t.Errorf("summary box lacks %q", want)
						}
					}
					if i, j := strings.Index(html, box[0]), strings.Index(html, "<p>"); i < 0 || j < 0 || i > j {
						t.Errorf("the summary box is not above the message")
					}
				}
				greet := map[string]string{"en": "Hello Nancy,", "fr": "Bonjour Élodie,"}[lang]
				if !strings.HasPrefix(text, greet) {
					t.Errorf("text part does not open with %q:\n%s", greet, text)
				}
				if strings.ContainsAny(text, "<>") || strings.Contains(text, "&amp;") {
					t.Errorf("text part is not clean:\n%s", text)
				}
			})
		}
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/engine -run Golden -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file; diff it after go test -run Golden -update:\n--- got ---\n%s", path, got)
	}
}

// TestExampleMessages writes (with -update) and checks the example .eml
// files of docs/examples: a reminder with its PDF, per language, as a mail
// client would receive it.
func TestExampleMessages(t *testing.T) {
	e := goldenEngine()
	for _, lang := range []string{"en", "fr"} {
		sc := fixture(lang)
		r := &reminder.Reminder{ID: 1, Step: 2, Language: lang, To: sc.Invoice.Email, MessageID: "<example-" + lang + "@relance.test>"}
		msg, _, err := e.compose(sc, r, goldenLink, 0)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := rmail.Raw(msg)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("..", "..", "docs", "examples", "reminder-"+lang+".eml")
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, raw, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		stored, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./internal/engine -run Example -update)", err)
		}
		subject, text, html, files := parts(t, stored)
		want := map[string]string{"en": "$1,051.88", "fr": "1\u00a0051,88\u00a0$"}[lang]
		if subject == "" || !strings.Contains(text, want) || !strings.Contains(html, "F-2026-017") {
			t.Errorf("%s: subject %q, text without %q", path, subject, want)
		}
		pdf := files[map[string]string{"en": "invoice-F-2026-017.pdf", "fr": "facture-F-2026-017.pdf"}[lang]]
		if !bytes.HasPrefix(pdf, []byte("%PDF")) {
			t.Errorf("%s: no PDF attachment (files %v)", path, len(files))
		}
	}
}
