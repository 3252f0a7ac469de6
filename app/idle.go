package app

import (
	"sync"
	"time"
)

// DefaultAutoLock is how long the journal stays open with no activity.
const DefaultAutoLock = 5 * time.Minute

// IdleTimer decides when the journal has been left alone long enough to
// lock. Its clock is injectable so tests can move time instead of sleeping.
type IdleTimer struct {
	mu      sync.Mutex
	now     func() time.Time
	last    time.Time
	timeout time.Duration
}

// NewIdleTimer returns a timer reading the given clock (time.Now when nil).
func NewIdleTimer(now func() time.Time, timeout time.Duration) *IdleTimer {
	if now == nil {
		now = time.Now
	}
	return &IdleTimer{now: now, last: now(), timeout: timeout}
}

// Touch records activity: typing, tapping, moving between screens.
func (t *IdleTimer) Touch() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.last = t.now()
}

// SetTimeout changes the idle time allowed; 0 turns auto-lock off.
func (t *IdleTimer) SetTimeout(d time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.timeout = d
}

// Expired reports whether the timeout has passed since the last activity.
func (t *IdleTimer) Expired() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.timeout > 0 && t.now().Sub(t.last) >= t.timeout
}
