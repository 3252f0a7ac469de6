package main

import (
	"bytes"
	"strings"
	"testing"
)

// sampleRun is the output of one `make bench` (1k and 10k entries) on a
// shared two-core machine, as written to build/bench.txt.
const sampleRun = `bench-note: load average at the start: 8.50, 6.76, 4.16
goos: linux
goarch: amd64
pkg: tend/vault
cpu: Oxide Virtual Turin-like Processor             
BenchmarkUnlock/entries=1000-2         	      30	 108699548 ns/op	        39.17 unlock-ms
BenchmarkUnlock/entries=10000-2        	      30	 290164031 ns/op	       139.5 unlock-ms
BenchmarkSearch/entries=1000/common-2  	      30	   2648146 ns/op	         2.423 search-p50-ms
BenchmarkSearch/entries=1000/rare-2    	      30	   2707789 ns/op	         2.587 search-p50-ms
BenchmarkSearch/entries=1000/phrase-2  	      30	   1045770 ns/op	         0.8447 search-p50-ms
BenchmarkSearch/entries=10000/common-2 	      30	  12040313 ns/op	         4.100 search-p50-ms
BenchmarkSearch/entries=10000/rare-2   	      30	   7875003 ns/op	         7.170 search-p50-ms
BenchmarkSearch/entries=10000/phrase-2 	      30	  12328237 ns/op	         7.990 search-p50-ms
BenchmarkSave/entries=1000-2           	      30	  47828488 ns/op	         1.798 save-p50-ms	        53.37 save-p99-ms
BenchmarkSave/entries=10000-2          	      30	  34810783 ns/op	         1.598 save-p50-ms	        30.04 save-p99-ms
BenchmarkFootprint/entries=1000-2      	      30	        37.43 ns/op	         1.789 disk-ratio
BenchmarkFootprint/entries=10000-2     	      30	       113.2 ns/op	         1.342 disk-ratio
BenchmarkResidentMemory/entries=1000-2 	      30	        39.40 ns/op	        25.90 rss-MB
BenchmarkResidentMemory/entries=10000-2         	      30	        31.40 ns/op	        58.50 rss-MB	         0.7100 vault-idle-pct
PASS
ok  	tend/vault	39.476s
goos: linux
goarch: amd64
pkg: tend/vault
cpu: Oxide Virtual Turin-like Processor             
BenchmarkBackup/entries=10000-2         	       2	3580049684 ns/op	        26.00 backup-MB	        22.85 backup-MBps	         0.04892 backup-ratio	      1799 limit-age-MBps	       467.2 limit-scan-MBps	        12.08 restore-MBps	         0.02585 restore-ratio
BenchmarkLimits/entries=1000-2          	       2	       240.5 ns/op	      1119 aead-open-MBps	       340.2 aead-seal-MBps	       574.8 age-scrypt-dec-MBps	       556.7 age-scrypt-enc-MBps	      1526 age-x25519-dec-MBps	      1296 age-x25519-enc-MBps	       207.0 badger-read-MBps	        49.40 badger-write-MBps	         1.736 raw-MB	         1.338 raw-disk-ratio	         0.5658 raw-save-p50-ms	         4.558 raw-save-p99-ms	        13.35 raw-unlock-ms
BenchmarkLimits/entries=10000-2         	       2	       276.0 ns/op	       644.6 aead-open-MBps	       503.6 aead-seal-MBps	       496.0 age-scrypt-dec-MBps	       868.1 age-scrypt-enc-MBps	       721.0 age-x25519-dec-MBps	       861.7 age-x25519-enc-MBps	       159.1 badger-read-MBps	        22.23 badger-write-MBps	        17.69 raw-MB	         1.318 raw-disk-ratio	         0.5644 raw-save-p50-ms	         6.648 raw-save-p99-ms	        40.10 raw-unlock-ms
PASS
ok  	tend/vault	23.222s
BenchmarkColdStart/entries=0	5	2972531285 ns/op	2972.5 coldstart-ms	238.6 exec-ms
BenchmarkAppMemory/entries=10000	1	0 ns/op	339.9 gui-rss-MB	180.4 locked-rss-MB	159.5 gui-over-locked-MB	1.83 idle-cpu-pct	171.2 bare-rss-MB	1.61 idle-floor-pct
bench-note: load average at the end: 10.22, 8.05, 5.06
`

