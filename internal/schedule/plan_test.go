package schedule

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
)

var toronto = mustLoc("America/Toronto")

func mustLoc(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func day(s string) invoice.Date {
	d, err := invoice.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// local parses "2026-06-12 09:00" in Toronto.
func local(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, toronto)
	if err != nil {
		panic(err)
	}
	return t
}

// testSettings: on, Toronto, 09:00, catch-up 7, steps −3, +7, +21.
func testSettings() reminder.Settings {
	s := reminder.DefaultSettings("America/Toronto")
	s.Enabled = true
	return s
}

func testInvoice(due string) *invoice.Invoice {
	d := day(due)
	return &invoice.Invoice{ID: 1, Number: "1001", Email: "ap@client.test", IssueDate: d.AddDays(-30),
		DueDate: d, Currency: "CAD", Total: 123456, Balance: 123456}
}

func rec(step int, due, state string, sentAt string) reminder.Reminder {
	r := reminder.Reminder{Step: step, DueDate: day(due), State: state}
	t := local(sentAt)
	if state == reminder.StateSent {
		r.SentAt = &t
	}
	r.CreatedAt = t
	return r
}

// describe renders a decision compactly so that tables stay readable.
func describe(d Decision) (due, skip, next string) {
	if d.Due != nil {
		due = fmt.Sprintf("%d@%s", d.Due.Step, d.Due.TriggerDate)
	}
	var sk []string
	for _, s := range d.Skip {
		sk = append(sk, fmt.Sprintf("%d:%s", s.Step, s.Reason))
	}
	skip = strings.Join(sk, ",")
	if d.Next != nil {
		next = fmt.Sprintf("%d@%s", d.Next.Step, d.Next.At.In(toronto).Format("2006-01-02 15:04"))
	}
	return
}

func TestPlan(t *testing.T) {
	t.Parallel()
	type tc struct {
		name     string
		settings func(*reminder.Settings)
		inv      func(*invoice.Invoice)
		paused   bool
		history  []reminder.Reminder
		bouncing bool
		now      string
		due      string // "step@trigger"
		skip     string // "step:reason,..."
		next     string // "step@local time"
		blocked  string
	}
	const D = "2026-06-15" // steps: 1 on 06-12, 2 on 06-22, 3 on 07-06
	sent1 := rec(1, D, reminder.StateSent, "2026-06-12 09:00")
	sent2 := rec(2, D, reminder.StateSent, "2026-06-22 09:00")
	cases := []tc{
		// Rules 1–4: nothing at all is planned.
		{name: "disabled", settings: func(s *reminder.Settings) { s.Enabled = false }, now: "2026-06-12 09:00", blocked: BlockedDisabled},
		{name: "draft", inv: func(i *invoice.Invoice) { i.Draft = true }, now: "2026-06-12 09:00", blocked: BlockedDraft},
		{name: "voided", inv: func(i *invoice.Invoice) { i.Voided = true }, now: "2026-06-12 09:00", blocked: BlockedVoided},
		{name: "paid", inv: func(i *invoice.Invoice) { i.Balance = 0 }, now: "2026-06-12 09:00", blocked: BlockedPaid},
		{name: "overpaid", inv: func(i *invoice.Invoice) { i.Balance = -5 }, now: "2026-06-12 09:00", blocked: BlockedPaid},
		{name: "no recipient", inv: func(i *invoice.Invoice) { i.Email = " " }, now: "2026-06-12 09:00", blocked: BlockedNoRecipient},
		{name: "customer paused", paused: true, now: "2026-06-12 09:00", blocked: BlockedPaused},
		{name: "invoice paused", inv: func(i *invoice.Invoice) { i.RemindersPaused = true }, now: "2026-06-12 09:00", blocked: BlockedPaused},
		{name: "address bouncing", bouncing: true, now: "2026-06-12 09:00", blocked: BlockedBouncing},
		{name: "address bouncing, later step", bouncing: true, history: []reminder.Reminder{sent1}, now: "2026-06-22 09:00", blocked: BlockedBouncing},
		{name: "address bouncing and paused", bouncing: true, paused: true, now: "2026-06-12 09:00", blocked: BlockedBouncing},
		{name: "all steps off", settings: func(s *reminder.Settings) {
			for i := range s.Steps {
				s.Steps[i].Enabled = false
			}
		}, now: "2026-06-12 09:00"},

		// Rule 5: the send time on the trigger date, before/after/0 days.
		{name: "long before", now: "2026-06-01 12:00", next: "1@2026-06-12 09:00"},
		{name: "before: 08:59", now: "2026-06-12 08:59", next: "1@2026-06-12 09:00"},
		{name: "before: 09:00", now: "2026-06-12 09:00", due: "1@2026-06-12", next: "2@2026-06-22 09:00"},
		{name: "before: later that day", now: "2026-06-12 17:45", due: "1@2026-06-12", next: "2@2026-06-22 09:00"},
		{name: "after: 08:59", history: []reminder.Reminder{sent1}, now: "2026-06-22 08:59", next: "2@2026-06-22 09:00"},
		{name: "after: 09:00", history: []reminder.Reminder{sent1}, now: "2026-06-22 09:00", due: "2@2026-06-22", next: "3@2026-07-06 09:00"},
		{name: "last step", history: []reminder.Reminder{sent1, sent2}, now: "2026-07-06 09:00", due: "3@2026-07-06"},
		{name: "all done", history: []reminder.Reminder{sent1, sent2, rec(3, D, reminder.StateSent, "2026-07-06 09:00")}, now: "2026-08-01 09:00"},
		{name: "0 days before", settings: func(s *reminder.Settings) { s.Steps[0].Days = 0 }, now: "2026-06-15 09:00", due: "1@2026-06-15", next: "2@2026-06-22 09:00"},
		{name: "0 days after", settings: func(s *reminder.Settings) { s.Steps[0].Days, s.Steps[0].When = 0, reminder.After }, now: "2026-06-15 08:59", next: "1@2026-06-15 09:00"},
		{name: "send time 17:30", settings: func(s *reminder.Settings) { s.SendTime = "17:30" }, now: "2026-06-12 17:29", next: "1@2026-06-12 17:30"},
		{name: "step off", settings: func(s *reminder.Settings) { s.Steps[0].Enabled = false }, now: "2026-06-12 10:00", next: "2@2026-06-22 09:00"},

		// Catch-up: several steps due at once, only the latest goes.
		{name: "catch-up: turned on late", settings: func(s *reminder.Settings) { s.CatchUpDays = 30 }, now: "2026-06-23 10:00",
			due: "2@2026-06-22", skip: "1:superseded by reminder 2", next: "3@2026-07-06 09:00"},
		{name: "catch-up: close steps", settings: func(s *reminder.Settings) {
			s.Steps[0].Days, s.Steps[0].When = 0, reminder.After
			s.Steps[1].Days = 3
		}, now: "2026-06-19 10:00", due: "2@2026-06-18", skip: "1:superseded by reminder 2", next: "3@2026-07-06 09:00"},
		{name: "catch-up: same trigger, higher step wins", settings: func(s *reminder.Settings) {
			s.Steps[0].Days, s.Steps[0].When = 7, reminder.After
		}, now: "2026-06-22 09:00", due: "2@2026-06-22", skip: "1:superseded by reminder 2", next: "3@2026-07-06 09:00"},
		{name: "steps in any order", settings: func(s *reminder.Settings) {
			s.Steps[0].Days, s.Steps[0].When = 21, reminder.After
			s.Steps[2].Days, s.Steps[2].When = 3, reminder.Before
			s.CatchUpDays = 30
		}, now: "2026-06-22 10:00", due: "2@2026-06-22", skip: "3:superseded by reminder 2", next: "1@2026-07-06 09:00"},

		// Stale steps.
		{name: "stale and due", now: "2026-06-23 10:00", due: "2@2026-06-22", skip: "1:stale", next: "3@2026-07-06 09:00"},
		{name: "catch-up window edge: 7 days", now: "2026-06-19 10:00", due: "1@2026-06-12", next: "2@2026-06-22 09:00"},
		{name: "catch-up window edge: 8 days", now: "2026-06-20 10:00", skip: "1:stale", next: "2@2026-06-22 09:00"},
		{name: "catch-up 0: only on the day", settings: func(s *reminder.Settings) { s.CatchUpDays = 0 }, now: "2026-06-13 08:00",
			skip: "1:stale", next: "2@2026-06-22 09:00"},
		{name: "imported 20 days overdue", settings: func(s *reminder.Settings) { s.Steps[1].Days = 15 }, now: "2026-07-05 10:00",
			due: "2@2026-06-30", skip: "1:stale", next: "3@2026-07-06 09:00"},
		{name: "imported 60 days overdue", settings: func(s *reminder.Settings) { s.Steps[1].Days = 15 }, now: "2026-08-14 10:00",
			skip: "1:stale,2:stale,3:stale"},

		// One per local day, manual included.
		{name: "manual sent today defers step", history: []reminder.Reminder{rec(0, D, reminder.StateSent, "2026-06-12 08:00")},
			now: "2026-06-12 09:00", next: "1@2026-06-13 09:00"},
		{name: "manual queued today defers step", history: []reminder.Reminder{rec(0, D, reminder.StateScheduled, "2026-06-12 08:00")},
			now: "2026-06-12 09:00", next: "1@2026-06-13 09:00"},
		{name: "manual sending today defers step", history: []reminder.Reminder{rec(0, D, reminder.StateSending, "2026-06-12 08:00")},
			now: "2026-06-12 09:00", next: "1@2026-06-13 09:00"},
		{name: "manual before send time moves next to tomorrow", history: []reminder.Reminder{rec(0, D, reminder.StateSent, "2026-06-12 07:00")},
			now: "2026-06-12 07:30", next: "1@2026-06-13 09:00"},
		{name: "manual failed today does not count", history: []reminder.Reminder{rec(0, D, reminder.StateFailed, "2026-06-12 08:00")},
			now: "2026-06-12 09:00", due: "1@2026-06-12", next: "2@2026-06-22 09:00"},
		{name: "manual late yesterday (UTC today) does not count", history: []reminder.Reminder{rec(0, D, reminder.StateSent, "2026-06-11 23:30")},
			now: "2026-06-12 09:00", due: "1@2026-06-12", next: "2@2026-06-22 09:00"},
		{name: "deferred step still valid next day", history: []reminder.Reminder{sent1, rec(0, D, reminder.StateSent, "2026-06-25 08:00")},
			now: "2026-06-25 09:00", skip: "", next: "2@2026-06-26 09:00"},
		{name: "deferred step would be stale tomorrow", history: []reminder.Reminder{sent1, rec(0, D, reminder.StateSent, "2026-06-29 08:00")},
			now: "2026-06-29 10:00", skip: "2:stale", next: "3@2026-07-06 09:00"},
		{name: "deferred step stale tomorrow is skipped", settings: func(s *reminder.Settings) { s.CatchUpDays = 0 },
			history: []reminder.Reminder{rec(0, D, reminder.StateSent, "2026-06-12 08:00")}, now: "2026-06-12 09:00",
			skip: "1:stale", next: "2@2026-06-22 09:00"},
		{name: "next step on a day already used", settings: func(s *reminder.Settings) { s.Steps[1].Days, s.Steps[1].When = 3, reminder.Before },
			history: []reminder.Reminder{sent1}, now: "2026-06-12 09:15", next: "2@2026-06-13 09:00"},

		// Late steps go out at the send time of a day, never at night.
		{name: "missed while down: waits for today's send time", history: []reminder.Reminder{sent1}, now: "2026-06-23 02:00",
			next: "2@2026-06-23 09:00"},
		{name: "missed while down: goes at send time", history: []reminder.Reminder{sent1}, now: "2026-06-23 09:00",
			due: "2@2026-06-22", next: "3@2026-07-06 09:00"},
		{name: "turned on in the afternoon: goes at once", history: []reminder.Reminder{sent1}, now: "2026-06-25 15:10",
			due: "2@2026-06-22", next: "3@2026-07-06 09:00"},
		{name: "deferred: not at midnight", history: []reminder.Reminder{rec(0, D, reminder.StateSent, "2026-06-12 08:00")},
			now: "2026-06-13 00:15", next: "1@2026-06-13 09:00"},
		{name: "deferred: at send time next day", history: []reminder.Reminder{rec(0, D, reminder.StateSent, "2026-06-12 08:00")},
			now: "2026-06-13 09:00", due: "1@2026-06-12", next: "2@2026-06-22 09:00"},
		{name: "stale is recorded before send time", now: "2026-06-20 03:00", skip: "1:stale", next: "2@2026-06-22 09:00"},
		{name: "missed step stale by today's send time", history: []reminder.Reminder{sent1}, settings: func(s *reminder.Settings) { s.CatchUpDays = 0 },
			now: "2026-06-23 02:00", skip: "2:stale", next: "3@2026-07-06 09:00"},

		// Dispute: automatic reminders stop until a user resolves it.
		{name: "disputed", inv: func(i *invoice.Invoice) { i.Disputed = true }, now: "2026-06-12 09:00", blocked: BlockedDisputed},

		// Promise to pay: nothing through the promised date; a trigger
		// inside the window counts as the day after it.
		{name: "promise: trigger inside waits for the day after", inv: func(i *invoice.Invoice) { i.PromisedDate = day("2026-06-20") },
			now: "2026-06-12 09:00", next: "1@2026-06-21 09:00"},
		{name: "promise: nothing on the promised day", inv: func(i *invoice.Invoice) { i.PromisedDate = day("2026-06-20") },
			now: "2026-06-20 15:00", next: "1@2026-06-21 09:00"},
		{name: "promise: day after sends the shifted step", inv: func(i *invoice.Invoice) { i.PromisedDate = day("2026-06-20") },
			now: "2026-06-21 09:00", due: "1@2026-06-21", next: "2@2026-06-22 09:00"},
		{name: "promise: long window, the shifted step is not stale", inv: func(i *invoice.Invoice) { i.PromisedDate = day("2026-08-01") },
			history: []reminder.Reminder{sent1}, now: "2026-08-02 09:00", due: "3@2026-08-02", skip: "2:superseded by reminder 3"},
		{name: "promise: trigger after the window is unchanged", inv: func(i *invoice.Invoice) { i.PromisedDate = day("2026-06-13") },
			history: []reminder.Reminder{sent1}, now: "2026-06-14 09:00", next: "2@2026-06-22 09:00"},
		{name: "promise: broken long ago, shifted step is stale", inv: func(i *invoice.Invoice) { i.PromisedDate = day("2026-06-13") },
			now: "2026-06-30 09:00", skip: "1:stale,2:stale", next: "3@2026-07-06 09:00"},

		// Rule 6: a step is decided once per due date, whatever the state.
		{name: "history sent", history: []reminder.Reminder{rec(1, D, reminder.StateSent, "2026-06-12 09:00")}, now: "2026-06-13 10:00", next: "2@2026-06-22 09:00"},
		{name: "history failed", history: []reminder.Reminder{rec(1, D, reminder.StateFailed, "2026-06-12 09:00")}, now: "2026-06-12 10:00", next: "2@2026-06-22 09:00"},
		{name: "history skipped", history: []reminder.Reminder{rec(1, D, reminder.StateSkipped, "2026-06-12 09:00")}, now: "2026-06-12 10:00", next: "2@2026-06-22 09:00"},
		{name: "history cancelled", history: []reminder.Reminder{rec(1, D, reminder.StateCancelled, "2026-06-12 09:00")}, now: "2026-06-12 10:00", next: "2@2026-06-22 09:00"},
		{name: "history scheduled", history: []reminder.Reminder{rec(1, D, reminder.StateScheduled, "2026-06-12 09:00")}, now: "2026-06-12 10:00", next: "2@2026-06-22 09:00"},
		{name: "due date changed re-arms", inv: func(i *invoice.Invoice) { i.DueDate = day("2026-07-15") },
			history: []reminder.Reminder{sent1}, now: "2026-07-12 09:00", due: "1@2026-07-12", next: "2@2026-07-22 09:00"},
		{name: "due date changed, still one per day", inv: func(i *invoice.Invoice) { i.DueDate = day("2026-06-14") },
			history: []reminder.Reminder{sent1}, now: "2026-06-12 10:00", next: "1@2026-06-13 09:00"},
		{name: "due date changed to later: old step not counted", inv: func(i *invoice.Invoice) { i.DueDate = day("2026-06-20") },
			history: []reminder.Reminder{sent1}, now: "2026-06-17 09:00", due: "1@2026-06-17", next: "2@2026-06-27 09:00"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := testSettings()
			if c.settings != nil {
				c.settings(&s)
			}
			inv := testInvoice(D)
			if c.inv != nil {
				c.inv(inv)
			}
			now := local(c.now)
			d := Plan(Input{Settings: s, Invoice: inv, CustomerPaused: c.paused, CustomerBouncing: c.bouncing, History: c.history, Now: now})
			due, skip, next := describe(d)
			if due != c.due || skip != c.skip || next != c.next || d.Blocked != c.blocked {
				t.Errorf("got due=%q skip=%q next=%q blocked=%q\nwant due=%q skip=%q next=%q blocked=%q",
					due, skip, next, d.Blocked, c.due, c.skip, c.next, c.blocked)
			}
			if d.Due != nil && (d.Due.At.After(now) || d.Due.At.Location() != time.UTC || d.Due.DueDate != inv.DueDate) {
				t.Errorf("Due = %+v: want a UTC instant not after now, against the invoice's due date", d.Due)
			}
			if d.Next != nil && (!d.Next.At.After(now) || d.Next.At.Location() != time.UTC) {
				t.Errorf("Next.At = %v: want a UTC instant after now %v", d.Next.At, now)
			}
			for _, sk := range d.Skip {
				if sk.DueDate != inv.DueDate || sk.TriggerDate.IsZero() {
					t.Errorf("skip %+v lacks its dates", sk)
				}
			}
		})
	}
}

