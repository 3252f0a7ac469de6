package cli

import (
	"bufio"
	"errors"
	"fmt"

	"tend/app"
	"tend/internal/i18n"
	"tend/internal/say"
	"tend/journal"
	"tend/search"
	"tend/vault"
)

// list is "tend list": entries, newest first, filtered by date, tag,
// kind, star and journal, or those in the trash.
func (c *cli) list(args []string) int {
	fs := c.flags("list")
	asJSON := fs.Bool("json", false, "")
	from := fs.String("from", "", "")
	to := fs.String("to", "", "")
	tag := fs.String("tag", "", "")
	kind := fs.String("kind", "", "")
	trash := fs.Bool("trash", false, "")
	starred := fs.Bool("starred", false, "")
	book := fs.String("journal", "", "")
	limit := fs.Int("limit", 0, "")
	if err := parseFlags(fs, args); err != nil || fs.NArg() > 0 {
		return c.usageError("list", orArgs(err, fs))
	}
	if *limit < 0 {
		return c.usageError("list", errors.New(i18n.L("--limit is a number of entries, 0 for all.")))
	}
	q := vault.ListQuery{Tag: *tag, Trash: *trash, Starred: *starred}
	var err error
	for _, b := range []struct {
		flag, val string
		into      *journal.Date
	}{{"--from", *from, &q.From}, {"--to", *to, &q.To}} {
		if b.val == "" {
			continue
		}
		d, ok := search.ParseDay(b.val, b.into == &q.To)
		if !ok {
			return c.usageError("list", errors.New(i18n.L("{{.Option}} takes a day (2026-11-23), a month (2026-11) or a year (2026), not \"{{.Value}}\".", i18n.Data{"Option": b.flag, "Value": b.val})))
		}
		*b.into = d
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
	l, set, err := journalSet(v, *book)
	if err != nil {
		return c.usageError("list", err)
	}
	q.Journals = set
	entries, err := v.List(q)
	if err != nil {
		return c.fail(err)
	}
	total := len(entries)
	if *limit > 0 && total > *limit {
		entries = entries[:*limit]
	}
	if *asJSON {
		out := make([]entryJSON, 0, len(entries))
		for _, e := range entries {
			out = append(out, toJSONIn(e, l))
		}
		return c.printJSON(out)
	}
	w := bufio.NewWriter(c.stdout)
	for _, e := range entries {
		fmt.Fprintf(w, "%s  %s  %s%s\n", e.ID, e.Date, say.Name(withHeadline(v, e)), tagSuffix(e.Tags))
	}
	if err := w.Flush(); err != nil {
		return c.fail(err)
	}
	if total > len(entries) {
		c.cutNote(len(entries), total)
	}
	return app.ExitOK
}
