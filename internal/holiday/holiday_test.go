package holiday

import (
	"testing"
	"time"
)

// TestArithmetic: the day arithmetic agrees with package time on every
// day from 1900 to 2200, and a cached year answers like a computed one.
func TestArithmetic(t *testing.T) {
	for d := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2200; d = d.AddDate(0, 0, 1) {
		y, m, dd := d.Date()
		if got := Weekday(y, m, dd); got != d.Weekday() {
			t.Fatalf("%s: weekday %s, want %s", d.Format(time.DateOnly), got, d.Weekday())
		}
		if got := dayNumber(y, m, dd) - dayNumber(y, 1, 1) + 1; got != d.YearDay() {
			t.Fatalf("%s: year day %d, want %d", d.Format(time.DateOnly), got, d.YearDay())
		}
	}
	qc := For("CA-QC")
	for _, c := range []struct {
		y    int
		m    time.Month
		d    int
		want bool
	}{{2026, 6, 24, true}, {2026, 6, 23, false}, {2029, 6, 25, true} /* 24 June 2029 is a Sunday */, {2026, 12, 25, true},
		{2026, 12, 26, false}, {2300, 6, 24, true}} {
		for range 2 { // computed, then cached
			if got := qc.Closed(c.y, c.m, c.d); got != c.want {
				t.Errorf("CA-QC %d-%02d-%02d closed = %v", c.y, c.m, c.d, got)
			}
		}
	}
	if For("") != nil || For("XX") != nil || !Valid("") || Valid("XX") || !Valid("GB") {
		t.Error("regions")
	}
	var none *Calendar
	if none.Closed(2026, 1, 1) {
		t.Error("no calendar has a holiday")
	}
}
