package plain

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tend/journal"
)

// A Markdown source is a folder of .md files (an Obsidian vault, a Tend
// Markdown export, notes from anywhere) or a .zip of one. Each file is an
// entry. Front matter, when present, gives its fields in the small subset
// of YAML that Tend writes: "key: value" lines and lists of "- item". Without
// it, the date comes from the file name (2024-03-31 ...) or else the file's
// modification time, and the title from the first heading or the file name.

// fmValue is one value of front matter.
type fmValue struct {
	line   int
	s      string   // the scalar, unquoted
	quoted bool     // it was written in quotes, so it is a string
	list   []string // set when the value is a list
	isList bool
}

// maxFilesListed bounds the files one note's front matter lists.
const maxFilesListed = 4096

// fileDate finds a date at the start of a file name.
var fileDate = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})`)

// readMarkdownSource reads every Markdown file of a folder or a .zip.
func readMarkdownSource(p string) (*Plan, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, unreadable(p, err)
	}
	plan := &Plan{}
	// others are the files that are not Markdown: pictures and files a
	// note may link, the rest left out.
	others := map[string]bool{}
	var notes []linkingNote
	var media *mediaSource
	var total int64
	add := func(name string, data []byte, mtime time.Time) error {
		if len(plan.Entries) >= maxImportEntries {
			return &ImportError{Fault: FaultTooManyFiles, Doc: FromMarkdown, Archive: media != nil && media.zip != nil}
		}
		e, skip, err := parseMarkdownFile(name, data, mtime)
		switch {
		case err != nil:
			return err
		case skip != 0:
			plan.Skipped = append(plan.Skipped, Skipped{Name: name, Why: skip})
		default:
			plan.Entries = append(plan.Entries, e.Entry)
			notes = append(notes, linkingNote{name, e.Entry, e.files})
			if e.journal != "" {
				if plan.Journals == nil {
					plan.Journals = map[journal.ID]string{}
				}
				plan.Journals[e.ID] = e.journal
			}
		}
		return nil
	}
	switch {
	case fi.IsDir():
		media = folderSource(p)
		err = filepath.WalkDir(p, func(fp string, d fs.DirEntry, err error) error {
			if err != nil {
				return inFolder(unreadable(fp, err), p, fp)
			}
			rel, _ := filepath.Rel(p, fp)
			rel = filepath.ToSlash(rel)
			if fp != p && strings.HasPrefix(d.Name(), ".") {
				// Hidden: an editor's settings (.obsidian) or a trash.
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if !d.Type().IsRegular() || !isMarkdownName(d.Name()) {
				// A link (symlink) is never followed: it may lead out of
				// the folder chosen.
				others[rel] = d.Type().IsRegular()
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return inFolder(unreadable(fp, err), p, fp)
			}
			if total += info.Size(); total > maxImportTotal {
				return &ImportError{Fault: FaultTooMuchText, Doc: FromMarkdown}
			}
			data, err := readBounded(fp, maxImportText)
			if err != nil {
				return inFolder(err, p, fp)
			}
			return add(rel, data, info.ModTime())
		})
	case strings.EqualFold(filepath.Ext(p), ".zip"):
		zr, files, zerr := openZip(p)
		if zerr != nil {
			return nil, zerr
		}
		// Kept open for the files the notes link, which are read when
		// the plan is applied; Plan.Close lets go of it.
		plan.closers = append(plan.closers, zr)
		media = zipSource(files)
		for _, f := range files {
			if hiddenPath(f.name) {
				continue
			}
			if !isMarkdownName(f.name) {
				others[f.name] = true
				continue
			}
			if total += int64(f.f.UncompressedSize64); total > maxImportTotal || total < 0 {
				return nil, &ImportError{Fault: FaultTooMuchText, Doc: FromMarkdown, Archive: true}
			}
			data, rerr := readZipMember(f, maxImportText)
			if rerr != nil {
				return nil, rerr
			}
			if err = add(f.name, data, f.f.Modified); err != nil {
				break
			}
		}
	default:
		data, rerr := readBounded(p, maxImportText)
		if rerr != nil {
			return nil, rerr
		}
		err = add(filepath.Base(p), data, fi.ModTime())
	}
	if err != nil {
		plan.Close()
		return nil, err
	}
	used := map[string]bool{}
	for _, n := range notes {
		plan.linkFiles(n, others, used, media)
	}
	other := 0
	for f := range others {
		if !used[f] {
			other++
		}
	}
	if other > 0 {
		plan.Skipped = append(plan.Skipped, Skipped{What: WhatOthers, Count: other, Why: WhyNotMarkdown})
	}
	return plan, nil
}

func isMarkdownName(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".md" || ext == ".markdown"
}

func hiddenPath(name string) bool {
	for _, part := range strings.Split(name, "/") {
		if strings.HasPrefix(part, ".") {
			return true
		}
	}
	return false
}

// parseMarkdownFile reads one Markdown file as an entry. It returns a reason
// instead of an entry for a file with nothing to import, and an error
// naming the line for front matter it cannot read.
func parseMarkdownFile(name string, data []byte, mtime time.Time) (*mdEntry, Why, error) {
	if !utf8.Valid(data) {
		return nil, 0, &ImportError{Fault: FaultNotUTF8, File: name}
	}
	fm, body, err := splitFrontMatter(name, data)
	if err != nil {
		return nil, 0, err
	}
	e := &journal.Entry{Kind: journal.KindFree}
	out := &mdEntry{Entry: e}
	if v, ok := fm["journal"]; ok && v.s != "" {
		out.journal = journalNameOf(v.s)
	}
	if v, ok := fm["files"]; ok && v.isList {
		if len(v.list) > maxFilesListed {
			return nil, 0, &ImportError{Fault: FaultTooManyListed, File: name, Line: v.line, Field: "files"}
		}
		out.files = v.list
	}
	str := func(k string) string { return fm[k].s }
	bad := func(k string, want FieldWant) error {
		return &FieldError{File: name, Line: fm[k].line, Field: k, Want: want}
	}
	if v, ok := fm["kind"]; ok {
		if k, err := journal.ParseKind(v.s); err == nil {
			e.Kind = k
		}
	}
	if v, ok := fm["date"]; ok && v.s != "" {
		s := v.s
		if len(s) > 10 {
			// A date with its time (2024-03-05T21:40:00+01:00, as many
			// tools write it) gives the time the entry was written too;
			// the day is the one written, in that time's own zone.
			if w, ok := parseMoment(s); ok {
				e.Written = w
			}
			s = s[:10]
		}
		d, err := journal.ParseDate(s)
		if err != nil {
			return nil, 0, bad("date", WantDate)
		}
		e.Date = d
	}
	if v, ok := fm["written"]; ok && v.s != "" {
		w, ok := parseMoment(v.s)
		if !ok {
			return nil, 0, bad("written", WantMoment)
		}
		e.Written = w
	}
	if v, ok := fm["starred"]; ok && v.s != "" {
		switch strings.ToLower(v.s) {
		case "true", "yes":
			e.Starred = true
		case "false", "no":
		default:
			return nil, 0, bad("starred", WantSwitch)
		}
	}
	for _, k := range []string{"created", "updated", "deleted"} {
		v, ok := fm[k]
		if !ok || v.s == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339Nano, v.s)
		if err != nil {
			return nil, 0, bad(k, WantMoment)
		}
		switch k {
		case "created":
			e.Created = t
		case "updated":
			e.Updated = t
		default:
			e.Deleted = t
		}
	}
	if v, ok := fm["mood"]; ok && v.s != "" {
		m, err := strconv.Atoi(v.s)
		if err != nil || m < 0 || journal.Mood(m) > journal.MaxMood {
			return nil, 0, bad("mood", WantMood)
		}
		e.Mood = journal.Mood(m)
	}
	if v, ok := fm["tags"]; ok {
		e.Tags = v.list
		if !v.isList {
			e.Tags = strings.FieldsFunc(v.s, func(r rune) bool { return r == ',' || r == ' ' })
		}
		if len(e.Tags) > 1000 {
			return nil, 0, bad("tags", WantTags)
		}
		e.Tags = journal.NormalizeTags(e.Tags)
	}
	if v, ok := fm["prompt"]; ok && v.s != "" {
		var pr journal.PromptRef
		if v.quoted || json.Unmarshal([]byte(v.s), &pr) != nil {
			return nil, 0, bad("prompt", WantPrompt)
		}
		e.Prompt = &pr
	}
	if err := readForm(name, fm, e); err != nil {
		return nil, 0, err
	}
	e.Title = str("title")
	body = strings.Trim(strings.ReplaceAll(body, "\r\n", "\n"), "\n")
	// A file Tend wrote says its kind; its title, even empty, is as given.
	_, fromTend := fm["kind"]
	if e.Title == "" && !fromTend {
		e.Title, body = splitHeading(body)
	}
	base := strings.TrimSuffix(path.Base(name), path.Ext(name))
	if e.Date.IsZero() {
		if m := fileDate.FindString(base); m != "" {
			if d, err := journal.ParseDate(m); err == nil {
				e.Date = d
			}
		}
	}
	if e.Title == "" && !fromTend {
		t := fileDate.ReplaceAllString(base, "")
		e.Title = strings.TrimSpace(strings.TrimLeft(t, " -_"))
	}
	if e.Date.IsZero() {
		switch {
		case !e.Written.IsZero():
			e.Date = journal.DateOf(e.Written)
		case !e.Created.IsZero():
			e.Date = journal.DateOf(e.Created)
		default:
			e.Date = journal.DateOf(mtime.Local())
		}
	}
	if v, ok := fm["time"]; ok && v.s != "" && e.Written.IsZero() {
		// A time of day alone is on the entry's day, on this machine's
		// clock.
		h, m, sec, err := journal.ParseClock(v.s)
		if err != nil {
			return nil, 0, bad("time", WantClock)
		}
		e.Written = journal.WrittenAt(time.Date(e.Date.Year, e.Date.Month, e.Date.Day, h, m, sec, 0, time.Local))
	}
	if e.Created.IsZero() {
		e.Created = mtime.Local()
		if journal.DateOf(e.Created) != e.Date {
			e.Created = time.Date(e.Date.Year, e.Date.Month, e.Date.Day, 12, 0, 0, 0, time.Local)
		}
	}
	if e.Updated.IsZero() || e.Updated.Before(e.Created) {
		e.Updated = e.Created
	}
	e.Body = body
	if e.Body == "" && e.Fields.IsZero() && e.Title == "" {
		return nil, WhyEmpty, nil
	}
	if err := checkText(ImportError{File: name}, append([]string{e.Title, e.Body}, e.Fields.Texts()...)...); err != nil {
		return nil, 0, err
	}
	if id, err := journal.ParseID(str("id")); err == nil && !id.IsZero() {
		e.ID = id
	} else {
		e.ID = importID(FromMarkdown, e.Date.String(), e.Title, e.Body)
	}
	return out, 0, nil
}

// standardKeys are the front-matter keys that are not part of a form.
var standardKeys = map[string]bool{
	"id": true, "date": true, "title": true, "kind": true, "tags": true, "mood": true,
	"created": true, "updated": true, "deleted": true, "prompt": true,
	"written": true, "time": true, "starred": true, "journal": true, "files": true,
}

// mdEntry is an entry read from a Markdown file, the name of the journal
// its front matter gives, if any, and the files it lists, relative to it.
type mdEntry struct {
	*journal.Entry
	journal string
	files   []string
}

// momentLayouts are the ways a moment is written in front matter that
// Tend reads: with its zone (RFC 3339, as Tend writes it), or without,
// read on this machine's clock.
var momentLayouts = []string{
	time.RFC3339Nano, "2006-01-02 15:04:05Z07:00", "2006-01-02T15:04Z07:00", "2006-01-02 15:04Z07:00",
	"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04",
}

// parseMoment reads the moment an entry was written, as front matter
// gives it.
func parseMoment(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range momentLayouts {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return journal.WrittenAt(t), true
		}
	}
	return time.Time{}, false
}

// readForm rebuilds the form of a structured entry from its flattened
// front-matter fields (see formFields), through JSON so the form's own
// field names and types decide.
func readForm(name string, fm map[string]fmValue, e *journal.Entry) error {
	var target any
	f := &e.Fields
	switch e.Kind {
	case journal.KindLetter:
		f.Letter = &journal.Letter{}
		target = f.Letter
	case journal.KindDialogue:
		f.Dialogue = &journal.Dialogue{}
		target = f.Dialogue
	case journal.KindCheckIn:
		f.CheckIn = &journal.CheckIn{Safety: -1}
		target = f.CheckIn
	case journal.KindConversation:
		f.Conversation = &journal.Conversation{}
		target = f.Conversation
	case journal.KindWordsActions:
		f.WordsActions = &journal.WordsActions{}
		target = f.WordsActions
	case journal.KindIncident:
		f.Incident = &journal.Incident{}
		target = f.Incident
	case journal.KindTherapyNote:
		f.TherapyNote = &journal.TherapyNote{}
		target = f.TherapyNote
	default:
		return nil
	}
	for k, v := range fm {
		if standardKeys[k] {
			continue
		}
		var raw []byte
		switch {
		case v.isList:
			raw = docJSON(v.list)
		case !v.quoted && (strings.HasPrefix(v.s, "{") || strings.HasPrefix(v.s, "[") || looksTyped(v.s)) && json.Valid([]byte(v.s)):
			raw = []byte(v.s)
		default:
			raw = docJSON(v.s)
		}
		obj := append(append([]byte(`{`), docJSON(k)...), ':')
		obj = append(append(obj, raw...), '}')
		if err := json.Unmarshal(obj, target); err != nil {
			return &ImportError{Fault: FaultFieldForKind, File: name, Line: v.line, Field: k, Value: string(e.Kind), Err: err}
		}
	}
	return nil
}

// splitFrontMatter separates YAML front matter from the body. A file that
// does not start with a "---" line, or never closes it, has none.
func splitFrontMatter(name string, data []byte) (map[string]fmValue, string, error) {
	text := string(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	fm := map[string]fmValue{}
	first, rest, ok := strings.Cut(text, "\n")
	if !ok || strings.TrimRight(first, "\r ") != "---" {
		return fm, text, nil
	}
	lines := strings.Split(rest, "\n")
	end := -1
	for i, l := range lines {
		if t := strings.TrimRight(l, "\r "); t == "---" || t == "..." {
			end = i
			break
		}
	}
	if end < 0 {
		return fm, text, nil
	}
	body := strings.Join(lines[end+1:], "\n")
	var cur string // the key whose list or nested value follows
	for i, l := range lines[:end] {
		line := i + 2
		l = strings.TrimRight(l, "\r")
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if l[0] == ' ' || l[0] == '\t' || strings.HasPrefix(l, "- ") || l == "-" {
			// Part of the value of the key above: a list item, or
			// nested YAML Tend does not read (left alone).
			v, ok := fm[cur]
			if cur == "" || !ok {
				return nil, "", &ImportError{Fault: FaultStrayLine, File: name, Line: line}
			}
			if item, isItem := strings.CutPrefix(t, "-"); isItem && (item == "" || item[0] == ' ') && (v.isList || v.s == "") {
				s, _, ok := yamlScalar(strings.TrimSpace(item))
				if !ok {
					return nil, "", &ImportError{Fault: FaultQuote, File: name, Line: line, Value: clip(strings.TrimSpace(item))}
				}
				v.isList = true
				v.list = append(v.list, s)
				fm[cur] = v
			}
			continue
		}
		k, val, ok := strings.Cut(t, ":")
		k = strings.TrimSpace(k)
		if !ok || k == "" || (val != "" && val[0] != ' ' && val[0] != '\t') {
			return nil, "", &ImportError{Fault: FaultNotKeyValue, File: name, Line: line}
		}
		if len(fm) >= 1000 {
			return nil, "", &ImportError{Fault: FaultLongFrontMatter, File: name, Line: line}
		}
		val = strings.TrimSpace(val)
		v := fmValue{line: line}
		if strings.HasPrefix(val, "[") && !json.Valid([]byte(val)) || strings.HasPrefix(val, "[") && isStringArray(val) {
			v.isList = true
			v.list = flowList(val)
		} else {
			s, quoted, ok := yamlScalar(val)
			if !ok {
				return nil, "", &ImportError{Fault: FaultQuote, File: name, Line: line, Value: clip(val)}
			}
			v.s, v.quoted = s, quoted
		}
		fm[strings.ToLower(k)] = v
		cur = strings.ToLower(k)
	}
	return fm, body, nil
}

func isStringArray(s string) bool {
	var list []string
	return json.Unmarshal([]byte(s), &list) == nil
}

// flowList reads a YAML flow list of plain or quoted strings: [a, "b c"].
func flowList(s string) []string {
	if isStringArray(s) {
		var list []string
		json.Unmarshal([]byte(s), &list)
		return list
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	var out []string
	for _, part := range strings.Split(s, ",") {
		if v, _, ok := yamlScalar(strings.TrimSpace(part)); ok && v != "" {
			out = append(out, v)
		}
	}
	return out
}

// yamlScalar reads one scalar: double-quoted (with JSON's escapes),
// single-quoted, or plain with an optional trailing comment. It reports
// whether it was quoted, and ok false for a quoted value not closed or
// with an escape it does not know.
func yamlScalar(s string) (v string, quoted, ok bool) {
	switch {
	case strings.HasPrefix(s, `"`):
		var out string
		if err := json.Unmarshal([]byte(s), &out); err != nil {
			return "", false, false
		}
		return out, true, true
	case strings.HasPrefix(s, `'`):
		if len(s) < 2 || !strings.HasSuffix(s, `'`) {
			return "", false, false
		}
		return strings.ReplaceAll(s[1:len(s)-1], "''", "'"), true, true
	}
	if i := strings.Index(s, " #"); i >= 0 && !strings.HasPrefix(s, "{") && !strings.HasPrefix(s, "[") {
		s = strings.TrimSpace(s[:i])
	}
	if s == "~" || s == "null" {
		s = ""
	}
	return s, false, true
}
