package cli

import (
	"errors"
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
	var nb *backup.NotABackupError
	if errors.As(err, &nb) {
		switch nb.Why {
		case backup.NotEncrypted:
			return i18n.L("it is not an age-encrypted file")
		case backup.EncryptedToKey:
			return i18n.L("it is encrypted to a key, not with a passphrase")
		case backup.NotAnArchive:
			return i18n.L("what is inside is not a Tend archive")
		case backup.OtherFormat:
			return i18n.L("its manifest names another format, \"{{.Format}}\"", i18n.Data{"Format": nb.Format})
		}
	}
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
