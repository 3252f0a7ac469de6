package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"

	"tend/app"
	"tend/backup"
	"tend/journal"
	"tend/vault"
)

// backupPassphrase reads a backup's passphrase from file, or asks on the
// terminal: twice when making a backup, since a mistyped passphrase would
// lock the person out of it for good.
func (c *cli) backupPassphrase(file string, confirm bool) ([]byte, error) {
	if file != "" {
		pp, err := readSecretFile(file)
		if err != nil {
			return nil, err
		}
		if s := app.EstimateStrength(string(pp)); confirm && !s.Acceptable() {
			wipe(pp)
			return nil, fmt.Errorf("that passphrase is %s. %s", lowerFirst(s.Label), s.Hint)
		}
		return pp, nil
	}
	t, err := c.tty()
	if err != nil {
		return nil, errors.New("there is no terminal to ask for the backup's passphrase on; use --passphrase-file")
	}
	defer t.Close()
	if !confirm {
		return t.ReadSecret("Backup passphrase: ")
	}
	for range 3 {
		pp, err := t.ReadSecret("Passphrase for the backup (your journal password is fine): ")
		if err != nil {
			return nil, err
		}
		if s := app.EstimateStrength(string(pp)); !s.Acceptable() {
			wipe(pp)
			fmt.Fprintf(c.stderr, "That passphrase is %s. %s\n", lowerFirst(s.Label), s.Hint)
			continue
		}
		again, err := t.ReadSecret("The same passphrase again: ")
		if err != nil {
			wipe(pp)
			return nil, err
		}
		same := bytes.Equal(pp, again)
		wipe(again)
		if same {
			return pp, nil
		}
		wipe(pp)
		fmt.Fprintln(c.stderr, "The two passphrases were different. Let's try once more.")
	}
	return nil, errors.New("no passphrase was set; no backup was made")
}

// mayWrite says whether a file may be written at out: a new name always, an
// existing file only with --force, a folder never. It is checked before the
// password is asked, so a refusal costs nothing. When it refuses it says so
// in one sentence and returns the exit status.
func (c *cli) mayWrite(out string, force bool) (int, bool) {
	t, err := app.ExistingTarget(out)
	switch {
	case err != nil:
		return c.fail(fmt.Errorf("nothing was written: %w", err)), false
	case t == app.TargetNew:
		return app.ExitOK, true
	case t == app.TargetFolder:
		fmt.Fprintf(c.stderr, "tend: %s is a folder, so Tend will not write over it. Nothing was written; choose a file name instead.\n", out)
		return app.ExitError, false
	case !force:
		fmt.Fprintf(c.stderr, "tend: %s already exists, so Tend left it as it is and wrote nothing. To replace it, add --force.\n", out)
		return app.ExitError, false
	}
	return app.ExitOK, true
}

// failBackup prints a backup that could not be read as one calm line.
func (c *cli) failBackup(path string, err error) int {
	switch {
	case errors.Is(err, backup.ErrPassphrase):
		fmt.Fprintln(c.stderr, "tend: That passphrase does not open this backup. Nothing was changed.")
		return app.ExitWrongPassword
	case errors.Is(err, backup.ErrNotABackup):
		fmt.Fprintf(c.stderr, "tend: %s is not a Tend backup: %s. Nothing was changed.\n", path, notABackupReason(err))
		return app.ExitError
	case errors.Is(err, backup.ErrNewer):
		fmt.Fprintf(c.stderr, "tend: %s was made by a newer version of Tend. Update Tend, then restore it. Nothing was changed.\n", path)
		return app.ExitError
	case errors.Is(err, backup.ErrDamaged):
		fmt.Fprintf(c.stderr, "tend: %s cannot be restored: %v. Nothing was changed; an older backup may still be whole.\n", path, err)
		return app.ExitError
	}
	return c.fail(err)
}

func (c *cli) backup(args []string) int {
	fs := c.flags("backup")
	ppFile := fs.String("passphrase-file", "", "")
	force := fs.Bool("force", false, "")
	if err := parseFlags(fs, args); err != nil || fs.NArg() != 1 {
		if err == nil {
			err = errors.New("name the file to write the backup to")
		}
		return c.usageError("backup", err)
	}
	out := fs.Arg(0)
	if code, ok := c.mayWrite(out, *force); !ok {
		return code
	}
	v, code := c.open()
	if v == nil {
		return code
	}
	defer v.Close()
	pp, err := c.backupPassphrase(*ppFile, true)
	if err != nil {
		return c.fail(err)
	}
	defer wipe(pp)
	m, err := v.BackupToFile(out, pp, app.Version(), nil)
	if err != nil {
		return c.fail(fmt.Errorf("no backup was made: %w", err))
	}
	fmt.Fprintf(c.stdout, "Your backup is safely in %s, and it was read back in full to check it.\n"+
		"It holds %s.\n"+
		"Keep the passphrase: without it, no one can open the backup, not even you.\n",
		out, entriesAndVersions(m.Counts.Entries, m.Counts.History))
	return c.leftOut(m.LeftOut, "backup")
}

// leftOut tells which damaged records a backup or export had to leave
// out, and gives the exit status: ExitPartial when there were some.
func (c *cli) leftOut(left []journal.Damage, what string) int {
	if len(left) == 0 {
		return app.ExitOK
	}
	fmt.Fprintf(c.stderr, "tend: %s could not be read and left out of this %s; everything else is in it:\n", count(len(left), "damaged record", "damaged records"), what)
	for _, d := range left {
		fmt.Fprintf(c.stderr, "  %s\n", d)
	}
	fmt.Fprintln(c.stderr, "Run 'tend verify' to see the damage, and 'tend salvage NEW-FOLDER' to rescue every entry that still reads into a new journal.")
	return app.ExitPartial
}

