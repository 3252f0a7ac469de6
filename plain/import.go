package plain

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"tend/journal"
)

// Importing reads a whole source into a Plan first, checking every
// item, and writes nothing; only ApplyImport, called after the person saw
// the preview and agreed, changes the journal. A source that cannot be read
// in full is refused whole: half an import is harder to undo than none.

// ErrMalformed means a file to import could not be read. An *ImportError
// that is it to errors.Is names the file and the line or entry where the
// trouble is, and what it is.
var ErrMalformed = errors.New("this file cannot be imported")

// Source names where entries come from.
type Source string

// The sources Tend imports from.
const (
	FromDayOne   Source = "dayone"
	FromJrnl     Source = "jrnl"
	FromMarkdown Source = "markdown"
	FromJSON     Source = "json"
)

// Sources lists the sources, in the order help shows them.
var Sources = []Source{FromDayOne, FromJrnl, FromMarkdown, FromJSON}

// Bounds on what an import reads. Every size is checked before it is
// allocated, so a huge or hostile file is refused rather than exhausting
// memory.
const (
	// maxImportFile bounds one JSON file (a Day One, jrnl or Tend export).
	maxImportFile = 512 << 20
	// maxImportText bounds one entry's text or one Markdown file: as
	// much as one entry may hold.
	maxImportText = journal.MaxEntryText
	// maxImportEntries bounds the entries (or files) of one import.
	maxImportEntries = 1 << 20
	// maxImportTotal bounds the bytes of a whole Markdown folder or zip.
	maxImportTotal = 2 << 30
	// maxZipMembers bounds the members of a zip archive looked at.
	maxZipMembers = 4 << 20
)

// Skipped is an item of a source that will not be imported, and why. It
// names the item and the reason by what they are, not in words, so that
// the window and the command line say them in the person's language;
// String says them in English.
type Skipped struct {
	// What says how the item is named, from the fields below.
	What What
	// Name is a file's path in the source, as the source names it.
	Name string
	// In is the Markdown note that links, lists or shows Name.
	In string
	// Entry is an entry's place in an export, from 1, and Day its day
	// (2006-01-02).
	Entry int
	Day   string
	// Media is what an entry's file is: a photo, a video, a sound
	// recording or a document (see MediaPhoto and the others).
	Media string
	// Count is how many files are left out together.
	Count int
	// Why is the reason it is left out.
	Why Why
}

// What is how an item left out is named.
type What int

// The ways an item left out is named.
const (
	// WhatFile is the file Name.
	WhatFile What = iota
	// WhatLinked, WhatListed and WhatShown are the file Name, which the
	// note In links to, lists among its files, or shows as a picture.
	WhatLinked
	WhatListed
	WhatShown
	// WhatEntry is entry number Entry of the export, of Day.
	WhatEntry
	// WhatMedia is a file of kind Media of entry number Entry, of Day.
	WhatMedia
	// WhatOthers is Count files of the source that are not notes.
	WhatOthers
)

// The kinds of file an entry of a Day One export brings.
const (
	MediaPhoto    = "photo"
	MediaVideo    = "video"
	MediaAudio    = "audio"
	MediaDocument = "document"
)

// Why is the reason an item is left out of an import.
type Why int

// The reasons an item is left out.
const (
	// WhyEmpty: a note is empty.
	WhyEmpty Why = iota + 1
	// WhyNoText: an entry has no text.
	WhyNoText
	// WhyOnlyMedia: an entry holds only files, and none could come in.
	WhyOnlyMedia
	// WhyNotMarkdown: the files are not Markdown notes.
	WhyNotMarkdown
	// WhyNotInExport, WhyNotInArchive and WhyNotInFolder: a file named is
	// not where it is said to be.
	WhyNotInExport
	WhyNotInArchive
	WhyNotInFolder
	// WhyOutside: a link leads out of the folder chosen.
	WhyOutside
	// WhyNotAFile: what is named is not a file Tend can read.
	WhyNotAFile
	// WhyTooLarge: a file is larger than an entry keeps.
	WhyTooLarge
	// WhyUnreadable: a file could not be read.
	WhyUnreadable
	// WhyDamagedPicture: a picture does not parse.
	WhyDamagedPicture
	// WhyUnnamed: the export does not say which file it is.
	WhyUnnamed
	// WhyElsewhere: a link leads somewhere else, which Tend does not follow.
	WhyElsewhere
)

