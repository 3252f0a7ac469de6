package say

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"tend/internal/i18n"
	"tend/journal"
	"tend/plain"
)

// System says in a few plain words what the system gave as the reason
// something could not be read or written: the common causes by name, and
// otherwise the system's own words. An error that names a file's path
// (fs.PathError, os.LinkError: an open, a rename) or a system call
// (os.SyscallError) is said by the system's error beneath alone, without
// the words around it, so that a temporary file's or a folder's whole path
// is never shown; any other error is said as it is.
func System(err error) string {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return i18n.L("the disk is full")
	case errors.Is(err, fs.ErrPermission):
		return i18n.L("Tend isn't allowed to use that place")
	case errors.Is(err, fs.ErrNotExist):
		return i18n.L("that file or folder is no longer there")
	}
	var pe *fs.PathError
	var le *os.LinkError
	var se *os.SyscallError
	switch {
	case errors.As(err, &pe):
		return System(pe.Err)
	case errors.As(err, &le):
		return System(le.Err)
	case errors.As(err, &se):
		return System(se.Err)
	}
	return err.Error()
}

// importPlace names where an import's trouble is: "a.md, line 3", "the
// jrnl export, entry 2 (line 4)".
func importPlace(e *plain.ImportError) string {
	p := e.File
	if p == "" {
		switch e.Doc {
		case plain.FromJrnl:
			p = i18n.L("the jrnl export")
		case plain.FromJSON:
			p = i18n.L("the Tend export")
		case plain.FromDayOne:
			p = i18n.L("the Day One export")
		default:
			p = i18n.L("the folder")
			if e.Archive {
				p = i18n.L("the archive")
			}
		}
	}
	d := i18n.Data{"File": p, "Number": e.Entry, "ID": e.ID, "Line": e.Line}
	switch {
	case e.Entry > 0 && e.Version && e.ID != "":
		return i18n.L("{{.File}}, earlier version {{.Number}} ({{.ID}})", d)
	case e.Entry > 0 && e.Version:
		return i18n.L("{{.File}}, earlier version {{.Number}}", d)
	case e.Entry > 0 && e.ID != "":
		return i18n.L("{{.File}}, entry {{.Number}} ({{.ID}})", d)
	case e.Entry > 0 && e.Line > 0:
		return i18n.L("{{.File}}, entry {{.Number}} (line {{.Line}})", d)
	case e.Entry > 0:
		return i18n.L("{{.File}}, entry {{.Number}}", d)
	case e.Line > 0:
		return i18n.L("{{.File}}, line {{.Line}}", d)
	}
	return p
}

