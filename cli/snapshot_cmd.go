package cli

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"time"

	"tend/app"
	"tend/backup"
	"tend/internal/i18n"
	"tend/vault"
)

// readSnapshotFile opens an automatic backup with the password that was in
// force when it was taken (from --password-file or the terminal), or with
// the recovery key when --recovery-key-file is given. It returns nil and
// an exit status on failure.
func (c *cli) readSnapshotFile(path, rkFile string) (*backup.Contents, int) {
	var (
		pw []byte
		rk *vault.RecoveryKey
	)
	if rkFile != "" {
		raw, err := readSecretFile(rkFile)
		if err != nil {
			return nil, c.fail(err)
		}
		k, err := vault.ParseRecoveryKey(string(raw))
		wipe(raw)
		if err != nil {
			fmt.Fprintf(c.stderr, "tend: %v\n", err)
			return nil, app.ExitWrongPassword
		}
		rk = &k
	} else {
		var err error
		if pw, err = c.secret(c.inv.PasswordFile, i18n.L("Password when this backup was taken:")+" ", false); err != nil {
			return nil, c.fail(err)
		}
		defer wipe(pw)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, c.fail(fmt.Errorf("%s: %w", i18n.L("Tend could not open the backup"), err))
	}
	defer f.Close()
	contents, err := vault.ReadSnapshot(bufio.NewReaderSize(f, 1<<20), pw, rk)
	switch {
	case errors.Is(err, vault.ErrWrongPassword):
		fmt.Fprintln(c.stderr, "tend: "+i18n.L("That password or recovery key does not open this automatic backup. Try the password you had when it was taken. Nothing was changed."))
		return nil, app.ExitWrongPassword
	case err != nil:
		return nil, c.failBackup(path, err)
	}
	return contents, app.ExitOK
}

// snapshotJSON is one automatic backup as snapshots --json prints it.
type snapshotJSON struct {
	Path string `json:"path"`
	// Taken is when it was taken (RFC 3339), or only its day (2026-11-20)
	// for a backup an earlier Tend named by its day; empty for a backup
	// the password does not date.
	Taken string `json:"taken,omitempty"`
}

// snapshots lists the automatic backups with when each was taken. Their
// names say nothing of it, so the password reads it: through the journal's
// header, or a backup's own header copy when the journal is damaged or
// gone. The journal itself is not opened, so this works beside the app.
func (c *cli) snapshots(args []string) int {
	fs := c.flags("snapshots")
	asJSON := fs.Bool("json", false, "")
	dir := fs.String("dir", "", "")
	if err := parseFlags(fs, args); err != nil || fs.NArg() > 0 {
		return c.usageError("snapshots", orArgs(err, fs))
	}
	if *dir == "" {
		*dir = app.DefaultSnapshotDir(c.inv.VaultDir)
	}
	pw, err := c.secret(c.inv.PasswordFile, "Password: ", false)
	if err != nil {
		return c.fail(err)
	}
	list, err := vault.FindSnapshots(*dir, c.inv.VaultDir, pw)
	wipe(pw)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		out := make([]snapshotJSON, 0, len(list))
		for _, f := range list {
			j := snapshotJSON{Path: f.Path}
			switch {
			case f.DayOnly:
				j.Taken = f.Taken.Format(time.DateOnly)
			case f.Known():
				j.Taken = f.Taken.Local().Format(time.RFC3339)
			}
			out = append(out, j)
		}
		return c.printJSON(out)
	}
	w := bufio.NewWriter(c.stdout)
	known := 0
	for _, f := range list {
		if f.Known() {
			known++
		}
	}
	switch {
	case len(list) == 0:
		fmt.Fprintln(w, i18n.L("There are no automatic backups in {{.Folder}}.", i18n.Data{"Folder": *dir}))
	case known == 0:
		fmt.Fprintln(w, i18n.N("Your password does not read the dates of the {{.Count}} automatic backups in {{.Folder}}. They were taken with another password or other keys (before a rotation, or of another journal); each still opens with the password it was taken with.", len(list), i18n.Data{"Folder": *dir}))
	default:
		fmt.Fprintf(w, "%s\n\n", i18n.N("{{.Count}} automatic backups in {{.Folder}}, newest first:", len(list), i18n.Data{"Folder": *dir}))
	}
	for _, f := range list {
		when := i18n.L("(other keys)")
		switch {
		case f.DayOnly:
			when = i18n.Date(f.Taken, "Mon 2 Jan 2006")
		case f.Known():
			when = i18n.Date(f.Taken.Local(), "Mon 2 Jan 2006") + " " + f.Taken.Local().Format("15:04")
		}
		fmt.Fprintf(w, "%s  %s\n", padRight(when, 21), f.Path)
	}
	if err := w.Flush(); err != nil {
		return c.fail(err)
	}
	return app.ExitOK
}
