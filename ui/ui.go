package ui

import (
	"errors"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"fyne.io/fyne/v2"

	"tend/app"
	"tend/assets"
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

	welcome  *welcomeScreen
	keyShown *recoveryKeyScreen
	unlock   *unlockScreen
	recover  *recoverScreen
	journal  *journalScreen
	notice   *noticeScreen
}

// New builds the window for a session. It blocks the network for the whole
// app, applies Tend's theme, and shows first run or unlock.
func New(a fyne.App, s *app.Session) *UI {
	blockNetwork()
	a.Settings().SetTheme(&calmTheme{})
	a.SetIcon(assets.Icon)
	u := &UI{app: a, sess: s}
	// The title never changes: nothing written may show outside the window.
	u.win = a.NewWindow("Tend")
	u.win.SetIcon(assets.Icon)
	u.win.Resize(fyne.NewSize(900, 640))
	u.win.SetCloseIntercept(u.onClose)
	u.start()
	return u
}

// Run shows the window and runs until the app quits. SIGINT and SIGTERM lock
// the journal and quit cleanly, like closing the window.
func (u *UI) Run() {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sigs
		fyne.Do(u.onClose)
	}()
	u.win.ShowAndRun()
	signal.Stop(sigs)
	u.work.Wait()
	_ = u.sess.Lock()
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
		defer u.work.Done()
		err := job()
		fyne.DoAndWait(func() { done(err) })
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

func (u *UI) showJournal() {
	u.journal = newJournalScreen(u)
	u.setContent(u.journal.buildUI(), nil)
	u.journal.refresh()
}

func (u *UI) showNotice(kind noticeKind, err error) {
	u.notice = newNoticeScreen(u, kind, err)
	u.setContent(u.notice.buildUI(), nil)
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

// lock saves what is pending, closes the vault, forgets every widget that
// showed writing, and shows the unlock screen.
func (u *UI) lock() {
	// Text that could not be saved is never thrown away to lock: the
	// editor keeps it and says why.
	if u.journal != nil && u.journal.flush() != nil {
		return
	}
	u.clearContentScreens()
	u.showUnlock()
	u.background(u.sess.Lock, func(error) {})
}

// clearContentScreens drops every screen that held writing, after emptying
// its widgets, so no entry text stays reachable from the window.
func (u *UI) clearContentScreens() {
	if u.journal != nil {
		u.journal.clear()
		u.journal = nil
	}
	if u.keyShown != nil {
		u.keyShown.clear()
		u.keyShown = nil
	}
}

// onClose saves, locks and quits.
func (u *UI) onClose() {
	if u.journal != nil && u.journal.flush() != nil {
		return
	}
	u.clearContentScreens()
	u.win.SetContent(lockedCover())
	u.background(u.sess.Lock, func(error) { u.app.Quit() })
}

// lockedCover is what the window shows while it closes: nothing.
func lockedCover() fyne.CanvasObject {
	return centered(iconImage(96), 320)
}
