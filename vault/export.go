package vault

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/dgraph-io/badger/v4"

	"tend/journal"
	"tend/plain"
)

// Plain exports are the journal in clear text, for reading in other tools or
// moving to another app. Unlike a backup they are NOT encrypted: every caller
// must say so to the person before writing one. The formats are described in
// docs/backup-format.md, next to the backup's.

// ExportOptions chooses what a plain export holds.
type ExportOptions struct {
	// History adds the earlier versions of entries to a JSON export. It is
	// off by default: earlier drafts may hold words the person chose to
	// take out, and a plain file should not surprise them with those.
	History bool
	// Journals chooses the journals to export; the zero set is all of
	// them, archived ones too.
	Journals journal.JournalSet
}

// ExportResult says what an export wrote.
type ExportResult struct {
	Entries int
	History int
	// Files counts the attached files written beside the entries.
	Files int
	// FilesDir is the folder a JSON export wrote them in, beside it.
	FilesDir string
	// LeftOut names the records that could not be read and were left
	// out: one damaged record does not cost the export of every other.
	LeftOut []journal.Damage
}

// readAll reads every entry (oldest first) and, when asked, every
// earlier version, from one consistent view of the store. What cannot be
// read is left out and named in left.
func (v *Vault) readAll(withHistory bool, set journal.JournalSet) (entries, history []*journal.Entry, left []journal.Damage, err error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed {
		return nil, nil, nil, ErrClosed
	}
	// Each entry and each history is read on its own guard, so a part of
	// the store its library cannot read costs only what is in it.
	err = v.view("the journal", func(txn *badger.Txn) error {
		left = v.unreadSummaries(txn)
		for i := len(v.order) - 1; i >= 0; i-- {
			if !set.Has(v.order[i].Journal) {
				continue
			}
			var e *journal.Entry
			err := v.guardEntry(v.order[i].ID, "", func() (err error) {
				e, err = v.fullIn(txn, v.order[i])
				return err
			})
			if err != nil {
				left = append(left, journal.Damage{Entry: v.order[i].ID, Record: "body", Problem: leftOutText(v.order[i])})
				continue
			}
			entries = append(entries, e)
		}
		if !withHistory {
			return nil
		}
		for _, e := range entries {
			var h []*journal.Entry
			err := v.guard("an earlier version", func() (err error) {
				h, err = v.historyIn(txn, e.ID)
				return err
			})
			if err != nil {
				left = append(left, journal.Damage{Entry: e.ID, Record: "history", Problem: "its earlier versions could not all be read, so they were left out"})
				continue
			}
			history = append(history, h...)
		}
		return nil
	})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("reading the journal to export it: %w", err)
	}
	return entries, history, left, nil
}

// unreadSummaries names the entries whose summary is in the store but was
// not loaded, because it failed its seal when the journal was opened. A
// part of the store its library cannot read ends the search for them there,
// and is named too.
func (v *Vault) unreadSummaries(txn *badger.Txn) (left []journal.Damage) {
	err := v.guard("the list of entries", func() error {
		left = v.unloadedSummaries(txn)
		return nil
	})
	if err != nil {
		left = append(left, journal.Damage{Record: "summary", Problem: "part of the store could not be read, so entries kept there may be left out"})
	}
	return left
}

// unloadedSummaries is unreadSummaries, unguarded.
func (v *Vault) unloadedSummaries(txn *badger.Txn) []journal.Damage {
	opts := badger.DefaultIteratorOptions
	opts.Prefix = []byte{prefixSummary}
	opts.PrefetchValues = false
	it := txn.NewIterator(opts)
	defer it.Close()
	var left []journal.Damage
	for it.Rewind(); it.Valid(); it.Next() {
		k := it.Item().Key()
		var id journal.ID
		if len(k) == 1+len(id) {
			copy(id[:], k[1:])
			if _, ok := v.sums[id]; ok {
				continue
			}
		}
		left = append(left, damageFor(it.Item().KeyCopy(nil), "it fails its integrity check, so the entry was left out"))
	}
	return left
}

