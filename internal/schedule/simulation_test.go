package schedule

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
)

// scenario is 120 days in the life of one invoice.
type scenario struct {
	settings  reminder.Settings
	start     time.Time
	tick      time.Duration
	due       invoice.Date
	enableAt  time.Time    // automatic reminders turned on
	changeAt  time.Time    // the due date is changed (zero: never)
	newDue    invoice.Date // to this
	manualAts []time.Time  // a user sends a manual reminder
}

const simDays = 120

func randomScenario(r *rand.Rand) scenario {
	zones := []string{"America/Toronto", "America/Toronto", "Europe/Paris", "Pacific/Auckland", "UTC"}
	sendTimes := []string{"09:00", "09:00", "00:00", "09:30", "23:45", "02:30"}
	sc := scenario{tick: 15 * time.Minute}
	if r.IntN(3) == 0 {
		sc.tick = time.Hour
	}
	sc.settings = reminder.DefaultSettings(zones[r.IntN(len(zones))])
	sc.settings.SendTime = sendTimes[r.IntN(len(sendTimes))]
	sc.settings.CatchUpDays = r.IntN(11)
	if r.IntN(2) == 0 { // up to ten steps, repeats and business days (issue 15)
		last := sc.settings.Steps[len(sc.settings.Steps)-1]
		sc.settings.Steps = sc.settings.Steps[:0]
		for range 1 + r.IntN(reminder.MaxSteps) {
			sc.settings.Steps = append(sc.settings.Steps, last)
		}
		if r.IntN(2) == 0 {
			sc.settings.Repeat = &reminder.Repeat{EveryDays: reminder.MinRepeatEvery + r.IntN(24), Max: 1 + r.IntN(12)}
		}
		sc.settings.BusinessDays = reminder.BusinessDays{SkipWeekends: r.IntN(3) > 0,
			Holidays: []string{"", "CA-QC", "FR", "US", "GB"}[r.IntN(5)]}
	}
	for i := range sc.settings.Steps {
		st := &sc.settings.Steps[i]
		st.Enabled = r.IntN(5) > 0
		st.Days = r.IntN(31)
		st.When = []string{reminder.Before, reminder.After}[r.IntN(2)]
	}
	// Starts a little before the 2026 spring DST change in North America.
	sc.start = time.Date(2026, 2, 20, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.IntN(24)) * time.Hour)
	at := func(maxDays int) time.Time {
		n := int(time.Duration(maxDays) * 24 * time.Hour / sc.tick)
		return sc.start.Add(time.Duration(r.IntN(n)) * sc.tick)
	}
	sc.due = invoice.DateOf(sc.start).AddDays(r.IntN(100) - 40) // some imported overdue
	sc.enableAt = sc.start
	if r.IntN(2) == 0 {
		sc.enableAt = at(50)
	}
	if r.IntN(2) == 0 {
		sc.changeAt = at(60)
		sc.newDue = sc.due.AddDays(r.IntN(61) - 30)
		if sc.newDue == sc.due {
			sc.newDue = sc.due.AddDays(1)
		}
	}
	for range r.IntN(6) {
		sc.manualAts = append(sc.manualAts, at(simDays))
	}
	return sc
}

