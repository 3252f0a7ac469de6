#!/usr/bin/env bash
# Smoke test of the real desktop binary: starts it under Xvfb on a fresh
# vault folder, waits for its window, takes a screenshot, checks the picture
# is not blank, then asks the app to quit (SIGTERM, which Tend handles like
# closing the window) and checks it exited cleanly with nothing left behind.
#
# Usage: scripts/smoke.sh [BINARY]   (default build/tend)
# The screenshot is kept in build/smoke/first-run.png.
set -euo pipefail

bin=${1:-build/tend}
out=build/smoke
mkdir -p "$out"
work=$(mktemp -d)
app_pid="" xvfb_pid=""

cleanup() {
	[ -n "$app_pid" ] && kill -9 "$app_pid" 2>/dev/null || true
	[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

fail() {
	echo "smoke: FAIL: $*" >&2
	[ -s "$work/app.log" ] && sed 's/^/  app: /' "$work/app.log" >&2
	exit 1
}

# A free display: the first number with no X lock file.
display=""
for n in $(seq 90 140); do
	if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then
		display=":$n"
		break
	fi
done
[ -n "$display" ] || fail "no free X display between :90 and :140"

Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do
	DISPLAY=$display xdotool getdisplaygeometry >/dev/null 2>&1 && break
	sleep 0.1
done
DISPLAY=$display xdotool getdisplaygeometry >/dev/null 2>&1 || fail "Xvfb did not start on $display"

# A private home, so the app's settings and caches land in the temp folder.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/home/.cache" XDG_DATA_HOME="$work/home/.local/share"
mkdir -p "$HOME"
DISPLAY=$display LANG=en_US.UTF-8 "$bin" --vault "$work/vault" >"$work/app.log" 2>&1 &
app_pid=$!

win=$(DISPLAY=$display timeout 60 xdotool search --sync --onlyvisible --name '^Tend$' 2>/dev/null | head -n1) || true
[ -n "$win" ] || fail "no window titled Tend appeared within 60 s"
kill -0 "$app_pid" 2>/dev/null || fail "the app exited early"

# Give the first frame time to paint, then take the picture.
sleep 2
DISPLAY=$display import -window root "$out/first-run.png"
colours=$(identify -format '%k' "$out/first-run.png")
echo "smoke: window $win up; screenshot $out/first-run.png has $colours colours"
[ "$colours" -gt 16 ] || fail "the screenshot looks blank ($colours colours)"

kill -TERM "$app_pid"
status=0
for _ in $(seq 100); do
	kill -0 "$app_pid" 2>/dev/null || break
	sleep 0.1
done
if kill -0 "$app_pid" 2>/dev/null; then
	fail "the app did not quit within 10 s of SIGTERM"
fi
wait "$app_pid" || status=$?
app_pid=""
[ "$status" -eq 0 ] || fail "the app exited with status $status"
if pgrep -f -- "--vault $work/vault" >/dev/null; then
	fail "a stray Tend process is still running"
fi
echo "smoke: ok (exit status 0, no stray process)"
