package say

import (
	"errors"
	"strings"

	"tend/backup"
	"tend/internal/i18n"
)

// BackupDamage says what is wrong with a damaged backup, as a clause to
// follow "… cannot be restored:": in the language in use where Tend knows
// the damage, and as the backup reader wrote it otherwise.
func BackupDamage(err error) string {
	var de *backup.DamageError
	if !errors.As(err, &de) {
		s, _ := strings.CutPrefix(err.Error(), backup.ErrDamaged.Error()+": ")
		return s
	}
	d := i18n.Data{"Member": de.Member}
	switch de.Why {
	case backup.DamageCutShort:
		return i18n.L("it ends too soon; it was most likely cut short while it was copied or written")
	case backup.DamageIncomplete:
		return i18n.L("it is incomplete, or was changed after it was written")
	case backup.DamageChanged:
		if de.Member == "" {
			return i18n.L("an attached file in it changed while it waited to be restored")
		}
		return i18n.L("{{.Member}} inside it was changed after it was written", d)
	case backup.DamageHeader:
		return i18n.L("its encryption header cannot be read")
	case backup.DamageOtherJournal:
		return i18n.L("what is inside comes from another journal than the header before it says")
	case backup.DamageArchive:
		return i18n.L("the archive inside it cannot be read as Tend writes one")
	case backup.DamageTrailing:
		return i18n.L("something follows the end of the archive inside it")
	case backup.DamageTwice:
		return i18n.L("{{.Member}} appears twice in it", d)
	case backup.DamageTooLarge:
		return i18n.L("{{.Member}} inside it is larger than anything Tend writes there", d)
	case backup.DamageTooMany:
		return i18n.L("it holds more files than any journal could")
	case backup.DamageNotPlain:
		return i18n.L("{{.Member}} inside it is not a plain file", d)
	case backup.DamageUnknown:
		return i18n.L("it holds a file Tend does not know ({{.Member}})", d)
	case backup.DamageMissing:
		return i18n.L("{{.Member}} is missing from it", d)
	case backup.DamageUnlisted:
		if de.Member == "" {
			return i18n.L("it holds earlier versions of an entry it does not hold")
		}
		return i18n.L("it holds an attached file no entry lists ({{.Member}})", d)
	case backup.DamageManifest:
		return i18n.L("its manifest, the list of what it holds, cannot be read as Tend writes one")
	case backup.DamageCounts:
		return i18n.L("its manifest counts other records than it holds")
	case backup.DamageRecord:
		return i18n.L("{{.Member}} inside it cannot be read as Tend wrote it", d)
	case backup.DamageDisagree:
		return i18n.L("its records disagree about an attached file")
	}
	s, _ := strings.CutPrefix(err.Error(), backup.ErrDamaged.Error()+": ")
	return s
}

// readBack says that a backup just written did not read back as it was
// written, and what reading it back found, when Tend knows it.
func readBack(e *backup.ReadBackError) string {
	s := i18n.L("the backup did not read back from the disk as it was written, so it was not kept")
	if e.Automatic {
		s = i18n.L("the automatic backup did not read back from the disk as it was written, so it was not kept")
	}
	if e.Err == nil {
		return s
	}
	if why, ok := Problem(e.Err); ok {
		return s + " (" + strings.TrimSuffix(why, ".") + ")"
	}
	return s + " (" + System(e.Err) + ")"
}