// TestPlanDST checks that 09:00 means 09:00 local on both 2026 change days
// in Toronto (spring forward on 8 March, fall back on 1 November).
func TestPlanDST(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		due     string // step 1 fires 3 days before
		before  string // a UTC instant just before local 09:00
		wantUTC string // local 09:00 on the trigger day
	}{
		{"2026-03-11", "2026-03-08T12:59:00Z", "2026-03-08T13:00:00Z"}, // EDT, UTC−4
		{"2026-11-04", "2026-11-01T13:59:00Z", "2026-11-01T14:00:00Z"}, // EST, UTC−5
		{"2026-03-10", "2026-03-07T13:59:00Z", "2026-03-07T14:00:00Z"}, // the day before, still EST
		{"2026-11-03", "2026-10-31T12:59:00Z", "2026-10-31T13:00:00Z"}, // the day before, still EDT
	} {
		in := Input{Settings: testSettings(), Invoice: testInvoice(c.due)}
		want, _ := time.Parse(time.RFC3339, c.wantUTC)
		in.Now, _ = time.Parse(time.RFC3339, c.before)
		d := Plan(in)
		if d.Due != nil || d.Next == nil || !d.Next.At.Equal(want) {
			t.Errorf("due %s at %s: Due=%+v Next=%+v, want Next at %s", c.due, c.before, d.Due, d.Next, want)
		}
		in.Now = want
		d = Plan(in)
		if d.Due == nil || d.Due.Step != 1 || !d.Due.At.Equal(want) {
			t.Errorf("due %s at %s: Due=%+v, want step 1 at %s", c.due, want, d.Due, want)
		}
		// Planned a day ahead across the change, Next still lands on 09:00.
		in.Now = want.Add(-24 * time.Hour)
		if d := Plan(in); d.Next == nil || !d.Next.At.Equal(want) {
			t.Errorf("due %s, a day before: Next=%+v, want %s", c.due, d.Next, want)
		}
	}
}

