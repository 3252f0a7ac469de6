package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"tend/internal/vaulttest"
	"tend/journal"
	"tend/plain"
	"tend/vault"
)

// Knobs of the crash loop, read from the environment so that a longer run
// (or a replay of a failure) needs no code change.
const (
	// crashRoundsEnv sets the number of rounds; defaultCrashRounds when unset.
	crashRoundsEnv = "TEND_CRASH_ROUNDS"
	// crashSeedEnv replays the random draws (entries, kill times) of an
	// earlier run; where the kills land still depends on the machine.
	crashSeedEnv = "TEND_CRASH_SEED"

	defaultCrashRounds = 18
)

// setSize is how many entries one merge or import brings in: enough that
// writing them takes a while, so that kills land in the middle of it.
const setSize = 1200

// The two passwords the loop switches the vault between, and the
// passphrase of its backups. All are strong enough for tend's checks.
var crashPasswords = [2]string{"a quiet river at dawn, slowly", "lanterns over the harbour at night"}

const crashPassphrase = "seven herons cross the grey estuary"

// crashOp is one command a round runs.
type crashOp int

const (
	opAdd     crashOp = iota // tend add, with a new entry on stdin
	opPasswd                 // tend passwd, to the other password
	opBackup                 // tend backup to a new file
	opMerge                  // tend restore --merge, of a backup of new entries
	opImport                 // tend import --from json, of new entries
	opRestore                // tend restore into a new folder
	opRotate                 // tend rotate, to the other password and a new recovery key
)

func (o crashOp) String() string {
	return [...]string{"add", "passwd", "backup", "merge", "import", "restore", "rotate"}[o]
}

// crashPlans are the rounds' commands. The first runs uncut, once: it
// measures how long each command takes (the kill times are drawn from that)
// and makes sure that a completed backup, a completed password change and a
// completed rotation are checked in every run. The others take turns in the
// rounds that follow.
var crashPlans = [][]crashOp{
	{opAdd, opPasswd, opAdd, opBackup, opAdd, opPasswd, opMerge, opImport, opRestore, opRotate},
	{opAdd, opAdd, opAdd, opAdd, opAdd},
	{opAdd, opPasswd, opAdd, opPasswd, opAdd},
	{opAdd, opAdd, opAdd, opAdd, opAdd},
	{opAdd, opBackup, opAdd},
	{opAdd, opAdd, opAdd, opAdd, opAdd},
	{opAdd, opPasswd, opAdd, opRotate, opAdd},
	{opAdd, opMerge, opAdd},
	{opImport, opAdd},
	{opAdd, opRestore},
	{opAdd, opRotate, opAdd, opRotate, opAdd},
}

// crashEntry is the part of an entry the loop writes and checks; it decodes
// from `tend show --json` and from a JSON export.
type crashEntry struct {
	ID    string   `json:"id"`
	Title string   `json:"title"`
	Body  string   `json:"body"`
	Tags  []string `json:"tags"`
}

func (e crashEntry) same(o crashEntry) bool {
	return e.Title == o.Title && e.Body == o.Body && slices.Equal(e.Tags, o.Tags)
}

// opOutcome is how one command of a round ended.
type opOutcome struct {
	op     crashOp
	res    result
	killed bool
	// entry is what an add wrote; its ID is set once add printed it.
	entry crashEntry
	// out is where a backup was asked to go, and ackedBefore the entries it
	// must hold: every one acknowledged before it started.
	out         string
	ackedBefore []crashEntry
	// set is what a merge or an import brings in, whole or not at all.
	set []crashEntry
	// dir is the new folder a restore makes its journal in.
	dir string
}

// crashLoop is the state the rounds share: which password opens the vault
// and what was written and acknowledged so far.
type crashLoop struct {
	t      *testing.T
	sb     *sandbox
	rng    *rand.Rand
	vault  string
	outDir string // where backups go
	pwFile [2]string
	ppFile string
	// cur indexes the password that opened the vault last.
	cur int
	// made numbers the entries, so every title is unique.
	made int
	// tried holds every entry an add was started for, by title; acked those
	// whose id add printed, by id; seen those a check found, by id, since
	// an entry that was once read back must never vanish later.
	tried map[string]crashEntry
	acked map[string]crashEntry
	seen  map[string]crashEntry
	// took and ran add up how long each command took when it ran to the
	// end, for the mean that kill times are drawn from.
	took map[crashOp]time.Duration
	ran  map[crashOp]int
	// backups are the backup files that completed and were verified.
	backups map[string]bool
	// sources is where the backups and files that merges and imports
	// read are made, and restoreSrc the backup a restore reads, holding
	// restoreSet.
	sources    string
	restoreSrc string
	restoreSet map[string]crashEntry
}