// String says the reason in English.
func (w Why) String() string {
	switch w {
	case WhyEmpty:
		return "it is empty"
	case WhyNoText:
		return "it has no text"
	case WhyOnlyMedia:
		return "it holds only photos or other media, and they could not come in"
	case WhyNotMarkdown:
		return "it is not a Markdown (.md) file"
	case WhyNotInExport:
		return "it is not in the export"
	case WhyNotInArchive:
		return "it is not in the archive"
	case WhyNotInFolder:
		return "it is not in the folder"
	case WhyOutside:
		return "it is outside the folder chosen"
	case WhyNotAFile:
		return "it is not a file Tend can read"
	case WhyTooLarge:
		return "it is larger than Tend keeps with an entry (about 64 MB)"
	case WhyUnreadable:
		return "it could not be read"
	case WhyDamagedPicture:
		return "the picture seems damaged"
	case WhyUnnamed:
		return "the export does not say which file it is"
	case WhyElsewhere:
		return "it is a link to somewhere else, which Tend does not follow"
	}
	return "it could not come in"
}

// Item names what is left out in English.
func (s Skipped) Item() string {
	entry := fmt.Sprintf("entry %d (%s)", s.Entry, s.Day)
	switch s.What {
	case WhatLinked:
		return s.Name + " (linked from " + s.In + ")"
	case WhatListed:
		return s.Name + " (listed in " + s.In + ")"
	case WhatShown:
		return s.Name + " (shown in " + s.In + ")"
	case WhatEntry:
		return entry
	case WhatMedia:
		return "a " + s.Media + " of " + entry
	case WhatOthers:
		if s.Count == 1 {
			return "1 other file"
		}
		return fmt.Sprintf("%d other files", s.Count)
	}
	return s.Name
}

// String says what is left out and why, in English.
func (s Skipped) String() string {
	if s.What == WhatOthers && s.Count > 1 && s.Why == WhyNotMarkdown {
		return s.Item() + ": they are not Markdown (.md) files"
	}
	return s.Item() + ": " + s.Why.String()
}

// Plan is a source read in full and checked: what would be imported.
type Plan struct {
	Source Source
	// Entries are ready to write, with stable ids derived from the source,
	// so importing the same source again finds them already there.
	Entries []*journal.Entry
	// History holds earlier versions (only from a Tend JSON export).
	History []*journal.Entry
	// Skipped lists what was left out and why.
	Skipped []Skipped
	// Files holds, by entry, the files each brings with it: the photos
	// of a Day One export, the pictures and files a Markdown file links.
	// Each entry's body links its files by their names.
	Files map[journal.ID][]Attachment
	// Media counts the photos and other files left out (missing from the
	// source, too big, or damaged); Skipped names each.
	Media int
	// Journals names, by entry, the journal the file put it in (a Day
	// One journal, a folder of a Tend export); an entry it does not name
	// goes into Into. Importing puts each into the journal of that name,
	// made if there is none.
	Journals map[journal.ID]string
	// Into is the journal of the entries the file gives no journal; the
	// caller chooses it (the zero id is the first journal).
	Into journal.JournalID

	// closers are let go of by Close: the archive Files are read from.
	closers []io.Closer
	// exported are the files a Tend JSON export wrote beside it.
	exported []FileRef
}

