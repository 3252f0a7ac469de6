package vault

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"tend/backup"
	"tend/internal/sample"
	"tend/internal/vaulttest"
	"tend/journal"
)

var rotatedPassword = []byte("lanterns over the harbour at night")

// fillForRotation writes a journal with something of every record kind a
// rotation must carry: every kind of entry, edits (earlier versions), a long
// entry in pieces edited twice (its versions share pieces), an entry in the
// trash, the preferences, and a draft the editor left.
func fillForRotation(t *testing.T, v *Vault) *journal.Entry {
	t.Helper()
	for _, e := range everyKind() {
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
		e.Body += " and then some more"
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
	}
	big := &journal.Entry{Title: "the long talk", Body: sample.ChatLog(2600<<10, 3), Tags: []string{"chat"}}
	for i := range 3 {
		if i > 0 {
			big.Body = sample.EditChatLog(big.Body, i)
		}
		if err := v.Put(big); err != nil {
			t.Fatal(err)
		}
	}
	gone := &journal.Entry{Title: "let go", Body: "into the trash"}
	if err := v.Put(gone); err != nil {
		t.Fatal(err)
	}
	if err := v.Delete(gone.ID); err != nil {
		t.Fatal(err)
	}
	if err := v.SetPrefs(journal.Prefs{HiddenTags: []string{"private"}}); err != nil {
		t.Fatal(err)
	}
	box, err := v.DraftBox()
	if err != nil {
		t.Fatal(err)
	}
	draft := &journal.Entry{ID: journal.NewID(), Kind: journal.KindFree, Date: journal.Date{Year: 2026, Month: 11, Day: 3}, Title: "unsaved", Body: "words still in the editor"}
	if err := box.Seal(draft, 1); err != nil {
		t.Fatal(err)
	}
	return big
}