// WriteJSONExport writes the JSON export document to w. Its entries list
// their attached files, but the document does not hold their bytes:
// ExportToPath writes them beside it.
func (v *Vault) WriteJSONExport(w io.Writer, opts ExportOptions) (ExportResult, error) {
	return v.writeJSONExport(w, opts, "")
}

// writeJSONExport writes the JSON export document to w and, when filesDir
// is not empty, the entries' attached files into that new folder, beside
// the document, which refers to them.
func (v *Vault) writeJSONExport(w io.Writer, opts ExportOptions, filesDir string) (ExportResult, error) {
	entries, history, left, err := v.readAll(opts.History, opts.Journals)
	if err != nil {
		return ExportResult{}, err
	}
	books, err := v.Journals()
	if err != nil {
		return ExportResult{}, err
	}
	var refs []plain.FileRef
	if filesDir != "" {
		if refs, err = plain.WriteJSONFiles(filesDir, entries, v.exportedFile); err != nil {
			return ExportResult{}, err
		}
	}
	if err := plain.WriteJSON(w, entries, history, books, refs, now().UTC().Truncate(time.Second)); err != nil {
		return ExportResult{}, err
	}
	return ExportResult{Entries: len(entries), History: len(history), LeftOut: left, Files: len(refs)}, nil
}

// exportedFile reads file f of entry e for a plain export to write.
func (v *Vault) exportedFile(e *journal.Entry, f journal.File) ([]byte, error) {
	return v.Attachment(e.ID, f.ID)
}

// ExportToPath writes a plain export to out: a JSON document, or Markdown
// files in a new folder, or in a .zip archive when out ends in ".zip". An
// entry's attached files are written beside its Markdown file, in a folder
// named as the file, and its body links them there.
// Everything is written beside out under a temporary name first and renamed
// into place once complete, so a failed export leaves nothing half-written.
// Files are made 0600 and folders 0700: the export is not encrypted, and
// others on the machine should not be able to read it.
func (v *Vault) ExportToPath(out string, format plain.Format, opts ExportOptions) (ExportResult, error) {
	switch format {
	case plain.JSON:
		// The files go in a new folder beside the document, written
		// first, so that the document never refers to files that are not
		// there; it is removed again if the document cannot be written.
		// A folder there already (an earlier export's, or anyone's) is
		// left alone: this one takes the next free name, "journal files
		// (2)", and the document refers to it.
		filesDir := filepath.Join(filepath.Dir(out), journal.UniqueFileName(plain.JSONFilesFolder(out), func(name string) bool {
			_, err := os.Lstat(filepath.Join(filepath.Dir(out), name))
			return err == nil
		}))
		var res ExportResult
		var inner error
		err := plain.WriteFile(out, func(w io.Writer) error {
			res, inner = v.writeJSONExport(w, opts, filesDir)
			return inner
		})
		var xe *plain.ExportError
		if err != nil && (inner != nil || !errors.As(err, &xe) || !xe.Unsure) {
			// The document is not there, so neither are its files; when
			// it is, and only its keeping is in doubt, they stay with it.
			os.RemoveAll(filesDir)
		}
		if res.Files > 0 {
			res.FilesDir = filesDir
		}
		return res, err
	case plain.Markdown:
		entries, _, left, err := v.readAll(false, opts.Journals)
		if err != nil {
			return ExportResult{}, err
		}
		books, err := v.Journals()
		if err != nil {
			return ExportResult{}, err
		}
		err = plain.WriteMarkdown(out, entries, books, v.exportedFile)
		if err != nil {
			return ExportResult{}, err
		}
		files := 0
		for _, e := range entries {
			files += len(e.Files)
		}
		return ExportResult{Entries: len(entries), LeftOut: left, Files: files}, nil
	}
	return ExportResult{}, fmt.Errorf("%q is not an export format (markdown or json)", format)
}
