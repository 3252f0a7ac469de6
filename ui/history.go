package ui

import (
	"reflect"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/internal/say"
	"tend/journal"
)

// historyView lists an entry's earlier versions by when they were saved,
// shows the chosen one read-only, and can bring it back into the editor.
type historyView struct {
	ed       *editorScreen
	versions []*journal.Entry
	chosen   int

	list    *widget.List
	title   *widget.Label
	meta    *widget.Label
	body    *widget.RichText
	restore *widget.Button
	empty   *widget.Label
	dlg     *dialog.CustomDialog
}

// newHistoryView prepares the history of the entry open in ed: current is
// the entry as it stands, versions come from vault.History, newest first.
func newHistoryView(ed *editorScreen, current *journal.Entry, versions []*journal.Entry) *historyView {
	h := &historyView{ed: ed, versions: distinctVersions(current, versions), chosen: -1}
	h.list = widget.NewList(
		func() int { return len(h.versions) },
		func() fyne.CanvasObject {
			return container.NewVBox(
				&widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis},
				&widget.Label{SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance, Truncation: fyne.TextTruncateEllipsis},
			)
		},
		h.updateRow,
	)
	h.list.OnSelected = h.onSelected
	h.title = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord}
	h.meta = note("")
	h.body = widget.NewRichText()
	h.body.Wrapping = fyne.TextWrapWord
	h.restore = &widget.Button{Text: i18n.L("Restore this version"), Icon: theme.HistoryIcon(), Importance: widget.HighImportance, OnTapped: h.onRestore}
	h.restore.Disable()
	h.empty = paragraph(i18n.L("There are no earlier versions yet. Each save keeps the one before it here."))
	return h
}

func (h *historyView) buildUI() fyne.CanvasObject {
	preview := container.NewVScroll(container.NewVBox(h.title, h.meta, widget.NewSeparator(), h.body))
	split := container.NewHSplit(h.list, container.NewPadded(preview))
	split.Offset = 0.32
	if len(h.versions) == 0 {
		return container.NewVBox(h.empty)
	}
	return split
}

// show opens the history as a dialog over the window and picks the newest
// earlier version.
func (h *historyView) show(win fyne.Window) {
	h.dlg = dialog.NewCustomWithoutButtons(i18n.L("Earlier versions"), h.buildUI(), win)
	closeBtn := &widget.Button{Text: i18n.L("Close"), OnTapped: h.close}
	h.dlg.SetButtons([]fyne.CanvasObject{closeBtn, h.restore})
	size := win.Canvas().Size()
	h.dlg.Resize(fyne.NewSize(min(size.Width*0.9, 860), min(size.Height*0.9, 600)))
	// However it closes (Close, Escape), what it showed is forgotten.
	h.dlg.SetOnClosed(h.close)
	h.ed.u.present(h.dlg)
	if len(h.versions) > 0 {
		h.list.Select(0)
	}
}

// close hides the dialog and forgets the versions it showed.
func (h *historyView) close() {
	if d := h.dlg; d != nil {
		h.dlg = nil // closing runs close again, through the dialog's OnClosed
		d.Hide()
	}
	h.versions = nil
	h.chosen = -1
	h.title.SetText("")
	h.meta.SetText("")
	h.body.Segments = nil
	h.body.Refresh()
	h.list.Refresh()
	if h.ed.history == h {
		h.ed.history = nil
	}
}

func (h *historyView) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(h.versions) {
		return
	}
	e := h.versions[i]
	rows := o.(*fyne.Container).Objects
	rows[0].(*widget.Label).SetText(savedAt(e))
	rows[1].(*widget.Label).SetText(say.Name(e) + " · " + i18n.N("{{.Count}} words", e.CountWords()))
}

func (h *historyView) onSelected(i widget.ListItemID) {
	if i >= len(h.versions) {
		return
	}
	h.chosen = i
	e := h.versions[i]
	h.title.SetText(say.Name(e))
	h.meta.SetText(versionMeta(e))
	segs := markdownSegments(e.Body)
	if len(segs) == 0 {
		segs = []widget.RichTextSegment{&widget.TextSegment{Style: widget.RichTextStyleEmphasis, Text: i18n.L("No words in this version.")}}
	}
	h.body.Segments = segs
	h.body.Refresh()
	h.restore.Enable()
}

func (h *historyView) onRestore() {
	if h.chosen < 0 || h.chosen >= len(h.versions) {
		return
	}
	h.ed.restoreVersion(h.versions[h.chosen])
}

// savedAt says when a version was saved, in the reader's own time zone.
func savedAt(e *journal.Entry) string {
	if e.Updated.IsZero() {
		return i18n.L("An earlier version")
	}
	return i18n.Date(e.Updated.Local(), "Mon 2 Jan 2006, 15:04")
}

// versionMeta is the quiet line under a version's title: its day, mood and
// tags.
func versionMeta(e *journal.Entry) string {
	parts := []string{longDate(e.Date)}
	if e.Mood >= 1 && e.Mood <= journal.MaxMood {
		parts = append(parts, i18n.L("feeling {{.Mood}}", i18n.Data{"Mood": strings.ToLower(moodName(e.Mood))}))
	}
	if len(e.Tags) > 0 {
		parts = append(parts, strings.Join(e.Tags, ", "))
	}
	return strings.Join(parts, " · ")
}

// distinctVersions drops versions whose writing is the same as the one
// after them (moving to the trash and back saves twice without changing a
// word), so the list shows only versions that differ.
func distinctVersions(current *journal.Entry, versions []*journal.Entry) []*journal.Entry {
	var out []*journal.Entry
	next := current
	for _, v := range versions {
		if next != nil && sameWriting(v, next) {
			continue
		}
		out = append(out, v)
		next = v
	}
	return out
}

// sameWriting reports whether two versions hold the same writing, ignoring
// when they were saved and whether they were in the trash.
func sameWriting(a, b *journal.Entry) bool {
	return a.Title == b.Title && a.Body == b.Body && a.Mood == b.Mood && a.Date == b.Date &&
		slices.Equal(a.Tags, b.Tags) && reflect.DeepEqual(a.Fields, b.Fields)
}
