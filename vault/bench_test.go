package vault_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"tend/internal/sample"
	"tend/journal"
	"tend/search"
	"tend/vault"
)

// The benchmarks measure DESIGN.md's performance figures on generated
// journals of realistic entries: 1k and 10k entries by default, and 100k as
// well when TEND_BENCH_LARGE=1. Each reports its figure with b.ReportMetric;
// BenchmarkLimits (limits_bench_test.go) measures the machine's own limits
// on the same bytes, and `make bench` prints them all as one table against
// the targets (see scripts/benchtable), with the figures only the real app
// can show (scripts/bench_gui.sh).

var benchPassword = []byte("benchmark password, not a secret")

func benchSizes() []int {
	if os.Getenv("TEND_BENCH_LARGE") == "1" {
		return []int{1000, 10000, 100000}
	}
	return []int{1000, 10000}
}

type benchVault struct {
	dir   string
	plain int
}

var (
	benchMu     sync.Mutex
	benchVaults = map[int]*benchVault{}
	benchRoot   string
)

// benchEnd is the last day of every generated journal.
var benchEnd = journal.Date{Year: 2026, Month: 11, Day: 23}

// TestMain removes the journals the benchmarks generated. It runs as the
// memory probe when asked to (see BenchmarkResidentMemory), or makes a
// journal for scripts/bench_gui.sh to open in the real app: with
// TEND_BENCH_MAKE_DIR set it creates there a journal of
// TEND_BENCH_MAKE_ENTRIES generated entries, protected by the password on
// the first line of standard input with the default key derivation, as a
// person's journal would be.
func TestMain(m *testing.M) {
	if dir := os.Getenv("TEND_BENCH_RSS_DIR"); dir != "" {
		os.Exit(rssProbe(dir))
	}
	if dir := os.Getenv("TEND_BENCH_MAKE_DIR"); dir != "" {
		os.Exit(makeAppJournal(dir))
	}
	code := m.Run()
	if benchRoot != "" {
		os.RemoveAll(benchRoot)
	}
	os.Exit(code)
}

// journalOf returns a vault of n generated entries, made once per run.
func journalOf(b *testing.B, n int) *benchVault {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if bv := benchVaults[n]; bv != nil {
		return bv
	}
	if benchRoot == "" {
		var err error
		if benchRoot, err = os.MkdirTemp("", "tend-bench-"); err != nil {
			b.Fatal(err)
		}
	}
	dir := filepath.Join(benchRoot, strconv.Itoa(n))
	plain, err := makeJournal(dir, n, benchPassword, vault.TestKDF)
	if err != nil {
		b.Fatal(err)
	}
	bv := &benchVault{dir: dir, plain: plain}
	benchVaults[n] = bv
	return bv
}

// makeJournal creates in dir a compacted vault of n generated entries and
// returns its bytes of writing. The seed is n, so every journal of a size
// holds the same entries.
func makeJournal(dir string, n int, password []byte, kdf vault.KDFParams) (int, error) {
	v, _, err := vault.Create(dir, password, kdf)
	if err != nil {
		return 0, err
	}
	entries := sample.Journal(uint64(n), n, benchEnd)
	writeSomeInJapanese(entries)
	for i := 0; i < len(entries); i += 5000 {
		if err := v.Import(entries[i:min(i+5000, len(entries))]); err != nil {
			v.Close()
			return 0, err
		}
	}
	if err := v.Compact(); err != nil {
		v.Close()
		return 0, err
	}
	return sample.PlainBytes(entries), v.Close()
}

// japanese are sentences of a journal written in Japanese, where words
// are not set apart by spaces.
var japanese = []string{
	"私は信頼を学んでいます。",
	"今日は心が少し軽くなった。",
	"彼の言葉と行動を見て、少しずつ信頼が戻ってきた。",
	"小さい頃の自分に手紙を書いた。",
	"夜はまだ不安になるけれど、呼吸をゆっくりにすると落ち着く。",
	"セラピーで境界線について話した。",
}

// writeSomeInJapanese adds a paragraph in Japanese to one entry in 25, as a
// person who writes in two languages would, so that searches for words of
// a script without spaces are measured on the generated journals.
func writeSomeInJapanese(entries []*journal.Entry) {
	for i := 0; i < len(entries); i += 25 {
		e := entries[i]
		var b strings.Builder
		for j := range 2 + i%3 {
			b.WriteString(japanese[(i/25+j)%len(japanese)])
		}
		e.Body += "\n\n" + b.String()
		e.Words = e.CountWords()
	}
}

