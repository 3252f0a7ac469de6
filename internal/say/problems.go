package say

import (
	"errors"
	"strings"

	"tend/app"
	"tend/backup"
	"tend/internal/i18n"
	"tend/journal"
	"tend/plain"
	"tend/vault"
)

// Problem says, as a sentence, an error the journal's own packages give
// for what a person typed or chose: a text that is not a date, a time of
// day or a kind of entry, a recovery key with a mistake in it, a journal's
// name refused, a source that cannot be imported or an export that could
// not be written, a rescue that found nothing. ok is false for any other
// error, which the caller says as it can, in English at the least.
func Problem(err error) (sentence string, ok bool) {
	var pe *journal.ParseError
	var rk *vault.RecoveryKeyError
	var fe *plain.FieldError
	var re *app.RescueError
	var ie *plain.ImportError
	var xe *plain.ExportError
	var de *backup.DamageError
	var rb *backup.ReadBackError
	switch {
	case errors.As(err, &rb):
		return readBack(rb), true
	case errors.As(err, &de):
		return BackupDamage(de), true
	case errors.As(err, &ie):
		return importProblem(ie), true
	case errors.As(err, &xe):
		return exportProblem(xe), true
	case errors.As(err, &re):
		return rescueProblem(re), true
	case errors.As(err, &fe):
		return fieldProblem(fe), true
	case errors.As(err, &pe):
		d := i18n.Data{"Text": pe.Text}
		switch pe.Want {
		case journal.WantClock:
			return i18n.L("\"{{.Text}}\" is not a time of day like 21:40.", d), true
		case journal.WantKind:
			d["Kinds"] = journal.KindNames()
			return i18n.L("\"{{.Text}}\" is not a kind of entry; it can be one of {{.Kinds}}.", d), true
		}
		return i18n.L("\"{{.Text}}\" is not a date like 2024-03-31.", d), true
	case errors.As(err, &rk):
		switch {
		case rk.Char != 0:
			return i18n.L("A recovery key is made of digits and letters, and \"{{.Char}}\" is not one of them.", i18n.Data{"Char": string(rk.Char)}), true
		case rk.WrongLength:
			return i18n.N("A recovery key has {{.Want}} letters and digits; this one has {{.Count}}.", rk.Count, i18n.Data{"Want": vault.RecoveryKeyLength}), true
		}
		return i18n.L("That recovery key has a typo somewhere; check it group by group."), true
	case errors.Is(err, journal.ErrJournalName):
		return i18n.L("A journal needs a name."), true
	case errors.Is(err, journal.ErrJournalTaken):
		return i18n.L("Another journal already has that name."), true
	case errors.Is(err, journal.ErrJournalTooLong):
		return i18n.L("A journal's name can have up to {{.Max}} characters.", i18n.Data{"Max": journal.MaxJournalName}), true
	case errors.Is(err, journal.ErrLastJournal):
		return i18n.L("The last journal cannot be deleted."), true
	case errors.Is(err, journal.ErrLastInView):
		return i18n.L("One journal needs to stay in view."), true
	}
	return "", false
}

// fieldProblem says which field of which note holds a value it cannot
// take, and what it takes.
func fieldProblem(fe *plain.FieldError) string {
	d := i18n.Data{"File": fe.File, "Line": fe.Line, "Field": fe.Field, "Max": journal.MaxMood}
	switch fe.Want {
	case plain.WantMoment:
		return i18n.L("{{.File}}, line {{.Line}}: {{.Field}} should be a time like 2024-03-31T21:40:00+01:00.", d)
	case plain.WantMood:
		return i18n.L("{{.File}}, line {{.Line}}: {{.Field}} should be a number from 1 to {{.Max}}.", d)
	case plain.WantClock:
		return i18n.L("{{.File}}, line {{.Line}}: {{.Field}} should be a time of day like 21:40.", d)
	case plain.WantSwitch:
		return i18n.L("{{.File}}, line {{.Line}}: {{.Field}} should be true or false.", d)
	case plain.WantTags:
		return i18n.L("{{.File}}, line {{.Line}}: {{.Field}} should be fewer than a thousand tags.", d)
	case plain.WantPrompt:
		return i18n.L("{{.File}}, line {{.Line}}: {{.Field}} should be an object like {\"path\": \"...\", \"step\": \"...\"}.", d)
	}
	return i18n.L("{{.File}}, line {{.Line}}: {{.Field}} should be a date like 2024-03-31.", d)
}

// Damage says what a check found wrong with one record, for a person: the
// entry it belongs to (its id, or empty when that cannot be told), the
// part of it and its problem, in the language in use where Tend knows the
// problem, and as the check wrote it otherwise. The check's own words stay
// in English in its JSON, which scripts read.
func Damage(entry, record, problem string) string {
	var part string
	switch record {
	case "summary":
		part = i18n.L("its summary")
	case "body":
		part = i18n.L("its text")
	case "history":
		part = i18n.L("an earlier version")
	case "piece":
		part = i18n.L("a piece of a long entry")
	case "file":
		part = i18n.L("an attached file")
	case "preferences":
		part = i18n.L("the preferences")
	default:
		part = i18n.L("a record")
	}
	switch {
	case problem == "missing":
		problem = i18n.L("it is missing")
	case problem == "it fails its integrity check":
		problem = i18n.L("it is not as it was written (it fails its integrity check)")
	case problem == "it names another entry":
		problem = i18n.L("it names another entry")
	case problem == "its key has the wrong length", problem == "a record of unknown kind", problem == "a record with an empty key":
		problem = i18n.L("its key is not one Tend writes")
	case strings.HasPrefix(problem, "the store could not be read past this point"):
		problem = i18n.L("the store could not be read past this point")
	}
	if entry == "" {
		return part + ": " + problem
	}
	return i18n.L("entry {{.ID}}, {{.Part}}: {{.Problem}}", i18n.Data{"ID": entry, "Part": part, "Problem": problem})
}
