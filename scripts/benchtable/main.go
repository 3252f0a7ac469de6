// Command benchtable reads the output of Tend's benchmarks on standard input
// (`go test -bench` lines, and lines in the same form from
// scripts/bench_gui.sh) and prints one table of DESIGN.md's performance
// figures, one line per figure and journal size:
//
//	figure  entries  value  unit  target  limit  ratio  result
//
// The columns:
//
//   - figure: what was measured. Search has one line per kind of query. The
//     rows at the end, named "limit: ...", are the machine's limits
//     themselves.
//   - entries: the size of the generated journal; 0 for cold start, which
//     opens an empty journal folder.
//   - value: the measurement, in unit: ms, MB, MB/s (1 MB = 10^6 bytes), or
//     x for bytes on disk per byte of writing. Backup and restore count MB
//     of backup archive, as BenchmarkBackup does; AEAD and age count MB of
//     plaintext; Badger counts MB of sealed records in the store.
//   - target: DESIGN.md's bar, the one set for 100k entries, which smaller
//     journals must meet too (resident memory has a lower bar up to 10k).
//     For latency, memory and size it is a ceiling on value, "<= N". For a
//     throughput it is a floor on ratio, ">= 0.7x": the figure must reach
//     that fraction of the machine's limit.
//   - limit: the machine's own limit, measured in the same run on the same
//     bytes by BenchmarkLimits (vault/limits_bench_test.go), with Badger,
//     XChaCha20-Poly1305 and age alone, in the figure's unit.
//     For a throughput it is the slower of the raw steps the work is made
//     of: a backup reads the store and writes an age stream (raw Badger
//     scan, raw age encryption), a restore reads an age stream and writes a
//     store (raw age decryption, raw Badger batch write). Badger's rates are
//     turned from MB of store into MB of archive with the two sizes the run
//     measured (the same journal is raw-MB of store and backup-MB of
//     archive), so the ratio compares times for the same journal.
//     For a latency or a size it is the raw cost of the same work, a floor
//     the figure cannot go below: unlock against opening the store and
//     reading the summaries' bytes; a save against one synced Badger
//     transaction of the same records; disk use against the same sealed
//     records in a bare store. The app's figures have floors measured by
//     scripts/bench_gui.sh: cold start against the same binary starting
//     without a window (`tend help`), the unlocked app's memory against the
//     same app before unlocking (its window and graphics stack alone) and
//     against the toolkit's bare window (one line of text at the app's
//     size, from the bench's own build, measure.go), whichever is smaller,
//     and the app at rest against that bare window at rest. The
//     plain-files figures (e2e/plain_bench_test.go), run through the binary
//     with the default key derivation, have floors measured beside them: an
//     import against the key derivation, reading the same files and
//     writing their bytes into one synced file; an export against the key
//     derivation and writing the same files as durably as the export does.
//     The key derivation each includes is a row of its own.
//     "-" where nothing raw bounds the figure: search works in memory, and
//     the vault's own memory has no floor worth the name.
//   - ratio: value/limit for a throughput, judged against the target;
//     value/target for everything else, so above 1 is a miss. "-" where
//     there is no target, or no limit for a throughput.
//   - result: PASS or MISS against the target; "-" for a reading without a
//     target (save p50, cold start) and for the limit rows.
//
// BenchmarkBackup also reports ratios against limits of its own; the table
// uses BenchmarkLimits for every figure, so all are held to limits measured
// the same way.
//
// Under the table come the DESIGN.md figures the run measured at some
// journal sizes but not at others, and the input's lines that begin
// "bench-note:" (the Makefile notes the load average, since the machine may
// be shared), "bench-skip:" or "bench-fail:" (the app's figures were skipped
// or failed). benchtable exits non-zero when the input holds no figures or a
// bench-fail line; a missed target is reported, not hidden, and does not
// fail the run.
package main

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// kind says how a figure is judged.
type kind int

const (
	// ceiling figures (latency, memory, size) pass when value <= target.
	ceiling kind = iota
	// floor figures (throughput) pass when value/limit >= target.
	floor
	// reading figures have no target; they are reported, not judged.
	reading
)

