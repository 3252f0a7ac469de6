package vault

import (
	"bytes"
	"errors"
	"testing"
)

func TestKDFValidate(t *testing.T) {
	for _, p := range []KDFParams{
		DefaultKDF,
		TestKDF,
		{Time: 20, MemoryKiB: 1 << 20, Threads: 64},
	} {
		if err := p.Validate(); err != nil {
			t.Errorf("%+v: %v", p, err)
		}
	}
	for _, p := range []KDFParams{
		{},
		{Time: 0, MemoryKiB: 1024, Threads: 1},
		{Time: 21, MemoryKiB: 1024, Threads: 1},
		{Time: 1, MemoryKiB: 1023, Threads: 1},
		{Time: 1, MemoryKiB: 1<<20 + 1, Threads: 1},
		{Time: 1, MemoryKiB: 1024, Threads: 0},
		{Time: 1, MemoryKiB: 1024, Threads: 65},
		{Time: ^uint32(0), MemoryKiB: ^uint32(0), Threads: 255},
	} {
		err := p.Validate()
		if !errors.Is(err, ErrCorrupt) {
			t.Errorf("%+v: got %v, want ErrCorrupt", p, err)
		}
	}
}

func TestKDFDerive(t *testing.T) {
	salt := bytes.Repeat([]byte{1}, 32)
	a := TestKDF.derive([]byte("correct horse"), salt)
	if len(a) != keySize {
		t.Fatalf("derived %d bytes, want %d", len(a), keySize)
	}
	if b := TestKDF.derive([]byte("correct horse"), salt); !bytes.Equal(a, b) {
		t.Error("derive is not deterministic")
	}
	if b := TestKDF.derive([]byte("correct horse!"), salt); bytes.Equal(a, b) {
		t.Error("different passwords gave the same key")
	}
	if b := TestKDF.derive([]byte("correct horse"), bytes.Repeat([]byte{2}, 32)); bytes.Equal(a, b) {
		t.Error("different salts gave the same key")
	}
	stronger := KDFParams{Time: 2, MemoryKiB: TestKDF.MemoryKiB, Threads: 1}
	if b := stronger.derive([]byte("correct horse"), salt); bytes.Equal(a, b) {
		t.Error("different parameters gave the same key")
	}
}

func TestKDFStrongerThan(t *testing.T) {
	if !DefaultKDF.StrongerThan(TestKDF) {
		t.Error("DefaultKDF should be stronger than TestKDF")
	}
	if TestKDF.StrongerThan(DefaultKDF) || DefaultKDF.StrongerThan(DefaultKDF) {
		t.Error("StrongerThan must be strict")
	}
	huge := KDFParams{Time: 100, MemoryKiB: 4 << 20, Threads: 1}
	if !huge.StrongerThan(KDFParams{Time: 99, MemoryKiB: 4 << 20, Threads: 64}) {
		t.Error("StrongerThan overflowed or counted threads")
	}
}
