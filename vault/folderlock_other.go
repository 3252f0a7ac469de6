//go:build !unix

package vault

// lockFolder is a no-op where locks are not flock: there the store
// library's own lock, held through a rotation's copying, is all there is.
func lockFolder(string, bool) (func(), error) { return func() {}, nil }
