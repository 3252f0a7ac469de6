package vault

import "strings"

// tail is the last n lines of s: the end of what a child process printed,
// where it says why it stopped.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
