package invoice

import (
	"strconv"
	"time"
)

var (
	monthsEN      = [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	monthsShortEN = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	monthsFR      = [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	// CLDR fr abbreviations: short months keep their full spelling.
	monthsShortFR = [12]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juill.", "août", "sept.", "oct.", "nov.", "déc."}
)

// The dates shown to people (emails, PDF, UI) are all written here, so that
// a date reads the same everywhere.

// FormatDate writes a date in full for a reader of lang, as emails and the
// PDF print it: fr "15 décembre 2026" ("1er décembre 2026" on the first),
// en "December 15, 2026". The zero date is "".
func FormatDate(d Date, lang string) string {
	if d.IsZero() || d.Month < 1 || d.Month > 12 {
		return ""
	}
	y := strconv.Itoa(d.Year)
	if lang == "fr" {
		return frDay(d.Day) + " " + monthsFR[d.Month-1] + " " + y
	}
	return monthsEN[d.Month-1] + " " + strconv.Itoa(d.Day) + ", " + y
}

// FormatDateShort writes day and month only, for lists and the "next
// reminder" line: fr "3 déc.", en "Dec 3".
func FormatDateShort(d Date, lang string) string {
	if d.IsZero() || d.Month < 1 || d.Month > 12 {
		return ""
	}
	if lang == "fr" {
		return frDay(d.Day) + " " + monthsShortFR[d.Month-1]
	}
	return monthsShortEN[d.Month-1] + " " + strconv.Itoa(d.Day)
}

// frDay is the French day number: the first of the month is "1er".
func frDay(day int) string {
	if day == 1 {
		return "1er"
	}
	return strconv.Itoa(day)
}

// FormatDateMedium is a date for tables: en "Dec 3, 2026", fr "3 déc. 2026".
func FormatDateMedium(d Date, lang string) string {
	s := FormatDateShort(d, lang)
	if s == "" {
		return ""
	}
	if lang == "fr" {
		return s + " " + strconv.Itoa(d.Year)
	}
	return s + ", " + strconv.Itoa(d.Year)
}

// FormatMonthShort is a month's short name: en "Nov", fr "nov.".
func FormatMonthShort(m time.Month, lang string) string {
	if m < 1 || m > 12 {
		return ""
	}
	if lang == "fr" {
		return monthsShortFR[m-1]
	}
	return monthsShortEN[m-1]
}
