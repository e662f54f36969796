package importer

import (
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"Nom d'affichage":       "nomdaffichage",
		"NOM D’AFFICHAGE":       "nomdaffichage",
		"Item(Product/Service)": "itemproductservice",
		"Date d'échéance":       "datedecheance",
		"Nº de facture":         "nodefacture",
		"display_name":          "displayname",
		" Prénom ":              "prenom",
		"Quantité de l'article": "quantitedelarticle",
	} {
		if got := normalize(in); got != want {
			t.Errorf("normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseNumber(t *testing.T) {
	for _, c := range []struct {
		in    string
		scale int
		want  int64
		bad   bool
	}{
		{"1234.56", 2, 123456, false},
		{"1 234,56", 2, 123456, false},
		{"1\u00a0234,56", 2, 123456, false},
		{"1\u202f234,56", 2, 123456, false},
		{"1,234.56", 2, 123456, false},
		{"1.234,56", 2, 123456, false},
		{"$12", 2, 1200, false},
		{"14.975%", 4, 149750, false},
		{"14,975", 4, 149750, false},
		{"14,975 %", 4, 149750, false},
		{"0.25", 4, 2500, false},
		{"12,3,4", 2, 0, true},
		{"1.234", 2, 0, true}, // three decimals in a two-digit currency
		{"abc", 2, 0, true},
		{"", 2, 0, true},
	} {
		got, err := parseNumber(c.in, c.scale)
		if (err != nil) != c.bad || got != c.want {
			t.Errorf("parseNumber(%q, %d) = %d, %v; want %d, bad=%v", c.in, c.scale, got, err, c.want, c.bad)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, c := range []struct{ in, format, want string }{
		{"2026-02-14", "", "2026-02-14"},
		{"2026-02-14", DateDMY, "2026-02-14"},
		{"14/02/2026", DateDMY, "2026-02-14"},
		{"02/14/2026", DateMDY, "2026-02-14"},
		{"2/3/2026", DateMDY, "2026-02-03"},
		{"3.2.2026", DateDMY, "2026-02-03"},
		{"31/02/2026", DateDMY, ""},
		{"14/02/2026", DateMDY, ""},
		{"14/02/2026", "", ""},
		{"2026-02-31", "", ""},
		{"14/02/26", DateDMY, ""},
	} {
		d, err := parseDate(c.in, c.format)
		if got := d.String(); got != c.want || (err != nil) != (c.want == "") {
			t.Errorf("parseDate(%q, %q) = %q, %v; want %q", c.in, c.format, got, err, c.want)
		}
		if err != nil && err.Error() != `invalid date "`+c.in+`"` {
			t.Errorf("error = %q", err)
		}
	}
}

func TestSniffSeparator(t *testing.T) {
	for in, want := range map[string]rune{
		"a,b,c\n1;2,3":           ',',
		"a;b;c\n1,2,3":           ';',
		`"a;b",c,d` + "\n":       ',',
		"a\tb\tc":                '\t',
		"only":                   ',',
		`"x,y";"z,w";v` + "\r\n": ';',
	} {
		if got := sniffSeparator([]byte(in)); got != want {
			t.Errorf("sniff(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTermsAndLanguage(t *testing.T) {
	for in, want := range map[string]int{"Net 30": 30, "Net 15": 15, "Due on receipt": 0, "Payable à 45 jours": 45, "Payable dès réception": 0} {
		if got, ok := termsDays(in); !ok || got != want {
			t.Errorf("termsDays(%q) = %d, %v", in, got, ok)
		}
	}
	if _, ok := termsDays("whenever"); ok {
		t.Error("termsDays(whenever) ok")
	}
	for in, want := range map[string]string{"": "fr", "Français": "fr", "fr-CA": "fr", "English": "en", "en_US": "en", "anglais": "en"} {
		if got, err := parseLanguage(in, "fr"); err != nil || got != want {
			t.Errorf("parseLanguage(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := parseLanguage("Deutsch", "fr"); err == nil || !strings.Contains(err.Error(), "Deutsch") {
		t.Errorf("parseLanguage(Deutsch) err = %v", err)
	}
}
