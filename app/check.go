package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"tend/backup"
	"tend/journal"
	"tend/vault"
)

// A damaged store can make the store library panic in one of its own
// goroutines while opening, which no recover catches and which would take
// the whole window with it. So after an unclean end, or when opening fails,
// the app checks the store in a child process of its own binary (tend
// verify --json, and tend salvage --json to rescue), reading the password
// from a pipe, and only opens the journal itself once the child found it
// whole.

// DamageJSON is one damaged record as verify --json and salvage --json
// print it.
type DamageJSON struct {
	Entry   string `json:"entry,omitempty"`
	Record  string `json:"record"`
	Problem string `json:"problem"`
}

// VerifyJSON is what verify --json prints.
type VerifyJSON struct {
	OK bool `json:"ok"`
	// Opened says the store opened; when it did not, the records were read
	// from its files directly and Problem says why.
	Opened  bool   `json:"opened"`
	Problem string `json:"problem,omitempty"`
	// Ended is how the child that tried to open the store ended, and
	// Unread why its files could not be read directly either, as the
	// system said it, when the store did not open; Problem says both in
	// English.
	Ended   *ChildEnd    `json:"ended,omitempty"`
	Unread  string       `json:"unread,omitempty"`
	Records int          `json:"records"`
	Entries int          `json:"entries"`
	Damaged []DamageJSON `json:"damaged"`
}

// SalvageJSON is what salvage --json prints.
type SalvageJSON struct {
	Records int          `json:"records"`
	Kept    int          `json:"kept"`
	Entries int          `json:"entries"`
	Older   int          `json:"older"`
	Damaged []DamageJSON `json:"damaged"`
	Files   []string     `json:"files"`
}

func DamagesJSON(ds []journal.Damage) []DamageJSON {
	out := make([]DamageJSON, 0, len(ds))
	for _, d := range ds {
		j := DamageJSON{Record: d.Record, Problem: d.Problem}
		if !d.Entry.IsZero() {
			j.Entry = d.Entry.String()
		}
		out = append(out, j)
	}
	return out
}

// VerifyInnerEnv marks the child process in which verify opens the store.
const VerifyInnerEnv = "TEND_VERIFY_INNER"

// StoreCheck is what checking the store in a child process found.
type StoreCheck struct {
	// Opened says the store opened in the child and every record was read;
	// Damaged then lists the records that failed their check.
	Opened  bool
	Records int
	Entries int
	Damaged []journal.Damage
	// Ended is for a technical helper, when the store did not open: how
	// the child that tried ended (see ChildEnd), and Unread why the
	// store's files could not be read directly either, as the system said
	// it.
	Ended  *ChildEnd
	Unread string
	// Details is for a technical helper too: what the child reported
	// beyond that, in its own words, and what happened after. It never
	// holds entry text: the child prints none.
	Details string
}

// OK reports whether the store opened and nothing was damaged.
func (c *StoreCheck) OK() bool { return c.Opened && len(c.Damaged) == 0 }

// DamagedError is returned by Unlock when the store did not pass its check.
// It wraps vault.ErrCorrupt.
type DamagedError struct {
	Check StoreCheck
	// Err is the error of opening in this process, when it came to that.
	Err error
	// Snapshot is the newest automatic backup the password reads the name
	// of, to offer restoring; nil when there is none.
	Snapshot *backup.SnapshotFile
}

func (e *DamagedError) Error() string {
	if e.Err != nil {
		return e.Err.Error()
	}
	return vault.ErrCorrupt.Error()
}

func (e *DamagedError) Unwrap() error { return vault.ErrCorrupt }

// UseChildCommand sets the program (and extra environment) that checks and
// salvages the store in a child process. By default it is this program;
// tests point it at a test binary that acts as the command line.
func (s *Session) UseChildCommand(path string, env ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.childPath, s.childEnv = path, env
}

// child runs the command line in a child process with the password on its
// standard input, and returns its standard output, exit status and how it
// ended.
func (s *Session) child(password []byte, timeout time.Duration, args ...string) ([]byte, int, ChildEnd) {
	s.mu.Lock()
	path, env := s.childPath, s.childEnv
	s.mu.Unlock()
	return runProgram(path, s.dir, password, timeout, env, args...)
}

// RunSelf runs this program's command line in a child process.
func RunSelf(dir string, password []byte, timeout time.Duration, env []string, args ...string) ([]byte, int, ChildEnd) {
	return runProgram("", dir, password, timeout, env, args...)
}

