package ui

import (
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/internal/say"
	"tend/journal"
)

// moodNone is the choice that takes a mood away again. The moods
// themselves are named in words (moodName), because "2" says little to
// someone who is hurting.
func moodNone() string { return i18n.L("No mood") }

// editorScreen writes one entry: a title, the day it belongs to and the
// time it was written, a mood, tags, a star and a Markdown body with a
// preview. It saves by itself a moment
// after typing stops, and whenever the person leaves it or locks.
type editorScreen struct {
	u *UI

	// autosaveDelay is the pause after an edit before saving. Zero turns
	// the timer off; headless tests do that and call autosaveNow, because
	// the test driver runs fyne.Do on the timer's goroutine.
	autosaveDelay time.Duration
	timer         *time.Timer
	// draftTimer seals the unsaved words as a draft draftPause after the
	// first edit since the last save or draft; it is off when autosave is.
	draftTimer *time.Timer
	// draftGen is the edit generation last sealed as a draft, so a save
	// that keeps failing does not seal the same words again and again.
	draftGen int
	// sealing is set while a draft is being sealed, so a big entry is
	// never sealed twice at once; the next edit tries again.
	sealing bool

	// entry is what is being edited. A new entry gets its id when it
	// starts, so two saves racing can never create it twice; Rev stays 0
	// until it is first saved.
	entry   *journal.Entry
	dirty   bool
	loading bool // set while fields are filled in, so that is not an edit
	// gen counts edits, so a save knows whether it saved the latest words.
	gen int

	// saveMu orders saves: an autosave runs off the UI goroutine, and a
	// flush must neither run beside it nor be overwritten by it.
	saveMu   sync.Mutex
	savedGen int // the newest edit on disk; guarded by saveMu

	// reading is set while the entry is shown to read rather than to
	// write; reader is that page.
	reading bool
	reader  *readView

	// form is the form of a structured entry, nil for a body alone.
	// prefilled is what a new entry's form started with, so a page nobody
	// wrote on is never saved; prefillAge is the age a guided step
	// suggested, kept for when the kind is switched.
	form       entryForm
	prefilled  journal.Fields
	prefillAge int
	// choosable is set while the entry has never been saved: until then
	// the person may still turn it into another kind.
	choosable bool

	// kindBtn names the kind of a new entry and opens the chooser that
	// changes it; kindNote says what that kind is for. Both sit on their
	// own row above the title, where a long name has room.
	kindBtn  *widget.Button
	kindNote *widget.Label
	kindRow  *fyne.Container
	chooser  *kindChooser    // the open kind chooser, if any
	prompt   *widget.Label   // the guided prompt the entry answers
	formBox  *fyne.Container // the prompt, then the form
	formArea *container.Scroll
	kind     *widget.Label
	title    *widget.Entry
	date     *widget.Entry
	clock    *widget.Entry // the time it was written (editor_when.go)
	dateNote *widget.Label
	mood     *widget.Select
	tags     *tagChips
	// body is the writing: the page itself in free writing, or "anything
	// else" below a form, on the same scrolling page. bodySlot holds it
	// when it is the page; bodyHead names it below a form.
	body     *field
	bodySlot *fyne.Container
	bodyHead *widget.Label
	words    *widget.Label
	status   *widget.Label

	starBtn *widget.Button
	// book chooses the entry's journal (editor_journal.go); bookIDs are
	// its choices' journals.
	book       *widget.Select
	bookIDs    []journal.JournalID
	bookRow    *fyne.Container
	historyBtn *widget.Button
	deleteBtn  *widget.Button
	doneBtn    *widget.Button // from writing to reading

	root    *fyne.Container   // the rows, laid out by editorLayout
	writing fyne.CanvasObject // root in its column
	history *historyView      // the open history dialog, if any
	picker  *widget.PopUp     // the open calendar, if any

	// The files of the entry (attach.go): the row under the writing with
	// the button that adds one, the strip showing them, and the line and
	// bar shown while a large one is added; attaching is set meanwhile.
	attachRow  *fyne.Container
	attachBtn  *widget.Button
	strip      *fileStrip
	attachNote *widget.Label
	attachBusy *widget.ProgressBarInfinite
	attaching  bool
	files      *filePicker
	viewer     *fileViewer // the file open larger, if any
}

