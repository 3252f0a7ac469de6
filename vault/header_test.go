package vault

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// headerTestPassword is the password of every header made by these tests.
var headerTestPassword = []byte("a quiet place")

// headerTestNew makes a header with TestKDF and checks the basics.
func headerTestNew(t testing.TB) (*header, []byte, RecoveryKey) {
	t.Helper()
	h, master, rk, err := newHeader(headerTestPassword, TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	if len(master) != keySize {
		t.Fatalf("master key is %d bytes", len(master))
	}
	return h, master, rk
}

// headerTestUnlock checks that password and rk both open h to master.
func headerTestUnlock(t *testing.T, h *header, password []byte, rk RecoveryKey, master []byte) {
	t.Helper()
	got, err := h.unlockPassword(password)
	if err != nil || !bytes.Equal(got, master) {
		t.Errorf("unlockPassword: %v (same master: %t)", err, bytes.Equal(got, master))
	}
	got, err = h.unlockRecovery(rk)
	if err != nil || !bytes.Equal(got, master) {
		t.Errorf("unlockRecovery: %v (same master: %t)", err, bytes.Equal(got, master))
	}
}

func TestHeaderRoundTrip(t *testing.T) {
	h, master, rk := headerTestNew(t)
	b := h.marshal(master)
	if len(b) != headerSize {
		t.Fatalf("header is %d bytes, want %d", len(b), headerSize)
	}
	if !bytes.HasPrefix(b, []byte("TENDVLT\x00\x00\x01")) {
		t.Errorf("header starts %q", b[:10])
	}
	p, err := parseHeader(b)
	if err != nil {
		t.Fatal(err)
	}
	if p.VaultID() != h.VaultID() || p.KDF() != TestKDF || p.version != headerVersion {
		t.Errorf("parsed header differs: %+v", p)
	}
	if !bytes.Equal(p.marshal(master), b) {
		t.Error("marshal(parse(b)) != b")
	}
	headerTestUnlock(t, p, headerTestPassword, rk, master)

	// An unmarshalled header opens too: newHeader sets the MAC.
	headerTestUnlock(t, h, headerTestPassword, rk, master)

	h2, master2, _ := headerTestNew(t)
	if h2.VaultID() == h.VaultID() || bytes.Equal(master, master2) || h2.salt == h.salt {
		t.Error("two new headers share random values")
	}
}

func TestHeaderWrongPassword(t *testing.T) {
	h, _, rk := headerTestNew(t)
	for _, pw := range [][]byte{nil, []byte("a quiet place "), []byte("A quiet place")} {
		if _, err := h.unlockPassword(pw); !errors.Is(err, ErrWrongPassword) {
			t.Errorf("unlockPassword(%q) = %v, want ErrWrongPassword", pw, err)
		}
	}
	wrong := rk
	wrong[19] ^= 1
	if _, err := h.unlockRecovery(wrong); !errors.Is(err, ErrWrongPassword) {
		t.Errorf("unlockRecovery(wrong key) = %v, want ErrWrongPassword", err)
	}
	if _, err := h.unlockRecovery(RecoveryKey{}); !errors.Is(err, ErrWrongPassword) {
		t.Errorf("unlockRecovery(zero key) = %v, want ErrWrongPassword", err)
	}
}

// TestHeaderTamperEachByte flips bits in every byte of a header: each change
// must be refused by the parser, the AEAD or the MAC, and never yield a key.
func TestHeaderTamperEachByte(t *testing.T) {
	h, master, rk := headerTestNew(t)
	b := h.marshal(master)
	for i := range b {
		for _, flip := range []byte{0x01, 0x80, 0xff} {
			c := bytes.Clone(b)
			c[i] ^= flip
			p, err := parseHeader(c)
			if err != nil {
				if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrUnsupported) {
					t.Errorf("byte %d ^ %#x: parse error %v wraps neither ErrCorrupt nor ErrUnsupported", i, flip, err)
				}
				continue
			}
			if got, err := p.unlockPassword(headerTestPassword); err == nil {
				t.Errorf("byte %d ^ %#x: password opened a tampered header (same master: %t)", i, flip, bytes.Equal(got, master))
			} else if !errors.Is(err, ErrWrongPassword) && !errors.Is(err, ErrCorrupt) {
				t.Errorf("byte %d ^ %#x: unlockPassword: %v", i, flip, err)
			}
			if got, err := p.unlockRecovery(rk); err == nil {
				t.Errorf("byte %d ^ %#x: recovery key opened a tampered header (same master: %t)", i, flip, bytes.Equal(got, master))
			} else if !errors.Is(err, ErrWrongPassword) && !errors.Is(err, ErrCorrupt) {
				t.Errorf("byte %d ^ %#x: unlockRecovery: %v", i, flip, err)
			}
		}
	}
}

