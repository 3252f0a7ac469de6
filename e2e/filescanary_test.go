package e2e_test

import (
	"archive/tar"
	"bytes"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"tend/backup"
	"tend/journal"
	"tend/vault"
)

// canaryPicture is a PNG, stored without compression, whose rows of grey
// pixels spell out text: the picture's own bytes hold it, and removing
// what a picture says about itself leaves it there.
func canaryPicture(t *testing.T, text string) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, len(text), 4))
	for y := range 4 {
		copy(img.Pix[y*img.Stride:], text)
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.NoCompression}).Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte(text)) {
		t.Fatal("the picture does not hold its text; the audit would prove nothing")
	}
	return buf.Bytes()
}

// TestAttachedFilesPrivacyAudit attaches a picture whose bytes hold a
// canary, under a file name holding another, to an entry of a journal whose
// name is a third; backs the journal up with the binary, takes an automatic
// backup, restores each into a folder of its own, and then reads every
// file under the journal folders, the automatic backups' folder, HOME, the
// XDG config (where the window keeps its preferences), cache and data
// folders and TMPDIR: no canary may be readable in any of them. The
// restored journals and the decrypted backup must hold all three, which
// proves the search would see a leak.
func TestAttachedFilesPrivacyAudit(t *testing.T) {
	sb := newSandbox(t)
	// This process reads backups too, and sets their files aside in the
	// temporary folder while it does: the same one the binary uses.
	t.Setenv("TMPDIR", sb.tmp)
	c := struct{ bytes, name, journal canary }{
		bytes:   newCanary(t, "picture bytes"),
		name:    newCanary(t, "file name"),
		journal: newCanary(t, "journal name"),
	}
	all := []canary{c.bytes, c.name, c.journal}
	pic := canaryPicture(t, c.bytes.value)
	fileName := "by the sea " + c.name.value + ".png"

	pw := sb.writeSecret(t, "password.txt", "a quiet river at dawn, slowly")
	pw2 := sb.writeSecret(t, "new-password.txt", "lanterns over the harbour at night")
	pp := sb.writeSecret(t, "backup-passphrase.txt", "seven herons cross the grey estuary")
	password := []byte("a quiet river at dawn, slowly")
	dir := filepath.Join(sb.data, "tend")
	snapshots := dir + "-backups"
	restored := filepath.Join(sb.data, "restored")
	fromSnapshot := filepath.Join(sb.data, "from-snapshot")
	backupFile := filepath.Join(sb.home, "journal.tend-backup")

	v, _, err := vault.Create(dir, password, vault.TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	books, err := v.Journals()
	if err != nil {
		t.Fatal(err)
	}
	books, book, err := books.Add("Pictures "+c.journal.value, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := v.SetJournals(books); err != nil {
		t.Fatal(err)
	}
	e := &journal.Entry{Title: "The sea", Body: "![the sea](" + journal.FileLink(fileName) + ")", Journal: book.ID}
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	f, err := v.Attach(e.ID, fileName, bytes.NewReader(pic))
	if err != nil {
		t.Fatal(err)
	}
	snap, err := v.Snapshot(snapshots, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}

	sb.mustRun(t, "", "--vault", dir, "--password-file", pw, "backup", "--passphrase-file", pp, backupFile)
	sb.mustRun(t, "", "--vault", restored, "--password-file", pw2, "restore", "--passphrase-file", pp, backupFile)
	sf, err := os.Open(snap)
	if err != nil {
		t.Fatal(err)
	}
	contents, err := vault.ReadSnapshot(sf, password, nil)
	sf.Close()
	if err != nil {
		t.Fatal(err)
	}
	w, _, err := vault.RestoreNew(fromSnapshot, contents, password, vault.TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	contents.Close()

	// Both restored journals hold the picture, its name and its journal.
	check := func(where string, w *vault.Vault) {
		t.Helper()
		got, err := w.Get(e.ID)
		if err != nil {
			t.Fatal(err)
		}
		g, ok := got.FileNamed(fileName)
		if !ok {
			t.Fatalf("%s: the entry lists %+v", where, got.Files)
		}
		data, err := w.Attachment(e.ID, g.ID)
		if err != nil || !bytes.Equal(data, pic) {
			t.Fatalf("%s: the picture came back as %d bytes, %v", where, len(data), err)
		}
		books, err := w.Journals()
		if err != nil {
			t.Fatal(err)
		}
		if j, ok := books.Find(got.Journal); !ok || !strings.Contains(j.Name, c.journal.value) {
			t.Fatalf("%s: the entry is in journal %+v", where, j)
		}
	}
	check("restored from the automatic backup", w)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	w, err = vault.Open(restored, []byte("lanterns over the harbour at night"))
	if err != nil {
		t.Fatal(err)
	}
	check("restored from the backup", w)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	// Decrypted as a person would, the backup holds all three: the search
	// below would see them.
	id, err := age.NewScryptIdentity("seven herons cross the grey estuary")
	if err != nil {
		t.Fatal(err)
	}
	plain, err := age.Decrypt(bytes.NewReader(readAll(t, backupFile)), id)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(plain)
	var inside []byte
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
		if h.Name == backup.FileName(f) && !bytes.Equal(b, pic) {
			t.Fatalf("%s holds other bytes than the picture", h.Name)
		}
		inside = append(append(inside, h.Name...), b...)
	}
	for _, w := range all {
		if !bytes.Contains(bytes.ToLower(inside), []byte(w.value)) {
			t.Errorf("the decrypted backup does not hold the %s canary", w.field)
		}
	}

	roots := []string{dir, snapshots, restored, fromSnapshot, sb.home, sb.config, sb.cache, sb.data, sb.tmp}
	found := scanForCanaries(t, roots, all, nil)
	for _, w := range all {
		for _, p := range found.hits[w] {
			t.Errorf("the %s canary is readable in %s", w.field, p)
		}
	}
	if !found.files[backupFile] || !found.files[snap] {
		t.Errorf("the audit did not read the backup and the automatic backup")
	}
	t.Logf("read %d files, %d bytes", len(found.files), found.bytes)
}

func readAll(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
