package journal

import (
	"testing"
	"time"
)

func TestClockNamesTheZoneOnlyWhenItIsNotHere(t *testing.T) {
	d := Date{Year: 2025, Month: time.March, Day: 14}
	berlin := time.FixedZone("Berlin", 3600)
	home := &Entry{Written: d.At(21, 40, berlin)}
	if got := home.Clock(berlin); got != "21:40" {
		t.Fatalf("at home: %q", got)
	}
	away := &Entry{Written: d.At(15, 40, time.FixedZone("", -5*3600))}
	if got := away.Clock(berlin); got != "15:40 in UTC-5" {
		t.Fatalf("away: %q", got)
	}
	india := &Entry{Written: d.At(9, 5, time.FixedZone("", 5*3600+30*60))}
	if got := india.Clock(time.UTC); got != "09:05 in UTC+5:30" {
		t.Fatalf("half an hour off: %q", got)
	}
	if got := (&Entry{Created: time.Now()}).Clock(berlin); got != "" {
		t.Fatalf("an entry without a time shows %q", got)
	}
	if got := OffsetName(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)); got != "UTC" {
		t.Fatalf("UTC is named %q", got)
	}
}

func TestParseClock(t *testing.T) {
	for in, want := range map[string][3]int{"21:40": {21, 40, 0}, " 9:05 ": {9, 5, 0}, "21.40": {21, 40, 0}, "2140": {21, 40, 0}, "07:30:15": {7, 30, 15}, "00:00": {0, 0, 0}} {
		h, m, s, err := ParseClock(in)
		if err != nil || [3]int{h, m, s} != want {
			t.Errorf("%q: %d:%d:%d, %v", in, h, m, s, err)
		}
	}
	for _, in := range []string{"", "24:00", "21:60", "evening", "9pm", "12345"} {
		if _, _, _, err := ParseClock(in); err == nil {
			t.Errorf("%q read as a time", in)
		}
	}
}

func TestWrittenAtAndMoveWritten(t *testing.T) {
	zone := time.FixedZone("", 2*3600)
	w := WrittenAt(time.Date(2025, 3, 14, 21, 40, 5, 999, zone))
	if w.Nanosecond() != 0 || w.Second() != 5 {
		t.Fatalf("kept as %v", w)
	}
	if _, off := w.Zone(); off != 2*3600 {
		t.Fatalf("lost its zone: %v", w)
	}
	// A zone no summary can hold is kept as the same moment in UTC.
	far := WrittenAt(time.Date(2025, 3, 14, 21, 40, 0, 0, time.FixedZone("", 20*3600)))
	if _, off := far.Zone(); off != 0 {
		t.Fatalf("a zone 20 hours away kept as %v", far)
	}
	moved := MoveWritten(w, Date{Year: 2025, Month: time.March, Day: 2})
	if DateOf(moved) != (Date{Year: 2025, Month: time.March, Day: 2}) || moved.Hour() != 21 || moved.Minute() != 40 {
		t.Fatalf("moved to %v", moved)
	}
	if _, off := moved.Zone(); off != 2*3600 {
		t.Fatalf("moved out of its zone: %v", moved)
	}
	if !MoveWritten(time.Time{}, Date{Year: 2025, Month: 1, Day: 1}).IsZero() {
		t.Fatal("no time became a time")
	}
}
