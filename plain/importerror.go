package plain

import (
	"fmt"
	"reflect"
	"strings"
)

// An ImportError says why a source cannot be imported, and where in it,
// by what the trouble is rather than in words, so that the window and the
// command line say it in the person's language (see say.Problem); Error
// says it in English, for logs and scripts. It is ErrMalformed to
// errors.Is, except for a source that could not be read from the disk
// (FaultUnreadable), which is the system's error it carries, and a source
// Tend does not know (FaultUnknownSource).
type ImportError struct {
	// Fault is what is wrong.
	Fault Fault
	// File is the file at fault as the source names it ("a.md",
	// "Journal.json"); when it is empty, Doc names what is at fault
	// instead.
	File string
	// Doc is the source whose document or folder is at fault when File is
	// empty: the jrnl export, the Tend export, the Day One export, or the
	// folder (or, with Archive, the archive) of notes.
	Doc     Source
	Archive bool
	// Entry is the place of the entry at fault in the file, from 1; with
	// Version, the place of the earlier version. ID is its id, when it
	// has one.
	Entry   int
	Version bool
	ID      string
	// Line is the line at fault in the file, from 1; 0 when none is
	// named.
	Line int
	// Field is the field or key at fault, as written.
	Field string
	// Value is the text at fault, cut short: a date that is not one, a
	// kind, a format, a source's name.
	Value string
	// Want is what a value should be: for FaultType the kind of JSON
	// value, for FaultNotWhen a day, a time of day or a moment.
	Want Want
	// Number is a bound or a number the fault names: a size in MiB, a
	// format version, the highest mood.
	Number int
	// Err is the error beneath, in the words of the system or the
	// decoder that gave it; nil when there is none.
	Err error
}

// Fault is what is wrong with a source that cannot be imported.
type Fault int

// What can be wrong with a source.
const (
	// FaultSyntax: the JSON at Line is not well formed (Err says how).
	FaultSyntax Fault = iota + 1
	// FaultTrailing: something follows the end of the document.
	FaultTrailing
	// FaultEndsEarly: the file ends before its JSON does.
	FaultEndsEarly
	// FaultNotObject: the file is not a JSON object.
	FaultNotObject
	// FaultType: Field (or a value) is not the kind of JSON value Want.
	FaultType
	// FaultEmpty: the file, or the entry, is empty.
	FaultEmpty
	// FaultTooManyEntries, FaultTooManyFiles and FaultTooMuchText: the
	// source holds more than Tend imports at once.
	FaultTooManyEntries
	FaultTooManyFiles
	FaultTooMuchText
	// FaultTooLarge: the file is larger than Number MiB.
	FaultTooLarge
	// FaultTooLong: an entry's text is longer than one entry keeps
	// (Number MiB).
	FaultTooLong
	// FaultTooManyTags: an entry has more tags than Tend keeps.
	FaultTooManyTags
	// FaultTooManyListed: a note or an export lists more attached files
	// than its entries can keep.
	FaultTooManyListed
	// FaultNotZip: the file is not a zip archive Tend can read.
	FaultNotZip
	// FaultInArchive: a member cannot be read from the archive.
	FaultInArchive
	// FaultNotUTF8: a note is not UTF-8 text.
	FaultNotUTF8
	// FaultStrayLine: a front-matter line belongs to no key.
	FaultStrayLine
	// FaultNotKeyValue: a front-matter line is not "key: value".
	FaultNotKeyValue
	// FaultLongFrontMatter: the front matter has too many keys.
	FaultLongFrontMatter
	// FaultQuote: the quoted value Value is not closed, or has an escape
	// Tend does not know.
	FaultQuote
	// FaultFieldForKind: Field cannot be read for an entry of the kind
	// Value.
	FaultFieldForKind
	// FaultNotWhen: Field's Value is not a day, a time of day or a moment
	// (Want).
	FaultNotWhen
	// FaultNoEntries: the document has no "entries" list; Doc says what
	// it was meant to be.
	FaultNoEntries
	// FaultNoJournal: the Day One export holds no Journal.json.
	FaultNoJournal
	// FaultNotTendExport: the document names another format, Value.
	FaultNotTendExport
	// FaultNewer: the export was made by a newer Tend (format version
	// Number).
	FaultNewer
	// FaultNoVersion: the export gives no format version.
	FaultNoVersion
	// FaultTwice: the entry appears twice.
	FaultTwice
	// FaultJournals: the export lists its journals wrongly.
	FaultJournals
	// FaultOrphanFile: the export lists a file of an entry, ID, it does
	// not hold.
	FaultOrphanFile
	// FaultOrphanVersion: an earlier version belongs to an entry the
	// export does not hold.
	FaultOrphanVersion
	// FaultNoRevision: an earlier version has no revision number.
	FaultNoRevision
	// FaultNoID: the entry has no id.
	FaultNoID
	// FaultUnknownKind: the entry is of a kind, Value, Tend does not know.
	FaultUnknownKind
	// FaultNoDate: the entry has no date.
	FaultNoDate
	// FaultNegativeRevision: the entry has a negative revision.
	FaultNegativeRevision
	// FaultMood: the entry's mood is outside 1 to Number.
	FaultMood
	// FaultFolder: a folder was named where a file is read.
	FaultFolder
	// FaultUnknownSource: Value is not a source Tend imports from.
	FaultUnknownSource
	// FaultUnreadable: the source could not be read from the disk (Err).
	FaultUnreadable
)

