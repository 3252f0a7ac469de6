package e2e_test

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// canary is a string that must never be found on disk in plain text: the
// test writes it into the journal through one field and looks for it in
// every file the binary could have touched.
type canary struct {
	field string // where it was written, for the failure message
	value string // lower case; files are searched case-insensitively
}

// newCanary makes a canary that cannot occur by chance, fresh every run so
// that no file left by an earlier run can match.
func newCanary(t *testing.T, field string) canary {
	t.Helper()
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return canary{field: field, value: "tendcanary" + strings.ReplaceAll(field, " ", "") + hex.EncodeToString(b)}
}

// auditCanaries are the canaries of the privacy audit, one per field.
type auditCanaries struct {
	title, body, tag, image, link, imported, journal canary
}

func (c auditCanaries) all() []canary {
	return []canary{c.title, c.body, c.tag, c.image, c.link, c.imported, c.journal}
}

// TestCLIPrivacyAudit runs every command of the binary that touches what a
// person writes, in a private home, then reads every file under the vault,
// its automatic-backups folder, HOME, the XDG config, cache and data folders
// and TMPDIR, and fails if a canary written into a title, a body, a tag, a
// Markdown image or link URL, an imported entry or the name of a journal is
// found in any of them.
// The only files allowed to hold them are those the person asked for in
// plain text (the exports) or wrote themselves (the file imported); the test
// checks that the canaries ARE there, which proves that the search would see
// a leak.
//
// When strace works, every command also runs under it and must open no
// AF_INET or AF_INET6 socket, whatever the Markdown links to.
func TestCLIPrivacyAudit(t *testing.T) {
	// Most of the time is spent waiting for child processes, so this runs
	// beside the other binary tests.
	t.Parallel()
	sb := newSandbox(t)
	if tr := newNetTracer(t); tr != nil {
		tr.selfCheck(t)
		sb.wrap = tr.wrap
		defer tr.check(t)
	}

	c := auditCanaries{
		title:    newCanary(t, "title"),
		body:     newCanary(t, "body"),
		tag:      newCanary(t, "tag"),
		image:    newCanary(t, "image url"),
		link:     newCanary(t, "link url"),
		imported: newCanary(t, "imported"),
		journal:  newCanary(t, "journal name"),
	}
	// The title goes in upper case, so a leak of it is found only because
	// the search ignores case.
	title := "A letter to my younger self " + strings.ToUpper(c.title.value)
	body := fmt.Sprintf("Dear little one, %s. I am here now.\n\n"+
		"![x](https://example.invalid/%s.png)\n\n"+
		"When it gets hard, read [this page](https://example.invalid/%s) again.\n",
		c.body.value, c.image.value, c.link.value)

	pw1 := sb.writeSecret(t, "password.txt", "a quiet river at dawn, slowly")
	pw2 := sb.writeSecret(t, "new-password.txt", "lanterns over the harbour at night")
	pp := sb.writeSecret(t, "backup-passphrase.txt", "seven herons cross the grey estuary")
	journal := filepath.Join(sb.data, "tend")
	restored := filepath.Join(sb.data, "restored")
	imported := filepath.Join(sb.data, "imported")
	backupFile := filepath.Join(sb.home, "journal.tend-backup")
	exportJSON := filepath.Join(sb.home, "journal-export.json")
	exportMD := filepath.Join(sb.home, "journal-markdown")
	jrnlFile := filepath.Join(sb.home, "jrnl-export.json")

	tend := func(dir, pwFile, stdin string, args ...string) string {
		t.Helper()
		return sb.mustRun(t, stdin, append([]string{"--vault", dir, "--password-file", pwFile}, args...)...).stdout
	}
	mustHave := func(what, out string, want ...canary) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(strings.ToLower(out), w.value) {
				t.Errorf("%s does not show the %s canary:\n%s", what, w.field, out)
			}
		}
	}

	tend(journal, pw1, "", "init", "--recovery-key-file", filepath.Join(sb.home, "recovery-key.txt"))
	// A journal whose name is a canary, renamed once, holds the letter.
	book := "Sessions " + c.journal.value
	tend(journal, pw1, "", "journals", "add", "Sessions")
	tend(journal, pw1, "", "journals", "rename", "sessions", book)
	mustHave("tend journals", tend(journal, pw1, "", "journals"), c.journal)
	id := strings.TrimSpace(tend(journal, pw1, body, "add", "--title", title, "--tag", c.tag.value, "--tag", "trust",
		"--date", "2024-03-31", "--mood", "2", "--kind", "letter", "--journal", book))
	mustHave("tend list --journal", tend(journal, pw1, "", "list", "--json", "--journal", "sessions"), c.title, c.journal)
	// A second entry, with the password file named by the environment.
	second := sb.runEnv(t, "Only the "+c.body.value+" again, quietly.", []string{"TEND_PASSWORD_FILE=" + pw1},
		"--vault", journal, "add", "--tag", c.tag.value)
	if second.code != 0 {
		t.Fatalf("tend add with TEND_PASSWORD_FILE: %v", second)
	}

	mustHave("tend list --json", tend(journal, pw1, "", "list", "--json", "--tag", c.tag.value), c.title, c.tag)
	mustHave("tend search --json", tend(journal, pw1, "", "search", "--json", c.body.value), c.title, c.tag)
	mustHave("tend search", tend(journal, pw1, "", "search", "#"+c.tag.value), c.title, c.tag)
	mustHave("tend show", tend(journal, pw1, "", "show", id), c.title, c.body, c.tag, c.image, c.link)
	mustHave("tend show --json", tend(journal, pw1, "", "show", "--json", id), c.title, c.body, c.tag, c.image, c.link)

	// An import from a file the person chose: jrnl's JSON export.
	jrnl, err := json.Marshal(map[string]any{"entries": []map[string]any{{
		"title": "Imported " + c.imported.value, "body": "Written elsewhere: " + c.imported.value,
		"date": "2023-11-02", "time": "21:15", "tags": []string{"@jrnl"}, "starred": true,
	}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(jrnlFile, jrnl, 0o600); err != nil {
		t.Fatal(err)
	}
	tend(journal, pw1, "", "import", "--from", "jrnl", "--yes", jrnlFile)
	mustHave("tend search after the import", tend(journal, pw1, "", "search", "--json", c.imported.value), c.imported)

	tend(journal, pw1, "", "backup", "--passphrase-file", pp, backupFile)
	tend(restored, pw2, "", "restore", "--passphrase-file", pp, backupFile)
	mustHave("tend show in the restored journal", tend(restored, pw2, "", "show", "--json", id), c.title, c.body, c.tag, c.image, c.link)

	tend(journal, pw1, "", "export", "--format", "json", exportJSON)
	tend(journal, pw1, "", "export", "--format", "markdown", exportMD)
	tend(imported, pw2, "", "init", "--recovery-key-file", filepath.Join(sb.home, "imported-recovery-key.txt"))
	tend(imported, pw2, "", "import", "--from", "json", "--yes", exportJSON)
	mustHave("tend show in the journal imported from JSON", tend(imported, pw2, "", "show", "--json", id), c.title, c.body, c.tag, c.image, c.link)
	mustHave("tend journals in the journal imported from JSON", tend(imported, pw2, "", "journals"), c.journal)
	mustHave("tend journals in the restored journal", tend(restored, pw2, "", "journals"), c.journal)

	// The rescue of a damaged journal reads the store's files directly and
	// writes a new journal: it is audited too, once the binary has it.
	if sb.run(t, "", "help", "salvage").code == 0 {
		salvaged := filepath.Join(sb.data, "salvaged")
		tend(journal, pw1, "", "salvage", salvaged)
		mustHave("tend show in the salvaged journal", tend(salvaged, pw1, "", "show", "--json", id), c.title, c.body, c.tag, c.image, c.link)
	} else {
		t.Log("this tend has no salvage command; not audited")
	}

	tend(journal, pw1, "", "passwd", "--new-password-file", pw2)
	tend(journal, pw2, "", "verify")
	// Giving the journal new keys writes every record again, beside the
	// journal and then in its place.
	tend(journal, pw2, "", "rotate", "--new-password-file", pw1, "--recovery-key-file", filepath.Join(sb.home, "rotated-recovery-key.txt"))
	mustHave("tend show after new keys", tend(journal, pw1, "", "show", "--json", id), c.title, c.body, c.tag, c.image, c.link)
	tend(journal, pw1, "", "passwd", "--new-password-file", pw2)
	tend(journal, pw2, "", "verify")
	tend(restored, pw2, "", "verify")

	// The plain files the person asked for hold every canary: the search
	// below would find a leak.
	plain := map[string][]canary{exportJSON: c.all(), exportMD: c.all(), jrnlFile: {c.imported}}
	for p, want := range plain {
		found := scanForCanaries(t, []string{p}, want, nil)
		for _, w := range want {
			if found.hits[w] == nil {
				t.Errorf("the canary search does not find the %s canary in %s, which the person asked for in plain text", w.field, filepath.Base(p))
			}
		}
	}

	excluded := func(p string) bool {
		for q := range plain {
			if p == q || strings.HasPrefix(p, q+string(filepath.Separator)) {
				return true
			}
		}
		return false
	}
	roots := []string{journal, journal + "-backups", sb.home, sb.config, sb.cache, sb.data, sb.tmp}
	total := scanForCanaries(t, roots, c.all(), excluded)
	for _, w := range c.all() {
		for _, p := range total.hits[w] {
			t.Errorf("the %s canary is readable in %s", w.field, p)
		}
	}
	inVault := 0
	for p := range total.files {
		if strings.HasPrefix(p, journal+string(filepath.Separator)) {
			inVault++
		}
	}
	if inVault < 2 {
		t.Errorf("the audit read only %d files of the journal folder; it should see the header and the store", inVault)
	}
	if !total.files[backupFile] {
		t.Errorf("the audit did not read the backup %s", backupFile)
	}
	t.Logf("read %d files (%d of them in the journal folder), %d bytes", len(total.files), inVault, total.bytes)
}

// scanResult is what a canary search found.
type scanResult struct {
	// hits lists, per canary, the files holding it in their bytes or their
	// names.
	hits map[canary][]string
	// files are the files read, each once; bytes counts their bytes.
	files map[string]bool
	bytes int64
}

// scanForCanaries reads every regular file under the roots (a root may be a
// file, or missing), skipping the paths skip reports, and returns where each
// canary appears in a file's bytes or name, ignoring case. Roots may
// overlap: each file is read once.
func scanForCanaries(t *testing.T, roots []string, canaries []canary, skip func(string) bool) scanResult {
	t.Helper()
	res := scanResult{hits: map[canary][]string{}, files: map[string]bool{}}
	visit := func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if skip != nil && skip(p) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if res.files[p] {
			return nil
		}
		var data []byte
		if d.Type().IsRegular() {
			if data, err = os.ReadFile(p); err != nil {
				return err
			}
			data = bytes.ToLower(data)
			res.files[p] = true
			res.bytes += int64(len(data))
		}
		name := strings.ToLower(d.Name())
		for _, c := range canaries {
			if strings.Contains(name, c.value) || bytes.Contains(data, []byte(c.value)) {
				res.hits[c] = append(res.hits[c], p)
			}
		}
		return nil
	}
	for _, root := range roots {
		if _, err := os.Lstat(root); os.IsNotExist(err) {
			continue
		}
		if err := filepath.WalkDir(root, visit); err != nil {
			t.Fatalf("reading %s: %v", root, err)
		}
	}
	return res
}

// netTracer runs each command under strace, logging its socket and connect
// calls to a file per command, outside the folders the audit reads.
type netTracer struct {
	dir  string
	runs []tracedRun
}

// tracedRun is one command and the file strace logged it to.
type tracedRun struct {
	log  string
	args []string
}

// traceArgs are strace's options: follow threads and children, log only
// the calls that open or use a network socket, and no signals.
var traceArgs = []string{"-f", "-qq", "-e", "trace=socket,connect", "-e", "signal=none"}

// newNetTracer returns a tracer, or nil (saying why in the log) when strace
// is missing or cannot trace here, as in a container without ptrace.
func newNetTracer(t *testing.T) *netTracer {
	t.Helper()
	path, err := exec.LookPath("strace")
	if err != nil {
		t.Log("SKIPPED the network audit: strace is not installed (scripts/deps.sh installs it)")
		return nil
	}
	if out, err := exec.Command(path, "-f", "-o", os.DevNull, "true").CombinedOutput(); err != nil {
		t.Logf("SKIPPED the network audit: strace cannot trace here: %v\n%s", err, out)
		return nil
	}
	return &netTracer{dir: t.TempDir()}
}

// wrap is a sandbox's wrap: the same command under strace.
func (n *netTracer) wrap(name string, args []string) (string, []string) {
	log := filepath.Join(n.dir, fmt.Sprintf("run-%03d.strace", len(n.runs)))
	n.runs = append(n.runs, tracedRun{log: log, args: args})
	return "strace", append(append(append([]string(nil), traceArgs...), "-o", log, name), args...)
}

// inetSockets returns the lines of an strace log that open or connect an
// AF_INET or AF_INET6 socket (AF_INET is a prefix of AF_INET6).
func inetSockets(t *testing.T, log string) []string {
	t.Helper()
	f, err := os.Open(log)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var found []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if strings.Contains(sc.Text(), "AF_INET") {
			found = append(found, sc.Text())
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return found
}

// selfCheck runs a program known to open an AF_INET socket (this test
// binary, as a helper) under the same strace options, and fails if the
// tracer does not see it: an audit that cannot see a socket proves nothing.
func (n *netTracer) selfCheck(t *testing.T) {
	t.Helper()
	log := filepath.Join(n.dir, "self-check.strace")
	args := append(append([]string(nil), traceArgs...), "-o", log, os.Args[0])
	cmd := exec.Command("strace", args...)
	cmd.Env = append(os.Environ(), helperEnv+"="+helperOpenUDP)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the strace self-check failed to run: %v\n%s", err, out)
	}
	if len(inetSockets(t, log)) == 0 {
		t.Fatal("strace did not report the AF_INET socket of the self-check, so the network audit would prove nothing")
	}
}

// check fails the test for every command that opened an internet socket.
func (n *netTracer) check(t *testing.T) {
	t.Helper()
	for _, r := range n.runs {
		for _, line := range inetSockets(t, r.log) {
			t.Errorf("tend %s opened a network socket: %s", subcommand(r.args), line)
		}
	}
	t.Logf("network audit: %d runs under strace, no AF_INET/AF_INET6 socket allowed", len(n.runs))
}

// subcommand returns the command a run's arguments name, after the global
// options (which name files and folders, not what was written).
func subcommand(args []string) string {
	for i := 0; i < len(args); i++ {
		switch args[i] {
		case "--vault", "--password-file":
			i++
		default:
			return args[i]
		}
	}
	return "(no command)"
}