func newEditorScreen(u *UI) *editorScreen {
	s := &editorScreen{u: u, autosaveDelay: autosavePause}
	if u.inline {
		s.autosaveDelay = 0
	}
	s.kind = note("")
	s.kind.Hide()
	s.kindBtn = &widget.Button{Icon: theme.MenuDropDownIcon(), IconPlacement: widget.ButtonIconTrailingText, OnTapped: s.onPickKind}
	s.kindNote = note("")
	// The line of purpose sits level with the button, and wraps beside it.
	s.kindRow = container.NewBorder(nil, nil, s.kindBtn, nil, container.NewVBox(layout.NewSpacer(), s.kindNote, layout.NewSpacer()))
	s.kindRow.Hide()
	s.prompt = &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Italic: true}}
	s.prompt.Hide()
	s.formBox = container.NewVBox()
	s.formArea = container.NewVScroll(s.formBox)
	s.formArea.Hide()
	s.title = &widget.Entry{PlaceHolder: i18n.L("Title (optional)"), TextStyle: fyne.TextStyle{Bold: true}}
	s.title.OnChanged = func(string) { s.onEdit() }
	s.title.OnSubmitted = func(string) { s.focusBody() }
	s.date = &widget.Entry{PlaceHolder: i18n.L("YYYY-MM-DD")}
	s.date.ActionItem = newIconButton(theme.CalendarIcon(), i18n.L("Choose the day on a calendar"), widget.LowImportance, s.onPickDate)
	s.date.OnChanged = s.onDate
	s.newWhen()
	s.newJournalChooser()
	s.dateNote = note("")
	s.dateNote.Hide()
	opts := []string{moodNone()}
	for m := journal.Mood(1); m <= journal.MaxMood; m++ {
		opts = append(opts, moodName(m))
	}
	s.mood = &widget.Select{Options: opts, PlaceHolder: i18n.L("Mood"), OnChanged: s.onMood}
	s.tags = newTagChips(s.journalTags)
	s.tags.OnChanged = func() {
		s.relayout()
		s.onEdit()
	}
	s.tags.OnResized = s.relayout
	s.body = newField(bodyMinRows)
	s.body.setFixed(true)
	s.body.SetPlaceHolder(i18n.L("Write whatever is on your mind…"))
	s.body.OnChanged = s.body.onChanged(s.onBodyEdit)
	s.bodySlot = container.NewStack(s.body)
	s.bodyHead = caption(i18n.L("Anything else"))
	s.words = note("")
	s.words.Wrapping = fyne.TextWrapOff // a count never needs a second line
	s.status = note("")
	s.historyBtn = &widget.Button{Text: i18n.L("History"), Icon: theme.HistoryIcon(), Importance: widget.LowImportance, OnTapped: s.onHistory}
	s.deleteBtn = &widget.Button{Text: i18n.L("Delete"), Icon: theme.DeleteIcon(), Importance: widget.LowImportance, OnTapped: s.onDelete}
	s.doneBtn = &widget.Button{Text: i18n.L("Done"), Icon: theme.VisibilityIcon(), OnTapped: func() { s.setReading(true) }}
	s.newAttachRow()
	s.reader = newReadView(newFileStrip(u, s.openFile), s.edit, s.onHistory, s.onDelete, s.onStar)
	s.reader.picture = s.inlinePictureFor
	return s
}

