package plain

import (
	"fmt"

	"tend/journal"
)

// parseExport reads Tend's own JSON export (WriteJSONExport). Entries keep
// their ids, times, revisions and forms, so importing an export into a new
// journal gives back the same journal.
func parseExport(data []byte) (*Plan, error) {
	const name = "the Tend export"
	var doc Doc
	if err := decodeJSONDoc(name, data, &doc); err != nil {
		return nil, err
	}
	switch {
	case doc.Format != JSONFormat:
		return nil, malformed("%s does not say it is a Tend JSON export (format %q)", name, clip(doc.Format))
	case doc.FormatVersion > JSONFormatVersion:
		return nil, malformed("%s was made by a newer version of Tend (format version %d); update Tend to import it", name, doc.FormatVersion)
	case doc.FormatVersion < 1:
		return nil, malformed("%s gives no format version", name)
	case len(doc.Entries)+len(doc.History) > maxImportEntries:
		return nil, malformed("%s holds more entries than Tend imports at once", name)
	}
	p := &Plan{}
	ids := make(map[journal.ID]bool, len(doc.Entries))
	for i, e := range doc.Entries {
		item := fmt.Sprintf("entry %d", i+1)
		if err := checkExported(item, e); err != nil {
			return nil, err
		}
		if ids[e.ID] {
			return nil, malformed("%s (%s) appears twice", item, e.ID)
		}
		ids[e.ID] = true
		p.Entries = append(p.Entries, e)
	}
	if len(doc.Journals) > 0 {
		if err := doc.Journals.Check(); err != nil {
			return nil, malformed("%s lists its journals wrongly (%v)", name, err)
		}
		// The ids are this export's: importing finds each journal by name.
		p.Journals = make(map[journal.ID]string, len(p.Entries))
		for _, e := range p.Entries {
			p.Journals[e.ID] = doc.Journals.Home(e.Journal).Name
			e.Journal = journal.JournalID{}
		}
	}
	if len(doc.Files) > maxFilesListed*len(p.Entries) {
		return nil, malformed("%s lists more files than its entries can keep", name)
	}
	for _, f := range doc.Files {
		if !ids[f.Entry] {
			return nil, malformed("%s lists a file of an entry it does not hold (%s)", name, f.Entry)
		}
	}
	p.exported = doc.Files
	for i, h := range doc.History {
		item := fmt.Sprintf("earlier version %d", i+1)
		if err := checkExported(item, h); err != nil {
			return nil, err
		}
		if !ids[h.ID] {
			return nil, malformed("%s belongs to an entry the export does not hold (%s)", item, h.ID)
		}
		if h.Rev < 1 {
			return nil, malformed("%s (%s) has no revision number", item, h.ID)
		}
		p.History = append(p.History, h)
	}
	return p, nil
}

// attachExported finds the files a Tend JSON export wrote beside it, in
// dir, the document's folder, to attach each to its entry under the name
// the entry lists it by. One that is not there is named as left out.
func (p *Plan) attachExported(dir string) {
	if len(p.exported) == 0 {
		return
	}
	media := folderSource(dir)
	for _, f := range p.exported {
		a, why := media.find(f.Path, f.Name)
		if why != 0 {
			p.leaveOut(Skipped{Name: f.Path, Why: why})
			continue
		}
		p.addFile(f.Entry, a)
	}
	p.exported = nil
}

// checkExported checks what writing an exported entry needs, so nothing
// fails halfway through an import.
func checkExported(item string, e *journal.Entry) error {
	switch {
	case e == nil:
		return malformed("%s is empty", item)
	case e.ID.IsZero():
		return malformed("%s has no id", item)
	case !e.Kind.Valid():
		return malformed("%s (%s) is of an unknown kind (%q)", item, e.ID, clip(string(e.Kind)))
	case e.Date.IsZero():
		return malformed("%s (%s) has no date", item, e.ID)
	case e.Rev < 0:
		return malformed("%s (%s) has a negative revision", item, e.ID)
	case e.Mood < 0 || e.Mood > journal.MaxMood:
		return malformed("%s (%s) has a mood outside 1 to %d", item, e.ID, journal.MaxMood)
	}
	texts := append([]string{e.Title, e.Body}, e.Fields.Texts()...)
	return checkText(fmt.Sprintf("%s (%s)", item, e.ID), texts...)
}
