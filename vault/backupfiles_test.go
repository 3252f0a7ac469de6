package vault_test

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"math/rand/v2"
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

// picture is a small PNG whose pixels depend on seed, so each seed gives
// other bytes.
func picture(t testing.TB, seed uint64) []byte {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	img := image.NewNRGBA(image.Rect(0, 0, 48, 32))
	for i := range img.Pix {
		img.Pix[i] = uint8(r.Uint32())
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// randomBytes is n bytes that do not repeat, for a file kept in several
// chunks.
func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, seed+1))
	b := make([]byte, n)
	for i := 0; i+8 <= n; i += 8 {
		binary.LittleEndian.PutUint64(b[i:], r.Uint64())
	}
	return b
}

func attachTo(t testing.TB, v *vault.Vault, id journal.ID, name string, data []byte) journal.File {
	t.Helper()
	f, err := v.Attach(id, name, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// filesVault is a journal of two journals whose entries carry pictures:
// the same picture in both entries, a file of several chunks, and a file
// that only an earlier version still lists.
type filesVault struct {
	v          *vault.Vault
	a, b       *journal.Entry
	therapy    journal.JournalID
	gone       journal.File // detached from a: only a's history lists it
	distinctIn int          // how many different files it holds
}

func newFilesVault(t *testing.T) *filesVault {
	t.Helper()
	v, _ := backupVault(t)
	books, err := v.Journals()
	if err != nil {
		t.Fatal(err)
	}
	books, therapy, err := books.Add("Therapy notes", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := v.SetJournals(books); err != nil {
		t.Fatal(err)
	}
	d := journal.Date{Year: 2026, Month: time.February, Day: 3}
	a := &journal.Entry{Date: d, Title: "The sea", Body: "We walked by the sea. ![](sea.png)"}
	b := &journal.Entry{Date: d, Title: "Session", Body: "What came up.", Journal: therapy.ID}
	for _, e := range []*journal.Entry{a, b} {
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
	}
	sea := picture(t, 1)
	attachTo(t, v, a.ID, "sea.png", sea)
	attachTo(t, v, b.ID, "the sea again.png", sea)
	attachTo(t, v, b.ID, "hands.png", picture(t, 2))
	attachTo(t, v, b.ID, "scan.bin", randomBytes(3<<20, 3))
	gone := attachTo(t, v, a.ID, "list.txt", []byte("what to bring next time"))
	if err := v.Detach(a.ID, gone.ID); err != nil {
		t.Fatal(err)
	}
	return &filesVault{v: v, a: mustGet(t, v, a.ID), b: mustGet(t, v, b.ID), therapy: therapy.ID, gone: gone, distinctIn: 4}
}

// openPlain opens a backup as someone without Tend would: the age library
// with the passphrase, then a tar reader. It returns every member.
func openPlain(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	id, err := age.NewScryptIdentity(string(backupPass))
	if err != nil {
		t.Fatal(err)
	}
	r, err := age.Decrypt(bytes.NewReader(data), id)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		out[h.Name] = b
	}
}

// attachmentsOf returns, by file id, the bytes of every file an entry or
// an earlier version of it lists.
func attachmentsOf(t *testing.T, v *vault.Vault, id journal.ID) map[journal.FileID][]byte {
	t.Helper()
	e := mustGet(t, v, id)
	hist, err := v.History(id)
	if err != nil {
		t.Fatal(err)
	}
	out := map[journal.FileID][]byte{}
	for _, ver := range append([]*journal.Entry{e}, hist...) {
		for _, f := range ver.Files {
			b, err := v.Attachment(id, f.ID)
			if err != nil {
				t.Fatalf("%s of entry %s: %v", f.Name, id, err)
			}
			out[f.ID] = b
		}
	}
	return out
}

func TestBackupCarriesFilesAsPlainFiles(t *testing.T) {
	vaulttest.LowBackupCost(t)
	t.Setenv("TMPDIR", t.TempDir())
	fv := newFilesVault(t)
	v := fv.v
	var buf bytes.Buffer
	m, err := v.Backup(&buf, backupPass, "test", nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.Counts.Files != fv.distinctIn || m.FormatVersion != backup.FormatVersion {
		t.Fatalf("manifest counts %d files, version %d; want %d, %d", m.Counts.Files, m.FormatVersion, fv.distinctIn, backup.FormatVersion)
	}

	// Without Tend: every file an entry or its history lists is a member
	// named by its hash, holding the bytes Attachment gives; the same
	// picture in two entries is there once.
	members := openPlain(t, buf.Bytes())
	files := 0
	for name := range members {
		if strings.HasPrefix(name, "files/") {
			files++
		}
	}
	if files != fv.distinctIn {
		t.Fatalf("%d files in the archive, want %d", files, fv.distinctIn)
	}
	for _, id := range []journal.ID{fv.a.ID, fv.b.ID} {
		var doc struct {
			Files []journal.File `json:"files"`
		}
		if err := json.Unmarshal(members[backup.EntryName(id)], &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Files) != len(mustGet(t, v, id).Files) {
			t.Fatalf("entry %s lists %d files in its document, want %d", id, len(doc.Files), len(mustGet(t, v, id).Files))
		}
		for fid, want := range attachmentsOf(t, v, id) {
			f := fileByID(t, v, id, fid)
			got, ok := members["files/"+f.SHA256+filepath.Ext(f.Name)]
			if !ok {
				t.Fatalf("no member for %s (%s)", f.Name, f.SHA256)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("the member of %s differs from the attachment", f.Name)
			}
		}
	}
	if !bytes.Contains(members["README.txt"], []byte("files/<sha256>")) {
		t.Fatal("README.txt does not say where the files are")
	}

	// With Tend: a new journal holds every file of every version, in the
	// journals they were in, and checks clean.
	c, err := backup.Read(bytes.NewReader(buf.Bytes()), backupPass)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "restored")
	w, _, err := vault.RestoreNew(dir, c, []byte("another good password"), vault.TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if got, want := snapshot(t, w), snapshot(t, v); got != want {
		t.Fatalf("restored journal differs:\n got %s\nwant %s", got, want)
	}
	for _, id := range []journal.ID{fv.a.ID, fv.b.ID} {
		want, got := attachmentsOf(t, v, id), attachmentsOf(t, w, id)
		if len(got) != len(want) {
			t.Fatalf("entry %s has %d files restored, want %d", id, len(got), len(want))
		}
		for fid := range want {
			if !bytes.Equal(got[fid], want[fid]) {
				t.Fatalf("file %s of entry %s differs after the restore", fid, id)
			}
		}
	}
	if got := mustGet(t, w, fv.b.ID).Journal; got != fv.therapy {
		t.Fatalf("the restored entry is in journal %v, want %v", got, fv.therapy)
	}
	if _, err := w.Attachment(fv.a.ID, fv.gone.ID); err != nil {
		t.Fatalf("the file only history lists: %v", err)
	}
	if rep, err := w.Verify(); err != nil || !rep.OK() {
		t.Fatalf("verify: %v %+v", err, rep)
	}
	// Once restored, nothing of the backup's files is left in the
	// temporary folder, sealed or not.
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(os.Getenv("TMPDIR")); len(left) != 0 {
		t.Fatalf("left in the temporary folder: %v", left)
	}
}

func fileByID(t *testing.T, v *vault.Vault, id journal.ID, fid journal.FileID) journal.File {
	t.Helper()
	hist, err := v.History(id)
	if err != nil {
		t.Fatal(err)
	}
	for _, ver := range append([]*journal.Entry{mustGet(t, v, id)}, hist...) {
		for _, f := range ver.Files {
			if f.ID == fid {
				return f
			}
		}
	}
	t.Fatalf("entry %s has no file %s", id, fid)
	return journal.File{}
}

// records counts the records in a store.
func records(t *testing.T, v *vault.Vault) (int, int64) {
	t.Helper()
	n, size, err := v.ScanSealed()
	if err != nil {
		t.Fatal(err)
	}
	return n, size
}

func readBackup(t *testing.T, data []byte) *backup.Contents {
	t.Helper()
	c, err := backup.Read(bytes.NewReader(data), backupPass)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestMergeBringsFilesOnce(t *testing.T) {
	vaulttest.LowBackupCost(t)
	fv := newFilesVault(t)
	v := fv.v
	c1 := readBackup(t, backupOf(t, v))

	dir := filepath.Join(t.TempDir(), "other")
	w, _, err := vault.Create(dir, []byte("a second journal here"), vault.TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.Merge(c1); err != nil {
		t.Fatal(err)
	}
	n, size := records(t, w)
	rep, err := w.Merge(c1)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added+rep.Updated+rep.Kept != 0 {
		t.Fatalf("the second merge did something: %+v", rep)
	}
	if n2, size2 := records(t, w); n2 != n || size2 != size {
		t.Fatalf("the second merge wrote: %d records (%d bytes), then %d (%d)", n, size, n2, size2)
	}
	// Merged into the journal it came from, it adds nothing either.
	n, size = records(t, v)
	if rep, err := v.Merge(c1); err != nil || rep.Added+rep.Updated+rep.Kept != 0 {
		t.Fatalf("merging a journal's own backup: %+v, %v", rep, err)
	}
	if n2, size2 := records(t, v); n2 != n || size2 != size {
		t.Fatal("merging a journal's own backup wrote to it")
	}

	// Each side changes the entries: v adds a picture to a and to b, w
	// attaches its own file to b after that. The newer a comes in with its
	// new picture; w's newer b stays, with v's version of b in its
	// history, each with its files.
	newA := attachTo(t, v, fv.a.ID, "dawn.png", picture(t, 5))
	newB := attachTo(t, v, fv.b.ID, "window.png", picture(t, 6))
	mine := attachTo(t, w, fv.b.ID, "mine.txt", []byte("written here"))
	c2 := readBackup(t, backupOf(t, v))
	rep, err = w.Merge(c2)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Updated != 1 || rep.Kept != 1 {
		t.Fatalf("merge of the changes: %+v", rep)
	}
	for id, f := range map[journal.ID]journal.File{fv.a.ID: newA, fv.b.ID: newB} {
		got, err := w.Attachment(id, f.ID)
		if err != nil || !bytes.Equal(got, readAttachment(t, v, id, f.ID)) {
			t.Fatalf("%s after the merge: %v", f.Name, err)
		}
	}
	if _, ok := mustGet(t, w, fv.b.ID).FileNamed(mine.Name); !ok {
		t.Fatal("the journal's own file left its entry")
	}
	if got, _ := w.Attachment(fv.b.ID, mine.ID); string(got) != "written here" {
		t.Fatal("the journal's own file lost its bytes")
	}
	if rep, err := w.Verify(); err != nil || !rep.OK() {
		t.Fatalf("verify: %v %+v", err, rep)
	}
	n, size = records(t, w)
	if rep, err := w.Merge(c2); err != nil || rep.Added+rep.Updated+rep.Kept != 0 {
		t.Fatalf("merging the changes again: %+v, %v", rep, err)
	}
	if n2, size2 := records(t, w); n2 != n || size2 != size {
		t.Fatal("merging the changes again wrote to the journal")
	}
}

func readAttachment(t *testing.T, v *vault.Vault, id journal.ID, fid journal.FileID) []byte {
	t.Helper()
	b, err := v.Attachment(id, fid)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A backup made before backups carried files (format version 1) restores
// as it always did: every entry, its history and its journal, and without
// the files its documents list but it never held.
func TestBackupWithoutFilesRestores(t *testing.T) {
	data := vaulttest.ReadFile(t, filepath.Join("testdata", "old-backup-v1.tend-backup"))
	c, err := backup.Read(bytes.NewReader(data), []byte("an old backup's passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Manifest.FormatVersion != 1 || len(c.Entries) != 2 || len(c.History) != 2 || c.Files != nil {
		t.Fatalf("manifest %+v: %d entries, %d earlier versions", c.Manifest, len(c.Entries), len(c.History))
	}
	w, _, err := vault.RestoreNew(filepath.Join(t.TempDir(), "restored"), c, []byte("another good password"), vault.TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	books, err := w.Journals()
	if err != nil {
		t.Fatal(err)
	}
	therapy, ok := books.Named("Therapy notes")
	if !ok {
		t.Fatalf("journals %+v", books)
	}
	for _, e := range c.Entries {
		got := mustGet(t, w, e.ID)
		if got.Body != e.Body || len(got.Files) != 0 {
			t.Fatalf("restored %q with files %+v", got.Body, got.Files)
		}
		if e.Title == "Session" && got.Journal != therapy.ID {
			t.Fatal("the entry left its journal")
		}
	}
	if rep, err := w.Verify(); err != nil || !rep.OK() {
		t.Fatalf("verify: %v %+v", err, rep)
	}
	// A backup of a journal without files is still one any Tend reads.
	var buf bytes.Buffer
	m, err := w.Backup(&buf, backupPass, "test", nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.FormatVersion != 1 || m.Counts.Files != 0 || bytes.Contains(openPlain(t, buf.Bytes())["manifest.json"], []byte(`"files"`)) {
		t.Fatalf("a backup without files says version %d and counts %+v", m.FormatVersion, m.Counts)
	}
}

// Each way a backup's files can be wrong is refused whole, with a sentence,
// before anything changes, and leaves nothing in the temporary folder.
func TestBadFilesInABackupChangeNothing(t *testing.T) {
	vaulttest.LowBackupCost(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	fv := newFilesVault(t)
	good := backupOf(t, fv.v)
	var fileMember, otherFile string
	for name := range openPlain(t, good) {
		if strings.HasPrefix(name, "files/") && strings.HasSuffix(name, ".png") {
			if fileMember == "" {
				fileMember = name
			} else {
				otherFile = name
			}
		}
	}
	hashOf := func(name string) string { return strings.TrimSuffix(strings.TrimPrefix(name, "files/"), ".png") }
	fixSums := func(ms []member) []member { return fixManifest(t, ms) }

	cases := []struct {
		name, words string
		edit        func([]member) []member
		want        error
	}{
		{"bytes changed", "does not match its checksum", func(ms []member) []member {
			for i := range ms {
				if ms[i].name == fileMember {
					ms[i].data = append(bytes.Clone(ms[i].data), 0)
				}
			}
			return fixSums(ms)
		}, backup.ErrDamaged},
		{"missing", "is missing", func(ms []member) []member {
			var out []member
			for _, m := range ms {
				if m.name != fileMember {
					out = append(out, m)
				}
			}
			return fixSums(out)
		}, backup.ErrDamaged},
		{"duplicated", "appears twice", func(ms []member) []member {
			for _, m := range ms {
				if m.name == fileMember {
					dup := member{strings.TrimSuffix(m.name, ".png") + ".jpg", m.data}
					return fixSums(append(ms[:len(ms)-1:len(ms)-1], dup, ms[len(ms)-1]))
				}
			}
			return ms
		}, backup.ErrDamaged},
		{"one file, two contents", "different contents", func(ms []member) []member {
			// The earlier version of b lists its picture with the hash of
			// another file the backup holds.
			for i := range ms {
				if strings.HasPrefix(ms[i].name, "history/"+fv.b.ID.String()) && bytes.Contains(ms[i].data, []byte(hashOf(fileMember))) {
					ms[i].data = bytes.ReplaceAll(ms[i].data, []byte(hashOf(fileMember)), []byte(hashOf(otherFile)))
					return fixSums(ms)
				}
			}
			t.Fatal("no earlier version of b lists the picture")
			return ms
		}, backup.ErrDamaged},
		{"listed by no entry", "no entry lists", func(ms []member) []member {
			stray := []byte("a file no entry lists")
			return fixSums(append(ms[:len(ms)-1:len(ms)-1], member{"files/" + sha256Hex(stray) + ".txt", stray}, ms[len(ms)-1]))
		}, backup.ErrDamaged},
		{"files in a version 1 backup", "format version", func(ms []member) []member {
			return editManifest(t, fixSums(ms), func(m map[string]any) { m["format_version"] = 1 })
		}, backup.ErrDamaged},
	}
	for _, tc := range cases {
		data := rewrap(t, good, tc.edit)
		c, err := backup.Read(bytes.NewReader(data), backupPass)
		if !errors.Is(err, tc.want) || c != nil {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
			continue
		}
		if !strings.Contains(err.Error(), tc.words) {
			t.Errorf("%s: %q does not say %q", tc.name, err, tc.words)
		}
	}
	// A member larger than any attached file is refused at its header,
	// before it is read.
	c, err := backup.Read(bytes.NewReader(oversizedFile(t)), backupPass)
	if !errors.Is(err, backup.ErrDamaged) || !errors.Is(err, journal.ErrFileTooBig) || c != nil {
		t.Errorf("an oversized file: %v", err)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Fatalf("left in the temporary folder: %v", left)
	}
}

// fixManifest makes the manifest list the members as they are, so that
// only what a test broke on purpose is wrong.
func fixManifest(t *testing.T, ms []member) []member {
	t.Helper()
	files := 0
	var list []any
	for _, m := range ms[:len(ms)-1] {
		if strings.HasPrefix(m.name, "files/") {
			files++
		}
		list = append(list, map[string]any{"name": m.name, "size": len(m.data), "sha256": sha256Hex(m.data)})
	}
	return editManifest(t, ms, func(m map[string]any) {
		m["members"] = list
		m["counts"].(map[string]any)["files"] = files
	})
}

// oversizedFile is a backup whose first member after README.txt claims to
// be a file larger than MaxFileSize; the archive ends right after its
// header.
func oversizedFile(t *testing.T) []byte {
	t.Helper()
	rcp, _ := age.NewScryptRecipient(string(backupPass))
	rcp.SetWorkFactor(10)
	var out bytes.Buffer
	w, err := age.Encrypt(&out, rcp)
	if err != nil {
		t.Fatal(err)
	}
	tw := tar.NewWriter(w)
	tw.WriteHeader(&tar.Header{Name: "README.txt", Mode: 0o600, Size: 2, Typeflag: tar.TypeReg})
	tw.Write([]byte("hi"))
	tw.WriteHeader(&tar.Header{Name: "files/" + strings.Repeat("ab", 32) + ".jpg", Mode: 0o600, Size: journal.MaxFileSize + 1, Typeflag: tar.TypeReg})
	tw.Flush()
	w.Close()
	return out.Bytes()
}

func sha256Hex(b []byte) string { return fmt.Sprintf("%x", sha256.Sum256(b)) }

// TestOnePictureUnderTwoNamesComesBack: an entry that keeps the same
// bytes under two names (an import whose notes linked one picture by two
// names) is backed up with the picture once and restored with both names.
func TestOnePictureUnderTwoNamesComesBack(t *testing.T) {
	vaulttest.LowBackupCost(t)
	t.Setenv("TMPDIR", t.TempDir())
	v, _ := backupVault(t)
	pic := picture(t, 7)
	e := &journal.Entry{Title: "Twice", Body: "![](sea.jpg) and again ![](again.jpg)"}
	open := func(b []byte) func() (io.ReadCloser, error) {
		return func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	}
	if err := v.PutWithFiles(e, []vault.NewFile{{Name: "sea.jpg", Open: open(pic)}, {Name: "again.jpg", Open: open(pic)}}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	m, err := v.Backup(&buf, backupPass, "test", nil)
	if err != nil || m.Counts.Files != 1 {
		t.Fatalf("backup: %d files, %v", m.Counts.Files, err)
	}
	w, _, err := vault.RestoreNew(filepath.Join(t.TempDir(), "restored"), readBackup(t, buf.Bytes()), []byte("another good password"), vault.TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	back := mustGet(t, w, e.ID)
	for _, name := range []string{"sea.jpg", "again.jpg"} {
		f, ok := back.LinkedFile(name)
		if !ok {
			t.Fatalf("%s did not come back: %+v", name, back.Files)
		}
		if got := readAttachment(t, w, e.ID, f.ID); !bytes.Equal(got, readAttachment(t, v, e.ID, mustGet(t, v, e.ID).Files[0].ID)) {
			t.Errorf("%s reads back differently", name)
		}
	}
}
