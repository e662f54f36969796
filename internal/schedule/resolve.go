package schedule

import (
	"strings"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/money"
	"github.com/relance-app/relance/internal/reminder"
)

// Why codes: which rule chose an invoice's schedule (stable, for the API).
const (
	WhyCustomer   = "customer"   // the customer's own schedule (schedule_id)
	WhyConditions = "conditions" // the first named schedule whose conditions hold
	WhyDefault    = "default"    // no named schedule applies: the company's default
)

// Why says which rule chose a schedule and, for conditions, what matched.
type Why struct {
	Code string
	// What matched (WhyConditions): the balance bounds in minor units of
	// Currency, the currency when the schedule names currencies, the
	// customer's tag that matched.
	Currency        string
	Min, Max        *int64
	CurrencyMatched bool
	Tag             string
	NoConditionsSet bool
}

// Text words the reason for a reader of lang ("matches: balance ≥ 1 000,00 $,
// tag wholesale").
func (w Why) Text(lang string) string {
	switch w.Code {
	case WhyCustomer:
		return i18n.T(lang, "schedule_why_customer", nil)
	case WhyConditions:
		if w.NoConditionsSet {
			return i18n.T(lang, "schedule_why_no_conditions", nil)
		}
		var parts []string
		if w.Min != nil {
			parts = append(parts, i18n.T(lang, "schedule_why_min", map[string]any{"Amount": money.Format(*w.Min, w.Currency, lang)}))
		}
		if w.Max != nil {
			parts = append(parts, i18n.T(lang, "schedule_why_max", map[string]any{"Amount": money.Format(*w.Max, w.Currency, lang)}))
		}
		if w.CurrencyMatched {
			parts = append(parts, i18n.T(lang, "schedule_why_currency", map[string]any{"Currency": w.Currency}))
		}
		if w.Tag != "" {
			parts = append(parts, i18n.T(lang, "schedule_why_tag", map[string]any{"Tag": w.Tag}))
		}
		return i18n.T(lang, "schedule_why_matches", map[string]any{"Conditions": strings.Join(parts, ", ")})
	}
	return i18n.T(lang, "schedule_why_default", nil)
}

// Resolver chooses invoices' schedules among a company's named ones; build
// it once per batch of invoices (NewResolver parses the conditions).
type Resolver struct {
	named []compiled
	byID  map[int64]int
}

type compiled struct {
	s        *reminder.Schedule
	scale    int
	min, max int64
	hasMin   bool
	hasMax   bool
	// never: a balance condition that does not parse (Validate refuses
	// them); the schedule can still be a customer's own.
	never bool
}

// NewResolver prepares the named schedules (in priority order, ties by
// lowest id: the caller's order does not matter). A condition that does not
// parse (Validate refuses them) never holds; such a schedule still
// applies as a customer's own.
func NewResolver(named []reminder.Schedule) *Resolver {
	r := &Resolver{byID: make(map[int64]int, len(named))}
	for i := range named {
		s := &named[i]
		c := compiled{s: s, scale: reminder.ConditionScale(s.Conditions.Currencies)}
		bad := false
		if v := s.Conditions.MinBalance; v != "" {
			n, err := reminder.ParseConditionBalance(v, c.scale)
			c.min, c.hasMin, bad = n, true, bad || err != nil
		}
		if v := s.Conditions.MaxBalance; v != "" {
			n, err := reminder.ParseConditionBalance(v, c.scale)
			c.max, c.hasMax, bad = n, true, bad || err != nil
		}
		c.never = bad
		r.named = append(r.named, c)
	}
	// Insertion sort by (priority, id): a handful of schedules.
	for i := 1; i < len(r.named); i++ {
		for j := i; j > 0 && less(r.named[j].s, r.named[j-1].s); j-- {
			r.named[j], r.named[j-1] = r.named[j-1], r.named[j]
		}
	}
	for i, c := range r.named {
		r.byID[c.s.ID] = i
	}
	return r
}

func less(a, b *reminder.Schedule) bool {
	if a.Priority != b.Priority {
		return a.Priority < b.Priority
	}
	return a.ID < b.ID
}

// Empty reports whether there is no named schedule: every invoice gets the
// default.
func (r *Resolver) Empty() bool { return len(r.named) == 0 }

// Resolve chooses the schedule of an invoice of balance (minor units of
// currency) whose customer has tags and its own schedule customerScheduleID
// (nil: none): the customer's own schedule when set (and still there); else
// the first named schedule, by priority then lowest id, whose set
// conditions all hold — min_balance ≤ balance ≤ max_balance, currency among
// currencies, the customer has ANY of customer_tags; else the default
// (nil). Tags compare in their stored form (lower case).
func (r *Resolver) Resolve(customerScheduleID *int64, tags []string, balance int64, currency string) (*reminder.Schedule, Why) {
	if customerScheduleID != nil {
		if i, ok := r.byID[*customerScheduleID]; ok {
			return r.named[i].s, Why{Code: WhyCustomer}
		}
	}
	digits := -1
	for i := range r.named {
		c := &r.named[i]
		if c.never {
			continue
		}
		if w, ok := c.match(tags, balance, currency, &digits); ok {
			return c.s, w
		}
	}
	return nil, Why{Code: WhyDefault}
}

// Resolve is NewResolver(named).Resolve(…), for one invoice.
func Resolve(customerScheduleID *int64, tags []string, balance int64, currency string, named []reminder.Schedule) (*reminder.Schedule, Why) {
	return NewResolver(named).Resolve(customerScheduleID, tags, balance, currency)
}

func (c *compiled) match(tags []string, balance int64, currency string, digits *int) (Why, bool) {
	cond := &c.s.Conditions
	w := Why{Code: WhyConditions, Currency: currency}
	if len(cond.Currencies) > 0 {
		found := false
		for _, cur := range cond.Currencies {
			if cur == currency {
				found = true
				break
			}
		}
		if !found {
			return w, false
		}
		w.CurrencyMatched = true
	}
	if len(cond.CustomerTags) > 0 {
		for _, want := range cond.CustomerTags {
			for _, have := range tags {
				if have == want {
					w.Tag = want
					break
				}
			}
			if w.Tag != "" {
				break
			}
		}
		if w.Tag == "" {
			return w, false
		}
	}
	if c.hasMin || c.hasMax {
		if *digits < 0 {
			d, err := money.Digits(currency)
			if err != nil {
				return w, false
			}
			*digits = d
		}
		// Compare at the finer of the two scales, exactly.
		b := balance
		scaleUp := func(v int64, by int) int64 {
			for ; by > 0; by-- {
				v *= 10
			}
			return v
		}
		lo, hi := c.min, c.max
		switch {
		case c.scale > *digits:
			b = scaleUp(b, c.scale-*digits)
		case c.scale < *digits:
			lo, hi = scaleUp(lo, *digits-c.scale), scaleUp(hi, *digits-c.scale)
		}
		if c.hasMin && b < lo || c.hasMax && b > hi {
			return w, false
		}
		// The bounds, shown in the invoice's currency.
		toMinor := func(v int64) *int64 {
			if c.scale > *digits {
				for by := c.scale - *digits; by > 0; by-- {
					v /= 10
				}
			}
			return &v
		}
		if c.hasMin {
			w.Min = toMinor(lo)
		}
		if c.hasMax {
			w.Max = toMinor(hi)
		}
	}
	w.NoConditionsSet = !w.CurrencyMatched && w.Tag == "" && !c.hasMin && !c.hasMax
	return w, true
}
