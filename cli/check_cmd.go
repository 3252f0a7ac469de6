package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"tend/app"
	"tend/internal/i18n"
	"tend/internal/say"
	"tend/vault"
)

// verify checks every record. The store is opened in a child process of
// this program, because a damaged store can crash the process that opens
// it; when the child crashes or the store does not open, its files are read
// directly instead, so verify always ends with a report, never a panic.
func (c *cli) verify(args []string) int {
	fs := c.flags("verify")
	asJSON := fs.Bool("json", false, "")
	if err := parseFlags(fs, args); err != nil || fs.NArg() > 0 {
		return c.usageError("verify", orArgs(err, fs))
	}
	if ok, err := vault.Exists(c.inv.VaultDir); err != nil {
		return c.fail(err)
	} else if !ok {
		return c.fail(vault.ErrNoVault)
	}
	pw, err := c.secret(c.inv.PasswordFile, i18n.L("Password:")+" ", false)
	if err != nil {
		return c.fail(err)
	}
	defer wipe(pw)
	if os.Getenv(app.VerifyInnerEnv) == "1" {
		return c.verifyHere(pw)
	}
	res, code := c.verifyInChild(pw)
	if code == app.ExitWrongPassword || code == app.ExitInUse {
		return code
	}
	if *asJSON {
		if code := c.printJSON(res); code != app.ExitOK {
			return code
		}
	} else {
		c.printCheck(res)
	}
	if res.OK {
		return app.ExitOK
	}
	return app.ExitError
}

// verifyHere opens the store in this process, read-only when it was closed
// cleanly, and prints the check as JSON.
func (c *cli) verifyHere(pw []byte) int {
	v, err := vault.OpenToCheck(c.inv.VaultDir, pw)
	if err != nil {
		return c.fail(err)
	}
	defer v.Close()
	rep, err := v.Verify()
	if err != nil {
		return c.fail(err)
	}
	return c.printJSON(app.VerifyJSON{OK: rep.OK(), Opened: true, Records: rep.Records, Entries: rep.Entries, Damaged: app.DamagesJSON(rep.Damaged)})
}

// verifyInChild runs verifyHere in a child process. When the child cannot
// give a report, the store's files are read directly.
func (c *cli) verifyInChild(pw []byte) (app.VerifyJSON, int) {
	out, code, end := app.RunSelf(c.inv.VaultDir, pw, 10*time.Minute, []string{app.VerifyInnerEnv + "=1"}, "verify", "--json")
	var res app.VerifyJSON
	switch {
	case code == app.ExitWrongPassword:
		fmt.Fprintln(c.stderr, "tend: "+i18n.L("That password does not open this journal. Nothing was changed."))
		return res, code
	case code == app.ExitInUse:
		fmt.Fprintln(c.stderr, "tend: "+i18n.L("This journal is open in another Tend window or command. Close it there, then try again."))
		return res, code
	case code == app.ExitOK && json.Unmarshal(out, &res) == nil && res.Opened:
		return res, app.ExitOK
	}
	rep, err := vault.Inspect(c.inv.VaultDir, pw)
	res = app.VerifyJSON{Problem: "The store did not open. " + end.String(), Ended: &end}
	if err != nil {
		res.Unread = err.Error()
		res.Problem += "\nIts files could not be read either: " + res.Unread
		return res, app.ExitError
	}
	res.Records, res.Entries, res.Damaged = rep.Records, rep.Entries, app.DamagesJSON(rep.Damaged)
	for _, f := range rep.Files {
		res.Damaged = append(res.Damaged, app.DamageJSON{Record: "file", Problem: f})
	}
	return res, app.ExitError
}