// figure describes one metric a benchmark reports.
type figure struct {
	metric string // the unit in the benchmark line, e.g. "unlock-ms"
	name   string
	unit   string
	kind   kind
	target func(entries int) float64
	// limits are the raw measurements, at the same journal size, whose
	// smallest value is the machine's limit for this figure.
	limits []term
	// everySize marks a DESIGN.md figure that should be measured at every
	// journal size the run covers; a gap is listed under the table.
	everySize bool
}

// term is one raw measurement a limit is made of.
type term struct {
	metric string
	// perArchive converts a rate in MB of the store's sealed records into
	// MB of backup archive, the unit the backup figures count in: the same
	// journal is raw-MB in the store and backup-MB in the archive, so a
	// rate in the one is backup-MB/raw-MB times the rate in the other.
	perArchive bool
}

// raw is a limit of plain terms.
func raw(metrics ...string) []term {
	t := make([]term, len(metrics))
	for i, m := range metrics {
		t[i] = term{metric: m}
	}
	return t
}

func fixed(v float64) func(int) float64 { return func(int) float64 { return v } }

// residentTarget is DESIGN.md's memory bar: 120 MB up to 10k entries, 250 MB
// beyond.
func residentTarget(n int) float64 {
	if n <= 10000 {
		return 120
	}
	return 250
}

// figures are the table's rows, in order: DESIGN.md's figures, then the
// machine's limits.
var figures = []figure{
	{metric: "unlock-ms", name: "unlock beyond KDF", unit: "ms", kind: ceiling, target: fixed(300), limits: raw("raw-unlock-ms"), everySize: true},
	{metric: "search-p50-ms", name: "search p50", unit: "ms", kind: ceiling, target: fixed(30), everySize: true},
	{metric: "save-p50-ms", name: "durable save p50", unit: "ms", kind: reading, limits: raw("raw-save-p50-ms")},
	{metric: "save-p99-ms", name: "durable save p99", unit: "ms", kind: ceiling, target: fixed(15), limits: raw("raw-save-p99-ms"), everySize: true},
	{metric: "backup-MBps", name: "backup export", unit: "MB/s", kind: floor, target: fixed(0.7), limits: []term{{metric: "badger-read-MBps", perArchive: true}, {metric: "age-scrypt-enc-MBps"}}, everySize: true},
	{metric: "restore-MBps", name: "backup restore", unit: "MB/s", kind: floor, target: fixed(0.7), limits: []term{{metric: "badger-write-MBps", perArchive: true}, {metric: "age-scrypt-dec-MBps"}}, everySize: true},
	{metric: "rss-MB", name: "resident memory, vault alone", unit: "MB", kind: ceiling, target: residentTarget, everySize: true},
	{metric: "gui-rss-MB", name: "resident memory, app unlocked", unit: "MB", kind: ceiling, target: residentTarget, limits: raw("locked-rss-MB", "bare-rss-MB")},
	{metric: "gui-over-locked-MB", name: "app memory beyond the locked window", unit: "MB", kind: ceiling, target: fixed(40)},
	{metric: "idle-cpu-pct", name: "app at rest, share of one core", unit: "%", kind: ceiling, target: fixed(0.5), limits: raw("idle-floor-pct")},
	{metric: "vault-idle-pct", name: "vault alone at rest, share of one core", unit: "%", kind: reading},
	{metric: "disk-ratio", name: "disk per byte of writing", unit: "x", kind: ceiling, target: fixed(1.6), limits: raw("raw-disk-ratio"), everySize: true},
	{metric: "coldstart-ms", name: "cold start to window", unit: "ms", kind: ceiling, target: fixed(500), limits: raw("exec-ms")},
	{metric: "attach-beyond-sync-ms", name: "attach a 10 MB photo, beyond the sync", unit: "ms", kind: ceiling, target: fixed(1000), limits: raw("short-save-ms")},
	{metric: "unlock-size-ratio", name: "unlock, large files / as many small", unit: "x", kind: ceiling, target: fixed(1.5)},
	{metric: "photos-backup-MBps", name: "backup export with photos", unit: "MB/s", kind: floor, target: fixed(0.7), limits: raw("photos-scan-MBps", "photos-age-enc-MBps")},
	{metric: "photos-restore-MBps", name: "backup restore with photos", unit: "MB/s", kind: floor, target: fixed(0.7), limits: raw("photos-write-MBps", "photos-age-dec-MBps")},
	{metric: "rotate-MBps", name: "rotation of all keys", unit: "MB/s", kind: floor, target: fixed(0.7), limits: raw("badger-write-MBps")},
	{metric: "big-save-ms", name: "durable save of a 20 MB entry", unit: "ms", kind: ceiling, target: fixed(1000)},
	{metric: "big-open-ms", name: "open a 20 MB entry", unit: "ms", kind: ceiling, target: fixed(500)},
	{metric: "import-ms", name: "import Markdown files, command line", unit: "ms", kind: ceiling, target: fixed(3000), limits: raw("raw-import-ms")},
	{metric: "export-ms", name: "Markdown export, command line", unit: "ms", kind: ceiling, target: fixed(3000), limits: raw("raw-export-ms")},
	{metric: "import-kdf-ms", name: "key derivation, within the import", unit: "ms", kind: reading},
	{metric: "export-kdf-ms", name: "key derivation, within the export", unit: "ms", kind: reading},

	{metric: "aead-seal-MBps", name: "limit: XChaCha20-Poly1305 seal, 1 core", unit: "MB/s", kind: reading},
	{metric: "aead-open-MBps", name: "limit: XChaCha20-Poly1305 open, 1 core", unit: "MB/s", kind: reading},
	{metric: "badger-write-MBps", name: "limit: Badger batch write, synced", unit: "MB/s", kind: reading},
	{metric: "badger-read-MBps", name: "limit: Badger scan", unit: "MB/s", kind: reading},
	{metric: "age-x25519-enc-MBps", name: "limit: age encrypt, X25519", unit: "MB/s", kind: reading},
	{metric: "age-x25519-dec-MBps", name: "limit: age decrypt, X25519", unit: "MB/s", kind: reading},
	{metric: "age-scrypt-enc-MBps", name: "limit: age encrypt, scrypt", unit: "MB/s", kind: reading},
	{metric: "age-scrypt-dec-MBps", name: "limit: age decrypt, scrypt", unit: "MB/s", kind: reading},
	{metric: "bare-rss-MB", name: "limit: the toolkit's bare window, memory", unit: "MB", kind: reading},
	{metric: "idle-floor-pct", name: "limit: the toolkit's bare window at rest", unit: "%", kind: reading},
}