func (c *cli) restore(args []string) int {
	fs := c.flags("restore")
	ppFile := fs.String("passphrase-file", "", "")
	merge := fs.Bool("merge", false, "")
	rkFile := fs.String("recovery-key-file", "", "")
	newKeyPath := fs.String("new-recovery-key-file", "", "")
	if err := parseFlags(fs, args); err != nil || fs.NArg() != 1 {
		if err == nil {
			err = errors.New("name the backup file to restore")
		}
		return c.usageError("restore", err)
	}
	if *merge && *newKeyPath != "" {
		return c.usageError("restore", errors.New("--new-recovery-key-file is for a restore into a new journal; a merge keeps your journal's key"))
	}
	in := fs.Arg(0)
	exists, err := vault.Exists(c.inv.VaultDir)
	if err != nil {
		return c.fail(err)
	}
	switch {
	case exists && !*merge:
		fmt.Fprintf(c.stderr, "tend: There is already a journal in %s. To add the backup's entries to it, use --merge; "+
			"to restore it on its own, choose an empty folder with --vault. Nothing was changed.\n", c.inv.VaultDir)
		return app.ExitError
	case !exists && *merge:
		return c.fail(vault.ErrNoVault)
	}
	// The new journal's key file is made before anything else, so a
	// journal is never restored whose only copy of the key could not be
	// written; on any failure it is removed again.
	keyOut, err := newKeyFile(*newKeyPath)
	if err != nil {
		return c.fail(err)
	}
	defer keyOut.abandon()

	// The whole backup is read and checked before the journal is touched,
	// even opened: a bad backup leaves it exactly as it was.
	var contents *backup.Contents
	if backup.IsSnapshotFile(in) {
		var code int
		if contents, code = c.readSnapshotFile(in, *rkFile); contents == nil {
			return code
		}
	} else {
		pp, err := c.backupPassphrase(*ppFile, false)
		if err != nil {
			return c.fail(err)
		}
		f, err := os.Open(in)
		if err != nil {
			wipe(pp)
			return c.fail(fmt.Errorf("opening the backup: %w", err))
		}
		contents, err = backup.Read(bufio.NewReaderSize(f, 1<<20), pp)
		f.Close()
		wipe(pp)
		if err != nil {
			return c.failBackup(in, err)
		}
	}
	// The attached files it set aside go once they are brought in.
	defer contents.Close()

	if *merge {
		v, code := c.open()
		if v == nil {
			return code
		}
		defer v.Close()
		rep, err := v.Merge(contents)
		if err != nil && !errors.Is(err, vault.ErrUnfinished) {
			// A merge lands whole or not at all.
			err = fmt.Errorf("%w. Your journal is as it was", err)
		}
		if err != nil {
			return c.fail(err)
		}
		c.printMerge("The backup is merged into your journal.", vault.ImportReport{Added: rep.Added, AlreadyHere: rep.Skipped, Updated: rep.Updated, Kept: rep.Kept}, true)
		return app.ExitOK
	}

	pw, err := c.newSecret(c.inv.PasswordFile)
	if err != nil {
		return c.fail(err)
	}
	defer wipe(pw)
	if err := app.EnsurePrivateDir(c.inv.VaultDir); err != nil {
		return c.fail(err)
	}
	v, rk, err := vault.RestoreNew(c.inv.VaultDir, contents, pw, c.kdf)
	if err != nil {
		return c.fail(err)
	}
	defer v.Close()
	fmt.Fprintf(c.stdout, "Your journal is restored in %s: %s.\n", c.inv.VaultDir, entriesAndVersions(len(contents.Entries), len(contents.History)))
	if keyOut != nil {
		if err := keyOut.write(rk); err != nil {
			return c.fail(fmt.Errorf("the journal was restored, but its recovery key could not be saved (%w). Make a new key with the app's Settings", err))
		}
		fmt.Fprintf(c.stdout, "Its new recovery key is in %s. Keep it somewhere safe and private.\n", *newKeyPath)
		return app.ExitOK
	}
	fmt.Fprintf(c.stdout, "\nIts new recovery key (shown only this once):\n\n    %s\n\n"+
		"If you forget your password, this key is the only other way in.\nWrite it down and keep it somewhere safe and private.\n", rk)
	return app.ExitOK
}

// printMerge says what a merge or an import did, one line per kind of
// outcome that happened, after the headline; listAdded adds the line of
// new entries, which an import's headline already gives.
func (c *cli) printMerge(headline string, rep vault.ImportReport, listAdded bool) {
	fmt.Fprintln(c.stdout, headline)
	if rep.Added > 0 && listAdded {
		fmt.Fprintf(c.stdout, "  %s added.\n", count(rep.Added, "new entry", "new entries"))
	}
	if rep.Updated > 0 {
		fmt.Fprintf(c.stdout, "  %s now in a newer version; the version before is in each one's history.\n", count(rep.Updated, "entry is", "entries are"))
	}
	if rep.Kept > 0 {
		fmt.Fprintf(c.stdout, "  %s already newer here; the older version is kept in each one's history.\n", count(rep.Kept, "entry was", "entries were"))
	}
	if rep.AlreadyHere > 0 {
		fmt.Fprintf(c.stdout, "  %s already here, word for word.\n", count(rep.AlreadyHere, "entry was", "entries were"))
	}
	if rep.Added+rep.Updated+rep.Kept+rep.AlreadyHere == 0 && listAdded {
		fmt.Fprintln(c.stdout, "  There were no entries in it.")
	}
}