func (s *editorScreen) buildUI() fyne.CanvasObject {
	// The kind of a new entry comes above the title, so Tab from the title
	// still goes to the writing.
	top := container.NewVBox(s.kind, s.kindRow, s.title)
	// The date and mood sit at the top of their row when tags wrap below;
	// where the row is too narrow for both, the tags go below them.
	fixed := container.NewVBox(container.NewHBox(container.New(minWidth{170}, s.date), container.New(minWidth{80}, s.clock), s.mood))
	meta := container.NewVBox(besideOrBelowOf(fixed, s.tags), s.dateNote, s.bookRow)
	buttons := container.NewHBox(s.starBtn, s.historyBtn, s.deleteBtn, s.doneBtn)
	foot := container.NewBorder(nil, nil, s.words, buttons, s.status)
	// The form and body come straight after the title so that Tab goes
	// from the title to the writing; the layout still draws the date, mood
	// and tags above them.
	s.root = container.New(editorLayout{strip: s.strip}, top, s.formArea, s.bodySlot, s.attachRow, meta, foot)
	s.writing = readingColumn(container.NewPadded(s.root), true)
	s.reader.root.Hide()
	return container.NewStack(s.writing, s.reader.root)
}

// startField is where the cursor goes in a new entry: where its form
// begins, or the writing; nil when the form begins with a choice.
func (s *editorScreen) startField() fyne.Focusable {
	if st, ok := s.form.(starter); ok {
		return st.first()
	}
	return s.body
}

// bodyMinRows is the least the writing shows below a form.
const bodyMinRows = 3

// onBodyEdit counts an edit of the writing; below a form, the page is
// laid out again for the rows it grew by.
func (s *editorScreen) onBodyEdit() {
	s.onEdit()
	if !s.body.fixed {
		s.formArea.Refresh()
	}
}

// placeBody puts the writing below the form, on the one scrolling page,
// or makes it the page itself when there is no form.
func (s *editorScreen) placeBody(belowForm bool) {
	if belowForm {
		s.bodySlot.Objects = nil
		s.bodySlot.Hide()
		s.body.setFixed(false)
	} else {
		s.body.setFixed(true)
		s.bodySlot.Objects = []fyne.CanvasObject{s.body}
		s.bodySlot.Show()
	}
	s.bodySlot.Refresh()
}

// relayout fits the rows again after one changed height: tags wrapping
// onto another row, or the date note coming and going.
func (s *editorScreen) relayout() {
	if s.root != nil {
		s.root.Refresh()
	}
}

// showDateNote shows or hides the gentle line under the date.
func (s *editorScreen) showDateNote(text string) {
	s.dateNote.SetText(text)
	if text == "" {
		s.dateNote.Hide()
	} else {
		s.dateNote.Show()
	}
	s.relayout()
}

// refresh is called whenever the editor is shown. It never reloads the
// entry: that would throw away what is being typed.
func (s *editorScreen) refresh() { s.updateButtons() }

// focusBody moves the cursor to the page, so Enter after the title starts
// the writing as Tab does.
func (s *editorScreen) focusBody() {
	if c := s.u.app.Driver().CanvasForObject(s.body); c != nil {
		c.Focus(s.body)
	}
}

// onEdit records a change the person made and schedules an autosave.
func (s *editorScreen) onEdit() {
	if s.loading || s.entry == nil {
		return
	}
	s.u.touch()
	s.dirty = true
	s.gen++
	s.status.SetText("")
	s.updateWords()
	s.updateButtons()
	s.schedule()
	s.armDraft()
}

// onDate accepts a day typed as YYYY-MM-DD. Anything else gets a calm note
// and the entry keeps the day it had, so no keystroke moves it.
func (s *editorScreen) onDate(text string) {
	if s.loading || s.entry == nil {
		return
	}
	d, err := journal.ParseDate(text)
	if err != nil {
		s.showDateNote(i18n.L("Write the day like {{.Example}}. Until then this entry stays on {{.Day}}.", i18n.Data{
			"Example": journal.DateOf(s.u.now()).String(), "Day": dayInSentence(s.entry.Date),
		}))
		return
	}
	// The entry keeps the last good day, for while the next is half-typed,
	// and its clock time goes with it to the new day.
	s.entry.Date = d
	s.entry.Written = journal.MoveWritten(s.entry.Written, d)
	s.showDateNote(zoneNote(s.entry, s.u.here()))
	s.onEdit()
}

