package journal

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

func TestIDRoundTrips(t *testing.T) {
	id := NewID()
	if id.IsZero() || id == NewID() {
		t.Fatalf("NewID gave %v: want a fresh non-zero id each time", id)
	}
	back, err := ParseID(" " + id.String() + "\n")
	if err != nil || back != id {
		t.Fatalf("ParseID(String()) = %v, %v; want %v", back, err, id)
	}
	b, err := json.Marshal(map[string]ID{"id": id})
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]ID
	if err := json.Unmarshal(b, &m); err != nil || m["id"] != id {
		t.Fatalf("JSON round trip gave %v, %v", m, err)
	}
	for _, bad := range []string{"", "fe37", id.String() + "00", "zz" + id.String()[2:]} {
		if _, err := ParseID(bad); !errors.Is(err, ErrNotFound) {
			t.Errorf("ParseID(%q) = %v; want an error that is ErrNotFound", bad, err)
		}
	}
}

func TestDatesAreCalendarDays(t *testing.T) {
	d, err := ParseDate("2024-02-28")
	if err != nil {
		t.Fatal(err)
	}
	if got := d.AddDays(1).String(); got != "2024-02-29" {
		t.Errorf("a day after 2024-02-28 is %s; want the leap day", got)
	}
	if got := d.AddDays(2).String(); got != "2024-03-01" {
		t.Errorf("two days after 2024-02-28 is %s", got)
	}
	if got := (Date{Year: 2024, Month: 12, Day: 31}).AddDays(1); got != (Date{Year: 2025, Month: 1, Day: 1}) {
		t.Errorf("the day after new year's eve is %v", got)
	}
	a, b := Date{Year: 2024, Month: 3, Day: 9}, Date{Year: 2024, Month: 3, Day: 10}
	if a.Compare(b) >= 0 || b.Compare(a) <= 0 || a.Compare(a) != 0 {
		t.Errorf("Compare does not order %v before %v", a, b)
	}
	late := time.Date(2024, 3, 9, 23, 30, 0, 0, time.FixedZone("far east", 14*3600))
	if DateOf(late) != a {
		t.Errorf("DateOf(%v) = %v; want the writer's own day %v", late, DateOf(late), a)
	}
	for _, bad := range []string{"", "2024-13-01", "2024-02-30", "09/03/2024", "yesterday"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) took it as a date", bad)
		}
	}
	var zero Date
	if !zero.IsZero() || a.IsZero() {
		t.Error("IsZero is wrong")
	}
	var back Date
	if err := back.UnmarshalText([]byte(a.String())); err != nil || back != a {
		t.Errorf("text round trip gave %v, %v", back, err)
	}
}

func TestKinds(t *testing.T) {
	for _, k := range Kinds {
		got, err := ParseKind(" " + string(k) + " ")
		if err != nil || got != k {
			t.Errorf("ParseKind(%q) = %q, %v", k, got, err)
		}
	}
	if _, err := ParseKind("diary"); err == nil {
		t.Error(`ParseKind("diary") took an unknown kind`)
	}
	if Kind("diary").Valid() {
		t.Error("an unknown kind is valid")
	}
}

func TestNormalizeTagsKeepsTheFirstSpelling(t *testing.T) {
	got := NormalizeTags([]string{" #Trust", "trust", "", "  ", "#", "boundaries", "Boundaries ", "sleep"})
	want := []string{"Trust", "boundaries", "sleep"}
	if !slices.Equal(got, want) {
		t.Errorf("NormalizeTags = %q; want %q", got, want)
	}
	if got := NormalizeTags(nil); len(got) != 0 {
		t.Errorf("NormalizeTags(nil) = %q", got)
	}
}

func TestCountWordsReadsEveryField(t *testing.T) {
	e := &Entry{
		Body: "I don't know yet, but I'm here.",
		Fields: Fields{
			Dialogue: &Dialogue{Turns: []Turn{
				{Voice: VoiceNow, Text: "Are you scared?"},
				{Voice: VoiceChild, Text: "A little."},
			}},
			CheckIn: &CheckIn{Emotions: []string{"calm"}},
		},
	}
	// 7 in the body (contractions are one word), 3 + 2 in the dialogue,
	// 1 emotion.
	if got := e.CountWords(); got != 13 {
		t.Errorf("CountWords = %d; want 13", got)
	}
	texts := e.Fields.Texts()
	if !slices.Contains(texts, "A little.") || !slices.Contains(texts, "calm") {
		t.Errorf("Texts = %q; want every written field", texts)
	}
	if !(Fields{}).IsZero() || e.Fields.IsZero() {
		t.Error("Fields.IsZero is wrong")
	}
}

func TestLinkedFileFindsAttachedFilesByTheirLink(t *testing.T) {
	names := []string{"sea.jpg", "my photo.jpg", "100%.png", "a:b.gif", "x<y>(1).webp", "[draft].txt", "Größe 2.JPG"}
	e := &Entry{}
	for _, n := range names {
		e.Files = append(e.Files, File{ID: NewFileID(), Name: n, Type: "image/png"})
	}
	for _, n := range names {
		link := FileLink(n)
		f, ok := e.LinkedFile(link)
		if !ok || f.Name != n {
			t.Errorf("FileLink(%q) = %q, and LinkedFile finds %q, %v", n, link, f.Name, ok)
		}
	}
	for _, dest := range []string{"./sea.jpg", "my%20photo.jpg", "my photo.jpg"} {
		if _, ok := e.LinkedFile(dest); !ok {
			t.Errorf("LinkedFile(%q) finds nothing", dest)
		}
	}
	for _, dest := range []string{"", "https://example.com/sea.jpg", "file:sea.jpg", "photos/sea.jpg", `..\sea.jpg`, "../sea.jpg", "other.jpg", "/sea.jpg"} {
		if f, ok := e.LinkedFile(dest); ok {
			t.Errorf("LinkedFile(%q) = %q, want nothing", dest, f.Name)
		}
	}
}

// TestDateStringIsAsFormatted checks that a date reads exactly as the
// formatting package wrote it before dates were written digit by digit,
// impossible days included, since backups and exports hold those bytes.
func TestDateStringIsAsFormatted(t *testing.T) {
	years := []int{0, 1, 9, 10, 99, 100, 999, 1000, 1970, 2024, 9999, 10000, 123456, -1, -10, -2024}
	parts := []int{0, 1, 9, 10, 12, 13, 31, 32, 99, 100, 255, -1, -12}
	for _, y := range years {
		for _, m := range parts {
			for _, d := range parts {
				date := Date{Year: y, Month: time.Month(m), Day: d}
				want := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
				if got := date.String(); got != want {
					t.Errorf("Date{%d, %d, %d}.String() = %q; want %q", y, m, d, got, want)
				}
				if got := string(date.Append([]byte("x"))); got != "x"+want {
					t.Errorf("Date{%d, %d, %d}.Append = %q; want %q", y, m, d, got, "x"+want)
				}
			}
		}
	}
}