// run steps the clock through the scenario, "sending" each Due and
// recording each Skip as the engine would. With everyTick the planner runs
// on every tick; otherwise only when Next says so or after a change, as the
// real scan does — both runs must produce the same history.
func (sc scenario) run(t *testing.T, everyTick bool) []reminder.Reminder {
	t.Helper()
	s := sc.settings
	s.Enabled = false
	inv := &invoice.Invoice{Number: "A-1", Email: "ap@client.test", DueDate: sc.due, Currency: "CAD", Total: 1000, Balance: 1000}
	var history []reminder.Reminder
	var nextAt *time.Time
	replan := true
	end := sc.start.Add(simDays * 24 * time.Hour)
	for now := sc.start; now.Before(end); now = now.Add(sc.tick) {
		if now.Equal(sc.enableAt) {
			s.Enabled, replan = true, true
		}
		if now.Equal(sc.changeAt) {
			inv.DueDate, replan = sc.newDue, true
		}
		for _, m := range sc.manualAts {
			if now.Equal(m) {
				sent := now
				history = append(history, reminder.Reminder{Step: reminder.StepManual, DueDate: inv.DueDate, State: reminder.StateSent, SentAt: &sent, CreatedAt: now})
			}
		}
		if !everyTick && !replan && (nextAt == nil || now.Before(*nextAt)) {
			continue
		}
		replan = false
		d := Plan(Input{Settings: s, Invoice: inv, History: history, Now: now})
		for _, sk := range d.Skip {
			history = append(history, reminder.Reminder{Step: sk.Step, DueDate: sk.DueDate, TriggerDate: sk.TriggerDate,
				State: reminder.StateSkipped, Reason: sk.Reason, CreatedAt: now})
		}
		if d.Due != nil {
			if d.Due.At.After(now) {
				t.Fatalf("%v: Due %+v is in the future", now, d.Due)
			}
			if ok, why := Eligible(Input{Settings: s, Invoice: inv, History: history, Now: now}, d.Due.Step); !ok {
				t.Fatalf("%v: Due %+v not eligible: %s", now, d.Due, why)
			}
			sent := now
			history = append(history, reminder.Reminder{Step: d.Due.Step, DueDate: d.Due.DueDate, TriggerDate: d.Due.TriggerDate,
				State: reminder.StateSent, SentAt: &sent, CreatedAt: now})
		}
		nextAt = nil
		if d.Next != nil {
			if !d.Next.At.After(now) {
				t.Fatalf("%v: Next %+v is not in the future", now, d.Next)
			}
			nextAt = &d.Next.At
		}
	}
	return history
}

func TestSimulation(t *testing.T) {
	t.Parallel()
	n := 150
	if testing.Short() {
		n = 20
	}
	for seed := range uint64(n) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			t.Parallel()
			sc := randomScenario(rand.New(rand.NewPCG(seed, 42)))
			h := sc.run(t, true)
			checkHistory(t, sc, h)
			if h2 := sc.run(t, false); !slices.EqualFunc(h, h2, sameRecord) {
				t.Errorf("planning only at Next differs from planning every tick:\nevery tick: %v\nat Next:    %v", brief(h), brief(h2))
			}
		})
	}
}

// TestSimulationDefaults is the plain case: default steps, reminders on from
// the start, every 15 minutes across both DST changes in Toronto.
func TestSimulationDefaults(t *testing.T) {
	t.Parallel()
	sc := scenario{settings: reminder.DefaultSettings("America/Toronto"), tick: 15 * time.Minute,
		start: time.Date(2026, 2, 20, 5, 0, 0, 0, time.UTC), due: day("2026-03-11")}
	sc.enableAt = sc.start
	h := sc.run(t, true)
	checkHistory(t, sc, h)
	want := []string{"1 sent 2026-03-08T13:00Z", "2 sent 2026-03-18T13:00Z", "3 sent 2026-04-01T13:00Z"}
	if got := brief(h); !slices.Equal(got, want) {
		t.Errorf("history = %v, want %v", got, want)
	}
	sc.due = day("2026-11-04") // step 1 on the fall-back day
	sc.start = time.Date(2026, 10, 20, 5, 0, 0, 0, time.UTC)
	sc.enableAt = sc.start
	want = []string{"1 sent 2026-11-01T14:00Z", "2 sent 2026-11-11T14:00Z", "3 sent 2026-11-25T14:00Z"}
	if got := brief(sc.run(t, false)); !slices.Equal(got, want) {
		t.Errorf("history = %v, want %v", got, want)
	}
}

