package reminder

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/relance-app/relance/internal/invoice"
)

// Limits of the settings form (and of a manual reminder's wording).
const (
	MaxDays        = 90
	MaxCatchUpDays = 90
	MaxSubjectLen  = 200
	MaxMessageLen  = 10000
	// MaxStatementDay: monthly statements go out on a day every month has.
	MaxStatementDay   = 28
	defaultSendHour   = 9
	defaultSendMinute = 0
)

// Validate checks settings before they are stored. Field paths follow the
// JSON document ("steps[1].days", "manual.overdue.fr.subject"). Missing template
// languages are accepted: Normalize fills them from the defaults.
func (s *Settings) Validate() error {
	f := invoice.FieldErrors{}
	if _, _, ok := parseClock(s.SendTime); !ok {
		f.Add("send_time", "must be a 24-hour time HH:MM, e.g. 09:00")
	}
	if _, err := loadLocation(s.Timezone); err != nil {
		f.Add("timezone", "%s", err.Error())
	}
	if s.CatchUpDays < 0 || s.CatchUpDays > MaxCatchUpDays {
		f.Add("catch_up_days", "must be between 0 and %d", MaxCatchUpDays)
	}
	ValidateCadence(s.Cadence, "", f)
	for c, m := range s.Manual {
		if !slices.Contains(ManualCases, c) {
			f.Add("manual."+c, "must be one of %s", strings.Join(ManualCases, ", "))
			continue
		}
		checkTemplates(f, "manual."+c+".", m)
	}
	checkTemplates(f, "invoice_email.", s.InvoiceEmail)
	checkTemplates(f, "statement.", s.Statement)
	// 0 is an older document's "not set" (Normalize makes it 1), unless
	// statements are asked for.
	if d := s.Statements.DayOfMonth; d < 0 || d > MaxStatementDay || d == 0 && s.Statements.Enabled {
		f.Add("statements.day_of_month", "must be between 1 and %d", MaxStatementDay)
	}
	return f.Err()
}

func checkTemplates(f invoice.FieldErrors, prefix string, m map[string]Template) {
	for lang, t := range m {
		p := prefix + lang
		if !slices.Contains(Languages, lang) {
			f.Add(p, "unknown language %q: templates exist in en and fr", excerpt(lang))
			continue
		}
		checkTemplate(f, p+".", lang, t)
	}
}

func checkTemplate(f invoice.FieldErrors, p, lang string, t Template) {
	for field, v := range map[string]string{"subject": t.Subject, "message": t.Message} {
		if strings.TrimSpace(v) == "" && utf8.ValidString(v) {
			f.Add(p+field, "is required")
		}
	}
	checkWording(f, p, t.Subject, t.Message)
	// An unused salutation may be empty, but never one of another language.
	if t.UseGreeting || t.Salutation != "" {
		if !slices.Contains(Salutations[lang], t.Salutation) {
			f.Add(p+"salutation", "must be one of %s", strings.Join(Salutations[lang], " | "))
		}
	}
	if t.UseGreeting || t.NameFormat != "" {
		if !slices.Contains(NameFormats, t.NameFormat) {
			f.Add(p+"name_format", "must be one of %s", strings.Join(NameFormats, ", "))
		}
	}
}

// CheckManual checks the subject and message of a manual reminder, for the
// UI form, the API and the engine alike (docs/reminders.md, "Manual
// reminders"). Either may be empty: the reminder then uses the manual
// template of the day's case (ManualCase).
// The limits are the templates' own: a subject of one line of at most
// MaxSubjectLen characters, a message of at most MaxMessageLen characters,
// known placeholders only.
func CheckManual(subject, message string) error {
	f := invoice.FieldErrors{}
	checkWording(f, "", subject, message)
	return f.Err()
}

// checkWording applies the limits every subject and message share, under the
// field names prefix+"subject" and prefix+"message".
func checkWording(f invoice.FieldErrors, prefix, subject, message string) {
	switch {
	case !utf8.ValidString(subject):
		f.Add(prefix+"subject", "is not valid UTF-8")
	case strings.ContainsAny(subject, "\r\n"):
		f.Add(prefix+"subject", "must be on one line")
	case utf8.RuneCountInString(subject) > MaxSubjectLen:
		f.Add(prefix+"subject", "is longer than %d characters", MaxSubjectLen)
	}
	if err := CheckPlaceholders(subject); err != nil {
		f.Add(prefix+"subject", "%s", placeholderMessage(err))
	}
	switch {
	case !utf8.ValidString(message):
		f.Add(prefix+"message", "is not valid UTF-8")
	case utf8.RuneCountInString(message) > MaxMessageLen:
		f.Add(prefix+"message", "is longer than %d characters", MaxMessageLen)
	}
	if err := CheckPlaceholders(message); err != nil {
		f.Add(prefix+"message", "%s", placeholderMessage(err))
	}
}

// placeholderMessage drops the "placeholder: " prefix of ErrPlaceholder,
// which the field name already implies.
func placeholderMessage(err error) string {
	return strings.TrimPrefix(err.Error(), ErrPlaceholder.Error()+": ")
}

// parseClock reads a strict HH:MM (two digits each, 24 h).
func parseClock(s string) (h, m int, ok bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, 0, false
	}
	for _, i := range []int{0, 1, 3, 4} {
		if s[i] < '0' || s[i] > '9' {
			return 0, 0, false
		}
	}
	h = int(s[0]-'0')*10 + int(s[1]-'0')
	m = int(s[3]-'0')*10 + int(s[4]-'0')
	if h > 23 || m > 59 {
		return 0, 0, false
	}
	return h, m, true
}

// loadLocation refuses "" and "Local", which would silently mean UTC or the
// server's zone instead of the company's.
func loadLocation(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("must be an IANA time zone such as America/Toronto")
	}
	if loc, ok := locations.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q", excerpt(name))
	}
	locations.Store(name, loc)
	return loc, nil
}

// locations caches loaded zones: time.LoadLocation reads the zone database
// on every call, and the planner runs once per invoice per scan.
var locations sync.Map

// SendClock is the send time as hour and minute, 09:00 when the stored value
// is invalid (Validate refuses such values; this only keeps the planner total).
func (s *Settings) SendClock() (h, m int) {
	if h, m, ok := parseClock(s.SendTime); ok {
		return h, m
	}
	return defaultSendHour, defaultSendMinute
}

// Location is the company time zone, UTC when the stored value is invalid.
func (s *Settings) Location() *time.Location {
	if loc, err := loadLocation(s.Timezone); err == nil {
		return loc
	}
	return time.UTC
}