// TestCrashLoopBinary kills the real binary with SIGKILL at random moments
// while it adds entries, changes the password and writes backups, and checks
// after every kill what DESIGN.md promises: the journal opens with the old
// or the new password and never with neither, nothing is damaged, every
// acknowledged entry is there word for word, and a backup is found under its
// name only when it is whole.
//
// The binary has no knob for its KDF cost, so the vault is created here
// with vault.TestKDF: Tend keeps the KDF parameters in the vault header and
// every command (passwd too) reuses them, so the binary runs the real
// Argon2id code at the low cost. Backups have no such knob: each costs
// age's default scrypt (about a second, twice), which is why few rounds
// write one.
func TestCrashLoopBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("kills the binary many times; skipped with -short")
	}
	// Most of the time is spent waiting for child processes, so this runs
	// beside the other binary tests.
	t.Parallel()
	rounds := defaultCrashRounds
	if s := os.Getenv(crashRoundsEnv); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("%s=%q: want a number of rounds of at least 1", crashRoundsEnv, s)
		}
		rounds = n
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv(crashSeedEnv); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("%s=%q: want a number", crashSeedEnv, s)
		}
		seed = n
	}
	t.Logf("seed %d (replay with %s=%d), %d rounds", seed, crashSeedEnv, seed, rounds)

	sb := newSandbox(t)
	l := &crashLoop{
		t:       t,
		sb:      sb,
		rng:     rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		vault:   filepath.Join(sb.data, "tend"),
		outDir:  filepath.Join(sb.home, "backups"),
		ppFile:  sb.writeSecret(t, "backup-passphrase.txt", crashPassphrase),
		tried:   map[string]crashEntry{},
		acked:   map[string]crashEntry{},
		seen:    map[string]crashEntry{},
		took:    map[crashOp]time.Duration{},
		ran:     map[crashOp]int{},
		backups: map[string]bool{},
		sources: filepath.Join(sb.root, "sources"),
	}
	for i, pw := range crashPasswords {
		l.pwFile[i] = sb.writeSecret(t, fmt.Sprintf("password-%d.txt", i), pw)
	}
	for _, d := range []string{l.outDir, filepath.Join(sb.root, "check"), l.sources} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	v, _, err := vault.Create(l.vault, []byte(crashPasswords[0]), vault.TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	// The backups made here for merges and restores use a low scrypt
	// cost, so that a killed command spends its time writing the journal
	// rather than opening the backup.
	vaulttest.LowBackupCost(t)
	var restoreSet []crashEntry
	l.restoreSrc, restoreSet = l.sourceBackup(-1, 2*setSize)
	l.restoreSet = make(map[string]crashEntry, len(restoreSet))
	for _, e := range restoreSet {
		l.restoreSet[e.ID] = e
	}

	for r := range rounds {
		plan, cut := crashPlans[0], false
		if r > 0 {
			plan, cut = crashPlans[1+(r-1)%(len(crashPlans)-1)], true
		}
		target, killAfter := l.killPlan(plan)
		outcomes := l.round(r, plan, cut, target, killAfter)
		l.logRound(r, plan, cut, target, killAfter, outcomes)
		if t.Failed() {
			return
		}
		passwdCut := false
		for _, o := range outcomes {
			passwdCut = passwdCut || ((o.op == opPasswd || o.op == opRotate) && o.killed)
		}
		wasCur := l.cur
		got := l.checkVault(r, passwdCut)
		for _, o := range outcomes {
			if o.op == opRotate && o.killed && l.cur != wasCur {
				l.checkRotatedKey(r, o.out)
			}
		}
		for _, o := range outcomes {
			switch o.op {
			case opBackup:
				l.checkBackup(r, o)
			case opMerge, opImport:
				l.checkSet(r, o, got)
			case opRestore:
				l.checkRestore(r, o)
			}
		}
		l.checkOutDir(r)
		if t.Failed() {
			return
		}
	}
	if len(l.backups) == 0 {
		t.Error("no backup completed, so none was checked")
	}
	t.Logf("%d entries written, %d acknowledged, %d found; %d backups completed and restored", len(l.tried), len(l.acked), len(l.seen), len(l.backups))
	t.Logf("temporary files left by kills: %d in the journal folder, %d beside the backups", countTemps(t, l.vault), countTemps(t, l.outDir))
}

