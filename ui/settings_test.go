package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tend/app"
	"tend/journal"
	"tend/vault"
)

func TestSettingsAutoLockThemeAndHiddenTags(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.showSection(secSettings)
	st := u.shell.settings
	if st.autoLock.Selected != "After 5 minutes" {
		t.Fatalf("default auto-lock shows %q", st.autoLock.Selected)
	}
	st.autoLock.SetSelected("After 15 minutes")
	if u.settings.AutoLock() != 15*time.Minute {
		t.Fatalf("auto-lock stored as %v", u.settings.AutoLock())
	}
	st.themeRadio.SetSelected("Dark")
	if u.settings.Theme() != app.ThemeDark || u.theme.variant == nil {
		t.Fatal("the dark theme was not applied")
	}
	st.textSize.SetSelected("Larger")
	if u.theme.textScale != 1.15 {
		t.Fatalf("text scale %v", u.theme.textScale)
	}
	test.Type(st.hiddenTags, "the affair, Mum")
	st.onHiddenTags()
	p, err := v.Prefs()
	if err != nil || len(p.HiddenTags) != 2 || p.HiddenTags[1] != "Mum" {
		t.Fatalf("hidden tags in the vault: %+v %v", p, err)
	}
	// Hidden tags are writing: they must not be in the app's preferences.
	for _, k := range []string{"autolock.minutes", "appearance.theme"} {
		if u.app.Preferences().String(k) == "the affair" {
			t.Fatal("a tag reached the plain preferences")
		}
	}
}

func TestChangePasswordNeedsTheCurrentOne(t *testing.T) {
	u, _ := newUnlockedUI(t)
	if err := u.sess.ChangePassword([]byte("wrong"), []byte("a whole new sentence")); !errors.Is(err, vault.ErrWrongPassword) {
		t.Fatalf("wrong current password: %v", err)
	}
	if err := u.sess.ChangePassword([]byte(goodPassword), []byte("a whole new sentence")); err != nil {
		t.Fatal(err)
	}
	stronger := app.StrongerKDF(vault.TestKDF)
	if err := u.sess.ChangeKDF([]byte("a whole new sentence"), stronger); err != nil {
		t.Fatal(err)
	}
	if u.vault().KDF() != stronger {
		t.Fatal("the stronger KDF was not applied")
	}
	_ = u.sess.Lock()
	if err := u.sess.Unlock([]byte("a whole new sentence")); err != nil {
		t.Fatalf("the new password does not open: %v", err)
	}
}

// TestSettingsHaveOneBackUpNow: Settings offers a single "Back up now",
// which takes the automatic backup at once into the chosen folder and says
// when; the backup file with a passphrase of its own is named for what it
// is.
func TestSettingsHaveOneBackUpNow(t *testing.T) {
	u, v := newUnlockedUI(t)
	if err := v.Put(&journal.Entry{Body: "kept in the snapshot"}); err != nil {
		t.Fatal(err)
	}
	u.showSection(secSettings)
	st := u.shell.settings
	var now []*widget.Button
	var file bool
	for _, b := range buttonsIn(u.shell.views[secSettings]) {
		if strings.Contains(strings.ToLower(b.Text), "back up now") || strings.Contains(b.Text, "one now") {
			now = append(now, b)
		}
		file = file || b.Text == "Save a backup file…"
	}
	if len(now) != 1 || now[0].Text != "Back up now" || !file {
		t.Fatalf("Settings offers %d ways to back up now, and a backup file: %v", len(now), file)
	}
	if !strings.HasPrefix(st.lastSnap.Text, "No backup yet") {
		t.Fatalf("before any backup: %q", st.lastSnap.Text)
	}
	dir := filepath.Join(t.TempDir(), "external disk")
	st.setSnapshotFolder(dir)
	if u.settings.SnapshotDir() != dir || u.sess.SnapshotDir() != dir {
		t.Fatal("the chosen folder was not kept")
	}
	test.Tap(now[0])
	if !strings.HasPrefix(st.lastSnap.Text, "The last backup was taken on ") || !strings.Contains(st.lastSnap.Text, " at ") || !strings.Contains(st.lastSnap.Text, dir) {
		t.Fatalf("after Back up now: %q", st.lastSnap.Text)
	}
	files, _ := os.ReadDir(dir)
	if len(files) != 1 || !strings.HasSuffix(files[0].Name(), ".tend-snapshot") || strings.Contains(files[0].Name(), time.Now().Format("2006")) {
		t.Fatalf("the folder holds %v", files)
	}
}

// An empty new password is met with an invitation, not a sentence with a
// hole in it.
func TestPasswordFormEmptyWording(t *testing.T) {
	f := newPasswordForm(false, nil)
	_, why := f.check()
	if why != "Choose a password only you know." {
		t.Fatalf("empty password: %q", why)
	}
	test.Type(f.next, "abc")
	test.Type(f.confirm, "abc")
	if _, why := f.check(); !strings.HasPrefix(why, "That password is too short.") {
		t.Fatalf("short password: %q", why)
	}
}

// buttonsIn lists the buttons under o, looking inside widgets too.
func buttonsIn(o fyne.CanvasObject) []*widget.Button {
	switch o := o.(type) {
	case *widget.Button:
		return []*widget.Button{o}
	case *fyne.Container:
		var out []*widget.Button
		for _, c := range o.Objects {
			out = append(out, buttonsIn(c)...)
		}
		return out
	case fyne.Widget:
		var out []*widget.Button
		for _, c := range test.WidgetRenderer(o).Objects() {
			out = append(out, buttonsIn(c)...)
		}
		return out
	}
	return nil
}

// TestSettingsButtonsKeepTheirWidth checks that no button in Settings is
// stretched across its card on a 1280x800 screen, at the usual and the
// largest text: a button as wide as the window reads as a bar.
func TestSettingsButtonsKeepTheirWidth(t *testing.T) {
	for _, size := range []float32{1, textSizes()[len(textSizes())-1].scale} {
		u := unlockedUIAtScale(t, size)
		u.win.Resize(fyne.NewSize(1280, 800))
		u.showSection(secSettings)
		buttons := buttonsIn(u.shell.views[secSettings])
		if len(buttons) < 10 {
			t.Fatalf("found only %d buttons in Settings", len(buttons))
		}
		for _, b := range buttons {
			if !b.Visible() {
				continue
			}
			if w, need := b.Size().Width, b.MinSize().Width; w > need+1 {
				t.Errorf("at text scale %v, %q is %.0f px wide; it needs %.0f", size, b.Text, w, need)
			}
		}
	}
}

// TestSettingsSpeakPlainly checks the protection of the password is said
// without memory sizes or passes, at every strength Tend offers.
func TestSettingsSpeakPlainly(t *testing.T) {
	u, _ := newUnlockedUI(t)
	u.showSection(secSettings)
	st := u.shell.settings
	words := []string{st.strength.Text}
	for p := vault.DefaultKDF; ; p = app.StrongerKDF(p) {
		words = append(words, kdfDescription(p))
		if app.StrongerKDF(p) == p {
			break
		}
	}
	seen := map[string]bool{}
	for _, w := range words {
		seen[w] = true
		for _, jargon := range []string{"MiB", "KiB", " passes", "stretch", "KDF", "Argon"} {
			if strings.Contains(w, jargon) {
				t.Errorf("%q says %q", w, jargon)
			}
		}
	}
	if len(seen) != 4 {
		t.Errorf("lighter, usual, more and strongest protection are not told apart: %q", words)
	}
	if !st.stronger.Visible() {
		t.Fatal("a journal that can be made stronger is not offered it")
	}
}
