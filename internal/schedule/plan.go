// Package schedule is the planner: for one invoice at one instant, which
// reminder step is due, which are skipped and why, and when to look again.
// It is pure (settings, invoice, history and a clock in; a decision out) and
// has one caller, package books, which serves the scan, the re-plan after a
// write or a send, and the upcoming-reminders report. Its rules are
// described for users in docs/reminders.md.
package schedule

import (
	"strconv"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/holiday"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/reminder"
)

// Input is everything the planner looks at. History is the invoice's
// whole reminder history, manual ones and old due dates included.
type Input struct {
	Settings       reminder.Settings
	Invoice        *invoice.Invoice
	CustomerPaused bool
	// CustomerBouncing: mail to the customer's address bounced; automatic
	// reminders wait until the address is edited.
	CustomerBouncing bool
	History          []reminder.Reminder
	Now              time.Time
}

// Planned is a step to send: due against DueDate, triggered on TriggerDate,
// at instant At (UTC). For a due step At is its planned instant (in the past);
// for Next it is when the scan should look again.
type Planned struct {
	Step        int
	DueDate     invoice.Date
	TriggerDate invoice.Date
	At          time.Time
}

// Skipped is a step that will never be sent against this due date; the
// caller records it as a `skipped` reminder with Reason.
type Skipped struct {
	Step        int
	DueDate     invoice.Date
	TriggerDate invoice.Date
	Reason      string
}

// Decision is what the scan should do now for one invoice. The caller must
// record every Skip together with Due (in one transaction): a skipped step
// left unrecorded would be sent alone by the next scan.
type Decision struct {
	Due     *Planned  // send this step now
	Skip    []Skipped // record these as skipped
	Next    *Planned  // look again at Next.At; nil: nothing more is planned
	Blocked string    // why nothing at all is planned (Blocked* codes)
}

// Why an invoice gets no automatic reminder at all.
const (
	BlockedDisabled    = "disabled"
	BlockedDraft       = "draft"
	BlockedVoided      = "voided"
	BlockedPaid        = "paid"
	BlockedNoRecipient = "no_recipient"
	BlockedPaused      = "paused"
	BlockedBouncing    = "bouncing"
	BlockedUnknownStep = "unknown_step"
	BlockedDisputed    = "disputed"
)

// ReasonPromised cancels an automatic reminder claimed while the customer's
// promise to pay still runs.
const ReasonPromised = "promised"

// ReasonStale is the skip reason of a step whose trigger date is more than
// CatchUpDays in the past (or will be by the first day it may go out).
const ReasonStale = "stale"

// SupersededReason is the skip reason of a step overtaken by a later one.
func SupersededReason(step int) string { return "superseded by reminder " + strconv.Itoa(step) }

// blocked applies rules 1–4 of docs/reminders.md, "When an automatic
// reminder goes out", in the order the UI should explain them.
func blocked(in Input) string {
	inv := in.Invoice
	switch {
	case !in.Settings.Enabled:
		return BlockedDisabled
	case inv.Draft:
		return BlockedDraft
	case inv.Voided:
		return BlockedVoided
	case inv.Balance <= 0:
		return BlockedPaid
	case strings.TrimSpace(inv.Email) == "":
		return BlockedNoRecipient
	case in.CustomerBouncing:
		return BlockedBouncing
	case in.CustomerPaused || inv.RemindersPaused:
		return BlockedPaused
	case inv.Disputed:
		return BlockedDisputed
	}
	return ""
}

// promiseShift applies a promise to pay to a trigger date: automatic
// reminders stop through the promised date, and a trigger that fell inside
// (on or before it) counts as the day after, so that neither catch-up nor
// the stale rule drops it.
func promiseShift(trigger, promised invoice.Date) invoice.Date {
	if promised.IsZero() || trigger.After(promised) {
		return trigger
	}
	return promised.AddDays(1)
}

