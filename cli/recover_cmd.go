package cli

import (
	"errors"
	"fmt"

	"tend/app"
	"tend/internal/i18n"
	"tend/vault"
)

// recover is "tend recover": it sets a new password with the recovery key.
func (c *cli) recover(args []string) int {
	fs := c.flags("recover")
	rkFile := fs.String("recovery-key-file", "", "")
	newFile := fs.String("new-password-file", "", "")
	if err := parseFlags(fs, args); err != nil || fs.NArg() > 0 {
		return c.usageError("recover", orArgs(err, fs))
	}
	if ok, err := vault.Exists(c.inv.VaultDir); err != nil {
		return c.fail(err)
	} else if !ok {
		return c.fail(vault.ErrNoVault)
	}
	raw, err := c.secret(*rkFile, i18n.L("Recovery key:")+" ", true)
	if err != nil {
		return c.fail(err)
	}
	rk, err := vault.ParseRecoveryKey(string(raw))
	wipe(raw)
	if err != nil {
		fmt.Fprintf(c.stderr, "tend: %s\n", errText(err))
		return app.ExitWrongPassword
	}
	v, err := vault.OpenWithRecovery(c.inv.VaultDir, rk)
	if err != nil {
		if errors.Is(err, vault.ErrWrongPassword) {
			fmt.Fprintln(c.stderr, "tend: "+i18n.L("That recovery key does not open this journal. Nothing was changed."))
			return app.ExitWrongPassword
		}
		return c.failOpen(err)
	}
	defer v.Close()
	return c.setPassword(v, *newFile, i18n.L("Your new password is set. Your recovery key still works as before."))
}
