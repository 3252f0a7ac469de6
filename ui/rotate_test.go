package ui

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"tend/backup"
	"tend/journal"
	"tend/vault"
)

// TestRotateFromSettings gives the journal new keys the way a person
// would: from the security card in Settings, where the dialog says what it
// does and how long it takes, refuses a wrong current password and a weak
// new one without changing anything, then shows the new recovery key as
// the first run does and offers to remove the older backups, which still
// open with the old password. Afterwards only the new password opens the
// journal, and the entry written before is there.
func TestRotateFromSettings(t *testing.T) {
	u, v := newUnlockedUI(t)
	e := &journal.Entry{Title: "before the new keys", Body: "kept word for word"}
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	older, err := v.Snapshot(u.sess.SnapshotDir(), time.Now().AddDate(0, 0, -2))
	if err != nil {
		t.Fatal(err)
	}
	u.showSection(secSettings)
	st := u.shell.settings
	if !strings.Contains(st.rotate.Text, "new keys") {
		t.Fatalf("the security card offers %q", st.rotate.Text)
	}
	test.Tap(st.rotate)
	r := st.rotation
	if r == nil || u.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no dialog for new keys")
	}

	type attempt struct{ current, next, want string }
	for _, a := range []attempt{
		{"not my password", "seven herons cross the grey estuary", "didn't match"},
		{goodPassword, "Summer2024!", "easy to guess"},
	} {
		r.form.current.SetText(a.current)
		r.form.next.SetText(a.next)
		r.form.confirm.SetText(a.next)
		test.Tap(r.start)
		if !strings.Contains(r.form.problem.Text, a.want) {
			t.Fatalf("current %q, new %q: %q", a.current, a.next, r.form.problem.Text)
		}
		if u.vault() != v {
			t.Fatalf("current %q, new %q changed the journal", a.current, a.next)
		}
	}

	r.form.current.SetText(goodPassword)
	r.form.next.SetText("seven herons cross the grey estuary")
	r.form.confirm.SetText("seven herons cross the grey estuary")
	test.Tap(r.start)
	u.wait()
	if r.keys == nil || r.keys.key == "" {
		t.Fatalf("no new recovery key shown: %q", r.form.problem.Text)
	}
	rk, err := vault.ParseRecoveryKey(r.keys.key)
	if err != nil {
		t.Fatal(err)
	}
	if !r.keys.done.Disabled() {
		t.Fatal("the key can be put away before the person says it is stored")
	}
	r.keys.stored.SetChecked(true)
	test.Tap(r.keys.done)
	if r.remove == nil {
		t.Fatal("no offer to remove the older backup")
	}
	test.Tap(r.remove)
	u.wait()
	if _, err := os.Stat(older); !os.IsNotExist(err) {
		t.Fatal("the older backup is still there")
	}
	if list, _ := backup.ListSnapshots(u.sess.SnapshotDir(), nil); len(list) != 1 {
		t.Fatalf("%d backups, want the one made with the new keys", len(list))
	}

	if got, err := u.vault().Get(e.ID); err != nil || got.Body != e.Body {
		t.Fatalf("the entry after the new keys: %v", err)
	}
	if err := u.sess.Lock(); err != nil {
		t.Fatal(err)
	}
	if err := u.sess.Unlock([]byte(goodPassword)); !errors.Is(err, vault.ErrWrongPassword) {
		t.Fatalf("the old password: %v", err)
	}
	if err := u.sess.UnlockWithRecovery(rk.String(), []byte("seven herons cross the grey estuary")); err != nil {
		t.Fatalf("the new recovery key: %v", err)
	}
}

func TestRotateIntroSaysHowLong(t *testing.T) {
	for _, c := range []struct {
		n    int
		d    time.Duration
		want string
	}{
		{1, 2 * time.Second, "your 1 entry this takes a few seconds"},
		{10000, 4 * time.Second, "your 10000 entries this takes a few seconds"},
		{100000, 22 * time.Second, "your 100000 entries this takes about 30 seconds"},
		{400000, 82 * time.Second, "takes about 90 seconds"},
		{800000, 162 * time.Second, "takes about 3 minutes"},
	} {
		if got := strings.Join(rotateIntro(c.n, c.d), " "); !strings.Contains(got, c.want) {
			t.Errorf("%d entries, %v: %q", c.n, c.d, got)
		}
	}
}
