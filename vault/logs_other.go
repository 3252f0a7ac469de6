//go:build !unix

package vault

// removeEmptyLogs is a no-op where Badger's directory lock is not flock.
func removeEmptyLogs(string) error { return nil }

// storeLocked cannot tell here; opening the store will.
func storeLocked(string) bool { return false }