// TestHeaderSwappedWraps moves wraps between headers, the attack the AD and
// the MAC exist for.
func TestHeaderSwappedWraps(t *testing.T) {
	a, masterA, rkA := headerTestNew(t)
	b, _, _ := headerTestNew(t)

	// Another vault's wrap does not open under this vault's id.
	c := *a
	c.recoveryWrap, c.recoverySalt = b.recoveryWrap, b.recoverySalt
	if _, err := c.unlockRecovery(rkA); !errors.Is(err, ErrWrongPassword) {
		t.Errorf("foreign recovery wrap: %v", err)
	}

	// An old recovery wrap put back after the key was replaced opens its
	// AEAD, but the MAC no longer matches.
	old := *a
	if _, err := a.setRecovery(masterA); err != nil {
		t.Fatal(err)
	}
	c = *a
	c.recoveryWrap, c.recoverySalt = old.recoveryWrap, old.recoverySalt
	if _, err := c.unlockRecovery(rkA); !errors.Is(err, ErrCorrupt) {
		t.Errorf("restored old recovery wrap: got %v, want ErrCorrupt", err)
	}
	if _, err := c.unlockPassword(headerTestPassword); !errors.Is(err, ErrCorrupt) {
		t.Errorf("password on header with restored recovery wrap: got %v, want ErrCorrupt", err)
	}
}

func TestHeaderSetPassword(t *testing.T) {
	h, master, rk := headerTestNew(t)
	id := h.VaultID()
	recoveryWrap := bytes.Clone(h.recoveryWrap)
	newPassword := []byte("a new season")
	stronger := KDFParams{Time: 2, MemoryKiB: 2048, Threads: 2}
	if err := h.setPassword(master, newPassword, stronger); err != nil {
		t.Fatal(err)
	}
	p, err := parseHeader(h.marshal(master))
	if err != nil {
		t.Fatal(err)
	}
	if p.KDF() != stronger || p.VaultID() != id || !bytes.Equal(p.recoveryWrap, recoveryWrap) {
		t.Errorf("after setPassword: kdf %+v, id changed %t, recovery wrap changed %t",
			p.KDF(), p.VaultID() != id, !bytes.Equal(p.recoveryWrap, recoveryWrap))
	}
	headerTestUnlock(t, p, newPassword, rk, master)
	if _, err := p.unlockPassword(headerTestPassword); !errors.Is(err, ErrWrongPassword) {
		t.Errorf("old password: got %v, want ErrWrongPassword", err)
	}

	if err := p.setPassword(master, newPassword, KDFParams{}); !errors.Is(err, ErrCorrupt) {
		t.Errorf("setPassword with zero params: %v", err)
	}
	other := bytes.Clone(master)
	other[0] ^= 1
	before := p.marshal(master)
	if err := p.setPassword(other, []byte("x"), TestKDF); err == nil {
		t.Error("setPassword accepted a master key that is not this header's")
	}
	if _, err := p.setRecovery(other); err == nil {
		t.Error("setRecovery accepted a master key that is not this header's")
	}
	if !bytes.Equal(p.marshal(master), before) {
		t.Error("a refused set changed the header")
	}
}

func TestHeaderSetRecovery(t *testing.T) {
	h, master, oldRK := headerTestNew(t)
	passwordWrap := bytes.Clone(h.passwordWrap)
	rk, err := h.setRecovery(master)
	if err != nil {
		t.Fatal(err)
	}
	if rk == oldRK {
		t.Fatal("setRecovery returned the old key")
	}
	p, err := parseHeader(h.marshal(master))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(p.passwordWrap, passwordWrap) {
		t.Error("setRecovery changed the password wrap")
	}
	headerTestUnlock(t, p, headerTestPassword, rk, master)
	if _, err := p.unlockRecovery(oldRK); !errors.Is(err, ErrWrongPassword) {
		t.Errorf("old recovery key: got %v, want ErrWrongPassword", err)
	}
}

