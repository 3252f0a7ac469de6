package backup

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"tend/journal"
)

var testPass = []byte("a long walk by the sea")

// lowCost runs the real scrypt at a low cost for the test, as vault tests
// use a low-cost KDF, and puts the real cost back afterwards.
func lowCost(t testing.TB) {
	old := WorkFactor
	WorkFactor = 10
	t.Cleanup(func() { WorkFactor = old })
}

// archive writes a backup of entries (each with one earlier version) with
// the package's own Writer, encrypted to testPass.
func archive(t testing.TB, entries ...*journal.Entry) []byte {
	t.Helper()
	var out bytes.Buffer
	aw, err := Encrypt(&out, testPass)
	if err != nil {
		t.Fatal(err)
	}
	bw, err := NewWriter(aw, Manifest{
		VaultID:    strings.Repeat("ab", 16),
		Created:    time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC),
		AppVersion: "test",
	}, Readme)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		old := *e
		old.Rev, old.Body = e.Rev-1, "an earlier "+e.Body
		for _, r := range []struct {
			e    *journal.Entry
			name string
			add  func(string, []byte, [32]byte) error
		}{
			{e, EntryName(e.ID), bw.AddEntry},
			{&old, HistoryName(e.ID, old.Rev), bw.AddHistory},
		} {
			doc, err := json.Marshal(r.e)
			if err != nil {
				t.Fatal(err)
			}
			if err := r.add(r.name, doc, sha256.Sum256(doc)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := bw.AddPrefs([]byte(`{"paths":["trust"]}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := bw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := aw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func entry(body string) *journal.Entry {
	return &journal.Entry{
		ID: journal.NewID(), Rev: 2, Kind: journal.KindFree,
		Date: journal.Date{Year: 2026, Month: 3, Day: 9}, Title: "A walk", Body: body,
		Created: time.Date(2026, 3, 9, 7, 0, 0, 0, time.UTC), Updated: time.Date(2026, 3, 9, 7, 5, 0, 0, time.UTC),
	}
}

func TestWriterAndReaderAgree(t *testing.T) {
	lowCost(t)
	a, b := entry("I walked by the sea."), entry("I slept.")
	data := archive(t, a, b)
	c, err := Read(bytes.NewReader(data), testPass)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Manifest.Counts; got != (Counts{Entries: 2, History: 2, Prefs: 1}) {
		t.Errorf("counts %+v", got)
	}
	if len(c.Entries) != 2 || c.Entries[0].Body != a.Body || c.Entries[1].ID != b.ID {
		t.Errorf("entries read back as %+v", c.Entries)
	}
	if len(c.History) != 2 || c.History[0].Rev != 1 || !strings.HasPrefix(c.History[0].Body, "an earlier") {
		t.Errorf("history read back as %+v", c.History)
	}
	if len(c.Prefs.Paths) != 1 {
		t.Errorf("prefs read back as %+v", c.Prefs)
	}
	m, err := Verify(bytes.NewReader(data), testPass)
	if err != nil || m.Counts != c.Manifest.Counts {
		t.Errorf("Verify gave %+v, %v", m.Counts, err)
	}
	if _, err := Read(bytes.NewReader(data), []byte("not it")); !errors.Is(err, ErrPassphrase) {
		t.Errorf("a wrong passphrase gave %v", err)
	}
}

// rawArchive seals tar members as given, bypassing Writer, to make archives
// Writer never would.
func rawArchive(t testing.TB, members ...[2]string) []byte {
	t.Helper()
	rcp, err := age.NewScryptRecipient(string(testPass))
	if err != nil {
		t.Fatal(err)
	}
	rcp.SetWorkFactor(10)
	var out bytes.Buffer
	w, err := age.Encrypt(&out, rcp)
	if err != nil {
		t.Fatal(err)
	}
	tw := tar.NewWriter(w)
	for _, m := range members {
		tw.WriteHeader(&tar.Header{Name: m[0], Mode: 0o600, Size: int64(len(m[1])), Typeflag: tar.TypeReg})
		tw.Write([]byte(m[1]))
	}
	tw.Close()
	w.Close()
	return out.Bytes()
}

func TestReaderRefusesWhatIsNotWhole(t *testing.T) {
	lowCost(t)
	good := archive(t, entry("one"))
	id := strings.Repeat("ab", 16)
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"cut in half", good[:len(good)/2], ErrDamaged},
		{"one flipped byte", flip(good, len(good)-40), ErrDamaged},
		{"not age", []byte("hello, this is a letter"), ErrNotABackup},
		{"empty", nil, ErrNotABackup},
		{"no readme first", rawArchive(t, [2]string{"manifest.json", "{}"}), ErrNotABackup},
		{"no manifest", rawArchive(t, [2]string{"README.txt", "hi"}), ErrDamaged},
		{"a newer format", rawArchive(t, [2]string{"README.txt", "hi"}, [2]string{"manifest.json", `{"format":"tend-backup","format_version":9}`}), ErrNewer},
		{"another format", rawArchive(t, [2]string{"README.txt", "hi"}, [2]string{"manifest.json", `{"format":"zip","format_version":1}`}), ErrNotABackup},
		{"a member twice", rawArchive(t, [2]string{"README.txt", "hi"}, [2]string{"README.txt", "hi"}), ErrDamaged},
		{"an unknown member", rawArchive(t, [2]string{"README.txt", "hi"}, [2]string{"photo.jpg", "x"},
			[2]string{"manifest.json", `{"format":"tend-backup","format_version":1,"vault_id":"` + id + `"}`}), ErrDamaged},
		{"counts that lie", rawArchive(t, [2]string{"README.txt", "hi"},
			[2]string{"manifest.json", `{"format":"tend-backup","format_version":1,"vault_id":"` + id + `","counts":{"entries":3}}`}), ErrDamaged},
	} {
		c, err := Read(bytes.NewReader(tc.data), testPass)
		if c != nil || !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, %v; want %v", tc.name, c != nil, err, tc.want)
		}
	}
}

func flip(b []byte, i int) []byte {
	b = bytes.Clone(b)
	b[i] ^= 0x40
	return b
}

// FuzzReadBackup checks that no input makes the reader panic, and that it
// returns either contents or an error, never both.
func FuzzReadBackup(f *testing.F) {
	lowCost(f)
	good := archive(f, entry("I walked by the sea."))
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(rawArchive(f, [2]string{"README.txt", "hi"}, [2]string{"manifest.json", `{"format":"tend-backup","format_version":1}`}))
	f.Add([]byte("age-encryption.org/v1\n-> scrypt AAAAAAAAAAAAAAAAAAAAAA 10\n"))
	withFiles, _ := archiveWithFiles(f, []byte("a picture"), []byte("another"))
	f.Add(withFiles)
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Read(bytes.NewReader(data), testPass)
		if err == nil && c == nil {
			t.Fatal("no contents and no error")
		}
		if err != nil && c != nil {
			t.Fatal("contents with an error")
		}
		if c == nil {
			return
		}
		defer c.Close()
		// Every file an entry lists is held, with its size and hash.
		for _, e := range append(c.Entries, c.History...) {
			for _, f := range e.Files {
				b, err := c.Files.ReadAll(f.SHA256)
				if sum := sha256.Sum256(b); err != nil || int64(len(b)) != f.Size || hex.EncodeToString(sum[:]) != f.SHA256 {
					t.Fatalf("a listed file reads back as %d bytes, %v", len(b), err)
				}
			}
		}
	})
}
