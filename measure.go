//go:build benchprofile && unix

package main

import (
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"syscall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// This file is built only with the benchprofile tag, by scripts/bench_gui.sh,
// into a binary of its own that is never shipped. It gives the bench two
// aids it cannot have from outside the process:
//
//   - TEND_BENCH_BARE=1 opens the toolkit's bare window (one line of text,
//     nothing focused, no journal) in place of the app: the floor under the
//     app's memory and its processor use at rest, measured the same way.
//   - TEND_BENCH_CPUPROFILE=FILE profiles the processor from the signal
//     SIGUSR1 until SIGUSR2, into FILE, so the bench can profile the app at
//     rest over the same 30 s it measures, and at SIGUSR2 writes the memory
//     in use, by where it was allocated, into FILE.heap. A profile holds
//     function names, sizes and counts only, never anything the journal
//     holds.

func init() { measuring = measure }

// measure starts what the environment asks for; it reports true when it ran
// a window of its own, which has then closed.
func measure(a fyne.App) bool {
	if path := os.Getenv("TEND_BENCH_CPUPROFILE"); path != "" {
		profileOnSignal(path)
	}
	if os.Getenv("TEND_BENCH_BARE") == "" {
		return false
	}
	w := a.NewWindow("Tend")
	w.SetContent(widget.NewLabel("A bare window of the toolkit, to measure against."))
	w.Resize(fyne.NewSize(900, 640)) // the size the app opens at
	w.ShowAndRun()
	return true
}

// profileOnSignal writes a processor profile to path between SIGUSR1 and
// SIGUSR2, and a heap profile to path.heap at SIGUSR2.
func profileOnSignal(path string) {
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, syscall.SIGUSR1, syscall.SIGUSR2)
	go func() {
		var f *os.File
		for s := range sig {
			switch {
			case s == syscall.SIGUSR1 && f == nil:
				var err error
				if f, err = os.Create(path); err != nil {
					fmt.Fprintln(os.Stderr, "measure:", err)
					continue
				}
				if err := pprof.StartCPUProfile(f); err != nil {
					fmt.Fprintln(os.Stderr, "measure:", err)
					f.Close()
					f = nil
				}
			case s == syscall.SIGUSR2 && f != nil:
				pprof.StopCPUProfile()
				if err := f.Close(); err != nil {
					fmt.Fprintln(os.Stderr, "measure:", err)
				}
				f = nil
				if err := writeHeap(path + ".heap"); err != nil {
					fmt.Fprintln(os.Stderr, "measure:", err)
				}
			}
		}
	}()
}

// writeHeap writes the heap profile, as of the last collection, to path.
func writeHeap(path string) error {
	runtime.GC() // the profile counts what the last collection left
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