func TestParseHeaderErrors(t *testing.T) {
	h, master, _ := headerTestNew(t)
	good := h.marshal(master)
	with := func(off int, v ...byte) []byte {
		b := bytes.Clone(good)
		copy(b[off:], v)
		return b
	}
	const kdfOff = 8 + 2 + 16
	for _, tc := range []struct {
		name string
		b    []byte
		want error
	}{
		{"empty", nil, ErrCorrupt},
		{"short magic", []byte("TEND"), ErrCorrupt},
		{"wrong magic", with(0, 'X'), ErrCorrupt},
		{"magic only", good[:8], ErrCorrupt},
		{"half version", good[:9], ErrCorrupt},
		{"version only", good[:10], ErrCorrupt},
		{"truncated", good[:len(good)-1], ErrCorrupt},
		{"extra byte", append(bytes.Clone(good), 0), ErrCorrupt},
		{"huge", append(bytes.Clone(good), make([]byte, maxHeaderSize)...), ErrCorrupt},
		{"version 0", with(8, 0, 0), ErrCorrupt},
		{"version 2", with(8, 0, 2), ErrUnsupported},
		{"version 2 short", with(8, 0, 2)[:20], ErrUnsupported},
		{"version max", with(8, 0xff, 0xff), ErrUnsupported},
		{"kdf id 0", with(kdfOff, 0), ErrCorrupt},
		{"kdf id 2", with(kdfOff, 2), ErrCorrupt},
		{"time 0", with(kdfOff+1, 0, 0, 0, 0), ErrCorrupt},
		{"time huge", with(kdfOff+1, 0xff, 0xff, 0xff, 0xff), ErrCorrupt},
		{"memory small", with(kdfOff+5, 0, 0, 0, 8), ErrCorrupt},
		{"memory huge", with(kdfOff+5, 0xff, 0xff, 0xff, 0xff), ErrCorrupt},
		{"threads 0", with(kdfOff+9, 0), ErrCorrupt},
		{"threads huge", with(kdfOff+9, 200), ErrCorrupt},
	} {
		h, err := parseHeader(tc.b)
		if h != nil || !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, %v; want %v", tc.name, h, err, tc.want)
		}
	}
}

func TestHeaderReadWrite(t *testing.T) {
	dir := t.TempDir()
	if _, err := readHeader(dir); !errors.Is(err, ErrNoVault) {
		t.Errorf("empty folder: got %v, want ErrNoVault", err)
	}
	if _, err := readHeader(filepath.Join(dir, "missing")); !errors.Is(err, ErrNoVault) {
		t.Errorf("missing folder: got %v, want ErrNoVault", err)
	}

	h, master, rk := headerTestNew(t)
	if err := writeHeader(dir, h.marshal(master)); err != nil {
		t.Fatal(err)
	}
	if err := h.setPassword(master, []byte("second"), TestKDF); err != nil {
		t.Fatal(err)
	}
	if err := writeHeader(dir, h.marshal(master)); err != nil {
		t.Fatal(err)
	}
	p, err := readHeader(dir)
	if err != nil {
		t.Fatal(err)
	}
	headerTestUnlock(t, p, []byte("second"), rk, master)

	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != headerFile {
		t.Errorf("folder holds %v, want only %s", entries, headerFile)
	}
	fi, err := os.Stat(filepath.Join(dir, headerFile))
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("header mode is %v, want 0600", fi.Mode().Perm())
	}

	big := make([]byte, 1<<20)
	copy(big, h.marshal(master))
	if err := os.WriteFile(filepath.Join(dir, headerFile), big, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := readHeader(dir); !errors.Is(err, ErrCorrupt) {
		t.Errorf("oversized header: got %v, want ErrCorrupt", err)
	}

	if err := writeHeader(filepath.Join(dir, "missing"), []byte("x")); err == nil {
		t.Error("writeHeader into a missing folder succeeded")
	}
}

// FuzzParseHeader checks that no input makes parseHeader panic, and that
// whatever it accepts is within bounds and encodes back to the same bytes.
func FuzzParseHeader(f *testing.F) {
	h, master, _ := headerTestNew(f)
	good := h.marshal(master)
	f.Add(good)
	for _, n := range []int{0, 7, 8, 10, 26, 36, 68, 140, headerSize - 1} {
		f.Add(good[:n])
	}
	newer := bytes.Clone(good)
	binary.BigEndian.PutUint16(newer[8:], headerVersion+1)
	f.Add(newer)
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := parseHeader(b)
		if err != nil {
			if h != nil {
				t.Fatal("parseHeader returned a header and an error")
			}
			if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrUnsupported) {
				t.Fatalf("error %v wraps neither ErrCorrupt nor ErrUnsupported", err)
			}
			return
		}
		if h.version != headerVersion {
			t.Fatalf("accepted version %d", h.version)
		}
		if err := h.kdf.Validate(); err != nil {
			t.Fatalf("accepted out-of-bounds KDF parameters: %v", err)
		}
		if len(h.passwordWrap) != wrapSize || len(h.recoveryWrap) != wrapSize {
			t.Fatalf("accepted wraps of %d and %d bytes", len(h.passwordWrap), len(h.recoveryWrap))
		}
		if enc := append(h.body(), h.mac[:]...); !bytes.Equal(enc, b) {
			t.Fatal("accepted header does not encode back to its bytes")
		}
	})
}
