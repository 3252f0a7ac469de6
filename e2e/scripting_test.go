package e2e_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The command line as people script it and type it: options anywhere,
// results that say when they are cut, entries named by the start of their
// id, and entries tended from a terminal. Every test runs the real binary.

// cliJournal is a journal in a sandbox, with its password in a file.
type cliJournal struct {
	sb     *sandbox
	dir    string
	pwFile string
}

func newCLIJournal(t *testing.T) *cliJournal {
	t.Helper()
	sb := newSandbox(t)
	j := &cliJournal{sb: sb, dir: filepath.Join(sb.data, "tend"), pwFile: sb.writeSecret(t, "pw", "a quiet harbour at dusk")}
	j.must(t, "", "init", "--recovery-key-file", filepath.Join(sb.home, "key.txt"))
	return j
}

func (j *cliJournal) run(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	return j.sb.run(t, stdin, append([]string{"--vault", j.dir, "--password-file", j.pwFile}, args...)...)
}

func (j *cliJournal) must(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	r := j.run(t, stdin, args...)
	if r.code != 0 {
		t.Fatalf("tend %s: %v", strings.Join(args, " "), r)
	}
	return r
}

// add adds an entry and returns its id.
func (j *cliJournal) add(t *testing.T, body string, args ...string) string {
	t.Helper()
	return strings.TrimSpace(j.must(t, body, append([]string{"add"}, args...)...).stdout)
}

func TestOptionsGoAnywhere(t *testing.T) {
	t.Parallel()
	j := newCLIJournal(t)
	j.add(t, "Trust is slow.", "--tag", "trust", "--date", "2026-01-02")
	j.add(t, "Trust again.", "--date", "2026-01-03", "--tag", "trust")

	// Options after the words are options, not words to look for.
	r := j.must(t, "", "search", "#trust", "--limit", "1")
	if strings.Count(r.stdout, "\n") != 2 || strings.Contains(r.stdout, "Nothing matched") {
		t.Fatalf("search '#trust' --limit 1: %v", r)
	}
	// The shared options may follow the command too.
	r = j.sb.run(t, "", "list", "--json", "--vault", j.dir, "--password-file", j.pwFile)
	var list []map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &list) != nil || len(list) != 2 {
		t.Fatalf("list with --vault after it: %v", r)
	}
	// A word with a leading dash: the answer says how to search for it.
	r = j.run(t, "", "search", "-fear")
	if r.code != 2 || !strings.Contains(r.stderr, "tend search -- -fear") || strings.Contains(r.stderr, "flag provided") {
		t.Fatalf("search -fear: %v", r)
	}
	if r := j.must(t, "", "search", "--", "-trust"); !strings.Contains(r.stdout, "Trust") {
		t.Fatalf("search -- -trust: %v", r)
	}
	// Help after a command is that command's help.
	if r := j.must(t, "", "search", "--help"); !strings.HasPrefix(r.stdout, "Usage: tend [--vault DIR] search") {
		t.Fatalf("search --help: %v", r)
	}
}

func TestAppWithoutADesktopSaysSo(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t) // it has no DISPLAY and no WAYLAND_DISPLAY
	r := sb.run(t, "")
	if r.code != 1 || !strings.Contains(r.stderr, "needs a desktop") || !strings.Contains(r.stderr, "tend help") ||
		strings.Contains(r.stderr, "goroutine") || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || r.stdout != "" {
		t.Fatalf("tend without a display: %v", r)
	}
}

func TestHelpListsEveryCommandWithAnExample(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	r := sb.run(t, "", "help")
	_, list, ok := strings.Cut(r.stdout, "Commands:\n")
	if r.code != 0 || !ok {
		t.Fatalf("tend help: %v", r)
	}
	list, _, _ = strings.Cut(list, "\n\n")
	var names []string
	for _, line := range strings.Split(list, "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] != "help" {
			names = append(names, f[0])
		}
	}
	for _, want := range []string{"salvage", "edit", "delete", "trash", "history", "search", "show"} {
		if !strings.Contains(" "+strings.Join(names, " ")+" ", " "+want+" ") {
			t.Errorf("tend help does not list %s: %q", want, names)
		}
	}
	for _, name := range names {
		h := sb.run(t, "", "help", name)
		_, ex, _ := strings.Cut(h.stdout, "\nExample:\n  ")
		if h.code != 0 || !strings.Contains(ex, "tend ") {
			t.Errorf("tend help %s shows no example: %v", name, h)
		}
	}
}

