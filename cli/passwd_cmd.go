package cli

import (
	"fmt"

	"tend/app"
)

// passwd is "tend passwd": it sets a new password after checking the
// current one.
func (c *cli) passwd(args []string) int {
	fs := c.flags("passwd")
	newFile := fs.String("new-password-file", "", "")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return c.usageError("passwd", orArgs(err, fs))
	}
	v, code := c.open()
	if v == nil {
		return code
	}
	defer v.Close()
	pw, err := c.newSecret(*newFile)
	if err != nil {
		return c.fail(err)
	}
	defer wipe(pw)
	if err := v.SetPassword(pw, v.KDF()); err != nil {
		return c.fail(err)
	}
	fmt.Fprintln(c.stdout, "Your password is changed. Your recovery key still works as before.")
	return app.ExitOK
}