// DateRange returns the first and last day among the plan's entries.
func (p *Plan) DateRange() (from, to journal.Date) {
	for _, e := range p.Entries {
		if from.IsZero() || e.Date.Compare(from) < 0 {
			from = e.Date
		}
		if to.IsZero() || e.Date.Compare(to) > 0 {
			to = e.Date
		}
	}
	return from, to
}

// Read reads the source at path completely and returns what importing
// it would do. It changes nothing. Its errors are *ImportError, and
// ErrMalformed to errors.Is when the file itself is at fault.
func Read(src Source, path string) (*Plan, error) {
	var p *Plan
	var err error
	switch src {
	case FromDayOne:
		p, err = readDayOne(path)
	case FromJrnl:
		var data []byte
		if data, err = readBounded(path, maxImportFile); err == nil {
			p, err = parseJrnl(data)
		}
	case FromJSON:
		var data []byte
		if data, err = readBounded(path, maxImportFile); err == nil {
			p, err = parseExport(data)
		}
		if err == nil {
			p.attachExported(filepath.Dir(path))
		}
	case FromMarkdown:
		p, err = readMarkdownSource(path)
	default:
		return nil, &ImportError{Fault: FaultUnknownSource, Value: clip(string(src))}
	}
	if err != nil {
		return nil, err
	}
	p.Source = src
	sort.SliceStable(p.Entries, func(i, j int) bool { return p.Entries[i].Date.Compare(p.Entries[j].Date) < 0 })
	return p, nil
}

// importID derives a stable id for an imported item from its source and
// what identifies it there, so a second import of the same item gets the
// same id and is recognised.
func importID(src Source, parts ...string) journal.ID {
	h := sha256.New()
	h.Write([]byte("tend-import\x00" + string(src)))
	for _, p := range parts {
		fmt.Fprintf(h, "\x00%d:%s", len(p), p)
	}
	var id journal.ID
	copy(id[:], h.Sum(nil))
	return id
}

// A FieldError is a field in a Markdown note's front matter whose value
// is not one it can take; it is ErrMalformed to errors.Is. Its Error is in
// English; the window and the command line say it in the person's
// language from its fields.
type FieldError struct {
	// File is the note's name in the source, and Line the line of the
	// field in it.
	File string
	Line int
	// Field is the field's name, as written.
	Field string
	// Want is what the field takes.
	Want FieldWant
}

// FieldWant is what a front-matter field takes.
type FieldWant int

// What front-matter fields take.
const (
	// WantDate: a day, 2024-03-31.
	WantDate FieldWant = iota
	// WantMoment: a day and time with its zone, 2024-03-31T21:40:00+01:00.
	WantMoment
	// WantMood: a number from 1 to journal.MaxMood.
	WantMood
	// WantClock: a time of day, 21:40.
	WantClock
	// WantSwitch: true or false.
	WantSwitch
	// WantTags: a list of fewer than a thousand tags.
	WantTags
	// WantPrompt: the guided step an entry answers, {"path": …, "step": …}.
	WantPrompt
)

func (e *FieldError) Error() string {
	want := "a date like 2024-03-31"
	switch e.Want {
	case WantMoment:
		want = "a time like 2024-03-31T21:40:00+01:00"
	case WantMood:
		want = fmt.Sprintf("a number from 1 to %d", journal.MaxMood)
	case WantClock:
		want = "a time of day like 21:40"
	case WantSwitch:
		want = "true or false"
	case WantTags:
		want = "fewer than a thousand tags"
	case WantPrompt:
		want = `an object like {"path": "...", "step": "..."}`
	}
	return fmt.Sprintf("%v: %s, line %d: %s should be %s", ErrMalformed, e.File, e.Line, e.Field, want)
}

// Unwrap makes the error ErrMalformed to errors.Is.
func (e *FieldError) Unwrap() error { return ErrMalformed }

// lineOf returns the 1-based line of byte offset off in data.
func lineOf(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	return 1 + bytes.Count(data[:off], []byte{'\n'})
}

