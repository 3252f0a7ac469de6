package ui

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"

	"tend/app"
	"tend/assets"
	"tend/internal/i18n"
	"tend/journal"
	"tend/vault"
)

// UI is Tend's window and the screen it shows.
type UI struct {
	app  fyne.App
	win  fyne.Window
	sess *app.Session

	// work counts background jobs (key derivation, saves) so Run can wait
	// for them before it returns.
	work sync.WaitGroup
	// inline runs background jobs on the calling goroutine. Headless tests
	// set it: Fyne's test driver runs fyne.Do callbacks on the goroutine
	// that calls it, where they would race with the test's own widgets.
	inline bool

	settings *app.Settings
	theme    *calmTheme
	idle     *app.IdleTimer
	// now is the clock for the idle lock; tests replace it.
	now func() time.Time

	welcome  *welcomeScreen
	keyShown *recoveryKeyScreen
	unlock   *unlockScreen
	recover  *recoverScreen
	shell    *shell
	notice   *noticeScreen
	// attention is the damaged-journal screen, while it shows.
	attention *attentionScreen
	// reopen is the entry the editor showed when the journal locked, to
	// show again after unlocking, and reopenWriting whether it was being
	// written rather than read. Only its id is kept.
	reopen        journal.ID
	reopenWriting bool
	// copied is the secret Tend last put on the clipboard (a recovery
	// key), until it is taken off again.
	copied string
	// gate asks for the password before what would help an intruder.
	gate *passwordGate
	// dialogs are the dialogs open that Escape closes, topmost last (see
	// present).
	dialogs []shownDialog
	// quitting is set once the window has begun to close, and quitBy is
	// when quitting stops waiting for the store to close.
	quitting bool
	quitBy   time.Time
	// checking is the screen shown while the journal is checked.
	checking *checkScreen
	// checkAsk asks for the password before a check; checkResult and
	// unreadableNotice are the last words a check and an unlock gave.
	checkAsk         *checkAsk
	checkResult      string
	unreadableNotice string
	unreadableDialog dialog.Dialog
}

// New builds the window for a session. It blocks the network for the whole
// app, applies Tend's theme, and shows first run or unlock.
func New(a fyne.App, s *app.Session) *UI {
	blockNetwork()
	keepFoldersInMemory(a)
	a.SetIcon(assets.Icon)
	u := &UI{app: a, sess: s, settings: app.NewSettings(a.Preferences()), theme: &calmTheme{}, now: time.Now}
	i18n.Use(u.settings.Language())
	u.idle = app.NewIdleTimer(func() time.Time { return u.now() }, u.settings.AutoLock())
	s.UseSnapshotDir(u.settings.SnapshotDir())
	u.applyAppearance()
	// The title never changes: nothing written may show outside the window.
	u.win = a.NewWindow("Tend")
	u.win.SetIcon(assets.Icon)
	u.win.Resize(fyne.NewSize(900, 640))
	u.win.SetCloseIntercept(u.onClose)
	// Locking when the window loses focus is off by default; the setting
	// is read each time so changing it needs no restart.
	a.Lifecycle().SetOnExitedForeground(func() {
		if u.shell != nil && u.settings.LockOnFocusLoss() {
			u.lock()
		}
	})
	u.win.Canvas().SetOnTypedRune(u.onTypedRune)
	u.win.Canvas().SetOnTypedKey(u.onTypedKey)
	u.win.SetOnDropped(u.onDropped)
	u.win.SetMainMenu(u.lockedMenu())
	u.gate = &passwordGate{win: u.win, check: s.CheckPassword, run: u.background, present: u.present, escape: u.escape}
	u.start()
	return u
}

// applyAppearance sets the theme variant and text size from the settings.
func (u *UI) applyAppearance() {
	switch u.settings.Theme() {
	case app.ThemeLight:
		v := theme.VariantLight
		u.theme.variant = &v
	case app.ThemeDark:
		v := theme.VariantDark
		u.theme.variant = &v
	default:
		u.theme.variant = nil
	}
	u.theme.textScale = u.settings.TextScale()
	u.app.Settings().SetTheme(u.theme)
}

// touch records activity for the idle lock.
func (u *UI) touch() { u.idle.Touch() }

// onTypedRune hears the characters typed while no field has the keyboard.
func (u *UI) onTypedRune(r rune) {
	u.touch()
	if u.unlock != nil {
		u.unlock.typedWhileResting(r, nil)
	}
}

