package plain

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"tend/internal/atomicfile"
	"tend/internal/pipeline"
	"tend/journal"
)

// The JSON export's format name and version, as written in the document.
const (
	JSONFormat        = "tend-export"
	JSONFormatVersion = 1
)

// Format names a plain export format.
type Format string

// The plain export formats.
const (
	Markdown Format = "markdown"
	JSON     Format = "json"
)

// Doc is the JSON export: every entry, in the same shape as an entry
// document in a backup, so the two formats agree field for field.
type Doc struct {
	Format        string    `json:"format"`
	FormatVersion int       `json:"format_version"`
	Created       time.Time `json:"created"`
	// Entries are every entry, trash included, oldest first.
	Entries []*journal.Entry `json:"entries"`
	// History holds earlier versions, only when they were asked for.
	History []*journal.Entry `json:"history,omitempty"`
	// Journals lists the journals, which the entries name by id (the
	// field "journal"; absent for the first journal).
	Journals journal.Journals `json:"journals,omitempty"`
	// Files are the files attached to the entries, each written in a
	// folder beside the document.
	Files []FileRef `json:"files,omitempty"`
}

// FileRef is a file attached to an entry of a JSON export: what the entry
// lists of it, and where the export wrote it.
type FileRef struct {
	// Entry is the id of the entry it is attached to.
	Entry journal.ID `json:"entry"`
	journal.File
	// Path is where the file is, relative to the folder of the JSON
	// document, with forward slashes.
	Path string `json:"path"`
}

// JSONFilesFolder is the name of the folder beside a JSON export at out
// where the entries' attached files are written: "journal files" beside
// journal.json.
func JSONFilesFolder(out string) string {
	base := filepath.Base(out)
	return strings.TrimSuffix(base, filepath.Ext(base)) + " files"
}

// WriteJSONFiles writes the attached files of entries into a new folder
// dir (refusing one that exists), a folder for each entry named as its
// Markdown file would be, and returns how the JSON document refers to
// them. Nothing is written when no entry has a file.
func WriteJSONFiles(dir string, entries []*journal.Entry, read FileReader) ([]FileRef, error) {
	var refs []FileRef
	var files []mdFile
	used := map[string]bool{}
	for _, e := range entries {
		if len(e.Files) == 0 {
			continue
		}
		base := MarkdownFileName(e)
		folder := base
		for n := 2; used[strings.ToLower(folder)]; n++ {
			folder = fmt.Sprintf("%s (%d)", base, n)
		}
		used[strings.ToLower(folder)] = true
		_, paths, written := besideEntry(e, folder, read)
		files = append(files, written...)
		for i, f := range e.Files {
			refs = append(refs, FileRef{Entry: e.ID, File: f, Path: filepath.Base(dir) + "/" + folder + "/" + path.Base(paths[i])})
		}
	}
	if len(files) == 0 {
		return nil, nil
	}
	return refs, writeMarkdownDir(dir, files)
}

// mdFile is one file of a Markdown export, named relative to its root: an
// entry's Markdown, or one of its attached files, read by load as it is
// written so that one file at a time is in memory.
type mdFile struct {
	name string
	data []byte
	load func() ([]byte, error)
}

// bytes returns what the file holds.
func (f mdFile) bytes() ([]byte, error) {
	if f.load != nil {
		return f.load()
	}
	return f.data, nil
}

// FileReader returns the bytes of file f attached to entry e, for an
// export to write beside it.
type FileReader func(e *journal.Entry, f journal.File) ([]byte, error)

// trashFolder holds the entries in the trash in a Markdown export, so they
// are kept but do not mix with the journal.
const trashFolder = "Trash"

// markdownFiles renders every entry as a Markdown file with a unique name.
// With several journals, each journal has a folder of its own, its trash
// inside it, and each file names its journal in its front matter.
func markdownFiles(entries []*journal.Entry, books journal.Journals, read FileReader) []mdFile {
	used := map[string]bool{}
	folders := journalFolders(books)
	out := make([]mdFile, 0, len(entries))
	for _, e := range entries {
		base := MarkdownFileName(e)
		if e.InTrash() {
			base = trashFolder + "/" + base
		}
		name := ""
		if len(books) > 1 {
			name = books.Home(e.Journal).Name
			base = folders[books.Home(e.Journal).ID] + "/" + base
		}
		file := base + ".md"
		for n := 2; used[strings.ToLower(file)]; n++ {
			file = fmt.Sprintf("%s (%d).md", base, n)
		}
		used[strings.ToLower(file)] = true
		var beside []string
		if len(e.Files) > 0 && read != nil {
			var files []mdFile
			e, beside, files = besideEntry(e, strings.TrimSuffix(file, ".md"), read)
			out = append(out, files...)
		}
		out = append(out, mdFile{name: file, data: markdownIn(e, name, beside)})
	}
	return out
}

