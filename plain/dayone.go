package plain

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode"

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

// readDayOne reads a Day One export: a .zip, a folder, or a JSON file. An
// export of several journals holds one JSON file for each, named after it;
// each entry then goes into the journal of that name (see Plan.Journals).
func readDayOne(p string) (*Plan, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("opening the Day One export: %w", err)
	}
	var files []dayOneFile
	switch {
	case fi.IsDir():
		names, err := dayOneJSONIn(p)
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			data, err := readBounded(filepath.Join(p, name), maxImportFile)
			if err != nil {
				return nil, err
			}
			files = append(files, dayOneFile{name, data})
		}
	case !strings.EqualFold(filepath.Ext(p), ".zip"):
		data, err := readBounded(p, maxImportFile)
		if err != nil {
			return nil, err
		}
		files = append(files, dayOneFile{filepath.Base(p), data})
	default:
		zr, members, err := openZip(p)
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		for _, f := range members {
			if strings.Contains(f.name, "/") || !strings.EqualFold(path.Ext(f.name), ".json") {
				continue
			}
			data, err := readZipMember(f, maxImportFile)
			if err != nil {
				return nil, err
			}
			files = append(files, dayOneFile{f.name, data})
		}
		if len(files) == 0 {
			return nil, malformed("%s holds no Journal.json; is it a Day One JSON export?", filepath.Base(p))
		}
	}
	return parseDayOneFiles(files)
}

// dayOneFile is one journal's JSON file of a Day One export.
type dayOneFile struct {
	name string
	data []byte
}

// parseDayOneFiles reads the journals of an export into one plan. With
// more than one, each entry is put in the journal its file is named after.
func parseDayOneFiles(files []dayOneFile) (*Plan, error) {
	p := &Plan{}
	var total int64
	for _, f := range files {
		if total += int64(len(f.data)); total > maxImportTotal {
			return nil, malformed("the Day One export holds more text than Tend imports at once")
		}
		one, err := parseDayOne(f.name, f.data)
		if err != nil {
			return nil, err
		}
		if len(files) > 1 {
			name := journalNameOf(strings.TrimSuffix(f.name, path.Ext(f.name)))
			if p.Journals == nil {
				p.Journals = map[journal.ID]string{}
			}
			for _, e := range one.Entries {
				p.Journals[e.ID] = name
			}
		}
		p.Entries = append(p.Entries, one.Entries...)
		p.Skipped = append(p.Skipped, one.Skipped...)
		p.Media += one.Media
		if len(p.Entries) > maxImportEntries {
			return nil, malformed("the Day One export holds more entries than Tend imports at once")
		}
	}
	return p, nil
}

// journalNameOf makes a name a journal can have of what a file calls one:
// its spaces tidied, cut to the longest name a journal can have.
func journalNameOf(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > journal.MaxJournalName {
		s = strings.TrimSpace(string(r[:journal.MaxJournalName]))
	}
	if s == "" {
		return journal.DefaultJournalName
	}
	return s
}

// dayOneJSONIn finds the journals' files in an unzipped export: every JSON
// file there, Journal.json first.
func dayOneJSONIn(dir string) ([]string, error) {
	list, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("opening the Day One export: %w", err)
	}
	var found []string
	for _, d := range list {
		if d.Type().IsRegular() && strings.EqualFold(filepath.Ext(d.Name()), ".json") {
			if d.Name() == "Journal.json" {
				found = append([]string{d.Name()}, found...)
				continue
			}
			found = append(found, d.Name())
		}
	}
	if len(found) == 0 {
		return nil, fmt.Errorf("%s holds no Journal.json; is it a Day One JSON export?", dir)
	}
	return found, nil
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
