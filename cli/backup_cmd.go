package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"

	"tend/app"
	"tend/backup"
	"tend/internal/i18n"
	"tend/internal/say"
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
			return nil, errors.New(i18n.L("That passphrase is {{.Strength}}. {{.Hint}}", i18n.Data{"Strength": lowerFirst(s.Label), "Hint": s.Hint}))
		}
		return pp, nil
	}
	t, err := c.tty()
	if err != nil {
		return nil, errors.New(i18n.L("There is no terminal to ask for the backup's passphrase on; use --passphrase-file."))
	}
	defer t.Close()
	if !confirm {
		return t.ReadSecret(i18n.L("Backup passphrase:") + " ")
	}
	for range 3 {
		pp, err := t.ReadSecret(i18n.L("Passphrase for the backup (your journal password is fine):") + " ")
		if err != nil {
			return nil, err
		}
		if s := app.EstimateStrength(string(pp)); !s.Acceptable() {
			wipe(pp)
			fmt.Fprintln(c.stderr, i18n.L("That passphrase is {{.Strength}}. {{.Hint}}", i18n.Data{"Strength": lowerFirst(s.Label), "Hint": s.Hint}))
			continue
		}
		again, err := t.ReadSecret(i18n.L("The same passphrase again:") + " ")
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
		fmt.Fprintln(c.stderr, i18n.L("The two passphrases were different. Let's try once more."))
	}
	return nil, errors.New(i18n.L("No passphrase was set; no backup was made."))
}

// mayWrite says whether a file may be written at out: a new name always, an
// existing file only with --force, a folder never. It is checked before the
// password is asked, so a refusal costs nothing. When it refuses it says so
// in one sentence and returns the exit status.
func (c *cli) mayWrite(out string, force bool) (int, bool) {
	t, err := app.ExistingTarget(out)
	switch {
	case err != nil:
		return c.fail(fmt.Errorf("%s: %w", i18n.L("Nothing was written"), err)), false
	case t == app.TargetNew:
		return app.ExitOK, true
	case t == app.TargetFolder:
		fmt.Fprintln(c.stderr, "tend: "+i18n.L("{{.File}} is a folder, so Tend will not write over it. Nothing was written; choose a file name instead.", i18n.Data{"File": out}))
		return app.ExitError, false
	case !force:
		fmt.Fprintln(c.stderr, "tend: "+i18n.L("{{.File}} already exists, so Tend left it as it is and wrote nothing. To replace it, add --force.", i18n.Data{"File": out}))
		return app.ExitError, false
	}
	return app.ExitOK, true
}

// failBackup prints a backup that could not be read as one calm line.
func (c *cli) failBackup(path string, err error) int {
	switch {
	case errors.Is(err, backup.ErrPassphrase):
		fmt.Fprintln(c.stderr, "tend: "+i18n.L("That passphrase does not open this backup. Nothing was changed."))
		return app.ExitWrongPassword
	case errors.Is(err, backup.ErrNotABackup):
		fmt.Fprintln(c.stderr, "tend: "+i18n.L("{{.File}} is not a Tend backup: {{.Reason}}. Nothing was changed.", i18n.Data{"File": path, "Reason": notABackupReason(err)}))
		return app.ExitError
	case errors.Is(err, backup.ErrNewer):
		fmt.Fprintln(c.stderr, "tend: "+i18n.L("{{.File}} was made by a newer version of Tend. Update Tend, then restore it. Nothing was changed.", i18n.Data{"File": path}))
		return app.ExitError
	case errors.Is(err, backup.ErrDamaged):
		fmt.Fprintln(c.stderr, "tend: "+i18n.L("{{.File}} cannot be restored: {{.Reason}}. Nothing was changed; an older backup may still be whole.", i18n.Data{"File": path, "Reason": say.BackupDamage(err)}))
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
			err = errors.New(i18n.L("Name the file to write the backup to."))
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
		return c.fail(fmt.Errorf("%s: %w", i18n.L("No backup was made"), err))
	}
	fmt.Fprintln(c.stdout, i18n.L("Your backup is safely in {{.File}}, and it was read back in full to check it.", i18n.Data{"File": out}))
	fmt.Fprintln(c.stdout, i18n.L("It holds {{.Entries}}.", i18n.Data{"Entries": entriesAndVersions(m.Counts.Entries, m.Counts.History)}))
	fmt.Fprintln(c.stdout, i18n.L("Keep the passphrase: without it, no one can open the backup, not even you."))
	return c.leftOut(m.LeftOut, false)
}

