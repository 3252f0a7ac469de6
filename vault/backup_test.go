package vault_test

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"tend/backup"
	"tend/internal/vaulttest"
	"tend/journal"
	"tend/vault"
)

// These tests read backups as an outsider would, through the exported API
// and the age library, so they live in the external test package.

var backupPass = []byte("a long walk by the sea")

// backupVault is a vault with one entry of every kind, some edited (so they
// have history), one in the trash, and preferences.
func backupVault(t testing.TB) (*vault.Vault, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "vault")
	v, _, err := vault.Create(dir, []byte("a quiet river at dawn"), vault.TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	d := journal.Date{Year: 2025, Month: time.March, Day: 14}
	entries := []*journal.Entry{
		{Kind: journal.KindFree, Date: d, Title: "Free", Body: "Just *writing*, naïve café.", Tags: []string{"a", "b"}, Mood: 3},
		{Kind: journal.KindPrompted, Date: d, Body: "An answer", Prompt: &journal.PromptRef{Path: "acceptance", Step: "a1", Text: "What is hard?"}},
		{Kind: journal.KindLetter, Date: d, Body: "Dear little one", Fields: journal.Fields{Letter: &journal.Letter{Age: 7, Opening: "Dear you at seven,"}}},
		{Kind: journal.KindDialogue, Date: d, Fields: journal.Fields{Dialogue: &journal.Dialogue{Age: 9, Turns: []journal.Turn{{Voice: journal.VoiceNow, Text: "I'm here."}, {Voice: journal.VoiceChild, Text: "Are you staying?"}}}}},
		{Kind: journal.KindCheckIn, Date: d, Mood: 2, Fields: journal.Fields{CheckIn: &journal.CheckIn{Safety: 4, Emotions: []string{"anxious", "hopeful"}, Attachment: journal.AttachAnxious, BodyNotes: "tight chest"}}},
		{Kind: journal.KindConversation, Date: d, Fields: journal.Fields{Conversation: &journal.Conversation{Observation: "o", Feeling: "f", Need: "n", Request: "r", Opening: "op", Debrief: &journal.Debrief{Date: d.AddDays(2), Response: "listened"}}}},
		{Kind: journal.KindWordsActions, Date: d, Fields: journal.Fields{WordsActions: &journal.WordsActions{Label: "Sam", Said: "I'll call", Did: "called", Match: journal.Matched}}},
		{Kind: journal.KindIncident, Date: d, Fields: journal.Fields{Incident: &journal.Incident{What: "w", Repair: "apology", Choice: journal.ChoiceUndecided, Recurred: true}}},
		{Kind: journal.KindTherapyNote, Date: d.AddDays(-400), Fields: journal.Fields{TherapyNote: &journal.TherapyNote{Bring: "b", CameUp: "c", Try: "t"}}},
	}
	for _, e := range entries {
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
	}
	for i, e := range entries[:3] {
		for j := range i + 1 {
			e.Body += fmt.Sprintf(" And later %d.", j)
			if err := v.Put(e); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := v.Delete(entries[8].ID); err != nil {
		t.Fatal(err)
	}
	if err := v.SetPrefs(journal.Prefs{HiddenTags: []string{"a"}, Paths: []string{"acceptance"}}); err != nil {
		t.Fatal(err)
	}
	return v, dir
}

func backupOf(t testing.TB, v *vault.Vault) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := v.Backup(&buf, backupPass, "test", nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// snapshot is everything a person can read in a vault, as JSON.
func snapshot(t *testing.T, v *vault.Vault) string {
	t.Helper()
	var all []*journal.Entry
	for _, trash := range []bool{false, true} {
		list, err := v.List(vault.ListQuery{Trash: trash})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, list...)
	}
	var b strings.Builder
	for _, s := range all {
		e, err := v.Get(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		h, err := v.History(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		j, _ := json.Marshal(struct {
			E *journal.Entry
			H []*journal.Entry
		}{e, h})
		b.Write(j)
		b.WriteByte('\n')
	}
	p, err := v.Prefs()
	if err != nil {
		t.Fatal(err)
	}
	j, _ := json.Marshal(p)
	b.Write(j)
	return b.String()
}

func TestBackupRestoreRoundTrip(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, _ := backupVault(t)
	var done, total int
	var buf bytes.Buffer
	m, err := v.Backup(&buf, backupPass, "test", func(d, n int) { done, total = d, n })
	if err != nil {
		t.Fatal(err)
	}
	if m.Counts != (backup.Counts{Entries: 9, History: 7, Prefs: 1}) || done != total || total != 16 {
		t.Fatalf("counts %+v, progress %d/%d", m.Counts, done, total)
	}
	c, err := backup.Read(bytes.NewReader(buf.Bytes()), backupPass)
	if err != nil {
		t.Fatal(err)
	}
	if !reflectJSONEqual(c.Manifest, m) {
		t.Fatalf("manifest read back differs:\n%+v\n%+v", c.Manifest, m)
	}
	dir := filepath.Join(t.TempDir(), "restored")
	w, rk, err := vault.RestoreNew(dir, c, []byte("another good password"), vault.TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if rk.String() == "" {
		t.Fatal("no recovery key")
	}
	want := snapshot(t, v)
	if got := snapshot(t, w); got != want {
		t.Fatalf("restored journal differs:\n got %s\nwant %s", got, want)
	}
	// A second restore into the same folder is refused.
	if _, _, err := vault.RestoreNew(dir, c, []byte("another good password"), vault.TestKDF); !errors.Is(err, vault.ErrVaultExists) {
		t.Fatalf("restore over a vault: %v", err)
	}
	// The restored vault reopens and verifies.
	w.Close()
	w, err = vault.Open(dir, []byte("another good password"))
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := w.Verify(); err != nil || !rep.OK() {
		t.Fatalf("verify: %v %+v", err, rep)
	}
	if got := snapshot(t, w); got != want {
		t.Fatal("restored journal differs after reopening")
	}
}

func reflectJSONEqual(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

// TestBackupOutsideReader opens a backup the way someone without Tend
// would: the age library and a tar reader.
func TestBackupOutsideReader(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, _ := backupVault(t)
	data := backupOf(t, v)
	id, err := age.NewScryptIdentity(string(backupPass))
	if err != nil {
		t.Fatal(err)
	}
	r, err := age.Decrypt(bytes.NewReader(data), id)
	if err != nil {
		t.Fatal(err)
	}
	members := map[string][]byte{}
	var names []string
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		members[h.Name] = b
		names = append(names, h.Name)
	}
	if names[0] != "README.txt" || !strings.Contains(string(members["README.txt"]), "age -d") {
		t.Fatalf("first member %q", names[0])
	}
	var m struct {
		Format        string `json:"format"`
		FormatVersion int    `json:"format_version"`
		Counts        struct{ Entries int }
		Members       []struct {
			Name   string
			SHA256 string
		}
	}
	if err := json.Unmarshal(members["manifest.json"], &m); err != nil {
		t.Fatal(err)
	}
	if m.Format != "tend-backup" || m.FormatVersion != 1 || m.Counts.Entries != 9 || len(m.Members) != len(names)-1 {
		t.Fatalf("manifest %+v", m)
	}
	found := false
	for _, mm := range m.Members {
		sum := sha256.Sum256(members[mm.Name])
		if hex.EncodeToString(sum[:]) != mm.SHA256 {
			t.Fatalf("%s: checksum differs", mm.Name)
		}
		if !strings.HasPrefix(mm.Name, "entries/") {
			continue
		}
		var e map[string]any
		if err := json.Unmarshal(members[mm.Name], &e); err != nil {
			t.Fatal(err)
		}
		if e["title"] == "Free" {
			found = strings.HasPrefix(e["body"].(string), "Just *writing*") && e["date"] == "2025-03-14"
		}
	}
	if !found {
		t.Fatal("the free entry was not readable")
	}
}

// member is one file of a rewritten archive.
type member struct {
	name string
	data []byte
}

// rewrap decrypts a backup, lets edit change its members, and encrypts the
// result again with the same passphrase: a backup a liar could make.
func rewrap(t *testing.T, data []byte, edit func([]member) []member) []byte {
	t.Helper()
	id, _ := age.NewScryptIdentity(string(backupPass))
	r, err := age.Decrypt(bytes.NewReader(data), id)
	if err != nil {
		t.Fatal(err)
	}
	var ms []member
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(tr)
		ms = append(ms, member{h.Name, b})
	}
	return sealMembers(t, edit(ms))
}

func sealMembers(t testing.TB, ms []member) []byte {
	t.Helper()
	rcp, _ := age.NewScryptRecipient(string(backupPass))
	rcp.SetWorkFactor(10)
	var out bytes.Buffer
	w, err := age.Encrypt(&out, rcp)
	if err != nil {
		t.Fatal(err)
	}
	tw := tar.NewWriter(w)
	for _, m := range ms {
		tw.WriteHeader(&tar.Header{Name: m.name, Mode: 0o600, Size: int64(len(m.data)), Typeflag: tar.TypeReg})
		tw.Write(m.data)
	}
	tw.Close()
	w.Close()
	return out.Bytes()
}

func editManifest(t *testing.T, ms []member, edit func(map[string]any)) []member {
	t.Helper()
	last := &ms[len(ms)-1]
	var m map[string]any
	if err := json.Unmarshal(last.data, &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	last.data, _ = json.Marshal(m)
	return ms
}

func TestBadBackupsChangeNothing(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, dir := backupVault(t)
	good := backupOf(t, v)
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	// The journal stays locked: restoring reads the whole backup before it
	// opens the journal, and a bad backup stops it there. (Opening Badger
	// alone starts a new log file, so the folder is hashed closed.)
	before := vaulttest.HashTree(t, dir)
	restore := func(data []byte, pass []byte) error {
		c, err := backup.Read(bytes.NewReader(data), pass)
		if err == nil || c != nil {
			t.Fatal("a bad backup was read as good")
		}
		return err
	}
	check := func(name string, data []byte, pass []byte, want error, words string) {
		t.Helper()
		err := restore(data, pass)
		if !errors.Is(err, want) {
			t.Errorf("%s: got %v, want %v", name, err, want)
			return
		}
		if !strings.Contains(err.Error(), words) {
			t.Errorf("%s: %q does not say %q", name, err, words)
		}
	}

	check("wrong passphrase", good, []byte("not the passphrase"), backup.ErrPassphrase, "passphrase")
	check("empty", nil, backupPass, backup.ErrNotABackup, "not an age")
	for _, n := range []int{1, 10, 22, 23, 30, 40, 60, 80, 100, 120, 150, 200, 300, 500, 1000, len(good) / 2, len(good) - 100, len(good) - 17, len(good) - 16, len(good) - 1} {
		check(fmt.Sprintf("truncated at %d of %d", n, len(good)), good[:n], backupPass, backup.ErrDamaged, "")
	}
	// The header MAC is the base64 after "\n--- ".
	mac := bytes.Index(good, []byte("\n--- ")) + 6
	flipped := bytes.Clone(good)
	flipped[mac] ^= 0x01
	check("header byte flipped", flipped, backupPass, backup.ErrDamaged, "header")
	flipped = bytes.Clone(good)
	flipped[len(good)-200] ^= 0x01
	check("payload byte flipped", flipped, backupPass, backup.ErrDamaged, "changed after it was written")

	check("not age", []byte("Dear diary, today I wrote nothing.\n"), backupPass, backup.ErrNotABackup, "not an age")
	check("foreign tar", sealMembers(t, []member{{"hello.txt", []byte("hello")}}), backupPass, backup.ErrNotABackup, "not a Tend archive")
	check("foreign payload", sealRaw(t, []byte("just some words, not an archive at all, repeated. ")), backupPass, backup.ErrNotABackup, "")

	var entryName string
	lying := rewrap(t, good, func(ms []member) []member {
		return editManifest(t, ms, func(m map[string]any) {
			for _, mm := range m["members"].([]any) {
				mm := mm.(map[string]any)
				if strings.HasPrefix(mm["name"].(string), "entries/") {
					entryName = mm["name"].(string)
					mm["sha256"] = strings.Repeat("0", 64)
					return
				}
			}
		})
	})
	check("manifest lies about a hash", lying, backupPass, backup.ErrDamaged, entryName+" does not match the checksum")
	check("an entry changed", rewrap(t, good, func(ms []member) []member {
		for i := range ms {
			if ms[i].name == entryName {
				// Still valid JSON, so only the checksum can tell. (Editing
				// a field by text was flaky: the entry chosen is random.)
				ms[i].data = append(bytes.Clone(ms[i].data), ' ')
			}
		}
		return ms
	}), backupPass, backup.ErrDamaged, "checksum")
	check("missing member", rewrap(t, good, func(ms []member) []member {
		return append(ms[:1:1], ms[2:]...)
	}), backupPass, backup.ErrDamaged, "")
	check("extra member", rewrap(t, good, func(ms []member) []member {
		return append(ms[:1:1], append([]member{{"notes/x.txt", []byte("x")}}, ms[1:]...)...)
	}), backupPass, backup.ErrDamaged, "does not know")
	check("duplicated member", rewrap(t, good, func(ms []member) []member {
		return append(ms[:2:2], ms[1:]...)
	}), backupPass, backup.ErrDamaged, "twice")
	check("manifest not last", rewrap(t, good, func(ms []member) []member {
		return append(ms, member{"prefs.json", []byte("{}")})
	}), backupPass, backup.ErrDamaged, "follows")
	check("newer format", rewrap(t, good, func(ms []member) []member {
		return editManifest(t, append(ms[:len(ms)-1:len(ms)-1], member{"photos/1.jpg", []byte{1}}, ms[len(ms)-1]), func(m map[string]any) {
			m["format_version"] = backup.FormatVersion + 1
		})
	}), backupPass, backup.ErrNewer, "newer")
	check("manifest miscounts", rewrap(t, good, func(ms []member) []member {
		return editManifest(t, ms, func(m map[string]any) { m["counts"].(map[string]any)["entries"] = 10 })
	}), backupPass, backup.ErrDamaged, "counts")

	after := vaulttest.HashTree(t, dir)
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s appeared", p)
		}
	}
	for p, h := range before {
		if after[p] != h {
			t.Errorf("%s changed", p)
		}
	}
}

// sealRaw encrypts bytes that are not an archive.
func sealRaw(t *testing.T, plain []byte) []byte {
	t.Helper()
	rcp, _ := age.NewScryptRecipient(string(backupPass))
	rcp.SetWorkFactor(10)
	var out bytes.Buffer
	w, _ := age.Encrypt(&out, rcp)
	w.Write(bytes.Repeat(plain, 20))
	w.Close()
	return out.Bytes()
}

func TestMergeIsIdempotent(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, _ := backupVault(t)
	c, err := backup.Read(bytes.NewReader(backupOf(t, v)), backupPass)
	if err != nil {
		t.Fatal(err)
	}
	// Into the journal it came from: nothing to do.
	before := snapshot(t, v)
	rep, err := v.Merge(c)
	if err != nil || rep != (vault.MergeReport{Skipped: 9}) {
		t.Fatalf("merge into its own journal: %+v %v", rep, err)
	}
	if snapshot(t, v) != before {
		t.Fatal("merging a journal into itself changed it")
	}
	// Into another journal: added once, then skipped.
	w, _, err := vault.Create(filepath.Join(t.TempDir(), "other"), []byte("another good password"), vault.TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	own := &journal.Entry{Kind: journal.KindFree, Date: journal.Today(), Body: "Mine alone."}
	if err := w.Put(own); err != nil {
		t.Fatal(err)
	}
	if rep, err := w.Merge(c); err != nil || rep != (vault.MergeReport{Added: 9}) {
		t.Fatalf("first merge: %+v %v", rep, err)
	}
	once := snapshot(t, w)
	if rep, err := w.Merge(c); err != nil || rep != (vault.MergeReport{Skipped: 9}) {
		t.Fatalf("second merge: %+v %v", rep, err)
	}
	if snapshot(t, w) != once {
		t.Fatal("the second merge changed the journal")
	}
	if got, err := w.Get(own.ID); err != nil || got.Body != "Mine alone." {
		t.Fatalf("the journal's own entry: %v %v", got, err)
	}
	if p, _ := w.Prefs(); len(p.HiddenTags) != 1 || len(p.Paths) != 1 {
		t.Fatalf("prefs %+v", p)
	}
}

func TestMergeKeepsTheOlderVersion(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, _ := backupVault(t)
	list, _ := v.List(vault.ListQuery{Kind: journal.KindLetter})
	id := list[0].ID
	old, err := backup.Read(bytes.NewReader(backupOf(t, v)), backupPass)
	if err != nil {
		t.Fatal(err)
	}
	// The same journal restored on another computer, and the same entry
	// edited on both: there first, here later.
	w, _, err := vault.RestoreNew(filepath.Join(t.TempDir(), "w"), old, []byte("another good password"), vault.TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	there := mustGet(t, w, id)
	there.Body = "Written on the other computer."
	if err := w.Put(there); err != nil {
		t.Fatal(err)
	}
	here := mustGet(t, v, id)
	here.Body = "Rewritten, later and gentler."
	if err := v.Put(here); err != nil {
		t.Fatal(err)
	}
	fromW, err := backup.Read(bytes.NewReader(backupOf(t, w)), backupPass)
	if err != nil {
		t.Fatal(err)
	}
	fromV, err := backup.Read(bytes.NewReader(backupOf(t, v)), backupPass)
	if err != nil {
		t.Fatal(err)
	}

	// Here the later edit stays, and the backup's older one is kept in the
	// history.
	rep, err := v.Merge(fromW)
	if err != nil || rep != (vault.MergeReport{Kept: 1, Skipped: 8}) {
		t.Fatalf("merge older: %+v %v", rep, err)
	}
	if got := mustGet(t, v, id).Body; got != here.Body {
		t.Fatalf("current body %q", got)
	}
	if !inHistory(t, v, id, there.Body) {
		t.Fatal("the older version is not in the history")
	}
	if rep, err := v.Merge(fromW); err != nil || rep != (vault.MergeReport{Skipped: 9}) {
		t.Fatalf("merge older again: %+v %v", rep, err)
	}

	// There the backup's later edit wins, and the replaced version is kept
	// in the history.
	rep, err = w.Merge(fromV)
	if err != nil || rep != (vault.MergeReport{Updated: 1, Skipped: 8}) {
		t.Fatalf("merge newer: %+v %v", rep, err)
	}
	if got := mustGet(t, w, id).Body; got != here.Body {
		t.Fatalf("current body %q", got)
	}
	if !inHistory(t, w, id, there.Body) {
		t.Fatal("the replaced version is not in the history")
	}
	if rep, err := w.Merge(fromV); err != nil || rep != (vault.MergeReport{Skipped: 9}) {
		t.Fatalf("merge newer again: %+v %v", rep, err)
	}
}

func mustGet(t *testing.T, v *vault.Vault, id journal.ID) *journal.Entry {
	t.Helper()
	e, err := v.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func inHistory(t *testing.T, v *vault.Vault, id journal.ID, body string) bool {
	t.Helper()
	h, err := v.History(id)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range h {
		if e.Body == body {
			return true
		}
	}
	return false
}

func TestBackupToFileReplacesOnlyWhenWhole(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, _ := backupVault(t)
	out := filepath.Join(t.TempDir(), "journal.tend-backup")
	if err := os.WriteFile(out, []byte("an older backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A writer that fails halfway leaves the old file and no temporary one.
	err := backup.WriteFile(out, backupPass, func(w io.Writer) (backup.Manifest, error) {
		w.Write([]byte("age-encryption.org/v1\n"))
		return backup.Manifest{}, errors.New("the disk is full")
	})
	if err == nil || string(mustReadFile(t, out)) != "an older backup" {
		t.Fatalf("failed write: %v", err)
	}
	// A writer whose output does not read back is refused as well.
	err = backup.WriteFile(out, backupPass, func(w io.Writer) (backup.Manifest, error) {
		_, err := w.Write(sealRaw(t, []byte("x")))
		return backup.Manifest{}, err
	})
	if !errors.Is(err, backup.ErrNotABackup) || string(mustReadFile(t, out)) != "an older backup" {
		t.Fatalf("unreadable write: %v", err)
	}
	m, err := v.BackupToFile(out, backupPass, "test", nil)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v %v", fi.Mode(), err)
	}
	got, err := backup.Verify(bytes.NewReader(mustReadFile(t, out)), backupPass)
	if err != nil || !reflectJSONEqual(got, m) {
		t.Fatalf("verify: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*")); len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}

func mustReadFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// countWriter counts bytes and drops them.
type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// BenchmarkBackup measures backup export and restore (read, check, write a
// new vault) against the machine's limit in the same run: the slower of a raw
// scan of the store's sealed values and a raw age stream of as many bytes as
// the backup's archive. Every rate is in MB of archive per second, so the
// ratios compare times for the same work. The scrypt cost is set low for
// tests; at age's default it adds a fixed second or so to each side.
func BenchmarkBackup(b *testing.B) {
	vaulttest.LowBackupCost(b)
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			bv := journalOf(b, n)
			v := openBench(b, bv.dir)
			defer v.Close()
			// The search index builds in the background after unlock; let it
			// finish so it does not share the cores with what is measured.
			if err := v.WaitIndex(context.Background()); err != nil {
				b.Fatal(err)
			}
			// The archive restore reads, made once; the export itself is
			// timed into a counting sink, as the raw age stream is, so both
			// sides of the ratio do the same work and neither pays for
			// holding tens of megabytes in memory.
			var buf bytes.Buffer
			m, err := v.Backup(&buf, backupPass, "bench", nil)
			if err != nil {
				b.Fatal(err)
			}
			archive := buf.Bytes()
			plain := int64(1024) // the two zero blocks that end a tar
			for _, mm := range m.Members {
				plain += 512 + (mm.Size+511)/512*512
			}
			var tBackup, tRestore, tScan, tAge time.Duration
			for b.Loop() {
				start := time.Now()
				if _, err := v.Backup(&countWriter{}, backupPass, "bench", nil); err != nil {
					b.Fatal(err)
				}
				tBackup += time.Since(start)

				dir := filepath.Join(b.TempDir(), "restored")
				start = time.Now()
				c, err := backup.Read(bytes.NewReader(archive), backupPass)
				if err != nil {
					b.Fatal(err)
				}
				w, _, err := vault.RestoreNew(dir, c, benchPassword, vault.TestKDF)
				if err != nil {
					b.Fatal(err)
				}
				tRestore += time.Since(start)
				w.Close()

				start = time.Now()
				if _, _, err := v.ScanSealed(); err != nil {
					b.Fatal(err)
				}
				tScan += time.Since(start)

				start = time.Now()
				rcp, _ := age.NewScryptRecipient(string(backupPass))
				rcp.SetWorkFactor(backup.WorkFactor)
				aw, _ := age.Encrypt(&countWriter{}, rcp)
				chunk := make([]byte, 64<<10)
				for left := plain; left > 0; left -= int64(len(chunk)) {
					aw.Write(chunk[:min(left, int64(len(chunk)))])
				}
				aw.Close()
				tAge += time.Since(start)
			}
			mbps := func(d time.Duration) float64 { return float64(plain) * float64(b.N) / 1e6 / d.Seconds() }
			limit := min(mbps(tScan), mbps(tAge))
			b.ReportMetric(mbps(tBackup), "backup-MBps")
			b.ReportMetric(mbps(tRestore), "restore-MBps")
			b.ReportMetric(mbps(tScan), "limit-scan-MBps")
			b.ReportMetric(mbps(tAge), "limit-age-MBps")
			b.ReportMetric(mbps(tBackup)/limit, "backup-ratio")
			b.ReportMetric(mbps(tRestore)/limit, "restore-ratio")
			b.ReportMetric(float64(len(archive))/1e6, "backup-MB")
		})
	}
}

// BenchmarkBackupExport and BenchmarkBackupRestore time one side of
// BenchmarkBackup each, alone in their loop, so that a processor profile
// of one shows that side only:
//
//	go test -tags ci -run '^$' -bench 'BackupExport/entries=10000$' -benchtime 40x -cpuprofile cpu.out ./vault
//
// The table takes its figures from BenchmarkBackup, beside their limits.
func BenchmarkBackupExport(b *testing.B) {
	vaulttest.LowBackupCost(b)
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			v := openBench(b, journalOf(b, n).dir)
			defer v.Close()
			if err := v.WaitIndex(context.Background()); err != nil {
				b.Fatal(err)
			}
			var out countWriter
			for b.Loop() {
				if _, err := v.Backup(&out, backupPass, "bench", nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(out.n)/1e6/b.Elapsed().Seconds(), "backup-MBps")
		})
	}
}

func BenchmarkBackupRestore(b *testing.B) {
	vaulttest.LowBackupCost(b)
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			v := openBench(b, journalOf(b, n).dir)
			var buf bytes.Buffer
			_, err := v.Backup(&buf, backupPass, "bench", nil)
			v.Close()
			if err != nil {
				b.Fatal(err)
			}
			archive := buf.Bytes()
			for b.Loop() {
				c, err := backup.Read(bytes.NewReader(archive), backupPass)
				if err != nil {
					b.Fatal(err)
				}
				dir := filepath.Join(b.TempDir(), "restored")
				w, _, err := vault.RestoreNew(dir, c, benchPassword, vault.TestKDF)
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				w.Close()
				os.RemoveAll(dir) // a loop of restores would fill the disk
				b.StartTimer()
			}
			b.ReportMetric(float64(len(archive))*float64(b.N)/1e6/b.Elapsed().Seconds(), "restore-MBps")
		})
	}
}
