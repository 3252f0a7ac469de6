package journal

import (
	"fmt"
	"strings"
	"time"
)

// The time an entry was written is a moment with the offset of the zone it
// was written in (Entry.Written). Its clock time belongs with the entry's
// Date; these functions keep the two together and name the time in words
// a list can show.

// maxZoneOffset bounds the offset of a zone, in seconds: real zones lie
// within -12 and +14 hours, and anything past 18 is not a zone at all.
const maxZoneOffset = 18 * 3600

// WrittenAt returns t as Written keeps it: to the second, in a zone that
// is a plain offset from UTC, with no reading of the machine's clock
// attached. A zone of a name the offset cannot carry (beyond 18 hours)
// is kept as UTC, the same moment.
func WrittenAt(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	t = t.Round(0).Truncate(time.Second)
	_, off := t.Zone()
	switch {
	case off == 0:
		return t.UTC()
	case off < -maxZoneOffset || off > maxZoneOffset:
		return t.UTC()
	}
	return t.In(time.FixedZone("", off))
}

// At returns the moment at hour:minute on day d in loc.
func (d Date) At(hour, minute int, loc *time.Location) time.Time {
	return WrittenAt(time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, loc))
}

// MoveWritten returns w's clock time on day d, in w's own zone: what the
// time an entry was written becomes when the person moves the entry to
// another day. A zero w stays zero.
func MoveWritten(w time.Time, d Date) time.Time {
	if w.IsZero() {
		return w
	}
	return WrittenAt(time.Date(d.Year, d.Month, d.Day, w.Hour(), w.Minute(), w.Second(), 0, w.Location()))
}

// SortTime is the moment that orders an entry among the others of its
// day: the time it was written, or, for an entry without one, when it was
// first saved, which is the order Tend always gave such entries. It is
// never shown as the time the entry was written.
func (e *Entry) SortTime() time.Time {
	if !e.Written.IsZero() {
		return e.Written
	}
	return e.Created
}

// ParseClock reads a time of day written as 21:40, 21.40, 9:05 or 2140,
// with seconds allowed (21:40:05). It is how a person types a time.
func ParseClock(s string) (hour, minute, second int, err error) {
	s = strings.TrimSpace(s)
	bad := &ParseError{Text: s, Want: WantClock}
	if len(s) == 4 && !strings.ContainsAny(s, ":.") {
		s = s[:2] + ":" + s[2:]
	}
	s = strings.ReplaceAll(s, ".", ":")
	for _, layout := range []string{"15:04", "15:04:05"} {
		if t, e := time.Parse(layout, s); e == nil {
			return t.Hour(), t.Minute(), t.Second(), nil
		}
	}
	return 0, 0, 0, bad
}

// OffsetName names the offset of t's zone from UTC as a person reads it:
// "UTC", "UTC+2", "UTC-5", "UTC+5:30".
func OffsetName(t time.Time) string {
	_, off := t.Zone()
	if off == 0 {
		return "UTC"
	}
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	h, m := off/3600, off%3600/60
	if m == 0 {
		return fmt.Sprintf("UTC%s%d", sign, h)
	}
	return fmt.Sprintf("UTC%s%d:%02d", sign, h, m)
}

// Clock names the time an entry was written on the clock of where it was
// written: "21:40", and "21:40 in UTC+2" when that zone is not the one
// local has at that moment, so a time from a journey is never taken for
// one at home. It is empty for an entry without a time.
func (e *Entry) Clock(local *time.Location) string {
	clock, zone := e.ClockAndZone(local)
	if zone != "" {
		return clock + " in " + zone
	}
	return clock
}

// ClockAndZone is Clock in its two parts, for a sentence in any language:
// the time on the clock of where the entry was written, and the name of
// that zone when it is not the one local has at that moment, else "".
func (e *Entry) ClockAndZone(local *time.Location) (clock, zone string) {
	w := e.Written
	if w.IsZero() {
		return "", ""
	}
	_, off := w.Zone()
	if _, here := w.In(local).Zone(); here != off {
		zone = OffsetName(w)
	}
	return w.Format("15:04"), zone
}
