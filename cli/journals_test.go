package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tend/app"
)

// TestCLIJournals lists, adds and renames journals, writes into one with
// --journal, lists, searches and exports one journal, and imports into
// one.
func TestCLIJournals(t *testing.T) {
	e := newCLIEnv(t)
	run := func(stdin string, args ...string) string {
		t.Helper()
		code, out, errs := e.run(stdin, args...)
		if code != app.ExitOK {
			t.Fatalf("%v: %d %s %s", args, code, out, errs)
		}
		return out
	}
	run("", "init", "--recovery-key-file", filepath.Join(t.TempDir(), "rk"))
	if out := run("", "journals"); out != "Journal  0 entries\n" {
		t.Fatalf("a new journal's journals: %q", out)
	}
	run("", "journals", "add", "Therapy notes")
	run("", "journals", "add", "Work")
	if code, _, errs := e.run("", "journals", "add", "work"); code != app.ExitUsage || !strings.Contains(errs, "already has that name") {
		t.Fatalf("a name taken twice: %d %s", code, errs)
	}
	run("", "journals", "rename", "journal", "Personal")
	run("Home again.", "add", "--title", "Home")
	run("We talked about trust.", "add", "--title", "Session", "--journal", "therapy")
	run("A calm meeting about trust.", "add", "--title", "Meeting", "--journal", "WORK")
	if code, _, errs := e.run("x", "add", "--journal", "nowhere"); code != app.ExitUsage || !strings.Contains(errs, "no journal named") {
		t.Fatalf("a journal no one has: %d %s", code, errs)
	}

	var list []journalJSON
	if err := json.Unmarshal([]byte(run("", "journals", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 || list[0].Name != "Personal" || list[1].Name != "Therapy notes" || list[1].Entries != 1 || list[0].ID != "" {
		t.Fatalf("journals --json: %+v", list)
	}
	if out := run("", "list", "--journal", "therapy"); !strings.Contains(out, "Session") || strings.Contains(out, "Meeting") || strings.Contains(out, "Home") {
		t.Fatalf("list --journal therapy:\n%s", out)
	}
	var entries []entryJSON
	if err := json.Unmarshal([]byte(run("", "list", "--json")), &entries); err != nil {
		t.Fatal(err)
	}
	in := map[string]string{}
	for _, x := range entries {
		in[x.Title] = x.Journal
	}
	if len(entries) != 3 || in["Meeting"] != "Work" || in["Home"] != "Personal" || in["Session"] != "Therapy notes" {
		t.Fatalf("list --json names journals as %v", in)
	}
	if out := run("", "search", "trust", "--journal", "work"); !strings.Contains(out, "Meeting") || strings.Contains(out, "Session") {
		t.Fatalf("search --journal work:\n%s", out)
	}
	if out := run("", "search", `journal:"therapy notes" trust`); !strings.Contains(out, "Session") || strings.Contains(out, "Meeting") {
		t.Fatalf("search journal:\"therapy notes\":\n%s", out)
	}
	if out := run("", "show", entryIDOf(t, run("", "list", "--journal", "therapy"))); !strings.Contains(out, "in Therapy notes") {
		t.Fatalf("show does not say the journal:\n%s", out)
	}

	// An export of one journal; a Markdown export has a folder for each.
	dir := t.TempDir()
	run("", "export", "--format", "json", "--journal", "work", filepath.Join(dir, "work.json"))
	b, err := os.ReadFile(filepath.Join(dir, "work.json"))
	if err != nil || !strings.Contains(string(b), "Meeting") || strings.Contains(string(b), "Session") {
		t.Fatalf("the export of one journal: %v\n%s", err, b)
	}
	run("", "export", "--format", "markdown", filepath.Join(dir, "md"))
	for _, f := range []string{"Personal", "Therapy notes", "Work"} {
		if fi, err := os.Stat(filepath.Join(dir, "md", f)); err != nil || !fi.IsDir() {
			t.Fatalf("the Markdown export has no folder for %s: %v", f, err)
		}
	}

	// An import into a journal chosen by --journal.
	jrnl := filepath.Join(dir, "jrnl.json")
	if err := os.WriteFile(jrnl, []byte(`{"entries":[{"title":"From jrnl","body":"old words","date":"2023-11-02","time":"21:15"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	run("", "import", "--from", "jrnl", "--journal", "therapy", "--yes", jrnl)
	if out := run("", "list", "--journal", "therapy"); !strings.Contains(out, "From jrnl") {
		t.Fatalf("the import did not go into therapy:\n%s", out)
	}
}

// entryIDOf is the id at the start of a listing's first line.
func entryIDOf(t *testing.T, out string) string {
	t.Helper()
	f := strings.Fields(out)
	if len(f) == 0 {
		t.Fatalf("nothing listed: %q", out)
	}
	return f[0]
}
