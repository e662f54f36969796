package schedule

import (
	"testing"

	"github.com/relance-app/relance/internal/reminder"
)

// BenchmarkPlan is the planner's cost for one due invoice (7 days overdue,
// step 1 sent) with the default schedule and with ten steps, a repeat up
// to 52 times and business days with Quebec's holidays (the holiday
// calendar of a year is computed once and kept):
//
//	go test -run '^$' -bench Plan -benchmem ./internal/schedule/
func BenchmarkPlan(b *testing.B) {
	long := testSettings()
	last := long.Steps[2]
	for len(long.Steps) < reminder.MaxSteps {
		long.Steps = append(long.Steps, last)
	}
	for i := 1; i < reminder.MaxSteps; i++ {
		long.Steps[i].Days, long.Steps[i].When = 7*i, reminder.After
	}
	long.Repeat = &reminder.Repeat{EveryDays: 7, Max: reminder.MaxRepeats}
	long.BusinessDays = reminder.BusinessDays{SkipWeekends: true, Holidays: "CA-QC"}
	for _, c := range []struct {
		name string
		s    reminder.Settings
	}{{"default", testSettings()}, {"ten-steps-repeat-CA-QC", long}} {
		b.Run(c.name, func(b *testing.B) {
			in := Input{Settings: c.s, Invoice: testInvoice("2026-12-03"), Now: local("2026-12-10 10:00"),
				History: []reminder.Reminder{rec(1, "2026-12-03", reminder.StateSent, "2026-11-30 09:00")}}
			for b.Loop() {
				if d := Plan(in); d.Due == nil || d.Due.Step != 2 {
					b.Fatalf("%+v", d)
				}
			}
		})
	}
}
