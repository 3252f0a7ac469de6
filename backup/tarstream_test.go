package backup

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"strings"
	"testing"
	"time"

	"tend/journal"
)

// stdArchive writes, with the standard library's tar writer as Writer
// used it before it wrote headers of its own, an archive of the members
// named in m holding the bytes in data, in m's order.
func stdArchive(t *testing.T, m Manifest, data map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, mm := range m.Members {
		hdr := &tar.Header{Typeflag: tar.TypeReg, Name: mm.Name, Mode: 0o600, Size: mm.Size, ModTime: m.Created, Format: tar.FormatUSTAR}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(data[mm.Name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A backup's archive is, byte for byte, what the standard library's tar
// writer writes for the same members: the headers Writer makes itself
// change nothing that older Tends or any tar reader see.
func TestArchiveIsWhatTheStandardTarWriterWrites(t *testing.T) {
	for _, created := range []time.Time{
		time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC),
		time.Unix(0, 0).UTC(),
		time.Date(2241, 4, 11, 23, 47, 16, 0, time.UTC),
	} {
		var out bytes.Buffer
		bw, err := NewWriter(&out, Manifest{VaultID: strings.Repeat("ab", 16), Created: created, AppVersion: "test"}, Readme)
		if err != nil {
			t.Fatal(err)
		}
		data := map[string][]byte{readmeMember: []byte(Readme)}
		// Sizes on each side of a block's, and texts JSON escapes.
		for i, n := range []int{0, 1, 2, 7, 8, 63, 64, 511, 512, 513, 1023, 1024, 1025, 4095, 65536, 100000} {
			var id journal.ID
			id[0], id[15] = byte(i), byte(n)
			doc := bytes.Repeat([]byte(`{"body":"\"tabs\t\u00e9 日本 🙂"}`), n/30+1)[:n]
			name := EntryName(id)
			if err := bw.AddEntry(name, doc, sha256.Sum256(doc)); err != nil {
				t.Fatal(err)
			}
			data[name] = doc
			name = HistoryName(id, 1+i*987654321%2000000000)
			if err := bw.AddHistory(name, doc, sha256.Sum256(doc)); err != nil {
				t.Fatal(err)
			}
			data[name] = doc
		}
		photo := bytes.Repeat([]byte{0xff, 0xd8, 0, 7}, 3001)
		sum := sha256.Sum256(photo)
		f := journal.File{Name: "IMG_0001.JPEG", Type: "image/jpeg", Size: int64(len(photo)), SHA256: strings.ToUpper(string(hexOf(sum[:])))}
		if err := bw.AddFile(f, photo); err != nil {
			t.Fatal(err)
		}
		data[FileName(f)] = photo
		prefs := []byte(`{"theme":"dark"}`)
		if err := bw.AddPrefs(prefs); err != nil {
			t.Fatal(err)
		}
		data[prefsMember] = prefs
		m, err := bw.Close()
		if err != nil {
			t.Fatal(err)
		}
		manifest, err := manifestJSON(m)
		if err != nil {
			t.Fatal(err)
		}
		data[manifestMember] = manifest
		m.Members = append(m.Members, Member{Name: manifestMember, Size: int64(len(manifest))})
		want := stdArchive(t, m, data)
		if !bytes.Equal(out.Bytes(), want) {
			at := 0
			for at < min(out.Len(), len(want)) && out.Bytes()[at] == want[at] {
				at++
			}
			t.Fatalf("created %v: the archive differs from the standard writer's at byte %d (block %d) of %d (want %d)", created, at, at/tarBlock, out.Len(), len(want))
		}
	}
}

// Every header, of any name and size, is what the standard library's tar
// writer makes, or is refused as it refuses it.
func TestTarHeaderIsWhatTheStandardTarWriterWrites(t *testing.T) {
	ts, err := newTarStream(&bytes.Buffer{}, time.Date(2031, 7, 1, 12, 30, 45, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	names := []string{
		"a", "README.txt", "manifest.json", "entries/0123456789abcdef0123456789abcdef.json",
		"files/" + strings.Repeat("f", 64) + ".jpeg", strings.Repeat("n", 99), strings.Repeat("n", 100),
		strings.Repeat("n", 101), strings.Repeat("d/", 60) + "x", "dir/", "", "é.json", "tab\there", "nul\x00", "~!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}",
	}
	sizes := []int64{0, 1, 7, 8, 511, 512, 513, 1 << 20, 1<<33 - 1, 1 << 33, -1}
	for _, name := range names {
		for _, size := range sizes {
			want, werr := ts.stdHeader(name, size)
			got, gerr := ts.header(name, size)
			if (werr != nil) != (gerr != nil) {
				t.Errorf("%q, %d bytes: error %v; the standard writer's %v", name, size, gerr, werr)
				continue
			}
			if werr == nil && !bytes.Equal(got, want) {
				t.Errorf("%q, %d bytes: header\n%q\nwant\n%q", name, size, got, want)
			}
		}
	}
}

func hexOf(b []byte) []byte {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&0xF])
	}
	return out
}