// TestRotateTakesBackOldKeys is the scenario of a person who changed their
// password and made a new recovery key because someone knew them. Before a
// rotation, a copy of the old header put back over a copy of the journal
// opens it with the old password, entries written since included, and the
// old recovery key sets a new password. After a rotation, neither the old
// passwords, nor the old recovery keys, nor any old header opens the live
// journal, a copy of it, or a snapshot taken after the rotation, while the
// new password opens everything as it was.
func TestRotateTakesBackOldKeys(t *testing.T) {
	v, dir, rk0 := newTestVault(t)
	fillForRotation(t, v)
	header0 := vaulttest.ReadFile(t, filepath.Join(dir, headerFile))
	snaps := filepath.Join(t.TempDir(), "snapshots")
	before, err := v.Snapshot(snaps, time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}

	// The plain change first: new password, new recovery key.
	second := []byte("a second password, said out loud once")
	if err := v.SetPassword(second, TestKDF); err != nil {
		t.Fatal(err)
	}
	rk1, err := v.RegenerateRecoveryKey()
	if err != nil {
		t.Fatal(err)
	}
	header1 := vaulttest.ReadFile(t, filepath.Join(dir, headerFile))

	nv, rk2, err := v.Rotate(rotatedPassword, TestKDF, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nv.Close() })
	after := &journal.Entry{Title: "after the change", Body: "written once the keys were new"}
	if err := nv.Put(after); err != nil {
		t.Fatal(err)
	}
	snapAfter, err := nv.Snapshot(snaps, time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if err := nv.Close(); err != nil {
		t.Fatal(err)
	}

	type try struct {
		name     string
		header   []byte
		password []byte
		rk       *RecoveryKey
	}
	var tries []try
	for _, h := range []struct {
		name string
		b    []byte
	}{{"the first header", header0}, {"the header after the password change", header1}, {"the live header", nil}} {
		tries = append(tries,
			try{h.name + " with the first password", h.b, testPassword, nil},
			try{h.name + " with the changed password", h.b, second, nil},
			try{h.name + " with the first recovery key", h.b, nil, &rk0},
			try{h.name + " with the replaced recovery key", h.b, nil, &rk1},
		)
	}
	for _, tr := range tries {
		// A copy of the live folder, with the old header put back.
		cp := filepath.Join(t.TempDir(), "copy")
		vaulttest.CopyTree(t, dir, cp)
		if tr.header != nil {
			if err := os.WriteFile(filepath.Join(cp, headerFile), tr.header, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		var old *Vault
		if tr.rk != nil {
			old, err = OpenWithRecovery(cp, *tr.rk)
		} else {
			old, err = Open(cp, tr.password)
		}
		if err == nil {
			old.Close()
			t.Errorf("%s opens the journal after the rotation", tr.name)
		}

		// The snapshot taken after the rotation, as it is and with the
		// old header in place of its own.
		if tr.header == nil {
			if _, err := readSnapshotFile(t, snapAfter, tr.password, tr.rk); err == nil {
				t.Errorf("%s opens the snapshot taken after the rotation", tr.name)
			}
			continue
		}
		swapped := filepath.Join(t.TempDir(), "swapped.snapshot")
		b := vaulttest.ReadFile(t, snapAfter)
		off := len(backup.SnapshotMagic)
		if n := binary.BigEndian.Uint32(b[off:]); int(n) != len(tr.header) {
			t.Fatalf("the snapshot's header copy is %d bytes", n)
		}
		copy(b[off+4:], tr.header)
		if err := os.WriteFile(swapped, b, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := readSnapshotFile(t, swapped, tr.password, tr.rk); err == nil {
			t.Errorf("%s opens the snapshot taken after the rotation, put in its header", tr.name)
		}
	}

	// The new password and recovery key open all of it.
	nv, err = Open(dir, rotatedPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer nv.Close()
	if _, err := nv.Get(after.ID); err != nil {
		t.Fatal(err)
	}
	c, err := readSnapshotFile(t, snapAfter, rotatedPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !containsBody(c.Entries, after.Body) {
		t.Fatal("the snapshot after the rotation lacks the entry written after it")
	}
	if _, err := readSnapshotFile(t, snapAfter, nil, &rk2); err != nil {
		t.Fatalf("the new recovery key does not open the new snapshot: %v", err)
	}
	// A snapshot from before was made with the old keys: they still open
	// it, and it holds only what was written before.
	c, err = readSnapshotFile(t, before, testPassword, nil)
	if err != nil {
		t.Fatalf("the old snapshot no longer opens with the password it was made with: %v", err)
	}
	if containsBody(c.Entries, after.Body) {
		t.Fatal("the old snapshot holds an entry written after it")
	}
	nv.Close()
	if _, err := OpenWithRecovery(dir, rk2); err != nil {
		t.Fatalf("the new recovery key does not open the journal: %v", err)
	}
}

// TestRotateKeepsEveryRecord checks that a rotation carries everything a
// person can read, each earlier version and every piece of a long entry
// included, that the store's and pieces' keys really are new, and that
// the draft the editor left opens with the new keys.
func TestRotateKeepsEveryRecord(t *testing.T) {
	v, dir, _ := newTestVault(t)
	big := fillForRotation(t, v)
	want := stateOf(t, v)
	wantVersions := versionHashes(t, v, big.ID)
	oldPieces := liveChunkKeys(t, v)
	if len(oldPieces) < 2 {
		t.Fatalf("the long entry is in %d pieces; the test needs more", len(oldPieces))
	}
	var calls, last, total int
	nv, _, err := v.Rotate(rotatedPassword, TestKDF, func(done, all int) {
		calls++
		last, total = done, all
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nv.Close() })
	if calls == 0 || last != total || total == 0 {
		t.Fatalf("progress: %d calls, last %d of %d", calls, last, total)
	}
	if err := v.Put(&journal.Entry{Body: "x"}); !errors.Is(err, ErrClosed) {
		t.Fatalf("the vault from before the rotation still takes writes: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, rotateTemp)); !os.IsNotExist(err) {
		t.Fatalf("the rotation left its folder: %v", err)
	}

	check := func(v *Vault, when string) {
		t.Helper()
		sameState(t, when, stateOf(t, v), want)
		if !mapsEqual(versionHashes(t, v, big.ID), wantVersions) {
			t.Errorf("%s: the long entry's earlier versions changed", when)
		}
		rep, err := v.Verify()
		if err != nil || !rep.OK() {
			t.Errorf("%s: verify: %+v %v", when, rep, err)
		}
	}
	check(nv, "just after the rotation")
	for _, k := range liveChunkKeys(t, nv) {
		for _, o := range oldPieces {
			if bytes.Equal(k, o) {
				t.Fatal("a piece kept its old key, which the old history key names")
			}
		}
	}
	e, err := nv.OpenDraft(nil)
	if err != nil || e == nil || e.Body != "words still in the editor" {
		t.Fatalf("the draft after the rotation: %v %v", e, err)
	}
	searchFinds(t, nv, "Alex", big.ID)

	nv = reopenWith(t, nv, rotatedPassword)
	check(nv, "after reopening")
}

// liveChunkKeys lists the keys of the pieces of long entries in an open
// vault.
func liveChunkKeys(t *testing.T, v *Vault) [][]byte {
	t.Helper()
	var keys [][]byte
	err := v.db.View(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte{prefixChunk}
		opts.PrefetchValues = false
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			keys = append(keys, it.Item().KeyCopy(nil))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// reopenWith closes v and opens its folder again with password.
func reopenWith(t *testing.T, v *Vault, password []byte) *Vault {
	t.Helper()
	dir := v.Dir()
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	v, err := Open(dir, password)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

// TestRotateStoppedAtEveryStep stops a rotation at each of its steps, as a
// killed process would stop it, and checks that the journal then opens
// with exactly one of the two passwords, the old one until the commit and
// the new one from it, showing everything it showed, with its draft, and
// that nothing of the rotation is left behind.
func TestRotateStoppedAtEveryStep(t *testing.T) {
	tmpl, tdir, _ := newTestVault(t)
	fillForRotation(t, tmpl)
	want := stateOf(t, tmpl)
	if err := tmpl.Close(); err != nil {
		t.Fatal(err)
	}
	steps := []string{"copied", "ready", "old store moved", "new store moved", "draft moved", "committed"}
	t.Cleanup(func() { rotateHook = nil })
	for i, step := range steps {
		dir := filepath.Join(t.TempDir(), "vault")
		vaulttest.CopyTree(t, tdir, dir)
		v, err := Open(dir, testPassword)
		if err != nil {
			t.Fatal(err)
		}
		rotateHook = func(s string) error {
			if s == step {
				return errors.New("killed")
			}
			return nil
		}
		nv, _, err := v.Rotate(rotatedPassword, TestKDF, nil)
		rotateHook = nil
		if err == nil {
			t.Fatalf("%s: the rotation did not stop", step)
		}
		if nv != nil {
			nv.Close()
		}
		v.Close()

		good, bad := testPassword, rotatedPassword
		if step == "committed" {
			good, bad = bad, good
		}
		if v, err := Open(dir, bad); err == nil {
			v.Close()
			t.Fatalf("stopped at %q: the journal opens with the %s password", step, map[bool]string{true: "new", false: "old"}[i < len(steps)-1])
		}
		v, err = Open(dir, good)
		if err != nil {
			t.Fatalf("stopped at %q: the journal does not open: %v", step, err)
		}
		sameState(t, "stopped at "+step, stateOf(t, v), want)
		if e, err := v.OpenDraft(nil); err != nil || e == nil {
			t.Errorf("stopped at %q: the draft is lost: %v", step, err)
		}
		if rep, err := v.Verify(); err != nil || !rep.OK() {
			t.Errorf("stopped at %q: verify: %+v %v", step, rep, err)
		}
		if _, err := os.Stat(filepath.Join(dir, rotateTemp)); !os.IsNotExist(err) {
			t.Errorf("stopped at %q: the rotation's folder is still there", step)
		}
		if err := v.Put(&journal.Entry{Body: "still writing"}); err != nil {
			t.Errorf("stopped at %q: a save after: %v", step, err)
		}
		v.Close()
	}
}

// TestChildRotator is not a test on its own: TestRotateKilledAtRandom runs
// the test binary again with TEND_TEST_ROTATE_DIR set, and this rotates
// the journal there from one password to the other until it is killed.
func TestChildRotator(t *testing.T) {
	dir := os.Getenv("TEND_TEST_ROTATE_DIR")
	if dir == "" {
		t.Skip("runs only as a child of TestRotateKilledAtRandom")
	}
	from, to := []byte(os.Getenv("TEND_TEST_ROTATE_FROM")), []byte(os.Getenv("TEND_TEST_ROTATE_TO"))
	v, err := Open(dir, from)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(2)
	}
	fmt.Println("opened")
	nv, _, err := v.Rotate(to, TestKDF, nil)
	if err != nil {
		fmt.Println("rotate:", err)
		os.Exit(3)
	}
	nv.Close()
	fmt.Println("rotated")
}

// TestRotateKilledAtRandom kills a process rotating the journal at random
// moments, many times, going back and forth between two passwords. After
// every kill the journal opens with exactly one of them, the old one until
// the rotation was committed, and shows everything it showed.
func TestRotateKilledAtRandom(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes; skipped with -short")
	}
	tmp := t.TempDir()
	v, dir, _ := newTestVault(t)
	fillForRotation(t, v)
	if err := v.Import(bulkEntries(600, "many")); err != nil {
		t.Fatal(err)
	}
	want := stateOf(t, v)
	v.Close()

	pw := [2][]byte{testPassword, rotatedPassword}
	cur := 0
	rng := rand.New(rand.NewPCG(3, 15))
	rotatedOnce, killed := 0, 0
	// The kills land within span of the journal opening. A rotation takes
	// a few hundred milliseconds on a quiet machine and some seconds on a
	// busy one: until one goes through, every kill before it widens span.
	span := 700 * time.Millisecond
	const rounds = 16
	for round := range rounds {
		cmd := exec.Command(os.Args[0], "-test.run=^TestChildRotator$", "-test.count=1")
		cmd.Env = append(os.Environ(), "TEND_TEST_ROTATE_DIR="+dir, "TMPDIR="+tmp,
			"TEND_TEST_ROTATE_FROM="+string(pw[cur]), "TEND_TEST_ROTATE_TO="+string(pw[1-cur]))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var timer *time.Timer
		sc := bufio.NewScanner(out)
		done := false
		for sc.Scan() {
			switch line := sc.Text(); {
			case line == "opened":
				// Some kills land after the rotation, which is fine too.
				delay := time.Duration(rng.Int64N(int64(span)))
				timer = time.AfterFunc(delay, func() { cmd.Process.Signal(syscall.SIGKILL) })
			case line == "rotated":
				done = true
			case strings.HasPrefix(line, "open:"), strings.HasPrefix(line, "rotate:"):
				t.Fatalf("round %d: child failed: %s", round, line)
			}
		}
		if timer != nil {
			timer.Stop()
		}
		werr := cmd.Wait()
		if !done && werr == nil {
			t.Fatalf("round %d: the child ended without rotating", round)
		}

		old, err := Open(dir, pw[cur])
		next, nerr := Open(dir, pw[1-cur])
		switch {
		case err == nil && nerr == nil:
			t.Fatalf("round %d: both passwords open the journal", round)
		case err != nil && nerr != nil:
			t.Fatalf("round %d: neither password opens the journal: %v; %v", round, err, nerr)
		case nerr == nil:
			old = next
			cur = 1 - cur
			rotatedOnce++
		}
		if done && nerr != nil {
			t.Fatalf("round %d: the child said it rotated, but the new password does not open the journal", round)
		}
		if !done {
			killed++
			if rotatedOnce == 0 {
				span = span * 3 / 2
			}
		}
		sameState(t, fmt.Sprintf("round %d", round), stateOf(t, old), want)
		if rep, err := old.Verify(); err != nil || !rep.OK() {
			t.Fatalf("round %d: verify: %+v %v", round, rep, err)
		}
		old.Close()
	}
	if rotatedOnce == 0 || killed == 0 {
		t.Fatalf("%d rotations went through and %d were killed: the kills did not land across the rotation", rotatedOnce, killed)
	}
	t.Logf("%d rounds: %d rotations went through, %d kills", rounds, rotatedOnce, killed)
}

// TestRotateStopsAtADamagedRecord damages one sealed record and checks
// that a rotation refuses, since that record would be lost with the old
// keys, and leaves the journal exactly as it was, still open and in use.
func TestRotateStopsAtADamagedRecord(t *testing.T) {
	v, dir, _ := newTestVault(t)
	e := &journal.Entry{Title: "kept", Body: "a body that will be damaged"}
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	db := rawDB(t, dir)
	err := db.Update(func(txn *badger.Txn) error {
		item, err := txn.Get(contentKey(e.ID))
		if err != nil {
			return err
		}
		val, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		val[len(val)-1] ^= 1
		return txn.Set(contentKey(e.ID), val)
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	header := vaulttest.ReadFile(t, filepath.Join(dir, headerFile))
	v, err = Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	nv, _, err := v.Rotate(rotatedPassword, TestKDF, nil)
	if !errors.Is(err, ErrCorrupt) || nv != v {
		t.Fatalf("rotating a journal with a damaged record: %v", err)
	}
	if !bytes.Equal(vaulttest.ReadFile(t, filepath.Join(dir, headerFile)), header) {
		t.Fatal("the header changed")
	}
	if _, err := os.Stat(filepath.Join(dir, rotateTemp)); !os.IsNotExist(err) {
		t.Fatal("the refused rotation left its folder")
	}
	if err := v.Put(&journal.Entry{Body: "still writing"}); err != nil {
		t.Fatalf("the journal no longer takes writes after a refused rotation: %v", err)
	}
}

func TestRotateHandsOverTheKeyBeforeTheSwap(t *testing.T) {
	v, dir, _ := newTestVault(t)
	e := &journal.Entry{Title: "kept", Body: "through a rotation that stopped"}
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	header0 := vaulttest.ReadFile(t, filepath.Join(dir, headerFile))

	// A key that cannot be kept stops the rotation: nothing changes.
	nv, rk, err := v.RotateKeeping(rotatedPassword, TestKDF, nil, func(RecoveryKey) error {
		return errors.New("the disk is full")
	})
	if err == nil || nv != v || rk != (RecoveryKey{}) || !strings.Contains(err.Error(), "the disk is full") {
		t.Fatalf("a key that could not be kept: vault %p (was %p), key %v, error %v", nv, v, rk, err)
	}
	if _, err := os.Stat(filepath.Join(dir, rotateTemp)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the half-built journal is left behind: %v", err)
	}
	if !bytes.Equal(vaulttest.ReadFile(t, filepath.Join(dir, headerFile)), header0) {
		t.Error("the header changed though the rotation stopped")
	}
	e.Body += ", and still writable"
	if err := v.Put(e); err != nil {
		t.Fatalf("the journal is not writable after a stopped rotation: %v", err)
	}

	// A key that is kept is handed over while the old keys are in force.
	var kept RecoveryKey
	nv, rk, err = v.RotateKeeping(rotatedPassword, TestKDF, nil, func(k RecoveryKey) error {
		kept = k
		if !bytes.Equal(vaulttest.ReadFile(t, filepath.Join(dir, headerFile)), header0) {
			t.Error("the new keys were in place before the recovery key was handed over")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if kept != rk || rk == (RecoveryKey{}) {
		t.Fatalf("handed over %v, returned %v", kept, rk)
	}
	if err := nv.Close(); err != nil {
		t.Fatal(err)
	}
	rv, err := OpenWithRecovery(dir, rk)
	if err != nil {
		t.Fatalf("the key handed over does not open the journal: %v", err)
	}
	rv.Close()
}