// checkIdle locks the journal when it has sat idle past the auto-lock time,
// and lets a locked window rest (see unlockScreen).
func (u *UI) checkIdle() {
	if u.shell != nil && u.idle.Expired() {
		u.lock()
	}
	if u.unlock != nil {
		u.unlock.rest(u.now())
	}
}

// watchIdle checks the idle lock every few seconds until the app quits.
func (u *UI) watchIdle() {
	t := time.NewTicker(5 * time.Second)
	go func() {
		for range t.C {
			fyne.Do(u.checkIdle)
		}
	}()
}

// vault returns the unlocked vault, or nil while locked.
func (u *UI) vault() *vault.Vault { return u.sess.Vault() }

// showMain shows the unlocked journal, on Today.
func (u *UI) showMain() {
	u.touch()
	u.shell = newShell(u)
	u.win.SetMainMenu(u.menu())
	u.setContent(u.shell.buildUI(), nil)
	u.shell.journals.load()
	u.showSection(secToday)
	u.giveBackDraft()
	u.reopenAfterLock()
}

// shownEntry is the saved entry the editor shows, when the editor is the
// screen shown; the zero id otherwise.
func (u *UI) shownEntry() journal.ID {
	if u.shell == nil || u.shell.current != secEditor {
		return journal.ID{}
	}
	if e := u.shell.editor.entry; e != nil && e.Rev > 0 {
		return e.ID
	}
	return journal.ID{}
}

// reopenAfterLock goes back to the entry that was open when the journal
// locked, unless writing kept from then was given back instead, or the
// entry is gone.
func (u *UI) reopenAfterLock() {
	id := u.reopen
	u.reopen = journal.ID{}
	if id.IsZero() || u.shell.current == secEditor {
		return
	}
	if v := u.vault(); v == nil {
		return
	} else if _, err := v.Get(id); err != nil {
		return
	}
	u.openEntry(id)
	if u.reopenWriting {
		u.shell.editor.edit()
	}
}

// giveBackDraft opens writing kept from before the last lock, quit or
// crash in the editor, with a calm note, or says calmly that kept writing
// could not be opened.
func (u *UI) giveBackDraft() {
	e, err := u.sess.TakeDraft()
	switch {
	case e != nil:
		u.shell.editor.giveBack(e)
		u.shell.show(secEditor)
	case errors.Is(err, vault.ErrDraftUnreadable):
		u.toast(i18n.L("Tend found writing kept from an earlier time, but it is damaged or belongs to another journal, so it could not be opened. It was set aside; nothing in your journal changed."), nil)
	}
}

// showSection switches the unlocked window to a sidebar section.
func (u *UI) showSection(sec section) {
	if u.shell == nil {
		return
	}
	u.touch()
	u.shell.show(sec)
}

// here is the zone of the person's own clock now, which decides whether
// a time an entry was written is named with its zone.
func (u *UI) here() *time.Location { return u.now().Location() }

// openEntry shows an entry to read, saving the one open before.
func (u *UI) openEntry(id journal.ID) {
	if u.shell == nil {
		return
	}
	u.touch()
	if u.shell.editor.flush() != nil {
		u.shell.show(secEditor)
		return
	}
	u.shell.editor.open(id)
	u.shell.show(secEditor)
}

// newEntry opens the editor on a new, empty entry of the given kind.
func (u *UI) newEntry(kind journal.Kind) {
	if u.shell == nil {
		return
	}
	u.touch()
	if u.shell.editor.flush() != nil {
		u.shell.show(secEditor)
		return
	}
	u.shell.editor.start(kind)
	u.shell.show(secEditor)
	// The keys go where the new entry begins, and never stay with a field
	// of the entry before, which is no longer on the page.
	if f := u.shell.editor.startField(); f != nil {
		u.win.Canvas().Focus(f)
	} else {
		u.win.Canvas().Unfocus()
	}
}

// chooseNewEntry asks what kind of entry to start, free writing first,
// and starts one of the kind chosen.
func (u *UI) chooseNewEntry() {
	if u.shell == nil {
		return
	}
	u.touch()
	u.shell.chooser = newKindChooser(u.win, journal.KindFree, u.newEntry)
	u.shell.chooser.show()
}

// saveNow saves the editor at once (Ctrl+S); autosave does it anyway.
func (u *UI) saveNow() {
	if u.shell != nil {
		_ = u.shell.editor.flush()
	}
}

// toggleReading switches the entry open in the editor between reading
// and writing (Ctrl+E); elsewhere it does nothing.
func (u *UI) toggleReading() {
	if u.shell != nil && u.shell.current == secEditor {
		u.touch()
		u.shell.editor.toggleReading()
	}
}