// Eligible is the re-check right before a send. Automatic steps need every
// planner rule (and their step still on); a manual reminder and the invoice
// email only need an invoice that can be paid and somewhere to send it —
// they are allowed when reminders are off, paused, promised or disputed (a
// statement's rows too); a receipt needs an invoice not voided.
func Eligible(in Input, step int) (ok bool, reason string) {
	inv := in.Invoice
	if step == reminder.StepReceipt {
		switch {
		case inv.Voided:
			return false, BlockedVoided
		case strings.TrimSpace(inv.Email) == "":
			return false, BlockedNoRecipient
		}
		return true, ""
	}
	if step == reminder.StepManual || step == reminder.StepInvoice || step == reminder.StepStatement {
		switch {
		case inv.Draft:
			return false, BlockedDraft
		case inv.Voided:
			return false, BlockedVoided
		case inv.Balance <= 0:
			return false, BlockedPaid
		case strings.TrimSpace(inv.Email) == "":
			return false, BlockedNoRecipient
		}
		return true, ""
	}
	st, ok := in.Settings.StepAt(step)
	if !ok {
		return false, BlockedUnknownStep
	}
	if r := blocked(in); r != "" {
		return false, r
	}
	if !st.Enabled {
		return false, BlockedDisabled
	}
	if p := in.Invoice.PromisedDate; !p.IsZero() && !invoice.LocalDate(in.Now, in.Settings.Location()).After(p) {
		return false, ReasonPromised
	}
	return true, ""
}

// candidate is one enabled step not yet recorded against the due date.
type candidate struct {
	step    int
	trigger invoice.Date
	at      time.Time // send time on the trigger date
}

// later orders candidates as catch-up does: the latest trigger date wins,
// a tie goes to the higher step.
func later(a, b candidate) bool {
	if c := a.trigger.Compare(b.trigger); c != 0 {
		return c > 0
	}
	return a.step > b.step
}

// Plan decides, for one invoice at in.Now, which step to send, which to
// skip, and when to look again. It is a pure function of its input.
//
// It applies docs/reminders.md, "When an automatic reminder goes out" (rules
// 1–6, and a reminder only ever goes out at or after the send time of the
// local day: a step held back by the one-per-day guard, or missed while the
// server was down, goes at the next send time rather than at midnight or at
// 02:00 when the server comes back) and "Guards: never too many reminders".
func Plan(in Input) Decision {
	if in.Invoice == nil || in.Invoice.DueDate.IsZero() {
		return Decision{}
	}
	if r := blocked(in); r != "" {
		return Decision{Blocked: r}
	}
	p := newPlanner(in)
	due := in.Invoice.DueDate

	cands := p.candidates(in)

	var d Decision
	var best *candidate // the latest step that may go out now
	waiting := make([]candidate, 0, len(cands))
	for i := range cands {
		c := &cands[i]
		switch {
		case p.stale(c.trigger, p.today):
			d.Skip = append(d.Skip, Skipped{c.step, due, c.trigger, ReasonStale})
		case !p.reached(*c):
			waiting = append(waiting, *c)
		case best == nil || later(*c, *best):
			best = c
		}
	}
	for _, c := range cands {
		if best != nil && c.step != best.step && p.reached(c) && !p.stale(c.trigger, p.today) {
			d.Skip = append(d.Skip, Skipped{c.step, due, c.trigger, SupersededReason(best.step)})
		}
	}

	usedToday := sentOn(in.History, p.today, p.loc)
	if best != nil {
		if usedToday {
			// Held back to tomorrow; if it would be stale by then, record it
			// now rather than leave it undecided.
			if p.stale(best.trigger, p.today.AddDays(1)) {
				d.Skip = append(d.Skip, Skipped{best.step, due, best.trigger, ReasonStale})
			} else {
				waiting = append(waiting, *best)
			}
		} else {
			d.Due = &Planned{best.step, due, best.trigger, best.at.UTC()}
			usedToday = true // Next assumes Due goes out now
		}
	}
	d.Next = p.next(waiting, due, usedToday)
	return d
}

// candidates are the cadence's enabled steps, then its repeats, not yet
// recorded against the due date, with their trigger dates: the step's day,
// moved past a promise to pay, then to the next business day.
func (p planner) candidates(in Input) []candidate {
	c := &in.Settings.Cadence
	due := in.Invoice.DueDate
	n := min(len(c.Steps), reminder.MaxSteps)
	cands := make([]candidate, 0, n+4)
	add := func(step int, raw invoice.Date) candidate {
		tr := p.business(promiseShift(raw, in.Invoice.PromisedDate))
		cd := candidate{step: step, trigger: tr, at: p.sendAt(tr)}
		if !doneFor(in.History, step, due) {
			cands = append(cands, cd)
		}
		return cd
	}
	for i, st := range c.Steps[:n] {
		if st.Enabled {
			add(i+1, TriggerDate(due, st))
		}
	}
	if n == 0 || c.Repeat == nil || c.Repeat.EveryDays < 1 || !c.Steps[n-1].Enabled {
		return cands
	}
	// Repeats follow the last step every EveryDays days. Their dates only
	// grow: once one is still to come, the later ones cannot be planned
	// before it, and are left out.
	last := TriggerDate(due, c.Steps[n-1])
	for k := 1; k <= min(c.Repeat.Max, reminder.MaxRepeats); k++ {
		if cd := add(n+k, last.AddDays(k*c.Repeat.EveryDays)); cd.trigger.After(p.today) {
			break
		}
	}
	return cands
}