// decodeJSONDoc decodes a whole JSON document into v, turning any error into
// one that names the line, and refusing anything after the document.
func decodeJSONDoc(name docName, data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return jsonError(name, data, 0, dec, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return &ImportError{Fault: FaultTrailing, File: name.file, Doc: name.doc, Line: lineOf(data, dec.InputOffset())}
	}
	return nil
}

// jsonError turns a decoding error into one naming the line; base is the
// offset in data of what dec read.
func jsonError(name docName, data []byte, base int64, dec *json.Decoder, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	at := func(f Fault, off int64) *ImportError {
		return &ImportError{Fault: f, File: name.file, Doc: name.doc, Line: lineOf(data, off)}
	}
	switch {
	case errors.As(err, &se):
		e := at(FaultSyntax, base+se.Offset)
		e.Err = se
		return e
	case errors.As(err, &te):
		e := at(FaultType, base+te.Offset)
		e.Field, e.Want, e.Value = te.Field, wantOf(te.Type), jsonValue(te.Value)
		return e
	case errors.Is(err, io.EOF) && base == 0 && len(bytes.TrimSpace(data)) == 0:
		return &ImportError{Fault: FaultEmpty, File: name.file, Doc: name.doc}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return at(FaultEndsEarly, int64(len(data)))
	}
	off := base
	if dec != nil {
		off += dec.InputOffset()
	}
	e := at(FaultSyntax, off)
	e.Err = err
	return e
}

// docName names a document read whole: its file, or, when it has none
// to name, the source it is the export of.
type docName struct {
	file string
	doc  Source
}

// walkEntries reads a JSON document that is an object, calling fn with each
// element of the array under key, its index and the line it starts on.
// Other members are checked for syntax and ignored. It reports whether the
// key was found.
func walkEntries(name docName, data []byte, key string, fn func(i, line int, raw []byte) error) (bool, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	fail := func(err error) (bool, error) { return false, jsonError(name, data, 0, dec, err) }
	tok, err := dec.Token()
	if err != nil {
		return fail(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return false, &ImportError{Fault: FaultNotObject, File: name.file, Doc: name.doc, Line: 1}
	}
	found := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		if k, _ := tok.(string); k != key || found {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return fail(err)
			}
			continue
		}
		found = true
		start := dec.InputOffset()
		tok, err = dec.Token()
		if err != nil {
			return fail(err)
		}
		if d, ok := tok.(json.Delim); !ok || d != '[' {
			return false, &ImportError{Fault: FaultType, File: name.file, Doc: name.doc, Line: lineOf(data, start), Field: key, Want: WantList}
		}
		for i := 0; dec.More(); i++ {
			if i >= maxImportEntries {
				return false, &ImportError{Fault: FaultTooManyEntries, File: name.file, Doc: name.doc}
			}
			off := dec.InputOffset()
			for off < int64(len(data)) && strings.IndexByte(" \t\r\n,", data[off]) >= 0 {
				off++
			}
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return fail(err)
			}
			if err := fn(i, lineOf(data, off), raw); err != nil {
				return false, err
			}
		}
		if _, err := dec.Token(); err != nil { // ]
			return fail(err)
		}
	}
	if _, err := dec.Token(); err != nil { // }
		return fail(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return false, &ImportError{Fault: FaultTrailing, File: name.file, Doc: name.doc, Line: lineOf(data, dec.InputOffset())}
	}
	return found, nil
}

// decodeItem decodes one element found by walkEntries, naming its line on
// error.
func decodeItem(name docName, line int, raw []byte, v any) error {
	if err := json.Unmarshal(raw, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return &ImportError{
				Fault: FaultType, File: name.file, Doc: name.doc, Line: line + lineOf(raw, te.Offset) - 1,
				Field: te.Field, Want: wantOf(te.Type), Value: jsonValue(te.Value),
			}
		}
		return &ImportError{Fault: FaultSyntax, File: name.file, Doc: name.doc, Line: line, Err: err}
	}
	return nil
}

