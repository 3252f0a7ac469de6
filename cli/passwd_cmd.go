package cli

import (
	"fmt"

	"tend/app"
	"tend/internal/i18n"
	"tend/vault"
)

// passwd is "tend passwd": it sets a new password after checking the
// current one.
func (c *cli) passwd(args []string) int {
	fs := c.flags("passwd")
	newFile := fs.String("new-password-file", "", "")
	if err := parseFlags(fs, args); err != nil || fs.NArg() > 0 {
		return c.usageError("passwd", orArgs(err, fs))
	}
	v, code := c.open()
	if v == nil {
		return code
	}
	defer v.Close()
	return c.setPassword(v, *newFile, i18n.L("Your password is changed. Your recovery key still works as before."))
}

// setPassword asks for a new password (twice on the terminal, or from the
// file newFile), sets it on v at v's cost, and says done.
func (c *cli) setPassword(v *vault.Vault, newFile, done string) int {
	pw, err := c.newSecret(newFile)
	if err != nil {
		return c.fail(err)
	}
	defer wipe(pw)
	if err := v.SetPassword(pw, v.KDF()); err != nil {
		return c.fail(err)
	}
	fmt.Fprintln(c.stdout, done)
	return app.ExitOK
}
