package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tend/assets"
	"tend/journal"
	"tend/search"
	"tend/vault"
)

// newFormEntry opens the editor on a new entry of kind and returns its form.
func newFormEntry[F entryForm](t *testing.T, kind journal.Kind) (*UI, *vault.Vault, *editorScreen, F) {
	t.Helper()
	u, v := newUnlockedUI(t)
	u.newEntry(kind)
	ed := u.shell.editor
	f, ok := ed.form.(F)
	if !ok {
		t.Fatalf("a %s entry shows form %T", kind, ed.form)
	}
	if !ed.formArea.Visible() {
		t.Fatalf("the %s form is hidden", kind)
	}
	return u, v, ed, f
}

// saveAndReopen saves the editor, leaves it and opens the entry again, and
// returns the entry as stored.
func saveAndReopen(t *testing.T, u *UI, v *vault.Vault) *journal.Entry {
	t.Helper()
	ed := u.shell.editor
	ed.autosaveNow()
	if ed.status.Text != "Saved" {
		t.Fatalf("status %q after autosave", ed.status.Text)
	}
	id := ed.entry.ID
	u.showSection(secJournal)
	u.openEntry(id)
	if ed.dirty {
		t.Fatal("reopening counted as an edit")
	}
	return getEntry(t, v, id)
}

// findsOne checks that searching the vault for a word from a form finds
// the entry.
func findsOne(t *testing.T, v *vault.Vault, id journal.ID, term string) {
	t.Helper()
	res, _, err := v.Search(search.Query{Terms: []string{term}}, 0, 10)
	if err != nil || len(res) != 1 || res[0].Entry.ID != id {
		t.Fatalf("searching %q: %d results, %v", term, len(res), err)
	}
}

func TestFormLetter(t *testing.T) {
	u, v, ed, f := newFormEntry[*letterForm](t, journal.KindLetter)
	if f.opening.Text != letterOpening() {
		t.Fatalf("a new letter opens with %q", f.opening.Text)
	}
	test.Type(f.age, "7y")
	if f.age.Text != "7" {
		t.Fatalf("the age field holds %q", f.age.Text)
	}
	f.opening.SetText("Dear Sammy,")
	test.Type(ed.body, "You were never too much.")
	e := saveAndReopen(t, u, v)
	if l := e.Fields.Letter; e.Kind != journal.KindLetter || l == nil || l.Age != 7 || l.Opening != "Dear Sammy," || e.Body != "You were never too much." {
		t.Fatalf("stored %+v, letter %+v", e, e.Fields.Letter)
	}
	f = ed.form.(*letterForm)
	if f.age.Text != "7" || f.opening.Text != "Dear Sammy," || ed.body.Text != "You were never too much." {
		t.Fatalf("reopened: %q %q %q", f.age.Text, f.opening.Text, ed.body.Text)
	}
	findsOne(t, v, e.ID, "sammy")
}

func TestFormUntouchedLetterIsNotSaved(t *testing.T) {
	u, v, _, _ := newFormEntry[*letterForm](t, journal.KindLetter)
	u.showSection(secJournal)
	if list, _ := v.List(vault.ListQuery{}); len(list) != 0 {
		t.Fatal("a letter with only its suggested opening was saved")
	}
}

