package vault

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

// sealTestKey and sealTestVault are fixed so the committed fuzz seeds under
// testdata/fuzz/FuzzOpenSealed stay valid sealed values.
var (
	sealTestKey   = bytes.Repeat([]byte{0x5e}, keySize)
	sealTestVault = [16]byte{'t', 'e', 'n', 'd', ' ', 't', 'e', 's', 't', ' ', 'v', 'a', 'u', 'l', 't', 0}
)

func sealTestSealer(t testing.TB, key []byte, id [16]byte) *sealer {
	t.Helper()
	s, err := newSealer(key, id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPadmeLen(t *testing.T) {
	for _, tc := range []struct{ n, want int }{
		{0, 256},
		{1, 256},
		{4, 256},
		{256, 256},
		{257, 272},
		{272, 272},
		{273, 288},
		{511, 512},
		{512, 512},
		{513, 544},
		{1000, 1024},
		{1025, 1088},
		{10000, 10240},
		{1 << 20, 1 << 20},
		{1<<20 + 1, 1<<20 + 1<<15},
	} {
		if got := padmeLen(tc.n); got != tc.want {
			t.Errorf("padmeLen(%d) = %d, want %d", tc.n, got, tc.want)
		}
	}
	sizes := map[int]bool{}
	prev := 0
	for n := 0; n <= 1<<17; n++ {
		p := padmeLen(n)
		sizes[p] = true
		switch {
		case p < n || p < minPadded:
			t.Fatalf("padmeLen(%d) = %d is too small", n, p)
		case n > minPadded && float64(p-n)/float64(n) > 0.12:
			t.Fatalf("padmeLen(%d) = %d wastes more than 12%%", n, p)
		case p < prev:
			t.Fatalf("padmeLen(%d) = %d is below padmeLen(%d) = %d", n, p, n-1, prev)
		case padmeLen(p) != p:
			t.Fatalf("padmeLen(%d) = %d is not a bucket", n, p)
		}
		prev = p
	}
	// 128 Ki lengths collapse into a few hundred buckets.
	if len(sizes) > 600 {
		t.Errorf("%d distinct padded sizes up to 128 KiB", len(sizes))
	}
}

func TestSealRoundTrip(t *testing.T) {
	s := sealTestSealer(t, sealTestKey, sealTestVault)
	key := []byte("entry/0123456789abcdef")
	for _, n := range []int{0, 1, 100, 251, 252, 253, 1000, 5000, 1 << 20} {
		plain := bytes.Repeat([]byte{'x'}, n)
		for _, schema := range []uint16{0, 1, 0xffff} {
			v := s.seal(key, schema, plain)
			if want := sealHeaderSize + padmeLen(padLenSize+n) + 16; len(v) != want {
				t.Errorf("%d bytes sealed to %d, want %d", n, len(v), want)
			}
			got, gotSchema, err := s.open(key, v)
			if err != nil || !bytes.Equal(got, plain) || gotSchema != schema {
				t.Errorf("%d bytes, schema %d: open gave %d bytes, schema %d, %v", n, schema, len(got), gotSchema, err)
			}
		}
	}
	// Sizes within one bucket are indistinguishable.
	if a, b := s.seal(key, 1, []byte("hi")), s.seal(key, 1, make([]byte, 200)); len(a) != len(b) {
		t.Errorf("2 and 200 bytes sealed to %d and %d", len(a), len(b))
	}
	// A fresh nonce every time.
	if a, b := s.seal(key, 1, []byte("same")), s.seal(key, 1, []byte("same")); bytes.Equal(a, b) {
		t.Error("sealing twice gave the same bytes")
	}
	// The plaintext given to seal is left alone.
	plain := []byte("keep me")
	s.seal(key, 1, plain)
	if string(plain) != "keep me" {
		t.Errorf("seal changed its input to %q", plain)
	}
}

func TestSealTamperEachByte(t *testing.T) {
	s := sealTestSealer(t, sealTestKey, sealTestVault)
	key := []byte("entry/1")
	v := s.seal(key, 3, []byte("the day the river froze"))
	for i := range v {
		for _, flip := range []byte{0x01, 0x80, 0xff} {
			c := bytes.Clone(v)
			c[i] ^= flip
			if got, _, err := s.open(key, c); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("byte %d ^ %#x: open gave %q, %v", i, flip, got, err)
			}
		}
	}
	for n := range len(v) {
		if _, _, err := s.open(key, v[:n]); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("truncated to %d bytes: %v", n, err)
		}
	}
	if _, _, err := s.open(key, append(bytes.Clone(v), 0)); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("one byte appended: %v", err)
	}
}

