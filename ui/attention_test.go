package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"tend/app"
	"tend/cli"
	"tend/journal"
	"tend/vault"
)

// asCLIEnv makes this test binary act as the tend command line, so the
// app's store checks run in a real child process.
const asCLIEnv = "TEND_TEST_AS_CLI"

func TestMain(m *testing.M) {
	// The fuzzer's own workers are this binary too, and stay tests.
	fuzzWorker := slices.ContainsFunc(os.Args, func(a string) bool { return strings.HasPrefix(a, "-test.fuzzworker") })
	if os.Getenv(asCLIEnv) == "1" && !fuzzWorker {
		inv, code := cli.ParseArgs(os.Args[1:], os.Stdout, os.Stderr)
		if inv == nil {
			os.Exit(code)
		}
		os.Exit(cli.RunCommand(inv, os.Stdin, os.Stdout, os.Stderr))
	}
	// Children this test binary starts (the store checks, and verify's own
	// child) act as the command line too.
	os.Setenv(asCLIEnv, "1")
	// The window speaks English here whatever the machine's language, as
	// the render masters do; a test of another language chooses it.
	os.Setenv("LC_ALL", "en_US.UTF-8")
	os.Unsetenv("LANGUAGE") // it would come before LC_ALL for the messages' language
	os.Exit(m.Run())
}

// damagedJournal makes a journal with entries and an automatic backup,
// then leaves it as a crash on a failing disk would: the store's lock file
// left behind and a byte flipped in every table file.
func damagedJournal(t *testing.T) (string, []journal.ID) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "journal")
	s := app.NewSession(dir)
	s.UseKDF(vault.TestKDF)
	if _, err := s.Create([]byte(goodPassword)); err != nil {
		t.Fatal(err)
	}
	var ids []journal.ID
	for i := range 30 {
		e := &journal.Entry{
			Kind: journal.KindFree, Date: journal.Date{Year: 2026, Month: time.October, Day: 1 + i},
			Title: "A day", Body: strings.Repeat("Today I noticed I was safe. ", 25),
		}
		if err := s.Vault().Put(e); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	if _, err := s.SnapshotNow(); err != nil {
		t.Fatal(err)
	}
	if err := s.Lock(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "store", "LOCK"), []byte("1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tables, _ := filepath.Glob(filepath.Join(dir, "store", "*.sst"))
	for _, p := range tables {
		b, _ := os.ReadFile(p)
		b[len(b)/3] ^= 0xff
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if len(tables) == 0 {
		t.Fatal("no table files")
	}
	return dir, ids
}

// unlockDamaged starts the app on dir and types the password.
func unlockDamaged(t *testing.T, dir string) (*UI, *app.Session) {
	t.Helper()
	u, s := newTestUI(t, dir)
	s.UseChildCommand(os.Args[0], asCLIEnv+"=1")
	u.start()
	test.Type(u.unlock.password, goodPassword)
	test.Tap(u.unlock.unlock)
	u.wait()
	if u.attention == nil {
		t.Fatal("a damaged journal did not show the attention screen")
	}
	if s.Unlocked() {
		t.Fatal("a damaged journal was opened without asking")
	}
	return u, s
}

func TestDamagedJournalOffersRescue(t *testing.T) {
	dir, ids := damagedJournal(t)
	u, s := unlockDamaged(t, dir)
	a := u.attention
	if !strings.Contains(a.summary(), "found damage in") || !strings.Contains(a.summary(), "Nothing has been deleted") {
		t.Fatalf("summary %q", a.summary())
	}
	// The three ways forward, in order, then the details.
	var labels []string
	for _, b := range a.buttons {
		labels = append(labels, b.Text)
	}
	if len(labels) < 3 || !strings.HasPrefix(labels[0], "Restore the automatic backup of") ||
		labels[1] != "Rescue everything that can still be read" || labels[2] != "Open it as it is" {
		t.Fatalf("choices %q", labels)
	}
	details := a.detailText()
	if !strings.Contains(details, dir) || !strings.Contains(details, "damaged") {
		t.Fatalf("details %q", details)
	}

	test.Tap(a.buttons[1])
	u.wait()
	if !s.Unlocked() || u.shell == nil {
		t.Fatal("after the rescue the journal is not open")
	}
	if a.password != nil {
		t.Fatal("the attention screen kept the password")
	}
	list, err := s.Vault().List(vault.ListQuery{})
	if err != nil || len(list) == 0 || len(list) > len(ids) {
		t.Fatalf("rescued journal lists %d entries: %v", len(list), err)
	}
	if asides, _ := filepath.Glob(dir + "-damaged-*"); len(asides) != 1 {
		t.Fatalf("the damaged journal was not kept aside: %v", asides)
	}
}

func TestDamagedJournalRestoresNewestBackup(t *testing.T) {
	dir, ids := damagedJournal(t)
	u, s := unlockDamaged(t, dir)
	if u.attention.damage.Snapshot == nil {
		t.Fatal("the attention screen offers no automatic backup")
	}
	u.attention.restore(*u.attention.damage.Snapshot)
	u.wait()
	if u.keyShown == nil {
		t.Fatal("restoring did not show the new recovery key")
	}
	for _, id := range ids {
		if _, err := s.Vault().Get(id); err != nil {
			t.Fatalf("entry %s not restored: %v", id, err)
		}
	}
	if asides, _ := filepath.Glob(dir + "-damaged-*"); len(asides) != 1 {
		t.Fatalf("the damaged journal was not kept aside: %v", asides)
	}
}