func TestFormDialogue(t *testing.T) {
	u, v, ed, f := newFormEntry[*dialogueForm](t, journal.KindDialogue)
	test.Type(f.age, "8")
	if f.addNow.Importance != widget.HighImportance {
		t.Fatal("the first turn should be offered to me now")
	}
	test.Type(f.input, "I'm here. You're safe.")
	test.Tap(f.addNow)
	if f.input.Text != "" || f.addChild.Importance != widget.HighImportance || f.addNow.Importance == widget.HighImportance {
		t.Fatal("after my turn, the younger self's turn is not next")
	}
	test.Type(f.input, "Will you stay?")
	test.Tap(f.addChild)
	test.Type(f.input, "A mistake")
	test.Tap(f.addNow)
	test.Tap(f.removes[2])
	test.Type(f.input, "Yes. I'm staying.")
	test.Tap(f.addNow)
	if len(f.list.Objects) != 3 {
		t.Fatalf("%d turns listed", len(f.list.Objects))
	}
	// The younger voice is named by age and set in.
	child := f.list.Objects[1].(*fyne.Container)
	if len(child.Objects) != 3 || !strings.Contains(labelsIn(child), "Me at 8") || !strings.Contains(labelsIn(child), "Will you stay?") {
		t.Fatalf("the child's turn reads %q", labelsIn(child))
	}
	if now := f.list.Objects[0].(*fyne.Container); len(now.Objects) != 2 || !strings.Contains(labelsIn(now), "Me now") {
		t.Fatalf("my turn reads %q", labelsIn(now))
	}
	// Words typed but not yet added are kept as the next turn.
	test.Type(f.input, "Always.")

	e := saveAndReopen(t, u, v)
	want := []journal.Turn{
		{Voice: journal.VoiceNow, Text: "I'm here. You're safe."},
		{Voice: journal.VoiceChild, Text: "Will you stay?"},
		{Voice: journal.VoiceNow, Text: "Yes. I'm staying."},
		{Voice: journal.VoiceChild, Text: "Always."},
	}
	if d := e.Fields.Dialogue; d == nil || d.Age != 8 || !slices.Equal(d.Turns, want) {
		t.Fatalf("stored dialogue %+v", e.Fields.Dialogue)
	}
	f = ed.form.(*dialogueForm)
	if f.age.Text != "8" || !slices.Equal(f.turns, want) || len(f.list.Objects) != 4 || f.input.Text != "" {
		t.Fatalf("reopened: age %q, turns %+v", f.age.Text, f.turns)
	}
	if f.addNow.Importance != widget.HighImportance {
		t.Fatal("after the younger self, it is my turn again")
	}
	findsOne(t, v, e.ID, "staying")
}

// labelsIn is the text of every label under o, joined.
func labelsIn(o fyne.CanvasObject) string {
	var out []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *widget.Label:
			out = append(out, o.Text)
		case *widget.RichText:
			out = append(out, richText(o))
		case *fyne.Container:
			for _, c := range o.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return strings.Join(out, " | ")
}

func TestFormCheckIn(t *testing.T) {
	u, v, ed, f := newFormEntry[*checkInForm](t, journal.KindCheckIn)
	if f.safety.value != -1 || !strings.HasPrefix(f.safety.said.Text, "Not said") {
		t.Fatalf("an untouched scale says %q", f.safety.said.Text)
	}
	for _, b := range f.safety.buttons {
		if b.Importance == widget.HighImportance {
			t.Fatal("an untouched scale shows a number as chosen")
		}
	}
	test.Tap(f.safety.buttons[5])
	test.Tap(f.safety.buttons[5]) // took it back
	if f.safety.value != -1 {
		t.Fatal("choosing a number again did not take it back")
	}
	test.Tap(f.safety.buttons[3])
	if !strings.HasPrefix(f.safety.said.Text, "3 of 10") || f.safety.buttons[3].Importance != widget.HighImportance {
		t.Fatalf("the scale says %q", f.safety.said.Text)
	}
	test.Tap(f.emotions.chips["anxious"])
	test.Tap(f.emotions.chips["hopeful"])
	test.Tap(f.emotions.chips["calm"])
	test.Tap(f.emotions.chips["calm"]) // changed my mind
	test.Type(f.emotions.input, "Tender")
	pressEnter(f.emotions.input)
	if b := f.emotions.chips["tender"]; b == nil || b.Importance != widget.HighImportance {
		t.Fatal("my own feeling is not a chosen chip")
	}
	if f.emotions.chips["calm"].Importance == widget.HighImportance {
		t.Fatal("a chip tapped twice stays chosen")
	}
	f.attachment.group.SetSelected("Reaching out anxiously")
	test.Type(f.body, "Tight shoulders")
	test.Type(f.context, "He is late again")
	ed.mood.SetSelected("Low")

	e := saveAndReopen(t, u, v)
	c := e.Fields.CheckIn
	if c == nil || c.Safety != 3 || strings.Join(c.Emotions, ",") != "anxious,hopeful,tender" || c.Attachment != journal.AttachAnxious ||
		c.BodyNotes != "Tight shoulders" || c.Context != "He is late again" || e.Mood != 2 {
		t.Fatalf("stored %+v, check-in %+v", e, c)
	}
	f = ed.form.(*checkInForm)
	if f.safety.value != 3 || !strings.HasPrefix(f.safety.said.Text, "3 of 10") || f.attachment.group.Selected != "Reaching out anxiously" ||
		f.body.Text != "Tight shoulders" || f.context.Text != "He is late again" || ed.mood.Selected != "Low" {
		t.Fatal("the check-in did not come back as it was")
	}
	for _, w := range []string{"anxious", "hopeful", "tender"} {
		if b := f.emotions.chips[w]; b == nil || b.Importance != widget.HighImportance {
			t.Fatalf("%q is not shown as chosen", w)
		}
	}
	findsOne(t, v, e.ID, "tender")
}