// besideEntry returns e as its Markdown file shows it, with its attached
// files in the folder beside it (folder, relative to the export's root,
// named as the file without ".md"), the paths of those files from the
// Markdown file, and the files to write. Its body links each by that path,
// and its front matter lists them all, so a Markdown viewer shows its
// pictures and a Markdown import brings every file back.
func besideEntry(e *journal.Entry, folder string, read FileReader) (*journal.Entry, []string, []mdFile) {
	dir := path.Base(folder)
	used := map[string]bool{}
	paths := make(map[journal.FileID]string, len(e.Files))
	var out []mdFile
	c := *e
	for _, f := range e.Files {
		base := safeName(f.Name, "file")
		if isMarkdownName(base) {
			// It would be read back as a note of its own.
			base += ".txt"
		}
		ext := path.Ext(base)
		name := base
		for n := 2; used[strings.ToLower(name)]; n++ {
			name = fmt.Sprintf("%s (%d)%s", strings.TrimSuffix(base, ext), n, ext)
		}
		used[strings.ToLower(name)] = true
		paths[f.ID] = dir + "/" + name
		out = append(out, mdFile{name: folder + "/" + name, load: func() ([]byte, error) { return read(e, f) }})
	}
	c.Body = rewriteLinks(e.Body, func(_ bool, dest string) (string, bool) {
		f, ok := e.LinkedFile(dest)
		if !ok {
			return "", false
		}
		return journal.FileLink(paths[f.ID]), true
	})
	list := make([]string, 0, len(e.Files))
	for _, f := range e.Files {
		list = append(list, paths[f.ID])
	}
	return &c, list, out
}

// journalFolders names a folder for each journal after it, with what
// some system refuses in a name left out, and no two the same.
func journalFolders(books journal.Journals) map[journal.JournalID]string {
	out := make(map[journal.JournalID]string, len(books))
	used := map[string]bool{}
	for _, j := range books {
		base := safeName(j.Name, "Journal")
		name := base
		for n := 2; used[strings.ToLower(name)]; n++ {
			name = fmt.Sprintf("%s (%d)", base, n)
		}
		used[strings.ToLower(name)] = true
		out[j.ID] = name
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
			return exportFailed(err)
		}
		data, err := f.bytes()
		if err != nil {
			return &ExportError{File: f.name, Err: err}
		}
		if _, err := fw.Write(data); err != nil {
			return exportFailed(err)
		}
	}
	if err := zw.Close(); err != nil {
		return exportFailed(err)
	}
	return nil
}