// onPickDate shows a small calendar under the date field.
func (s *editorScreen) onPickDate() {
	if s.entry == nil {
		return
	}
	d := s.u.app.Driver()
	c := d.CanvasForObject(s.date)
	if c == nil {
		return
	}
	s.hidePicker()
	cal := widget.NewCalendar(s.currentDate().Time(), func(t time.Time) {
		s.date.SetText(journal.DateOf(t).String())
		s.hidePicker()
	})
	s.picker = widget.NewPopUp(cal, c)
	s.picker.ShowAtPosition(d.AbsolutePositionForObject(s.date).Add(fyne.NewPos(0, s.date.Size().Height)))
}

func (s *editorScreen) hidePicker() {
	if s.picker != nil {
		s.picker.Hide()
		s.picker = nil
	}
}

// onMood takes "No mood" to mean none, shown by the placeholder.
func (s *editorScreen) onMood(choice string) {
	if choice == moodNone() {
		s.mood.ClearSelected() // calls back with "", which counts the edit
		return
	}
	s.onEdit()
}

// journalTags lists the tags in the journal, most used first, for the tag
// field to suggest.
func (s *editorScreen) journalTags() []string {
	v := s.u.vault()
	if v == nil {
		return nil
	}
	counts, err := v.Tags()
	if err != nil {
		return nil
	}
	out := make([]string, len(counts))
	for i, c := range counts {
		out[i] = c.Tag
	}
	return out
}

// currentMood reads the mood menu.
func (s *editorScreen) currentMood() journal.Mood {
	for m := journal.Mood(1); m <= journal.MaxMood; m++ {
		if moodName(m) == s.mood.Selected {
			return m
		}
	}
	return 0
}

// currentDate is the last good day typed in the date field.
func (s *editorScreen) currentDate() journal.Date { return s.entry.Date }

// fill shows e in the fields without counting it as an edit.
func (s *editorScreen) fill(e *journal.Entry) {
	s.stopTimer()
	s.stopDraftTimer()
	s.hidePicker()
	s.closeHistory()
	s.closeViewer()
	s.closeChooser()
	s.loading = true
	s.entry = e
	s.title.SetText(e.Title)
	s.body.SetText(e.Body)
	s.date.SetText(e.Date.String())
	s.fillWhen(e)
	s.showJournal()
	s.setMood(e.Mood)
	s.tags.SetTags(e.Tags)
	s.choosable = e.Rev == 0
	s.prefilled = journal.Fields{}
	s.showForm(e)
	s.strip.show(e.ID, e.Files)
	s.loading = false
	s.dirty = false
	s.showDateNote(zoneNote(e, s.u.here()))
	s.status.SetText("")
	s.setKind(e)
	s.setReading(false)
	s.updateWords()
	s.updateButtons()
}

func (s *editorScreen) setMood(m journal.Mood) {
	if m >= 1 && m <= journal.MaxMood {
		s.mood.SetSelected(moodName(m))
	} else {
		s.mood.ClearSelected()
	}
}

// setKind names the kind of a structured entry quietly above its title.
// A new entry shows its kind in the menu that changes it instead.
func (s *editorScreen) setKind(e *journal.Entry) {
	var parts []string
	if e.Kind != journal.KindFree && e.Kind != "" && !s.choosable {
		parts = append(parts, say.Kind(e.Kind))
	}
	if e.InTrash() {
		parts = append(parts, i18n.L("In the trash"))
	}
	s.kind.SetText(strings.Join(parts, " · "))
	s.kind.Hidden = len(parts) == 0
	s.kind.Refresh()

	s.kindBtn.SetText(say.Kind(e.Kind))
	s.kindNote.SetText(kindPurpose(e.Kind))
	if s.choosable {
		s.kindRow.Show()
	} else {
		s.kindRow.Hide()
	}
	s.relayout()
}