func TestFormCheckInSafetyNotSaid(t *testing.T) {
	u, v, _, f := newFormEntry[*checkInForm](t, journal.KindCheckIn)
	test.Tap(f.emotions.chips["numb"])
	e := saveAndReopen(t, u, v)
	if c := e.Fields.CheckIn; c == nil || c.Safety != -1 {
		t.Fatalf("an untouched slider stored %+v", c)
	}
}

func TestFormConversationDebriefLater(t *testing.T) {
	u, v, ed, f := newFormEntry[*conversationForm](t, journal.KindConversation)
	if f.debrief.Visible() || !f.addDebrief.Visible() {
		t.Fatal("a new plan shows its debrief")
	}
	test.Type(f.observation, "You looked at your phone while I spoke.")
	test.Type(f.feeling, "Unseen")
	test.Type(f.need, "Attention")
	test.Type(f.request, "Phones away at dinner")
	test.Type(f.opening, "Can I ask for something small?")
	e := saveAndReopen(t, u, v)
	planned := e.Date
	c := e.Fields.Conversation
	if c == nil || c.Observation != "You looked at your phone while I spoke." || c.Feeling != "Unseen" || c.Need != "Attention" ||
		c.Request != "Phones away at dinner" || c.Opening != "Can I ask for something small?" || c.Debrief != nil {
		t.Fatalf("stored plan %+v", c)
	}

	// Days later, the debrief.
	u.now = func() time.Time { return time.Date(2026, 11, 23, 20, 0, 0, 0, time.UTC) }
	f = ed.form.(*conversationForm)
	if f.debrief.Visible() || f.need.Text != "Attention" {
		t.Fatal("the plan did not come back as it was")
	}
	test.Tap(f.addDebrief)
	if !f.debrief.Visible() || f.addDebrief.Visible() || f.debriefDate.Text != "2026-11-23" {
		t.Fatalf("Add how it went shows %v, date %q", f.debrief.Visible(), f.debriefDate.Text)
	}
	test.Type(f.response, "They listened and put it away.")
	test.Type(f.feelingAfter, "Lighter")
	e = saveAndReopen(t, u, v)
	d := e.Fields.Conversation.Debrief
	if d == nil || d.Date.String() != "2026-11-23" || d.Response != "They listened and put it away." || d.FeelingAfter != "Lighter" ||
		e.Fields.Conversation.Need != "Attention" || e.Date != planned {
		t.Fatalf("stored debrief %+v on %+v", d, e)
	}
	f = ed.form.(*conversationForm)
	if !f.debrief.Visible() || f.response.Text != "They listened and put it away." || f.debriefDate.Text != "2026-11-23" {
		t.Fatal("the debrief did not come back")
	}
	findsOne(t, v, e.ID, "lighter")
}

func TestFormWordsAndActions(t *testing.T) {
	u, v, ed, f := newFormEntry[*wordsForm](t, journal.KindWordsActions)
	test.Type(f.label, "Alex")
	test.Type(f.said, "I'll call after work")
	test.Type(f.did, "Texted at midnight")
	f.match.group.SetSelected("Partly")
	e := saveAndReopen(t, u, v)
	w := e.Fields.WordsActions
	if w == nil || *w != (journal.WordsActions{Label: "Alex", Said: "I'll call after work", Did: "Texted at midnight", Match: journal.Partly}) {
		t.Fatalf("stored %+v", w)
	}
	f = ed.form.(*wordsForm)
	if f.label.Text != "Alex" || f.said.Text != "I'll call after work" || f.did.Text != "Texted at midnight" || f.match.group.Selected != "Partly" {
		t.Fatal("the ledger item did not come back as it was")
	}
	findsOne(t, v, e.ID, "midnight")
}