// printCheck prints a check for a person.
func (c *cli) printCheck(res app.VerifyJSON) {
	if res.OK {
		if res.Entries == 1 {
			fmt.Fprintln(c.stdout, i18n.L("Your one entry is whole ({{.Records}} checked).", i18n.Data{"Records": records(res.Records)}))
			return
		}
		fmt.Fprintln(c.stdout, i18n.N("All {{.Count}} entries are whole ({{.Records}} checked).", res.Entries, i18n.Data{"Records": records(res.Records)}))
		return
	}
	if !res.Opened {
		fmt.Fprintf(c.stdout, "%s\n%s\n", i18n.L("Your journal's store does not open, so Tend read its files directly."), say.StoreUnopened(res.Ended, res.Unread))
		fmt.Fprintln(c.stdout, i18n.N("{{.Count}} entries can be rescued with 'tend salvage'. Found damaged:", res.Entries))
	} else {
		fmt.Fprintln(c.stdout, i18n.N("{{.Count}} of {{.Records}} are damaged, and {{.Entries}} whole. The damaged ones:", len(res.Damaged),
			i18n.Data{"Records": records(res.Records), "Entries": i18n.N("{{.Count}} entries", res.Entries)}))
	}
	for _, d := range res.Damaged {
		fmt.Fprintf(c.stdout, "  %s\n", say.Damage(d.Entry, d.Record, d.Problem))
	}
}

func (c *cli) salvage(args []string) int {
	fs := c.flags("salvage")
	asJSON := fs.Bool("json", false, "")
	if err := parseFlags(fs, args); err != nil || fs.NArg() != 1 {
		return c.usageError("salvage", orArgs(err, fs))
	}
	out := fs.Arg(0)
	if _, err := os.Lstat(out); err == nil {
		fmt.Fprintln(c.stderr, "tend: "+i18n.L("{{.File}} already exists. Name a new folder for the rescued journal.", i18n.Data{"File": out}))
		return app.ExitUsage
	}
	pw, err := c.secret(c.inv.PasswordFile, i18n.L("Password:")+" ", false)
	if err != nil {
		return c.fail(err)
	}
	defer wipe(pw)
	rep, err := vault.Salvage(c.inv.VaultDir, out, pw)
	if err != nil {
		return c.fail(err)
	}
	// A rescue that kept nothing, or less than it found, is not a
	// success a script may take for one.
	code := app.ExitOK
	if rep.Kept == 0 || rep.Kept < rep.Records {
		code = app.ExitError
	}
	if *asJSON {
		if jc := c.printJSON(app.SalvageJSON{Records: rep.Records, Kept: rep.Kept, Entries: rep.Entries, Older: rep.Older, Damaged: app.DamagesJSON(rep.Damaged), Files: rep.Files}); jc != app.ExitOK {
			return jc
		}
		return code
	}
	if rep.Kept == 0 {
		fmt.Fprintln(c.stdout, i18n.L("Nothing could be rescued: Tend found no record it could read and check. The journal in {{.Folder}} is empty; your damaged journal was only read, never changed.", i18n.Data{"Folder": out}))
		for _, f := range rep.Files {
			fmt.Fprintln(c.stdout, "  "+i18n.L("could not read all of {{.File}}", i18n.Data{"File": f}))
		}
		return code
	}
	fmt.Fprintln(c.stdout, i18n.N("Rescued {{.Count}} entries ({{.Kept}} of {{.Records}}) into {{.Folder}}. Your password and recovery key open it.", rep.Entries,
		i18n.Data{"Kept": rep.Kept, "Records": records(rep.Records), "Folder": out}))
	if rep.Kept < rep.Records {
		fmt.Fprintln(c.stdout, i18n.N("{{.Count}} records could not be rescued; they are listed below. Your damaged journal was only read, never changed.", rep.Records-rep.Kept))
	}
	if rep.Older > 0 {
		fmt.Fprintln(c.stdout, i18n.N("{{.Count}} records were damaged in the newest version; an earlier version was kept.", rep.Older))
	}
	for _, d := range rep.Damaged {
		fmt.Fprintln(c.stdout, "  "+i18n.L("left behind: {{.Damage}}", i18n.Data{"Damage": d}))
	}
	for _, f := range rep.Files {
		fmt.Fprintln(c.stdout, "  "+i18n.L("could not read all of {{.File}}", i18n.Data{"File": f}))
	}
	return code
}
