package cli

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"tend/app"
	"tend/plain"
)

// lineTTY answers a yes/no question with a visible line.
type lineTTY struct {
	fakeTTY
	lines []string
}

func (l *lineTTY) ReadLine(string) (string, error) {
	a := l.lines[0]
	l.lines = l.lines[1:]
	return a, nil
}

func newJournal(t *testing.T, e *cliEnv) {
	t.Helper()
	if code, _, errs := e.run("", "init", "--recovery-key-file", filepath.Join(t.TempDir(), "rk")); code != app.ExitOK {
		t.Fatal(errs)
	}
}

func TestCLIExportJSONThenImportIntoANewJournal(t *testing.T) {
	e := newCLIEnv(t)
	newJournal(t, e)
	if code, _, errs := e.run("Evening words.\n", "add", "--title", "Evening pages", "--tag", "trust", "--date", "2026-11-23", "--mood", "3"); code != app.ExitOK {
		t.Fatal(errs)
	}
	if code, _, errs := e.run("check", "add", "--kind", "checkin", "--date", "2026-11-24"); code != app.ExitOK {
		t.Fatal(errs)
	}
	out := filepath.Join(t.TempDir(), "journal.json")
	code, stdout, errs := e.run("", "export", "--format", "json", out)
	if code != app.ExitOK || !strings.Contains(errs, "NOT encrypted") || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, out) ||
		!strings.Contains(stdout, "Exported 2 entries") {
		t.Fatalf("export: %d %q %q", code, stdout, errs)
	}

	f := newCLIEnv(t)
	newJournal(t, f)
	code, stdout, errs = f.run("", "import", "--from", "json", "--yes", out)
	if code != app.ExitOK || !strings.Contains(stdout, "Found 2 entries, from 2026-11-23 to 2026-11-24.") || !strings.Contains(stdout, "Imported 2 new entries.") {
		t.Fatalf("import: %d %q %q", code, stdout, errs)
	}
	_, a, _ := e.run("", "list", "--json")
	_, b, _ := f.run("", "list", "--json")
	if a != b {
		t.Fatalf("imported journal lists differently:\n%s\n%s", b, a)
	}
	// Again: nothing new, nothing written.
	code, stdout, _ = f.run("", "import", "--from", "json", "--yes", out)
	if code != app.ExitOK || !strings.Contains(stdout, "2 are already in your journal as they are here") || !strings.Contains(stdout, "nothing new") {
		t.Fatalf("second import: %q", stdout)
	}
}

func TestCLIImportAsksFirst(t *testing.T) {
	e := newCLIEnv(t)
	newJournal(t, e)
	src := filepath.Join("..", "plain", "testdata", "import", "jrnl.json")
	code, stdout, _ := e.runWith(&lineTTY{lines: []string{""}}, "", "import", "--from", "jrnl", src)
	if code != app.ExitOK || !strings.Contains(stdout, "Found 2 entries, from 2023-11-02 to 2023-11-04.") || !strings.Contains(stdout, "Nothing was imported") {
		t.Fatalf("declined: %d %q", code, stdout)
	}
	// Opening the journal touches the store's own files, so the test looks
	// at the entries rather than the bytes.
	if _, list, _ := e.run("", "list"); list != "" {
		t.Fatalf("a declined import added entries: %q", list)
	}
	code, _, errs := e.run("", "import", "--from", "jrnl", src)
	if code != app.ExitUsage || !strings.Contains(errs, "--yes") {
		t.Fatalf("no terminal: %d %q", code, errs)
	}
	code, stdout, _ = e.runWith(&lineTTY{lines: []string{"y"}}, "", "import", "--from", "jrnl", src)
	if code != app.ExitOK || !strings.Contains(stdout, "Imported 2 new entries.\n") {
		t.Fatalf("accepted: %d %q", code, stdout)
	}
	// jrnl's star is a star, not a tag.
	_, list, _ := e.run("", "list", "--starred")
	if !strings.HasSuffix(list, "Session with Dr. Ray.  #therapy\n") || strings.Count(list, "\n") != 1 {
		t.Fatalf("list: %q", list)
	}
}

func TestCLIImportMalformedAndExportMarkdown(t *testing.T) {
	e := newCLIEnv(t)
	newJournal(t, e)
	if code, _, errs := e.run("A day.\n", "add", "--title", "Evening pages", "--date", "2026-11-23"); code != app.ExitOK {
		t.Fatal(errs)
	}
	bad := filepath.Join(t.TempDir(), "jrnl.json")
	os.WriteFile(bad, []byte("{\n \"entries\": [\n  {\"date\": \"2024-01-01\",}\n ]\n}\n"), 0o600)
	before := treeFingerprint(t, e.dir)
	code, _, errs := e.run("", "import", "--from", "jrnl", "--yes", bad)
	if code != app.ExitError || !strings.Contains(errs, "line 3") || !strings.Contains(errs, "Nothing was imported") {
		t.Fatalf("malformed: %d %q", code, errs)
	}
	if !reflect.DeepEqual(before, treeFingerprint(t, e.dir)) {
		t.Fatal("a malformed import changed the journal")
	}
	if code, _, errs := e.run("", "import", "--from", "evernote", bad); code != app.ExitUsage || !strings.Contains(errs, "dayone") {
		t.Fatalf("unknown source: %d %q", code, errs)
	}
	if code, _, _ := e.run("", "export", "--format", "pdf", "x"); code != app.ExitUsage {
		t.Fatal("unknown format accepted")
	}

	out := filepath.Join(t.TempDir(), "export.zip")
	code, _, errs = e.run("", "export", "--format", "markdown", out)
	if code != app.ExitOK || !strings.Contains(errs, "NOT encrypted") {
		t.Fatalf("markdown export: %d %q", code, errs)
	}
	p, err := plain.Read(plain.FromMarkdown, out)
	if err != nil || len(p.Entries) != 1 || p.Entries[0].Title != "Evening pages" || p.Entries[0].Body != "A day." {
		t.Fatalf("zip read back: %v %+v", err, p)
	}
}
