package cli

import (
	"flag"
	"fmt"
	"strings"
	"time"

	"tend/app"
	"tend/journal"
)

// show is "tend show ID": one entry in full.
func (c *cli) show(args []string) int {
	var asJSON *bool
	_, a, code, ok := c.oneID("show", args, func(fs *flag.FlagSet) { asJSON = fs.Bool("json", false, "") })
	if !ok {
		return code
	}
	v, e, code := c.openEntry(a)
	if v == nil {
		return code
	}
	defer v.Close()
	if *asJSON {
		return c.printJSON(e)
	}
	fmt.Fprintf(c.stdout, "%s\n%s", journal.NameOf(e), e.Date)
	if at := e.Clock(time.Local); at != "" {
		fmt.Fprintf(c.stdout, " at %s", at)
	}
	fmt.Fprintf(c.stdout, " · %s", strings.ReplaceAll(string(e.Kind), "_", " "))
	if e.Mood > 0 {
		fmt.Fprintf(c.stdout, " · mood %d/%d", e.Mood, journal.MaxMood)
	}
	if e.Starred {
		fmt.Fprint(c.stdout, " · starred")
	}
	if l, err := v.Journals(); err == nil && len(l) > 1 {
		fmt.Fprintf(c.stdout, " · in %s", l.Home(e.Journal).Name)
	}
	fmt.Fprintf(c.stdout, "%s\n\n%s\n", tagSuffix(e.Tags), e.Body)
	for _, t := range e.Fields.Texts() {
		fmt.Fprintf(c.stdout, "\n%s\n", t)
	}
	return app.ExitOK
}
