package app

import (
	"testing"
	"time"
)

func TestIdleTimer(t *testing.T) {
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	it := NewIdleTimer(clock, 5*time.Minute)
	now = now.Add(4 * time.Minute)
	if it.Expired() {
		t.Fatal("expired after 4 of 5 minutes")
	}
	it.Touch()
	now = now.Add(4 * time.Minute)
	if it.Expired() {
		t.Fatal("a touch did not restart the timer")
	}
	now = now.Add(time.Minute)
	if !it.Expired() {
		t.Fatal("not expired after 5 quiet minutes")
	}
	it.SetTimeout(0)
	if it.Expired() {
		t.Fatal("auto-lock off still expires")
	}
}
