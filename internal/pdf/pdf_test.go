package pdf

import (
	"bytes"
	"github.com/relance-app/relance/internal/pdf/pdftest"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/invoice"
)

// fixture is an invoice whose balance due is exactly 1 234,56 $ (CAD),
// with a tax line, a fractional quantity and a partial payment.
func fixture(t testing.TB, logo []byte, logoType string) Doc {
	t.Helper()
	co := &invoice.Company{
		Name: "Ébénisterie Lévesque & Fils", Email: "facturation@levesque.test",
		Address:  "1234, rue Sainte-Catherine Est\nMontréal (Québec) H2L 2H5",
		Currency: "CAD", BrandColor: "#0b6e4f", Logo: logo, LogoType: logoType,
	}
	cu := &invoice.Customer{DisplayName: "Élodie Côté", CompanyName: "Café Crème œuvres inc.", Email: "elodie@cote.test",
		Address: "88, rue du Pont\nQuébec (Québec) G1K 5X9"}
	inv := &invoice.Invoice{
		Number: "F-2026-0042", Currency: "CAD",
		IssueDate: invoice.Date{Year: 2026, Month: 11, Day: 15},
		DueDate:   invoice.Date{Year: 2026, Month: 12, Day: 15},
		Lines: []invoice.Line{
			{Description: "Table en érable — finition à l'huile, 2 € de vernis", Quantity: 15000, UnitPrice: 80000, TaxRate: 149750},
			{Description: "Livraison", Quantity: 10000, UnitPrice: 5000},
		},
	}
	inv.Compute()
	inv.Payments = []invoice.Payment{{Amount: inv.Total - 123456, Date: invoice.Date{Year: 2026, Month: 12, Day: 1}}}
	inv.Compute()
	if inv.Balance != 123456 {
		t.Fatalf("fixture balance = %d", inv.Balance)
	}
	return Doc{Company: co, Customer: cu, Invoice: inv, Lang: "fr", Today: invoice.Date{Year: 2026, Month: 12, Day: 20}}
}

func pngLogo(t testing.TB) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 900, 300)) // scaled down and flattened
	for y := 0; y < 300; y++ {
		for x := 0; x < 900; x++ {
			img.Set(x, y, color.NRGBA{R: 11, G: 110, B: 79, A: uint8(x % 256)})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestRenderFrench(t *testing.T) {
	out, err := Render(fixture(t, pngLogo(t), "image/png"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", out[:min(20, len(out))])
	}
	got := pdftest.Words(t, out)
	for _, want := range []string{
		"F-2026-0042", "1 234,56 $", "Élodie Côté", "Café Crème œuvres inc.", "EN RETARD",
		"FACTURE", "Solde dû", "15 décembre 2026", "15 novembre 2026", "1er décembre 2026",
		"Ébénisterie Lévesque & Fils", "Montréal (Québec) H2L 2H5", "2 € de vernis",
		"1,5", "14,975 %", "Date d'échéance", "88, rue du Pont", "Québec (Québec) G1K 5X9",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("PDF text lacks %q\n--- text:\n%s", want, got)
		}
	}
	if strings.Contains(got, "OVERDUE") {
		t.Error("French PDF says OVERDUE")
	}
}

func TestRenderEnglishNotOverdue(t *testing.T) {
	d := fixture(t, nil, "")
	d.Lang = "en"
	d.Today = invoice.Date{Year: 2026, Month: 12, Day: 15} // due today: not late
	out, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	got := pdftest.Words(t, out)
	for _, want := range []string{"INVOICE", "$1,234.56", "Balance due", "December 15, 2026", "Élodie Côté", "1.5", "14.975%"} {
		if !strings.Contains(got, want) {
			t.Errorf("PDF text lacks %q\n--- text:\n%s", want, got)
		}
	}
	if strings.Contains(got, "OVERDUE") {
		t.Errorf("invoice due today marked OVERDUE:\n%s", got)
	}
	d.Today = d.Today.AddDays(1)
	out, err = Render(d)
	if err != nil {
		t.Fatal(err)
	}
	if got := pdftest.Words(t, out); !strings.Contains(got, "OVERDUE") {
		t.Errorf("overdue invoice lacks OVERDUE:\n%s", got)
	}
}

func TestRenderLogos(t *testing.T) {
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, image.NewRGBA(image.Rect(0, 0, 40, 20)), nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, typ string
		data      []byte
		drawn     bool
	}{
		{"png with alpha", "image/png", pngLogo(t), true},
		{"jpeg", "image/jpeg", jb.Bytes(), true},
		{"garbage", "image/png", []byte("not an image at all"), false},
		{"wrong type", "image/gif", jb.Bytes(), false},
		{"none", "", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Render(fixture(t, tc.data, tc.typ))
			if err != nil {
				t.Fatal(err)
			}
			if has := bytes.Contains(out, []byte("/Subtype /Image")); has != tc.drawn {
				t.Errorf("image drawn = %v, want %v", has, tc.drawn)
			}
			got := pdftest.Words(t, out)
			if strings.Contains(got, "could not") {
				t.Errorf("maroto error text in PDF: %s", got)
			}
			if !strings.Contains(got, "F-2026-0042") {
				t.Errorf("PDF text lacks the number: %s", got)
			}
		})
	}
}