// killPlan draws where to cut a round of plan: which command to kill (a
// password change or a backup three times in four, when the plan has one,
// since those are the rarer and riskier writes) and how long after it starts:
// anywhere from at once to a little past its mean duration so far, so that
// it sometimes finishes and the kill lands in the next command instead.
func (l *crashLoop) killPlan(plan []crashOp) (target int, after time.Duration) {
	var special []int
	for i, op := range plan {
		if op != opAdd {
			special = append(special, i)
		}
	}
	target = l.rng.IntN(len(plan))
	if len(special) > 0 && l.rng.IntN(4) > 0 {
		target = special[l.rng.IntN(len(special))]
	}
	var mean time.Duration
	if n := l.ran[plan[target]]; n > 0 {
		mean = l.took[plan[target]] / time.Duration(n)
	}
	return target, time.Duration(l.rng.Int64N(int64(mean)*6/5 + 1))
}

// round runs plan's commands one after another. When cut is set, the
// command at index target is killed with SIGKILL after it has run for
// killAfter (or the command running then, if it finished sooner), and the
// round stops there.
func (l *crashLoop) round(r int, plan []crashOp, cut bool, target int, killAfter time.Duration) []opOutcome {
	t := l.t
	var (
		mu      sync.Mutex
		stopped bool
		running *exec.Cmd
	)
	kill := func() {
		mu.Lock()
		defer mu.Unlock()
		stopped = true
		if running != nil {
			// An error means it has just exited on its own: fine.
			_ = running.Process.Kill()
		}
	}
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	var outcomes []opOutcome
	for i, op := range plan {
		o, stdin, args := l.prepare(r, op)
		ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
		cmd, stdout, stderr := l.sb.command(ctx, stdin, nil, args...)
		mu.Lock()
		if stopped {
			mu.Unlock()
			cancel()
			break
		}
		start := time.Now()
		if err := cmd.Start(); err != nil {
			mu.Unlock()
			cancel()
			t.Fatalf("starting tend %s: %v", op, err)
		}
		running = cmd
		if cut && i == target {
			timer = time.AfterFunc(killAfter, kill)
		}
		mu.Unlock()
		_ = cmd.Wait() // the exit status is judged below
		elapsed := time.Since(start)
		mu.Lock()
		running = nil
		mu.Unlock()
		timedOut := ctx.Err() != nil
		cancel()
		if timedOut {
			t.Fatalf("round %d: tend %s took longer than %v", r, op, commandTimeout)
		}
		o.res = result{stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode()}
		o.killed = o.res.code == -1 // only our SIGKILL ends it by a signal
		l.account(r, &o)
		outcomes = append(outcomes, o)
		if !o.killed {
			l.took[op] += elapsed
			l.ran[op]++
		}
		if o.killed {
			break
		}
		if o.res.code != 0 {
			t.Errorf("round %d: tend %s failed though nothing killed it: %v", r, op, o.res)
			break
		}
	}
	return outcomes
}

