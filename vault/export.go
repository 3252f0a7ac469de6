package vault

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dgraph-io/badger/v4"

	"tend/internal/atomicfile"
	"tend/journal"
)

// Plain exports are the journal in clear text, for reading in other tools or
// moving to another app. Unlike a backup they are NOT encrypted: every caller
// must say so to the person before writing one. The formats are described in
// docs/backup-format.md, next to the backup's.

// The JSON export's format name and version, as written in the document.
const (
	ExportFormat        = "tend-export"
	ExportFormatVersion = 1
)

// ExportFormatKind names a plain export format.
type ExportFormatKind string

// The plain export formats.
const (
	ExportMarkdown ExportFormatKind = "markdown"
	ExportJSON     ExportFormatKind = "json"
)

// ExportDoc is the JSON export: every entry, in the same shape as an entry
// document in a backup, so the two formats agree field for field.
type ExportDoc struct {
	Format        string    `json:"format"`
	FormatVersion int       `json:"format_version"`
	Created       time.Time `json:"created"`
	// Entries are every entry, trash included, oldest first.
	Entries []*journal.Entry `json:"entries"`
	// History holds earlier versions, only when they were asked for.
	History []*journal.Entry `json:"history,omitempty"`
}

// ExportOptions chooses what a plain export holds.
type ExportOptions struct {
	// History adds the earlier versions of entries to a JSON export. It is
	// off by default: earlier drafts may hold words the person chose to
	// take out, and a plain file should not surprise them with those.
	History bool
}

// ExportResult says what an export wrote.
type ExportResult struct {
	Entries int
	History int
	// LeftOut names the records that could not be read and were left
	// out: one damaged record does not cost the export of every other.
	LeftOut []journal.Damage
}