func TestFormIncidentKeepsWhatItDoesNotAsk(t *testing.T) {
	u, v := newUnlockedUI(t)
	in := &journal.Incident{What: "Found the messages", Choice: journal.ChoiceUndecided, Recurred: true}
	id := saveEntry(t, v, &journal.Entry{Kind: journal.KindIncident, Fields: journal.Fields{Incident: in}})
	u.openEntry(id)
	ed := u.shell.editor
	f := ed.form.(*incidentForm)
	if f.what.Text != "Found the messages" || f.choice.group.Selected != "Not decided yet" || ed.kindRow.Visible() {
		t.Fatal("the incident did not open as it was")
	}
	test.Type(f.repair, "An apology, then silence")
	test.Type(f.felt, "Shaky")
	f.choice.group.SetSelected("Step back")
	e := saveAndReopen(t, u, v)
	i := e.Fields.Incident
	if i == nil || *i != (journal.Incident{What: "Found the messages", Repair: "An apology, then silence", Felt: "Shaky", Choice: journal.ChoiceStepBack, Recurred: true}) {
		t.Fatalf("stored %+v", i)
	}
	f = ed.form.(*incidentForm)
	if f.repair.Text != "An apology, then silence" || f.felt.Text != "Shaky" || f.choice.group.Selected != "Step back" {
		t.Fatal("the incident did not come back as it was")
	}
	findsOne(t, v, e.ID, "apology")
}

func TestFormTherapyNote(t *testing.T) {
	u, v, ed, f := newFormEntry[*therapyForm](t, journal.KindTherapyNote)
	test.Type(f.bring, "The dream about the station")
	test.Type(f.cameUp, "Waiting feels like leaving")
	test.Type(f.try, "Name the fear out loud")
	e := saveAndReopen(t, u, v)
	if n := e.Fields.TherapyNote; n == nil || *n != (journal.TherapyNote{Bring: "The dream about the station", CameUp: "Waiting feels like leaving", Try: "Name the fear out loud"}) {
		t.Fatalf("stored %+v", n)
	}
	f = ed.form.(*therapyForm)
	if f.bring.Text != "The dream about the station" || f.cameUp.Text != "Waiting feels like leaving" || f.try.Text != "Name the fear out loud" {
		t.Fatal("the note did not come back as it was")
	}
	findsOne(t, v, e.ID, "station")
}

func TestNewEntryForStep(t *testing.T) {
	u, v := newUnlockedUI(t)
	path := assets.Path{ID: "inner-child", Title: "Your inner child"}
	step := assets.Step{ID: "letter-seven", Prompt: "What did you most need to hear back then?", Kind: "letter", Age: 7}
	u.newEntryForStep(path, step)
	ed := u.shell.editor
	if u.shell.current != secEditor || ed.entry.Kind != journal.KindLetter {
		t.Fatalf("showing %s, kind %q", u.shell.current, ed.entry.Kind)
	}
	if p := ed.entry.Prompt; p == nil || *p != (journal.PromptRef{Path: "inner-child", Step: "letter-seven", Text: step.Prompt}) {
		t.Fatalf("prompt ref %+v", ed.entry.Prompt)
	}
	if !ed.prompt.Visible() || ed.prompt.Text != step.Prompt || !ed.prompt.TextStyle.Italic || !ed.formArea.Visible() {
		t.Fatal("the prompt is not shown above the page")
	}
	if f := ed.form.(*letterForm); f.age.Text != "7" || f.opening.Text != letterOpening() {
		t.Fatalf("the letter starts with age %q, opening %q", f.age.Text, f.opening.Text)
	}
	test.Type(ed.body, "That it was not your fault.")
	e := saveAndReopen(t, u, v)
	if e.Prompt == nil || e.Prompt.Step != "letter-seven" || e.Fields.Letter == nil || e.Fields.Letter.Age != 7 {
		t.Fatalf("stored %+v", e)
	}
	if !ed.prompt.Visible() || ed.prompt.Text != step.Prompt {
		t.Fatal("the prompt is not shown on reopening")
	}

	// A kind this version does not know still opens a page for the prompt.
	u.newEntryForStep(path, assets.Step{ID: "odd", Prompt: "Breathe, then write.", Kind: "song"})
	if ed.entry.Kind != journal.KindPrompted || ed.form != nil || ed.prompt.Text != "Breathe, then write." {
		t.Fatalf("an unknown kind opened %q", ed.entry.Kind)
	}
	// Free writing shows no prompt at all.
	u.newEntry(journal.KindFree)
	if ed.prompt.Visible() || ed.formArea.Visible() {
		t.Fatal("a free page shows a prompt")
	}
}

