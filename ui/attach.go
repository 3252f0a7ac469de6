package ui

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/app"
	"tend/internal/i18n"
	"tend/internal/imagemeta"
	"tend/journal"
	"tend/vault"
)

// Adding pictures and other files to an entry, from the editor's button
// or by dropping files onto the window while an entry is open. A file is
// read and sealed off the window's goroutine; a large one shows a busy bar
// with its name while it is. The entry is saved first, even an empty page:
// adding a file is the writer's act, and the file needs an entry to
// belong to.

// bigFile is the size above which adding a file shows that it is under
// way: below it, adding takes about as long as a save.
const bigFile = 1 << 20

// newAttachRow makes the editor's row under the writing: the button that
// adds a file, the strip of the files added, and the line that says a
// file is being added.
func (s *editorScreen) newAttachRow() {
	s.attachBtn = &widget.Button{Text: i18n.L("Add a picture or file…"), Icon: theme.FileImageIcon(), Importance: widget.LowImportance, OnTapped: s.onAttach}
	s.strip = newFileStrip(s.u, s.openFile)
	s.attachNote = note("")
	s.attachNote.Hide()
	s.attachBusy = newBusyBar()
	s.files = newFilePicker(s.u.win, func() bool { return s.u.inline })
	s.attachRow = container.NewVBox(
		s.strip.scroll,
		container.NewBorder(nil, nil, s.attachBtn, nil, container.NewVBox(s.attachNote, s.attachBusy)),
	)
}

// onAttach asks for a file and adds it to the entry.
func (s *editorScreen) onAttach() {
	if s.entry == nil {
		return
	}
	s.files.openFile(i18n.L("Add a picture or file"), nil, func(path string) { s.attachPaths([]string{path}) })
}

// onDropped hears files dropped onto the window: while an entry is open,
// they are added to it.
func (u *UI) onDropped(_ fyne.Position, uris []fyne.URI) {
	if u.shell != nil && u.shell.current == secEditor {
		u.touch()
		u.shell.editor.onDropped(uris)
	}
}

// onDropped adds the files dropped onto the window to the entry open, if
// one is; anything but a file on this computer is left alone.
func (s *editorScreen) onDropped(uris []fyne.URI) {
	if s.entry == nil {
		return
	}
	var paths []string
	for _, u := range uris {
		if u.Scheme() == "file" {
			paths = append(paths, u.Path())
		}
	}
	if len(paths) > 0 {
		s.attachPaths(paths)
	}
}

// attachPaths saves the entry, then adds the files at paths to it one
// after the other, and shows them in the strip.
func (s *editorScreen) attachPaths(paths []string) {
	if s.entry == nil || s.attaching {
		return
	}
	if err := s.keepForFiles(); err != nil {
		s.attachDone(err, "")
		return
	}
	s.attaching = true
	s.attachBtn.Disable()
	id := s.entry.ID
	var added []journal.File
	var failed error
	var failedName string
	s.attachNext(id, paths, &added, func(err error, name string) { failed, failedName = err, name }, func() {
		s.attaching = false
		s.attachBtn.Enable()
		stopBusy(s.attachBusy)
		s.attachNote.Hide()
		s.relayout()
		if s.entry == nil || s.entry.ID != id {
			return // locked, or another entry opened meanwhile
		}
		s.filesChanged()
		s.attachDone(failed, failedName)
		if failed == nil {
			s.tellUncleaned(added)
		}
		for _, f := range added {
			if imagemeta.Cleans(f.Type) {
				s.tellAboutPictures()
				break
			}
		}
	})
}

// attachNext adds paths[0] to entry id in the background, then the rest;
// done runs on the window's goroutine once all are tried. A file that
// cannot be added is reported to fail, and the others are still added.
func (s *editorScreen) attachNext(id journal.ID, paths []string, added *[]journal.File, fail func(error, string), done func()) {
	if len(paths) == 0 {
		done()
		return
	}
	path := paths[0]
	name := filepath.Base(path)
	shown := false
	var f journal.File
	s.u.background(func() error {
		var err error
		f, err = s.u.sess.AttachFile(id, path, func(_, total int64) {
			if total > bigFile && !shown {
				shown = true
				fyne.Do(func() { s.showAdding(name, total) })
			}
		})
		return err
	}, func(err error) {
		if err != nil {
			fail(err, name)
		} else {
			*added = append(*added, f)
		}
		s.attachNext(id, paths[1:], added, fail, done)
	})
}

