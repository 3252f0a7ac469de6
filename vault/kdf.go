package vault

import (
	"fmt"

	"golang.org/x/crypto/argon2"
)

// KDFParams are the Argon2id cost parameters that turn a password into the
// key that unwraps the master key.
//
// They are stored in the vault header, so they can be raised later without
// re-encrypting anything, and they are bounded when read (see Validate): a
// damaged or hostile header must not be able to make Tend allocate gigabytes
// or spin for hours before the password is even checked.
type KDFParams struct {
	// Time is the number of passes over memory.
	Time uint32
	// MemoryKiB is the memory cost in KiB. Memory is what makes guessing
	// passwords on GPUs and custom hardware expensive.
	MemoryKiB uint32
	// Threads is the degree of parallelism.
	Threads uint8
}

// DefaultKDF is the cost used for new vaults and password changes: about
// 0.15 to 0.5 seconds on a desktop, which a person barely notices once per
// unlock but which makes every guess of an attacker holding the vault folder
// just as slow.
var DefaultKDF = KDFParams{Time: 3, MemoryKiB: 64 * 1024, Threads: 4}

// TestKDF is real Argon2id at the lowest cost Validate accepts, so tests run
// the true code path quickly. It must never be used for a real vault: a
// password protected by it can be guessed hundreds of times faster than one
// protected by DefaultKDF.
var TestKDF = KDFParams{Time: 1, MemoryKiB: 1024, Threads: 1}

// Bounds for KDF parameters read from a header. The upper bounds are far above
// anything Tend writes, yet low enough that a forged header cannot exhaust the
// machine; the lower bounds refuse a downgrade to a trivially cheap KDF.
const (
	minKDFTime      = 1
	maxKDFTime      = 20
	minKDFMemoryKiB = 1024
	maxKDFMemoryKiB = 1 << 20 // 1 GiB, the most Settings can raise it to
	minKDFThreads   = 1
	maxKDFThreads   = 64
)

// Validate reports whether p is within the bounds Tend accepts. Parameters
// outside them mean the header is damaged or was not written by Tend, so the
// error wraps ErrCorrupt.
func (p KDFParams) Validate() error {
	if p.Time < minKDFTime || p.Time > maxKDFTime {
		return fmt.Errorf("the journal's header asks for %d Argon2id passes, but only %d to %d make sense: %w",
			p.Time, minKDFTime, maxKDFTime, ErrCorrupt)
	}
	if p.MemoryKiB < minKDFMemoryKiB || p.MemoryKiB > maxKDFMemoryKiB {
		return fmt.Errorf("the journal's header asks for %d KiB of Argon2id memory, but only %d to %d make sense: %w",
			p.MemoryKiB, minKDFMemoryKiB, maxKDFMemoryKiB, ErrCorrupt)
	}
	if p.Threads < minKDFThreads || p.Threads > maxKDFThreads {
		return fmt.Errorf("the journal's header asks for %d Argon2id threads, but only %d to %d make sense: %w",
			p.Threads, minKDFThreads, maxKDFThreads, ErrCorrupt)
	}
	return nil
}

// derive returns the 32-byte key-encryption key for password and salt. The
// caller must have validated p, since the cost is taken as given.
func (p KDFParams) derive(password, salt []byte) []byte {
	return argon2.IDKey(password, salt, p.Time, p.MemoryKiB, p.Threads, keySize)
}

// StrongerThan reports whether p costs an attacker more per guess than q,
// measured as passes times memory. The UI uses it to offer raising the cost
// of an old vault, never lowering it silently.
func (p KDFParams) StrongerThan(q KDFParams) bool {
	return uint64(p.Time)*uint64(p.MemoryKiB) > uint64(q.Time)*uint64(q.MemoryKiB)
}
