package reminder

import (
	"fmt"

	"github.com/relance-app/relance/internal/holiday"
	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
)

// Limits of a schedule (collections.md §2).
const (
	MinSteps       = 1
	MinRepeatEvery = 7
	MaxRepeatEvery = 90
	MinRepeats     = 1
	MaxRepeats     = 52
	// MaxStepNumber is the highest automatic step number: ten steps and
	// fifty-two repeats numbered on from the last.
	MaxStepNumber = MaxSteps + MaxRepeats
)

// Late fee kinds.
const (
	FeeFixed   = "fixed"
	FeePercent = "percent"
)

// FeeScale is the precision of fee amounts and caps as typed (two
// decimals: a third is refused); PercentScale that of the fee percentage
// and its tax rate (invoice.RateScale decimals).
const (
	FeeScale     = 2
	PercentScale = invoice.RateScale
)

// HolidayRegions are the holiday regions a schedule may name.
var HolidayRegions = holiday.Regions

// Count is the number of automatic step numbers of the cadence: its steps,
// then its repeats.
func (c *Cadence) Count() int {
	n := min(len(c.Steps), MaxSteps)
	if c.Repeat != nil && n > 0 {
		n += min(max(c.Repeat.Max, 0), MaxRepeats)
	}
	return n
}

// IsRepeat reports whether step number n is a repeat of the last step.
func (c *Cadence) IsRepeat(n int) bool {
	return n > min(len(c.Steps), MaxSteps) && n <= c.Count()
}

// StepAt is the definition of step number n (1..Count()): a step, or for a
// repeat the last step (its template, action and fee).
func (c *Cadence) StepAt(n int) (Step, bool) {
	if n < 1 || n > c.Count() {
		return Step{}, false
	}
	last := min(len(c.Steps), MaxSteps)
	return c.Steps[min(n, last)-1], true
}

// ActionOf is a step's action, "" reading as ActionEmail.
func (st Step) ActionOf() string {
	if st.Action == "" {
		return ActionEmail
	}
	return st.Action
}

// EmailsCustomer reports whether the step sends the customer a reminder.
func (st Step) EmailsCustomer() bool { return st.ActionOf() != ActionNotify }

// NotifiesTeam reports whether the step notifies the company's team.
func (st Step) NotifiesTeam() bool { a := st.ActionOf(); return a == ActionNotify || a == ActionBoth }

// ValidateCadence checks a schedule's steps, repeat and business days into
// f, under field names prefixed by prefix ("" for the default schedule,
// whose fields are at the top of the settings document). A body in the old
// three-step form is valid.
func ValidateCadence(c Cadence, prefix string, f invoice.FieldErrors) {
	if len(c.Steps) < MinSteps || len(c.Steps) > MaxSteps {
		f.Add(prefix+"steps", "must hold %d to %d reminders", MinSteps, MaxSteps)
	}
	for i, st := range c.Steps {
		if i >= MaxSteps {
			break
		}
		p := fmt.Sprintf("%ssteps[%d].", prefix, i)
		if st.Days < 0 || st.Days > MaxDays {
			f.Add(p+"days", "must be between 0 and %d", MaxDays)
		}
		if st.When != Before && st.When != After {
			f.Add(p+"when", "must be %q or %q", Before, After)
		}
		switch st.Action {
		case "", ActionEmail, ActionNotify, ActionBoth:
		default:
			f.Add(p+"action", "must be one of %s, %s, %s", ActionEmail, ActionNotify, ActionBoth)
		}
		if st.LateFee != nil {
			checkLateFee(f, p+"late_fee.", st.LateFee)
		}
		checkTemplates(f, p+"templates.", st.Templates)
	}
	if r := c.Repeat; r != nil {
		if r.EveryDays < MinRepeatEvery || r.EveryDays > MaxRepeatEvery {
			f.Add(prefix+"repeat.every_days", "must be between %d and %d", MinRepeatEvery, MaxRepeatEvery)
		}
		if r.Max < MinRepeats || r.Max > MaxRepeats {
			f.Add(prefix+"repeat.max", "must be between %d and %d", MinRepeats, MaxRepeats)
		}
	}
	if !holiday.Valid(c.BusinessDays.Holidays) {
		f.Add(prefix+"business_days.holidays", "unknown holiday region %q: use one of %v or none", excerpt(c.BusinessDays.Holidays),
			holiday.Regions)
	}
}

func checkLateFee(f invoice.FieldErrors, p string, fee *LateFee) {
	switch fee.Kind {
	case FeeFixed:
		if v, ok := checkDecimal(f, p+"amount", fee.Amount, FeeScale, true); ok && v == 0 {
			f.Add(p+"amount", "must be greater than zero")
		}
	case FeePercent:
		if v, ok := checkDecimal(f, p+"percent", fee.Percent, PercentScale, true); ok && (v == 0 || v > 100*pow10(PercentScale)) {
			f.Add(p+"percent", "must be greater than zero and at most 100")
		}
	default:
		f.Add(p+"kind", "must be one of %s, %s", FeeFixed, FeePercent)
	}
	if fee.TaxRate != "" {
		if v, ok := checkDecimal(f, p+"tax_rate", fee.TaxRate, PercentScale, false); ok && v > 100*pow10(PercentScale) {
			f.Add(p+"tax_rate", "must be between 0 and 100")
		}
	}
	if fee.Cap != "" {
		checkDecimal(f, p+"cap", fee.Cap, FeeScale, false)
	}
}

// checkDecimal reads a non-negative decimal of at most scale decimals.
func checkDecimal(f invoice.FieldErrors, field, s string, scale int, required bool) (int64, bool) {
	if s == "" {
		if required {
			f.Add(field, "is required")
		}
		return 0, false
	}
	v, err := money.ParseDecimal(s, scale)
	switch {
	case err != nil:
		f.Add(field, "must be a decimal number with at most %d decimals", scale)
		return 0, false
	case v < 0:
		f.Add(field, "must not be negative")
		return 0, false
	}
	return v, true
}

func pow10(n int) int64 {
	v := int64(1)
	for range n {
		v *= 10
	}
	return v
}
