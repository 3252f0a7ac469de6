package cli

import (
	"fmt"
	"strings"

	"tend/backup"
)

// count says n of something in words, with the right form for one:
// count(1, "entry", "entries") is "1 entry".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// itIs is "it is" for one thing and "they are" for more.
func itIs(n int) string {
	if n == 1 {
		return "it is"
	}
	return "they are"
}

// entriesAndVersions says how many entries and earlier versions there are,
// leaving the versions out when there are none.
func entriesAndVersions(entries, versions int) string {
	s := count(entries, "entry", "entries")
	if versions > 0 {
		s += " and " + count(versions, "earlier version", "earlier versions")
	}
	return s
}

// notABackupReason is why a file is not a Tend backup, without the words
// "not a Tend backup" that the sentence around it already says.
func notABackupReason(err error) string {
	msg := err.Error()
	if _, after, ok := strings.Cut(msg, backup.ErrNotABackup.Error()); ok {
		msg = strings.TrimLeft(after, ": ")
	}
	return msg
}
