package vault

import (
	"context"
	"strings"
	"testing"

	"tend/journal"
	"tend/search"
)

// TestSearchFindsAnEntryByItsFilesNames: "sea" finds the entry that keeps
// sea.jpg, whatever its words, right after the file is attached and after
// unlocking again, when the index is built from what is stored.
func TestSearchFindsAnEntryByItsFilesNames(t *testing.T) {
	v, dir, _ := newTestVault(t)
	with := &journal.Entry{Title: "Saturday", Body: "We walked to the pier."}
	if err := v.PutWithFiles(with, []NewFile{newFile("sea.jpg", []byte("not a picture, kept as it is"))}); err != nil {
		t.Fatal(err)
	}
	later := putEntry(t, v, "Nothing about the coast here.")
	attach(t, v, later.ID, "harbour lights.txt", []byte("a list"))
	putEntry(t, v, "An evening at home.")

	find := func(v *Vault, word string) []Result {
		t.Helper()
		if err := v.WaitIndex(context.Background()); err != nil {
			t.Fatal(err)
		}
		res, _, err := v.Search(search.ParseQuery(word), 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	check := func(v *Vault, when string) {
		t.Helper()
		if res := find(v, "sea"); len(res) != 1 || res[0].Entry.ID != with.ID || !strings.Contains(res[0].Snippet, "sea.jpg") || len(res[0].Marks) == 0 {
			t.Fatalf("%s: sea finds %d entries, snippet %q", when, len(res), snippetOf(res))
		}
		if res := find(v, "harbour"); len(res) != 1 || res[0].Entry.ID != later.ID {
			t.Fatalf("%s: harbour finds %d entries", when, len(res))
		}
	}
	check(v, "after attaching")
	v.Close()
	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	check(v, "after unlocking again")
}

func snippetOf(res []Result) string {
	if len(res) == 0 {
		return ""
	}
	return res[0].Snippet
}