// benchLine matches a benchmark result such as
//
//	BenchmarkSearch/entries=10000/phrase-2  30  3561433 ns/op  3.405 search-p50-ms
//
// capturing the journal size, the sub-benchmark after it if any, and the
// metrics.
var benchLine = regexp.MustCompile(`^Benchmark\w+/entries=(\d+)(?:/([\w-]+?))?(?:-\d+)?\s+\d+\s+(.*)$`)

// measure is one figure's metric from one benchmark line.
type measure struct {
	fig     int // index into figures
	variant string
	entries int
	value   float64
}

// run is everything read from the input.
type run struct {
	measures []measure
	// metrics holds every metric by journal size, for the limit column.
	metrics map[int]map[string]float64
	notes   []string // bench-note, bench-skip and bench-fail lines
	failed  bool
}

func main() {
	r, err := parse(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
	if len(r.measures) == 0 {
		fmt.Fprintln(os.Stderr, "benchtable: no figures in the input")
		for _, n := range r.notes {
			fmt.Fprintln(os.Stderr, n)
		}
		os.Exit(1)
	}
	if err := r.print(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
	if r.failed {
		os.Exit(1)
	}
}

func parse(in io.Reader) (*run, error) {
	byMetric := make(map[string]int, len(figures))
	for i, f := range figures {
		byMetric[f.metric] = i
	}
	r := &run{metrics: map[int]map[string]float64{}}
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "bench-skip:"), strings.HasPrefix(line, "bench-note:"):
			r.notes = append(r.notes, line)
			continue
		case strings.HasPrefix(line, "bench-fail:"):
			r.notes = append(r.notes, line)
			r.failed = true
			continue
		}
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		entries, err := strconv.Atoi(m[1])
		if err != nil {
			return nil, fmt.Errorf("reading %q: %w", line, err)
		}
		fields := strings.Fields(m[3])
		for i := 0; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				return nil, fmt.Errorf("reading %q: %w", line, err)
			}
			unit := fields[i+1]
			if r.metrics[entries] == nil {
				r.metrics[entries] = map[string]float64{}
			}
			r.metrics[entries][unit] = v
			if fi, ok := byMetric[unit]; ok {
				r.measures = append(r.measures, measure{fig: fi, variant: m[2], entries: entries, value: v})
			}
		}
	}
	slices.SortStableFunc(r.measures, func(a, b measure) int {
		return cmp.Or(cmp.Compare(a.fig, b.fig), cmp.Compare(a.entries, b.entries))
	})
	return r, sc.Err()
}

