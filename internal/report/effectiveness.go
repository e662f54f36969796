package report

import (
	"context"
	"slices"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/store"
)

// StepStats is what the reminders of one step achieved.
type StepStats struct {
	Step     int // reminder.StepManual for hand-sent ones
	Sent     int64
	Within7  int64 // invoices paid in full 0–7 days after the day the reminder went out
	Within14 int64 // 0–14 days
	Paid     int64 // paid in full on or after that day, however long after
	// MedianTenths is the median days from reminder to full payment × 10
	// (over the Paid ones); MedianOK is false when none was paid.
	MedianTenths int64
	MedianOK     bool
}

// Median is the median with at most one decimal ("3", "3.5"), "" if none.
func (s StepStats) Median() string {
	if !s.MedianOK {
		return ""
	}
	if s.MedianTenths%10 == 0 {
		return money.FormatDecimal(s.MedianTenths/10, 0)
	}
	return money.FormatDecimal(s.MedianTenths, 1)
}

// BuildEffectiveness folds (step, days, count) rows, ordered by step and
// days, into per-step figures. A reminder counts as followed by payment
// when its invoice was paid in full on the day it went out or after; one
// paid before (a back-dated payment) or not paid in full only counts as
// sent.
func BuildEffectiveness(rows []store.StepOutcome) []StepStats {
	var out []StepStats
	var days [][]store.StepOutcome
	for _, r := range rows {
		n := len(out)
		if n == 0 || out[n-1].Step != r.Step {
			out = append(out, StepStats{Step: r.Step})
			days = append(days, nil)
			n++
		}
		s := &out[n-1]
		s.Sent += r.Count
		if r.Days == nil || *r.Days < 0 {
			continue
		}
		s.Paid += r.Count
		if *r.Days <= 7 {
			s.Within7 += r.Count
		}
		if *r.Days <= 14 {
			s.Within14 += r.Count
		}
		days[n-1] = append(days[n-1], r)
	}
	for i := range out {
		out[i].MedianTenths, out[i].MedianOK = median(days[i], out[i].Paid)
	}
	return out
}

// median of a histogram (days ascending) of n values, × 10.
func median(h []store.StepOutcome, n int64) (int64, bool) {
	if n == 0 {
		return 0, false
	}
	slices.SortFunc(h, func(a, b store.StepOutcome) int { return *a.Days - *b.Days })
	// the values at 0-based ranks (n-1)/2 and n/2
	at := func(rank int64) int64 {
		for _, r := range h {
			if rank < r.Count {
				return int64(*r.Days)
			}
			rank -= r.Count
		}
		return 0
	}
	return (at((n-1)/2) + at(n/2)) * 5, true
}

// ZoneSpans are loc's offsets from UTC over [from, to): one span per
// stretch without a change of offset, the last one open-ended.
func ZoneSpans(loc *time.Location, from, to time.Time) []store.ZoneSpan {
	var out []store.ZoneSpan
	t := from
	for {
		_, off := t.In(loc).Zone()
		_, end := t.In(loc).ZoneBounds()
		if end.IsZero() || !end.Before(to) {
			return append(out, store.ZoneSpan{Offset: off})
		}
		out = append(out, store.ZoneSpan{Until: end, Offset: off})
		t = end
	}
}

// Effectiveness gives per step what the reminders sent between two
// company-local days (both included) achieved.
func (r Reports) Effectiveness(ctx context.Context, companyID int64, loc *time.Location, from, to invoice.Date) ([]StepStats, error) {
	start, end := from.In(loc), to.AddDays(1).In(loc)
	rows, err := r.Store.ReminderOutcomes(ctx, companyID, start, end, loc.String(), ZoneSpans(loc, start, end))
	if err != nil {
		return nil, err
	}
	return BuildEffectiveness(rows), nil
}
