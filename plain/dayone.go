package plain

import (
	"io"
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
// tags and its star, and its photos and other media as attached files
// (attach.go): each is in the folder of its kind (photos/, videos/,
// audios/, pdfs/) named by its MD5 and type, and the text places it with
// ![](dayone-moment://IDENTIFIER), which becomes a link to the attached
// file. Media missing from the export is left out and named.

// dayOneEntry is the part of a Day One entry Tend reads.
type dayOneEntry struct {
	UUID         string        `json:"uuid"`
	Text         string        `json:"text"`
	CreationDate string        `json:"creationDate"`
	ModifiedDate string        `json:"modifiedDate"`
	TimeZone     string        `json:"timeZone"`
	Tags         []string      `json:"tags"`
	Starred      bool          `json:"starred"`
	Photos       []dayOneMedia `json:"photos"`
	Videos       []dayOneMedia `json:"videos"`
	Audios       []dayOneMedia `json:"audios"`
	PDFs         []dayOneMedia `json:"pdfAttachments"`
}

// dayOneMedia is a photo or other media of a Day One entry.
type dayOneMedia struct {
	Identifier string `json:"identifier"`
	MD5        string `json:"md5"`
	Type       string `json:"type"`
	// Filename is the name the file had, in newer exports.
	Filename string `json:"filename"`
}

// dayOneMoment matches the Markdown that places a photo or other media in
// an entry's text; its last part is the media's identifier.
var dayOneMoment = regexp.MustCompile(`!\[([^\]\n]*)\]\(dayone-moment:/+(?:[^)\n]*/)?([^/)\n]*)\)`)

// readDayOne reads a Day One export: a .zip, a folder, or a JSON file. An
// export of several journals holds one JSON file for each, named after it;
// each entry then goes into the journal of that name (see Plan.Journals).
func readDayOne(p string) (*Plan, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, unreadable(p, err)
	}
	var files []dayOneFile
	var media *mediaSource
	var closers []io.Closer
	switch {
	case fi.IsDir():
		media = folderSource(p)
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
		media = folderSource(filepath.Dir(p))
	default:
		zr, members, err := openZip(p)
		if err != nil {
			return nil, err
		}
		// The plan reads its files from the archive when it is applied;
		// Plan.Close lets go of it.
		closers = append(closers, zr)
		media = zipSource(members)
		for _, f := range members {
			if strings.Contains(f.name, "/") || !strings.EqualFold(path.Ext(f.name), ".json") {
				continue
			}
			data, err := readZipMember(f, maxImportFile)
			if err != nil {
				zr.Close()
				return nil, err
			}
			files = append(files, dayOneFile{f.name, data})
		}
		if len(files) == 0 {
			zr.Close()
			return nil, &ImportError{Fault: FaultNoJournal, File: filepath.Base(p)}
		}
	}
	plan, err := parseDayOneFiles(files, media)
	if err != nil {
		for _, c := range closers {
			c.Close()
		}
		return nil, err
	}
	plan.closers = closers
	return plan, nil
}

// dayOneFile is one journal's JSON file of a Day One export.
type dayOneFile struct {
	name string
	data []byte
}

