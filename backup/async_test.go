package backup

import (
	"bytes"
	"errors"
	"testing"
)

// Memory handed over is written in its place among what is copied, and
// said written only once it is; after the writer fails, it is still let
// go, so a caller waiting for it never waits for ever.
func TestHandedOverMemoryIsWrittenInOrder(t *testing.T) {
	var out bytes.Buffer
	a := newAsyncWriter(&out)
	var want bytes.Buffer
	var written []<-chan struct{}
	for i := range 20 {
		small := bytes.Repeat([]byte{byte('a' + i)}, 1000*i)
		big := bytes.Repeat([]byte{byte('A' + i)}, asyncBuffer+7*i)
		if _, err := a.Write(small); err != nil {
			t.Fatal(err)
		}
		w, err := a.handOver(big)
		if err != nil {
			t.Fatal(err)
		}
		written = append(written, w)
		want.Write(small)
		want.Write(big)
	}
	if _, err := a.Write([]byte("end")); err != nil {
		t.Fatal(err)
	}
	want.WriteString("end")
	if err := a.close(); err != nil {
		t.Fatal(err)
	}
	for i, w := range written {
		select {
		case <-w:
		default:
			t.Fatalf("memory %d is not said written after close", i)
		}
	}
	if !bytes.Equal(out.Bytes(), want.Bytes()) {
		t.Fatalf("wrote %d bytes, not the %d in order", out.Len(), want.Len())
	}

	failing := newAsyncWriter(failWriter{})
	w, err := failing.handOver([]byte("lost"))
	if err != nil {
		t.Fatal(err)
	}
	<-w
	if err := failing.close(); !errors.Is(err, errDisk) {
		t.Fatalf("close after a failed write: %v", err)
	}
	if _, err := failing.handOver([]byte("more")); err == nil {
		t.Fatal("memory handed over after close was taken")
	}
}

var errDisk = errors.New("the disk is full")

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errDisk }