// importProblem says why a source cannot be imported, and where.
func importProblem(e *plain.ImportError) string {
	// The field a value is at fault in, in the language's quotes, or "a
	// value" when the document does not name it.
	quoted := i18n.L("a value")
	if e.Field != "" {
		quoted = i18n.X("text.quoted", "\"{{.Text}}\"", i18n.Data{"Text": e.Field})
	}
	d := i18n.Data{
		"Place": importPlace(e), "Field": e.Field, "Quoted": quoted, "Value": e.Value, "Number": e.Number, "ID": e.ID,
	}
	switch e.Fault {
	case plain.FaultSyntax:
		return withCause(i18n.L("{{.Place}}: this is not JSON Tend can read.", d), e.Err)
	case plain.FaultTrailing:
		return i18n.L("{{.Place}}: something follows the end of the document.", d)
	case plain.FaultEndsEarly:
		return i18n.L("{{.Place}}: the file ends too soon; part of it may be missing.", d)
	case plain.FaultNotObject:
		return i18n.L("{{.Place}}: the file is not a JSON object.", d)
	case plain.FaultType:
		// What the value is instead, in the decoder's word for it.
		if e.Value != "" {
			return withCause(typeProblem(e, d), errors.New(e.Value))
		}
		return typeProblem(e, d)
	case plain.FaultEmpty:
		return i18n.L("{{.Place}} is empty.", d)
	case plain.FaultTooManyEntries:
		return i18n.L("{{.Place}} holds more entries than Tend imports at once.", d)
	case plain.FaultTooManyFiles:
		return i18n.L("{{.Place}} holds more files than Tend imports at once.", d)
	case plain.FaultTooMuchText:
		return i18n.L("{{.Place}} holds more text than Tend imports at once.", d)
	case plain.FaultTooLarge:
		return i18n.L("{{.Place}} is larger than Tend imports ({{.Number}} MB).", d)
	case plain.FaultTooLong:
		return i18n.L("{{.Place}} is longer than Tend keeps in one entry ({{.Number}} MB).", d)
	case plain.FaultTooManyTags:
		return i18n.L("{{.Place}} has more tags than Tend keeps.", d)
	case plain.FaultTooManyListed:
		return i18n.L("{{.Place}}: it lists more attached files than an entry can keep.", d)
	case plain.FaultNotZip:
		return withCause(i18n.L("{{.Place}} is not a zip archive Tend can read.", d), e.Err)
	case plain.FaultInArchive:
		return withCause(i18n.L("{{.Place}} cannot be read from the archive; the archive may be damaged.", d), e.Err)
	case plain.FaultNotUTF8:
		return i18n.L("{{.Place}} is not plain text in UTF-8.", d)
	case plain.FaultStrayLine:
		return i18n.L("{{.Place}}: this line of the front matter belongs to no key.", d)
	case plain.FaultNotKeyValue:
		return i18n.L("{{.Place}}: the front matter should be lines of \"key: value\".", d)
	case plain.FaultLongFrontMatter:
		return i18n.L("{{.Place}}: the front matter is too long.", d)
	case plain.FaultQuote:
		return i18n.L("{{.Place}}: the quoted value {{.Value}} is not closed, or has an escape Tend does not know.", d)
	case plain.FaultFieldForKind:
		d["Kind"] = Kind(journal.Kind(e.Value))
		return withCause(i18n.L("{{.Place}}: {{.Field}} cannot be read for an entry of the kind \"{{.Kind}}\".", d), e.Err)
	case plain.FaultNotWhen:
		switch e.Want {
		case plain.WantClockTime:
			return i18n.L("{{.Place}}: its {{.Field}} \"{{.Value}}\" is not a time like 19:05.", d)
		case plain.WantMomentZ:
			return i18n.L("{{.Place}}: its {{.Field}} \"{{.Value}}\" is not a time like 2024-03-31T19:12:03Z.", d)
		}
		return i18n.L("{{.Place}}: its {{.Field}} \"{{.Value}}\" is not a date like 2024-03-31.", d)
	case plain.FaultNoEntries:
		if e.Doc == plain.FromJrnl {
			return i18n.L("{{.Place}} has no \"entries\" list; was it made with jrnl --export json?", d)
		}
		return i18n.L("{{.Place}} has no \"entries\" list; is it a Day One JSON export?", d)
	case plain.FaultNoJournal:
		return i18n.L("{{.Place}} holds no Journal.json; is it a Day One JSON export?", d)
	case plain.FaultNotTendExport:
		if e.Value != "" {
			return i18n.L("{{.Place}}: its format is \"{{.Value}}\", not that of a JSON export of Tend.", d)
		}
		return i18n.L("{{.Place}} does not say it is a JSON export of Tend.", d)
	case plain.FaultNewer:
		return i18n.L("{{.Place}} was made by a newer version of Tend; update Tend to import it.", d)
	case plain.FaultNoVersion:
		return i18n.L("{{.Place}} gives no format version.", d)
	case plain.FaultTwice:
		return i18n.L("{{.Place}} appears twice.", d)
	case plain.FaultJournals:
		return withCause(i18n.L("{{.Place}}: its list of journals cannot be read.", d), e.Err)
	case plain.FaultOrphanFile:
		return i18n.L("{{.Place}} lists a file of an entry it does not hold ({{.Value}}).", d)
	case plain.FaultOrphanVersion:
		return i18n.L("{{.Place}} belongs to an entry the export does not hold.", d)
	case plain.FaultNoRevision:
		return i18n.L("{{.Place}} has no revision number.", d)
	case plain.FaultNoID:
		return i18n.L("{{.Place}} has no id.", d)
	case plain.FaultUnknownKind:
		return i18n.L("{{.Place}} is of a kind Tend does not know (\"{{.Value}}\").", d)
	case plain.FaultNoDate:
		return i18n.L("{{.Place}} has no date.", d)
	case plain.FaultNegativeRevision:
		return i18n.L("{{.Place}} has a revision number below zero.", d)
	case plain.FaultMood:
		return i18n.L("{{.Place}} has a mood outside 1 to {{.Number}}.", d)
	case plain.FaultFolder:
		return i18n.L("{{.Place}} is a folder; choose the file to import inside it.", d)
	case plain.FaultUnknownSource:
		return i18n.L("\"{{.Value}}\" is not a source Tend imports from; it can be dayone, jrnl, markdown or json.", d)
	case plain.FaultUnreadable:
		d["Reason"] = System(e.Err)
		return i18n.L("{{.Place}} could not be read ({{.Reason}}).", d)
	}
	return i18n.L("{{.Place}} cannot be imported.", d)
}