// Want is what a value should be.
type Want int

// What a value should be.
const (
	// WantText, WantNumber, WantList, WantObject and WantTrueFalse are
	// kinds of JSON value; WantOther is any other.
	WantOther Want = iota
	WantText
	WantNumber
	WantList
	WantObject
	WantTrueFalse
	// WantDay, WantClockTime and WantMomentZ: a day like 2024-03-31, a time
	// of day like 19:05, a moment like 2024-03-31T19:12:03Z.
	WantDay
	WantClockTime
	WantMomentZ
)

// wantOf is the kind of JSON value a Go type is decoded from.
func wantOf(t reflect.Type) Want {
	if t == nil {
		return WantOther
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return WantText
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return WantNumber
	case reflect.Slice, reflect.Array:
		return WantList
	case reflect.Map, reflect.Struct:
		return WantObject
	case reflect.Bool:
		return WantTrueFalse
	}
	return WantOther
}

// Place names where the trouble is, in English: "a.md, line 3", "the jrnl
// export, entry 2 (line 4)".
func (e *ImportError) Place() string {
	p := e.File
	if p == "" {
		switch e.Doc {
		case FromJrnl:
			p = "the jrnl export"
		case FromJSON:
			p = "the Tend export"
		case FromDayOne:
			p = "the Day One export"
		default:
			p = "the folder"
			if e.Archive {
				p = "the archive"
			}
		}
	}
	switch {
	case e.Entry > 0:
		item := "entry"
		if e.Version {
			item = "earlier version"
		}
		p = fmt.Sprintf("%s, %s %d", p, item, e.Entry)
		switch {
		case e.ID != "":
			p += " (" + e.ID + ")"
		case e.Line > 0:
			p += fmt.Sprintf(" (line %d)", e.Line)
		}
	case e.Line > 0:
		p = fmt.Sprintf("%s, line %d", p, e.Line)
	}
	return p
}