// leftOut tells which damaged records a backup or export had to leave
// out, and gives the exit status: ExitPartial when there were some.
func (c *cli) leftOut(left []journal.Damage, export bool) int {
	if len(left) == 0 {
		return app.ExitOK
	}
	said := i18n.N("{{.Count}} damaged records could not be read and were left out of this backup; everything else is in it:", len(left))
	if export {
		said = i18n.N("{{.Count}} damaged records could not be read and were left out of this export; everything else is in it:", len(left))
	}
	fmt.Fprintln(c.stderr, "tend: "+said)
	for _, d := range left {
		fmt.Fprintf(c.stderr, "  %s\n", d)
	}
	fmt.Fprintln(c.stderr, i18n.L("Run 'tend verify' to see the damage, and 'tend salvage NEW-FOLDER' to rescue every entry that still reads into a new journal."))
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
			err = errors.New(i18n.L("Name the backup file to restore."))
		}
		return c.usageError("restore", err)
	}
	if *merge && *newKeyPath != "" {
		return c.usageError("restore", errors.New(i18n.L("--new-recovery-key-file is for a restore into a new journal; a merge keeps your journal's key.")))
	}
	in := fs.Arg(0)
	exists, err := vault.Exists(c.inv.VaultDir)
	if err != nil {
		return c.fail(err)
	}
	switch {
	case exists && !*merge:
		fmt.Fprintln(c.stderr, "tend: "+i18n.L("There is already a journal in {{.Folder}}. To add the backup's entries to it, use --merge; to restore it on its own, choose an empty folder with --vault. Nothing was changed.", i18n.Data{"Folder": c.inv.VaultDir}))
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
			return c.fail(fmt.Errorf("%s: %w", i18n.L("Tend could not open the backup"), err))
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
			err = fmt.Errorf("%w. %s", err, i18n.L("Your journal is as it was."))
		}
		if err != nil {
			return c.fail(err)
		}
		c.printMerge(i18n.L("The backup is merged into your journal."), vault.ImportReport{Added: rep.Added, AlreadyHere: rep.Skipped, Updated: rep.Updated, Kept: rep.Kept}, true)
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
	fmt.Fprintln(c.stdout, i18n.L("Your journal is restored in {{.Folder}}: {{.Entries}}.", i18n.Data{"Folder": c.inv.VaultDir, "Entries": entriesAndVersions(len(contents.Entries), len(contents.History))}))
	if keyOut != nil {
		if err := keyOut.write(rk); err != nil {
			return c.fail(fmt.Errorf("%s (%w). %s", i18n.L("The journal was restored, but its recovery key could not be saved"), err, i18n.L("Make a new key in the app's Settings.")))
		}
		fmt.Fprintln(c.stdout, i18n.L("Its new recovery key is in {{.File}}. Keep it somewhere safe and private.", i18n.Data{"File": *newKeyPath}))
		return app.ExitOK
	}
	fmt.Fprintf(c.stdout, "\n%s\n\n    %s\n\n%s\n", i18n.L("Its new recovery key (shown only this once):"), rk,
		i18n.L("If you forget your password, this key is the only other way in.\nWrite it down and keep it somewhere safe and private."))
	return app.ExitOK
}

// printMerge says what a merge or an import did, one line per kind of
// outcome that happened, after the headline; listAdded adds the line of
// new entries, which an import's headline already gives.
func (c *cli) printMerge(headline string, rep vault.ImportReport, listAdded bool) {
	fmt.Fprintln(c.stdout, headline)
	if rep.Added > 0 && listAdded {
		fmt.Fprintln(c.stdout, "  "+i18n.N("{{.Count}} new entries added.", rep.Added))
	}
	if rep.Updated > 0 {
		fmt.Fprintln(c.stdout, "  "+i18n.N("{{.Count}} entries are now in a newer version; the version before is in each one's history.", rep.Updated))
	}
	if rep.Kept > 0 {
		fmt.Fprintln(c.stdout, "  "+i18n.N("{{.Count}} entries were already newer here; the older version is kept in each one's history.", rep.Kept))
	}
	if rep.AlreadyHere > 0 {
		fmt.Fprintln(c.stdout, "  "+i18n.N("{{.Count}} entries were already here, word for word.", rep.AlreadyHere))
	}
	if rep.Added+rep.Updated+rep.Kept+rep.AlreadyHere == 0 && listAdded {
		fmt.Fprintln(c.stdout, "  "+i18n.L("There were no entries in it."))
	}
}