// toast shows a quiet confirmation at the bottom, with Undo when undo is
// not nil.
func (u *UI) toast(msg string, undo func()) {
	if u.shell != nil {
		u.shell.toast(msg, undo)
	}
}

// Run shows the window and runs until the app quits. SIGINT and SIGTERM lock
// the journal and quit cleanly, like closing the window.
func (u *UI) Run() {
	// Fyne answers SIGINT and SIGTERM itself by ending its loop at once,
	// so the journal is locked here, after the loop, on this goroutine.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sigs
		// A window that cannot even begin to close (its goroutine busy
		// with a long save) still ends: what is typed is sealed as a
		// draft every couple of seconds, and the store keeps only whole,
		// synced saves.
		time.Sleep(2 * quitWait)
		os.Exit(1)
	}()
	u.watchIdle()
	u.win.ShowAndRun()
	signal.Stop(sigs)
	if !u.quitting {
		// The loop ended without the window closing: a signal, or a quit
		// the toolkit made. The window is gone, so only the words and the
		// store are left to see to.
		u.quitting = true
		u.quitBy = time.Now().Add(quitWait)
		u.background(u.detachStore(), func(error) {})
	}
	// Quitting waits for the store to close until quitBy, in all; the
	// window may have gone early, when the store closed.
	if !u.waitWork(time.Until(u.quitBy)) {
		fmt.Fprintln(os.Stderr, "tend: Tend quit before the journal had finished closing; every saved entry is on disk.")
	}
}

// waitWork waits for background jobs, at most limit, and reports whether
// they finished: a save is on disk or refused by then, and unsaved words
// are sealed as a draft first thing.
func (u *UI) waitWork(limit time.Duration) bool {
	done := make(chan struct{})
	go func() {
		u.work.Wait()
		close(done)
	}()
	t := time.NewTimer(max(limit, 0))
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		return false
	}
}

// Window returns the main window.
func (u *UI) Window() fyne.Window { return u.win }

// wait blocks until background jobs have finished. Tests use it.
func (u *UI) wait() { u.work.Wait() }

// background runs job off the UI goroutine and then done on it.
func (u *UI) background(job func() error, done func(error)) {
	if u.inline {
		done(job())
		return
	}
	u.work.Add(1)
	go func() {
		err := job()
		// The job is done (a save is on disk) before Run may return; the
		// callback is queued without waiting, so a job that ends just as
		// the window closes cannot block the quit.
		u.work.Done()
		fyne.Do(func() { done(err) })
	}()
}

// start shows the first screen: first run when there is no vault yet,
// otherwise unlock.
func (u *UI) start() {
	ok, err := u.sess.HasVault()
	switch {
	case err != nil:
		u.showNotice(noticeUnreadable, err)
	case ok:
		u.showUnlock()
	default:
		u.showWelcome()
	}
}

// setContent replaces the window content and focuses f when given.
func (u *UI) setContent(c fyne.CanvasObject, f fyne.Focusable) {
	// The field that has the keyboard is told it lost it before its screen
	// goes; otherwise its blinking cursor would keep animating, holding the
	// old screen in memory and repainting the window for as long as the app
	// runs.
	u.win.Canvas().Unfocus()
	u.win.SetContent(c)
	if f != nil {
		u.win.Canvas().Focus(f)
	}
}

func (u *UI) showWelcome() {
	u.welcome = newWelcomeScreen(u)
	u.setContent(u.welcome.buildUI(), u.welcome.password)
}

func (u *UI) showRecoveryKey(rk vault.RecoveryKey) {
	u.keyShown = newRecoveryKeyScreen(u, rk)
	u.setContent(u.keyShown.buildUI(), nil)
}

func (u *UI) showUnlock() {
	u.clearContentScreens()
	u.unlock = newUnlockScreen(u)
	u.setContent(u.unlock.buildUI(), u.unlock.password)
}

func (u *UI) showRecover() {
	u.recover = newRecoverScreen(u)
	u.setContent(u.recover.buildUI(), u.recover.key)
}

func (u *UI) showNotice(kind noticeKind, err error) {
	u.notice = newNoticeScreen(u, kind, err)
	u.setContent(u.notice.buildUI(), nil)
}

// showAttention offers the ways forward from a damaged journal. It keeps
// password until the person leaves the screen.
func (u *UI) showAttention(de *app.DamagedError, password []byte) {
	u.attention = newAttentionScreen(u, de, password)
	u.setContent(u.attention.buildUI(), nil)
}