// prepare makes the next command of op: its outcome so far, its standard
// input and its arguments.
func (l *crashLoop) prepare(r int, op crashOp) (o opOutcome, stdin string, args []string) {
	o.op = op
	args = []string{"--vault", l.vault, "--password-file", l.pwFile[l.cur]}
	switch op {
	case opAdd:
		o.entry = l.newEntry(r, true)
		l.tried[o.entry.Title] = o.entry
		args = append(args, "add", "--title", o.entry.Title)
		for _, tag := range o.entry.Tags {
			args = append(args, "--tag", tag)
		}
		stdin = o.entry.Body
	case opPasswd:
		args = append(args, "passwd", "--new-password-file", l.pwFile[1-l.cur])
	case opRotate:
		l.made++
		o.out = filepath.Join(l.sb.home, fmt.Sprintf("recovery-key-%d.txt", l.made))
		args = append(args, "rotate", "--new-password-file", l.pwFile[1-l.cur], "--recovery-key-file", o.out)
	case opBackup:
		o.out = filepath.Join(l.outDir, fmt.Sprintf("round-%02d.tend-backup", r))
		for _, e := range l.acked {
			o.ackedBefore = append(o.ackedBefore, e)
		}
		args = append(args, "backup", "--passphrase-file", l.ppFile, o.out)
	case opMerge:
		var src string
		src, o.set = l.sourceBackup(r, setSize)
		args = append(args, "restore", "--merge", "--passphrase-file", l.ppFile, src)
	case opImport:
		var src string
		src, o.set = l.importFile(r, setSize)
		args = append(args, "import", "--from", "json", "--yes", src)
	case opRestore:
		o.dir = filepath.Join(l.sb.data, fmt.Sprintf("restore-new-%02d", r))
		args = []string{"--vault", o.dir, "--password-file", l.pwFile[0], "restore", "--passphrase-file", l.ppFile, l.restoreSrc}
	}
	return o, stdin, args
}

// newSet makes n new entries, known to the loop as written, with ids.
func (l *crashLoop) newSet(r, n int) ([]crashEntry, []*journal.Entry) {
	set := make([]crashEntry, 0, n)
	entries := make([]*journal.Entry, 0, n)
	at := time.Date(2025, time.March, 1, 9, 0, 0, 0, time.UTC)
	for i := range n {
		e := l.newEntry(r, false)
		id := journal.NewID()
		e.ID = id.String()
		l.tried[e.Title] = e
		set = append(set, e)
		ts := at.Add(time.Duration(l.made) * time.Minute)
		entries = append(entries, &journal.Entry{
			ID: id, Kind: journal.KindFree, Date: journal.DateOf(ts.AddDate(0, 0, -i%400)),
			Title: e.Title, Body: e.Body, Tags: e.Tags, Created: ts, Updated: ts, Rev: 1,
		})
	}
	return set, entries
}

// sourceBackup writes a backup of another journal holding n new entries,
// and returns its path and the entries.
func (l *crashLoop) sourceBackup(r, n int) (string, []crashEntry) {
	t := l.t
	set, entries := l.newSet(r, n)
	dir := filepath.Join(l.sources, fmt.Sprintf("journal-%02d", r+1))
	v, _, err := vault.Create(dir, []byte(crashPasswords[0]), vault.TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Import(entries); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(l.sources, fmt.Sprintf("source-%02d.tend-backup", r+1))
	if _, err := v.BackupToFile(out, []byte(crashPassphrase), "test", nil); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	return out, set
}

// importFile writes a Tend JSON export of n new entries to import.
func (l *crashLoop) importFile(r, n int) (string, []crashEntry) {
	set, entries := l.newSet(r, n)
	b, err := json.Marshal(plain.Doc{
		Format: plain.JSONFormat, FormatVersion: plain.JSONFormatVersion,
		Created: time.Now(), Entries: entries,
	})
	if err != nil {
		l.t.Fatal(err)
	}
	out := filepath.Join(l.sources, fmt.Sprintf("import-%02d.json", r))
	if err := os.WriteFile(out, b, 0o600); err != nil {
		l.t.Fatal(err)
	}
	return out, set
}

var entryIDRE = regexp.MustCompile(`^[0-9a-f]{32}$`)

// account records what a command acknowledged: an add's id once printed
// (even if the kill came before it exited), a password change once it
// exited 0.
func (l *crashLoop) account(r int, o *opOutcome) {
	switch o.op {
	case opAdd:
		id := strings.TrimSpace(o.res.stdout)
		switch {
		case entryIDRE.MatchString(id):
			o.entry.ID = id
			l.acked[id] = o.entry
		case o.res.code == 0:
			l.t.Errorf("round %d: add exited 0 but printed %q, not an entry id", r, o.res.stdout)
		}
	case opPasswd, opRotate:
		if o.res.code == 0 {
			l.cur = 1 - l.cur
		}
	}
}

func (l *crashLoop) logRound(r int, plan []crashOp, cut bool, target int, killAfter time.Duration, outcomes []opOutcome) {
	var b strings.Builder
	fmt.Fprintf(&b, "round %d %v: ", r, plan)
	if !cut {
		b.WriteString("uncut")
	} else {
		fmt.Fprintf(&b, "kill command %d (%s) %v after it starts", target+1, plan[target], killAfter.Round(time.Millisecond))
	}
	done, killed := 0, false
	for i, o := range outcomes {
		if o.killed {
			killed = true
			fmt.Fprintf(&b, ", killed during command %d (%s)", i+1, o.op)
			if o.op == opAdd && o.entry.ID != "" {
				b.WriteString(" after it printed the id")
			}
		} else {
			done++
		}
	}
	if cut && !killed && done < len(plan) {
		b.WriteString(", the kill came between two commands")
	}
	fmt.Fprintf(&b, ", %d of %d commands finished", done, len(plan))
	l.t.Log(b.String())
}

// checkRotatedKey checks that a rotation cut short after its new keys
// took effect had already written the new recovery key to its file.
func (l *crashLoop) checkRotatedKey(r int, path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		l.t.Errorf("round %d: the cut rotation gave the journal new keys, but its recovery key was not kept: %v", r, err)
		return
	}
	if _, err := vault.ParseRecoveryKey(strings.TrimSpace(string(b))); err != nil {
		l.t.Errorf("round %d: the cut rotation's recovery key file does not hold a key: %v", r, err)
		return
	}
	l.t.Logf("round %d: the cut rotation had taken effect, and its recovery key was kept", r)
}

