package plain

import (
	"strings"
	"time"

	"tend/journal"
)

// jrnl (jrnl.sh) exports a journal with `jrnl --export json` as one object
// whose "entries" hold a title, a body, a local date and time with no time
// zone, tags written with their @ and a star.

// jrnlEntry is one entry of a jrnl JSON export.
type jrnlEntry struct {
	Title   string   `json:"title"`
	Body    string   `json:"body"`
	Date    string   `json:"date"`
	Time    string   `json:"time"`
	Tags    []string `json:"tags"`
	Starred bool     `json:"starred"`
}

// parseJrnl reads a jrnl JSON export.
func parseJrnl(data []byte) (*Plan, error) {
	name := docName{doc: FromJrnl}
	p := &Plan{}
	found, err := walkEntries(name, data, "entries", func(i, line int, raw []byte) error {
		var j jrnlEntry
		if err := decodeItem(name, line, raw, &j); err != nil {
			return err
		}
		item := ImportError{Doc: FromJrnl, Entry: i + 1, Line: line}
		if err := checkText(item, j.Title, j.Body); err != nil {
			return err
		}
		if len(j.Tags) > 1000 {
			item.Fault = FaultTooManyTags
			return &item
		}
		day, err := time.ParseInLocation(time.DateOnly, j.Date, time.Local)
		if err != nil {
			item.Fault, item.Field, item.Value, item.Want = FaultNotWhen, "date", clip(j.Date), WantDay
			return &item
		}
		// jrnl keeps the clock time without its zone: it is read as this
		// machine's, where jrnl most likely ran too.
		created, written := day, time.Time{}
		if j.Time != "" {
			t, err := time.ParseInLocation(time.DateOnly+" 15:04", j.Date+" "+j.Time, time.Local)
			if err != nil {
				item.Fault, item.Field, item.Value, item.Want = FaultNotWhen, "time", clip(j.Time), WantClockTime
				return &item
			}
			created, written = t, journal.WrittenAt(t)
		}
		title, body := strings.TrimSpace(j.Title), strings.Trim(j.Body, "\n")
		if title == "" && strings.TrimSpace(body) == "" {
			p.Skipped = append(p.Skipped, Skipped{What: WhatEntry, Entry: i + 1, Day: j.Date, Why: WhyNoText})
			return nil
		}
		tags := make([]string, 0, len(j.Tags))
		for _, t := range j.Tags {
			tags = append(tags, strings.TrimPrefix(t, "@"))
		}
		p.Entries = append(p.Entries, &journal.Entry{
			ID:      importID(FromJrnl, j.Date, j.Time, j.Title, j.Body),
			Kind:    journal.KindFree,
			Date:    journal.DateOf(created),
			Written: written,
			Created: created,
			Updated: created,
			Title:   title,
			Body:    body,
			Tags:    journal.NormalizeTags(tags),
			Starred: j.Starred,
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, &ImportError{Fault: FaultNoEntries, Doc: FromJrnl}
	}
	return p, nil
}