func TestEligible(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		step   int
		set    func(*reminder.Settings)
		inv    func(*invoice.Invoice)
		paused bool
		bounce bool
		want   string // "" = eligible
	}{
		{name: "auto ok", step: 2},
		{name: "auto disabled", step: 1, set: func(s *reminder.Settings) { s.Enabled = false }, want: BlockedDisabled},
		{name: "auto step off", step: 1, set: func(s *reminder.Settings) { s.Steps[0].Enabled = false }, want: BlockedDisabled},
		{name: "auto draft", step: 1, inv: func(i *invoice.Invoice) { i.Draft = true }, want: BlockedDraft},
		{name: "auto voided", step: 1, inv: func(i *invoice.Invoice) { i.Voided = true }, want: BlockedVoided},
		{name: "auto paid", step: 3, inv: func(i *invoice.Invoice) { i.Balance = 0 }, want: BlockedPaid},
		{name: "auto no recipient", step: 1, inv: func(i *invoice.Invoice) { i.Email = "" }, want: BlockedNoRecipient},
		{name: "auto customer paused", step: 1, paused: true, want: BlockedPaused},
		{name: "auto invoice paused", step: 1, inv: func(i *invoice.Invoice) { i.RemindersPaused = true }, want: BlockedPaused},
		{name: "auto address bouncing", step: 2, bounce: true, want: BlockedBouncing},
		{name: "manual when address bouncing", step: reminder.StepManual, bounce: true},
		{name: "unknown step", step: 4, want: BlockedUnknownStep},
		{name: "negative step", step: -4, want: BlockedUnknownStep},
		{name: "statement of a paused invoice", step: reminder.StepStatement, inv: func(i *invoice.Invoice) { i.RemindersPaused = true }, want: ""},
		{name: "statement of a paid invoice", step: reminder.StepStatement, inv: func(i *invoice.Invoice) { i.Balance = 0 }, want: BlockedPaid},
		{name: "manual ok", step: reminder.StepManual},
		{name: "manual when reminders off", step: reminder.StepManual, set: func(s *reminder.Settings) { s.Enabled = false }},
		{name: "manual when customer paused", step: reminder.StepManual, paused: true},
		{name: "manual when invoice paused", step: reminder.StepManual, inv: func(i *invoice.Invoice) { i.RemindersPaused = true }},
		{name: "manual draft", step: reminder.StepManual, inv: func(i *invoice.Invoice) { i.Draft = true }, want: BlockedDraft},
		{name: "manual voided", step: reminder.StepManual, inv: func(i *invoice.Invoice) { i.Voided = true }, want: BlockedVoided},
		{name: "manual paid", step: reminder.StepManual, inv: func(i *invoice.Invoice) { i.Balance = 0 }, want: BlockedPaid},
		{name: "manual no recipient", step: reminder.StepManual, inv: func(i *invoice.Invoice) { i.Email = "  " }, want: BlockedNoRecipient},
	} {
		s := testSettings()
		if c.set != nil {
			c.set(&s)
		}
		inv := testInvoice("2026-06-15")
		if c.inv != nil {
			c.inv(inv)
		}
		ok, why := Eligible(Input{Settings: s, Invoice: inv, CustomerPaused: c.paused, CustomerBouncing: c.bounce,
			Now: local("2026-06-12 09:00")}, c.step)
		if ok != (c.want == "") || why != c.want {
			t.Errorf("%s: Eligible = %v, %q; want %q", c.name, ok, why, c.want)
		}
	}
}

