package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/journal"
)

// section names a place in the sidebar; sectionLabel says it.
type section string

const (
	secToday    section = "Today"
	secPaths    section = "Paths"
	secJournal  section = "Journal"
	secInsights section = "Insights"
	secSearch   section = "Search"
	secTrash    section = "Trash"
	secSettings section = "Settings"
	secEditor   section = "Editor" // not in the sidebar: where an entry opens
)

// sidebarOrder is the sidebar, top to bottom.
var sidebarOrder = []section{secToday, secPaths, secJournal, secInsights, secSearch, secTrash, secSettings}

// screen is one place the content area can show. refresh reloads it from
// the vault when it is shown; clear forgets everything it showed, on lock.
type screen interface {
	buildUI() fyne.CanvasObject
	refresh()
	clear()
}

// shell is the unlocked window: a sidebar, the content area, and a quiet
// line at the bottom for confirmations with an optional undo.
type shell struct {
	u        *UI
	nav      map[section]*widget.Button
	content  *fyne.Container
	current  section
	screens  map[section]screen
	views    map[section]fyne.CanvasObject
	today    *todayScreen
	paths    *pathsScreen
	timeline *timelineScreen
	insights *insightsScreen
	search   *searchScreen
	trash    *trashScreen
	settings *settingsScreen
	editor   *editorScreen
	// journals is the sidebar's group of journals and the one shown.
	journals *journalsView
	// newBtn starts free writing; newKind, beside it, offers every kind
	// of entry.
	newBtn  *widget.Button
	newKind *iconButton
	// chooser is the last chooser of kinds opened for a new entry.
	chooser *kindChooser

	toastText *widget.Label
	toastUndo *widget.Button
	toastBar  *fyne.Container
	toastGen  int
}

func newShell(u *UI) *shell {
	s := &shell{u: u, nav: map[section]*widget.Button{}, screens: map[section]screen{}, views: map[section]fyne.CanvasObject{}}
	s.journals = newJournalsView(u)
	s.today = newTodayScreen(u)
	s.paths = newPathsScreen(u.pathsDeps())
	s.timeline = newTimelineScreen(u)
	s.insights = newInsightsScreen(u)
	s.search = newSearchScreen(u)
	s.trash = newTrashScreen(u)
	s.settings = newSettingsScreen(u)
	s.editor = newEditorScreen(u)
	s.screens[secToday] = s.today
	s.screens[secPaths] = s.paths
	s.screens[secJournal] = s.timeline
	s.screens[secInsights] = s.insights
	s.screens[secSearch] = s.search
	s.screens[secTrash] = s.trash
	s.screens[secSettings] = s.settings
	s.screens[secEditor] = s.editor
	for sec, sc := range s.screens {
		s.views[sec] = noWiden(sc.buildUI())
	}
	return s
}

// noWiden hosts a screen so that it can never make the window wider. Fyne
// grows a window to the minimum width of what it shows, and one line that
// does not wrap, at the largest text size, pushed the window past the right
// edge of the screen, taking the scrollbar and buttons out of reach. Inside
// a horizontal scroller a screen gets the window's width; text wraps to it,
// and whatever still cannot fit scrolls sideways instead of being cut off.
// Vertical scrolling stays with the screen itself.
func noWiden(view fyne.CanvasObject) fyne.CanvasObject {
	return container.NewHScroll(view)
}

// sectionIcon is a section's sidebar icon. It is a function, not a table
// built at start-up, because theme icons need a running app.
func sectionIcon(sec section) fyne.Resource {
	switch sec {
	case secToday:
		return theme.HomeIcon()
	case secPaths:
		return theme.NavigateNextIcon()
	case secJournal:
		return theme.ListIcon()
	case secInsights:
		return theme.GridIcon()
	case secSearch:
		return theme.SearchIcon()
	case secTrash:
		return theme.DeleteIcon()
	default:
		return theme.SettingsIcon()
	}
}

// sectionLabel is a section's name as the sidebar says it.
func sectionLabel(sec section) string {
	switch sec {
	case secToday:
		return i18n.L("Today")
	case secPaths:
		return i18n.L("Paths")
	case secJournal:
		return i18n.L("Journal")
	case secInsights:
		return i18n.L("Insights")
	case secSearch:
		return i18n.L("Search")
	case secTrash:
		return i18n.L("Trash")
	default:
		return i18n.L("Settings")
	}
}