func (e *ImportError) Error() string {
	p := e.Place()
	var s string
	switch e.Fault {
	case FaultSyntax:
		s = fmt.Sprintf("%s: %v", p, e.Err)
	case FaultTrailing:
		s = p + ": something follows the end of the document"
	case FaultEndsEarly:
		s = p + ": the file ends too soon"
	case FaultNotObject:
		s = p + ": the file is not a JSON object"
	case FaultType:
		what := "a value"
		if e.Field != "" {
			what = `"` + e.Field + `"`
		}
		s = fmt.Sprintf("%s: %s should be %s", p, what, wantEnglish[e.Want])
		if e.Value != "" {
			s += ", not a " + e.Value
		}
	case FaultEmpty:
		s = p + " is empty"
	case FaultTooManyEntries:
		s = p + " holds more entries than Tend imports at once"
	case FaultTooManyFiles:
		s = p + " holds more files than Tend imports at once"
	case FaultTooMuchText:
		s = p + " holds more text than Tend imports at once"
	case FaultTooLarge:
		s = fmt.Sprintf("%s is larger than Tend imports (%d MiB)", p, e.Number)
	case FaultTooLong:
		s = fmt.Sprintf("%s is longer than Tend keeps in one entry (%d MiB)", p, e.Number)
	case FaultTooManyTags:
		s = p + " has more tags than Tend keeps"
	case FaultTooManyListed:
		s = p + ": it lists more files than an entry can keep"
	case FaultNotZip:
		s = fmt.Sprintf("%s is not a zip archive Tend can read (%v)", p, e.Err)
	case FaultInArchive:
		s = fmt.Sprintf("%s cannot be read from the archive (%v)", p, e.Err)
	case FaultNotUTF8:
		s = p + " is not UTF-8 text"
	case FaultStrayLine:
		s = p + ": this front-matter line belongs to no key"
	case FaultNotKeyValue:
		s = p + `: front matter should be "key: value" lines`
	case FaultLongFrontMatter:
		s = p + ": the front matter is too long"
	case FaultQuote:
		s = fmt.Sprintf("%s: the quoted value %s is not closed, or has an escape Tend does not know", p, e.Value)
	case FaultFieldForKind:
		s = fmt.Sprintf("%s: %s cannot be read for a %s entry (%v)", p, e.Field, e.Value, e.Err)
	case FaultNotWhen:
		s = fmt.Sprintf("%s: its %s %q is not %s", p, e.Field, e.Value, wantEnglish[e.Want])
	case FaultNoEntries:
		s = p + ` has no "entries" list; is it a Day One JSON export?`
		if e.Doc == FromJrnl {
			s = p + ` has no "entries" list; is it from jrnl --export json?`
		}
	case FaultNoJournal:
		s = p + " holds no Journal.json; is it a Day One JSON export?"
	case FaultNotTendExport:
		s = fmt.Sprintf("%s does not say it is a Tend JSON export (format %q)", p, e.Value)
	case FaultNewer:
		s = fmt.Sprintf("%s was made by a newer version of Tend (format version %d); update Tend to import it", p, e.Number)
	case FaultNoVersion:
		s = p + " gives no format version"
	case FaultTwice:
		s = p + " appears twice"
	case FaultJournals:
		s = fmt.Sprintf("%s lists its journals wrongly (%v)", p, e.Err)
	case FaultOrphanFile:
		s = fmt.Sprintf("%s lists a file of an entry it does not hold (%s)", p, e.Value)
	case FaultOrphanVersion:
		s = p + " belongs to an entry the export does not hold"
	case FaultNoRevision:
		s = p + " has no revision number"
	case FaultNoID:
		s = p + " has no id"
	case FaultUnknownKind:
		s = fmt.Sprintf("%s is of an unknown kind (%q)", p, e.Value)
	case FaultNoDate:
		s = p + " has no date"
	case FaultNegativeRevision:
		s = p + " has a negative revision"
	case FaultMood:
		s = fmt.Sprintf("%s has a mood outside 1 to %d", p, e.Number)
	case FaultFolder:
		return p + " is a folder; name the file to import"
	case FaultUnknownSource:
		return fmt.Sprintf("%q is not a source Tend imports from (dayone, jrnl, markdown or json)", e.Value)
	case FaultUnreadable:
		return fmt.Sprintf("reading %s: %v", p, e.Err)
	default:
		s = p
	}
	return ErrMalformed.Error() + ": " + s
}

// wantEnglish says a Want in English.
var wantEnglish = map[Want]string{
	WantOther:     "another kind of value",
	WantText:      "a string",
	WantNumber:    "a number",
	WantList:      "a list",
	WantObject:    "an object",
	WantTrueFalse: "true or false",
	WantDay:       "a date like 2024-03-31",
	WantClockTime: "a time like 19:05",
	WantMomentZ:   "a time like 2024-03-31T19:12:03Z",
}

// Unwrap makes the error ErrMalformed to errors.Is, or for a source that
// could not be read, the system's error beneath.
func (e *ImportError) Unwrap() []error {
	switch e.Fault {
	case FaultUnreadable:
		return []error{e.Err}
	case FaultUnknownSource:
		return nil
	}
	return []error{ErrMalformed}
}

// jsonValue names a kind of JSON value as the decoder does ("number",
// "string", "array"), without the value itself it sometimes adds.
func jsonValue(v string) string {
	v, _, _ = strings.Cut(v, " ")
	return v
}

// An ExportError says why a plain export was not written, so that the
// window and the command line say it in the person's language (see
// say.Problem); Error says it in English. It is the error beneath to
// errors.Is, so a full disk or a refused permission is still told as
// such.
type ExportError struct {
	// Exists says the folder named, Folder, already exists, and nothing
	// was written.
	Exists bool
	Folder string
	// Unsure says the export was written but the system did not confirm
	// it is on the disk for good: it may not survive a power cut.
	Unsure bool
	// File is the export's file that could not be written, when one is
	// named.
	File string
	// Err is the error beneath, in the system's words.
	Err error
}

func (e *ExportError) Error() string {
	switch {
	case e.Exists:
		return e.Folder + " already exists; choose a new folder name for the export"
	case e.Unsure:
		return fmt.Sprintf("the export was written but may not survive a power cut: %v", e.Err)
	case e.File != "":
		return fmt.Sprintf("writing the export: %s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("writing the export: %v", e.Err)
}

// Unwrap gives the error beneath.
func (e *ExportError) Unwrap() error { return e.Err }

// exportFailed is the error of an export that could not be written.
func exportFailed(err error) error { return &ExportError{Err: err} }