// checkVault checks the vault after a round: it opens with one of the two
// passwords (the other one only if a password change was cut short), tend
// verify finds nothing damaged, and its entries are what was written.
func (l *crashLoop) checkVault(r int, passwdCut bool) map[string]crashEntry {
	t := l.t
	opened := -1
	for _, i := range []int{l.cur, 1 - l.cur} {
		res := l.sb.run(t, "", "--vault", l.vault, "--password-file", l.pwFile[i], "verify")
		if res.code == 3 { // wrong password
			continue
		}
		if res.code != 0 {
			t.Fatalf("round %d: tend verify after the kill: %v", r, res)
		}
		opened = i
		break
	}
	switch {
	case opened < 0:
		t.Fatalf("round %d: neither password opens the journal after the kill", r)
	case opened != l.cur && !passwdCut:
		t.Errorf("round %d: the journal opens only with the other password, though no password change was cut short", r)
	case passwdCut && opened == l.cur:
		t.Logf("round %d: the cut password change left the old password in force", r)
	case passwdCut:
		t.Logf("round %d: the cut password change had taken effect", r)
	}
	l.cur = opened

	got := l.export(r, l.vault, l.pwFile[l.cur])
	l.compare(r, "the journal", got, l.acked)
	l.compare(r, "the journal", got, l.seen)
	for id, e := range got {
		l.seen[id] = e
	}

	// The same entries through the other read paths: list and show.
	res := l.sb.mustRun(t, "", "--vault", l.vault, "--password-file", l.pwFile[l.cur], "list", "--json")
	var listed []crashEntry
	if err := json.Unmarshal([]byte(res.stdout), &listed); err != nil {
		t.Fatalf("round %d: tend list --json: %v\n%s", r, err, res.stdout)
	}
	if len(listed) != len(got) {
		t.Errorf("round %d: tend list shows %d entries, the export holds %d", r, len(listed), len(got))
	}
	for _, e := range listed {
		if _, ok := got[e.ID]; !ok {
			t.Errorf("round %d: tend list shows %s, which the export does not hold", r, e.ID)
		}
	}
	if len(l.acked) > 0 {
		ids := make([]string, 0, len(l.acked))
		for id := range l.acked {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		want := l.acked[ids[l.rng.IntN(len(ids))]]
		res := l.sb.mustRun(t, "", "--vault", l.vault, "--password-file", l.pwFile[l.cur], "show", "--json", want.ID)
		var e crashEntry
		if err := json.Unmarshal([]byte(res.stdout), &e); err != nil {
			t.Fatalf("round %d: tend show --json: %v\n%s", r, err, res.stdout)
		}
		if e.ID != want.ID || !e.same(want) {
			t.Errorf("round %d: tend show %s = %+v, want %+v", r, want.ID, e, want)
		}
	}
	return got
}

// checkSet checks that a merge or an import landed whole or not at all:
// the journal holds every entry it brought in, word for word, or none of
// them, and every one when the command reported success. Entries that
// landed are acknowledged from then on: they must never vanish.
func (l *crashLoop) checkSet(r int, o opOutcome, got map[string]crashEntry) {
	in := 0
	for _, e := range o.set {
		if _, ok := got[e.ID]; ok {
			in++
		}
	}
	switch {
	case in != 0 && in != len(o.set):
		l.t.Errorf("round %d: tend %s (killed: %v) left %d of its %d entries in the journal: a mix", r, o.op, o.killed, in, len(o.set))
	case o.res.code == 0 && in == 0:
		l.t.Errorf("round %d: tend %s said it was done, but none of its %d entries is in the journal", r, o.op, len(o.set))
	case in == len(o.set):
		for _, e := range o.set {
			l.acked[e.ID] = e
		}
		if o.killed {
			l.t.Logf("round %d: the killed %s had landed whole", r, o.op)
		}
	default:
		l.t.Logf("round %d: the killed %s left the journal as it was", r, o.op)
	}
}

// checkRestore checks a restore into a new folder: the folder holds the
// whole backup as a journal, or no journal at all (and then a restore run
// again to its end makes it whole), never a journal holding part of it.
func (l *crashLoop) checkRestore(r int, o opOutcome) {
	t := l.t
	ok, err := vault.Exists(o.dir)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case o.res.code == 0 && !ok:
		t.Errorf("round %d: tend restore said it was done, but %s holds no journal", r, filepath.Base(o.dir))
		return
	case !ok:
		t.Logf("round %d: the killed restore left no journal; restoring again", r)
		l.sb.mustRun(t, "", "--vault", o.dir, "--password-file", l.pwFile[0], "restore", "--passphrase-file", l.ppFile, l.restoreSrc)
	case o.killed:
		t.Logf("round %d: the killed restore had finished its journal", r)
	}
	if res := l.sb.run(t, "", "--vault", o.dir, "--password-file", l.pwFile[0], "verify"); res.code != 0 {
		t.Errorf("round %d: the restored journal does not verify: %v", r, res)
		return
	}
	got := l.export(r, o.dir, l.pwFile[0])
	if len(got) != len(l.restoreSet) {
		t.Errorf("round %d: the restored journal holds %d entries, the backup %d", r, len(got), len(l.restoreSet))
	}
	l.compare(r, "the new restored journal", got, l.restoreSet)
	if err := os.RemoveAll(o.dir); err != nil {
		t.Fatal(err)
	}
}