// makeAppJournal makes the journal for scripts/bench_gui.sh that TestMain
// describes.
func makeAppJournal(dir string) int {
	n, err := strconv.Atoi(os.Getenv("TEND_BENCH_MAKE_ENTRIES"))
	if err != nil || n < 1 {
		fmt.Fprintln(os.Stderr, "TEND_BENCH_MAKE_ENTRIES must be a number of entries")
		return 2
	}
	pw, err := bufio.NewReader(os.Stdin).ReadString('\n')
	pw = strings.TrimSuffix(pw, "\n")
	if pw == "" {
		fmt.Fprintln(os.Stderr, "no password on standard input:", err)
		return 2
	}
	if _, err := makeJournal(dir, n, []byte(pw), vault.DefaultKDF); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

func openBench(b *testing.B, dir string) *vault.Vault {
	b.Helper()
	v, err := vault.Open(dir, benchPassword)
	if err != nil {
		b.Fatal(err)
	}
	return v
}

func percentile(d []time.Duration, p float64) float64 {
	s := slices.Clone(d)
	slices.Sort(s)
	i := int(p * float64(len(s)-1))
	return float64(s[i]) / float64(time.Millisecond)
}

// BenchmarkUnlock measures unlock to first screen beyond the key derivation:
// opening the store, reading every summary, and listing the first page.
func BenchmarkUnlock(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			bv := journalOf(b, n)
			key, err := vault.DeriveForBench(bv.dir, benchPassword)
			if err != nil {
				b.Fatal(err)
			}
			var times []time.Duration
			for b.Loop() {
				start := time.Now()
				v, err := vault.OpenWithKey(bv.dir, key)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := v.List(vault.ListQuery{Limit: 50}); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
				v.Close()
			}
			b.ReportMetric(percentile(times, 0.5), "unlock-ms")
		})
	}
}

// BenchmarkSearch measures warm full-text search for a common word, a rare
// word, a phrase, the start of a word and a Japanese word (found inside a
// sentence written without spaces), first page of results with snippets.
func BenchmarkSearch(b *testing.B) {
	queries := map[string]string{
		"common": "felt", "rare": "jalapeno", "phrase": `"felt safe"`,
		"prefix": "betra", "cjk": "信頼",
	}
	for _, n := range benchSizes() {
		bv := journalOf(b, n)
		v := openBench(b, bv.dir)
		if err := v.WaitIndex(context.Background()); err != nil {
			b.Fatal(err)
		}
		for _, kind := range []string{"common", "rare", "phrase", "prefix", "cjk"} {
			b.Run(fmt.Sprintf("entries=%d/%s", n, kind), func(b *testing.B) {
				q := search.ParseQuery(queries[kind])
				v.Search(q, 0, 20) // warm
				var times []time.Duration
				for b.Loop() {
					start := time.Now()
					if _, _, err := v.Search(q, 0, 20); err != nil {
						b.Fatal(err)
					}
					times = append(times, time.Since(start))
				}
				b.ReportMetric(percentile(times, 0.5), "search-p50-ms")
			})
		}
		v.Close()
	}
}

// BenchmarkGet measures opening one entry whole, as the window does when a
// person picks it from the list: its summary is in memory, its body is
// read from the store. The entries are read in turn, so most reads miss
// the store's cache of blocks on the larger journal, as a person's do.
func BenchmarkGet(b *testing.B) {
	for _, n := range benchSizes() {
		bv := journalOf(b, n)
		v := openBench(b, bv.dir)
		if err := v.WaitIndex(context.Background()); err != nil {
			b.Fatal(err)
		}
		list, err := v.List(vault.ListQuery{})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			i := 0
			for b.Loop() {
				if _, err := v.Get(list[i%len(list)].ID); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		v.Close()
	}
}

// BenchmarkSave measures a durable save of one entry of about 1.5 KB: Put
// returns only once the write is synced.
func BenchmarkSave(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			bv := journalOf(b, n)
			v := openBench(b, bv.dir)
			defer v.Close()
			if err := v.WaitIndex(context.Background()); err != nil {
				b.Fatal(err)
			}
			extra := sample.Journal(99, 200, journal.Date{Year: 2027, Month: 1, Day: 1})
			var times []time.Duration
			i := 0
			// Each iteration is ten saves, so a short run still has enough
			// samples for a p99.
			for b.Loop() {
				for range 10 {
					e := *extra[i%len(extra)]
					e.ID = journal.ID{}
					i++
					start := time.Now()
					if err := v.Put(&e); err != nil {
						b.Fatal(err)
					}
					times = append(times, time.Since(start))
				}
			}
			// Saves the benchmark added are purged so later figures see
			// the journal as generated.
			b.StopTimer()
			added, _ := v.List(vault.ListQuery{From: journal.Date{Year: 2026, Month: 11, Day: 24}})
			for _, e := range added {
				v.Purge(e.ID)
			}
			b.ReportMetric(percentile(times, 0.5), "save-p50-ms")
			b.ReportMetric(percentile(times, 0.99), "save-p99-ms")
		})
	}
}

