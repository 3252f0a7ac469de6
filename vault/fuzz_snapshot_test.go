package vault

import (
	"bytes"
	"os"
	"testing"

	"tend/internal/vaulttest"
)

// FuzzReadSnapshot feeds an automatic backup's reader any bytes, seeded
// with a real snapshot and its prefixes: its magic line, the length and
// copy of the header, the age file and the archive inside. The unlock
// hands over the real journal's master key whatever the header says, so
// the fuzzer reaches past the header into the age file and the archive.
// Nothing may panic or claim a damaged file reads.
//
//	go test -tags ci -run '^$' -fuzz FuzzReadSnapshot -fuzztime 60s ./vault
func FuzzReadSnapshot(f *testing.F) {
	vaulttest.LowBackupCost(f)
	v, _, _ := newTestVault(f)
	for _, e := range everyKind() {
		if err := v.Put(e); err != nil {
			f.Fatal(err)
		}
	}
	path, err := v.Snapshot(f.TempDir(), snapshotDay)
	if err != nil {
		f.Fatal(err)
	}
	snap, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	master := bytes.Clone(v.master)
	f.Add(snap)
	for _, n := range []int{0, 10, 17, 21, 60, 200, len(snap) / 2, len(snap) - 1} {
		if n <= len(snap) {
			f.Add(snap[:n])
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := readSnapshot(bytes.NewReader(b), false, func(*header) ([]byte, error) {
			return bytes.Clone(master), nil
		})
		if err == nil && c == nil {
			t.Fatal("no error and no contents")
		}
		if err == nil && !bytes.Equal(b, snap) && len(b) < len(snap)/2 {
			t.Fatalf("a snapshot cut to %d of %d bytes read as whole", len(b), len(snap))
		}
	})
}

// FuzzParseRecoveryKey: any text typed as a recovery key either parses to
// a key that writes itself back the same, or is refused with a sentence;
// it never panics.
//
//	go test -tags ci -run '^$' -fuzz FuzzParseRecoveryKey -fuzztime 30s ./vault
func FuzzParseRecoveryKey(f *testing.F) {
	var rk RecoveryKey
	for i := range rk {
		rk[i] = byte(i * 37)
	}
	good := rk.String()
	for _, s := range []string{good, good[:10], " " + good + "\n", "ilo0-" + good[5:], "", "----", "AAAA-AAAA", "é" + good} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseRecoveryKey(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("a refusal without words")
			}
			return
		}
		again, err := ParseRecoveryKey(k.String())
		if err != nil || again != k {
			t.Fatalf("%q parsed to a key that does not read back: %v", s, err)
		}
	})
}
