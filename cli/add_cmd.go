package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"tend/app"
	"tend/internal/i18n"
	"tend/journal"
)

// multi collects a repeatable flag.
type multi []string

func (m *multi) String() string { return strings.Join(*m, ",") }

func (m *multi) Set(s string) error { *m = append(*m, s); return nil }

// maxBody bounds what add reads from standard input: as much as one entry
// may hold.
const maxBody = journal.MaxEntryText

// add is "tend add": it saves an entry whose text is read from standard
// input.
func (c *cli) add(args []string) int {
	fs := c.flags("add")
	title := fs.String("title", "", "")
	date := fs.String("date", "", "")
	kind := fs.String("kind", string(journal.KindFree), "")
	mood := fs.Int("mood", 0, "")
	at := fs.String("time", "", "")
	star := fs.Bool("star", false, "")
	book := fs.String("journal", "", "")
	yes := fs.Bool("yes", false, "")
	var tags, attach multi
	fs.Var(&tags, "tag", "")
	fs.Var(&attach, "attach", "")
	if err := parseFlags(fs, args); err != nil || fs.NArg() > 0 {
		return c.usageError("add", orArgs(err, fs))
	}
	e := &journal.Entry{Title: *title, Tags: tags, Mood: journal.Mood(*mood), Starred: *star}
	var err error
	if e.Kind, err = journal.ParseKind(*kind); err != nil {
		return c.usageError("add", err)
	}
	if *date != "" {
		if e.Date, err = journal.ParseDate(*date); err != nil {
			return c.usageError("add", err)
		}
	}
	if e.Date, e.Written, err = whenWritten(e.Date, *at, time.Now()); err != nil {
		return c.usageError("add", err)
	}
	if *date != "" || *at != "" {
		// A day or so ahead is another time zone; further is most often a
		// mistyped year, and the entry would wait unseen at the top.
		if tomorrow := journal.DateOf(time.Now()).AddDays(1); e.Date.Compare(tomorrow) > 0 && !*yes {
			fmt.Fprintln(c.stderr, "tend add: "+i18n.L("{{.Day}} is in the future, so nothing was saved. If that is the day you mean, add --yes.", i18n.Data{"Day": e.Date}))
			return app.ExitUsage
		}
	}
	if *mood < 0 || journal.Mood(*mood) > journal.MaxMood {
		return c.usageError("add", errors.New(i18n.L("--mood is from 1 to {{.Max}}.", i18n.Data{"Max": int(journal.MaxMood)})))
	}
	body, err := io.ReadAll(io.LimitReader(c.stdin, maxBody+1))
	if err != nil {
		return c.fail(fmt.Errorf("%s: %w", i18n.L("Tend could not read the entry from standard input"), err))
	}
	if len(body) > maxBody {
		return c.fail(errors.New(i18n.L("The entry is longer than {{.Size}} MiB, so nothing was saved.", i18n.Data{"Size": maxBody >> 20})))
	}
	e.Body = strings.TrimRight(string(body), "\n")
	if isEmpty(e) && len(attach) == 0 {
		fmt.Fprintln(c.stderr, "tend add: "+i18n.L("The entry has no words, so nothing was saved. Write its text on standard input:")+` echo "..." | tend add`)
		return app.ExitUsage
	}
	// Every file is checked before the password is asked: one that
	// cannot be kept leaves the journal as it was.
	files, code, ok := c.filesToAttach(attach)
	if !ok {
		return code
	}
	v, code := c.open()
	if v == nil {
		return code
	}
	defer v.Close()
	if *book != "" {
		_, j, err := journalOf(v, *book)
		if err != nil {
			return c.usageError("add", err)
		}
		e.Journal = j.ID
	}
	if len(files) > 0 {
		if err := v.PutWithFiles(e, files); err != nil {
			return c.failAttach(err)
		}
	} else if err := v.Put(e); err != nil {
		return c.fail(err)
	}
	fmt.Fprintln(c.stdout, e.ID)
	c.tellStripped(e.Files)
	return app.ExitOK
}

// whenWritten decides the day and the time an added entry was written,
// from --date (day, zero when not given) and --time (at, empty when not
// given) at the moment now. With neither, the entry was written now. A
// time of day (21:40) is on the day, on this machine's clock; a whole
// moment (2024-03-05T21:40:00+01:00, or 2024-03-05 21:40 on this clock)
// gives the day too, unless --date names another, as for a page written
// after midnight about the day before. A day alone says nothing of the
// time, and the entry gets none rather than one made up.
func whenWritten(day journal.Date, at string, now time.Time) (journal.Date, time.Time, error) {
	at = strings.TrimSpace(at)
	switch {
	case at == "" && day.IsZero():
		return journal.DateOf(now), journal.WrittenAt(now), nil
	case at == "":
		return day, time.Time{}, nil
	}
	if h, m, sec, err := journal.ParseClock(at); err == nil {
		if day.IsZero() {
			day = journal.DateOf(now)
		}
		return day, journal.WrittenAt(time.Date(day.Year, day.Month, day.Day, h, m, sec, 0, now.Location())), nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04"} {
		t, err := time.ParseInLocation(layout, at, now.Location())
		if err != nil {
			continue
		}
		if day.IsZero() {
			day = journal.DateOf(t)
		}
		return day, journal.WrittenAt(t), nil
	}
	return day, time.Time{}, errors.New(i18n.L("--time takes a time of day (21:40) or a day and time (2024-03-05T21:40 or 2024-03-05T21:40:00+01:00), not \"{{.Time}}\".", i18n.Data{"Time": at}))
}