func TestSearchSaysWhenItIsCutAndSorts(t *testing.T) {
	t.Parallel()
	j := newCLIJournal(t)
	j.add(t, "The river was loud. River, river, river.", "--title", "Loud", "--date", "2026-01-01")
	j.add(t, "A walk by the river.", "--title", "Walk", "--date", "2026-01-05")
	j.add(t, "Rivers everywhere in the book.", "--title", "Book", "--date", "2026-01-09")

	r := j.must(t, "", "search", "river", "--limit", "2")
	if !strings.Contains(r.stderr, "Showing 2 of 3. --limit N shows more, --limit 0 shows them all.") || strings.Count(r.stdout, "\n") != 4 {
		t.Fatalf("a cut search: %v", r)
	}
	titles := regexp.MustCompile(`(?m)^[0-9a-f]{32}  \S+  (\S+)`)
	order := func(r result) string {
		var out []string
		for _, m := range titles.FindAllStringSubmatch(r.stdout, -1) {
			out = append(out, m[1])
		}
		return strings.Join(out, " ")
	}
	if got := order(j.must(t, "", "search", "river")); got != "Loud Walk Book" {
		t.Fatalf("best first: %q", got)
	}
	if got := order(j.must(t, "", "search", "--sort", "newest", "river")); got != "Book Walk Loud" {
		t.Fatalf("newest first: %q", got)
	}
	if r := j.must(t, "", "search", "river", "--limit", "0"); r.stderr != "" || strings.Count(r.stdout, "\n") != 6 {
		t.Fatalf("--limit 0 shows all: %v", r)
	}
	var found struct {
		Total   *int
		More    bool
		Results []map[string]any
	}
	r = j.must(t, "", "search", "--json", "--limit", "1", "river")
	if json.Unmarshal([]byte(r.stdout), &found) != nil || found.Total == nil || *found.Total != 3 || !found.More || len(found.Results) != 1 {
		t.Fatalf("search --json: %v", r)
	}
	if r := j.run(t, "", "search", "--sort", "size", "river"); r.code != 2 {
		t.Fatalf("--sort size: %v", r)
	}
}

// TestSearchFindsWordsInAnyLanguage searches from the command line for a
// word inside a Japanese sentence, a name in Japanese among English words,
// and words typed without their accents, and finds each entry with its
// words in the snippet.
func TestSearchFindsWordsInAnyLanguage(t *testing.T) {
	t.Parallel()
	j := newCLIJournal(t)
	ja := j.add(t, "私は信頼を学んでいます。", "--title", "学び", "--date", "2026-02-01")
	met := j.add(t, "I met 田中さん today, at the café on the Straße.", "--title", "Tanaka", "--date", "2026-02-02")
	j.add(t, "Nothing in other languages today.", "--title", "Plain", "--date", "2026-02-03")

	for _, c := range []struct {
		query []string
		id    string
		words string
	}{
		{[]string{"信頼"}, ja, "私は信頼を学んでいます。"},
		{[]string{"学んで"}, ja, "私は信頼を学んでいます。"},
		{[]string{"田中さん"}, met, "I met 田中さん today"},
		{[]string{"cafe", "strasse"}, met, "at the café on the Straße."},
	} {
		r := j.must(t, "", append([]string{"search"}, c.query...)...)
		if !strings.HasPrefix(r.stdout, c.id+"  ") || strings.Count(r.stdout, "\n") != 2 || !strings.Contains(r.stdout, c.words) {
			t.Errorf("tend search %s: %v", strings.Join(c.query, " "), r)
		}
	}
	if r := j.must(t, "", "search", "東京"); !strings.Contains(r.stdout, "Nothing matched.") {
		t.Errorf("tend search 東京: %v", r)
	}
}

