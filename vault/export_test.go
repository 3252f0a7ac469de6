package vault

// Test-only doors for the benchmarks in package vault_test.

// AllocatedBytes is the disk space a file takes, as du counts it.
var AllocatedBytes = allocated

// DeriveForBench runs the key derivation once, so BenchmarkUnlock can time
// what comes after it.
func DeriveForBench(dir string, password []byte) ([]byte, error) {
	h, err := readHeader(dir)
	if err != nil {
		return nil, err
	}
	return h.unlockPassword(password)
}

// OpenWithKey opens a vault with its master key, skipping the derivation.
func OpenWithKey(dir string, master []byte) (*Vault, error) {
	h, err := readHeader(dir)
	if err != nil {
		return nil, err
	}
	return open(dir, h, append([]byte(nil), master...))
}