// snapshotAll reads every entry (oldest first) and, when asked, every
// earlier version, from one consistent view of the store. What cannot be
// read is left out and named in left.
func (v *Vault) snapshotAll(withHistory bool) (entries, history []*journal.Entry, left []journal.Damage, err error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed {
		return nil, nil, nil, ErrClosed
	}
	err = v.db.View(func(txn *badger.Txn) error {
		left = v.unreadSummaries(txn)
		for i := len(v.order) - 1; i >= 0; i-- {
			e, err := v.fullIn(txn, v.order[i])
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
			h, err := v.historyIn(txn, e.ID)
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
// not loaded, because it failed its seal when the journal was opened.
func (v *Vault) unreadSummaries(txn *badger.Txn) []journal.Damage {
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

// historyIn reads the earlier versions of one entry in txn, oldest first.
func (v *Vault) historyIn(txn *badger.Txn, id journal.ID) ([]*journal.Entry, error) {
	var out []*journal.Entry
	for slot := range historySlots {
		hk := historyKey(v.histKey, id, slot)
		item, err := txn.Get(hk)
		if errors.Is(err, badger.ErrKeyNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		err = item.Value(func(val []byte) error {
			e, err := v.openVersion(txn, hk, val)
			if err != nil {
				return err
			}
			if e.ID != id {
				return fmt.Errorf("%w: an earlier version is filed under the wrong entry", ErrCorrupt)
			}
			out = append(out, e)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sortByRev(out)
	return out, nil
}

func sortByRev(list []*journal.Entry) {
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && list[j].Rev < list[j-1].Rev; j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
}

// WriteJSONExport writes the JSON export document to w.
func (v *Vault) WriteJSONExport(w io.Writer, opts ExportOptions) (ExportResult, error) {
	entries, history, left, err := v.snapshotAll(opts.History)
	if err != nil {
		return ExportResult{}, err
	}
	doc := ExportDoc{
		Format:        ExportFormat,
		FormatVersion: ExportFormatVersion,
		Created:       now().UTC().Truncate(time.Second),
		Entries:       entries,
		History:       history,
	}
	if doc.Entries == nil {
		doc.Entries = []*journal.Entry{}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&doc); err != nil {
		return ExportResult{}, fmt.Errorf("writing the export: %w", err)
	}
	return ExportResult{Entries: len(entries), History: len(history), LeftOut: left}, nil
}

// ExportToPath writes a plain export to out: a JSON document, or Markdown
// files in a new folder, or in a .zip archive when out ends in ".zip".
// Everything is written beside out under a temporary name first and renamed
// into place once complete, so a failed export leaves nothing half-written.
// Files are made 0600 and folders 0700: the export is not encrypted, and
// others on the machine should not be able to read it.
func (v *Vault) ExportToPath(out string, format ExportFormatKind, opts ExportOptions) (ExportResult, error) {
	switch format {
	case ExportJSON:
		var res ExportResult
		err := atomicfile.Write(out, "export", func(w io.Writer) error {
			var err error
			res, err = v.WriteJSONExport(w, opts)
			return err
		}, nil)
		return res, err
	case ExportMarkdown:
		entries, _, left, err := v.snapshotAll(false)
		if err != nil {
			return ExportResult{}, err
		}
		files := markdownFiles(entries)
		if strings.EqualFold(filepath.Ext(out), ".zip") {
			err = atomicfile.Write(out, "export", func(w io.Writer) error { return writeMarkdownZip(w, files) }, nil)
		} else {
			err = writeMarkdownDir(out, files)
		}
		if err != nil {
			return ExportResult{}, err
		}
		return ExportResult{Entries: len(entries), LeftOut: left}, nil
	}
	return ExportResult{}, fmt.Errorf("%q is not an export format (markdown or json)", format)
}

// mdFile is one Markdown file of an export, named relative to its root.
type mdFile struct {
	name string
	data []byte
}

// trashFolder holds the entries in the trash in a Markdown export, so they
// are kept but do not mix with the journal.
const trashFolder = "Trash"

// markdownFiles renders every entry as a Markdown file with a unique name.
func markdownFiles(entries []*journal.Entry) []mdFile {
	used := map[string]bool{}
	out := make([]mdFile, 0, len(entries))
	for _, e := range entries {
		base := MarkdownFileName(e)
		if e.InTrash() {
			base = trashFolder + "/" + base
		}
		name := base + ".md"
		for n := 2; used[strings.ToLower(name)]; n++ {
			name = fmt.Sprintf("%s (%d).md", base, n)
		}
		used[strings.ToLower(name)] = true
		out = append(out, mdFile{name: name, data: MarkdownOf(e)})
	}
	return out
}

func writeMarkdownZip(w io.Writer, files []mdFile) error {
	zw := zip.NewWriter(w)
	for _, f := range files {
		hdr := &zip.FileHeader{Name: f.name, Method: zip.Deflate}
		hdr.SetMode(0o600)
		fw, err := zw.CreateHeader(hdr)
		if err != nil {
			return fmt.Errorf("writing the export: %w", err)
		}
		if _, err := fw.Write(f.data); err != nil {
			return fmt.Errorf("writing the export: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("writing the export: %w", err)
	}
	return nil
}

// writeMarkdownDir writes files into a new folder beside out, then renames
// it to out. It refuses an out that already exists rather than mix an
// export into someone's folder.
func writeMarkdownDir(out string, files []mdFile) (err error) {
	if _, err := os.Lstat(out); err == nil {
		return fmt.Errorf("%s already exists; choose a new folder name for the export", out)
	}
	parent := filepath.Dir(out)
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+"-*.tmp") // mode 0700
	if err != nil {
		return fmt.Errorf("writing the export: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	for _, f := range files {
		p := filepath.Join(tmp, filepath.FromSlash(f.name))
		if err = os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return fmt.Errorf("writing the export: %w", err)
		}
		if err = atomicfile.WriteNew(p, f.data); err != nil {
			return fmt.Errorf("writing the export: %w", err)
		}
	}
	if err = atomicfile.SyncDir(tmp); err != nil {
		return fmt.Errorf("writing the export: %w", err)
	}
	if err = os.Rename(tmp, out); err != nil {
		return fmt.Errorf("writing the export: %w", err)
	}
	if err := atomicfile.SyncDir(parent); err != nil {
		return fmt.Errorf("the export was written but may not survive a power cut: %w", err)
	}
	return nil
}

// kindLabels name untitled entries in file names.
var kindLabels = map[journal.Kind]string{
	journal.KindFree:         "Entry",
	journal.KindPrompted:     "Prompted entry",
	journal.KindLetter:       "Letter to my younger self",
	journal.KindDialogue:     "Inner-child dialogue",
	journal.KindCheckIn:      "Check-in",
	journal.KindConversation: "Conversation plan",
	journal.KindWordsActions: "Words and actions",
	journal.KindIncident:     "Incident",
	journal.KindTherapyNote:  "Therapy note",
}

// maxNameBytes bounds the title part of a file name, well below the 255
// bytes most file systems allow, leaving room for the date and a counter.
const maxNameBytes = 120

// MarkdownFileName is the name (without ".md") an entry gets in a Markdown
// export: "2026-11-23 Evening pages". Characters that some system or
// Obsidian refuses in a name (/ \ : * ? " < > | # ^ [ ]) are left out.
func MarkdownFileName(e *journal.Entry) string {
	title := e.Title
	if strings.TrimSpace(title) == "" {
		title = kindLabels[e.Kind]
		if title == "" {
			title = "Entry"
		}
	}
	var b strings.Builder
	space := false
	for _, r := range title {
		switch {
		case strings.ContainsRune(`/\:*?"<>|#^[]`, r), unicode.IsControl(r), r == utf8.RuneError:
			continue
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		}
		if b.Len()+utf8.RuneLen(r)+1 > maxNameBytes {
			break
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	// Windows refuses names ending in a dot; a leading dot hides the file.
	name := strings.Trim(b.String(), ". ")
	if name == "" {
		name = "Entry"
	}
	return e.Date.String() + " " + name
}

// MarkdownOf renders an entry as a Markdown document with YAML front matter
// holding everything but the body, so it reads well in any editor and comes
// back whole through the Markdown importer.
func MarkdownOf(e *journal.Entry) []byte {
	var b bytes.Buffer
	b.WriteString("---\n")
	kv := func(k, v string) { b.WriteString(k + ": " + v + "\n") }
	kv("id", e.ID.String())
	kv("date", e.Date.String())
	if e.Title != "" {
		kv("title", yamlString(e.Title))
	}
	kv("kind", string(e.Kind))
	if len(e.Tags) > 0 {
		b.WriteString("tags:\n")
		for _, t := range e.Tags {
			b.WriteString("  - " + yamlString(t) + "\n")
		}
	}
	if e.Mood != 0 {
		kv("mood", fmt.Sprint(int(e.Mood)))
	}
	if !e.Created.IsZero() {
		kv("created", e.Created.Format(time.RFC3339Nano))
	}
	if !e.Updated.IsZero() {
		kv("updated", e.Updated.Format(time.RFC3339Nano))
	}
	if !e.Deleted.IsZero() {
		kv("deleted", e.Deleted.Format(time.RFC3339Nano))
	}
	if e.Prompt != nil {
		kv("prompt", jsonFlow(e.Prompt))
	}
	for _, f := range formFields(e.Fields) {
		switch {
		case f.list != nil && len(f.list) == 0:
			kv(f.key, "[]")
		case f.list != nil:
			b.WriteString(f.key + ":\n")
			for _, s := range f.list {
				b.WriteString("  - " + yamlString(s) + "\n")
			}
		default:
			kv(f.key, f.value)
		}
	}
	b.WriteString("---\n")
	if e.Body != "" {
		b.WriteString(e.Body)
		if !strings.HasSuffix(e.Body, "\n") {
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}

// formField is one field of a structured form, flattened for front matter.
type formField struct {
	key   string
	value string   // a YAML scalar or a JSON flow value
	list  []string // set for a list of strings
}

// formFields flattens the one form an entry has into front-matter fields,
// in the form's own order. Strings and numbers become plain YAML; a list of
// strings becomes a YAML list; anything nested (dialogue turns, a debrief)
// is written as JSON, which YAML reads as flow style.
func formFields(f journal.Fields) []formField {
	var form any
	switch {
	case f.Letter != nil:
		form = f.Letter
	case f.Dialogue != nil:
		form = f.Dialogue
	case f.CheckIn != nil:
		form = f.CheckIn
	case f.Conversation != nil:
		form = f.Conversation
	case f.WordsActions != nil:
		form = f.WordsActions
	case f.Incident != nil:
		form = f.Incident
	case f.TherapyNote != nil:
		form = f.TherapyNote
	default:
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(encodeJSON(form)))
	if _, err := dec.Token(); err != nil { // {
		return nil
	}
	var out []formField
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return out
		}
		var s string
		var list []string
		switch {
		case json.Unmarshal(raw, &s) == nil:
			out = append(out, formField{key: key, value: yamlString(s)})
		case json.Unmarshal(raw, &list) == nil:
			if list == nil {
				list = []string{}
			}
			out = append(out, formField{key: key, list: list})
		default:
			out = append(out, formField{key: key, value: string(raw)})
		}
	}
	return out
}

func jsonFlow(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("vault: encoding %T: %v", v, err))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// yamlString writes s as a YAML scalar: plain when that reads back as the
// same string, otherwise double-quoted (JSON's escapes are valid YAML).
func yamlString(s string) string {
	if plainSafe(s) {
		return s
	}
	return jsonFlow(s)
}

// plainSafe reports whether s can be written as a plain YAML scalar and read
// back as the same string, not as a number, a boolean, null or structure.
func plainSafe(s string) bool {
	if s == "" || s != strings.TrimSpace(s) || looksTyped(s) {
		return false
	}
	if strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@`~") {
		return false
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return false
		}
	}
	return true
}

// looksTyped reports whether YAML would read a plain s as something other
// than a string.
func looksTyped(s string) bool {
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n":
		return true
	}
	var f float64
	return json.Unmarshal([]byte(s), &f) == nil || strings.HasPrefix(s, ".") || strings.HasPrefix(s, "+")
}