// importWithIDs imports entries whose ids the test chooses, through a Tend
// JSON export edited by hand.
func importWithIDs(t *testing.T, j *cliJournal, ids ...string) {
	t.Helper()
	src := newCLIJournal(t)
	var made []string
	for i := range ids {
		made = append(made, src.add(t, "Entry number "+string(rune('A'+i)), "--title", "Entry "+string(rune('A'+i))))
	}
	out := filepath.Join(src.sb.home, "export.json")
	src.must(t, "", "export", "--format", "json", out)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for i, id := range ids {
		s = strings.ReplaceAll(s, made[i], id)
	}
	if err := os.WriteFile(out, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
	j.must(t, "", "import", "--from", "json", "--yes", out)
}

func TestShowTakesTheStartOfAnID(t *testing.T) {
	t.Parallel()
	j := newCLIJournal(t)
	importWithIDs(t, j, "abcd0000000000000000000000000001", "abcd1000000000000000000000000002")

	if r := j.must(t, "", "show", "abcd0"); !strings.HasPrefix(r.stdout, "Entry A\n") {
		t.Fatalf("show abcd0: %v", r)
	}
	r := j.run(t, "", "show", "ABCD")
	if r.code != 2 || !strings.Contains(r.stderr, "More than one entry") || !strings.Contains(r.stderr, "abcd0000000000000000000000000001") ||
		!strings.Contains(r.stderr, "abcd1000000000000000000000000002") || r.stdout != "" {
		t.Fatalf("an ambiguous start: %v", r)
	}
	if r := j.run(t, "", "show", "abc"); r.code != 2 || !strings.Contains(r.stderr, "at least 4") {
		t.Fatalf("too short: %v", r)
	}
	if r := j.run(t, "", "show", "ffff"); r.code != 1 || !strings.Contains(r.stderr, "No entry's id begins with ffff") {
		t.Fatalf("no such entry: %v", r)
	}
}

func TestEntriesTendedFromATerminal(t *testing.T) {
	t.Parallel()
	j := newCLIJournal(t)
	id := j.add(t, "The first words.", "--title", "Morning")
	short := id[:6]

	// The new text from standard input; the words before go to history.
	if r := j.must(t, "The second words.", "edit", short); !strings.Contains(r.stdout, "Saved") {
		t.Fatalf("edit: %v", r)
	}
	if r := j.must(t, "", "show", id); !strings.Contains(r.stdout, "The second words.") {
		t.Fatalf("after edit: %v", r)
	}
	r := j.must(t, "", "history", short, "--full")
	if !strings.Contains(r.stdout, "1 earlier version") || !strings.Contains(r.stdout, "The first words.") || strings.Contains(r.stdout, "The second words.") {
		t.Fatalf("history: %v", r)
	}
	untitled := j.add(t, "Only words, no title.")
	if r := j.run(t, "  \n", "edit", untitled); r.code != 1 || !strings.Contains(r.stderr, "tend delete") {
		t.Fatalf("an edit that empties the entry: %v", r)
	}

	// To the trash and back.
	if r := j.must(t, "", "delete", short); !strings.Contains(r.stdout, "in the trash") {
		t.Fatalf("delete: %v", r)
	}
	if r := j.must(t, "", "list"); strings.Contains(r.stdout, id) {
		t.Fatalf("a deleted entry is still listed: %v", r)
	}
	if r := j.must(t, "", "trash"); !strings.Contains(r.stdout, id) || !strings.Contains(r.stdout, "Morning") {
		t.Fatalf("trash: %v", r)
	}
	if r := j.must(t, "", "trash", "restore", short); !strings.Contains(r.stdout, "back in your journal") {
		t.Fatalf("trash restore: %v", r)
	}
	if r := j.must(t, "", "list"); !strings.Contains(r.stdout, id) {
		t.Fatalf("a restored entry is not listed: %v", r)
	}
	if r := j.must(t, "", "trash"); !strings.Contains(r.stdout, "The trash is empty.") {
		t.Fatalf("trash after restore: %v", r)
	}
}

// TestEditInTheEditor runs edit on a terminal, where the entry opens in
// $EDITOR: the file it edits lives in memory and is gone afterwards.
func TestEditInTheEditor(t *testing.T) {
	t.Parallel()
	script, err := exec.LookPath("script")
	if err != nil || runtime.GOOS != "linux" {
		t.Skip("needs script(1) to give the command a terminal, and Linux")
	}
	j := newCLIJournal(t)
	id := j.add(t, "Words before the editor.", "--title", "Evening")
	editor := filepath.Join(j.sb.home, "editor.sh")
	where := filepath.Join(j.sb.home, "edited-at")
	os.WriteFile(editor, []byte("#!/bin/sh\necho \"$1\" > "+where+"\nprintf 'Words the editor wrote.\\n' > \"$1\"\n"), 0o700)
	cmdline := strings.Join([]string{tendBin, "--vault", j.dir, "--password-file", j.pwFile, "edit", id[:8]}, " ")
	cmd := exec.Command(script, "-qec", cmdline, "/dev/null")
	cmd.Env = append(append([]string(nil), j.sb.env...), "EDITOR="+editor)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Saved") {
		t.Fatalf("edit on a terminal: %v\n%s", err, out)
	}
	if r := j.must(t, "", "show", id); !strings.Contains(r.stdout, "Words the editor wrote.") {
		t.Fatalf("after the editor: %v", r)
	}
	b, _ := os.ReadFile(where)
	file := strings.TrimSpace(string(b))
	if !strings.HasPrefix(file, "/dev/shm/") && !strings.HasPrefix(file, os.Getenv("XDG_RUNTIME_DIR")+"/") {
		t.Fatalf("the editor's file was not in memory: %q", file)
	}
	if _, err := os.Stat(filepath.Dir(file)); !os.IsNotExist(err) {
		t.Fatalf("the editor's folder %s is still there", filepath.Dir(file))
	}
}