func TestEditorSwitchNewEntryKind(t *testing.T) {
	u, v, ed := newEditor(t)
	if !ed.kindRow.Visible() || ed.kindBtn.Text != "Free writing" || ed.kindNote.Text != kindPurpose(journal.KindFree) {
		t.Fatalf("a new page offers kind %q (%q)", ed.kindBtn.Text, ed.kindNote.Text)
	}
	test.Type(ed.body, "Something happened today.")
	test.Tap(ed.kindBtn)
	if ed.chooser == nil {
		t.Fatal("the kind button opened no chooser")
	}
	test.Tap(ed.chooser.rows[journal.KindCheckIn])
	f, ok := ed.form.(*checkInForm)
	if !ok || ed.entry.Kind != journal.KindCheckIn || ed.body.Text != "Something happened today." {
		t.Fatalf("after switching: form %T, kind %q, body %q", ed.form, ed.entry.Kind, ed.body.Text)
	}
	if ed.chooser != nil || ed.kindBtn.Text != "Check-in" || ed.kindNote.Text != kindPurpose(journal.KindCheckIn) {
		t.Fatalf("after switching the row says %q (%q)", ed.kindBtn.Text, ed.kindNote.Text)
	}
	if ed.kindBtn.Disabled() {
		t.Fatal("an untouched form can still be switched")
	}
	test.Tap(f.emotions.chips["hurt"])
	if !ed.kindBtn.Disabled() {
		t.Fatal("a form with words in it can be switched away")
	}
	e := saveAndReopen(t, u, v)
	if e.Kind != journal.KindCheckIn || e.Body != "Something happened today." || e.Fields.CheckIn == nil {
		t.Fatalf("stored %+v", e)
	}
	if ed.kindRow.Visible() || ed.kind.Text != "Check-in" {
		t.Fatal("a saved entry offers to change its kind")
	}
}

func TestEditorFormForgottenOnLock(t *testing.T) {
	u, _, ed, f := newFormEntry[*therapyForm](t, journal.KindTherapyNote)
	test.Type(f.bring, "SECRETFORMq9")
	u.lock()
	u.wait()
	if ed.form != nil || f.bring.Text != "" || len(ed.formBox.Objects) != 0 {
		t.Fatal("the form still holds writing after lock")
	}
}

func TestFormCheckInRender(t *testing.T) {
	u, _ := newUnlockedUI(t)
	u.now = func() time.Time { return time.Date(2026, 11, 23, 21, 0, 0, 0, time.UTC) }
	ed := newEditorScreen(u)
	ed.start(journal.KindCheckIn)
	w := test.NewTempWindow(t, ed.buildUI())
	w.Resize(fyne.NewSize(720, 640))
	f := ed.form.(*checkInForm)
	// Set, not typed, so no field shows focus or a cursor.
	f.safety.set(6)
	f.emotions.toggle("hopeful")
	f.emotions.toggle("anxious")
	f.emotions.input.SetText("tender")
	f.emotions.commit()
	f.attachment.group.SetSelected("Steady")
	f.body.SetText("Slow breath, warm hands")
	f.context.SetText("After the call")
	ed.mood.SetSelected("Okay")
	ed.body.SetText("It went better than I feared.")
	test.AssertRendersToMarkup(t, "forms/checkin.xml", w.Canvas())
}

// TestPersonFieldOffersKnownNamesAndKeepsOneSpelling: the person or topic
// of a note or an incident offers the names already written, most used
// first, and a name typed in another case is saved as first written, so
// one person's record never splits in two.
func TestPersonFieldOffersKnownNamesAndKeepsOneSpelling(t *testing.T) {
	u, v := newUnlockedUI(t)
	saveEntry(t, v, &journal.Entry{Kind: journal.KindWordsActions, Fields: journal.Fields{WordsActions: &journal.WordsActions{Label: "Dan", Said: "home by six", Match: journal.Matched}}})
	saveEntry(t, v, &journal.Entry{Kind: journal.KindIncident, Fields: journal.Fields{Incident: &journal.Incident{About: "work", What: "a lie about the trip"}}})
	saveEntry(t, v, &journal.Entry{Kind: journal.KindIncident, Fields: journal.Fields{Incident: &journal.Incident{About: "dan", What: "the messages"}}})

	u.newEntry(journal.KindIncident)
	ed := u.shell.editor
	f := ed.form.(*incidentForm)
	if want := []string{"Dan", "work"}; !slices.Equal(f.about.known, want) {
		t.Fatalf("the incident offers %q, want %q", f.about.known, want)
	}
	test.Type(f.about, "DAN")
	test.Type(f.what, "Another late night")
	e := saveAndReopen(t, u, v)
	if got := e.Fields.Incident.About; got != "Dan" {
		t.Fatalf("saved about %q, want the name as first written", got)
	}

	u.newEntry(journal.KindWordsActions)
	w := u.shell.editor.form.(*wordsForm)
	if len(w.label.known) != 2 || w.label.known[0] != "Dan" {
		t.Fatalf("the ledger note offers %q", w.label.known)
	}
}