// ChildEnd is how a check or a rescue in a child process ended, for a
// technical helper: the window and the command line say it in the
// person's language from its fields (see say.ChildEnd); String says it in
// English, for logs and scripts. It never holds entry text: the child
// prints none.
type ChildEnd struct {
	// NoProgram is why Tend could not find its own program file to run,
	// as the system said it; the child never started.
	NoProgram string `json:"no_program,omitempty"`
	// Timeout is how long the child was given, when it did not finish
	// within it.
	Timeout time.Duration `json:"timeout,omitempty"`
	// Abnormal is how it ended, as the system said it, when it could not
	// start or was stopped by a signal.
	Abnormal string `json:"abnormal,omitempty"`
	// Status is its exit status otherwise.
	Status int `json:"status"`
	// Output is the panic line, or the first few lines, it wrote to its
	// error stream, as it wrote them.
	Output string `json:"output,omitempty"`
	// Rescue says the child was a rescue (tend salvage), not a check, so
	// that how it ended is said of the rescue.
	Rescue bool `json:"rescue,omitempty"`
}

// String says how the child ended, in English.
func (e ChildEnd) String() string {
	if e.NoProgram != "" {
		return "Tend could not find its own program file: " + e.NoProgram
	}
	var how string
	what := "check"
	if e.Rescue {
		what = "rescue"
	}
	switch {
	case e.Timeout > 0:
		how = fmt.Sprintf("The %s did not finish within %s.", what, e.Timeout)
	case e.Abnormal != "":
		how = fmt.Sprintf("The %s ended abnormally: %s", what, e.Abnormal)
	default:
		how = fmt.Sprintf("The %s ended with status %d.", what, e.Status)
	}
	if e.Output != "" {
		how += "\n" + e.Output
	}
	return how
}

// runProgram runs the command line of the program at path (this program
// when empty) on the vault in dir, with password on a pipe.
func runProgram(path, dir string, password []byte, timeout time.Duration, env []string, args ...string) ([]byte, int, ChildEnd) {
	if path == "" {
		exe, err := os.Executable()
		if err != nil {
			return nil, -1, ChildEnd{NoProgram: err.Error(), Status: -1}
		}
		path = exe
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	argv := append([]string{"--vault", dir, "--password-file", "-"}, args...)
	cmd := exec.CommandContext(ctx, path, argv...)
	cmd.Env = append(os.Environ(), env...)
	// The password goes through a pipe and is cleared once written.
	in := bytes.NewBuffer(append(append([]byte(nil), password...), '\n'))
	cmd.Stdin = in
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	clear(in.Bytes()[:cap(in.Bytes())])
	code := -1
	if cmd.ProcessState != nil {
		code = cmd.ProcessState.ExitCode()
	}
	end := ChildEnd{Status: code, Output: crashLine(errOut.String())}
	switch {
	case ctx.Err() != nil:
		end.Timeout = timeout
	case err != nil && code < 0:
		end.Abnormal = err.Error()
	}
	return out.Bytes(), code, end
}

// crashLine keeps what a helper needs of a child's error stream: the panic
// line alone when it crashed (its trace names only program internals), or
// its first few lines.
func crashLine(s string) string {
	if i := strings.Index(s, "panic: "); i >= 0 {
		line, _, _ := strings.Cut(s[i:], "\n")
		return firstLines(line, 1)
	}
	return firstLines(s, 6)
}

// firstLines keeps at most n lines of s, each at most 300 characters.
func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	for i, l := range lines {
		if len(l) > 300 {
			lines[i] = l[:300] + "…"
		}
	}
	return strings.Join(lines, "\n")
}

// checkMarker is an empty file in the vault folder that says a check found
// damage. Checking may open and close the store, which clears the sign of an
// unclean end, so without it the next unlock would open a damaged journal
// without a word; it stays until a check comes back clean.
const checkMarker = "check-needed"

// CheckStore opens and checks every record of the store in a child
// process. It returns vault.ErrWrongPassword or vault.ErrVaultInUse when
// the child says so; any other end is described in the StoreCheck.
func (s *Session) CheckStore(password []byte) (StoreCheck, error) {
	out, code, end := s.child(password, 10*time.Minute, "verify", "--json")
	switch code {
	case ExitWrongPassword:
		return StoreCheck{}, vault.ErrWrongPassword
	case ExitInUse:
		return StoreCheck{}, vault.ErrVaultInUse
	}
	chk := StoreCheck{Ended: &end}
	var j VerifyJSON
	if (code == ExitOK || code == ExitError) && json.Unmarshal(out, &j) == nil {
		chk.Ended, chk.Unread = j.Ended, j.Unread
		if j.Problem != "" && j.Ended == nil {
			chk.Details = j.Problem
		}
		chk.Opened, chk.Records, chk.Entries, chk.Damaged = j.Opened, j.Records, j.Entries, damagesFrom(j.Damaged)
	}
	marker := filepath.Join(s.dir, checkMarker)
	if chk.OK() {
		_ = os.Remove(marker)
	} else {
		_ = os.WriteFile(marker, nil, 0o600)
	}
	return chk, nil
}

