package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/assets"
	"tend/journal"
)

// entryForm is the form of one structured kind of entry. It sits in the
// editor between the date row and the body, and holds one member of
// journal.Fields; the editor saves it with the entry.
type entryForm interface {
	// view is the form's widgets.
	view() fyne.CanvasObject
	// set shows the form's member of f. It calls back as an edit, so the
	// editor calls it only while loading.
	set(f journal.Fields)
	// put writes what the form shows into its member of f, leaving the
	// others alone so nothing from another kind is ever dropped. An empty
	// form puts nil, so an untouched new entry stays unsaved.
	put(f *journal.Fields)
}

// newForm returns the form for kind, or nil for the kinds that are only a
// body. changed is called on every edit; today gives the day a debrief
// starts on.
func newForm(kind journal.Kind, changed func(), today func() journal.Date) entryForm {
	switch kind {
	case journal.KindLetter:
		return newLetterForm(changed)
	case journal.KindDialogue:
		return newDialogueForm(changed)
	case journal.KindCheckIn:
		return newCheckInForm(changed)
	case journal.KindConversation:
		return newConversationForm(changed, today)
	case journal.KindWordsActions:
		return newWordsForm(changed)
	case journal.KindIncident:
		return newIncidentForm(changed)
	case journal.KindTherapyNote:
		return newTherapyForm(changed)
	}
	return nil
}

// letterOpening is the first line a new letter offers. It is only a start:
// the person can change it or take it away.
const letterOpening = "Dear little one,"

// prefill is what a new entry of kind starts with: a letter gets its gentle
// opening, and a letter or dialogue the age a guided step suggests.
func prefill(kind journal.Kind, age int) journal.Fields {
	switch kind {
	case journal.KindLetter:
		return journal.Fields{Letter: &journal.Letter{Age: age, Opening: letterOpening}}
	case journal.KindDialogue:
		if age > 0 {
			return journal.Fields{Dialogue: &journal.Dialogue{Age: age}}
		}
	}
	return journal.Fields{}
}

// formKinds are the kinds a new entry can be switched to, in menu order.
// A guided prompt is not among them: it comes from a path, not a menu.
var formKinds = []journal.Kind{
	journal.KindFree, journal.KindLetter, journal.KindDialogue, journal.KindCheckIn,
	journal.KindConversation, journal.KindWordsActions, journal.KindIncident, journal.KindTherapyNote,
}

// lines returns a multi-line field of a form: two rows to begin with, more
// as the words need them (see field).
func lines(placeholder string, changed func()) *field {
	f := newField(2)
	f.PlaceHolder = placeholder
	f.OnChanged = f.onChanged(changed)
	return f
}

// line returns a one-line field.
func line(placeholder string, changed func()) *widget.Entry {
	return &widget.Entry{PlaceHolder: placeholder, OnChanged: func(string) { changed() }}
}

// ageField returns a short field that takes only an age: digits, at most
// two of them, since anything else would be a slip of the finger.
func ageField(changed func()) *widget.Entry {
	e := &widget.Entry{PlaceHolder: "age"}
	e.OnChanged = func(text string) {
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, text)
		if len(digits) > 2 {
			digits = digits[:2]
		}
		if digits != text {
			e.SetText(digits) // calls back with the clean text
			return
		}
		changed()
	}
	return e
}

// ageOf reads an age field; 0 means not given.
func ageOf(e *widget.Entry) int {
	n, err := strconv.Atoi(e.Text)
	if err != nil || n < 0 || n > assets.MaxAge {
		return 0
	}
	return n
}

