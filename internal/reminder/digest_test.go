package reminder_test

import (
	"testing"
	"time"

	"github.com/relance-app/relance/internal/reminder"
)

func TestDigestDay(t *testing.T) {
	st := reminder.DefaultSettings("Europe/Paris")
	st.SendTime = "08:30"
	paris, _ := time.LoadLocation("Europe/Paris")
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, paris)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if _, ok := st.DigestDay(at("2026-03-10 12:00")); ok {
		t.Error("digest due while it is off")
	}
	st.Digest = true
	for _, c := range []struct {
		now string
		day string // "" not due
	}{
		{"2026-03-10 08:29", ""},
		{"2026-03-10 08:30", "2026-03-10"},
		{"2026-03-10 23:59", "2026-03-10"}, // a process down at 08:30 sends it later that day
		{"2026-03-11 00:10", ""},           // never yesterday's
		{"2026-03-29 08:30", "2026-03-29"}, // the day clocks go forward
	} {
		day, ok := st.DigestDay(at(c.now))
		if got := map[bool]string{true: day.String(), false: ""}[ok]; got != c.day {
			t.Errorf("at %s: digest day %q, want %q", c.now, got, c.day)
		}
	}
	// In UTC the company's 08:30 on 2026-03-10 is 07:30.
	if day, ok := st.DigestDay(time.Date(2026, 3, 10, 7, 29, 0, 0, time.UTC)); ok {
		t.Errorf("due at 07:29 UTC (08:29 Paris): %v", day)
	}
	day, _ := st.DigestDay(at("2026-03-30 09:00")) // yesterday was 23 hours long
	from, to := st.DigestWindow(day)
	if !from.Equal(time.Date(2026, 3, 28, 23, 0, 0, 0, time.UTC)) || !to.Equal(time.Date(2026, 3, 29, 22, 0, 0, 0, time.UTC)) {
		t.Errorf("window of %s = %v – %v", day, from, to)
	}
}
