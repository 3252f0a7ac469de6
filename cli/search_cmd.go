package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"tend/app"
	"tend/search"
)

// search is "tend search": entries that match a query, best first.
func (c *cli) search(args []string) int {
	fs := c.flags("search")
	asJSON := fs.Bool("json", false, "")
	limit := fs.Int("limit", 50, "")
	if err := fs.Parse(args); err != nil {
		return c.usageError("search", err)
	}
	if fs.NArg() == 0 {
		return c.usageError("search", errors.New("what should Tend look for?"))
	}
	q := search.ParseQuery(strings.Join(fs.Args(), " "))
	v, code := c.open()
	if v == nil {
		return code
	}
	defer v.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := v.WaitIndex(ctx); err != nil {
		return c.fail(err)
	}
	results, _, err := v.Search(q, 0, *limit)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		out := make([]entryJSON, 0, len(results))
		for _, r := range results {
			j := toJSON(r.Entry)
			s := r.Snippet
			j.Snippet = &s
			out = append(out, j)
		}
		return c.printJSON(out)
	}
	w := bufio.NewWriter(c.stdout)
	for _, r := range results {
		fmt.Fprintf(w, "%s  %s  %s%s\n", r.Entry.ID, r.Entry.Date, titleOf(r.Entry), tagSuffix(r.Entry.Tags))
		if r.Snippet != "" {
			fmt.Fprintf(w, "    %s\n", r.Snippet)
		}
	}
	if len(results) == 0 {
		fmt.Fprintln(w, "Nothing matched.")
	}
	if err := w.Flush(); err != nil {
		return c.fail(err)
	}
	return app.ExitOK
}