// TestSimulationTenSteps: ten steps, weekly repeats and Quebec's business
// days over 120 days, planned at every tick and only at Next.
func TestSimulationTenSteps(t *testing.T) {
	t.Parallel()
	s := reminder.DefaultSettings("America/Toronto")
	last := s.Steps[2]
	for _, d := range []int{23, 27, 30, 33, 36, 39, 42} {
		st := last
		st.Days = d
		s.Steps = append(s.Steps, st)
	}
	s.Repeat = &reminder.Repeat{EveryDays: 7, Max: 8}
	s.BusinessDays = reminder.BusinessDays{SkipWeekends: true, Holidays: "CA-QC"}
	sc := scenario{settings: s, tick: 15 * time.Minute, start: time.Date(2026, 5, 1, 4, 0, 0, 0, time.UTC), due: day("2026-06-01")}
	sc.enableAt = sc.start
	h := sc.run(t, true)
	checkHistory(t, sc, h)
	if h2 := sc.run(t, false); !slices.EqualFunc(h, h2, sameRecord) {
		t.Errorf("planning only at Next differs from planning every tick:\n%v\n%v", brief(h), brief(h2))
	}
	var got []string
	for _, r := range h {
		got = append(got, fmt.Sprintf("%d %s", r.Step, r.TriggerDate))
	}
	// Due Monday 1 June. 29 May (Fri) −3; 8 Jun +7; 22 Jun +21; +23 is 24
	// June, the Fête nationale: 25 Jun; +27 is a Sunday: 29 Jun; +30 is
	// 1 July, Canada Day: 2 Jul; +33 a Saturday: 6 Jul; 7 Jul +36; 10 Jul
	// +39; 13 Jul +42; then repeats every 7 days, up to the end (29 Aug).
	want := []string{"1 2026-05-29", "2 2026-06-08", "3 2026-06-22", "4 2026-06-25", "5 2026-06-29", "6 2026-07-02",
		"7 2026-07-06", "8 2026-07-07", "9 2026-07-10", "10 2026-07-13", "11 2026-07-20", "12 2026-07-27",
		"13 2026-08-03", "14 2026-08-10", "15 2026-08-17", "16 2026-08-24"}
	if !slices.Equal(got, want) {
		t.Errorf("history = %v\nwant      %v", got, want)
	}
}

func checkHistory(t *testing.T, sc scenario, h []reminder.Reminder) {
	t.Helper()
	s := sc.settings
	loc := s.Location()
	type key struct {
		step int
		due  invoice.Date
	}
	seen := map[key]int{}
	sentDays := map[invoice.Date]bool{}
	autoDays := map[invoice.Date]bool{}
	for _, r := range h {
		if r.Step != reminder.StepManual {
			seen[key{r.Step, r.DueDate}]++
		}
		if r.State != reminder.StateSent {
			continue
		}
		d := invoice.LocalDate(*r.SentAt, loc)
		if r.Step != reminder.StepManual {
			if sentDays[d] {
				t.Errorf("automatic reminder %d sent on %s, a day that already had a reminder: %v", r.Step, d, brief(h))
			}
			if late := d.DaysSince(r.TriggerDate); late < 0 || late > s.CatchUpDays {
				t.Errorf("reminder %d sent %d days after its trigger date %s (catch-up %d)", r.Step, late, r.TriggerDate, s.CatchUpDays)
			}
			autoDays[d] = true
		}
		sentDays[d] = true
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("%d records for step %d against due date %s", n, k.step, k.due)
		}
	}
	// Every enabled step (and repeat) against the final due date whose
	// trigger date came a day before the end is decided, once; every one
	// sent went out on a business day.
	final := sc.due
	if !sc.changeAt.IsZero() {
		final = sc.newDue
	}
	p := newPlanner(Input{Settings: s, Now: sc.start.Add(simDays*24*time.Hour - 48*time.Hour)})
	for _, c := range p.candidates(Input{Settings: s, Invoice: &invoice.Invoice{DueDate: final}}) {
		if !c.trigger.After(p.today) && seen[key{c.step, final}] != 1 {
			t.Errorf("step %d (trigger %s) against final due date %s: %d records; history %v",
				c.step, c.trigger, final, seen[key{c.step, final}], brief(h))
		}
	}
	for _, r := range h {
		if r.Step != reminder.StepManual && r.State == reminder.StateSent && p.closed(r.TriggerDate) {
			t.Errorf("reminder %d triggered on %s, not a business day", r.Step, r.TriggerDate)
		}
		if r.Step > s.Count() {
			t.Errorf("step %d beyond the cadence's %d", r.Step, s.Count())
		}
	}
}

func sameRecord(a, b reminder.Reminder) bool {
	return a.Step == b.Step && a.DueDate == b.DueDate && a.TriggerDate == b.TriggerDate &&
		a.State == b.State && a.Reason == b.Reason && a.CreatedAt.Equal(b.CreatedAt)
}

func brief(h []reminder.Reminder) []string {
	out := make([]string, len(h))
	for i, r := range h {
		out[i] = fmt.Sprintf("%d %s %s", r.Step, r.State, r.CreatedAt.UTC().Format("2006-01-02T15:04Z"))
		if r.Reason != "" {
			out[i] += " (" + r.Reason + ")"
		}
	}
	return out
}
