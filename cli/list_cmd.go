package cli

import (
	"bufio"
	"fmt"

	"tend/app"
	"tend/journal"
	"tend/vault"
)

// list is "tend list": entries, newest first, filtered by date, tag and
// kind, or those in the trash.
func (c *cli) list(args []string) int {
	fs := c.flags("list")
	asJSON := fs.Bool("json", false, "")
	from := fs.String("from", "", "")
	to := fs.String("to", "", "")
	tag := fs.String("tag", "", "")
	kind := fs.String("kind", "", "")
	trash := fs.Bool("trash", false, "")
	limit := fs.Int("limit", 0, "")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return c.usageError("list", orArgs(err, fs))
	}
	q := vault.ListQuery{Tag: *tag, Trash: *trash, Limit: *limit}
	var err error
	if *from != "" {
		if q.From, err = journal.ParseDate(*from); err != nil {
			return c.usageError("list", err)
		}
	}
	if *to != "" {
		if q.To, err = journal.ParseDate(*to); err != nil {
			return c.usageError("list", err)
		}
	}
	if *kind != "" {
		if q.Kind, err = journal.ParseKind(*kind); err != nil {
			return c.usageError("list", err)
		}
	}
	v, code := c.open()
	if v == nil {
		return code
	}
	defer v.Close()
	entries, err := v.List(q)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		out := make([]entryJSON, 0, len(entries))
		for _, e := range entries {
			out = append(out, toJSON(e))
		}
		return c.printJSON(out)
	}
	w := bufio.NewWriter(c.stdout)
	for _, e := range entries {
		fmt.Fprintf(w, "%s  %s  %s%s\n", e.ID, e.Date, titleOf(withHeadline(v, e)), tagSuffix(e.Tags))
	}
	if err := w.Flush(); err != nil {
		return c.fail(err)
	}
	return app.ExitOK
}
