package vault

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"tend/backup"
	"tend/internal/vaulttest"
	"tend/journal"
)

// snapshotDay is a fixed local day, so tests do not depend on the clock.
var snapshotDay = time.Date(2026, time.November, 23, 21, 30, 0, 0, time.Local)

// filledVault is a test vault holding one entry of every kind, one of them
// edited (so it has history).
func filledVault(t *testing.T) (*Vault, string, RecoveryKey) {
	t.Helper()
	v, dir, rk := newTestVault(t)
	es := everyKind()
	for _, e := range es {
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
	}
	es[0].Body += " And later."
	if err := v.Put(es[0]); err != nil {
		t.Fatal(err)
	}
	return v, dir, rk
}

// journalJSON is what a person can read in a vault: entries with their
// history, trash included.
func journalJSON(t *testing.T, v *Vault) string {
	t.Helper()
	var b bytes.Buffer
	for _, trash := range []bool{false, true} {
		list, err := v.List(ListQuery{Trash: trash})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range list {
			e, err := v.Get(s.ID)
			if err != nil {
				t.Fatal(err)
			}
			h, err := v.History(s.ID)
			if err != nil {
				t.Fatal(err)
			}
			j, _ := json.Marshal([]any{e, h})
			b.Write(j)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func readSnapshotFile(t *testing.T, path string, password []byte, rk *RecoveryKey) (*backup.Contents, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return ReadSnapshot(f, password, rk)
}

func TestSnapshotSurvivesLosingTheVault(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, dir, rk := filledVault(t)
	want := journalJSON(t, v)
	snaps := dir + "-backups"
	path, err := v.Snapshot(snaps, snapshotDay)
	if err != nil {
		t.Fatal(err)
	}
	// The name and the file's times say nothing of the day; the journal's
	// key reads the moment back from the name.
	if base := filepath.Base(path); strings.Contains(base, "2026") || !strings.HasSuffix(base, ".tend-snapshot") {
		t.Fatalf("name %q", base)
	}
	names, err := v.SnapshotNames()
	if err != nil {
		t.Fatal(err)
	}
	if got, _, ok := names.Read(filepath.Base(path)); !ok || !got.Equal(snapshotDay.Truncate(time.Second)) {
		t.Fatalf("the name reads back as %v %v, want %v", got, ok, snapshotDay)
	}
	if fi, err := os.Stat(path); err != nil || !fi.ModTime().Equal(backup.SnapshotModTime) {
		t.Fatalf("the file's time shows when it was written: %v %v", fi.ModTime(), err)
	}
	if fi, err := os.Stat(snaps); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("folder: %v %v", fi, err)
	}
	v.Close()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}

	for name, open := range map[string]func() (*backup.Contents, error){
		"password": func() (*backup.Contents, error) { return readSnapshotFile(t, path, testPassword, nil) },
		"recovery": func() (*backup.Contents, error) { return readSnapshotFile(t, path, nil, &rk) },
	} {
		t.Run(name, func(t *testing.T) {
			c, err := open()
			if err != nil {
				t.Fatal(err)
			}
			nv, _, err := RestoreNew(filepath.Join(t.TempDir(), "restored"), c, []byte("a new password here"), TestKDF)
			if err != nil {
				t.Fatal(err)
			}
			defer nv.Close()
			if got := journalJSON(t, nv); got != want {
				t.Fatalf("restored journal differs:\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestSnapshotPasswordOfItsDay(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, dir, rk := filledVault(t)
	snaps := dir + "-backups"
	old, err := v.Snapshot(snaps, snapshotDay)
	if err != nil {
		t.Fatal(err)
	}
	newPassword := []byte("another river, later")
	if err := v.SetPassword(newPassword, TestKDF); err != nil {
		t.Fatal(err)
	}
	next, err := v.Snapshot(snaps, snapshotDay.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := readSnapshotFile(t, old, testPassword, nil); err != nil {
		t.Fatalf("old snapshot, old password: %v", err)
	}
	if _, err := readSnapshotFile(t, old, newPassword, nil); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("old snapshot, new password: %v", err)
	}
	if _, err := readSnapshotFile(t, next, newPassword, nil); err != nil {
		t.Fatalf("new snapshot, new password: %v", err)
	}
	if _, err := readSnapshotFile(t, next, testPassword, nil); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("new snapshot, old password: %v", err)
	}
	for _, p := range []string{old, next} {
		if _, err := readSnapshotFile(t, p, nil, &rk); err != nil {
			t.Fatalf("recovery key on %s: %v", filepath.Base(p), err)
		}
	}
	other := newRecoveryKey()
	if _, err := readSnapshotFile(t, old, nil, &other); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("wrong recovery key: %v", err)
	}
	if _, err := readSnapshotFile(t, old, []byte("not it at all"), nil); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("wrong password: %v", err)
	}
}

func TestSnapshotOnceADay(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, dir, _ := filledVault(t)
	snaps := dir + "-backups"
	p1, err := v.Snapshot(snaps, snapshotDay)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(p1)
	if err := v.Put(&journal.Entry{Kind: journal.KindFree, Date: journal.Date{Year: 2026, Month: time.November, Day: 23}, Body: "later that day"}); err != nil {
		t.Fatal(err)
	}
	p2, err := v.Snapshot(snaps, snapshotDay.Add(time.Hour))
	if err != nil || p2 != p1 {
		t.Fatalf("second snapshot: %q %v", p2, err)
	}
	if after, _ := os.ReadFile(p1); !bytes.Equal(before, after) {
		t.Fatal("the day's snapshot was rewritten")
	}
	p3, err := v.RetakeSnapshot(snaps, snapshotDay.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p1); p3 == p1 || !os.IsNotExist(err) {
		t.Fatalf("the day's first snapshot is still there beside the new one: %v", err)
	}
	c, err := readSnapshotFile(t, p3, testPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Manifest.Counts.Entries != len(everyKind())+1 {
		t.Fatalf("retaken snapshot holds %d entries", c.Manifest.Counts.Entries)
	}
	des, _ := os.ReadDir(snaps)
	if len(des) != 1 {
		t.Fatalf("folder holds %d files, want 1 (no temp files left)", len(des))
	}
	v.Close()
	if _, err := v.Snapshot(snaps, snapshotDay.AddDate(0, 0, 1)); !errors.Is(err, ErrClosed) {
		t.Fatalf("closed vault: %v", err)
	}
}

func TestSnapshotTampering(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, dir, _ := filledVault(t)
	path, err := v.Snapshot(dir+"-backups", snapshotDay)
	if err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	hdrStart := len(backup.SnapshotMagic) + 4
	hdrLen := int(binary.BigEndian.Uint32(good[len(backup.SnapshotMagic):]))
	if hdrLen != headerSize {
		t.Fatalf("header copy is %d bytes", hdrLen)
	}
	onDisk, err := os.ReadFile(filepath.Join(dir, headerFile))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(good[hdrStart:hdrStart+hdrLen], onDisk) {
		t.Fatal("the header copy differs from the vault's header")
	}
	flip := func(i int) []byte {
		b := bytes.Clone(good)
		b[i] ^= 0x01
		return b
	}
	recoveryWrap := hdrStart + headerBodySize - wrapSize + 30
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"magic", flip(2), backup.ErrNotASnapshot},
		{"header length", flip(len(backup.SnapshotMagic)), backup.ErrDamaged},
		{"vault id", flip(hdrStart + 12), ErrWrongPassword}, // bound into the password wrap
		{"recovery wrap", flip(recoveryWrap), ErrCorrupt},   // caught by the header MAC
		{"header mac", flip(hdrStart + headerSize - 1), ErrCorrupt},
		{"age header", flip(hdrStart + hdrLen + 40), backup.ErrDamaged},
		{"payload", flip(len(good) - 100), backup.ErrDamaged},
		{"payload middle", flip(hdrStart + hdrLen + (len(good)-hdrStart-hdrLen)/2), backup.ErrDamaged},
		{"truncated", good[:len(good)-1], backup.ErrDamaged},
		{"truncated in header", good[:hdrStart+100], backup.ErrDamaged},
		{"empty", nil, backup.ErrNotASnapshot},
		{"a manual backup", []byte("age-encryption.org/v1\n-> scrypt"), backup.ErrNotASnapshot},
		{"huge header length", append([]byte(backup.SnapshotMagic), 0xff, 0xff, 0xff, 0xff), backup.ErrDamaged},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadSnapshot(bytes.NewReader(tc.data), testPassword, nil)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := ReadSnapshot(bytes.NewReader(good), testPassword, nil); err != nil {
		t.Fatalf("untouched: %v", err)
	}
}

func TestAgeSecretKeyString(t *testing.T) {
	vaulttest.LowBackupCost(t)
	for range 50 {
		scalar := make([]byte, 32)
		rand.Read(scalar)
		s := ageSecretKeyString(scalar)
		id, err := age.ParseX25519Identity(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if id.String() != s {
			t.Fatalf("age encodes %s, we encode %s", id.String(), s)
		}
	}
	for range 20 {
		id, err := age.GenerateX25519Identity()
		if err != nil {
			t.Fatal(err)
		}
		back, err := age.ParseX25519Identity(id.String())
		if err != nil || back.Recipient().String() != id.Recipient().String() {
			t.Fatalf("round trip: %v", err)
		}
	}
	// The identity depends on the master key alone.
	master := bytes.Repeat([]byte{7}, keySize)
	a, _ := snapshotIdentity(master)
	b, _ := snapshotIdentity(bytes.Clone(master))
	if a.Recipient().String() != b.Recipient().String() {
		t.Fatal("the snapshot identity is not deterministic")
	}
}

func TestPruneSnapshots(t *testing.T) {
	vaulttest.LowBackupCost(t)
	// Each snapshot taken in the evening, as a lock at the end of a day.
	day := func(s string) time.Time {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return d.Add(21*time.Hour + 40*time.Minute)
	}
	ours, err := snapshotNames(bytes.Repeat([]byte{3}, keySize))
	if err != nil {
		t.Fatal(err)
	}
	theirs, _ := snapshotNames(bytes.Repeat([]byte{4}, keySize))
	names := func(days []string) []string {
		var out []string
		for _, d := range days {
			out = append(out, ours.Name(day(d)))
		}
		slices.Sort(out)
		return out
	}
	daysFrom := func(last string, n int) []string {
		var out []string
		for i := range n {
			out = append(out, day(last).AddDate(0, 0, -i).Format("2006-01-02"))
		}
		return out
	}
	cases := []struct {
		name                   string
		files                  []string
		today                  string
		daily, weekly, monthly int
		keep                   []string
	}{
		{
			// 60 daily files, 2026-09-25 (a Friday) to 2026-11-23 (a Monday).
			name: "60 days", files: daysFrom("2026-11-23", 60), today: "2026-11-23",
			daily: 7, weekly: 4, monthly: 12,
			keep: []string{
				"2026-11-23", "2026-11-22", "2026-11-21", "2026-11-20", "2026-11-19", "2026-11-18", "2026-11-17", // 7 days
				"2026-11-15", "2026-11-08", // Sundays ending the weeks before (the others are kept daily)
				"2026-10-31", "2026-09-30", // last of October and September
			},
		},
		{
			name: "fewer rules", files: daysFrom("2026-11-23", 60), today: "2026-11-23",
			daily: 2, weekly: 0, monthly: 1,
			keep: []string{"2026-11-23", "2026-11-22"},
		},
		{
			// A long pause keeps what is there rather than emptying the folder.
			name: "long pause", files: []string{"2024-01-05", "2024-01-04", "2023-12-20"}, today: "2026-11-23",
			daily: 7, weekly: 4, monthly: 12,
			keep: []string{"2024-01-05", "2024-01-04", "2023-12-20"},
		},
		{
			name: "future file kept", files: []string{"2027-01-01", "2026-11-23", "2026-11-22"}, today: "2026-11-23",
			daily: 1, weekly: 0, monthly: 0,
			keep: []string{"2027-01-01", "2026-11-23"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, n := range names(tc.files) {
				if err := os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			// Files that are not snapshots are never touched, nor are
			// snapshots whose names this journal's key does not open:
			// another journal's, this one's from before a rotation, and
			// those named before names were sealed.
			others := []string{
				"notes.txt", "tend-2020-01-01.tend-backup", ".tend-2020-01-01.tend-snapshot-1.tmp",
				theirs.Name(day("2026-01-01")), "tend-2026-01-02.tend-snapshot",
			}
			for _, n := range others {
				if err := os.WriteFile(filepath.Join(dir, n), nil, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			removed, err := backup.PruneSnapshots(dir, ours, day(tc.today).Add(time.Hour), tc.daily, tc.weekly, tc.monthly)
			if err != nil {
				t.Fatal(err)
			}
			des, _ := os.ReadDir(dir)
			var left []string
			for _, de := range des {
				if !slices.Contains(others, de.Name()) {
					left = append(left, de.Name())
				}
			}
			slices.Sort(left)
			if want := names(tc.keep); !slices.Equal(left, want) {
				t.Fatalf("kept\n%v\nwant\n%v", left, want)
			}
			if len(removed)+len(left) != len(tc.files) {
				t.Fatalf("removed %d, kept %d, of %d", len(removed), len(left), len(tc.files))
			}
			if len(des)-len(left) != len(others) {
				t.Fatal("a file that is not a snapshot was removed")
			}
		})
	}
}
