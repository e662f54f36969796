package pdf

import "testing"

func TestFilename(t *testing.T) {
	for _, tc := range []struct{ number, lang, want string }{
		{"F-2026-017", "fr", "facture-F-2026-017.pdf"},
		{"INV 12/3", "en", "invoice-INV-12-3.pdf"},
		{"a\"\r\nb", "en", "invoice-a---b.pdf"},
	} {
		if got := Filename(tc.number, tc.lang); got != tc.want {
			t.Errorf("Filename(%q, %q) = %q, want %q", tc.number, tc.lang, got, tc.want)
		}
	}
}