// export reads every entry of the vault in dir through tend export, by id.
func (l *crashLoop) export(r int, dir, pwFile string) map[string]crashEntry {
	t := l.t
	out := filepath.Join(l.sb.root, "check", fmt.Sprintf("round-%02d.json", r))
	l.sb.mustRun(t, "", "--vault", dir, "--password-file", pwFile, "export", "--format", "json", out)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(out); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Entries []crashEntry `json:"entries"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("round %d: reading the export: %v", r, err)
	}
	got := make(map[string]crashEntry, len(doc.Entries))
	for _, e := range doc.Entries {
		if _, dup := got[e.ID]; dup {
			t.Errorf("round %d: the export holds %s twice", r, e.ID)
		}
		got[e.ID] = e
	}
	return got
}

// compare checks that every entry of want is in got word for word, and
// that every entry in got is one an add was started for, whole.
func (l *crashLoop) compare(r int, where string, got, want map[string]crashEntry) {
	t := l.t
	for id, w := range want {
		g, ok := got[id]
		switch {
		case !ok:
			t.Errorf("round %d: %s lost entry %s (%q)", r, where, id, w.Title)
		case !g.same(w):
			t.Errorf("round %d: %s changed entry %s:\n got %+v\nwant %+v", r, where, id, g, w)
		}
	}
	for id, g := range got {
		w, ok := l.tried[g.Title]
		switch {
		case !ok:
			t.Errorf("round %d: %s holds an entry no add wrote: %s %q", r, where, id, g.Title)
		case !g.same(w):
			t.Errorf("round %d: %s holds entry %s torn or changed:\n got %+v\nwant %+v", r, where, id, g, w)
		}
	}
}

// checkBackup checks a backup command's file: a backup that reported
// success is under its name, and a file under that name (even if the kill
// came between the rename and the exit) restores into a new vault with every
// entry acknowledged before the backup began.
func (l *crashLoop) checkBackup(r int, o opOutcome) {
	t := l.t
	_, err := os.Stat(o.out)
	exists := err == nil
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if o.res.code == 0 && !exists {
		t.Errorf("round %d: tend backup said it was done, but there is no %s", r, filepath.Base(o.out))
	}
	if !exists {
		return
	}
	dir := filepath.Join(l.sb.data, fmt.Sprintf("restored-%02d", r))
	res := l.sb.run(t, "", "--vault", dir, "--password-file", l.pwFile[0], "restore", "--passphrase-file", l.ppFile, o.out)
	if res.code != 0 {
		t.Errorf("round %d: %s is under its final name (backup killed: %v) but does not restore: %v", r, filepath.Base(o.out), o.killed, res)
		return
	}
	want := make(map[string]crashEntry, len(o.ackedBefore))
	for _, e := range o.ackedBefore {
		want[e.ID] = e
	}
	l.compare(r, "the restored backup", l.export(r, dir, l.pwFile[0]), want)
	l.backups[o.out] = true
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
}

// checkOutDir checks that the backups folder holds only completed,
// verified backups and the hidden temporary files of killed ones.
func (l *crashLoop) checkOutDir(r int) {
	names, err := os.ReadDir(l.outDir)
	if err != nil {
		l.t.Fatal(err)
	}
	for _, n := range names {
		p := filepath.Join(l.outDir, n.Name())
		if l.backups[p] || (strings.HasPrefix(n.Name(), ".") && strings.HasSuffix(n.Name(), ".tmp")) {
			continue
		}
		l.t.Errorf("round %d: the backups folder holds %s, which is neither a completed backup nor a temporary file", r, n.Name())
	}
}

// countTemps counts the hidden temporary files in dir that a killed command
// left (a header or a backup that was never renamed into place).
func countTemps(t *testing.T, dir string) int {
	t.Helper()
	names, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range names {
		if strings.HasPrefix(e.Name(), ".") && strings.HasSuffix(e.Name(), ".tmp") {
			n++
		}
	}
	return n
}

// Material for entries: words from the practices, some letters beyond
// ASCII, and tags.
var (
	crashWords = []string{
		"trust", "the little one", "breathe", "safe", "gently", "listen", "again", "tomorrow",
		"my heart", "ground", "enough", "I am here", "**held**", "_slowly_", "- a step", "> a quiet voice",
	}
	crashAccents = []string{"é", "ü", "心", "🌱", "—", "ß", "ø", "“quoted”"}
	crashTags    = []string{"inner-child", "trust", "therapy", "check-in", "letters"}
)

// newEntry makes a unique entry: mostly short, some a few KB, a few near
// 20 KB, as real journals are; with long set (for the entries tend add
// saves one at a time), one in five is a pasted text of megabytes. Sets of
// a thousand entries for merges and imports hold none: a few hundred of
// those would make every check of the journal a matter of gigabytes.
func (l *crashLoop) newEntry(r int, long bool) crashEntry {
	l.made++
	size := 80 + l.rng.IntN(1400)
	switch p := l.rng.IntN(20); {
	case p == 0:
		size = 8000 + l.rng.IntN(12000)
	case long && p < 5:
		// A pasted chat log, long enough to be kept in chunks, so kills
		// land inside the save of a long entry too.
		size = 1<<20 + l.rng.IntN(3<<20)
	case p < 5:
		size = 1500 + l.rng.IntN(4500)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Round %d, entry %d\n\n", r, l.made)
	for b.Len() < size {
		if l.rng.IntN(10) == 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(crashWords[l.rng.IntN(len(crashWords))])
		if l.rng.IntN(6) == 0 {
			b.WriteString(crashAccents[l.rng.IntN(len(crashAccents))])
		}
		b.WriteString(" ")
	}
	fmt.Fprintf(&b, "(%d)", l.made)
	var tags []string
	for _, i := range l.rng.Perm(len(crashTags))[:l.rng.IntN(3)] {
		tags = append(tags, crashTags[i])
	}
	return crashEntry{
		Title: fmt.Sprintf("Crash round %02d entry %03d", r, l.made),
		Body:  b.String(),
		Tags:  tags,
	}
}
