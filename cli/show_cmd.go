package cli

import (
	"errors"
	"fmt"
	"strings"

	"tend/app"
	"tend/journal"
)

// show is "tend show ID": one entry in full.
func (c *cli) show(args []string) int {
	fs := c.flags("show")
	asJSON := fs.Bool("json", false, "")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		if err == nil {
			err = errors.New("give one entry id")
		}
		return c.usageError("show", err)
	}
	id, err := journal.ParseID(fs.Arg(0))
	if err != nil {
		return c.usageError("show", fmt.Errorf("%q is not an entry id", fs.Arg(0)))
	}
	v, code := c.open()
	if v == nil {
		return code
	}
	defer v.Close()
	e, err := v.Get(id)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		return c.printJSON(e)
	}
	fmt.Fprintf(c.stdout, "%s\n%s · %s", titleOf(e), e.Date, strings.ReplaceAll(string(e.Kind), "_", " "))
	if e.Mood > 0 {
		fmt.Fprintf(c.stdout, " · mood %d/%d", e.Mood, journal.MaxMood)
	}
	fmt.Fprintf(c.stdout, "%s\n\n%s\n", tagSuffix(e.Tags), e.Body)
	for _, t := range e.Fields.Texts() {
		fmt.Fprintf(c.stdout, "\n%s\n", t)
	}
	return app.ExitOK
}