// showAdding says a large file is being added, with a busy bar.
func (s *editorScreen) showAdding(name string, size int64) {
	if !s.attaching {
		return
	}
	s.attachNote.SetText(i18n.L("Adding {{.Name}} ({{.Size}})…", i18n.Data{"Name": name, "Size": fileSize(size)}))
	s.attachNote.Show()
	startBusy(s.attachBusy)
	s.relayout()
}

// keepForFiles saves the entry so files can be added to it: what is typed
// first, and a page never saved even when nothing is written on it yet.
func (s *editorScreen) keepForFiles() error {
	if err := s.flush(); err != nil {
		return err
	}
	if s.entry.Rev > 0 {
		return nil
	}
	v := s.u.vault()
	if v == nil {
		return vault.ErrClosed
	}
	e, _ := s.fromFields()
	s.saveMu.Lock()
	err := v.Put(e)
	if err == nil {
		s.savedGen = max(s.savedGen, s.gen)
	}
	s.saveMu.Unlock()
	s.saved(e, s.gen, err)
	return err
}

// refreshFiles reads the entry's files and version again after they
// changed, keeping every field as typed, and shows them in the strip.
func (s *editorScreen) refreshFiles() {
	v := s.u.vault()
	if v == nil || s.entry == nil {
		return
	}
	stored, err := v.Get(s.entry.ID)
	if err != nil {
		return
	}
	s.entry.Files = stored.Files
	s.entry.Rev = max(s.entry.Rev, stored.Rev)
	s.strip.show(s.entry.ID, s.entry.Files)
	s.updateButtons()
	s.relayout()
}

// attachDone says how adding went: nothing when it went well, else a calm
// sentence about the file that was not added.
func (s *editorScreen) attachDone(err error, name string) {
	if err == nil {
		s.status.SetText("")
		return
	}
	s.status.SetText(attachProblem(err, name))
}

// attachProblem is the sentence shown when a file could not be added.
func attachProblem(err error, name string) string {
	switch {
	case name == "":
		return saveProblem(err)
	case errors.Is(err, journal.ErrFileTooBig):
		return i18n.L("{{.Name}} is larger than Tend can keep with an entry (about 64 MB), so it was not added. The entry is as it was.", i18n.Data{"Name": name})
	case errors.Is(err, imagemeta.ErrDamaged):
		return i18n.L("{{.Name}} seems to be a damaged picture, so it was not added. The entry is as it was.", i18n.Data{"Name": name})
	case errors.Is(err, app.ErrNotAFile):
		return i18n.L("{{.Name}} is a folder. Only files can be added; the entry is as it was.", i18n.Data{"Name": name})
	case errors.Is(err, syscall.ENOSPC):
		return i18n.L("{{.Name}} was not added: the disk is full. The entry is as it was; freeing some space lets you add it.", i18n.Data{"Name": name})
	case errors.Is(err, vault.ErrClosed):
		return i18n.L("{{.Name}} was not added: the journal is locked.", i18n.Data{"Name": name})
	default:
		return i18n.L("{{.Name}} could not be added ({{.Reason}}). The entry is as it was.", i18n.Data{"Name": name, "Reason": reason(err)})
	}
}

// tellUncleaned says, under the page, which pictures just added keep
// where and with what they were taken: those in a format Tend cannot take
// that out of. Saying nothing would let the note about pictures promise
// what was not done.
func (s *editorScreen) tellUncleaned(added []journal.File) {
	var kept []string
	for _, f := range added {
		if strings.HasPrefix(f.Type, "image/") && !imagemeta.Cleans(f.Type) {
			kept = append(kept, f.Name)
		}
	}
	if len(kept) > 0 {
		s.status.SetText(i18n.N("{{.Names}} are kept as they are. Tend can take the place and camera out of JPEG, PNG, GIF and WebP pictures only, so these may still say where and when they were taken.",
			len(kept), i18n.Data{"Names": strings.Join(kept, ", ")}))
	}
}

// tellAboutPictures says once, the first time a picture is added, that
// Tend takes out where and with what it was taken before keeping it.
func (s *editorScreen) tellAboutPictures() {
	if s.u.settings.ToldPictureMetadata() {
		return
	}
	s.u.settings.SetToldPictureMetadata()
	d := dialog.NewCustom(i18n.L("Your pictures stay private"), i18n.L("Close"), container.New(minWidth{360}, &widget.Label{Text: pictureNote(), Wrapping: fyne.TextWrapWord}), s.u.win)
	s.u.present(d)
}

// pictureNote is what the person is told the first time they add a picture.
func pictureNote() string {
	return i18n.L("Photos can carry where they were taken, when, and with which phone or camera. Tend takes that out before it keeps a picture, so only the picture itself is in your journal. The picture looks just the same.")
}
