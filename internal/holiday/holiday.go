// Package holiday answers one question for the planner's business-day rule:
// is a calendar day a public holiday in a region? The rules come from
// github.com/rickar/cal/v2; the Canadian provinces it lacks (Quebec,
// Ontario, British Columbia) are composed here from its Canadian holidays
// plus the few provincial ones (Fête nationale, Family Day, B.C. Day),
// written with the library's own types. Each region's year is computed once
// and kept, so that a lookup is an array read (the planner asks for every
// candidate step of every invoice of a scan).
package holiday

import (
	"slices"
	"sync/atomic"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/be"
	"github.com/rickar/cal/v2/ca"
	"github.com/rickar/cal/v2/ch"
	"github.com/rickar/cal/v2/fr"
	"github.com/rickar/cal/v2/gb"
	"github.com/rickar/cal/v2/us"
)

// Regions are the holiday regions a schedule may name, in the UI's order.
var Regions = []string{"CA", "CA-QC", "CA-ON", "CA-BC", "US", "FR", "BE", "CH", "GB"}

// Valid reports whether region is "" (no holidays) or one of Regions.
func Valid(region string) bool { return region == "" || slices.Contains(Regions, region) }

// The provincial holidays rickar/cal/v2 does not have.
var (
	// fetenationale is Quebec's Fête nationale, 24 June; on a Sunday the
	// holiday is the Monday 25 June (Loi sur la fête nationale).
	feteNationale = &cal.Holiday{Name: "Fête nationale du Québec", Type: cal.ObservancePublic, Month: time.June, Day: 24,
		Observed: []cal.AltDay{{Day: time.Sunday, Offset: 1}}, Func: cal.CalcDayOfMonth}
	// patriotes is Quebec's Journée nationale des patriotes, the Monday
	// before 25 May (Victoria Day's date).
	patriotes = ca.VictoriaDay.Clone(&cal.Holiday{Name: "Journée nationale des patriotes"})
	// familyDayON is Ontario's Family Day, the third Monday of February (since 2008).
	familyDayON = &cal.Holiday{Name: "Family Day", Type: cal.ObservancePublic, Month: time.February, Weekday: time.Monday,
		Offset: 3, StartYear: 2008, Func: cal.CalcWeekdayOffset}
	// familyDayBC is British Columbia's: the second Monday of February
	// 2013–2018, the third since 2019.
	familyDayBC2013 = &cal.Holiday{Name: "Family Day", Type: cal.ObservancePublic, Month: time.February, Weekday: time.Monday,
		Offset: 2, StartYear: 2013, EndYear: 2018, Func: cal.CalcWeekdayOffset}
	familyDayBC = familyDayBC2013.Clone(&cal.Holiday{Offset: 3, StartYear: 2019, EndYear: 0})
	// bcDay is British Columbia Day, the first Monday of August.
	bcDay = ca.CivicDay.Clone(&cal.Holiday{Name: "British Columbia Day"})
	// truthBC: British Columbia made 30 September a statutory holiday in 2023.
	truthBC = ca.NationalDayForTruthAndReconciliation.Clone(&cal.Holiday{StartYear: 2023})
)

// rules lists each region's holidays.
var rules = map[string][]*cal.Holiday{
	"CA": ca.Holidays,
	"CA-QC": {ca.NewYear, ca.GoodFriday, ca.EasterMonday, patriotes, feteNationale, ca.CanadaDay, ca.LabourDay,
		ca.ThanksgivingDay, ca.ChristmasDay},
	"CA-ON": {ca.NewYear, familyDayON, ca.GoodFriday, ca.VictoriaDay, ca.CanadaDay, ca.LabourDay, ca.ThanksgivingDay,
		ca.ChristmasDay, ca.BoxingDay},
	"CA-BC": {ca.NewYear, familyDayBC2013, familyDayBC, ca.GoodFriday, ca.VictoriaDay, ca.CanadaDay, bcDay, ca.LabourDay,
		truthBC, ca.ThanksgivingDay, ca.RemembranceDay, ca.ChristmasDay},
	"US": us.Holidays,
	"FR": fr.Holidays,
	"BE": be.Holidays,
	"CH": ch.Holidays,
	"GB": gb.Holidays,
}

// The years kept in tables; a day outside them is computed each time.
const (
	firstYear = 1970
	lastYear  = 2199
)

// Calendar is one region's holidays. The zero region's Calendar (For(""))
// has none. It is safe for concurrent use.
type Calendar struct {
	rules []*cal.Holiday
	years [lastYear - firstYear + 1]atomic.Pointer[yearTable]
}

// yearTable marks a year's holidays by day of the year (1..366).
type yearTable [367]bool

var calendars = func() map[string]*Calendar {
	m := make(map[string]*Calendar, len(rules))
	for r, hs := range rules {
		m[r] = &Calendar{rules: hs}
	}
	return m
}()

// For is the calendar of a region; nil (no holidays) for "" or an unknown
// region (Valid refuses those where they are stored).
func For(region string) *Calendar {
	if region == "" {
		return nil
	}
	return calendars[region]
}

// Closed reports whether the day is a public holiday of the calendar: the
// holiday's own date, or the weekday it is observed on when it falls on a
// weekend. A nil calendar has no holidays.
func (c *Calendar) Closed(y int, m time.Month, d int) bool {
	if c == nil {
		return false
	}
	yd := dayNumber(y, m, d) - dayNumber(y, time.January, 1) + 1
	if y < firstYear || y > lastYear {
		return c.compute(y)[yd]
	}
	p := &c.years[y-firstYear]
	t := p.Load()
	if t == nil {
		t = c.compute(y)
		p.Store(t) // two goroutines may both compute it: same table
	}
	return t[yd]
}

// compute marks the year's holidays. An observed day may fall in the next
// or the previous year (New Year's Day on a Saturday observed 31 December):
// the neighbouring years' rules are looked at too.
func (c *Calendar) compute(y int) *yearTable {
	var t yearTable
	for _, h := range c.rules {
		for _, yy := range []int{y - 1, y, y + 1} {
			actual, observed := h.Calc(yy)
			for _, day := range []time.Time{actual, observed} {
				if !day.IsZero() && day.Year() == y {
					t[day.YearDay()] = true
				}
			}
		}
	}
	return &t
}

// Weekday is the day of the week of a calendar day, by arithmetic alone
// (the planner asks for it for every candidate step).
func Weekday(y int, m time.Month, d int) time.Weekday {
	return time.Weekday(((dayNumber(y, m, d)+4)%7 + 7) % 7) // 1970-01-01 was a Thursday
}

// dayNumber counts days from 1970-01-01 to a proleptic Gregorian day
// (Howard Hinnant's days_from_civil).
func dayNumber(y int, m time.Month, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (int(m) + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}