// A reminder claimed before the customer promised or disputed is
// cancelled by the last check; a manual one still goes.
func TestEligiblePromiseAndDispute(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		inv    func(*invoice.Invoice)
		now    string
		step   int
		ok     bool
		reason string
	}{
		{"promise running", func(i *invoice.Invoice) { i.PromisedDate = day("2026-06-20") }, "2026-06-20 09:00", 1, false, ReasonPromised},
		{"promise over", func(i *invoice.Invoice) { i.PromisedDate = day("2026-06-20") }, "2026-06-21 09:00", 1, true, ""},
		{"promise, manual", func(i *invoice.Invoice) { i.PromisedDate = day("2026-06-20") }, "2026-06-20 09:00", reminder.StepManual, true, ""},
		{"disputed", func(i *invoice.Invoice) { i.Disputed = true }, "2026-06-12 09:00", 1, false, BlockedDisputed},
		{"disputed, manual", func(i *invoice.Invoice) { i.Disputed = true }, "2026-06-12 09:00", reminder.StepManual, true, ""},
		{"disputed, invoice email", func(i *invoice.Invoice) { i.Disputed = true }, "2026-06-12 09:00", reminder.StepInvoice, true, ""},
		{"paid, invoice email", func(i *invoice.Invoice) { i.Balance = 0 }, "2026-06-12 09:00", reminder.StepInvoice, false, BlockedPaid},
		{"paid, receipt", func(i *invoice.Invoice) { i.Balance = 0 }, "2026-06-12 09:00", reminder.StepReceipt, true, ""},
		{"voided, receipt", func(i *invoice.Invoice) { i.Voided = true }, "2026-06-12 09:00", reminder.StepReceipt, false, BlockedVoided},
	} {
		t.Run(c.name, func(t *testing.T) {
			inv := testInvoice("2026-06-15")
			c.inv(inv)
			ok, reason := Eligible(Input{Settings: testSettings(), Invoice: inv, Now: local(c.now)}, c.step)
			if ok != c.ok || reason != c.reason {
				t.Fatalf("Eligible = %v %q, want %v %q", ok, reason, c.ok, c.reason)
			}
		})
	}
}

