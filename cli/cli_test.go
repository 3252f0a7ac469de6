package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tend/app"
	"tend/internal/say"
	"tend/journal"
	"tend/vault"
)

const cliPassword = "a quiet river at dawn"

// cliEnv is a vault folder and a password file for driving the command line.
type cliEnv struct {
	t      *testing.T
	dir    string
	pwFile string
}

func newCLIEnv(t *testing.T) *cliEnv {
	t.Helper()
	root := t.TempDir()
	env := &cliEnv{t: t, dir: filepath.Join(root, "vault"), pwFile: filepath.Join(root, "pw")}
	if err := os.WriteFile(env.pwFile, []byte(cliPassword+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return env
}

// run runs one command with the given standard input; it returns the exit
// status, standard output and standard error.
func (e *cliEnv) run(stdin string, args ...string) (int, string, string) {
	e.t.Helper()
	return e.runWith(nil, stdin, args...)
}

func (e *cliEnv) runWith(tty terminal, stdin string, args ...string) (int, string, string) {
	e.t.Helper()
	var out, errb bytes.Buffer
	full := append([]string{"--vault", e.dir, "--password-file", e.pwFile}, args...)
	inv, code := ParseArgs(full, &out, &errb)
	if inv == nil {
		return code, out.String(), errb.String()
	}
	c := &cli{
		inv: inv, stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, kdf: vault.TestKDF,
		tty: func() (terminal, error) {
			if tty == nil {
				return nil, errNoTerminal
			}
			return tty, nil
		},
	}
	return c.run(), out.String(), errb.String()
}

// fakeTTY answers password prompts from a list.
type fakeTTY struct{ answers []string }

func (f *fakeTTY) ReadSecret(string) ([]byte, error) {
	if len(f.answers) == 0 {
		return nil, errors.New("no more answers")
	}
	a := f.answers[0]
	f.answers = f.answers[1:]
	return []byte(a), nil
}

func (f *fakeTTY) Close() error { return nil }

func TestCLIInitAddListSearchShow(t *testing.T) {
	e := newCLIEnv(t)
	rkFile := filepath.Join(t.TempDir(), "rk")
	code, out, errs := e.run("", "init", "--recovery-key-file", rkFile)
	if code != app.ExitOK {
		t.Fatalf("init: %d %s %s", code, out, errs)
	}
	if b, err := os.ReadFile(rkFile); err != nil || strings.Count(string(b), "-") != 8 {
		t.Fatalf("recovery key file: %q %v", b, err)
	}
	if strings.Contains(out, "-") && strings.Contains(out, string(mustRead(t, rkFile))[:9]) {
		t.Fatal("the recovery key was printed although a file was named")
	}

	code, id, errs := e.run("Today I *felt* safe with Sam.\n", "add", "--title", "Small step", "--tag", "trust", "--tag", "Sam", "--date", "2026-11-20", "--mood", "4")
	if code != app.ExitOK || len(strings.TrimSpace(id)) != 32 {
		t.Fatalf("add: %d %q %s", code, id, errs)
	}
	id = strings.TrimSpace(id)
	if code, _, errs := e.run("checking in", "add", "--kind", "checkin"); code != app.ExitOK {
		t.Fatalf("add check-in: %s", errs)
	}

	code, out, _ = e.run("", "list", "--json")
	var list []map[string]any
	if code != app.ExitOK || json.Unmarshal([]byte(out), &list) != nil || len(list) != 2 {
		t.Fatalf("list --json: %d %s", code, out)
	}
	last := list[1]
	if last["id"] != id || last["date"] != "2026-11-20" || last["title"] != "Small step" || last["kind"] != "free" || last["mood"] != 4.0 {
		t.Fatalf("list entry: %v", last)
	}
	if tags := last["tags"].([]any); len(tags) != 2 || tags[0] != "trust" {
		t.Fatalf("tags: %v", last["tags"])
	}
	code, out, _ = e.run("", "list", "--tag", "sam")
	if code != app.ExitOK || !strings.Contains(out, "Small step") || strings.Count(out, "\n") != 1 {
		t.Fatalf("list --tag: %q", out)
	}

	code, out, _ = e.run("", "search", "--json", "felt saf")
	var found struct {
		Total   int
		More    bool
		Results []map[string]any
	}
	if code != app.ExitOK || json.Unmarshal([]byte(out), &found) != nil || found.Total != 1 || found.More || len(found.Results) != 1 || found.Results[0]["id"] != id {
		t.Fatalf("search: %d %s", code, out)
	}
	hits := found.Results
	if !strings.Contains(hits[0]["snippet"].(string), "safe") {
		t.Fatalf("snippet %q", hits[0]["snippet"])
	}
	code, out, _ = e.run("", "search", "nothing-like-this")
	if code != app.ExitOK || !strings.Contains(out, "Nothing matched") {
		t.Fatalf("empty search: %q", out)
	}

	code, out, _ = e.run("", "show", id)
	if code != app.ExitOK || !strings.Contains(out, "Today I *felt* safe with Sam.") || !strings.Contains(out, "#trust") {
		t.Fatalf("show: %q", out)
	}
	code, out, _ = e.run("", "show", "--json", id)
	var full journal.Entry
	if code != app.ExitOK || json.Unmarshal([]byte(out), &full) != nil || full.Body != "Today I *felt* safe with Sam." {
		t.Fatalf("show --json: %s", out)
	}

	code, out, _ = e.run("", "verify")
	if code != app.ExitOK || !strings.Contains(out, "All 2 entries are whole") {
		t.Fatalf("verify: %d %q", code, out)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func treeFingerprint(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out[p] = string(mustRead(t, p))
		}
		return nil
	})
	return out
}

func TestCLIWrongPasswordExit3AndNoChange(t *testing.T) {
	e := newCLIEnv(t)
	if code, _, errs := e.run("", "init", "--recovery-key-file", filepath.Join(t.TempDir(), "rk")); code != 0 {
		t.Fatal(errs)
	}
	before := treeFingerprint(t, e.dir)
	os.WriteFile(e.pwFile, []byte("not the password\n"), 0o600)
	code, out, errs := e.run("body", "add")
	if code != app.ExitWrongPassword || out != "" || strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.Contains(errs, "does not open") {
		t.Fatalf("wrong password: %d %q %q", code, out, errs)
	}
	after := treeFingerprint(t, e.dir)
	if len(before) != len(after) {
		t.Fatal("a wrong password changed the vault's files")
	}
	for p, b := range before {
		if after[p] != b {
			t.Fatalf("a wrong password changed %s", p)
		}
	}
}

func TestCLIInUseExit4(t *testing.T) {
	e := newCLIEnv(t)
	if code, _, errs := e.run("", "init", "--recovery-key-file", filepath.Join(t.TempDir(), "rk")); code != 0 {
		t.Fatal(errs)
	}
	v, err := vault.Open(e.dir, []byte(cliPassword))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	code, _, errs := e.run("", "list")
	if code != app.ExitInUse || !strings.Contains(errs, "open in another") {
		t.Fatalf("in use: %d %q", code, errs)
	}
}

func TestCLIUsageAndErrors(t *testing.T) {
	e := newCLIEnv(t)
	if code, _, errs := e.run("", "list"); code != app.ExitError || !strings.Contains(errs, "no journal") {
		t.Fatalf("no vault: %d %q", code, errs)
	}
	if code, _, _ := e.run("", "frobnicate"); code != app.ExitUsage {
		t.Fatalf("unknown command: %d", code)
	}
	if code, _, errs := e.run("", "add", "--date", "yesterday"); code != app.ExitUsage || !strings.Contains(errs, "2024-03-31") {
		t.Fatalf("bad date: %d %q", code, errs)
	}
	if code, _, _ := e.run("", "add", "--kind", "poem"); code != app.ExitUsage {
		t.Fatal("bad kind accepted")
	}
	if code, _, _ := e.run("", "show", "xyz"); code != app.ExitUsage {
		t.Fatal("bad id accepted")
	}
	var out, errb bytes.Buffer
	if _, code := ParseArgs([]string{"help"}, &out, &errb); code != app.ExitOK || !strings.Contains(out.String(), "Commands:") {
		t.Fatalf("help: %d %q", code, out.String())
	}
	out.Reset()
	if _, code := ParseArgs([]string{"help", "add"}, &out, &errb); code != app.ExitOK || !strings.Contains(out.String(), "standard input") {
		t.Fatalf("help add: %q", out.String())
	}
	// Without a file or a terminal, secrets are never taken from argv.
	e.pwFile = ""
	t.Setenv(app.PasswordFileEnv, "")
	var o, eb bytes.Buffer
	inv, _ := ParseArgs([]string{"--vault", e.dir, "init"}, &o, &eb)
	c := &cli{
		inv: inv, stdin: strings.NewReader(""), stdout: &o, stderr: &eb, kdf: vault.TestKDF,
		tty: func() (terminal, error) { return nil, errNoTerminal },
	}
	if code := c.run(); code != app.ExitUsage || !strings.Contains(eb.String(), "--password-file") {
		t.Fatalf("no terminal: %d %q", code, eb.String())
	}
}

func TestCLIPasswdAndRecoverOnTerminal(t *testing.T) {
	e := newCLIEnv(t)
	pwFile := e.pwFile
	e.pwFile = ""
	// init on a terminal: a mismatch first, then the same password twice.
	tty := &fakeTTY{answers: []string{cliPassword, "something else", cliPassword, cliPassword}}
	code, out, errs := e.runWith(tty, "", "init")
	if code != app.ExitOK || !strings.Contains(errs, "were different") {
		t.Fatalf("init on terminal: %d %q %q", code, out, errs)
	}
	var key string
	for _, line := range strings.Split(out, "\n") {
		if k := strings.TrimSpace(line); strings.Count(k, "-") == 8 {
			key = k
		}
	}
	if _, err := vault.ParseRecoveryKey(key); err != nil {
		t.Fatalf("init printed no recovery key: %q", out)
	}

	e.pwFile = pwFile
	newFile := filepath.Join(t.TempDir(), "new")
	os.WriteFile(newFile, []byte("the second gentle password\n"), 0o600)
	if code, _, errs := e.run("", "passwd", "--new-password-file", newFile); code != app.ExitOK {
		t.Fatalf("passwd: %s", errs)
	}
	if code, _, _ := e.run("", "list"); code != app.ExitWrongPassword {
		t.Fatal("the old password still works after passwd")
	}

	// Forgot it: the recovery key from the terminal, then a new password.
	rkFile := filepath.Join(t.TempDir(), "rk")
	os.WriteFile(rkFile, []byte(strings.ToLower(key)+"\n"), 0o600)
	third := filepath.Join(t.TempDir(), "third")
	os.WriteFile(third, []byte("a third and final password\n"), 0o600)
	if code, _, errs := e.run("", "recover", "--recovery-key-file", rkFile, "--new-password-file", third); code != app.ExitOK {
		t.Fatalf("recover: %s", errs)
	}
	e.pwFile = third
	if code, _, errs := e.run("", "list"); code != app.ExitOK {
		t.Fatalf("new password after recover: %s", errs)
	}
	os.WriteFile(rkFile, []byte("0000-0000-0000-0000-0000-0000-0000-0000-0000\n"), 0o600)
	if code, _, _ := e.run("", "recover", "--recovery-key-file", rkFile, "--new-password-file", third); code != app.ExitWrongPassword {
		t.Fatal("a wrong recovery key did not exit 3")
	}
}

func TestCLIInitRefusesAnExistingKeyFileBeforeCreating(t *testing.T) {
	e := newCLIEnv(t)
	rkFile := filepath.Join(t.TempDir(), "rk")
	os.WriteFile(rkFile, []byte("something else\n"), 0o600)
	code, _, errs := e.run("", "init", "--recovery-key-file", rkFile)
	if code != app.ExitError || !strings.Contains(errs, "Nothing was created") {
		t.Fatalf("init over an existing key file: %d %q", code, errs)
	}
	if ok, _ := vault.Exists(e.dir); ok {
		t.Fatal("a journal was created although its recovery key could not be saved")
	}
	if string(mustRead(t, rkFile)) != "something else\n" {
		t.Fatal("the existing file was changed")
	}
}

// TestCLIListNamesUntitledEntries: list and search name an entry by its
// headline, as the app's lists do, never "(untitled …)".
func TestCLIListNamesUntitledEntries(t *testing.T) {
	e := newCLIEnv(t)
	if code, out, errs := e.run("", "init", "--recovery-key-file", filepath.Join(t.TempDir(), "rk")); code != app.ExitOK {
		t.Fatalf("init: %d %s %s", code, out, errs)
	}
	if code, _, errs := e.run("# Woke early\n\nThe house was still and I made tea.\n", "add"); code != app.ExitOK {
		t.Fatal(errs)
	}
	if code, _, errs := e.run("checking in", "add", "--kind", "checkin"); code != app.ExitOK {
		t.Fatal(errs)
	}
	code, out, _ := e.run("", "list")
	if code != app.ExitOK || !strings.Contains(out, "  Woke early\n") || !strings.Contains(out, "  Check-in\n") || strings.Contains(out, "untitled") {
		t.Fatalf("list: %q", out)
	}
	code, out, _ = e.run("", "search", "tea")
	if code != app.ExitOK || !strings.Contains(out, "  Woke early") {
		t.Fatalf("search: %q", out)
	}
	// Saved in English, listed in German: the kind's words are German, the
	// person's first line as they wrote it.
	inLocale(t, "", "", "de_DE.UTF-8")
	code, out, _ = e.run("", "list")
	if code != app.ExitOK || !strings.Contains(out, "  Woke early\n") || !strings.Contains(out, "  Kurz nachgespürt\n") {
		t.Fatalf("list in German: %q", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasSuffix(line, "Kurz nachgespürt") {
			code, out, _ = e.run("", "show", strings.Fields(line)[0])
			if code != app.ExitOK || !strings.Contains(out, " · Kurz nachgespürt") {
				t.Fatalf("show in German: %q", out)
			}
		}
	}
}

func TestTitleOf(t *testing.T) {
	for _, c := range []struct {
		e    journal.Entry
		want string
	}{
		{journal.Entry{Kind: journal.KindFree, Title: "Given", Headline: "Given"}, "Given"},
		{journal.Entry{Kind: journal.KindFree, Headline: "From the summary"}, "From the summary"},
		// A whole entry whose summary an earlier Tend saved: from its text.
		{journal.Entry{Kind: journal.KindFree, Body: "First line\nand more"}, "First line"},
		// A summary alone, not yet brought up to date: its kind.
		{journal.Entry{Kind: journal.KindWordsActions}, "Words and actions"},
	} {
		if got := say.Name(&c.e); got != c.want {
			t.Errorf("say.Name(%+v) = %q, want %q", c.e, got, c.want)
		}
	}
}
