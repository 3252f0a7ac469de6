package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"tend/app"
	"tend/internal/i18n"
	"tend/internal/say"
	"tend/search"
)

// searchJSON is how "tend search --json" prints its results: the total
// says how many entries matched (null when a phrase search stopped counting
// once it had the page), more whether there are matches beyond these.
type searchJSON struct {
	Total   *int        `json:"total"`
	More    bool        `json:"more"`
	Results []entryJSON `json:"results"`
}

// searchLimit is how many results are printed unless --limit says.
const searchLimit = 50

// search is "tend search": entries that match a query, best first.
func (c *cli) search(args []string) int {
	fs := c.flags("search")
	asJSON := fs.Bool("json", false, "")
	limit := fs.Int("limit", searchLimit, "")
	sortBy := fs.String("sort", "", "")
	book := fs.String("journal", "", "")
	if err := parseFlags(fs, args); err != nil {
		return c.usageError("search", err)
	}
	if fs.NArg() == 0 {
		return c.usageError("search", errors.New(i18n.L("What should Tend look for?")))
	}
	if *limit < 0 {
		return c.usageError("search", errors.New(i18n.L("--limit is a number of results, 0 for all.")))
	}
	q := search.ParseQuery(strings.Join(fs.Args(), " "))
	switch strings.ToLower(*sortBy) {
	case "":
	case "best", "relevance":
		q.Order = search.OrderBest
	case "newest", "date":
		q.Order = search.OrderNewest
	default:
		return c.usageError("search", errors.New(i18n.L("--sort is relevance (the best matches first) or newest.")))
	}
	v, code := c.open()
	if v == nil {
		return code
	}
	defer v.Close()
	l, set, err := journalSet(v, *book)
	if err != nil {
		return c.usageError("search", err)
	}
	q.Journals = set
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := v.WaitIndex(ctx); err != nil {
		return c.fail(err)
	}
	want := *limit
	if want == 0 {
		want = math.MaxInt
	}
	results, total, err := v.Search(q, 0, want)
	if err != nil {
		return c.fail(err)
	}
	more := total == search.TotalMore || total > len(results)
	if *asJSON {
		out := searchJSON{More: more, Results: make([]entryJSON, 0, len(results))}
		if total != search.TotalMore {
			out.Total = &total
		}
		for _, r := range results {
			j := toJSONIn(r.Entry, l)
			s := r.Snippet
			j.Snippet = &s
			out.Results = append(out.Results, j)
		}
		return c.printJSON(out)
	}
	w := bufio.NewWriter(c.stdout)
	for _, r := range results {
		fmt.Fprintf(w, "%s  %s  %s%s\n", r.Entry.ID, r.Entry.Date, say.Name(r.Entry), tagSuffix(r.Entry.Tags))
		if r.Snippet != "" {
			fmt.Fprintf(w, "    %s\n", r.Snippet)
		}
	}
	if len(results) == 0 {
		fmt.Fprintln(w, i18n.L("Nothing matched."))
	}
	if err := w.Flush(); err != nil {
		return c.fail(err)
	}
	if more {
		c.cutNote(len(results), total)
	}
	return app.ExitOK
}

// cutNote says on standard error that the results printed are not all of
// them, so that standard output holds only results.
func (c *cli) cutNote(shown, total int) {
	if total == search.TotalMore {
		fmt.Fprintln(c.stderr, i18n.N("Showing the first {{.Count}}; there are more. --limit N shows more, --limit 0 shows them all.", shown))
		return
	}
	fmt.Fprintln(c.stderr, i18n.N("Showing {{.Shown}} of {{.Count}}. --limit N shows more, --limit 0 shows them all.", total, i18n.Data{"Shown": shown}))
}