func damagesFrom(js []DamageJSON) []journal.Damage {
	out := make([]journal.Damage, 0, len(js))
	for _, j := range js {
		d := journal.Damage{Record: j.Record, Problem: j.Problem}
		if id, err := journal.ParseID(j.Entry); err == nil {
			d.Entry = id
		}
		out = append(out, d)
	}
	return out
}

// Unlock opens the vault with its password. After an unclean end it first
// checks the store in a child process, and whenever opening fails it asks
// the child why: either way a damaged store comes back as a *DamagedError
// rather than a crash.
func (s *Session) Unlock(password []byte) error {
	// A lock may still be closing the store in the background; it is
	// opened again only once that is done.
	s.closing.Wait()
	s.mu.Lock()
	open := s.v != nil
	s.mu.Unlock()
	if open {
		return nil
	}
	left, err := vault.LeftOpen(s.dir)
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(s.dir, checkMarker)); err == nil {
		left = true // an earlier check found damage
	}
	if left {
		// The child says so when the password is wrong.
		chk, err := s.CheckStore(password)
		if err != nil {
			return err
		}
		if !chk.OK() {
			return s.damaged(password, chk, nil)
		}
	}
	return s.OpenAsItIs(password)
}

// CheckNow checks the open journal in a child process, every record, as
// an unlock after a crash does. The child needs the store to itself, so
// the journal is closed first (without the automatic backup a lock takes)
// and opened again once the check found it whole. When the check finds
// damage, the journal stays closed and a *DamagedError says what was
// found, for the same choices an unlock offers. A wrong password returns
// vault.ErrWrongPassword and leaves the journal open.
func (s *Session) CheckNow(password []byte) (StoreCheck, error) {
	s.mu.Lock()
	v := s.v
	s.mu.Unlock()
	if v == nil {
		return StoreCheck{}, vault.ErrClosed
	}
	if err := v.CheckPassword(password); err != nil {
		return StoreCheck{}, err
	}
	s.mu.Lock()
	s.v = nil
	s.mu.Unlock()
	if err := v.Close(); err != nil {
		return StoreCheck{}, err
	}
	chk, err := s.CheckStore(password)
	if err != nil {
		return chk, err
	}
	if !chk.OK() {
		return chk, s.damaged(password, chk, nil)
	}
	return chk, s.OpenAsItIs(password)
}

// OpenAsItIs opens the vault in this process without a check first: after
// a check found some records damaged but the store whole, the person may
// choose to open the journal and carry on with what is readable.
func (s *Session) OpenAsItIs(password []byte) error {
	err := s.openHere(password)
	if err == nil {
		// Backups an earlier Tend named by their day stop showing it now,
		// outside the session's lock (the folder may be on a slow drive); a
		// folder that cannot be changed (a read-only drive) is tried again
		// at the next backup, whose error the app shows.
		if v := s.Vault(); v != nil {
			_ = v.SealOldSnapshotNames(s.SnapshotDir())
		}
	}
	if err == nil || errors.Is(err, vault.ErrWrongPassword) || errors.Is(err, vault.ErrVaultInUse) ||
		errors.Is(err, vault.ErrUnsupported) || errors.Is(err, vault.ErrNoVault) {
		return err
	}
	chk, cerr := s.CheckStore(password)
	if cerr != nil {
		return cerr
	}
	return s.damaged(password, chk, err)
}

func (s *Session) openHere(password []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.v != nil {
		return nil
	}
	v, err := vault.Open(s.dir, password)
	if err != nil {
		return err
	}
	s.adopt(v)
	go returnMemory(v)
	return nil
}

// returnMemory hands memory the runtime no longer uses back to the system
// once the search index is built: the key derivation's 64 MiB and the
// index builder's scratch would otherwise stay resident for minutes.
func returnMemory(v *vault.Vault) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	_ = v.WaitIndex(ctx)
	debug.FreeOSMemory()
}

// asideName is where a damaged journal's folder is moved, beside it, so
// nothing in it is ever deleted.
func asideName(dir string, now time.Time) string {
	return fmt.Sprintf("%s-damaged-%s", filepath.Clean(dir), now.Format("2006-01-02-150405"))
}

// moveAside renames the vault folder out of the way and returns its new
// name.
func (s *Session) moveAside(now time.Time) (string, error) {
	aside := asideName(s.dir, now)
	if err := os.Rename(s.dir, aside); err != nil {
		return "", fmt.Errorf("moving the damaged journal aside: %w", err)
	}
	return aside, nil
}

