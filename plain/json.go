package plain

import (
	"tend/journal"
)

// parseExport reads Tend's own JSON export (WriteJSONExport). Entries keep
// their ids, times, revisions and forms, so importing an export into a new
// journal gives back the same journal.
func parseExport(data []byte) (*Plan, error) {
	name := docName{doc: FromJSON}
	at := func(f Fault) *ImportError { return &ImportError{Fault: f, Doc: FromJSON} }
	var doc Doc
	if err := decodeJSONDoc(name, data, &doc); err != nil {
		return nil, err
	}
	switch {
	case doc.Format != JSONFormat:
		e := at(FaultNotTendExport)
		e.Value = clip(doc.Format)
		return nil, e
	case doc.FormatVersion > JSONFormatVersion:
		e := at(FaultNewer)
		e.Number = doc.FormatVersion
		return nil, e
	case doc.FormatVersion < 1:
		return nil, at(FaultNoVersion)
	case len(doc.Entries)+len(doc.History) > maxImportEntries:
		return nil, at(FaultTooManyEntries)
	}
	p := &Plan{}
	ids := make(map[journal.ID]bool, len(doc.Entries))
	for i, e := range doc.Entries {
		item := ImportError{Doc: FromJSON, Entry: i + 1}
		if err := checkExported(item, e); err != nil {
			return nil, err
		}
		if ids[e.ID] {
			item.Fault, item.ID = FaultTwice, e.ID.String()
			return nil, &item
		}
		ids[e.ID] = true
		p.Entries = append(p.Entries, e)
	}
	if len(doc.Journals) > 0 {
		if err := doc.Journals.Check(); err != nil {
			e := at(FaultJournals)
			e.Err = err
			return nil, e
		}
		// The ids are this export's: importing finds each journal by name.
		p.Journals = make(map[journal.ID]string, len(p.Entries))
		for _, e := range p.Entries {
			p.Journals[e.ID] = doc.Journals.Home(e.Journal).Name
			e.Journal = journal.JournalID{}
		}
	}
	if len(doc.Files) > maxFilesListed*len(p.Entries) {
		return nil, at(FaultTooManyListed)
	}
	for _, f := range doc.Files {
		if !ids[f.Entry] {
			e := at(FaultOrphanFile)
			e.Value = f.Entry.String()
			return nil, e
		}
	}
	p.exported = doc.Files
	for i, h := range doc.History {
		item := ImportError{Doc: FromJSON, Entry: i + 1, Version: true}
		if err := checkExported(item, h); err != nil {
			return nil, err
		}
		item.ID = h.ID.String()
		if !ids[h.ID] {
			item.Fault = FaultOrphanVersion
			return nil, &item
		}
		if h.Rev < 1 {
			item.Fault = FaultNoRevision
			return nil, &item
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
// item names the entry or earlier version; a fault found is said of it.
func checkExported(item ImportError, e *journal.Entry) error {
	fault := func(f Fault) error {
		item.Fault = f
		return &item
	}
	switch {
	case e == nil:
		return fault(FaultEmpty)
	case e.ID.IsZero():
		return fault(FaultNoID)
	}
	item.ID = e.ID.String()
	switch {
	case !e.Kind.Valid():
		item.Value = clip(string(e.Kind))
		return fault(FaultUnknownKind)
	case e.Date.IsZero():
		return fault(FaultNoDate)
	case e.Rev < 0:
		return fault(FaultNegativeRevision)
	case e.Mood < 0 || e.Mood > journal.MaxMood:
		item.Number = int(journal.MaxMood)
		return fault(FaultMood)
	}
	texts := append([]string{e.Title, e.Body}, e.Fields.Texts()...)
	return checkText(item, texts...)
}
