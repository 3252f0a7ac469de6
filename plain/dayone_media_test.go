package plain

import (
	"testing"
)

// TestDayOneMomentKeepsParagraphs: a photo Day One placed at the end of a
// paragraph, whose file is not in the export, goes without taking the
// blank line after it, so the two paragraphs stay two.
func TestDayOneMomentKeepsParagraphs(t *testing.T) {
	data := []byte(`{"entries":[{"uuid":"M1","creationDate":"2024-03-05T20:40:00Z","timeZone":"Europe/Lisbon",` +
		`"text":"The sea was calm. ![](dayone-moment:\/\/AB12)\n\nAfterwards I slept.\n![](dayone-moment:\/\/CD34)\nThen the morning came.",` +
		`"photos":[{"identifier":"AB12","md5":"00112233445566778899aabbccddeeff","type":"jpeg"},{"identifier":"CD34","md5":"ffeeddccbbaa99887766554433221100","type":"jpeg"}]}]}`)
	p, err := parseDayOne("Journal.json", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Entries) != 1 {
		t.Fatalf("%d entries", len(p.Entries))
	}
	want := "The sea was calm.\n\nAfterwards I slept.\nThen the morning came."
	if got := p.Entries[0].Body; got != want {
		t.Fatalf("body\n got %q\nwant %q", got, want)
	}
}
