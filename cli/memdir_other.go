//go:build !linux

package cli

// memoryDir reports that there is no folder known to live only in memory:
// an entry is then edited from standard input, never through a file.
func memoryDir() (string, bool) { return "", false }
