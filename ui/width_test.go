package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/app"
	"tend/assets"
	"tend/journal"
	"tend/vault"
)

// smallWindow is the narrowest window every screen must fit: 800 px, the
// width of a small laptop screen or a window beside another.
const smallWindow = 800

// unlockedUIAtScale is newUnlockedUI with the text size chosen in Settings
// before the window is built, as it is after a restart.
func unlockedUIAtScale(t *testing.T, scale float32) *UI {
	t.Helper()
	a := test.NewTempApp(t)
	app.NewSettings(a.Preferences()).SetTextScale(scale)
	s := app.NewSession(filepath.Join(t.TempDir(), "vault"))
	s.UseKDF(vault.TestKDF)
	u := New(a, s)
	u.inline = true
	t.Cleanup(func() {
		u.wait()
		_ = s.Lock()
	})
	if _, err := s.Create([]byte(goodPassword)); err != nil {
		t.Fatal(err)
	}
	u.showMain()
	return u
}

// widthOf is the minimum width of what a section shows, inside the host
// that keeps it from widening the window.
func widthOf(u *UI, sec section) float32 {
	return u.shell.views[sec].(*container.Scroll).Content.MinSize().Width
}

// TestNoScreenWidensTheWindow visits every section and every kind of entry
// at every text size and checks two things: the window's content never
// asks for more than a small window's width, so Fyne never grows the window
// past the screen; and each screen fits beside the sidebar in that small
// window, so nothing needs scrolling sideways. Settings grew the window to
// 1212 px at Normal text (a card's explanation did not wrap) and to 1609
// px at Largest; the check-in form asked for 867 px.
func TestNoScreenWidensTheWindow(t *testing.T) {
	kinds := []journal.Kind{
		journal.KindFree, journal.KindLetter, journal.KindDialogue, journal.KindCheckIn,
		journal.KindConversation, journal.KindWordsActions, journal.KindIncident, journal.KindTherapyNote,
	}
	// Every size in English, and the largest in Spanish and German too,
	// whose words run longer ("Wiederherstellungsschlüssel").
	type run struct {
		label, lang string
		scale       float32
	}
	var runs []run
	for _, size := range textSizes() {
		runs = append(runs, run{size.label, assets.DefaultLanguage, size.scale})
	}
	for _, lang := range assets.Languages()[1:] {
		runs = append(runs, run{"Largest in " + lang, lang, largestScale()})
	}
	for _, r := range runs {
		t.Run(r.label, func(t *testing.T) {
			u := unlockedUIAtScale(t, r.scale)
			if r.lang != assets.DefaultLanguage {
				speakEnglishAfter(t)
				u.settings.SetLanguage(r.lang)
				u.speak(r.lang)
			}
			// Several journals, one with the longest name there may be,
			// are in the sidebar and the editor's chooser.
			l, _ := u.vault().Journals()
			for _, name := range []string{"Therapy notes", strings.Repeat("A journal with a long name ", 3)[:journal.MaxJournalName]} {
				var err error
				if l, _, err = l.Add(name, time.Now()); err != nil {
					t.Fatal(err)
				}
			}
			if err := u.vault().SetJournals(l); err != nil {
				t.Fatal(err)
			}
			u.shell.journals.load()
			sidebar := u.win.Content().MinSize().Width
			room := smallWindow - sidebar
			check := func(what string, w float32) {
				t.Helper()
				if w > room {
					t.Errorf("%s asks for %.0f px; beside the sidebar a %d px window has %.0f", what, w, smallWindow, room)
				}
				if got := u.win.Content().MinSize().Width; got > smallWindow {
					t.Errorf("after %s the window asks for %.0f px, more than %d", what, got, smallWindow)
				}
			}
			for _, sec := range sidebarOrder {
				u.showSection(sec)
				check(string(sec), widthOf(u, sec))
			}
			// Today greets by the time of day: each greeting, the night's
			// longest ("¿Sigues sin dormir? Trátate con cariño.").
			now := u.now
			for _, hour := range []int{2, 9, 15, 21} {
				u.now = func() time.Time { return time.Date(2026, 12, 8, hour, 0, 0, 0, time.Local) }
				u.showSection(secToday)
				check(fmt.Sprintf("Today at %d:00", hour), widthOf(u, secToday))
			}
			u.now = now
			// With the long-named journal chosen, the screens headed by
			// its name.
			long := l[len(l)-1]
			u.shell.journals.choose(false, long.ID)
			for _, sec := range []section{secJournal, secInsights, secTrash} {
				u.showSection(sec)
				check(fmt.Sprintf("%s in %q", sec, long.Name), widthOf(u, sec))
			}
			u.shell.journals.choose(true, journal.JournalID{})
			for _, k := range kinds {
				u.newEntry(k)
				check(fmt.Sprintf("a new %s entry", k), widthOf(u, secEditor))
			}
			// Every kind's page to read, with long words in every part.
			for _, k := range everyKind {
				e := sampleEntry(k)
				e.Title = strings.Repeat("A title that runs on and on ", 6)
				if err := u.vault().Put(e); err != nil {
					t.Fatal(err)
				}
				u.openEntry(e.ID)
				check(fmt.Sprintf("reading a %s entry", k), widthOf(u, secEditor))
			}
		})
	}
}