// readBounded reads a whole file, refusing one larger than limit.
func readBounded(p string, limit int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, unreadable(p, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, unreadable(p, err)
	}
	if fi.IsDir() {
		return nil, &ImportError{Fault: FaultFolder, File: filepath.Base(p)}
	}
	if fi.Size() > limit {
		return nil, &ImportError{Fault: FaultTooLarge, File: filepath.Base(p), Number: int(limit >> 20)}
	}
	return readAllBounded(f, filepath.Base(p), limit)
}

// readAllBounded reads r whole, refusing more than limit bytes whatever a
// header claimed.
func readAllBounded(r io.Reader, name string, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, &ImportError{Fault: FaultUnreadable, File: name, Err: err}
	}
	if int64(len(data)) > limit {
		return nil, &ImportError{Fault: FaultTooLarge, File: name, Number: int(limit >> 20)}
	}
	return data, nil
}

// unreadable is the error of a file or folder of the source, at p, that
// could not be read from the disk: it is named by its last part, never by
// its whole path.
func unreadable(p string, err error) error {
	return &ImportError{Fault: FaultUnreadable, File: filepath.Base(p), Err: err}
}

// inFolder names the file of err, an error of reading the file at fp in
// the folder root, by its path inside root ("2024/index.md"), so that two
// notes of one name in two folders are told apart; never by its whole
// path. Any other error is returned as it is.
func inFolder(err error, root, fp string) error {
	var e *ImportError
	if !errors.As(err, &e) || e.File == "" {
		return err
	}
	if rel, rerr := filepath.Rel(root, fp); rerr == nil && rel != "." && filepath.IsLocal(rel) {
		e.File = filepath.ToSlash(rel)
	}
	return err
}

// zipFile is a member of a zip archive to read.
type zipFile struct {
	name string
	f    *zip.File
}

// openZip opens an archive and lists its regular members, bounded.
func openZip(p string) (*zip.ReadCloser, []zipFile, error) {
	zr, err := zip.OpenReader(p)
	if err != nil {
		return nil, nil, &ImportError{Fault: FaultNotZip, File: filepath.Base(p), Err: err}
	}
	if len(zr.File) > maxZipMembers {
		zr.Close()
		return nil, nil, &ImportError{Fault: FaultTooManyFiles, File: filepath.Base(p)}
	}
	var out []zipFile
	for _, f := range zr.File {
		if f.FileInfo().IsDir() || !f.Mode().IsRegular() {
			continue
		}
		out = append(out, zipFile{name: strings.TrimPrefix(path.Clean("/"+f.Name), "/"), f: f})
	}
	return zr, out, nil
}

// readZipMember reads one member whole, bounded by limit even if the
// archive lies about its size.
func readZipMember(zf zipFile, limit int64) ([]byte, error) {
	if zf.f.UncompressedSize64 > uint64(limit) {
		return nil, &ImportError{Fault: FaultTooLarge, File: zf.name, Number: int(limit >> 20)}
	}
	rc, err := zf.f.Open()
	if err != nil {
		return nil, &ImportError{Fault: FaultInArchive, File: zf.name, Err: err}
	}
	defer rc.Close()
	data, err := readAllBounded(rc, zf.name, limit)
	if ie := (*ImportError)(nil); errors.As(err, &ie) && ie.Fault == FaultUnreadable {
		return nil, &ImportError{Fault: FaultInArchive, File: zf.name, Err: ie.Err}
	}
	return data, err
}

// checkText bounds the text of one imported entry.
func checkText(item ImportError, texts ...string) error {
	n := 0
	for _, t := range texts {
		n += len(t)
	}
	if n > maxImportText {
		item.Fault, item.Number = FaultTooLong, maxImportText>>20
		return &item
	}
	return nil
}