func TestInputIsCheckedAsTheAppChecksIt(t *testing.T) {
	t.Parallel()
	j := newCLIJournal(t)
	if r := j.run(t, "\n  \n", "add"); r.code != 2 || !strings.Contains(r.stderr, "no words") {
		t.Fatalf("an empty entry: %v", r)
	}
	ahead := time.Now().AddDate(0, 0, 3).Format(time.DateOnly)
	if r := j.run(t, "Soon.", "add", "--date", ahead); r.code != 2 || !strings.Contains(r.stderr, "--yes") {
		t.Fatalf("a date three days ahead: %v", r)
	}
	j.add(t, "Soon.", "--date", ahead, "--yes")
	tomorrow := time.Now().AddDate(0, 0, 1).Format(time.DateOnly)
	j.add(t, "Tomorrow, in another time zone.", "--date", tomorrow)
	j.add(t, "In November.", "--date", "2025-11-15")
	j.add(t, "In October.", "--date", "2025-10-31")
	r := j.must(t, "", "list", "--from", "2025-11", "--to", "2025-11")
	if !strings.Contains(r.stdout, "2025-11-15") || strings.Count(r.stdout, "\n") != 1 {
		t.Fatalf("list --from 2025-11 --to 2025-11: %v", r)
	}
	if r := j.run(t, "", "list", "--from", "2025-13"); r.code != 2 || !strings.Contains(r.stderr, "a month (2026-11)") {
		t.Fatalf("a month that is not one: %v", r)
	}
	if r := j.must(t, "", "list", "--limit", "1"); !strings.Contains(r.stderr, "Showing 1 of 4. --limit N shows more") {
		t.Fatalf("a cut list: %v", r)
	}
}

func TestRestoreWritesTheNewKeyToAFile(t *testing.T) {
	t.Parallel()
	j := newCLIJournal(t)
	j.add(t, "Kept safe.")
	pp := j.sb.writeSecret(t, "pp", "salt wind over the long harbour")
	b := filepath.Join(j.sb.home, "journal.age")
	j.must(t, "", "backup", "--passphrase-file", pp, b)
	key := filepath.Join(j.sb.home, "new-key.txt")
	fresh := filepath.Join(j.sb.home, "restored")
	r := j.sb.run(t, "", "--vault", fresh, "--password-file", j.pwFile, "restore", "--passphrase-file", pp, "--new-recovery-key-file", key, b)
	k, err := os.ReadFile(key)
	if r.code != 0 || err != nil || strings.Count(string(k), "-") != 8 || strings.Contains(r.stdout, strings.TrimSpace(string(k))) ||
		!strings.Contains(r.stdout, "1 entry.") {
		t.Fatalf("restore --new-recovery-key-file: %v (key %q)", r, k)
	}
	info, _ := os.Stat(key)
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("the key file is %v", info.Mode().Perm())
	}
	newPw := j.sb.writeSecret(t, "newpw", "a new and gentle password")
	if r := j.sb.run(t, "", "--vault", fresh, "recover", "--recovery-key-file", key, "--new-password-file", newPw); r.code != 0 {
		t.Fatalf("the written key does not open the journal: %v", r)
	}
	// A key file that exists already is never written over, and nothing
	// is restored.
	other := filepath.Join(j.sb.home, "other")
	r = j.sb.run(t, "", "--vault", other, "--password-file", j.pwFile, "restore", "--passphrase-file", pp, "--new-recovery-key-file", key, b)
	if k2, _ := os.ReadFile(key); r.code != 1 || string(k2) != string(k) {
		t.Fatalf("restore over an existing key file: %v", r)
	}
	if _, err := os.Stat(filepath.Join(other, "tend.vault")); err == nil {
		t.Fatal("a journal was restored although its key could not be saved")
	}
}

