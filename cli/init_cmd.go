package cli

import (
	"fmt"
	"os"

	"tend/app"
	"tend/internal/atomicfile"
	"tend/vault"
)

// init is "tend init": it creates a new journal, asking for its password
// twice, and prints its recovery key once.
func (c *cli) init(args []string) int {
	fs := c.flags("init")
	rkFile := fs.String("recovery-key-file", "", "")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return c.usageError("init", orArgs(err, fs))
	}
	if ok, err := vault.Exists(c.inv.VaultDir); err != nil {
		return c.fail(err)
	} else if ok {
		fmt.Fprintf(c.stderr, "tend: There is already a journal in %s. Nothing was changed.\n", c.inv.VaultDir)
		return app.ExitError
	}
	pw, err := c.newSecret(c.inv.PasswordFile)
	if err != nil {
		return c.fail(err)
	}
	defer wipe(pw)
	// The recovery-key file is made before the journal, so a journal is
	// never created whose only copy of the key could not be written.
	var keyOut *os.File
	if *rkFile != "" {
		f, err := os.OpenFile(*rkFile, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return c.fail(fmt.Errorf("the recovery key needs a new file; %w. Nothing was created", err))
		}
		keyOut = f
		defer func() {
			if keyOut != nil { // creation failed: leave no empty key file
				keyOut.Close()
				os.Remove(*rkFile)
			}
		}()
	}
	if err := app.EnsurePrivateDir(c.inv.VaultDir); err != nil {
		return c.fail(err)
	}
	v, rk, err := vault.Create(c.inv.VaultDir, pw, c.kdf)
	if err != nil {
		return c.fail(err)
	}
	defer v.Close()
	if keyOut != nil {
		err := atomicfile.Fill(keyOut, []byte(rk.String()+"\n"))
		keyOut = nil
		if err != nil {
			return c.fail(fmt.Errorf("the journal was created, but the recovery key could not be saved (%w). Make a new key with the app's Settings", err))
		}
		fmt.Fprintf(c.stdout, "Your journal is ready in %s.\nIts recovery key is in %s. Keep it somewhere safe and private.\n", c.inv.VaultDir, *rkFile)
		return app.ExitOK
	}
	fmt.Fprintf(c.stdout, "Your journal is ready in %s.\n\nYour recovery key (shown only this once):\n\n    %s\n\n"+
		"If you forget your password, this key is the only other way in.\nWrite it down and keep it somewhere safe and private.\n", c.inv.VaultDir, rk)
	return app.ExitOK
}