// showOpenError routes a failure to open the vault to its own screen.
// Wrong passwords are handled by the screen that asked.
func (u *UI) showOpenError(err error) {
	switch {
	case errors.Is(err, vault.ErrVaultInUse):
		u.showNotice(noticeInUse, err)
	case errors.Is(err, vault.ErrUnsupported):
		u.showNotice(noticeNewer, err)
	default:
		u.showNotice(noticeDamaged, err)
	}
}

// lock shows the unlock screen at once, whatever the editor holds. Words
// not saved yet are never thrown away and never wait on a save: they are
// sealed as a draft (no key is needed for that), one more save is tried,
// and the journal closes, all in the background after the window has
// locked. A save that fails leaves the draft, which the next unlock gives
// back.
func (u *UI) lock() {
	u.reopen = u.shownEntry()
	u.reopenWriting = !u.reopen.IsZero() && !u.shell.editor.reading
	finish := u.detach()
	u.showUnlock()
	u.background(finish, func(error) {})
}

// detach takes a copied recovery key off the clipboard and what the editor
// has not saved, empties every screen, and takes the vault out of the
// session's reach. It returns the rest of the lock for the background:
// seal the words, try to save them, close.
func (u *UI) detach() func() error {
	u.clearCopiedSecret()
	finish := u.detachStore()
	u.clearContentScreens()
	return finish
}

// detachStore is detach without the screens: it takes the editor's unsaved
// words and the vault, and returns the rest of the lock.
func (u *UI) detachStore() func() error {
	var e *journal.Entry
	var gen int
	var ed *editorScreen
	if u.shell != nil {
		ed = u.shell.editor
		e, gen = ed.pending()
	}
	v := u.sess.Detach()
	return func() error {
		if e != nil {
			sealErr := u.sess.SealDraft(e, gen)
			// The store may refuse the save (a full disk, an entry too
			// big, a failing store); the draft then keeps the words.
			if v != nil && ed.put(v, e, gen) == nil {
				sealErr = nil
			}
			if sealErr != nil {
				return errors.Join(sealErr, u.sess.CloseDetached(v))
			}
		}
		return u.sess.CloseDetached(v)
	}
}

// clearContentScreens drops every screen that held writing, after emptying
// its widgets, so no entry text stays reachable from the window.
func (u *UI) clearContentScreens() {
	if u.shell != nil {
		u.shell.clear()
		u.shell = nil
	}
	u.win.SetMainMenu(u.lockedMenu())
	if u.keyShown != nil {
		u.keyShown.clear()
		u.keyShown = nil
	}
	if u.attention != nil {
		u.attention.leave()
	}
	u.hideCheckDialogs()
	u.closeDialogs()
}

// closeDialogs closes every dialog over the window at the lock, so nothing
// of the journal stays in view above the lock screen: an import's list of
// titles, a new recovery key, a password half typed.
func (u *UI) closeDialogs() {
	u.gate.forget()
	u.dialogs = nil
	ov := u.win.Canvas().Overlays()
	for top := ov.Top(); top != nil; top = ov.Top() {
		top.Hide()
		ov.Remove(top)
	}
}

// onClose locks and quits, never waiting on a save (see lock). Quitting
// waits for the store to close, but only for so long: a store that hangs
// must not keep the app from ending, and by then the words are sealed.
func (u *UI) onClose() {
	if u.quitting {
		return
	}
	u.quitting = true
	finish := u.detach()
	u.win.SetContent(lockedCover())
	if u.inline {
		_ = finish()
		u.app.Quit()
		return
	}
	u.quitBy = time.Now().Add(quitWait)
	u.work.Add(1)
	quitWhenClosed(func() error {
		defer u.work.Done()
		return finish()
	}, quitWait, func() { fyne.Do(u.app.Quit) })
}

// quitWhenClosed runs finish in the background and calls quit exactly once:
// when finish returns or when limit has passed, whichever comes first. The
// quit is queued while the window still runs, so it happens on the window's
// goroutine; a finish that ends after the window has gone calls nothing.
func quitWhenClosed(finish func() error, limit time.Duration, quit func()) {
	closed := make(chan struct{})
	go func() {
		defer close(closed)
		_ = finish()
	}()
	go func() {
		t := time.NewTimer(limit)
		defer t.Stop()
		select {
		case <-closed:
		case <-t.C:
		}
		quit()
	}()
}

// quitWait bounds how long quitting waits for the store to close.
const quitWait = 5 * time.Second

// lockedCover is what the window shows while it closes: nothing.
func lockedCover() fyne.CanvasObject {
	return centered(iconImage(96), 320)
}