// parseDayOneFiles reads the journals of an export into one plan. With
// more than one, each entry is put in the journal its file is named after.
func parseDayOneFiles(files []dayOneFile, media *mediaSource) (*Plan, error) {
	p := &Plan{}
	var total int64
	for _, f := range files {
		if total += int64(len(f.data)); total > maxImportTotal {
			return nil, &ImportError{Fault: FaultTooMuchText, Doc: FromDayOne}
		}
		one, err := parseDayOne(f.name, f.data, media)
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
		for id, att := range one.Files {
			if p.Files == nil {
				p.Files = map[journal.ID][]Attachment{}
			}
			p.Files[id] = att
		}
		if len(p.Entries) > maxImportEntries {
			return nil, &ImportError{Fault: FaultTooManyEntries, Doc: FromDayOne}
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
		return nil, unreadable(dir, err)
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
		return nil, &ImportError{Fault: FaultNoJournal, File: filepath.Base(dir)}
	}
	return found, nil
}

// parseDayOne reads the JSON of a Day One export, finding its media in
// media (none when nil).
func parseDayOne(name string, data []byte, media *mediaSource) (*Plan, error) {
	p := &Plan{}
	found, err := walkEntries(docName{file: name}, data, "entries", func(i, line int, raw []byte) error {
		var d dayOneEntry
		if err := decodeItem(docName{file: name}, line, raw, &d); err != nil {
			return err
		}
		item := ImportError{File: name, Entry: i + 1, Line: line}
		if err := checkText(item, d.Text); err != nil {
			return err
		}
		if len(d.Tags) > 1000 {
			item.Fault = FaultTooManyTags
			return &item
		}
		created, err := time.Parse(time.RFC3339, d.CreationDate)
		if err != nil {
			item.Fault, item.Field, item.Value, item.Want = FaultNotWhen, "creationDate", clip(d.CreationDate), WantMomentZ
			return &item
		}
		if loc := dayOneZone(d.TimeZone); loc != nil {
			created = created.In(loc)
		}
		updated := created
		if m, err := time.Parse(time.RFC3339, d.ModifiedDate); err == nil && m.After(created) {
			updated = m.In(created.Location())
		}
		key := d.UUID
		if key == "" {
			key = d.CreationDate + "\x00" + d.Text
		}
		id := importID(FromDayOne, key)
		where := Skipped{What: WhatEntry, Entry: i + 1, Day: created.Format(time.DateOnly)}
		found, left := d.attachments(media, where)
		text := placeMedia(d.Text, found)
		title, body := splitHeading(text)
		if title == "" && strings.TrimSpace(body) == "" && len(found) == 0 {
			where.Why = WhyNoText
			if len(left) > 0 {
				where.Why = WhyOnlyMedia
			}
			p.Skipped = append(p.Skipped, where)
			p.Media += len(left)
			return nil
		}
		for _, s := range left {
			p.leaveOut(s)
		}
		for _, a := range found {
			p.addFile(id, a.Attachment)
		}
		p.Entries = append(p.Entries, &journal.Entry{
			ID:      id,
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
		return nil, &ImportError{Fault: FaultNoEntries, File: name, Doc: FromDayOne}
	}
	return p, nil
}

// dayOneFolders names the folder of each kind of Day One media, and what
// a file of it is called when the export gives no name.
var dayOneFolders = []struct{ folder, called string }{
	{"photos", MediaPhoto}, {"videos", MediaVideo}, {"audios", MediaAudio}, {"pdfs", MediaDocument},
}

// dayOneFound is a media file of an entry, found in the export, and the
// identifier its text places it by.
type dayOneFound struct {
	Attachment
	identifier string
}

// attachments finds the entry's media in media: those found, and those
// left out, each with the reason; where names the entry.
func (d *dayOneEntry) attachments(media *mediaSource, where Skipped) (found []dayOneFound, left []Skipped) {
	names := fileNames{}
	byPath := map[string]bool{}
	for k, list := range [][]dayOneMedia{d.Photos, d.Videos, d.Audios, d.PDFs} {
		kind := dayOneFolders[k]
		for _, m := range list {
			typ := strings.ToLower(strings.TrimPrefix(m.Type, "."))
			rel := kind.folder + "/" + m.MD5 + "." + typ
			item := where
			item.What, item.Media = WhatMedia, kind.called
			if m.MD5 == "" || typ == "" || strings.ContainsAny(m.MD5+typ, "/\\") {
				item.Why = WhyUnnamed
				left = append(left, item)
				continue
			}
			if byPath[rel] {
				// The same file placed twice is attached once.
				for _, f := range found {
					if f.Item == rel {
						found = append(found, dayOneFound{f.Attachment, m.Identifier})
						break
					}
				}
				continue
			}
			name := m.Filename
			if name == "" {
				name = kind.called + "." + typ
			}
			a, why := media.find(rel, "")
			if why != 0 {
				item.Why = why
				left = append(left, item)
				continue
			}
			byPath[rel] = true
			a.Name = names.take(name)
			found = append(found, dayOneFound{a, m.Identifier})
		}
	}
	return found, left
}

// placeMedia rewrites where text places media: a link to the attached
// file when it was found (a picture shown, another file linked by its
// name), and nothing when it was not. A line that held only a placement
// that goes, goes with it; any other line keeps its end, so the paragraphs
// around it stay as they were.
func placeMedia(text string, found []dayOneFound) string {
	if !strings.Contains(text, "dayone-moment:") {
		return text
	}
	byID := make(map[string]Attachment, len(found))
	for _, f := range found {
		if f.identifier != "" {
			byID[f.identifier] = f.Attachment
		}
	}
	lines := strings.SplitAfter(text, "\n")
	var b strings.Builder
	for _, line := range lines {
		if !strings.Contains(line, "dayone-moment:") {
			b.WriteString(line)
			continue
		}
		out := dayOneMoment.ReplaceAllStringFunc(line, func(m string) string {
			sub := dayOneMoment.FindStringSubmatch(m)
			a, ok := byID[sub[2]]
			if !ok {
				return ""
			}
			if isPictureName(a.Name) {
				return "![" + sub[1] + "](" + journal.FileLink(a.Name) + ")"
			}
			return "[" + a.Name + "](" + journal.FileLink(a.Name) + ")"
		})
		body := strings.TrimRight(out, "\n")
		if strings.TrimSpace(body) == "" && strings.TrimSpace(strings.TrimRight(line, "\n")) != "" {
			continue // the line held only what went
		}
		b.WriteString(strings.TrimRight(body, " \t") + out[len(body):])
	}
	return b.String()
}

// isPictureName reports whether a file's name says it is a picture that
// Markdown can show.
func isPictureName(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif", ".tif", ".tiff", ".bmp":
		return true
	}
	return false
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