// exportProblem says why a plain export was not written, or, for one
// written but not surely kept, what is in doubt (ExportKept says that as a
// sentence of its own).
func exportProblem(e *plain.ExportError) string {
	switch {
	case e.Exists:
		return i18n.L("{{.Folder}} already exists; choose a new folder name for the export.", i18n.Data{"Folder": filepath.Base(e.Folder)})
	case e.Unsure:
		return i18n.L("the export was written, but the disk did not confirm it is kept for good ({{.Reason}}); it may not survive a power cut.", i18n.Data{"Reason": System(e.Err)})
	case e.File != "":
		return i18n.L("{{.File}} could not be written: {{.Reason}}", i18n.Data{"File": e.File, "Reason": System(e.Err)})
	}
	return System(e.Err)
}

// ExportKept says, as a sentence, that the export at file (a name the
// person knows it by) was written but that the disk did not confirm it is
// kept, when err is such an export's error (plain.ExportError's Unsure);
// ok is false for any other error, an export that was not written.
func ExportKept(file string, err error) (sentence string, ok bool) {
	var e *plain.ExportError
	if !errors.As(err, &e) || !e.Unsure {
		return "", false
	}
	return i18n.L("The export was written to {{.File}}, but the disk did not confirm it is kept for good ({{.Reason}}), so it may not survive a power cut.", i18n.Data{"File": file, "Reason": System(e.Err)}), true
}

// typeProblem says that a value of an import is not the kind of JSON value
// Tend expects there (plain.FaultType), and what it should be.
func typeProblem(e *plain.ImportError, d i18n.Data) string {
	switch e.Want {
	case plain.WantText:
		return i18n.L("{{.Place}}: {{.Quoted}} should be text.", d)
	case plain.WantNumber:
		return i18n.L("{{.Place}}: {{.Quoted}} should be a number.", d)
	case plain.WantList:
		return i18n.L("{{.Place}}: {{.Quoted}} should be a list.", d)
	case plain.WantObject:
		return i18n.L("{{.Place}}: {{.Quoted}} should be an object, in braces.", d)
	case plain.WantTrueFalse:
		return i18n.L("{{.Place}}: {{.Quoted}} should be true or false.", d)
	}
	return i18n.L("{{.Place}}: {{.Quoted}} is not the kind of value Tend expects there.", d)
}

// withCause puts the technical cause of a refusal, err, in the words of
// the decoder or the system that gave it, after sentence s and before its
// full stop: "… is not JSON Tend can read (invalid character 'x' …)." It
// is s when there is none.
func withCause(s string, err error) string {
	if err == nil {
		return s
	}
	end := ""
	if strings.HasSuffix(s, ".") {
		s, end = strings.TrimSuffix(s, "."), "."
	}
	return s + " (" + System(err) + ")" + end
}
