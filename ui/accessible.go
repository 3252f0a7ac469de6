package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Screen readers learn what a control is and what it says through the
// toolkit's fyne.Accessible: built with the accessibility tag, the app
// hands every such control it finds to the screen reader of Windows and
// macOS (Linux has no such bridge in the toolkit yet). The toolkit's
// buttons and labels say their own text; Tend's own controls say here, in
// words, what a sighted person reads on them.

var (
	_ fyne.Accessible = (*entryButton)(nil)
	_ fyne.Accessible = (*choiceRow)(nil)
	_ fyne.Accessible = (*ledgerRow)(nil)
	_ fyne.Accessible = (*iconButton)(nil)
)

// iconButton is a button that shows only an icon, and says in words what
// it does: the toolkit's own would be read out by its icon's file name
// ("navigate-back.svg").
type iconButton struct {
	widget.Button
	label string
}

// newIconButton returns a button drawn as icon that a screen reader
// reads as label.
func newIconButton(icon fyne.Resource, label string, importance widget.Importance, tapped func()) *iconButton {
	b := &iconButton{label: label}
	b.Icon, b.Importance, b.OnTapped = icon, importance, tapped
	b.ExtendBaseWidget(b)
	return b
}

// AccessibilityLabel says what the button does.
func (b *iconButton) AccessibilityLabel() string { return b.label }

// AccessibilityLabel says the entry's headline, its quiet facts (its day
// and kind) and the start of its preview, as the row shows them.
func (b *entryButton) AccessibilityLabel() string {
	return sentences(b.kicker, b.headline, b.meta, b.preview)
}

// AccessibilityRole is a button's: the row opens its entry.
func (b *entryButton) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

// AccessibilityLabel says the choice the row makes. Its words are drawn
// beside the button, not on it, so the row is told them when it is made;
// a row with words on it says those.
func (b *choiceRow) AccessibilityLabel() string {
	if b.label != "" {
		return b.label
	}
	return b.Text
}

// AccessibilityLabel says the note as the row shows it: its day and
// match, what was said and what was done.
func (r *ledgerRow) AccessibilityLabel() string {
	return sentences(r.head.Text, r.said.Text, r.did.Text)
}

// AccessibilityRole is a button's: the row opens its entry.
func (r *ledgerRow) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

// sentences joins the parts that are not empty into one text to be read
// aloud, a pause between each.
func sentences(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, strings.TrimSuffix(p, "."))
		}
	}
	return strings.Join(kept, ". ")
}
