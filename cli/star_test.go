package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tend/app"
	"tend/journal"
)

// TestCLITimeAndStar adds entries with a time and a star, lists the
// starred ones, lists a day in the order it was written, finds them with
// is:starred, and stars and unstars one by id.
func TestCLITimeAndStar(t *testing.T) {
	e := newCLIEnv(t)
	if code, out, errs := e.run("", "init", "--recovery-key-file", filepath.Join(t.TempDir(), "rk")); code != app.ExitOK {
		t.Fatalf("init: %d %s %s", code, out, errs)
	}
	add := func(body string, args ...string) string {
		t.Helper()
		code, out, errs := e.run(body, append([]string{"add"}, args...)...)
		if code != app.ExitOK {
			t.Fatalf("add %v: %d %s", args, code, errs)
		}
		return strings.TrimSpace(out)
	}
	// Added out of order: the day lists in the order it was written.
	late := add("Could not sleep, so I wrote.", "--title", "Late", "--date", "2026-11-22", "--time", "23:50", "--star")
	add("Tea and the garden.", "--title", "Morning", "--time", "2026-11-22T07:15")
	add("A walk at lunch.", "--title", "Lunch", "--time", "2026-11-22 12:30")
	add("Only a day.", "--title", "No time", "--date", "2026-11-21")
	add("Far from home.", "--title", "Away", "--time", "2026-11-20T12:30:00+09:00")

	code, out, errs := e.run("", "list", "--json", "--from", "2026-11-20", "--to", "2026-11-22")
	if code != app.ExitOK {
		t.Fatalf("list: %d %s", code, errs)
	}
	var list []entryJSON
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range list {
		got = append(got, x.Title)
	}
	if strings.Join(got, ", ") != "Late, Lunch, Morning, No time, Away" {
		t.Fatalf("the days list as %q", got)
	}
	if w := list[0].Written.Local(); w.Hour() != 23 || w.Minute() != 50 || !list[0].Starred {
		t.Fatalf("late entry: %+v", list[0])
	}
	if _, off := list[4].Written.Zone(); off != 9*3600 || list[4].Written.Hour() != 12 {
		t.Fatalf("the entry written away lost its zone: %v", list[4].Written)
	}
	if !list[3].Written.IsZero() || !strings.Contains(out, `"title": "No time"`) || strings.Count(out, `"written"`) != 4 {
		t.Fatalf("a day alone was given a time:\n%s", out)
	}

	code, out, _ = e.run("", "list", "--starred")
	if code != app.ExitOK || !strings.Contains(out, "  Late") || strings.Count(out, "\n") != 1 {
		t.Fatalf("list --starred: %q", out)
	}
	code, out, _ = e.run("", "search", "is:starred")
	if code != app.ExitOK || !strings.Contains(out, "  Late") || strings.Contains(out, "Lunch") {
		t.Fatalf("search is:starred: %q", out)
	}
	code, out, _ = e.run("", "show", late[:8])
	if code != app.ExitOK || !strings.Contains(out, "2026-11-22 at 23:50 · Free writing · starred") {
		t.Fatalf("show: %q", out)
	}

	// Star another by the start of its id; take the first star away.
	code, out, _ = e.run("", "list", "--json", "--from", "2026-11-21", "--to", "2026-11-21")
	if err := json.Unmarshal([]byte(out), &list); err != nil || code != app.ExitOK || len(list) != 1 {
		t.Fatalf("list: %s %v", out, err)
	}
	if code, out, errs := e.run("", "star", list[0].ID[:8]); code != app.ExitOK || !strings.Contains(out, "No time has a star") {
		t.Fatalf("star: %d %q %s", code, out, errs)
	}
	if code, out, _ := e.run("", "star", list[0].ID[:8]); code != app.ExitOK || !strings.Contains(out, "already has a star") {
		t.Fatalf("star again: %d %q", code, out)
	}
	if code, out, errs := e.run("", "unstar", late); code != app.ExitOK || !strings.Contains(out, "Late has no star now") {
		t.Fatalf("unstar: %d %q %s", code, out, errs)
	}
	code, out, _ = e.run("", "list", "--starred")
	if code != app.ExitOK || !strings.Contains(out, "  No time") || strings.Contains(out, "Late") {
		t.Fatalf("list --starred after the changes: %q", out)
	}
	// The star was a save: the version before is in the history.
	if code, out, _ := e.run("", "history", late); code != app.ExitOK || !strings.Contains(out, "1 earlier version:") {
		t.Fatalf("history: %q", out)
	}

	if code, _, errs := e.run("x", "add", "--time", "tonight"); code != app.ExitUsage || !strings.Contains(errs, "--time takes a time of day") {
		t.Fatalf("a time that is not one: %d %s", code, errs)
	}
	if code, _, errs := e.run("", "star"); code != app.ExitUsage || !strings.Contains(errs, "Give one entry id") {
		t.Fatalf("star without an id: %d %s", code, errs)
	}
}

func TestWhenWritten(t *testing.T) {
	zone := time.FixedZone("here", 3600)
	now := time.Date(2026, 11, 23, 21, 40, 30, 5, zone)
	day := journal.Date{Year: 2026, Month: time.November, Day: 20}
	for _, tt := range []struct {
		day     journal.Date
		at      string
		wantDay journal.Date
		want    string // the time written as RFC 3339, empty for none
	}{
		{journal.Date{}, "", journal.DateOf(now), "2026-11-23T21:40:30+01:00"},
		{day, "", day, ""},
		{day, "7:05", day, "2026-11-20T07:05:00+01:00"},
		{journal.Date{}, "23:50", journal.DateOf(now), "2026-11-23T23:50:00+01:00"},
		{journal.Date{}, "2026-11-22 00:30", journal.Date{Year: 2026, Month: time.November, Day: 22}, "2026-11-22T00:30:00+01:00"},
		// After midnight, kept on the day before.
		{journal.Date{Year: 2026, Month: time.November, Day: 21}, "2026-11-22T00:30:00-05:00", journal.Date{Year: 2026, Month: time.November, Day: 21}, "2026-11-22T00:30:00-05:00"},
	} {
		d, w, err := whenWritten(tt.day, tt.at, now)
		got := ""
		if !w.IsZero() {
			got = w.Format(time.RFC3339)
		}
		if err != nil || d != tt.wantDay || got != tt.want {
			t.Errorf("%v %q: %v %q %v; want %v %q", tt.day, tt.at, d, got, err, tt.wantDay, tt.want)
		}
	}
}