// limit returns the machine's limit for figure f at a journal size, and
// whether the run measured it.
func (r *run) limit(f figure, entries int) (float64, bool) {
	if len(f.limits) == 0 {
		return 0, false
	}
	got := r.metrics[entries]
	lim := math.Inf(1)
	for _, t := range f.limits {
		v, ok := got[t.metric]
		if !ok {
			return 0, false
		}
		if t.perArchive {
			archive, store := got["backup-MB"], got["raw-MB"]
			if archive <= 0 || store <= 0 {
				return 0, false
			}
			v *= archive / store
		}
		lim = min(lim, v)
	}
	return lim, true
}

// row is one line of the table, every column formatted.
type row struct {
	figure, entries, value, unit, target, limit, ratio, result string
}

func (r *run) row(m measure) row {
	f := figures[m.fig]
	out := row{
		figure: f.name, entries: strconv.Itoa(m.entries), value: num(m.value), unit: f.unit,
		target: "-", limit: "-", ratio: "-", result: "-",
	}
	if m.variant != "" {
		out.figure += " (" + m.variant + ")"
	}
	lim, haveLimit := r.limit(f, m.entries)
	if haveLimit {
		out.limit = num(lim)
	}
	switch f.kind {
	case ceiling:
		t := f.target(m.entries)
		ratio := m.value / t
		out.target, out.ratio = "<= "+bar(t), num(ratio)
		out.result = verdict(ratio <= 1)
	case floor:
		t := f.target(m.entries)
		out.target = ">= " + bar(t) + "x"
		if haveLimit && lim > 0 {
			ratio := m.value / lim
			out.ratio = num(ratio)
			out.result = verdict(ratio >= t)
		}
	}
	return out
}

func verdict(pass bool) string {
	if pass {
		return "PASS"
	}
	return "MISS"
}

// num formats a measurement with as many decimals as its size deserves:
// three significant digits or more, and two below 0.1, never an exponent.
func num(v float64) string {
	a := math.Abs(v)
	decimals := 2
	switch {
	case a >= 100:
		decimals = 0
	case a >= 10:
		decimals = 1
	case a > 0 && a < 0.1:
		decimals = 1 - int(math.Floor(math.Log10(a)))
	}
	return strconv.FormatFloat(v, 'f', decimals, 64)
}

// bar formats a target as DESIGN.md writes it.
func bar(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// gaps lists the DESIGN.md figures the run measured at some journal sizes
// but not at others.
func (r *run) gaps() []string {
	// The journal sizes are those some figure measured at every size
	// reports: the attached files' figures use journals of their own.
	var sizes []int
	for _, m := range r.measures {
		if figures[m.fig].everySize && !slices.Contains(sizes, m.entries) {
			sizes = append(sizes, m.entries)
		}
	}
	slices.Sort(sizes)
	seen := map[[2]int]bool{}
	for _, m := range r.measures {
		seen[[2]int{m.fig, m.entries}] = true
	}
	var out []string
	for fi, f := range figures {
		if !f.everySize {
			continue
		}
		var missing []string
		for _, n := range sizes {
			if !seen[[2]int{fi, n}] {
				missing = append(missing, strconv.Itoa(n))
			}
		}
		if len(missing) > 0 {
			out = append(out, fmt.Sprintf("not measured: %s at %s entries", f.name, strings.Join(missing, ", ")))
		}
	}
	return out
}

func (r *run) print(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "figure\tentries\tvalue\tunit\ttarget\tlimit\tratio\tresult")
	for _, m := range r.measures {
		c := r.row(m)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.figure, c.entries, c.value, c.unit, c.target, c.limit, c.ratio, c.result)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "ratio: value/limit for MB/s figures, whose target is a floor on it; value/target for the rest.")
	fmt.Fprintln(w, "limit: the same work done by Badger, XChaCha20-Poly1305 or age alone, measured in this run.")
	for _, s := range r.gaps() {
		fmt.Fprintln(w, s)
	}
	for _, n := range r.notes {
		fmt.Fprintln(w, n)
	}
	return nil
}