// writeMarkdownDir writes files into a new folder beside out, then renames
// it to out. It refuses an out that already exists rather than mix an
// export into someone's folder. Every file is written new (0600) and made
// durable (atomicfile.Batch), every folder (0700) synced once its files
// are in it, and only then is the whole renamed into place and the parent
// synced, so a power cut leaves either no export or all of it. Several files are written at
// once (as many as the batch says), but only one attached file's bytes
// are in memory at a time.
func writeMarkdownDir(out string, files []mdFile) (err error) {
	if _, err := os.Lstat(out); err == nil {
		return &ExportError{Exists: true, Folder: out}
	}
	parent := filepath.Dir(out)
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+"-*.tmp") // mode 0700
	if err != nil {
		return exportFailed(err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	// folders are those made inside tmp, each synced once its files are
	// written, the deepest first.
	var folders []string
	made := map[string]bool{tmp: true}
	var mkdir func(dir string) error
	mkdir = func(dir string) error {
		if made[dir] {
			return nil
		}
		if err := mkdir(filepath.Dir(dir)); err != nil {
			return err
		}
		if err := os.Mkdir(dir, 0o700); err != nil {
			return err
		}
		made[dir] = true
		folders = append(folders, dir)
		return nil
	}
	batch, err := atomicfile.NewBatch(tmp)
	if err != nil {
		return exportFailed(err)
	}
	defer batch.Close()
	type job struct {
		f    mdFile
		path string
		err  error
	}
	var loading sync.Mutex // one attached file in memory at a time
	err = pipeline.Ordered(batch.Writers(),
		func(emit func(*job) bool) error {
			for _, f := range files {
				p := filepath.Join(tmp, filepath.FromSlash(f.name))
				if err := mkdir(filepath.Dir(p)); err != nil {
					return exportFailed(err)
				}
				if !emit(&job{f: f, path: p}) {
					return nil
				}
			}
			return nil
		},
		func(_ int, j *job) {
			if j.f.load != nil {
				loading.Lock()
				defer loading.Unlock()
			}
			data, err := j.f.bytes()
			if err != nil {
				j.err = &ExportError{File: j.f.name, Err: err}
				return
			}
			if err := batch.Write(j.path, data); err != nil {
				j.err = exportFailed(err)
			}
		},
		func(j *job) error { return j.err })
	if err != nil {
		return err
	}
	if err = batch.Commit(); err != nil {
		return exportFailed(err)
	}
	for i := len(folders) - 1; i >= 0; i-- {
		if err = atomicfile.SyncDir(folders[i]); err != nil {
			return exportFailed(err)
		}
	}
	if err = atomicfile.SyncDir(tmp); err != nil {
		return exportFailed(err)
	}
	if err = os.Rename(tmp, out); err != nil {
		return exportFailed(err)
	}
	if err := atomicfile.SyncDir(parent); err != nil {
		return &ExportError{Unsure: true, Err: err}
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
	return e.Date.String() + " " + safeName(title, "Entry")
}

// safeName is s as a name every system takes: characters that some system
// or Obsidian refuses in a name (/ \ : * ? " < > | # ^ [ ]) left out,
// spaces tidied, no dot at either end, at most maxNameBytes long; or
// otherwise when nothing is left.
func safeName(s, otherwise string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
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
		return otherwise
	}
	return name
}

// MarkdownOf renders an entry as a Markdown document with YAML front matter
// holding everything but the body, so it reads well in any editor and comes
// back whole through the Markdown importer.
func MarkdownOf(e *journal.Entry) []byte { return markdownIn(e, "", nil) }

// markdownIn is MarkdownOf naming the entry's journal in its front matter,
// when there is a name to give, and listing the paths of its files written
// beside it (see besideEntry).
func markdownIn(e *journal.Entry, journalName string, files []string) []byte {
	var b bytes.Buffer
	b.WriteString("---\n")
	kv := func(k, v string) { b.WriteString(k + ": " + v + "\n") }
	kv("id", e.ID.String())
	if journalName != "" {
		kv("journal", yamlString(journalName))
	}
	kv("date", e.Date.String())
	if !e.Written.IsZero() {
		kv("written", e.Written.Format(time.RFC3339))
	}
	if e.Starred {
		kv("starred", "true")
	}
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
	if len(files) > 0 {
		b.WriteString("files:\n")
		for _, f := range files {
			b.WriteString("  - " + yamlString(f) + "\n")
		}
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
	dec := json.NewDecoder(bytes.NewReader(docJSON(form)))
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

// docJSON encodes plain data for a document or a front-matter value.
// Every type it is given is plain data; failing to encode one is a
// programming error, not a condition of the person's files.
func docJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("plain: encoding %T: %v", v, err))
	}
	return b
}

// WriteJSON writes the JSON export of entries (oldest first) and, when not
// nil, their earlier versions, with the list of journals and where their
// attached files were written (WriteJSONFiles), made at created, to w.
func WriteJSON(w io.Writer, entries, history []*journal.Entry, books journal.Journals, files []FileRef, created time.Time) error {
	doc := Doc{
		Format:        JSONFormat,
		FormatVersion: JSONFormatVersion,
		Created:       created,
		Entries:       entries,
		History:       history,
		Journals:      books,
		Files:         files,
	}
	if doc.Entries == nil {
		doc.Entries = []*journal.Entry{}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&doc); err != nil {
		return exportFailed(err)
	}
	return nil
}

// WriteMarkdown writes entries as Markdown files with their fields in front
// matter, in a folder for each journal when there are several of books: into a .zip archive when out ends in ".zip", written beside it and
// renamed into place once whole, or else into a new folder out, built under
// a temporary name and renamed once whole. Files are made 0600 and folders
// 0700: the export is not encrypted, and others on the machine should not
// be able to read it.
func WriteMarkdown(out string, entries []*journal.Entry, books journal.Journals, read FileReader) error {
	files := markdownFiles(entries, books, read)
	if strings.EqualFold(filepath.Ext(out), ".zip") {
		return WriteFile(out, func(w io.Writer) error { return writeMarkdownZip(w, files) })
	}
	return writeMarkdownDir(out, files)
}

// WriteFile writes an export of one file, out, through write, beside it
// under a temporary name first and renamed into place once whole (see
// atomicfile.Write). What write returns is returned as it is; the writing
// of the file itself fails with an *ExportError, as a Markdown folder's
// does, so that its failure is said the same way and never names the
// temporary file.
func WriteFile(out string, write func(io.Writer) error) error {
	var inner error
	err := atomicfile.Write(out, "export", func(w io.Writer) error {
		inner = write(w)
		return inner
	}, nil)
	switch {
	case err == nil || err == inner:
		return err
	case errors.Is(err, atomicfile.ErrNotDurable):
		return &ExportError{Unsure: true, Err: err}
	}
	// The file's writer leads with "writing the export: " as ExportError
	// does; the error beneath is said once.
	if under := errors.Unwrap(err); under != nil {
		err = under
	}
	return exportFailed(err)
}
