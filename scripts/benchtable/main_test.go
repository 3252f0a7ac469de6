package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestParseAndPrint(t *testing.T) {
	in := `goos: linux
BenchmarkUnlock/entries=1000-2         	       1	  40000000 ns/op	        40.5 unlock-ms
BenchmarkSearch/entries=10000/phrase-2 	       1	   1000000 ns/op	        45.0 search-p50-ms
BenchmarkSave/entries=1000-2           	     100	   3000000 ns/op	         2.1 save-p50-ms	         9.9 save-p99-ms
BenchmarkResidentMemory/entries=100000-2 	 1	 1 ns/op	 200 rss-MB
PASS
`
	rows, err := parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 {
		t.Fatalf("%d rows: %+v", len(rows), rows)
	}
	var out bytes.Buffer
	print(&out, rows)
	got := out.String()
	for _, want := range []string{
		"unlock beyond KDF", "search p50 (phrase)  10000", "MISS", "durable save p99", "resident memory",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("table lacks %q:\n%s", want, got)
		}
	}
	if strings.Count(got, "PASS") != 3 {
		t.Errorf("want 3 PASS lines:\n%s", got)
	}
}

func TestFloorTargets(t *testing.T) {
	in := "BenchmarkBackup/entries=10000-2 \t 2\t 1 ns/op\t 0.05 backup-ratio\t 0.9 restore-ratio\n"
	rows, err := parse(strings.NewReader(in))
	if err != nil || len(rows) != 2 {
		t.Fatalf("%v %+v", err, rows)
	}
	var out bytes.Buffer
	print(&out, rows)
	if !strings.Contains(out.String(), ">= 0.7  MISS") || !strings.Contains(out.String(), ">= 0.7  PASS") {
		t.Fatalf("floors misjudged:\n%s", out.String())
	}
}