// TestBusinessDays: a trigger date on a weekend or a holiday of the
// region moves to the next business day; nothing moves without the rule.
func TestBusinessDays(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name     string
		weekends bool
		region   string
		raw      string // the step's own trigger date
		want     string
	}{
		{"Saturday → Monday", true, "", "2026-06-13", "2026-06-15"},
		{"Sunday → Monday", true, "", "2026-06-14", "2026-06-15"},
		{"weekday stays", true, "", "2026-06-16", "2026-06-16"},
		{"Saturday without the rule", false, "", "2026-06-13", "2026-06-13"},
		{"Fête nationale in CA-QC", false, "CA-QC", "2026-06-24", "2026-06-25"},
		{"24 June elsewhere in Canada", false, "CA", "2026-06-24", "2026-06-24"},
		{"Canada Day in CA", true, "CA", "2026-07-01", "2026-07-02"},
		{"Canada Day in CA-QC", true, "CA-QC", "2026-07-01", "2026-07-02"},
		{"Good Friday to Monday, Easter Monday in CA-QC", true, "CA-QC", "2026-04-03", "2026-04-07"},
		{"Family Day in CA-ON", true, "CA-ON", "2026-02-16", "2026-02-17"},
		{"Family Day not in CA-QC", true, "CA-QC", "2026-02-16", "2026-02-16"},
		{"B.C. Day in CA-BC", true, "CA-BC", "2026-08-03", "2026-08-04"},
		{"Thanksgiving in US", true, "US", "2026-11-26", "2026-11-27"},
		{"14 July in FR", true, "FR", "2026-07-14", "2026-07-15"},
		{"Christmas, a weekend, Boxing Day observed Monday in GB", true, "GB", "2026-12-25", "2026-12-29"},
		{"1 May in BE on a Friday", true, "BE", "2026-05-01", "2026-05-04"},
		{"Christmas and St Stephen's Day in CH", false, "CH", "2026-12-25", "2026-12-27"},
		{"Canada Day on a Saturday: observed Monday", true, "CA", "2028-07-01", "2028-07-04"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := testSettings()
			s.BusinessDays = reminder.BusinessDays{SkipWeekends: c.weekends, Holidays: c.region}
			if err := s.Validate(); err != nil {
				t.Fatal(err)
			}
			p := newPlanner(Input{Settings: s, Now: local("2026-01-01 00:00")})
			if got := p.business(day(c.raw)).String(); got != c.want {
				t.Errorf("%s → %s, want %s", c.raw, got, c.want)
			}
		})
	}
}

