package invoice

import "testing"

func TestFormatDate(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		d                   Date
		lang                string
		long, medium, short string
	}{
		{Date{2026, 12, 15}, "fr", "15 décembre 2026", "15 déc. 2026", "15 déc."},
		{Date{2026, 12, 3}, "fr", "3 décembre 2026", "3 déc. 2026", "3 déc."},
		{Date{2026, 12, 1}, "fr", "1er décembre 2026", "1er déc. 2026", "1er déc."},
		{Date{2026, 2, 1}, "fr", "1er février 2026", "1er févr. 2026", "1er févr."},
		{Date{2026, 8, 20}, "fr", "20 août 2026", "20 août 2026", "20 août"},
		{Date{2026, 12, 15}, "en", "December 15, 2026", "Dec 15, 2026", "Dec 15"},
		{Date{2026, 12, 1}, "en", "December 1, 2026", "Dec 1, 2026", "Dec 1"},
		{Date{2026, 9, 1}, "xx", "September 1, 2026", "Sep 1, 2026", "Sep 1"},
	} {
		if got := FormatDate(c.d, c.lang); got != c.long {
			t.Errorf("FormatDate(%v,%s) = %q, want %q", c.d, c.lang, got, c.long)
		}
		if got := FormatDateMedium(c.d, c.lang); got != c.medium {
			t.Errorf("FormatDateMedium(%v,%s) = %q, want %q", c.d, c.lang, got, c.medium)
		}
		if got := FormatDateShort(c.d, c.lang); got != c.short {
			t.Errorf("FormatDateShort(%v,%s) = %q, want %q", c.d, c.lang, got, c.short)
		}
	}
	for _, lang := range []string{"en", "fr"} {
		if FormatDate(Date{}, lang) != "" || FormatDateMedium(Date{}, lang) != "" || FormatDateShort(Date{}, lang) != "" {
			t.Errorf("%s: zero date must format as empty", lang)
		}
	}
}