func TestReimportOfAnEditedExportKeepsTheNewerVersion(t *testing.T) {
	t.Parallel()
	j := newCLIJournal(t)
	id := j.add(t, "What I wrote in Tend.", "--title", "Letter")
	j.add(t, "Untouched.", "--title", "Other")
	out := filepath.Join(j.sb.home, "journal.json")
	r := j.must(t, "", "export", "--format", "json", out)
	if !strings.Contains(r.stdout, "Exported 2 entries to") {
		t.Fatalf("export: %v", r)
	}
	b, _ := os.ReadFile(out)
	edited := strings.Replace(string(b), "What I wrote in Tend.", "What I wrote later, in another editor.", 1)
	os.WriteFile(out, []byte(edited), 0o600)

	r = j.must(t, "", "import", "--from", "json", "--yes", out)
	if !strings.Contains(r.stdout, "1 is already in your journal as it is here") ||
		!strings.Contains(r.stdout, "1 is newer here than in your journal") ||
		!strings.Contains(r.stdout, "will be kept in its history") ||
		!strings.Contains(r.stdout, "The import is done.") || !strings.Contains(r.stdout, "1 entry is now in a newer version") {
		t.Fatalf("import of an edited export: %v", r)
	}
	if r := j.must(t, "", "show", id); !strings.Contains(r.stdout, "What I wrote later, in another editor.") {
		t.Fatalf("the newer version did not win: %v", r)
	}
	if r := j.must(t, "", "history", id, "--full"); !strings.Contains(r.stdout, "What I wrote in Tend.") {
		t.Fatalf("the older version is not in the history: %v", r)
	}
	// Once more: nothing new.
	if r := j.must(t, "", "import", "--from", "json", "--yes", out); !strings.Contains(r.stdout, "nothing new") {
		t.Fatalf("a second import: %v", r)
	}
}

func TestWordsReadAsSentences(t *testing.T) {
	t.Parallel()
	j := newCLIJournal(t)
	j.add(t, "Only one.")
	r := j.must(t, "", "export", "--format", "json", filepath.Join(j.sb.home, "one.json"))
	if !strings.Contains(r.stdout, "Exported 1 entry to") {
		t.Fatalf("export of one entry: %v", r)
	}
	r = j.must(t, "", "verify")
	if !strings.Contains(r.stdout, "Your one entry is whole") {
		t.Fatalf("verify of one entry: %v", r)
	}
	junk := filepath.Join(j.sb.home, "junk.age")
	os.WriteFile(junk, []byte("just some text\n"), 0o600)
	pp := j.sb.writeSecret(t, "pp", "salt wind over the long harbour")
	r = j.run(t, "", "restore", "--merge", "--passphrase-file", pp, junk)
	if r.code != 1 || strings.Count(r.stderr, "not a Tend backup") != 1 || !strings.Contains(r.stderr, "not a Tend backup: it is not an age-encrypted file. Nothing was changed.") {
		t.Fatalf("restore of a file that is no backup: %v", r)
	}
	b := filepath.Join(j.sb.home, "b.age")
	if r := j.must(t, "", "backup", "--passphrase-file", pp, b); !strings.Contains(r.stdout, "It holds 1 entry.") {
		t.Fatalf("backup of one entry: %v", r)
	}
	r = j.must(t, "", "restore", "--merge", "--passphrase-file", pp, b)
	if strings.Contains(r.stdout, " 0 ") || !strings.Contains(r.stdout, "1 entry was already here, word for word.") || strings.Contains(r.stdout, "stepped aside") {
		t.Fatalf("merge report: %v", r)
	}
}