func (s *shell) buildUI() fyne.CanvasObject {
	side := container.NewVBox()
	for _, sec := range sidebarOrder {
		b := &widget.Button{Text: sectionLabel(sec), Icon: sectionIcon(sec), Alignment: widget.ButtonAlignLeading, Importance: widget.LowImportance}
		b.OnTapped = func() { s.u.showSection(sec) }
		s.nav[sec] = b
		side.Add(b)
	}
	// New entry starts free writing at once, the usual choice; the arrow
	// beside it offers the other kinds, each with a line on what it is for.
	s.newBtn = &widget.Button{Text: i18n.X("sidebar.new", "New entry"), Icon: theme.ContentAddIcon(), Importance: widget.HighImportance, OnTapped: func() { s.u.newEntry(journal.KindFree) }}
	s.newKind = newIconButton(theme.MenuDropDownIcon(), i18n.L("Choose what kind of entry to write"), widget.HighImportance, s.u.chooseNewEntry)
	newRow := container.NewBorder(nil, nil, nil, s.newKind, s.newBtn)
	lockBtn := &widget.Button{Text: i18n.L("Lock"), Icon: theme.LogoutIcon(), Alignment: widget.ButtonAlignLeading, Importance: widget.LowImportance, OnTapped: s.u.lock}
	// The journals, when there are several, take the room left below the
	// sections (see journalsView.rebuild).
	sidebar := container.NewBorder(container.NewVBox(container.NewPadded(newRow), widget.NewSeparator(), side), lockBtn, nil, nil, s.journals.space)
	s.journals.sidebar = sidebar

	s.content = container.NewStack()
	s.toastText = note("")
	s.toastText.Wrapping = fyne.TextWrapOff // in an HBox a wrapping label shrinks to one letter
	s.toastUndo = &widget.Button{Text: i18n.L("Undo"), Importance: widget.LowImportance}
	s.toastBar = container.NewHBox(s.toastText, s.toastUndo)
	s.toastBar.Hide()
	main := container.NewBorder(nil, container.NewPadded(s.toastBar), nil, nil, s.content)
	split := container.NewHSplit(container.NewPadded(sidebar), main)
	split.Offset = 0.18
	return split
}

// show switches the content area to sec.
func (s *shell) show(sec section) {
	if s.current == secEditor && sec != secEditor {
		if s.editor.flush() != nil {
			return // the editor says why; its text stays
		}
	}
	if sec != s.current {
		// Keys go nowhere until the new section takes them: not into a
		// field of the section left behind, whose cursor would also keep
		// blinking out of sight.
		s.u.win.Canvas().Unfocus()
	}
	s.current = sec
	for name, b := range s.nav {
		if name == sec {
			b.Importance = widget.MediumImportance
		} else {
			b.Importance = widget.LowImportance
		}
		b.Refresh()
	}
	s.screens[sec].refresh()
	s.content.Objects = []fyne.CanvasObject{s.views[sec]}
	s.content.Refresh()
}

// toast shows a quiet line at the bottom for a few seconds, with an Undo
// button when undo is given.
func (s *shell) toast(msg string, undo func()) {
	s.toastGen++
	gen := s.toastGen
	s.toastText.SetText(msg)
	if undo != nil {
		s.toastUndo.OnTapped = func() {
			s.toastBar.Hide()
			undo()
		}
		s.toastUndo.Show()
	} else {
		s.toastUndo.Hide()
	}
	s.toastBar.Show()
	time.AfterFunc(8*time.Second, func() {
		fyne.Do(func() {
			if s.toastGen == gen {
				s.toastBar.Hide()
			}
		})
	})
}

// clear empties every screen, on lock.
func (s *shell) clear() {
	for _, sc := range s.screens {
		sc.clear()
	}
	s.toastText.SetText("")
	s.toastBar.Hide()
}

