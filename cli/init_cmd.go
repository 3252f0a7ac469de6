package cli

import (
	"fmt"
	"os"

	"tend/app"
	"tend/internal/atomicfile"
	"tend/internal/i18n"
	"tend/vault"
)

// init is "tend init": it creates a new journal, asking for its password
// twice, and prints its recovery key once.
func (c *cli) init(args []string) int {
	fs := c.flags("init")
	rkFile := fs.String("recovery-key-file", "", "")
	if err := parseFlags(fs, args); err != nil || fs.NArg() > 0 {
		return c.usageError("init", orArgs(err, fs))
	}
	if ok, err := vault.Exists(c.inv.VaultDir); err != nil {
		return c.fail(err)
	} else if ok {
		fmt.Fprintln(c.stderr, "tend: "+i18n.L("There is already a journal in {{.Folder}}. Nothing was changed.", i18n.Data{"Folder": c.inv.VaultDir}))
		return app.ExitError
	}
	pw, err := c.newSecret(c.inv.PasswordFile)
	if err != nil {
		return c.fail(err)
	}
	defer wipe(pw)
	// The recovery-key file is made before the journal, so a journal is
	// never created whose only copy of the key could not be written.
	keyOut, err := newKeyFile(*rkFile)
	if err != nil {
		return c.fail(err)
	}
	defer keyOut.abandon()
	if err := app.EnsurePrivateDir(c.inv.VaultDir); err != nil {
		return c.fail(err)
	}
	v, rk, err := vault.Create(c.inv.VaultDir, pw, c.kdf)
	if err != nil {
		return c.fail(err)
	}
	defer v.Close()
	if keyOut != nil {
		if err := keyOut.write(rk); err != nil {
			return c.fail(fmt.Errorf("%s (%w). %s", i18n.L("The journal was created, but the recovery key could not be saved"), err, i18n.L("Make a new key in the app's Settings.")))
		}
		fmt.Fprintln(c.stdout, i18n.L("Your journal is ready in {{.Folder}}.", i18n.Data{"Folder": c.inv.VaultDir}))
		fmt.Fprintln(c.stdout, i18n.L("Its recovery key is in {{.File}}. Keep it somewhere safe and private.", i18n.Data{"File": *rkFile}))
		return app.ExitOK
	}
	fmt.Fprintf(c.stdout, "%s\n\n%s\n\n    %s\n\n%s\n", i18n.L("Your journal is ready in {{.Folder}}.", i18n.Data{"Folder": c.inv.VaultDir}),
		i18n.L("Your recovery key (shown only this once):"), rk,
		i18n.L("If you forget your password, this key is the only other way in.\nWrite it down and keep it somewhere safe and private."))
	return app.ExitOK
}

// keyFile is the new file a recovery key will be written to. It is made
// before the journal the key opens, so that a journal is never created
// whose only copy of the key could not be written.
type keyFile struct {
	path string
	f    *os.File
}

// newKeyFile makes the file at path, which must not exist yet; an empty
// path gives a nil keyFile, and the key is printed instead.
func newKeyFile(path string) (*keyFile, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("%s (%w). %s", i18n.L("The recovery key needs a new file"), err, i18n.L("Nothing was created."))
	}
	return &keyFile{path: path, f: f}, nil
}

// write puts the key in the file and closes it.
func (k *keyFile) write(rk vault.RecoveryKey) error {
	f := k.f
	k.f = nil
	return atomicfile.Fill(f, []byte(rk.String()+"\n"))
}

// abandon removes the file when the key was never written to it, so no
// empty key file is left behind.
func (k *keyFile) abandon() {
	if k != nil && k.f != nil {
		k.f.Close()
		os.Remove(k.path)
	}
}
