package i18n

import (
	"slices"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/reminder"
)

// TestCataloguesMatch: every message exists in both languages, so that no
// page shows a raw id or mixes languages.
func TestCataloguesMatch(t *testing.T) {
	en, fr := IDs("en"), IDs("fr")
	if len(en) < 100 {
		t.Fatalf("en catalogue has only %d ids", len(en))
	}
	for _, id := range en {
		if !slices.Contains(fr, id) {
			t.Errorf("%q is in en.toml but not in fr.toml", id)
		}
	}
	for _, id := range fr {
		if !slices.Contains(en, id) {
			t.Errorf("%q is in fr.toml but not in en.toml", id)
		}
	}
}

func TestT(t *testing.T) {
	tests := []struct {
		lang, id string
		data     map[string]any
		want     string
	}{
		{"en", "status_overdue", map[string]any{"Count": 12}, "Overdue 12 days"},
		{"en", "status_overdue", map[string]any{"Count": 1}, "Overdue 1 day"},
		{"fr", "status_overdue", map[string]any{"Count": 12}, "En retard de 12 jours"},
		{"fr", "status_overdue", map[string]any{"Count": 1}, "En retard de 1 jour"},
		{"fr", "status_due_in", map[string]any{"Count": 3}, "Échéance dans 3 jours"},
		{"en", "status_due_in", map[string]any{"Count": 3}, "Due in 3 days"},
		{"fr", "reminder_sent_on", map[string]any{"Date": "3 déc."}, "Relance envoyée le 3 déc."},
		{"en", "next_reminder", map[string]any{"Step": 2, "Date": "Dec 12"}, "Reminder 2 on Dec 12"},
		{"fr", "next_reminder", map[string]any{"Step": 2, "Date": "12 déc."}, "Relance 2 le 12 déc."},
		{"fr-CA", "col_balance", nil, "Solde dû"},
		{"de", "col_balance", nil, "Balance due"},
		{"en", "no_such_id", nil, "no_such_id"},
	}
	for _, tt := range tests {
		if got := T(tt.lang, tt.id, tt.data); got != tt.want {
			t.Errorf("T(%s, %s, %v) = %q, want %q", tt.lang, tt.id, tt.data, got, tt.want)
		}
	}
}

// TestFrenchUsesCanadianTerms guards the vocabulary the users asked for.
func TestFrenchUsesCanadianTerms(t *testing.T) {
	for id, want := range map[string]string{"field_email": "Courriel", "invoice_title": "Facture", "col_balance": "Solde dû"} {
		if got := T("fr", id, nil); got != want {
			t.Errorf("fr %s = %q, want %q", id, got, want)
		}
	}
	for _, id := range IDs("fr") {
		if s := T("fr", id, map[string]any{"Count": 2}); strings.Contains(strings.ToLower(s), "e-mail") {
			t.Errorf("fr %s uses e-mail: %q", id, s)
		}
	}
}

func TestUnmarshalTOMLRefusesWhatItDoesNotRead(t *testing.T) {
	for _, src := range []string{"a = 'single'", "a = [1]", "[bad table", "a.b = \"x\"", "a = \"x\"\na = \"y\"", "a = \"unterminated"} {
		var v any
		if err := unmarshalTOML([]byte(src), &v); err == nil {
			t.Errorf("unmarshalTOML(%q) accepted it", src)
		}
	}
	var v any
	if err := unmarshalTOML([]byte("# c\nx = \"a \\\"b\\\"\\n\"\n[p]\none = \"1\"\nother = \"n\"\n"), &v); err != nil {
		t.Fatal(err)
	}
	m := v.(map[string]any)
	if m["x"] != "a \"b\"\n" || m["p"].(map[string]any)["other"] != "n" {
		t.Errorf("parsed %#v", m)
	}
}

// Every placeholder has its label in the picker, in both languages.
func TestPlaceholderLabels(t *testing.T) {
	for _, lang := range Languages {
		for _, p := range reminder.Placeholders {
			if !Has(lang, "ph_"+p) {
				t.Errorf("%s: no label ph_%s for the placeholder picker", lang, p)
			}
		}
	}
}
