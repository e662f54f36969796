package reminder

import (
	"time"

	"github.com/relance-app/relance/internal/invoice"
)

// DigestDay decides, at now, whether the company's daily digest is due and
// for which company-local day: from the send time of that day (the
// settings' send_time in the company's time zone) to its end, when the
// digest is on. The caller sends it once per day (a unique key per company
// and day), so a process that was down at the send time still sends it
// later that day, and never yesterday's. Pure: now is the caller's clock
// (send-due --at moves it).
func (s *Settings) DigestDay(now time.Time) (invoice.Date, bool) {
	if !s.Digest {
		return invoice.Date{}, false
	}
	loc := s.Location()
	local := now.In(loc)
	day := invoice.LocalDate(now, loc)
	h, m := s.SendClock()
	if local.Before(day.At(h, m, loc)) {
		return invoice.Date{}, false
	}
	return day, true
}

// DigestWindow is the company-local day before day, as instants: what a
// digest for day reports as "yesterday" (from <= t < to).
func (s *Settings) DigestWindow(day invoice.Date) (from, to time.Time) {
	loc := s.Location()
	return day.AddDays(-1).In(loc).UTC(), day.In(loc).UTC()
}
