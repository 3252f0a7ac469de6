package i18n

import (
	"os"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2/lang"
	"golang.org/x/text/language"
)

// nameTokens are the parts of a Go time layout that are words, longest
// first so that "Monday" is not read as "Mon" and "day". The time package
// writes them in English only; Date says them in the language in use.
var nameTokens = []string{"January", "Monday", "Jan", "Mon"}

// Date formats t with layout, a Go time layout written in English, in the
// language in use: the layout itself is a message (German puts a full stop
// after the day, Spanish says "de" between day, month and year), and the
// names of months and weekdays come from the messages, not from the time
// package. Names keep the language's own case: a Spanish weekday is
// written small in a sentence (see Capital for one that heads a line).
func Date(t time.Time, layout string) string {
	layout = L(layout)
	var b strings.Builder
	for layout != "" {
		at, tok := nextName(layout)
		b.WriteString(t.Format(layout[:at]))
		if tok == "" {
			break
		}
		b.WriteString(name(t, tok))
		layout = layout[at+len(tok):]
	}
	return b.String()
}

// nextName finds the first name token in layout: where it starts and which
// it is, or len(layout) and "" when there is none.
func nextName(layout string) (int, string) {
	for i := 0; i < len(layout); i++ {
		for _, tok := range nameTokens {
			if strings.HasPrefix(layout[i:], tok) {
				return i, tok
			}
		}
	}
	return len(layout), ""
}

// name is t's month or weekday as tok asks for it.
func name(t time.Time, tok string) string {
	switch tok {
	case "January":
		return MonthName(t.Month())
	case "Jan":
		return X(monthKeys[t.Month()-1]+".short", t.Month().String()[:3])
	case "Monday":
		return WeekdayName(t.Weekday())
	default:
		return X(weekdayKeys[t.Weekday()]+".short", t.Weekday().String()[:3])
	}
}

var (
	monthKeys = []string{
		"month.january", "month.february", "month.march", "month.april", "month.may", "month.june",
		"month.july", "month.august", "month.september", "month.october", "month.november", "month.december",
	}
	weekdayKeys = []string{
		"weekday.sunday", "weekday.monday", "weekday.tuesday", "weekday.wednesday",
		"weekday.thursday", "weekday.friday", "weekday.saturday",
	}
)

// MonthName is the full name of m in the language in use.
func MonthName(m time.Month) string { return X(monthKeys[m-1], m.String()) }

// WeekdayName is the full name of d in the language in use.
func WeekdayName(d time.Weekday) string { return X(weekdayKeys[d], d.String()) }

// WeekdayInitials is the short name of d for the head of a calendar's
// column, as a calendar in the language in use writes it.
func WeekdayInitials(d time.Weekday) string {
	return X(weekdayKeys[d]+".initials", d.String()[:2])
}

// FirstWeekday is the day a week starts on in the calendars of where the
// person lives: the region of the locale the system writes dates in (en_US
// starts on Sunday, en_GB and de_DE on Monday), and Monday when it names no
// region.
func FirstWeekday() time.Weekday {
	return weekStartOf(timeLocale())
}

// timeLocale is the locale the system writes dates in: LC_ALL, LC_TIME or
// LANG, the first that is set, as the C library reads them ("en_GB.UTF-8"
// is "en-GB"); LANGUAGE, which orders the languages of messages, says
// nothing about calendars. Where none is set, as on Windows and macOS, it
// is the system's locale as the toolkit reads it.
func timeLocale() string {
	for _, name := range []string{"LC_ALL", "LC_TIME", "LANG"} {
		if v := os.Getenv(name); v != "" {
			v, _, _ = strings.Cut(v, ".")
			v, _, _ = strings.Cut(v, "@")
			return strings.ReplaceAll(v, "_", "-")
		}
	}
	return string(lang.SystemLocale())
}

// weekStartOf is the first day of the week in the region locale names.
func weekStartOf(locale string) time.Weekday {
	region, conf := language.Make(locale).Region()
	if conf != language.Exact {
		return time.Monday
	}
	code := region.String()
	switch {
	case slices.Contains(strings.Fields(weekStartsSunday), code):
		return time.Sunday
	case slices.Contains(strings.Fields(weekStartsSaturday), code):
		return time.Saturday
	case code == "MV":
		return time.Friday
	}
	return time.Monday
}

// The regions whose calendars start the week on Sunday or on Saturday, from
// the Unicode Common Locale Data Repository's week data; every other region
// starts it on Monday, but for the Maldives (Friday).
const (
	weekStartsSunday   = "AG AS BD BR BS BT BW BZ CA CO DM DO ET GT GU HK HN ID IL IN JM JP KE KH KR LA MH MM MO MT MX MZ NI NP PA PE PH PK PR PT PY SA SG SV TH TT TW UM US VE VI WS YE ZA ZW"
	weekStartsSaturday = "AE AF BH DJ DZ EG IQ IR JO KW LY OM QA SD SY"
)

// Capital makes the first letter of s a capital, as a date said on its own
// starts in every language: "Lunes, 23 de noviembre".
func Capital(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
