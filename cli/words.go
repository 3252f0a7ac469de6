package cli

import (
	"strings"
	"unicode/utf8"

	"tend/backup"
	"tend/internal/i18n"
)

// records says how many records, in words.
func records(n int) string { return i18n.N("{{.Count}} records", n) }

// entriesAndVersions says how many entries and earlier versions there are,
// leaving the versions out when there are none.
func entriesAndVersions(entries, versions int) string {
	s := i18n.N("{{.Count}} entries", entries)
	if versions > 0 {
		s = i18n.L("{{.Entries}} and {{.Versions}}", i18n.Data{"Entries": s, "Versions": i18n.N("{{.Count}} earlier versions", versions)})
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

// padRight pads s with spaces to width letters, counting letters rather
// than bytes, so that a column lines up in every language.
func padRight(s string, width int) string {
	if n := utf8.RuneCountInString(s); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}