func mustParse(t *testing.T, in string) *run {
	t.Helper()
	r, err := parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// rowFor returns the table row of a figure at a journal size.
func rowFor(t *testing.T, r *run, name string, entries int) row {
	t.Helper()
	for _, m := range r.measures {
		if c := r.row(m); c.figure == name && m.entries == entries {
			return c
		}
	}
	t.Fatalf("no row %q at %d entries", name, entries)
	return row{}
}

func TestSampleRun(t *testing.T) {
	r := mustParse(t, sampleRun)
	// 2 unlock, 6 search, 2+2 save, 1 backup, 1 restore, 2 vault memory,
	// 1 app memory and its share beyond the locked window, 1 app at rest,
	// 2 disk, 1 cold start, 8 limits at each of 2 sizes, the bare
	// window's 2 and the vault at rest at 10k.
	if len(r.measures) != 41 {
		t.Fatalf("%d figures, want 41", len(r.measures))
	}
	for _, tc := range []struct {
		name    string
		entries int
		want    row
	}{
		{"unlock beyond KDF", 10000, row{"unlock beyond KDF", "10000", "140", "ms", "<= 300", "40.1", "0.47", "PASS"}},
		{"search p50 (phrase)", 1000, row{"search p50 (phrase)", "1000", "0.84", "ms", "<= 30", "-", "0.028", "PASS"}},
		{"durable save p50", 1000, row{"durable save p50", "1000", "1.80", "ms", "-", "0.57", "-", "-"}},
		{"durable save p99", 10000, row{"durable save p99", "10000", "30.0", "ms", "<= 15", "6.65", "2.00", "MISS"}},
		// The limit is the raw Badger scan, 159.1 MB/s of store, in MB of
		// archive: 159.1 * 26.00/17.69 = 233.8, below age's 868.1.
		{"backup export", 10000, row{"backup export", "10000", "22.9", "MB/s", ">= 0.7x", "234", "0.098", "MISS"}},
		// The raw batch write, 22.23 * 26.00/17.69 = 32.67, below age's 496.
		{"backup restore", 10000, row{"backup restore", "10000", "12.1", "MB/s", ">= 0.7x", "32.7", "0.37", "MISS"}},
		{"resident memory, vault alone", 10000, row{"resident memory, vault alone", "10000", "58.5", "MB", "<= 120", "-", "0.49", "PASS"}},
		{"resident memory, app unlocked", 10000, row{"resident memory, app unlocked", "10000", "340", "MB", "<= 120", "171", "2.83", "MISS"}},
		{"disk per byte of writing", 1000, row{"disk per byte of writing", "1000", "1.79", "x", "<= 1.6", "1.34", "1.12", "MISS"}},
		{"app at rest, share of one core", 10000, row{"app at rest, share of one core", "10000", "1.83", "%", "<= 0.5", "1.61", "3.66", "MISS"}},
		{"vault alone at rest, share of one core", 10000, row{"vault alone at rest, share of one core", "10000", "0.71", "%", "-", "-", "-", "-"}},
		{"limit: the toolkit's bare window at rest", 10000, row{"limit: the toolkit's bare window at rest", "10000", "1.61", "%", "-", "-", "-", "-"}},
		{"app memory beyond the locked window", 10000, row{"app memory beyond the locked window", "10000", "160", "MB", "<= 40", "-", "3.99", "MISS"}},
		{"cold start to window", 0, row{"cold start to window", "0", "2972", "ms", "<= 500", "239", "5.95", "MISS"}},
		{"limit: Badger scan", 10000, row{"limit: Badger scan", "10000", "159", "MB/s", "-", "-", "-", "-"}},
	} {
		if got := rowFor(t, r, tc.name, tc.entries); got != tc.want {
			t.Errorf("%s at %d:\n got %q\nwant %q", tc.name, tc.entries, got, tc.want)
		}
	}
	if r.failed || len(r.notes) != 2 {
		t.Errorf("failed %v, notes %q", r.failed, r.notes)
	}
}

func TestPrint(t *testing.T) {
	r := mustParse(t, sampleRun)
	var out bytes.Buffer
	if err := r.print(&out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out.String(), "\n")
	if f := strings.Fields(lines[0]); strings.Join(f, " ") != "figure entries value unit target limit ratio result" {
		t.Fatalf("header %q", lines[0])
	}
	// Every row ends with its result, and the figures come in the order
	// of the table, not of the input: cold start before the limits.
	rows := lines[1 : 1+len(r.measures)]
	for _, l := range rows {
		f := strings.Fields(l)
		if res := f[len(f)-1]; res != "PASS" && res != "MISS" && res != "-" {
			t.Errorf("row without a result: %q", l)
		}
	}
	if !strings.HasPrefix(rows[len(rows)-19], "cold start to window") || !strings.HasPrefix(rows[len(rows)-1], "limit: the toolkit's bare window at rest") {
		t.Errorf("rows out of order:\n%s", out.String())
	}
	for _, want := range []string{
		"not measured: backup export at 1000 entries",
		"not measured: backup restore at 1000 entries",
		"bench-note: load average at the end: 10.22, 8.05, 5.06",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestLargeJournal(t *testing.T) {
	// From a run with TEND_BENCH_LARGE=1: memory has the higher bar.
	in := `BenchmarkUnlock/entries=100000-2             	      30	 281297513 ns/op	       241.8 unlock-ms
BenchmarkResidentMemory/entries=100000-2     	      30	        44.10 ns/op	       157.5 rss-MB
BenchmarkSearch/entries=100000/phrase-2      	      30	   7637746 ns/op	         7.525 search-p50-ms
`
	r := mustParse(t, in)
	if got := rowFor(t, r, "resident memory, vault alone", 100000); got.target != "<= 250" || got.result != "PASS" {
		t.Errorf("memory at 100k: %q", got)
	}
	if got := rowFor(t, r, "unlock beyond KDF", 100000); got.limit != "-" || got.ratio != "0.81" || got.result != "PASS" {
		t.Errorf("unlock at 100k without limits: %q", got)
	}
}

func TestBenchLines(t *testing.T) {
	in := `BenchmarkIndexSearch/n=10000/phrase-2        	      30	    940712 ns/op	        21.00 fetches/op	    844595 p50-ns
BenchmarkSearch/entries=10000/phrase-rare-2  	      30	   1246375 ns/op	         1.220 search-p50-ms
BenchmarkSearch/entries=1000/common         	      30	   1371989 ns/op	         1.312 search-p50-ms
BenchmarkBackup/entries=1000-2 	       2	1 ns/op	 2.6 backup-MB	 30.0 backup-MBps
`
	r := mustParse(t, in)
	if len(r.measures) != 3 {
		t.Fatalf("%d figures: %+v", len(r.measures), r.measures)
	}
	rowFor(t, r, "search p50 (phrase-rare)", 10000)
	rowFor(t, r, "search p50 (common)", 1000)
	// No BenchmarkLimits at 1000 entries: no limit, so no verdict.
	if got := rowFor(t, r, "backup export", 1000); got.limit != "-" || got.ratio != "-" || got.result != "-" {
		t.Errorf("backup without a limit: %q", got)
	}
}

func TestPlainFiles(t *testing.T) {
	in := `BenchmarkImportMarkdown/entries=10000-2         	       5	1702009016 ns/op	      1702 import-ms	       282.5 import-kdf-ms	        14.78 notes-MB	       384.6 raw-import-ms
BenchmarkExportMarkdown/entries=10000-2        	       5	9002154921 ns/op	      3120 export-ms	       248.3 export-kdf-ms	      1313 raw-export-ms
`
	r := mustParse(t, in)
	if len(r.measures) != 4 {
		t.Fatalf("%d figures: %+v", len(r.measures), r.measures)
	}
	if got := rowFor(t, r, "import Markdown files, command line", 10000); got != (row{"import Markdown files, command line", "10000", "1702", "ms", "<= 3000", "385", "0.57", "PASS"}) {
		t.Errorf("import: %q", got)
	}
	if got := rowFor(t, r, "Markdown export, command line", 10000); got.limit != "1313" || got.ratio != "1.04" || got.result != "MISS" {
		t.Errorf("export: %q", got)
	}
	if got := rowFor(t, r, "key derivation, within the export", 10000); got.value != "248" || got.result != "-" {
		t.Errorf("key derivation: %q", got)
	}
}

func TestSkipAndFail(t *testing.T) {
	r := mustParse(t, "BenchmarkUnlock/entries=1000-2 \t 30\t 1 ns/op\t 14.5 unlock-ms\n"+
		"bench-skip: cold start and app memory not measured: Xvfb is not installed (make deps installs it)\n")
	if r.failed || len(r.notes) != 1 {
		t.Fatalf("skip: failed %v, notes %q", r.failed, r.notes)
	}
	r = mustParse(t, "bench-fail: the app exited while unlocking\n")
	if !r.failed || len(r.measures) != 0 {
		t.Fatalf("fail: failed %v, %d figures", r.failed, len(r.measures))
	}
	if _, err := parse(strings.NewReader("BenchmarkUnlock/entries=1000-2 \t 30\t 1 ns/op\t 1.2.3 unlock-ms\n")); err == nil {
		t.Error("a malformed number was accepted")
	}
}

func TestNum(t *testing.T) {
	for v, want := range map[float64]string{
		0: "0.00", 0.00012: "0.00012", 0.04892: "0.049", 0.0977: "0.098", 0.2: "0.20", 0.5644: "0.56",
		1.789: "1.79", 22.85: "22.9", 139.5: "140", 1799: "1799", -2.5: "-2.50",
	} {
		if got := num(v); got != want {
			t.Errorf("num(%v) = %q, want %q", v, got, want)
		}
	}
}