// newestSnapshot returns the newest automatic backup whose name password
// can read (the journal itself may be too damaged to open), if there is
// one. It costs a key derivation or two.
func (s *Session) newestSnapshot(password []byte) (backup.SnapshotFile, bool) {
	list, err := vault.FindSnapshots(s.SnapshotDir(), s.dir, password)
	if err != nil || len(list) == 0 || !list[0].Known() {
		return backup.SnapshotFile{}, false
	}
	return list[0], true
}

// damaged is the *DamagedError of a failed check, with the newest
// automatic backup the person can restore.
func (s *Session) damaged(password []byte, chk StoreCheck, err error) *DamagedError {
	de := &DamagedError{Check: chk, Err: err}
	if snap, ok := s.newestSnapshot(password); ok {
		de.Snapshot = &snap
	}
	return de
}

// RestoreSnapshot replaces a damaged journal with the automatic backup
// snap (the one a *DamagedError offers): the backup is read and checked in
// full first, then the damaged folder is moved aside (never deleted) and a
// new journal is made from the backup, protected by password. It returns
// the new recovery key, to be shown once, and the folder the damaged
// journal now sits in.
func (s *Session) RestoreSnapshot(snap backup.SnapshotFile, password []byte) (vault.RecoveryKey, string, error) {
	f, err := os.Open(snap.Path)
	if err != nil {
		return vault.RecoveryKey{}, "", fmt.Errorf("opening the automatic backup: %w", err)
	}
	contents, err := vault.ReadSnapshot(f, password, nil)
	f.Close()
	if err != nil {
		return vault.RecoveryKey{}, "", err
	}
	defer contents.Close()
	aside, err := s.moveAside(time.Now())
	if err != nil {
		return vault.RecoveryKey{}, "", err
	}
	rk, err := s.RestoreNew(contents, password)
	if err != nil {
		return vault.RecoveryKey{}, aside, err
	}
	return rk, aside, nil
}

// A RescueError says why Salvage left the journal as it was: the rescue in
// a child process did not finish (Ended says how it ended), or it found
// nothing it could read (Ended is nil), when it is vault.ErrCorrupt to
// errors.Is. Its Error is in English; the window says it in the person's
// language (see say.Problem).
type RescueError struct {
	Ended *ChildEnd
}

func (e *RescueError) Error() string {
	if e.Ended != nil {
		return "the rescue did not finish. " + e.Ended.String()
	}
	return vault.ErrCorrupt.Error() + ": the rescue found nothing it could read, so your journal was left exactly as it is"
}

// Unwrap makes a rescue that found nothing vault.ErrCorrupt to errors.Is.
func (e *RescueError) Unwrap() error {
	if e.Ended != nil {
		return nil
	}
	return vault.ErrCorrupt
}

// SalvageResult is what Salvage rescued.
type SalvageResult struct {
	Entries int
	Kept    int
	Records int
	Older   int
	Damaged []journal.Damage
	Files   []string
	// Aside is the folder the damaged journal was moved to.
	Aside string
}

// Salvage rescues every record that still verifies into a new journal, in
// a child process, then moves the damaged folder aside and puts the new
// journal in its place, and opens it. The password and recovery key stay
// the same.
func (s *Session) Salvage(password []byte) (SalvageResult, error) {
	now := time.Now()
	tmp := fmt.Sprintf("%s-rescue-%s", filepath.Clean(s.dir), now.Format("2006-01-02-150405"))
	out, code, end := s.child(password, 30*time.Minute, "salvage", "--json", tmp)
	end.Rescue = true
	switch code {
	case ExitWrongPassword:
		return SalvageResult{}, vault.ErrWrongPassword
	case ExitInUse:
		return SalvageResult{}, vault.ErrVaultInUse
	}
	var j SalvageJSON
	if (code != ExitOK && code != ExitError) || json.Unmarshal(out, &j) != nil {
		return SalvageResult{}, &RescueError{Ended: &end}
	}
	if j.Kept == 0 {
		// An empty journal must never take the damaged one's place.
		_ = os.RemoveAll(tmp)
		return SalvageResult{Records: j.Records, Damaged: damagesFrom(j.Damaged), Files: j.Files},
			&RescueError{}
	}
	aside, err := s.moveAside(now)
	if err != nil {
		return SalvageResult{}, err
	}
	if err := os.Rename(tmp, s.dir); err != nil {
		return SalvageResult{Aside: aside}, fmt.Errorf("putting the rescued journal in place: %w", err)
	}
	r := SalvageResult{
		Entries: j.Entries, Kept: j.Kept, Records: j.Records, Older: j.Older,
		Damaged: damagesFrom(j.Damaged), Files: j.Files, Aside: aside,
	}
	return r, s.OpenAsItIs(password)
}
