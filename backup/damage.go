package backup

import "fmt"

// A DamageError says what is wrong with a damaged backup, by what it is
// rather than in words, so that the window and the command line say it in
// the person's language (see say.Problem); Error says it in English, as it
// always did, for logs and scripts. It is ErrDamaged to errors.Is, and the
// error beneath too, when there is one.
type DamageError struct {
	// Why is what is wrong.
	Why Damage
	// Member is the file inside the backup at fault, as its archive names
	// it ("entries/….json", "files/…", "manifest.json"); empty when the
	// damage is not in one.
	Member string
	// Err is the error beneath, when there is one.
	Err error
	// english is what was found, in English, after "this backup is
	// damaged or incomplete: ".
	english string
}

// Damage is what is wrong with a damaged backup.
type Damage int

// What can be wrong with a backup.
const (
	// DamageCutShort: the file ends before its header, or inside it: it
	// was cut short.
	DamageCutShort Damage = iota + 1
	// DamageIncomplete: its encrypted contents end too soon or were
	// changed after they were written; the encryption cannot tell which.
	DamageIncomplete
	// DamageChanged: Member does not match its checksum: it was changed
	// after it was written.
	DamageChanged
	// DamageHeader: its encryption header, or the copy of the journal's
	// header before it, cannot be read.
	DamageHeader
	// DamageOtherJournal: its contents come from another journal than the
	// header before them.
	DamageOtherJournal
	// DamageArchive: its archive cannot be read as Tend writes one.
	DamageArchive
	// DamageTrailing: something follows the end of its archive, or its
	// manifest, which comes last.
	DamageTrailing
	// DamageTwice: Member appears twice.
	DamageTwice
	// DamageTooLarge: Member is larger than anything Tend writes there.
	DamageTooLarge
	// DamageTooMany: it holds more files than any journal could.
	DamageTooMany
	// DamageNotPlain: Member is not a plain file.
	DamageNotPlain
	// DamageUnknown: it holds a file, Member, Tend does not know.
	DamageUnknown
	// DamageMissing: Member is missing: its manifest, a record its
	// manifest lists, an attached file an entry lists.
	DamageMissing
	// DamageUnlisted: it holds an attached file, Member, no entry lists,
	// or earlier versions of an entry it does not hold.
	DamageUnlisted
	// DamageManifest: its manifest cannot be read as Tend writes one.
	DamageManifest
	// DamageCounts: its manifest counts other records than it holds.
	DamageCounts
	// DamageRecord: the record Member cannot be read as Tend wrote it.
	DamageRecord
	// DamageDisagree: its records disagree about an attached file.
	DamageDisagree
)

// damaged is a DamageError; format and a say in English what was found.
func damaged(why Damage, member string, format string, a ...any) *DamageError {
	return &DamageError{Why: why, Member: member, english: fmt.Sprintf(format, a...)}
}

func (e *DamageError) Error() string { return ErrDamaged.Error() + ": " + e.english }

// Unwrap makes the error ErrDamaged to errors.Is, and the error beneath.
func (e *DamageError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrDamaged, e.Err}
	}
	return []error{ErrDamaged}
}

// Damaged is the error of a backup found damaged where this package's
// callers read it (an automatic backup's own header before its age file):
// why is what is wrong, and format and a say it in English.
func Damaged(why Damage, format string, a ...any) error { return damaged(why, "", format, a...) }

// A ReadBackError says a backup just written did not read back from the
// disk as it was written, so it was not kept. Err is what reading it back
// found, a *DamageError, say, or nil when it read back whole but held
// other records than were written; it is ErrDamaged to errors.Is then.
// Automatic says it was an automatic backup.
type ReadBackError struct {
	Automatic bool
	Err       error
}

func (e *ReadBackError) Error() string {
	what := "the backup"
	if e.Automatic {
		what = "the automatic backup"
	}
	if e.Err == nil {
		return fmt.Sprintf("%s did not read back as it was written, so it was not kept: %v", what, ErrDamaged)
	}
	return fmt.Sprintf("%s did not read back correctly, so it was not kept: %v", what, e.Err)
}

// Unwrap gives what reading back found, or ErrDamaged.
func (e *ReadBackError) Unwrap() error {
	if e.Err == nil {
		return ErrDamaged
	}
	return e.Err
}
