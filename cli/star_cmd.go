package cli

import (
	"fmt"

	"tend/app"
	"tend/internal/i18n"
	"tend/internal/say"
)

// star is "tend star ID": the entry gets a star.
func (c *cli) star(args []string) int { return c.setStar("star", args, true) }

// unstar is "tend unstar ID": the entry's star is taken away.
func (c *cli) unstar(args []string) int { return c.setStar("unstar", args, false) }

// setStar gives the entry args names a star, or takes it away. Like the
// app, it saves the change as an edit, so the version before is in the
// entry's history.
func (c *cli) setStar(name string, args []string, on bool) int {
	_, a, code, ok := c.oneID(name, args, nil)
	if !ok {
		return code
	}
	v, e, code := c.openEntry(a)
	if v == nil {
		return code
	}
	defer v.Close()
	switch {
	case e.Starred == on && on:
		fmt.Fprintln(c.stdout, i18n.L("{{.Entry}} already has a star.", i18n.Data{"Entry": say.Name(e)}))
		return app.ExitOK
	case e.Starred == on:
		fmt.Fprintln(c.stdout, i18n.L("{{.Entry}} has no star.", i18n.Data{"Entry": say.Name(e)}))
		return app.ExitOK
	}
	if err := v.SetStarred(e.ID, on); err != nil {
		return c.fail(err)
	}
	if on {
		fmt.Fprintln(c.stdout, i18n.L("{{.Entry}} has a star. 'tend list --starred' finds it.", i18n.Data{"Entry": say.Name(e)}))
	} else {
		fmt.Fprintln(c.stdout, i18n.L("{{.Entry}} has no star now.", i18n.Data{"Entry": say.Name(e)}))
	}
	return app.ExitOK
}