// menu is the main menu. Its shortcuts fire even while a text field has
// focus, which canvas shortcuts do not.
func (u *UI) menu() *fyne.MainMenu {
	newItem := fyne.NewMenuItem(i18n.L("New entry"), func() { u.newEntry(journal.KindFree) })
	newItem.Shortcut = shortcut(fyne.KeyN, 0)
	kindItem := fyne.NewMenuItem(i18n.L("New entry of another kind…"), u.chooseNewEntry)
	kindItem.Shortcut = shortcut(fyne.KeyN, fyne.KeyModifierShift)
	lockItem := fyne.NewMenuItem(i18n.L("Lock"), u.lock)
	lockItem.Shortcut = shortcut(fyne.KeyL, 0)
	saveItem := fyne.NewMenuItem(i18n.L("Save now"), u.saveNow)
	saveItem.Shortcut = shortcut(fyne.KeyS, 0)
	readItem := fyne.NewMenuItem(i18n.L("Read or edit this entry"), u.toggleReading)
	readItem.Shortcut = shortcut(fyne.KeyE, 0)
	b := newBackupUI(u)
	return fyne.NewMainMenu(fyne.NewMenu(i18n.L("File"), newItem, kindItem, saveItem, readItem, fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(i18n.L("Save a backup file…"), b.onBackup),
		fyne.NewMenuItem(i18n.L("Restore from a backup…"), b.onRestore),
		fyne.NewMenuItem(i18n.L("Export…"), b.onExport),
		fyne.NewMenuItem(i18n.L("Import…"), b.onImport),
		fyne.NewMenuItemSeparator(), lockItem), u.editMenu(), u.goMenu(), u.helpMenu())
}

// editMenu is the usual Edit menu. Each item hands its shortcut to the
// field that has the keyboard, exactly as the key itself would: a menu
// shortcut takes the key away from the field, so the field gets it once.
func (u *UI) editMenu() *fyne.Menu {
	item := func(label string, sc fyne.Shortcut) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, func() { u.forwardShortcut(sc) })
		it.Shortcut = sc
		return it
	}
	clip := u.app.Clipboard()
	return fyne.NewMenu(i18n.L("Edit"),
		item(i18n.L("Undo"), &fyne.ShortcutUndo{}),
		item(i18n.L("Redo"), &fyne.ShortcutRedo{}),
		fyne.NewMenuItemSeparator(),
		item(i18n.L("Cut"), &fyne.ShortcutCut{Clipboard: clip}),
		item(i18n.L("Copy"), &fyne.ShortcutCopy{Clipboard: clip}),
		item(i18n.L("Paste"), &fyne.ShortcutPaste{Clipboard: clip}),
		fyne.NewMenuItemSeparator(),
		item(i18n.L("Select all"), &fyne.ShortcutSelectAll{}))
}

// forwardShortcut gives sc to the focused field. A field that is switched
// off only lets its text be copied, as Fyne does for the keys themselves.
func (u *UI) forwardShortcut(sc fyne.Shortcut) {
	f, ok := u.win.Canvas().Focused().(fyne.Shortcutable)
	if !ok {
		return
	}
	if d, ok := f.(fyne.Disableable); ok && d.Disabled() && sc.ShortcutName() != (&fyne.ShortcutCopy{}).ShortcutName() {
		return
	}
	f.TypedShortcut(sc)
}

// lockedMenu is the menu while the journal is locked or not yet made: only
// what needs no journal, so grounding is one keystroke away there too.
func (u *UI) lockedMenu() *fyne.MainMenu { return fyne.NewMainMenu(u.helpMenu()) }

// helpMenu holds what helps in a hard moment: Pause and ground, with its
// shortcut, and the "If it gets heavy" page. Neither reads the journal.
func (u *UI) helpMenu() *fyne.Menu {
	ground := fyne.NewMenuItem(i18n.L("Pause and ground"), func() { u.showGrounding(nil) })
	ground.Shortcut = shortcut(fyne.KeyG, 0)
	keysItem := fyne.NewMenuItem(i18n.L("Keyboard shortcuts"), u.showShortcuts)
	keysItem.Shortcut = shortcut(fyne.KeySlash, 0)
	return fyne.NewMenu(i18n.L("Help"), ground, fyne.NewMenuItem(i18n.L("If it gets heavy"), func() { u.showSupport() }),
		fyne.NewMenuItemSeparator(),
		keysItem,
		fyne.NewMenuItem(i18n.L("About Tend"), u.showAbout))
}

// showAbout says what Tend is and what it promises.
func (u *UI) showAbout() {
	name := "Tend"
	if v := u.app.Metadata().Version; v != "" {
		name += " " + v
	}
	d := dialog.NewCustom(i18n.L("About Tend"), i18n.L("Close"), container.NewVBox(
		iconImage(72),
		&widget.Label{Text: name, Alignment: fyne.TextAlignCenter, TextStyle: fyne.TextStyle{Bold: true}},
		paragraph(i18n.L("A private journal for reflection and inner-child work.")),
		paragraph(i18n.L("Everything you write stays on this computer, encrypted with your password. Tend never sends anything over the network.")),
		paragraph(i18n.L("Tend is not therapy. If it gets heavy, the Help menu has a page for that.")),
	), u.win)
	d.Resize(fyne.NewSize(460, 0))
	u.present(d)
}
