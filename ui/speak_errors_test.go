package ui

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"tend/internal/i18n"
	"tend/journal"
	"tend/plain"
)

// TestARecoveryKeyMistakeSpeaksTheLanguage types recovery keys with a
// mistake in each way in German: the window says what is wrong in German.
func TestARecoveryKeyMistakeSpeaksTheLanguage(t *testing.T) {
	speakEnglishAfter(t)
	dir := filepath.Join(t.TempDir(), "vault")
	u, _ := newTestUI(t, dir)
	key := createVault(t, u)
	u.lock()
	u.wait()
	i18n.Use("de")
	test.Tap(u.unlock.forgot)
	r := u.recover
	for typed, want := range map[string]string{
		key[:len(key)-3] + "!!!": "Ein Wiederherstellungsschlüssel besteht aus Ziffern und Buchstaben, und „!“ gehört nicht dazu.",
		key[:10]:                 "Ein Wiederherstellungsschlüssel hat 36 Buchstaben und Ziffern; dieser hat 8.",
	} {
		r.key.SetText(typed)
		r.password.SetText("a brand new sentence")
		r.confirm.SetText("a brand new sentence")
		test.Tap(r.open)
		u.wait()
		if r.problem.Text != want {
			t.Errorf("%q: the window says %q, want %q", typed, r.problem.Text, want)
		}
	}
}

// TestDamagedJournalDetailsSpeakTheLanguage reads the details a helper is
// shown for a damaged journal in Spanish: their frame and each damaged
// record's part and problem.
func TestDamagedJournalDetailsSpeakTheLanguage(t *testing.T) {
	speakEnglishAfter(t)
	dir, _ := damagedJournal(t)
	u, _ := unlockDamaged(t, dir)
	i18n.Use("es")
	details := u.attention.detailText()
	for _, want := range []string{"Carpeta del diario: ", "Comprobación: ", "no está como se escribió", "'tend salvage' rescata"} {
		if !strings.Contains(details, want) {
			t.Errorf("the details read %q, without %q", details, want)
		}
	}
	if strings.Contains(details, "fails its integrity check\n") || strings.Contains(details, "Journal folder") {
		t.Errorf("the details are in English: %q", details)
	}
}

// TestTheOneOClockHourInSpanish reads the time an entry was written in
// Spanish, which says the one o'clock hour apart: "a la 01:05" beside
// "a las 02:05".
func TestTheOneOClockHourInSpanish(t *testing.T) {
	speakEnglishAfter(t)
	i18n.Use("es")
	for hour, want := range map[int]string{1: "Escrita a la 01:05", 2: "Escrita a las 02:05", 13: "Escrita a las 13:05"} {
		e := &journal.Entry{Date: journal.Date{Year: 2026, Month: time.March, Day: 23}, Written: time.Date(2026, 3, 23, hour, 5, 0, 0, time.UTC)}
		if got := readMeta(e, false, time.UTC); got != want {
			t.Errorf("written at %d:05 reads %q, want %q", hour, got, want)
		}
		if got := readMeta(e, true, time.UTC); !strings.HasSuffix(got, strings.TrimPrefix(want, "Escrita ")) {
			t.Errorf("written at %d:05, with its day, reads %q", hour, got)
		}
	}
}

// TestATimeFromElsewhereSpeaksTheLanguage reads, in German, the time of an
// entry written in another zone: the zone is named in German's way, with
// no English word.
func TestATimeFromElsewhereSpeaksTheLanguage(t *testing.T) {
	speakEnglishAfter(t)
	i18n.Use("de")
	away := time.FixedZone("", -5*3600)
	e := &journal.Entry{Date: journal.Date{Year: 2026, Month: time.March, Day: 23}, Written: time.Date(2026, 3, 23, 15, 40, 0, 0, away)}
	if got, want := readMeta(e, false, time.UTC), "Geschrieben um 15:40 (UTC-5)"; got != want {
		t.Errorf("the time reads %q, want %q", got, want)
	}
}

// TestAnExportNotSurelyKeptIsSaidWritten: an export the disk did not
// confirm is told, in Spanish, as written but perhaps not kept, not as an
// export that could not be written and left nothing behind; one that was
// not written is told so.
func TestAnExportNotSurelyKeptIsSaidWritten(t *testing.T) {
	speakEnglishAfter(t)
	i18n.Use("es")
	out := filepath.Join(t.TempDir(), "diario.json")
	title, msg := exportFailure(out, &plain.ExportError{Unsure: true, Err: syscall.EIO})
	if title == i18n.L("Nothing was exported") || !strings.Contains(msg, "se ha escrito en diario.json") || strings.Contains(msg, "No se ha podido escribir") || strings.Contains(msg, "No ha quedado nada") {
		t.Errorf("an export not surely kept is told %q: %q", title, msg)
	}
	title, msg = exportFailure(out, &plain.ExportError{Err: syscall.ENOSPC})
	if title != "No se ha exportado nada" || msg != "No se ha podido escribir la exportación (el disco está lleno). No ha quedado nada a medias; puedes volver a intentarlo." {
		t.Errorf("an export not written is told %q: %q", title, msg)
	}
}
