package plain

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"tend/journal"
)

// Day One exports a journal as a zip (or a folder once unzipped) holding
// Journal.json, one JSON file per journal, and the photos in a folder
// beside it. Tend takes each entry's Markdown text, the time it was
// written in the zone it was written in (which also decides its day), its
// tags and its star; photos and other media are left out and counted.

// dayOneEntry is the part of a Day One entry Tend reads.
type dayOneEntry struct {
	UUID         string   `json:"uuid"`
	Text         string   `json:"text"`
	CreationDate string   `json:"creationDate"`
	ModifiedDate string   `json:"modifiedDate"`
	TimeZone     string   `json:"timeZone"`
	Tags         []string `json:"tags"`
	Starred      bool     `json:"starred"`
	Photos       []any    `json:"photos"`
	Videos       []any    `json:"videos"`
	Audios       []any    `json:"audios"`
	PDFs         []any    `json:"pdfAttachments"`
}

// dayOneMoment matches the Markdown of an embedded photo or other media,
// which points into the export's own folders and means nothing in Tend.
var dayOneMoment = regexp.MustCompile(`!\[[^\]\n]*\]\(dayone-moment:/[^)\n]*\)\n?`)

// readDayOne reads a Day One export: a .zip, a folder, or a JSON file.
func readDayOne(p string) (*Plan, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("opening the Day One export: %w", err)
	}
	if fi.IsDir() {
		name, err := dayOneJSONIn(p)
		if err != nil {
			return nil, err
		}
		data, err := readBounded(filepath.Join(p, name), maxImportFile)
		if err != nil {
			return nil, err
		}
		return parseDayOne(name, data)
	}
	if !strings.EqualFold(filepath.Ext(p), ".zip") {
		data, err := readBounded(p, maxImportFile)
		if err != nil {
			return nil, err
		}
		return parseDayOne(filepath.Base(p), data)
	}
	zr, files, err := openZip(p)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	var pick *zipFile
	for i, f := range files {
		if strings.Contains(f.name, "/") || !strings.EqualFold(path.Ext(f.name), ".json") {
			continue
		}
		if f.name == "Journal.json" || pick == nil {
			pick = &files[i]
		}
	}
	if pick == nil {
		return nil, malformed("%s holds no Journal.json; is it a Day One JSON export?", filepath.Base(p))
	}
	data, err := readZipMember(*pick, maxImportFile)
	if err != nil {
		return nil, err
	}
	return parseDayOne(pick.name, data)
}

// dayOneJSONIn finds the journal file in an unzipped export: Journal.json,
// or else the only JSON file there.
func dayOneJSONIn(dir string) (string, error) {
	if fi, err := os.Stat(filepath.Join(dir, "Journal.json")); err == nil && fi.Mode().IsRegular() {
		return "Journal.json", nil
	}
	list, err := os.ReadDir(dir)
	if err != nil {
		return "", fmt.Errorf("opening the Day One export: %w", err)
	}
	var found []string
	for _, d := range list {
		if d.Type().IsRegular() && strings.EqualFold(filepath.Ext(d.Name()), ".json") {
			found = append(found, d.Name())
		}
	}
	if len(found) != 1 {
		return "", fmt.Errorf("%s holds no Journal.json; is it a Day One JSON export?", dir)
	}
	return found[0], nil
}

// parseDayOne reads the JSON of a Day One export.
func parseDayOne(name string, data []byte) (*Plan, error) {
	p := &Plan{}
	found, err := walkEntries(name, data, "entries", func(i, line int, raw []byte) error {
		var d dayOneEntry
		if err := decodeItem(name, line, raw, &d); err != nil {
			return err
		}
		item := fmt.Sprintf("%s, entry %d (line %d)", name, i+1, line)
		if err := checkText(item, d.Text); err != nil {
			return err
		}
		if len(d.Tags) > 1000 {
			return malformed("%s has more tags than Tend keeps", item)
		}
		created, err := time.Parse(time.RFC3339, d.CreationDate)
		if err != nil {
			return malformed("%s: its creationDate %q is not a time like 2024-03-31T19:12:03Z", item, clip(d.CreationDate))
		}
		if loc := dayOneZone(d.TimeZone); loc != nil {
			created = created.In(loc)
		}
		updated := created
		if m, err := time.Parse(time.RFC3339, d.ModifiedDate); err == nil && m.After(created) {
			updated = m.In(created.Location())
		}
		media := len(d.Photos) + len(d.Videos) + len(d.Audios) + len(d.PDFs)
		p.Media += media
		text := dayOneMoment.ReplaceAllString(d.Text, "")
		title, body := splitHeading(text)
		if title == "" && strings.TrimSpace(body) == "" {
			reason := "it has no text"
			if media > 0 {
				reason = "it holds only photos or other media"
			}
			p.Skipped = append(p.Skipped, Skipped{Item: fmt.Sprintf("entry %d (%s)", i+1, created.Format(time.DateOnly)), Reason: reason})
			return nil
		}
		key := d.UUID
		if key == "" {
			key = d.CreationDate + "\x00" + d.Text
		}
		p.Entries = append(p.Entries, &journal.Entry{
			ID:      importID(FromDayOne, key),
			Kind:    journal.KindFree,
			Date:    journal.DateOf(created),
			Written: journal.WrittenAt(created),
			Created: created,
			Updated: updated,
			Title:   title,
			Body:    body,
			Tags:    journal.NormalizeTags(d.Tags),
			Starred: d.Starred,
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, malformed("%s has no \"entries\" list; is it a Day One JSON export?", name)
	}
	return p, nil
}

// dayOneZone loads a Day One time zone name, or nil when this machine does
// not know it (the time is then kept in UTC, which is still the same
// moment).
func dayOneZone(name string) *time.Location {
	if name == "" || len(name) > 64 || strings.Contains(name, "..") || strings.HasPrefix(name, "/") {
		return nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil
	}
	return loc
}

// splitHeading takes a title from the first line of Markdown text when that
// line is a heading, and returns the rest as the body.
func splitHeading(text string) (title, body string) {
	text = strings.TrimLeft(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	first, rest, _ := strings.Cut(text, "\n")
	h := strings.TrimSpace(first)
	if strings.HasPrefix(h, "#") {
		t := strings.TrimSpace(strings.TrimLeft(h, "#"))
		if t != "" && strings.HasPrefix(strings.TrimLeft(h, "#"), " ") {
			return unescapeMarkdown(t), strings.Trim(rest, "\n")
		}
	}
	return "", strings.TrimRight(text, "\n")
}

// unescapeMarkdown removes the backslashes Markdown writers put before
// punctuation, for a title that is shown as plain text.
func unescapeMarkdown(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\\`*_{}[]()#+-.!<>|~", s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
