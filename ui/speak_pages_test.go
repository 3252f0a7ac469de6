package ui

import (
	"strings"
	"testing"
	"time"

	"tend/internal/i18n"
	"tend/journal"
	"tend/plain"
)

// TestAnEntrysPageSpeaksTheLanguage opens a dialogue in German and reads
// it back: the page's buttons, its line of facts and the words that name
// the two voices are German, the age said as German says it; then the
// editor's foot and its count of words.
func TestAnEntrysPageSpeaksTheLanguage(t *testing.T) {
	speakEnglishAfter(t)
	u, v := newUnlockedUI(t)
	u.speak("de")
	id := saveEntry(t, v, &journal.Entry{
		Kind: journal.KindDialogue, Date: journal.Date{Year: 2026, Month: time.March, Day: 23}, Mood: 4,
		Fields: journal.Fields{Dialogue: &journal.Dialogue{Age: 8, Turns: []journal.Turn{
			{Voice: journal.VoiceNow, Text: "Bist du da?"},
			{Voice: journal.VoiceChild, Text: "Ja."},
		}}},
	})
	ed := u.shell.editor
	ed.open(id)
	r := ed.reader
	for _, b := range []struct{ got, want string }{
		{r.editBtn.Text, "Ändern"}, {r.historyBtn.Text, "Verlauf"}, {r.deleteBtn.Text, "Löschen"},
	} {
		if b.got != b.want {
			t.Errorf("a button of the page says %q, want %q", b.got, b.want)
		}
	}
	if want := "Montag, 23. März 2026"; r.title.Text != want {
		t.Errorf("the page is headed %q, want %q", r.title.Text, want)
	}
	if want := "Stimmung gut"; r.meta.Text != want {
		t.Errorf("the page's facts say %q, want %q", r.meta.Text, want)
	}
	if !labelWith(t, r.doc, "Ein Gespräch zwischen mir heute und mir mit 8") {
		t.Error("the dialogue does not name its two voices in German")
	}
	if got := voiceName(journal.VoiceChild, 8); got != "Ich mit 8" {
		t.Errorf("the younger voice is named %q", got)
	}
	ed.setReading(false)
	if ed.doneBtn.Text != "Fertig" || ed.words.Text != "4 Wörter" {
		t.Errorf("the editor's foot says %q and %q", ed.doneBtn.Text, ed.words.Text)
	}
}

// TestTheImportPreviewSpeaksTheLanguage reads the sentences of an
// import's preview in Spanish, each count a real plural, and what it
// leaves out and why.
func TestTheImportPreviewSpeaksTheLanguage(t *testing.T) {
	speakEnglishAfter(t)
	i18n.Use("es")
	day := func(d int) *journal.Entry {
		return &journal.Entry{Kind: journal.KindFree, Date: journal.Date{Year: 2026, Month: time.November, Day: d}}
	}
	plan := &plain.Plan{Entries: []*journal.Entry{day(20), day(22), day(23)}}
	msg := describeImport(plan, 2, 1, 0)
	for _, want := range []string{
		"Se han encontrado 3 entradas, del 20 de noviembre de 2026 al 23 de noviembre de 2026.",
		"2 de ellas ya están en tu diario",
		"1 es más nueva en el archivo que en tu diario",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("the preview says %q, without %q", msg, want)
		}
	}
	plan.Media = 1
	plan.Skipped = []plain.Skipped{
		{What: plain.WhatMedia, Media: plain.MediaPhoto, Entry: 3, Day: "2026-11-23", Why: plain.WhyDamagedPicture},
		{What: plain.WhatLinked, Name: "mar.jpg", In: "playa.md", Why: plain.WhyNotInFolder},
	}
	left := strings.Join(leftOutOfImport(plan), "\n")
	for _, want := range []string{
		"una foto de la entrada 3 (2026-11-23): la imagen parece dañada",
		"mar.jpg (enlazado desde playa.md): no está en la carpeta",
	} {
		if !strings.Contains(left, want) {
			t.Errorf("what is left out reads %q, without %q", left, want)
		}
	}
}

// TestSizesAndPicturesSpeakTheLanguage says a file's size and a picture
// that is not shown in German and Spanish.
func TestSizesAndPicturesSpeakTheLanguage(t *testing.T) {
	speakEnglishAfter(t)
	i18n.Use("de")
	for n, want := range map[int64]string{1: "1 Byte", 640: "640 Byte", 1_500_000: "1,5 MB"} {
		if got := fileSize(n); got != want {
			t.Errorf("%d bytes are said as %q, want %q", n, got, want)
		}
	}
	i18n.Use("es")
	if got := imageText("el mar"); got != "[imagen: el mar]" {
		t.Errorf("a picture not shown reads %q", got)
	}
	if got := fileSize(2); got != "2 bytes" {
		t.Errorf("2 bytes are said as %q", got)
	}
}
