package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/journal"
)

// untitledOfEveryVoice saves, in English, entries whose headlines and
// previews their kind makes: a check-in, a dialogue, words and actions, and
// free writing whose first line is the person's own.
func untitledOfEveryVoice(t *testing.T, u *UI) {
	t.Helper()
	i18n.Use("en")
	seedJournal(t, u.vault(),
		&journal.Entry{Date: day(t, "2026-11-20"), Kind: journal.KindCheckIn, Fields: journal.Fields{CheckIn: &journal.CheckIn{Safety: 6, Emotions: []string{"calm", "insecure"}, Context: "After the call"}}},
		&journal.Entry{Date: day(t, "2026-11-21"), Kind: journal.KindDialogue, Fields: journal.Fields{Dialogue: &journal.Dialogue{Age: 7, Turns: []journal.Turn{
			{Voice: journal.VoiceNow, Text: "Are you there?"}, {Voice: journal.VoiceChild, Text: "Yes."},
		}}}},
		&journal.Entry{Date: day(t, "2026-11-22"), Kind: journal.KindWordsActions, Fields: journal.Fields{WordsActions: &journal.WordsActions{Label: "Sam", Said: "I'll call", Did: "No call"}}},
		&journal.Entry{Date: day(t, "2026-11-23"), Body: "Check-in: nobody asked.\nSaid: nothing."},
	)
}

// journalRows returns the headline and preview of every entry the journal
// lists, newest first.
func journalRows(u *UI) [][2]string {
	s := u.shell.timeline
	row := newTimelineRowTemplate()
	body := row.(*fyne.Container).Objects[1].(*entryRow)
	var out [][2]string
	for i, r := range s.rows {
		if r.entry != nil {
			s.updateRow(i, row)
			out = append(out, [2]string{body.headline, body.preview})
		}
	}
	return out
}

// TestUntitledEntriesSpeakTheLanguage saves entries untitled in English,
// then chooses German: the journal's list, Today and search say what each
// kind made of its entry in German at once, and the person's own lines as
// they wrote them, and the check-in's page its feelings; then Spanish, with
// its "e" before the sound i.
func TestUntitledEntriesSpeakTheLanguage(t *testing.T) {
	speakEnglishAfter(t)
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	untitledOfEveryVoice(t, u)
	u.showSection(secJournal)
	if got := journalRows(u)[3]; got != [2]string{"Check-in: safety 6, calm and insecure", "After the call"} {
		t.Fatalf("in English the check-in reads %q", got)
	}

	u.speak("de")
	u.showSection(secJournal)
	want := [][2]string{
		{"Check-in: nobody asked.", "Said: nothing."},
		{"Worte und Taten: Sam", "Gesagt: I'll call · Getan: No call"},
		{"Gespräch mit meinem 7-jährigen Ich", "Ich heute: Are you there? · Ich mit 7: Yes."},
		{"Kurz nachgespürt: Sicherheit 6, ruhig und unsicher", "After the call"},
	}
	got := journalRows(u)
	if len(got) != len(want) {
		t.Fatalf("%d rows: %q", len(got), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d reads %q, want %q", i, got[i], want[i])
		}
	}
	// The check-in's own page names its feelings in German too.
	for _, r := range u.shell.timeline.rows {
		if r.entry != nil && r.entry.Kind == journal.KindCheckIn {
			u.shell.editor.open(r.entry.ID)
		}
	}
	var page []string
	var read func(o fyne.CanvasObject)
	read = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.RichText:
			page = append(page, w.String())
		case *fyne.Container:
			for _, c := range w.Objects {
				read(c)
			}
		case fyne.Widget:
			for _, c := range test.TempWidgetRenderer(t, w).Objects() {
				read(c)
			}
		}
	}
	read(u.shell.editor.reader.doc)
	if !strings.Contains(strings.Join(page, "\n"), "Gefühleruhig, unsicher") {
		t.Errorf("the check-in's page reads %q", page)
	}
	u.showSection(secToday)
	var recent []string
	for _, o := range u.shell.today.recent.Objects {
		recent = append(recent, o.(*entryButton).headline)
	}
	if !strings.Contains(strings.Join(recent, "|"), "Kurz nachgespürt: Sicherheit 6, ruhig und unsicher") {
		t.Errorf("Today lists %q", recent)
	}

	u.speak("es")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := v.WaitIndex(ctx); err != nil {
		t.Fatal(err)
	}
	u.showSection(secSearch)
	s := u.shell.search
	test.Type(s.query, "call")
	s.searchNow()
	heads := map[string]bool{}
	for i := range s.results {
		row := newResultTemplate()
		s.updateResult(i, row)
		rows := row.(*fyne.Container).Objects[0].(*fyne.Container).Objects
		heads[rows[0].(*fyne.Container).Objects[0].(*widget.Label).Text] = true
		// The snippet shows the person's words, not the feelings as kept.
		if snip := rows[1].(*fyne.Container).Objects[0].(*container.Clip).Content.(*widget.RichText).String(); strings.Contains(snip, "calm") {
			t.Errorf("a result's snippet reads %q", snip)
		}
	}
	for _, h := range []string{"Cómo estoy: seguridad 6, calma e inseguridad", "Palabras y hechos: Sam"} {
		if !heads[h] {
			t.Errorf("search shows %v, without %q", heads, h)
		}
	}
}