// TestHostKeepsAWideScreenFromWideningTheWindow puts a line that cannot
// wrap into a section and checks that the window still does not ask for
// its width: it scrolls sideways instead of being cut off or pushing the
// window off the screen.
func TestHostKeepsAWideScreenFromWideningTheWindow(t *testing.T) {
	u, _ := newUnlockedUI(t)
	before := u.win.Content().MinSize().Width
	wide := &widget.Label{Text: fmt.Sprintf("%02000d", 0)}
	u.shell.views[secSettings].(*container.Scroll).Content = container.NewVBox(wide)
	u.showSection(secSettings)
	if got := u.win.Content().MinSize().Width; got != before || got >= wide.MinSize().Width {
		t.Fatalf("a %.0f px line made the window ask for %.0f px (it asked for %.0f before)", wide.MinSize().Width, got, before)
	}
}

// TestTagFieldShowsItsWholeHint opens a new entry in every language at
// every text size, in a small window and a large one, and checks that the
// field for a new tag is wide enough for its hint ("Neues Schlagwort" was
// cut to "Neues Schlagw" at the largest text) and lies inside the column,
// below the date when there is no room beside it.
func TestTagFieldShowsItsWholeHint(t *testing.T) {
	for _, lang := range assets.Languages() {
		for _, size := range textSizes() {
			t.Run(lang+" "+size.label, func(t *testing.T) {
				u := unlockedUIAtScale(t, size.scale)
				speakEnglishAfter(t)
				u.settings.SetLanguage(lang)
				u.speak(lang)
				for _, width := range []float32{smallWindow, 1280} {
					u.win.Resize(fyne.NewSize(width, 800))
					u.newEntry(journal.KindFree)
					ed := u.shell.editor
					in := ed.tags.input
					hint := fyne.MeasureText(in.PlaceHolder, theme.TextSize(), fyne.TextStyle{}).Width
					if got := in.Size().Width; got < hint+2*theme.InnerPadding() {
						t.Errorf("at %.0f px the tag field is %.0f px wide, too narrow for %q (%.0f px)", width, got, in.PlaceHolder, hint)
					}
					field := fyne.CurrentApp().Driver().AbsolutePositionForObject(in).X + in.Size().Width
					body := fyne.CurrentApp().Driver().AbsolutePositionForObject(ed.body).X + ed.body.Size().Width
					if field > body+1 {
						t.Errorf("at %.0f px the tag field ends at %.0f, past the writing's edge at %.0f", width, field, body)
					}
				}
			})
		}
	}
}

// TestTagsSitBesideTheDateOnlyInOneRow gives an entry tags and moves the
// window between widths: the tags sit beside the date, time and mood only
// when they fit there in one row, and the choice follows what is shown now,
// not the widest row it once laid out (after three tags at 800 px they
// stayed below at any width). Fourteen tags beside the date once made a
// column 600 px tall that left the writing 73 px.
func TestTagsSitBesideTheDateOnlyInOneRow(t *testing.T) {
	u := unlockedUIAtScale(t, 1)
	u.newEntry(journal.KindFree)
	ed := u.shell.editor
	below := func() bool {
		d := fyne.CurrentApp().Driver()
		return d.AbsolutePositionForObject(ed.tags).Y > d.AbsolutePositionForObject(ed.date).Y+ed.date.Size().Height/2
	}
	check := func(what string, width float32, want bool) {
		t.Helper()
		u.win.Resize(fyne.NewSize(width, 800))
		ed.root.Refresh()
		if got := below(); got != want {
			t.Errorf("%s at %.0f px: below the date is %v, want %v", what, width, got, want)
		}
	}
	check("no tags", 1280, false)
	check("no tags", smallWindow, false)
	ed.tags.SetTags([]string{"work", "sleep", "a long walk by the sea"})
	check("three tags", smallWindow, true)
	check("three tags", 1280, true)
	ed.tags.SetTags(nil)
	check("no tags after three", smallWindow, false)
	check("no tags after three", 1280, false)
	many := make([]string, 14)
	for i := range many {
		many[i] = fmt.Sprintf("tag number %d", i+1)
	}
	ed.tags.SetTags(many)
	for _, width := range []float32{smallWindow, 1280} {
		check("fourteen tags", width, true)
		if h := ed.body.Size().Height; h < 150 {
			t.Errorf("with fourteen tags at %.0f px the writing is %.0f px tall", width, h)
		}
	}
}