// TestSealWrongPlace moves a sealed value to where it does not belong.
func TestSealWrongPlace(t *testing.T) {
	s := sealTestSealer(t, sealTestKey, sealTestVault)
	v := s.seal([]byte("entry/1"), 1, []byte("private"))

	if _, _, err := s.open([]byte("entry/2"), v); !errors.Is(err, ErrCorrupt) {
		t.Errorf("other record key: %v", err)
	}
	if _, _, err := s.open(nil, v); !errors.Is(err, ErrCorrupt) {
		t.Errorf("empty record key: %v", err)
	}
	otherVault := sealTestVault
	otherVault[0] ^= 1
	if _, _, err := sealTestSealer(t, sealTestKey, otherVault).open([]byte("entry/1"), v); !errors.Is(err, ErrCorrupt) {
		t.Errorf("other vault id: %v", err)
	}
	otherKey := bytes.Clone(sealTestKey)
	otherKey[0] ^= 1
	if _, _, err := sealTestSealer(t, otherKey, sealTestVault).open([]byte("entry/1"), v); !errors.Is(err, ErrCorrupt) {
		t.Errorf("other key: %v", err)
	}
	relabelled := bytes.Clone(v)
	binary.BigEndian.PutUint16(relabelled[1:], 2)
	if _, _, err := s.open([]byte("entry/1"), relabelled); !errors.Is(err, ErrCorrupt) {
		t.Errorf("other schema: %v", err)
	}
}

// TestSealOpenBadPadding seals malformed padded plaintexts with the right key,
// which only a bug could produce, and checks open refuses them.
func TestSealOpenBadPadding(t *testing.T) {
	s := sealTestSealer(t, sealTestKey, sealTestVault)
	key := []byte("entry/1")
	sealRaw := func(padded []byte) []byte {
		out := []byte{sealFormatV1, 0, 1}
		nonce := randomBytes(24)
		out = append(out, nonce...)
		return s.aead.Seal(out, nonce, padded, s.ad(key, 1))
	}
	long := make([]byte, 256)
	binary.BigEndian.PutUint32(long, 253)
	dirty := make([]byte, 256)
	binary.BigEndian.PutUint32(dirty, 5)
	dirty[255] = 1
	huge := make([]byte, 256)
	binary.BigEndian.PutUint32(huge, 0xffffffff)
	for name, padded := range map[string][]byte{"too long": long, "dirty": dirty, "huge": huge, "empty": {}, "short": {0, 0}} {
		if _, _, err := s.open(key, sealRaw(padded)); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: %v", name, err)
		}
	}
	full := make([]byte, 256)
	binary.BigEndian.PutUint32(full, 252)
	if _, _, err := s.open(key, sealRaw(full)); err != nil {
		t.Errorf("exactly full padding: %v", err)
	}
}

func TestNewSealerKeySize(t *testing.T) {
	for _, n := range []int{0, 16, 31, 33} {
		if _, err := newSealer(make([]byte, n), sealTestVault); err == nil {
			t.Errorf("newSealer accepted a %d-byte key", n)
		}
	}
}

// FuzzOpenSealed checks that no value, however malformed, makes open panic.
func FuzzOpenSealed(f *testing.F) {
	s := sealTestSealer(f, sealTestKey, sealTestVault)
	v := s.seal([]byte("entry/1"), 1, []byte("a seed entry"))
	f.Add([]byte("entry/1"), v)
	f.Add([]byte("entry/2"), v)
	for _, n := range []int{0, 1, 3, 27, 43, 47, len(v) - 1} {
		f.Add([]byte("entry/1"), v[:n])
	}
	f.Fuzz(func(t *testing.T, recordKey, value []byte) {
		plain, _, err := s.open(recordKey, value)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error %v does not wrap ErrCorrupt", err)
			}
			return
		}
		if len(plain) > len(value) {
			t.Fatalf("opened %d bytes out of %d", len(plain), len(value))
		}
	})
}