func TestRenderManyLinesPaginates(t *testing.T) {
	d := fixture(t, nil, "")
	for i := 0; i < 80; i++ {
		d.Invoice.Lines = append(d.Invoice.Lines, invoice.Line{Description: "Heure de main-d'œuvre", Quantity: 10000, UnitPrice: 100})
	}
	d.Invoice.Compute()
	out, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(out, []byte("/Type /Page\n")); n < 2 {
		t.Errorf("80 lines on %d page(s)", n)
	}
	if got := pdftest.Words(t, out); !strings.Contains(got, "Solde dû") {
		t.Error("balance missing after pagination")
	}
}

func TestRenderRequiresParts(t *testing.T) {
	if _, err := Render(Doc{}); err == nil {
		t.Error("empty Doc rendered")
	}
}

func TestCP1252(t *testing.T) {
	for in, want := range map[string]string{
		"abc":           "abc",
		"1\u202f234,56": "1\xa0234,56",
		"Élodie € œ":    "\xc9lodie \x80 \x9c",
		"東京":            "??",
		"a\tb\r\nc":     "a b  c",
	} {
		if got := cp1252(in); got != want {
			t.Errorf("cp1252(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	for _, bc := range []struct{ name, typ string }{{"logo", "image/png"}, {"nologo", ""}, {"quebec", ""}} {
		b.Run(bc.name, func(b *testing.B) {
			var logo []byte
			if bc.typ != "" {
				logo = pngLogo(b)
			}
			d := fixture(b, logo, bc.typ)
			if bc.name == "quebec" { // TPS and TVQ as two named taxes, with the company's numbers
				d.Company.TaxName1, d.Company.TaxRate1, d.Company.TaxNumber1 = "TPS", 50000, "123456789 RT0001"
				d.Company.TaxName2, d.Company.TaxRate2, d.Company.TaxNumber2 = "TVQ", 99750, "1234567890 TQ0001"
				d.Invoice.Lines[0].SetTaxes([]invoice.LineTax{{Name: "TPS", Rate: 50000}, {Name: "TVQ", Rate: 99750}})
				d.Invoice.Compute()
			}
			b.ReportAllocs()
			size := 0
			for b.Loop() {
				out, err := Render(d)
				if err != nil {
					b.Fatal(err)
				}
				size = len(out)
			}
			b.ReportMetric(float64(size), "bytes/pdf")
		})
	}
}

// TestRenderQuebecTaxes: TPS and TVQ on the same line print as two total
// lines with their rates and amounts (each rounded per line), the line
// names them, and the company's registration numbers are on the PDF.
func TestRenderQuebecTaxes(t *testing.T) {
	d := fixture(t, nil, "")
	d.Company.TaxName1, d.Company.TaxRate1, d.Company.TaxNumber1 = "TPS", 50000, "123456789 RT0001"
	d.Company.TaxName2, d.Company.TaxRate2, d.Company.TaxNumber2 = "TVQ", 99750, "1234567890 TQ0001"
	inv := d.Invoice
	inv.Payments = nil
	inv.Lines = []invoice.Line{{Description: "Armoire", Quantity: 10000, UnitPrice: 1010}, {Description: "Livraison", Quantity: 10000, UnitPrice: 5000}}
	inv.Lines[0].SetTaxes([]invoice.LineTax{{Name: "TPS", Rate: 50000}, {Name: "TVQ", Rate: 99750}})
	inv.Compute() // TPS 0,505 → 0,51; TVQ 1,007475 → 1,01
	for _, lang := range []string{"fr", "en"} {
		d.Lang = lang
		out, err := Render(d)
		if err != nil {
			t.Fatal(err)
		}
		got := pdftest.Words(t, out)
		want := []string{"TPS + TVQ", "TPS (5 %) 0,51 $", "TVQ (9,975 %) 1,01 $", "Sous-total 60,10 $", "Total 61,62 $",
			"TPS : 123456789 RT0001 · TVQ : 1234567890 TQ0001"}
		if lang == "en" {
			want = []string{"TPS + TVQ", "TPS (5%) $0.51", "TVQ (9.975%) $1.01", "Subtotal $60.10", "Total $61.62",
				"TPS: 123456789 RT0001 · TVQ: 1234567890 TQ0001"}
		}
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s PDF lacks %q\n--- text:\n%s", lang, w, got)
			}
		}
	}
}
