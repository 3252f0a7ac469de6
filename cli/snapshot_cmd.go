package cli

import (
	"bufio"
	"errors"
	"fmt"
	"os"

	"tend/app"
	"tend/backup"
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
		if pw, err = c.secret(c.inv.PasswordFile, "Password when this backup was taken: ", false); err != nil {
			return nil, c.fail(err)
		}
		defer wipe(pw)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, c.fail(fmt.Errorf("opening the backup: %w", err))
	}
	defer f.Close()
	contents, err := vault.ReadSnapshot(bufio.NewReaderSize(f, 1<<20), pw, rk)
	switch {
	case errors.Is(err, vault.ErrWrongPassword):
		fmt.Fprintln(c.stderr, "tend: That password or recovery key does not open this automatic backup. Try the password you had when it was taken. Nothing was changed.")
		return nil, app.ExitWrongPassword
	case err != nil:
		return nil, c.failBackup(path, err)
	}
	return contents, app.ExitOK
}
