package reminder

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/money"
)

// Limits of a named schedule.
const (
	MaxScheduleNameLen = 100
	MaxPriority        = 1000
)

// Validate checks a named schedule before it is stored, normalising its
// name (trimmed), currencies (upper case, once each) and customer tags
// (invoice.CheckTags). Field paths follow the API body: "name",
// "conditions.min_balance", "steps[0].days".
func (s *Schedule) Validate() error {
	f := invoice.FieldErrors{}
	s.Name = strings.TrimSpace(s.Name)
	switch {
	case s.Name == "":
		f.Add("name", "is required")
	case !utf8.ValidString(s.Name):
		f.Add("name", "is not valid UTF-8")
	case utf8.RuneCountInString(s.Name) > MaxScheduleNameLen:
		f.Add("name", "is longer than %d characters", MaxScheduleNameLen)
	case invoice.HasControl(s.Name):
		f.Add("name", "must not contain control characters")
	}
	if s.Priority < 0 || s.Priority > MaxPriority {
		f.Add("priority", "must be between 0 and %d", MaxPriority)
	}
	c := &s.Conditions
	curs := make([]string, 0, len(c.Currencies))
	for _, cur := range c.Currencies {
		cur = strings.ToUpper(strings.TrimSpace(cur))
		if !money.ValidCurrency(cur) {
			f.Add("conditions.currencies", "unknown currency %q", excerpt(cur))
			continue
		}
		if !slices.Contains(curs, cur) {
			curs = append(curs, cur)
		}
	}
	c.Currencies = curs
	scale := ConditionScale(c.Currencies)
	lo, okLo := checkBalance(f, "conditions.min_balance", c.MinBalance, scale)
	hi, okHi := checkBalance(f, "conditions.max_balance", c.MaxBalance, scale)
	if okLo && okHi && c.MinBalance != "" && c.MaxBalance != "" && lo > hi {
		f.Add("conditions.max_balance", "must not be less than min_balance")
	}
	c.CustomerTags = invoice.CheckTags(f, "conditions.customer_tags", c.CustomerTags)
	ValidateCadence(s.Cadence, "", f)
	return f.Err()
}

func checkBalance(f invoice.FieldErrors, field, v string, scale int) (int64, bool) {
	if v == "" {
		return 0, true
	}
	n, err := ParseConditionBalance(v, scale)
	if err != nil {
		f.Add(field, "%s", err.Error())
		return 0, false
	}
	return n, true
}

// ConditionScale is the number of decimals the balance conditions of a
// schedule may have: the most of its currencies' minor units, 2 when it
// names no currency.
func ConditionScale(currencies []string) int {
	scale := 0
	for _, c := range currencies {
		if d, err := money.Digits(c); err == nil && d > scale {
			scale = d
		}
	}
	if len(currencies) == 0 {
		scale = 2
	}
	return scale
}

// ParseConditionBalance reads a balance condition ("1000.00") scaled by
// 10^scale: a plain decimal, not negative, at most scale decimals.
func ParseConditionBalance(v string, scale int) (int64, error) {
	n, err := money.ParseDecimal(v, scale)
	if err != nil {
		return 0, fmt.Errorf("must be an amount with at most %d decimals, e.g. \"1000.00\"", scale)
	}
	if n < 0 {
		return 0, fmt.Errorf("must not be negative")
	}
	return n, nil
}