// business moves a day that is not a business day (a weekend when the
// cadence skips them, a holiday of its region) to the next business day.
func (p planner) business(d invoice.Date) invoice.Date {
	if !p.skipWeekends && p.holidays == nil {
		return d
	}
	for range 31 { // a run of closed days is never this long
		if !p.closed(d) {
			return d
		}
		d = d.AddDays(1)
	}
	return d
}

// closed reports whether a day is not a business day.
func (p planner) closed(d invoice.Date) bool {
	if p.skipWeekends {
		if wd := holiday.Weekday(d.Year, d.Month, d.Day); wd == time.Saturday || wd == time.Sunday {
			return true
		}
	}
	return p.holidays.Closed(d.Year, d.Month, d.Day)
}

// planner holds what one Plan call derives from the settings and the clock.
type planner struct {
	loc          *time.Location
	h, m         int
	now          time.Time
	today        invoice.Date // local
	catchUp      int
	skipWeekends bool
	holidays     *holiday.Calendar
}

func newPlanner(in Input) planner {
	p := planner{loc: in.Settings.Location(), now: in.Now, catchUp: in.Settings.CatchUpDays,
		skipWeekends: in.Settings.BusinessDays.SkipWeekends, holidays: holiday.For(in.Settings.BusinessDays.Holidays)}
	p.h, p.m = in.Settings.SendClock()
	p.today = invoice.LocalDate(in.Now, p.loc)
	return p
}

// sendAt is the send time on a local day. time.Date in the zone keeps it
// right across DST changes.
func (p planner) sendAt(d invoice.Date) time.Time { return d.At(p.h, p.m, p.loc) }

// reached: the trigger date has come and today's send time has passed.
func (p planner) reached(c candidate) bool {
	return !p.now.Before(c.at) && !p.now.Before(p.sendAt(p.today))
}

// stale: on local day, the trigger date is more than catch_up_days past.
func (p planner) stale(trigger, day invoice.Date) bool { return day.DaysSince(trigger) > p.catchUp }

// next is the earliest instant at which one of the waiting steps may become
// due: its trigger's send time, else the next send time still to come on a
// day without a reminder; never one by which it would be stale.
func (p planner) next(waiting []candidate, due invoice.Date, usedToday bool) *Planned {
	var best candidate
	found := false
	for _, c := range waiting {
		at := c.at
		if !at.After(p.now) {
			at = p.sendAt(p.today)
		}
		if !at.After(p.now) || (usedToday && !invoice.LocalDate(at, p.loc).After(p.today)) {
			at = p.sendAt(p.today.AddDays(1))
		}
		if p.stale(c.trigger, invoice.LocalDate(at, p.loc)) {
			continue
		}
		c.at = at
		if !found || c.at.Before(best.at) || (c.at.Equal(best.at) && later(c, best)) {
			best, found = c, true
		}
	}
	if !found {
		return nil
	}
	return &Planned{best.step, due, best.trigger, best.at.UTC()}
}

// TriggerDate is the calendar day a step fires for a due date.
func TriggerDate(due invoice.Date, st reminder.Step) invoice.Date {
	if st.When == reminder.Before {
		return due.AddDays(-st.Days)
	}
	return due.AddDays(st.Days)
}

// doneFor reports whether the step already has a record against this due
// date, whatever its state: sent, failed, skipped and cancelled all count,
// so that a step is decided once. Records against an old due date do not.
func doneFor(history []reminder.Reminder, step int, due invoice.Date) bool {
	for _, r := range history {
		if r.Step == step && r.DueDate == due {
			return true
		}
	}
	return false
}

// sentOn reports whether any reminder for the invoice (manual included)
// went out, or is on its way, on the local day. A record counts by its
// sent-at time, or its creation time while not yet sent.
func sentOn(history []reminder.Reminder, day invoice.Date, loc *time.Location) bool {
	for _, r := range history {
		switch r.State {
		case reminder.StateSent, reminder.StateSending, reminder.StateScheduled, reminder.StateBounced:
		default:
			continue
		}
		t := r.CreatedAt
		if r.SentAt != nil {
			t = *r.SentAt
		}
		if invoice.LocalDate(t, loc) == day {
			return true
		}
	}
	return false
}