// TestPlanCadence: steps beyond three, repeats numbered on from the last
// step with its template, and business days in the plan itself.
func TestPlanCadence(t *testing.T) {
	t.Parallel()
	const D = "2026-06-15" // Monday
	five := func(s *reminder.Settings) {
		for _, d := range []int{28, 35} {
			st := s.Steps[2]
			st.Days = d
			s.Steps = append(s.Steps, st)
		}
	}
	sent := func(steps ...int) []reminder.Reminder {
		var h []reminder.Reminder
		for _, st := range steps {
			h = append(h, rec(st, D, reminder.StateSent, "2026-06-01 09:00"))
		}
		return h
	}
	for _, c := range []struct {
		name     string
		settings func(*reminder.Settings)
		history  []reminder.Reminder
		now      string
		due      string
		skip     string
		next     string
	}{
		{name: "step 4", settings: five, history: sent(1, 2, 3), now: "2026-07-13 09:00", due: "4@2026-07-13", next: "5@2026-07-20 09:00"},
		{name: "step 5 is the last", settings: five, history: sent(1, 2, 3, 4), now: "2026-07-20 09:00", due: "5@2026-07-20"},
		{name: "catch-up across steps 3–5", settings: func(s *reminder.Settings) { five(s); s.CatchUpDays = 30 },
			history: sent(1, 2), now: "2026-07-21 09:00", due: "5@2026-07-20", skip: "3:superseded by reminder 5,4:superseded by reminder 5"},
		{name: "repeat after the last step", settings: func(s *reminder.Settings) { s.Repeat = &reminder.Repeat{EveryDays: 14, Max: 2} },
			history: sent(1, 2, 3), now: "2026-07-20 09:00", due: "4@2026-07-20", next: "5@2026-08-03 09:00"},
		{name: "last repeat", settings: func(s *reminder.Settings) { s.Repeat = &reminder.Repeat{EveryDays: 14, Max: 2} },
			history: sent(1, 2, 3, 4), now: "2026-08-03 09:00", due: "5@2026-08-03"},
		{name: "repeats done", settings: func(s *reminder.Settings) { s.Repeat = &reminder.Repeat{EveryDays: 14, Max: 2} },
			history: sent(1, 2, 3, 4, 5), now: "2026-09-03 09:00"},
		{name: "repeats wait for the last step", settings: func(s *reminder.Settings) { s.Repeat = &reminder.Repeat{EveryDays: 7, Max: 52} },
			history: sent(1, 2), now: "2026-06-30 09:00", next: "3@2026-07-06 09:00"},
		{name: "repeat off with its last step", settings: func(s *reminder.Settings) {
			s.Repeat = &reminder.Repeat{EveryDays: 7, Max: 3}
			s.Steps[2].Enabled = false
		}, history: sent(1, 2), now: "2026-07-13 09:00"},
		{name: "stale repeats skipped, the latest sent", settings: func(s *reminder.Settings) { s.Repeat = &reminder.Repeat{EveryDays: 7, Max: 4} },
			history: sent(1, 2, 3), now: "2026-08-04 09:00", due: "7@2026-08-03", skip: "4:stale,5:stale,6:stale"},
		{name: "repeats within catch-up superseded", settings: func(s *reminder.Settings) {
			s.Repeat = &reminder.Repeat{EveryDays: 7, Max: 4}
			s.CatchUpDays = 10
		}, history: sent(1, 2, 3), now: "2026-07-28 09:00", due: "6@2026-07-27", skip: "4:stale,5:superseded by reminder 6",
			next: "7@2026-08-03 09:00"},
		{name: "weekend trigger waits for Monday", settings: func(s *reminder.Settings) {
			s.Steps[1].Days = 5 // Saturday 20 June
			s.BusinessDays.SkipWeekends = true
		}, history: sent(1), now: "2026-06-20 09:00", next: "2@2026-06-22 09:00"},
		{name: "Monday after the weekend trigger", settings: func(s *reminder.Settings) {
			s.Steps[1].Days = 5
			s.BusinessDays.SkipWeekends = true
		}, history: sent(1), now: "2026-06-22 09:00", due: "2@2026-06-22", next: "3@2026-07-06 09:00"},
		{name: "Fête nationale", settings: func(s *reminder.Settings) {
			s.Steps[1].Days = 9 // Wednesday 24 June
			s.BusinessDays.Holidays = "CA-QC"
		}, history: sent(1), now: "2026-06-24 09:00", next: "2@2026-06-25 09:00"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := testSettings()
			c.settings(&s)
			if err := s.Validate(); err != nil {
				t.Fatal(err)
			}
			in := Input{Settings: s, Invoice: testInvoice(D), History: c.history, Now: local(c.now)}
			due, skip, next := describe(Plan(in))
			if due != c.due || skip != c.skip || next != c.next {
				t.Errorf("due %q skip %q next %q, want %q %q %q", due, skip, next, c.due, c.skip, c.next)
			}
			if c.due != "" {
				var step int
				fmt.Sscanf(c.due, "%d@", &step)
				if ok, why := Eligible(in, step); !ok {
					t.Errorf("due step %d not eligible: %s", step, why)
				}
			}
		})
	}
	s := testSettings()
	s.Repeat = &reminder.Repeat{EveryDays: 7, Max: 2}
	in := Input{Settings: s, Invoice: testInvoice(D), Now: local("2026-07-01 09:00")}
	for step, want := range map[int]bool{5: true, 6: false} {
		if ok, _ := Eligible(in, step); ok != want {
			t.Errorf("Eligible(%d) = %v", step, ok)
		}
	}
}
