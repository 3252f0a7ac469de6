// Command benchtable reads `go test -bench` output on standard input and
// prints Tend's performance figures as one table against the targets in
// DESIGN.md: one line per figure, in the form
//
//	figure  entries  value  unit  target  PASS|MISS
//
// The targets are the bar at 100k entries; smaller journals are held to the
// same bar (memory has its own, lower, bar at 10k). It exits non-zero only
// when the input holds no figures at all, so a missed target is reported,
// not hidden, and does not break the build.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"text/tabwriter"
)

// target is one figure's bar.
type target struct {
	figure string
	unit   string
	max    func(entries int) float64 // 0 means no bar, only a reading
	// atLeast turns the bar into a floor: the figure must reach it.
	atLeast bool
}

func fixed(v float64) func(int) float64 { return func(int) float64 { return v } }

var targets = map[string]target{
	"unlock-ms":     {"unlock beyond KDF", "ms", fixed(300), false},
	"search-p50-ms": {"search p50", "ms", fixed(30), false},
	"save-p50-ms":   {"durable save p50", "ms", fixed(0), false},
	"save-p99-ms":   {"durable save p99", "ms", fixed(15), false},
	"disk-ratio":    {"disk per plaintext", "x", fixed(1.6), false},
	"rss-MB": {"resident memory", "MB", func(n int) float64 {
		if n <= 10000 {
			return 120
		}
		return 250
	}, false},
	"backup-ratio":  {"backup / machine limit", "x", fixed(0.7), true},
	"restore-ratio": {"restore / machine limit", "x", fixed(0.7), true},
}

var benchLine = regexp.MustCompile(`^Benchmark(\w+)/entries=(\d+)(?:/(\w+))?(?:-\d+)?\s+\d+\s+(.*)$`)

type row struct {
	figure  string
	entries int
	value   float64
	unit    string
	max     float64
	atLeast bool
}

func main() {
	rows, err := parse(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
	if len(rows) == 0 {
		fmt.Fprintln(os.Stderr, "benchtable: no figures in the input")
		os.Exit(1)
	}
	print(os.Stdout, rows)
}

func parse(r io.Reader) ([]row, error) {
	var rows []row
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		m := benchLine.FindStringSubmatch(strings.TrimSpace(sc.Text()))
		if m == nil {
			continue
		}
		entries, _ := strconv.Atoi(m[2])
		fields := strings.Fields(m[4])
		for i := 0; i+1 < len(fields); i += 2 {
			t, ok := targets[fields[i+1]]
			if !ok {
				continue
			}
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				return nil, fmt.Errorf("reading %q: %w", sc.Text(), err)
			}
			name := t.figure
			if m[3] != "" {
				name += " (" + m[3] + ")"
			}
			rows = append(rows, row{figure: name, entries: entries, value: v, unit: t.unit, max: t.max(entries), atLeast: t.atLeast})
		}
	}
	return rows, sc.Err()
}

func print(w io.Writer, rows []row) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "figure\tentries\tvalue\tunit\ttarget\tresult")
	for _, r := range rows {
		tgt, verdict := "-", "-"
		switch {
		case r.max > 0 && r.atLeast:
			tgt = ">= " + strconv.FormatFloat(r.max, 'g', -1, 64)
			verdict = "PASS"
			if r.value < r.max {
				verdict = "MISS"
			}
		case r.max > 0:
			tgt = "<= " + strconv.FormatFloat(r.max, 'g', -1, 64)
			verdict = "PASS"
			if r.value > r.max {
				verdict = "MISS"
			}
		}
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%s\t%s\t%s\n", r.figure, r.entries, r.value, r.unit, tgt, verdict)
	}
	tw.Flush()
}
