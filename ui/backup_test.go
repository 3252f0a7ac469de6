package ui

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tend/internal/vaulttest"
	"tend/journal"
	"tend/plain"
	"tend/vault"
)

const backupPass = "salt wind over the harbour"

// journalWithTwo returns an unlocked UI whose journal holds two entries.
func journalWithTwo(t *testing.T) (*UI, *vault.Vault) {
	t.Helper()
	u, v := newUnlockedUI(t)
	for _, body := range []string{"First, small steps.", "Second, a letter to myself."} {
		if err := v.Put(&journal.Entry{Title: body[:5], Body: body}); err != nil {
			t.Fatal(err)
		}
	}
	return u, v
}

// backupOf writes a backup of a two-entry journal and returns its path.
func backupOf(t *testing.T) string {
	t.Helper()
	u, _ := journalWithTwo(t)
	b := newBackupUI(u)
	path := filepath.Join(t.TempDir(), "tend-2026-11-23.tend-backup")
	b.backupTo(path, []byte(backupPass))
	if !strings.Contains(b.status.Text, "Backed up 2 entries") {
		t.Fatalf("after the backup: %q", b.status.Text)
	}
	if b.progress.Value != 1 {
		t.Fatalf("the progress bar stopped at %v", b.progress.Value)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func entryCountOf(t *testing.T, v *vault.Vault) int {
	t.Helper()
	list, err := v.List(vault.ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

func TestBackupThenMergeRestore(t *testing.T) {
	vaulttest.LowBackupCost(t)
	path := backupOf(t)
	u, v := newUnlockedUI(t)
	b := newBackupUI(u)
	b.restoreFrom(path, []byte(backupPass))
	if b.contents == nil || !strings.Contains(b.status.Text, "holds 2 entries") {
		t.Fatalf("preview: %q", b.status.Text)
	}
	if n := entryCountOf(t, v); n != 0 {
		t.Fatalf("%d entries before Bring these in", n)
	}
	test.Tap(b.bringIn)
	if n := entryCountOf(t, v); n != 2 {
		t.Fatalf("%d entries after the merge", n)
	}
	if !strings.Contains(b.status.Text, "2 added") {
		t.Fatalf("report: %q", b.status.Text)
	}
	// The same backup again changes nothing.
	b.restoreFrom(path, []byte(backupPass))
	test.Tap(b.bringIn)
	if n := entryCountOf(t, v); n != 2 || !strings.Contains(b.status.Text, "0 added") || !strings.Contains(b.status.Text, "2 already here") {
		t.Fatalf("second merge: %d entries, %q", n, b.status.Text)
	}
}

// A merge holding an entry larger than the journal can hold brings in
// nothing and says so in words, never in bytes.
func TestMergeOfAnEntryTooLargeSaysSoCalmly(t *testing.T) {
	vaulttest.LowBackupCost(t)
	path := backupOf(t)
	u, v := journalWithTwo(t)
	b := newBackupUI(u)
	b.restoreFrom(path, []byte(backupPass))
	if b.contents == nil {
		t.Fatalf("preview: %q", b.status.Text)
	}
	huge := *b.contents.Entries[0]
	huge.ID = journal.NewID()
	huge.Body = strings.Repeat("all the words I never said. ", journal.MaxEntryText/28+1)
	b.contents.Entries = append(b.contents.Entries, &huge)
	test.Tap(b.bringIn)
	if n := entryCountOf(t, v); n != 2 {
		t.Errorf("%d entries after the failed merge, want the 2 there were", n)
	}
	msg := b.status.Text
	if !strings.Contains(msg, "larger than the journal can hold") || !strings.Contains(msg, "Your journal is as it was") ||
		len(msg) > 400 || strings.Contains(msg, "00000000") {
		t.Errorf("the message: %.300q", msg)
	}
}

func TestRestoreSaysWhatIsWrong(t *testing.T) {
	vaulttest.LowBackupCost(t)
	path := backupOf(t)
	u, v := newUnlockedUI(t)
	b := newBackupUI(u)
	b.restoreFrom(path, []byte("not the passphrase at all"))
	if b.contents != nil || !strings.Contains(b.status.Text, "That passphrase does not open this backup") {
		t.Fatalf("wrong passphrase: %q", b.status.Text)
	}
	notes := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(notes, []byte("just some notes"), 0o600); err != nil {
		t.Fatal(err)
	}
	b.restoreFrom(notes, []byte(backupPass))
	if b.contents != nil || !strings.Contains(b.status.Text, "not a Tend backup") {
		t.Fatalf("not a backup: %q", b.status.Text)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "cut.tend-backup")
	if err := os.WriteFile(cut, data[:len(data)*2/3], 0o600); err != nil {
		t.Fatal(err)
	}
	b.restoreFrom(cut, []byte(backupPass))
	if b.contents != nil || !strings.Contains(b.status.Text, "damaged or incomplete") {
		t.Fatalf("truncated: %q", b.status.Text)
	}
	if n := entryCountOf(t, v); n != 0 {
		t.Fatalf("a failed restore changed the journal: %d entries", n)
	}
}

func TestFirstRunRestoreFromBackup(t *testing.T) {
	vaulttest.LowBackupCost(t)
	path := backupOf(t)
	u, s := newTestUI(t, filepath.Join(t.TempDir(), "vault"))
	if u.welcome == nil {
		t.Fatal("first run did not show the welcome screen")
	}
	b := u.welcome.restore
	b.restoreNewFrom(path, []byte(backupPass))
	if b.newPass == nil || !strings.Contains(b.status.Text, "holds 2 entries") {
		t.Fatalf("preview: %q", b.status.Text)
	}
	test.Type(b.newPass.next, goodPassword)
	test.Type(b.newPass.confirm, "something else entirely")
	test.Tap(b.restore)
	if s.Unlocked() || !strings.Contains(b.newPass.problem.Text, "not the same") {
		t.Fatalf("mismatched passwords: unlocked %v, %q", s.Unlocked(), b.newPass.problem.Text)
	}
	b.newPass.confirm.SetText(goodPassword)
	test.Tap(b.restore)
	if u.keyShown == nil || u.keyShown.key == "" {
		t.Fatal("the new recovery key was not shown")
	}
	if n := entryCountOf(t, s.Vault()); n != 2 {
		t.Fatalf("the restored journal holds %d entries", n)
	}
	_ = s.Lock()
	if err := s.Unlock([]byte(goodPassword)); err != nil {
		t.Fatalf("the new password does not open the restored journal: %v", err)
	}
}

// labelWith reports whether o holds a label whose text contains text.
func labelWith(t *testing.T, o fyne.CanvasObject, text string) bool {
	switch w := o.(type) {
	case *widget.Label:
		return strings.Contains(w.Text, text)
	case *fyne.Container:
		for _, c := range w.Objects {
			if labelWith(t, c, text) {
				return true
			}
		}
	case *container.Scroll:
		return labelWith(t, w.Content, text)
	case fyne.Widget:
		r := test.TempWidgetRenderer(t, w)
		for _, c := range r.Objects() {
			if labelWith(t, c, text) {
				return true
			}
		}
	}
	return false
}

func TestExportWarnsFirstThenWrites(t *testing.T) {
	vaulttest.LowBackupCost(t)
	u, _ := journalWithTwo(t)
	b := newBackupUI(u)
	b.onExport()
	passGate(t, b.gate)
	top := u.win.Canvas().Overlays().Top()
	if b.shown == nil || top == nil || !labelWith(t, top, exportWarning()) {
		t.Fatal("the export did not start with the warning")
	}
	b.hide()

	dir := t.TempDir()
	jsonOut := filepath.Join(dir, "tend-export.json")
	b.exportTo(jsonOut, plain.JSON)
	data, err := os.ReadFile(jsonOut)
	if err != nil || !strings.Contains(string(data), "a letter to myself") {
		t.Fatalf("JSON export: %v", err)
	}
	if !strings.Contains(b.status.Text, "Exported 2 entries") {
		t.Fatalf("after the export: %q", b.status.Text)
	}
	mdOut := filepath.Join(dir, "Tend export")
	b.exportTo(mdOut, plain.Markdown)
	files, err := filepath.Glob(filepath.Join(mdOut, "*.md"))
	if err != nil || len(files) != 2 {
		t.Fatalf("Markdown export: %v %v", files, err)
	}
}

func TestImportPreviewThenApply(t *testing.T) {
	vaulttest.LowBackupCost(t)
	from, _ := journalWithTwo(t)
	out := filepath.Join(t.TempDir(), "tend-export.json")
	newBackupUI(from).exportTo(out, plain.JSON)

	u, v := newUnlockedUI(t)
	b := newBackupUI(u)
	b.onImport()
	if b.importSource == nil || b.importSource.Selected == "" {
		t.Fatal("the import did not ask for a source")
	}
	b.hide()
	b.previewImport(plain.FromJSON, out)
	if b.plan == nil || !strings.HasPrefix(b.status.Text, "Found 2 entries") {
		t.Fatalf("preview: %q", b.status.Text)
	}
	if n := entryCountOf(t, v); n != 0 {
		t.Fatalf("the preview wrote %d entries", n)
	}
	test.Tap(b.applyBtn)
	if n := entryCountOf(t, v); n != 2 || b.status.Text != "Imported 2 entries." {
		t.Fatalf("after the import: %d entries, %q", n, b.status.Text)
	}
	// A second time, the preview says they are here and nothing is added.
	b.previewImport(plain.FromJSON, out)
	if !strings.Contains(b.status.Text, "They are all in your journal already") || !b.applyBtn.Disabled() {
		t.Fatalf("second preview: %q", b.status.Text)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte("{\"format\": "), 0o600); err != nil {
		t.Fatal(err)
	}
	b.previewImport(plain.FromJSON, bad)
	if b.plan != nil || !strings.Contains(b.status.Text, "Nothing was imported") {
		t.Fatalf("malformed: %q", b.status.Text)
	}
}

// Failure sentences name the cause plainly and never show a path.
func TestReasonIsPlain(t *testing.T) {
	vaulttest.LowBackupCost(t)
	for _, c := range []struct {
		err  error
		want string
	}{
		{&fs.PathError{Op: "open", Path: "/home/someone/secret-folder/x", Err: syscall.ENOSPC}, "the disk is full"},
		{fmt.Errorf("writing: %w", &fs.PathError{Op: "open", Path: "/home/someone/x", Err: fs.ErrPermission}), "Tend isn't allowed to use that place"},
		{&fs.PathError{Op: "read", Path: "/home/someone/x", Err: syscall.EIO}, syscall.EIO.Error()},
	} {
		if got := reason(c.err); got != c.want || strings.Contains(got, "someone") {
			t.Fatalf("reason(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}

// A backup or an export over a file already there asks first, naming only
// the file, and replaces it only on a yes.
func TestBackupAndExportAskBeforeReplacing(t *testing.T) {
	vaulttest.LowBackupCost(t)
	const keep = "the only copy of something important\n"
	u, _ := journalWithTwo(t)
	for _, c := range []struct {
		name  string
		write func(b *backupUI, path string)
	}{
		{"backup", func(b *backupUI, path string) { b.backupTo(path, []byte(backupPass)) }},
		{"export", func(b *backupUI, path string) { b.exportTo(path, plain.JSON) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := newBackupUI(u)
			dir := t.TempDir()
			path := filepath.Join(dir, "important.txt")
			if err := os.WriteFile(path, []byte(keep), 0o600); err != nil {
				t.Fatal(err)
			}
			c.write(b, path)
			if b.replaceBtn == nil || !strings.Contains(b.status.Text, "“important.txt”") || strings.Contains(b.status.Text, dir) {
				t.Fatalf("no question before replacing: %q", b.status.Text)
			}
			if got, _ := os.ReadFile(path); string(got) != keep {
				t.Fatal("the file was replaced before the person said yes")
			}
			b.hide() // the person keeps it
			if got, _ := os.ReadFile(path); string(got) != keep {
				t.Fatal("the file was replaced without a yes")
			}
			c.write(b, path)
			test.Tap(b.replaceBtn)
			if got, _ := os.ReadFile(path); string(got) == keep {
				t.Fatalf("Replace it did not replace the file: %q", b.status.Text)
			}
		})
	}
}

// The save step hands over a path without creating or emptying any file,
// so a file already there is still whole when Tend asks about it.
func TestSavePathLeavesAnExistingFileWhole(t *testing.T) {
	vaulttest.LowBackupCost(t)
	const keep = "an older backup\n"
	u, _ := journalWithTwo(t)
	b := newBackupUI(u)
	b.saveDir = t.TempDir()
	path := filepath.Join(b.saveDir, "tend.tend-backup")
	if err := os.WriteFile(path, []byte(keep), 0o600); err != nil {
		t.Fatal(err)
	}
	b.chooseBackupFile([]byte(backupPass))
	b.saveName.SetText("tend.tend-backup")
	test.Tap(b.saveBtn)
	if got, _ := os.ReadFile(path); string(got) != keep || b.replaceBtn == nil {
		t.Fatalf("before the question: %q, %q", got, b.status.Text)
	}
	test.Tap(b.replaceBtn)
	if !strings.Contains(b.status.Text, "Backed up 2 entries to tend.tend-backup") {
		t.Fatalf("after Replace it: %q", b.status.Text)
	}
}

// TestRenderExportWarning keeps the plain-export dialog: what an export
// writes, then its warning in the text's own colour beside a sign, on a
// panel of its own.
func TestRenderExportWarning(t *testing.T) {
	u, _ := newUnlockedUI(t)
	b := newBackupUI(u)
	// On a window of its own, so the screens behind are not in the master.
	b.win = test.NewTempWindow(t, layout.NewSpacer())
	b.win.Resize(fyne.NewSize(800, 600))
	b.onExport()
	passGate(t, b.gate)
	test.AssertRendersToMarkup(t, "backup/export.xml", b.win.Canvas())
}

// writeFiles writes name → text files into a new folder and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestImportPreviewListsEachEntry reads a real folder of Markdown files:
// before anything is written, the preview names each entry by its day and
// its title or first words, marks the one already in the journal, and says
// what is left out and why, in real plurals.
func TestImportPreviewListsEachEntry(t *testing.T) {
	vaulttest.LowBackupCost(t)
	walk := "# Winter walk\nCold and bright, and I felt lighter."
	u, v := newUnlockedUI(t)
	b := newBackupUI(u)
	b.previewImport(plain.FromMarkdown, writeFiles(t, map[string]string{"2019-03-03 walk.md": walk}))
	test.Tap(b.applyBtn)
	if n := entryCountOf(t, v); n != 1 {
		t.Fatalf("%d entries after the first import", n)
	}

	dir := writeFiles(t, map[string]string{
		"2019-03-03 walk.md": walk,
		"2020-05-01.md":      "---\nkind: free\ndate: 2020-05-01\n---\nI could not sleep again and wrote this down at dawn, slowly.",
		"2022-02-02.md":      "",
		"photo.jpg":          "not text",
	})
	b.previewImport(plain.FromMarkdown, dir)
	if n := entryCountOf(t, v); n != 1 {
		t.Fatalf("the preview wrote: %d entries", n)
	}
	top := u.win.Canvas().Overlays().Top()
	for _, want := range []string{
		"Found 2 entries, from 3 March 2019 to 1 May 2020. 1 of them is already in your journal and will be left as it is.",
		"3 Mar 2019", "Winter walk", "already here",
		"1 May 2020", "I could not sleep again and wrote this down at dawn, slowly.",
		"Left out", "2022-02-02.md: it is empty", "1 other file: it is not a Markdown (.md) file",
	} {
		if !labelWith(t, top, want) {
			t.Errorf("the preview does not say %q", want)
		}
	}
	if b.applyBtn.Disabled() {
		t.Fatal("Import these is off with a new entry to bring in")
	}
	test.Tap(b.applyBtn)
	if n := entryCountOf(t, v); n != 2 || b.status.Text != "Imported 1 entry. 1 was already here." {
		t.Fatalf("after the import: %d entries, %q", n, b.status.Text)
	}
}

// TestImportPreviewOfManyCountsTheRest: a long import names its first
// entries and counts the others.
func TestImportPreviewOfManyCountsTheRest(t *testing.T) {
	vaulttest.LowBackupCost(t)
	files := map[string]string{}
	for i := range importListMax + 12 {
		files[fmt.Sprintf("2021-01-01 note %03d.md", i)] = fmt.Sprintf("Words of note %d.", i)
	}
	u, _ := newUnlockedUI(t)
	b := newBackupUI(u)
	b.previewImport(plain.FromMarkdown, writeFiles(t, files))
	top := u.win.Canvas().Overlays().Top()
	if !labelWith(t, top, fmt.Sprintf("Found %d entries", importListMax+12)) || !labelWith(t, top, "and 12 more") {
		t.Fatalf("the preview of %d entries: %q", importListMax+12, b.status.Text)
	}
}

// TestImportPreviewSaysWhichVersionWins: an entry the journal holds in
// other words is named in the preview as newer or older than the
// journal's, and the sentence says which one stays, before anything is
// written.
func TestImportPreviewSaysWhichVersionWins(t *testing.T) {
	u, v := newUnlockedUI(t)
	b := newBackupUI(u)
	day := journal.Date{Year: 2025, Month: time.May, Day: 4}
	older := &journal.Entry{Kind: journal.KindFree, Date: day, Body: "written in Tend long ago"}
	newer := &journal.Entry{Kind: journal.KindFree, Date: day, Body: "written in Tend just now"}
	for _, e := range []*journal.Entry{older, newer} {
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
	}
	inFile := func(e *journal.Entry, body string, at time.Time) *journal.Entry {
		c := *e
		c.Body, c.Updated = body, at
		return &c
	}
	plan := &plain.Plan{Entries: []*journal.Entry{
		inFile(older, "edited since, in the file", older.Updated.Add(time.Hour)),
		inFile(newer, "an old copy in the file", newer.Updated.Add(-time.Hour)),
	}}
	states, err := v.ImportStates(plan)
	if err != nil {
		t.Fatal(err)
	}
	list := b.importList(plan.Entries, states)
	for _, want := range []string{"newer than yours", "older than yours"} {
		if !labelWith(t, list, want) {
			t.Errorf("the preview does not say %q", want)
		}
	}
	msg := describeImport(plan, 0, 1, 1)
	for _, want := range []string{"1 is newer in the file", "which is kept in its history", "1 is older in the file: yours stays"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the preview says %q, without %q", msg, want)
		}
	}
}