// updateWords shows the word count of the body and any form.
func (s *editorScreen) updateWords() {
	if s.entry == nil {
		s.words.SetText("")
		return
	}
	e := journal.Entry{Body: s.body.Text, Fields: s.currentFields()}
	s.words.SetText(wordCount(e.CountWords()))
}

// wordCount says how many words, in words.
func wordCount(n int) string { return i18n.N("{{.Count}} words", n) }

// updateButtons offers History once there is an earlier version (or will
// be, with the save History makes first), and Delete once there is an
// entry.
func (s *editorScreen) updateButtons() {
	if s.entry != nil && (s.entry.Rev > 1 || s.entry.Rev == 1 && s.dirty) {
		s.historyBtn.Enable()
	} else {
		s.historyBtn.Disable()
	}
	// The kind may change only while the form holds nothing the person
	// wrote, so switching never throws words away.
	if s.entry != nil && s.formUntouched(s.currentFields()) {
		s.kindBtn.Enable()
	} else {
		s.kindBtn.Disable()
	}
	if s.entry != nil {
		s.deleteBtn.Enable()
		s.doneBtn.Enable()
	} else {
		s.deleteBtn.Disable()
		s.doneBtn.Disable()
	}
}

// toggleReading switches between reading the entry and writing it.
func (s *editorScreen) toggleReading() {
	switch {
	case s.entry == nil:
	case s.reading:
		s.edit()
	default:
		s.setReading(true)
	}
}

// edit turns the page being read into the fields that write it, with the
// cursor in the writing.
func (s *editorScreen) edit() {
	s.setReading(false)
	s.focusBody()
}

// setReading shows the entry to read, saved first, or to write. Words
// that could not be saved stay in the fields, with the status line saying
// why, rather than being shown as if they were kept.
func (s *editorScreen) setReading(on bool) {
	if on {
		if s.entry == nil || s.flush() != nil {
			return
		}
		s.hidePicker()
		s.closeChooser()
		e, _ := s.fromFields()
		s.reader.show(e, s.u.journalOf(e), e.Rev > 1, s.u.here())
		s.u.win.Canvas().Unfocus()
		s.reading = true
		s.writing.Hide()
		s.reader.root.Show()
		return
	}
	s.reading = false
	s.reader.root.Hide()
	s.reader.clear()
	if s.writing != nil { // nil until the screen is built
		s.writing.Show()
	}
}

// open loads an entry from the vault and shows it to read.
func (s *editorScreen) open(id journal.ID) {
	v := s.u.vault()
	if v == nil {
		return
	}
	e, err := v.Get(id)
	if err != nil {
		s.start(journal.KindFree)
		s.status.SetText(i18n.L("That entry couldn't be opened. A fresh page is ready instead."))
		return
	}
	s.fill(e)
	s.setReading(true)
}

// start begins a new entry of the given kind, dated today.
func (s *editorScreen) start(kind journal.Kind) { s.startFor(kind, nil, 0) }

// clear forgets the entry and empties every field, on lock.
func (s *editorScreen) clear() {
	s.stopTimer()
	s.stopDraftTimer()
	s.hidePicker()
	s.closeHistory()
	s.closeViewer()
	s.strip.clear()
	s.loading = true
	s.title.SetText("")
	s.body.SetText("")
	s.date.SetText("")
	s.clock.SetText("")
	setStar(s.starBtn, false)
	s.mood.ClearSelected()
	s.tags.SetTags(nil)
	s.clearForm()
	s.loading = false
	s.entry = nil
	s.dirty = false
	s.choosable = false
	s.kind.SetText("")
	s.kind.Hide()
	s.kindRow.Hide()
	s.closeChooser()
	s.showDateNote("")
	s.status.SetText("")
	s.words.SetText("")
	s.setReading(false)
	s.updateButtons()
}
