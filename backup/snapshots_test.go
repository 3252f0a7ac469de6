package backup

import (
	"bytes"
	"testing"
	"time"
)

// FuzzSnapshotTaken reads file names as a backup folder may hold them:
// nothing panics, and any name that reads back names that moment again.
func FuzzSnapshotTaken(f *testing.F) {
	names, err := NewSnapshotNames(bytes.Repeat([]byte{9}, 32))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(names.Name(time.Date(2026, time.December, 7, 21, 40, 0, 0, time.UTC)))
	f.Add(names.DayName(time.Date(2026, time.December, 7, 0, 0, 0, 0, time.UTC)))
	f.Add("tend-2026-12-07.tend-snapshot")
	f.Add("tend-aaaaaaaaaaaaaaaaaaaaaaaaaa.tend-snapshot")
	f.Add("tend-AAAAAAAAAAAAAAAAAAAAAAAAAA.tend-snapshot")
	f.Add(".tend-x.tend-snapshot-1.tmp")
	f.Add("")
	f.Fuzz(func(t *testing.T, name string) {
		when, dayOnly, ok := names.Read(name)
		if !ok {
			return
		}
		again := names.Name(when)
		if dayOnly {
			again = names.DayName(when)
		}
		if again != name {
			t.Fatalf("%q reads as %v (day only: %v), which names %q", name, when, dayOnly, again)
		}
	})
}
