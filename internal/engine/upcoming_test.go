package engine_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
	"github.com/relance-app/relance/internal/schedule"
	"github.com/relance-app/relance/internal/store"
	"github.com/relance-app/relance/internal/store/storetest"
)

// TestUpcomingMatchesTheScans lists the next 14 days' reminders, then runs
// `send-due --at` (a scan and the sends) at 10:00 on each of those days and
// compares what the scans did, day by day, with the list.
func TestUpcomingMatchesTheScans(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		day := invoice.LocalDate(time.Now(), toronto).AddDays(30)
		b := setup(t, s, local(day, 10, 0))
		st, err := s.ReminderSettings(ctx, b.co.ID)
		if err != nil {
			t.Fatal(err)
		}
		// 3 days before, 2 and 10 days after the due date; catch-up 7 days.
		st.Steps[1].Days, st.Steps[2].Days = 2, 10
		if err := storetest.Books(s).PutReminderSettings(ctx, b.co.ID, st); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			number string
			due    int // days from day
		}{
			{"A", 2},   // step 1 today, 2 on day+4, 3 on day+12
			{"B", -3},  // steps 1 and 2 both came: 2 sent, 1 superseded; 3 on day+7
			{"C", -20}, // every step stale: nothing planned, nothing done
			{"D", -14}, // 1 and 2 stale (recorded as skipped), 3 today
			{"E", 10},  // 1 on day+7, 2 on day+12; 3 after the window
			{"F", 40},  // nothing in the window
		} {
			b.invoice(t, c.number, day.AddDays(c.due-30), day.AddDays(c.due))
		}

		items, err := b.e.Books().Upcoming(ctx, b.co.ID, 14)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, it := range items {
			want = append(want, line(it.Date, it.Number, it.Step, it.Send, it.Reason))
		}

		var got []string
		for k := range 14 {
			b.clk.Set(local(day.AddDays(k), 10, 0))
			rep := b.pass(t)
			for _, it := range rep.Items {
				got = append(got, line(day.AddDays(k), it.Number, it.Step, it.State == reminder.StateScheduled, it.Reason))
			}
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("upcoming list and scans differ\nupcoming:\n%q\nscans:\n%q", want, got)
		}
		// The list is not empty and holds what the comments above say.
		for _, w := range []string{
			line(day, "A", 1, true, ""), line(day.AddDays(4), "A", 2, true, ""), line(day.AddDays(12), "A", 3, true, ""),
			line(day, "B", 1, false, schedule.SupersededReason(2)), line(day, "B", 2, true, ""), line(day.AddDays(7), "B", 3, true, ""),
			line(day, "D", 1, false, "stale"), line(day, "D", 2, false, "stale"), line(day, "D", 3, true, ""),
			line(day.AddDays(7), "E", 1, true, ""), line(day.AddDays(12), "E", 2, true, ""),
		} {
			if !slices.Contains(want, w) {
				t.Errorf("upcoming lacks %q", w)
			}
		}
		if len(want) != 11 {
			t.Errorf("upcoming has %d items, want 11: %q", len(want), want)
		}
	})
}

func line(d invoice.Date, number string, step int, send bool, reason string) string {
	action := "skip"
	if send {
		action = "send"
	}
	return fmt.Sprintf("%s %s step %d %s %s", d, number, step, action, reason)
}
