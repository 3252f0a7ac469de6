package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"tend/app"
	"tend/backup"
	"tend/internal/atomicfile"
	"tend/internal/i18n"
	"tend/vault"
)

// rotate is "tend rotate".
func (c *cli) rotate(args []string) int {
	fs := c.flags("rotate")
	newFile := fs.String("new-password-file", "", "")
	rkFile := fs.String("recovery-key-file", "", "")
	removeOld := fs.Bool("remove-old-snapshots", false, "")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return c.usageError("rotate", orArgs(err, fs))
	}
	v, code := c.open()
	if v == nil {
		return code
	}
	defer func() { v.Close() }()
	pw, err := c.newSecret(*newFile)
	if err != nil {
		return c.fail(err)
	}
	defer wipe(pw)
	// The key's file is claimed before anything changes, and the key is
	// written and synced into it before the new keys replace the old, so
	// the journal never has keys whose recovery key was not kept.
	var keyOut *os.File
	var keep func(vault.RecoveryKey) error
	if *rkFile != "" {
		f, err := os.OpenFile(*rkFile, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return c.fail(fmt.Errorf("%s (%w). %s", i18n.L("The new recovery key needs a new file"), err, i18n.L("Nothing was changed.")))
		}
		keyOut = f
		defer func() {
			if keyOut != nil { // the rotation failed: leave no key file
				keyOut.Close()
				os.Remove(*rkFile)
			}
		}()
		keep = func(rk vault.RecoveryKey) error {
			f := keyOut
			keyOut = nil
			err := atomicfile.Fill(f, []byte(rk.String()+"\n"))
			if err == nil {
				err = atomicfile.SyncDir(filepath.Dir(*rkFile))
			}
			if err != nil {
				os.Remove(*rkFile)
				return fmt.Errorf("%s: %w", i18n.L("It could not be written to {{.File}}", i18n.Data{"File": *rkFile}), err)
			}
			return nil
		}
	}
	snapDir := app.DefaultSnapshotDir(c.inv.VaultDir)
	before, _ := backup.ListSnapshots(snapDir, nil)

	start := time.Now()
	nv, rk, err := v.RotateKeeping(pw, v.KDF(), nil, keep)
	if nv != nil {
		v = nv
	}
	if err != nil && rk == (vault.RecoveryKey{}) {
		if errors.Is(err, vault.ErrVaultInUse) {
			return c.fail(err)
		}
		if errors.Is(err, vault.ErrCorrupt) {
			fmt.Fprintln(c.stderr, "tend: "+i18n.L("Part of your journal could not be read, so it was not given new keys: that part would have been lost. Nothing was changed. Run 'tend verify' to see what is affected."))
			return app.ExitError
		}
		fmt.Fprintln(c.stderr, "tend: "+i18n.L("Your journal could not be given new keys ({{.Reason}}). Nothing was changed; your password and recovery key are as they were.", i18n.Data{"Reason": err}))
		return app.ExitError
	}
	took := time.Since(start).Round(100 * time.Millisecond)

	if *rkFile != "" {
		fmt.Fprintln(c.stdout, i18n.L("Your journal has new keys (it took {{.Took}}). Your new recovery key is in {{.File}}.", i18n.Data{"Took": took, "File": *rkFile}))
	} else {
		fmt.Fprintf(c.stdout, "%s\n\n%s\n\n    %s\n\n%s\n", i18n.L("Your journal has new keys (it took {{.Took}}).", i18n.Data{"Took": took}),
			i18n.L("Your new recovery key (shown only this once):"), rk, i18n.L("Write it down and keep it somewhere safe and private."))
	}
	fmt.Fprintln(c.stdout, i18n.L("Your old password and your old recovery key no longer open your journal."))
	if err != nil {
		fmt.Fprintf(c.stderr, "tend: %v\n", err)
		return app.ExitError
	}
	if len(before) > 0 {
		if *removeOld {
			removed := 0
			for _, f := range before {
				if backup.IsSnapshotFile(f.Path) && os.Remove(f.Path) == nil {
					removed++
				}
			}
			fmt.Fprintln(c.stdout, i18n.N("{{.Count}} automatic backups made before this change in {{.Folder}} removed.", removed, i18n.Data{"Folder": snapDir}))
		} else {
			fmt.Fprintln(c.stdout, i18n.N("{{.Count}} automatic backups in {{.Folder}} were made before this change: they still open with your old password and hold what you wrote until then. If someone may know that password, delete those files.", len(before), i18n.Data{"Folder": snapDir}))
		}
	}
	return app.ExitOK
}