// BenchmarkFootprint reports bytes on disk per byte of writing, after
// compaction and value-log GC.
func BenchmarkFootprint(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			bv := journalOf(b, n)
			// One compaction is the measurement; the loop is empty.
			v := openBench(b, bv.dir)
			if err := v.Compact(); err != nil {
				b.Fatal(err)
			}
			v.Close()
			for b.Loop() {
			}
			b.ReportMetric(float64(diskUsage(b, bv.dir))/float64(bv.plain), "disk-ratio")
		})
	}
}

// BenchmarkResidentMemory starts a fresh process that unlocks the journal,
// waits for the search index, and reports its resident memory: a
// benchmark's own process holds the generator's garbage and would lie.
// The same process then rests, the journal open and nothing asked of it,
// and reports its share of one core over restSeconds (where the system
// tells a process its own processor time): what the vault costs the app at
// rest, the store's background work included.
func BenchmarkResidentMemory(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			bv := journalOf(b, n)
			// One probe process is the measurement; the loop is empty.
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "TEND_BENCH_RSS_DIR="+bv.dir)
			cmd.Stderr = os.Stderr // TEND_BENCH_RSS_DETAIL=1 prints anonymous and file-backed parts
			out, err := cmd.Output()
			if err != nil {
				b.Fatalf("memory probe: %v: %s", err, out)
			}
			said := strings.Fields(string(out))
			if len(said) != 2 {
				b.Fatalf("memory probe said %q", out)
			}
			mb, err := strconv.ParseFloat(said[0], 64)
			if err != nil {
				b.Fatalf("memory probe said %q", out)
			}
			for b.Loop() {
			}
			b.ReportMetric(mb, "rss-MB")
			if pct, err := strconv.ParseFloat(said[1], 64); err == nil {
				b.ReportMetric(pct, "vault-idle-pct")
			}
		})
	}
}

// restSeconds is how long the probe rests while its processor time is
// read, after a settling pause of 2 s.
const restSeconds = 10

// rssProbe prints the resident memory in MB and the share of one core at
// rest in per cent, or "-" where the share is not read.
func rssProbe(dir string) int {
	v, err := vault.Open(dir, benchPassword)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer v.Close()
	if err := v.WaitIndex(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	runtime.GC()
	debug.FreeOSMemory()
	f, err := os.Open("/proc/self/status")
	if err != nil {
		// Not Linux: report the Go heap in use instead.
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		fmt.Printf("%.1f %s\n", float64(ms.Sys)/(1<<20), restShare())
		return 0
	}
	defer f.Close()
	if os.Getenv("TEND_BENCH_RSS_DETAIL") != "" {
		smapsTop()
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if os.Getenv("TEND_BENCH_RSS_DETAIL") != "" && strings.HasPrefix(sc.Text(), "Rss") {
			fmt.Fprintln(os.Stderr, sc.Text())
		}
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.Fields(rest)[0], 64)
			fmt.Printf("%.1f %s\n", kb/1024, restShare())
		}
	}
	return 0
}

// restShare rests and returns this process's processor time over the rest
// as a share of one core, or "-" where it cannot be read.
func restShare() string {
	time.Sleep(2 * time.Second)
	start, ok := processCPU()
	if !ok {
		return "-"
	}
	time.Sleep(restSeconds * time.Second)
	end, _ := processCPU()
	return fmt.Sprintf("%.2f", 100*(end-start).Seconds()/restSeconds)
}

func diskUsage(b *testing.B, dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		// The fixed 24 MiB space reserve is the same for every journal and
		// is given back when the disk fills; it is not the journal's size.
		if err == nil && !fi.IsDir() && fi.Name() != "space.reserve" {
			n += vault.AllocatedBytes(fi)
		}
		return nil
	})
	return n
}

// smapsTop prints the mappings holding more than 2 MB, to see where resident
// memory goes.
func smapsTop() {
	b, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		return
	}
	var name string
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) >= 5 && strings.Contains(f[0], "-") {
			name = strings.Join(f[5:], " ")
			continue
		}
		if len(f) == 3 && f[0] == "Rss:" {
			if kb, _ := strconv.Atoi(f[1]); kb > 2048 {
				fmt.Fprintf(os.Stderr, "%8d kB %s\n", kb, name)
			}
		}
	}
}