// ageText shows an age in a field, empty when not given.
func ageText(n int) string {
	if n <= 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// trimmed is a field's text without the spaces around it, as stored.
func trimmed(text string) string { return strings.TrimSpace(text) }

// peopleForm is a form with a field for a person or topic, which offers the
// names already used in the journal once they are known.
type peopleForm interface {
	setPeople(names []string)
}

// personField is a line for a person or topic that offers the names
// already written in words-and-actions notes and incidents.
type personField struct {
	*widget.SelectEntry
	known []string
}

func newPersonField(placeholder string, changed func()) *personField {
	e := widget.NewSelectEntry(nil)
	e.PlaceHolder = placeholder
	e.OnChanged = func(string) { changed() }
	return &personField{SelectEntry: e}
}

// setPeople offers names, most often used first.
func (p *personField) setPeople(names []string) {
	p.known = names
	p.SetOptions(names)
}

// value is the name typed, spelt as it was first written when it is one
// already known, so "dan" and "Dan" never split one person's record.
func (p *personField) value() string {
	t := strings.TrimSpace(p.Text)
	for _, k := range p.known {
		if strings.EqualFold(k, t) {
			return k
		}
	}
	return t
}

// form lays out labelled rows. Labels are short, plain words.
func form(items ...*widget.FormItem) *widget.Form { return widget.NewForm(items...) }

// radio is a choice between plain sentences, with the stored value of each.
type radio[T ~string] struct {
	group  *widget.RadioGroup
	values map[string]T
}

func newRadio[T ~string](changed func(), labels []string, values []T) *radio[T] {
	r := &radio[T]{values: make(map[string]T, len(labels))}
	for i, l := range labels {
		r.values[l] = values[i]
	}
	// One choice a line: side by side, the choices made the form wider
	// than the window at the larger text sizes.
	r.group = &widget.RadioGroup{Options: labels, OnChanged: func(string) { changed() }}
	return r
}

// value is the stored value chosen, or "" when none is.
func (r *radio[T]) value() T { return r.values[r.group.Selected] }

// setValue chooses the option for v, or none.
func (r *radio[T]) setValue(v T) {
	for l, val := range r.values {
		if val == v && v != "" {
			r.group.SetSelected(l)
			return
		}
	}
	r.group.SetSelected("")
}

// letterForm is a letter to the writer's younger self: the age it goes to
// and its opening line. The letter itself is the body.
type letterForm struct {
	age     *widget.Entry
	opening *widget.Entry
	box     fyne.CanvasObject
}

func newLetterForm(changed func()) *letterForm {
	f := &letterForm{age: ageField(changed), opening: line("How you would like to begin", changed)}
	ageRow := container.NewHBox(container.New(minWidth{70}, f.age))
	f.box = form(
		&widget.FormItem{Text: "To myself at", Widget: ageRow, HintText: "The age you want to write to."},
		&widget.FormItem{Text: "Opening", Widget: f.opening},
	)
	return f
}

func (f *letterForm) view() fyne.CanvasObject { return f.box }

func (f *letterForm) set(fs journal.Fields) {
	l := fs.Letter
	if l == nil {
		l = &journal.Letter{}
	}
	f.age.SetText(ageText(l.Age))
	f.opening.SetText(l.Opening)
}

func (f *letterForm) put(fs *journal.Fields) {
	l := &journal.Letter{Age: ageOf(f.age), Opening: trimmed(f.opening.Text)}
	if *l == (journal.Letter{}) {
		l = nil
	}
	fs.Letter = l
}

// dialogueForm is a conversation between the writer now and their younger
// self, written one turn at a time. Each turn shows who speaks; the
// younger voice is set in, in italics, so the two read apart.
type dialogueForm struct {
	changed func()

	age      *widget.Entry
	turns    []journal.Turn
	list     *fyne.Container
	removes  []*widget.Button // one per turn, in order
	input    *field
	addNow   *widget.Button
	addChild *widget.Button
	box      fyne.CanvasObject
}

func newDialogueForm(changed func()) *dialogueForm {
	f := &dialogueForm{changed: changed, list: container.NewVBox()}
	f.age = ageField(func() {
		f.rebuild() // the younger voice is named by the age
		changed()
	})
	f.input = lines("What wants to be said next", changed)
	f.addNow = &widget.Button{Text: "Add what I say now", OnTapped: func() { f.add(journal.VoiceNow) }}
	f.addChild = &widget.Button{Text: "Add what my younger self says", OnTapped: func() { f.add(journal.VoiceChild) }}
	ageRow := container.NewHBox(container.New(minWidth{70}, f.age))
	f.box = container.NewVBox(
		form(&widget.FormItem{Text: "Me at", Widget: ageRow, HintText: "The age of the younger you in this talk."}),
		f.list,
		f.input,
		container.NewHBox(f.addNow, f.addChild),
	)
	f.rebuild()
	return f
}

func (f *dialogueForm) view() fyne.CanvasObject { return f.box }

// next is the voice whose turn it is: the two take turns, and the one
// writing now begins.
func (f *dialogueForm) next() journal.Voice {
	if n := len(f.turns); n > 0 && f.turns[n-1].Voice == journal.VoiceNow {
		return journal.VoiceChild
	}
	return journal.VoiceNow
}

// voiceName is how a turn's speaker is shown.
func (f *dialogueForm) voiceName(v journal.Voice) string {
	if v == journal.VoiceNow {
		return "Me now"
	}
	if a := ageOf(f.age); a > 0 {
		return fmt.Sprintf("Me at %d", a)
	}
	return "Me as a child"
}

// add makes what is typed a turn in the given voice.
func (f *dialogueForm) add(v journal.Voice) {
	text := strings.TrimSpace(f.input.Text)
	if text == "" {
		return
	}
	f.turns = append(f.turns, journal.Turn{Voice: v, Text: text})
	f.input.SetText("") // an edit too, and the one below says so again
	f.rebuild()
	f.changed()
}

// remove takes turn i away.
func (f *dialogueForm) remove(i int) {
	if i < 0 || i >= len(f.turns) {
		return
	}
	f.turns = slices.Delete(f.turns, i, i+1)
	f.rebuild()
	f.changed()
}

// rebuild lists the turns as a conversation and highlights the button of
// the voice whose turn it is.
func (f *dialogueForm) rebuild() {
	f.list.RemoveAll()
	f.removes = f.removes[:0]
	for i, t := range f.turns {
		who := &widget.Label{Text: f.voiceName(t.Voice), TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameCaptionText}
		said := &widget.Label{Text: t.Text, Wrapping: fyne.TextWrapWord}
		rm := &widget.Button{Icon: theme.CancelIcon(), Importance: widget.LowImportance, OnTapped: func() { f.remove(i) }}
		f.removes = append(f.removes, rm)
		var indent fyne.CanvasObject
		if t.Voice == journal.VoiceChild {
			who.TextStyle.Italic = true
			said.TextStyle.Italic = true
			indent = container.New(minWidth{40})
		}
		f.list.Add(container.NewBorder(nil, nil, indent, rm, container.NewVBox(who, said)))
	}
	f.addNow.Importance, f.addChild.Importance = widget.MediumImportance, widget.MediumImportance
	if f.next() == journal.VoiceNow {
		f.addNow.Importance = widget.HighImportance
	} else {
		f.addChild.Importance = widget.HighImportance
	}
	f.addNow.Refresh()
	f.addChild.Refresh()
	f.list.Refresh()
}

func (f *dialogueForm) set(fs journal.Fields) {
	d := fs.Dialogue
	if d == nil {
		d = &journal.Dialogue{}
	}
	f.turns = slices.Clone(d.Turns)
	f.age.SetText(ageText(d.Age))
	f.input.SetText("")
	f.rebuild()
}

// put saves the turns, and words typed but not yet added as the next turn,
// so leaving or locking never loses them.
func (f *dialogueForm) put(fs *journal.Fields) {
	d := &journal.Dialogue{Age: ageOf(f.age), Turns: slices.Clone(f.turns)}
	if text := strings.TrimSpace(f.input.Text); text != "" {
		d.Turns = append(d.Turns, journal.Turn{Voice: f.next(), Text: text})
	}
	if d.Age == 0 && len(d.Turns) == 0 {
		d = nil
	}
	fs.Dialogue = d
}

// emotionWords are the feelings a check-in offers as chips; the person can
// add their own.
var emotionWords = []string{"anxious", "insecure", "jealous", "calm", "safe", "hopeful", "hurt", "angry", "lonely", "numb"}

// chipSet picks words: each offered word is a chip that is on or off, and
// a field adds the person's own, which stay as chips while chosen.
type chipSet struct {
	changed func()

	offered []string
	chosen  []string // in the order chosen
	chips   map[string]*widget.Button
	input   *widget.Entry
	box     *fyne.Container
}

func newChipSet(offered []string, changed func()) *chipSet {
	c := &chipSet{changed: changed, offered: offered, chips: map[string]*widget.Button{}}
	c.input = &widget.Entry{PlaceHolder: "Another feeling"}
	c.input.OnSubmitted = func(string) { c.commit() }
	c.box = flow()
	c.rebuild()
	return c
}

// commit chooses the word typed in the field.
func (c *chipSet) commit() {
	w := strings.ToLower(strings.TrimSpace(c.input.Text))
	c.input.SetText("")
	if w == "" || slices.Contains(c.chosen, w) {
		return
	}
	c.chosen = append(c.chosen, w)
	c.rebuild()
	c.changed()
}

// toggle chooses a word, or lets it go again.
func (c *chipSet) toggle(w string) {
	if i := slices.Index(c.chosen, w); i >= 0 {
		c.chosen = slices.Delete(c.chosen, i, i+1)
	} else {
		c.chosen = append(c.chosen, w)
	}
	c.rebuild()
	c.changed()
}

// set shows the words chosen, without counting it as an edit.
func (c *chipSet) set(words []string) {
	c.chosen = slices.Clone(words)
	c.input.SetText("")
	c.rebuild()
}

// words returns the words chosen, with one typed but not yet added, so it
// is not lost.
func (c *chipSet) words() []string {
	out := slices.Clone(c.chosen)
	if w := strings.ToLower(strings.TrimSpace(c.input.Text)); w != "" && !slices.Contains(out, w) {
		out = append(out, w)
	}
	return out
}

// rebuild shows the offered words, then the person's own, then the field.
// A chosen chip is filled and ticked, so it reads as chosen without colour.
func (c *chipSet) rebuild() {
	all := slices.Clone(c.offered)
	for _, w := range c.chosen {
		if !slices.Contains(all, w) {
			all = append(all, w)
		}
	}
	clear(c.chips)
	objs := make([]fyne.CanvasObject, 0, len(all)+1)
	for _, w := range all {
		b := &widget.Button{Text: w, Importance: widget.MediumImportance, OnTapped: func() { c.toggle(w) }}
		if slices.Contains(c.chosen, w) {
			b.Importance = widget.HighImportance
			b.Icon = theme.ConfirmIcon()
		}
		c.chips[w] = b
		objs = append(objs, b)
	}
	objs = append(objs, container.New(minWidth{140}, c.input))
	c.box.Objects = objs
	c.box.Refresh()
}

// checkInForm is a quick reading: felt safety, feelings, the pull
// noticed, the body, and a line of context. The mood is the editor's own.
type checkInForm struct {
	// safety stays unanswered until chosen, so "not said" is never stored
	// as a number.
	safety     *scalePicker
	emotions   *chipSet
	attachment *radio[journal.Attachment]
	body       *widget.Entry
	context    *widget.Entry
	box        fyne.CanvasObject
}

func newCheckInForm(changed func()) *checkInForm {
	f := &checkInForm{safety: newScalePicker("not safe at all", "completely safe", changed)}
	f.emotions = newChipSet(emotionWords, changed)
	f.attachment = newRadio(changed,
		[]string{"Reaching out anxiously", "Pulling away", "Steady"},
		[]journal.Attachment{journal.AttachAnxious, journal.AttachAvoidant, journal.AttachSteady})
	f.body = line("What my body notices", changed)
	f.context = line("One line about what is going on", changed)
	f.box = form(
		&widget.FormItem{Text: "Felt safety", Widget: f.safety.view()},
		&widget.FormItem{Text: "Feelings", Widget: f.emotions.box},
		&widget.FormItem{Text: "The pull", Widget: f.attachment.group},
		&widget.FormItem{Text: "Body", Widget: f.body},
		&widget.FormItem{Text: "Context", Widget: f.context},
	)
	return f
}

func (f *checkInForm) view() fyne.CanvasObject { return f.box }

func (f *checkInForm) set(fs journal.Fields) {
	c := fs.CheckIn
	if c == nil {
		c = &journal.CheckIn{Safety: -1}
	}
	f.safety.set(c.Safety)
	f.emotions.set(c.Emotions)
	f.attachment.setValue(c.Attachment)
	f.body.SetText(c.BodyNotes)
	f.context.SetText(c.Context)
}

func (f *checkInForm) put(fs *journal.Fields) {
	c := &journal.CheckIn{Safety: f.safety.value, Emotions: f.emotions.words(), Attachment: f.attachment.value(), BodyNotes: trimmed(f.body.Text), Context: trimmed(f.context.Text)}
	if c.Safety < 0 && len(c.Emotions) == 0 && c.Attachment == "" && c.BodyNotes == "" && c.Context == "" {
		c = nil
	}
	fs.CheckIn = c
}

// conversationForm plans a hard conversation and, when it has happened,
// keeps how it went. The debrief stays hidden until asked for, so the plan
// never looks unfinished.
type conversationForm struct {
	changed func()
	today   func() journal.Date

	observation *field
	feeling     *widget.Entry
	need        *widget.Entry
	request     *widget.Entry
	opening     *widget.Entry

	addDebrief   *widget.Button
	debrief      *fyne.Container
	debriefDate  *widget.Entry
	debriefDay   journal.Date // the last good day typed
	response     *field
	feelingAfter *widget.Entry
	box          fyne.CanvasObject
}

func newConversationForm(changed func(), today func() journal.Date) *conversationForm {
	f := &conversationForm{changed: changed, today: today}
	f.observation = lines("What happened, as a camera would see it", changed)
	f.feeling = line("How I feel about it", changed)
	f.need = line("What I need", changed)
	f.request = line("What I will ask for", changed)
	f.opening = line("A gentle first sentence", changed)
	f.debriefDate = &widget.Entry{PlaceHolder: "YYYY-MM-DD"}
	f.debriefDate.OnChanged = func(text string) {
		if d, err := journal.ParseDate(text); err == nil {
			f.debriefDay = d
			changed()
		}
	}
	f.response = lines("What they said and did", changed)
	f.feelingAfter = line("How I feel now", changed)
	f.addDebrief = &widget.Button{Text: "Add how it went", Icon: theme.ContentAddIcon(), OnTapped: f.onAddDebrief}
	f.debrief = container.NewVBox(
		widget.NewSeparator(),
		&widget.Label{Text: "How it went", TextStyle: fyne.TextStyle{Bold: true}},
		form(
			&widget.FormItem{Text: "When", Widget: container.NewHBox(container.New(minWidth{130}, f.debriefDate))},
			&widget.FormItem{Text: "How they responded", Widget: f.response},
			&widget.FormItem{Text: "How I feel now", Widget: f.feelingAfter},
		),
	)
	f.debrief.Hide()
	f.box = container.NewVBox(
		form(
			&widget.FormItem{Text: "What happened", Widget: f.observation},
			&widget.FormItem{Text: "What I feel", Widget: f.feeling},
			&widget.FormItem{Text: "What I need", Widget: f.need},
			&widget.FormItem{Text: "What I will ask", Widget: f.request},
			&widget.FormItem{Text: "How I'll begin", Widget: f.opening},
		),
		container.NewHBox(f.addDebrief),
		f.debrief,
	)
	return f
}

func (f *conversationForm) view() fyne.CanvasObject { return f.box }

// onAddDebrief opens the debrief, dated today, for after the talk. It
// opens below the plan, so the page scrolls to it and the first answer
// takes the keyboard: the click must visibly do something.
func (f *conversationForm) onAddDebrief() {
	f.showDebrief(&journal.Debrief{Date: f.today()})
	f.changed()
	if p := f.response.page; p != nil {
		p.ScrollToBottom()
	}
	// The debrief has not been drawn yet, so its canvas is the button's.
	if c := fyne.CurrentApp().Driver().CanvasForObject(f.addDebrief); c != nil {
		c.Focus(f.response)
	}
}

func (f *conversationForm) showDebrief(d *journal.Debrief) {
	if d == nil {
		f.debriefDay = journal.Date{}
		f.debriefDate.SetText("")
		f.response.SetText("")
		f.feelingAfter.SetText("")
		f.debrief.Hide()
		f.addDebrief.Show()
		return
	}
	f.debriefDay = d.Date
	if !d.Date.IsZero() {
		f.debriefDate.SetText(d.Date.String())
	}
	f.response.SetText(d.Response)
	f.feelingAfter.SetText(d.FeelingAfter)
	f.addDebrief.Hide()
	f.debrief.Show()
}

func (f *conversationForm) set(fs journal.Fields) {
	c := fs.Conversation
	if c == nil {
		c = &journal.Conversation{}
	}
	f.observation.SetText(c.Observation)
	f.feeling.SetText(c.Feeling)
	f.need.SetText(c.Need)
	f.request.SetText(c.Request)
	f.opening.SetText(c.Opening)
	f.showDebrief(c.Debrief)
}

func (f *conversationForm) put(fs *journal.Fields) {
	c := &journal.Conversation{
		Observation: trimmed(f.observation.Text), Feeling: trimmed(f.feeling.Text), Need: trimmed(f.need.Text),
		Request: trimmed(f.request.Text), Opening: trimmed(f.opening.Text),
	}
	if f.debrief.Visible() {
		c.Debrief = &journal.Debrief{Date: f.debriefDay, Response: trimmed(f.response.Text), FeelingAfter: trimmed(f.feelingAfter.Text)}
	}
	if *c == (journal.Conversation{}) {
		c = nil
	}
	fs.Conversation = c
}

// wordsForm is one item of the words-and-actions ledger.
type wordsForm struct {
	label *personField
	said  *field
	did   *field
	match *radio[journal.Match]
	box   fyne.CanvasObject
}

func newWordsForm(changed func()) *wordsForm {
	f := &wordsForm{
		label: newPersonField("A person or a topic", changed),
		said:  lines("What was said or promised", changed),
		did:   lines("What was done", changed),
		match: newRadio(changed, []string{"They matched", "Partly", "They did not"}, []journal.Match{journal.Matched, journal.Partly, journal.NotMatched}),
	}
	f.box = form(
		&widget.FormItem{Text: "About", Widget: f.label.SelectEntry, HintText: "The same words each time keep a ledger together."},
		&widget.FormItem{Text: "Words", Widget: f.said},
		&widget.FormItem{Text: "Actions", Widget: f.did},
		&widget.FormItem{Text: "Did they match?", Widget: f.match.group},
	)
	return f
}

func (f *wordsForm) view() fyne.CanvasObject { return f.box }

func (f *wordsForm) setPeople(names []string) { f.label.setPeople(names) }

func (f *wordsForm) set(fs journal.Fields) {
	w := fs.WordsActions
	if w == nil {
		w = &journal.WordsActions{}
	}
	f.label.SetText(w.Label)
	f.said.SetText(w.Said)
	f.did.SetText(w.Did)
	f.match.setValue(w.Match)
}

func (f *wordsForm) put(fs *journal.Fields) {
	w := &journal.WordsActions{Label: f.label.value(), Said: trimmed(f.said.Text), Did: trimmed(f.did.Text), Match: f.match.value()}
	if *w == (journal.WordsActions{}) {
		w = nil
	}
	fs.WordsActions = w
}

// incidentForm records a breach of trust and the choice made for now.
type incidentForm struct {
	about  *personField
	what   *field
	repair *field
	felt   *field
	choice *radio[journal.Choice]
	// recurred is kept as loaded: the form does not ask it, but an entry
	// that says so must keep saying so.
	recurred bool
	box      fyne.CanvasObject
}

func newIncidentForm(changed func()) *incidentForm {
	f := &incidentForm{
		about:  newPersonField("A person or a topic", changed),
		what:   lines("What happened", changed),
		repair: lines("Did they try to make it right? How?", changed),
		felt:   lines("How I felt", changed),
		choice: newRadio(changed, []string{"Step back", "Lean in", "Not decided yet"}, []journal.Choice{journal.ChoiceStepBack, journal.ChoiceLeanIn, journal.ChoiceUndecided}),
	}
	f.box = form(
		&widget.FormItem{Text: "About", Widget: f.about.SelectEntry, HintText: "Who or what it was about."},
		&widget.FormItem{Text: "What happened", Widget: f.what},
		&widget.FormItem{Text: "Repair", Widget: f.repair},
		&widget.FormItem{Text: "How I felt", Widget: f.felt},
		&widget.FormItem{Text: "For now I choose", Widget: f.choice.group, HintText: "Only for now. You can choose again later."},
	)
	return f
}

func (f *incidentForm) view() fyne.CanvasObject { return f.box }

func (f *incidentForm) setPeople(names []string) { f.about.setPeople(names) }

func (f *incidentForm) set(fs journal.Fields) {
	i := fs.Incident
	if i == nil {
		i = &journal.Incident{}
	}
	f.about.SetText(i.About)
	f.what.SetText(i.What)
	f.repair.SetText(i.Repair)
	f.felt.SetText(i.Felt)
	f.choice.setValue(i.Choice)
	f.recurred = i.Recurred
}

func (f *incidentForm) put(fs *journal.Fields) {
	i := &journal.Incident{About: f.about.value(), What: trimmed(f.what.Text), Repair: trimmed(f.repair.Text), Felt: trimmed(f.felt.Text), Choice: f.choice.value(), Recurred: f.recurred}
	if *i == (journal.Incident{}) {
		i = nil
	}
	fs.Incident = i
}

// therapyForm prepares for a session and keeps what it brought.
type therapyForm struct {
	bring  *field
	cameUp *field
	try    *field
	box    fyne.CanvasObject
}

func newTherapyForm(changed func()) *therapyForm {
	f := &therapyForm{
		bring:  lines("What I want to bring", changed),
		cameUp: lines("What came up", changed),
		try:    lines("Something to try before next time", changed),
	}
	f.box = form(
		&widget.FormItem{Text: "To bring", Widget: f.bring},
		&widget.FormItem{Text: "What came up", Widget: f.cameUp},
		&widget.FormItem{Text: "To try", Widget: f.try},
	)
	return f
}

func (f *therapyForm) view() fyne.CanvasObject { return f.box }

func (f *therapyForm) set(fs journal.Fields) {
	t := fs.TherapyNote
	if t == nil {
		t = &journal.TherapyNote{}
	}
	f.bring.SetText(t.Bring)
	f.cameUp.SetText(t.CameUp)
	f.try.SetText(t.Try)
}

func (f *therapyForm) put(fs *journal.Fields) {
	t := &journal.TherapyNote{Bring: trimmed(f.bring.Text), CameUp: trimmed(f.cameUp.Text), Try: trimmed(f.try.Text)}
	if *t == (journal.TherapyNote{}) {
		t = nil
	}
	fs.TherapyNote = t
}
