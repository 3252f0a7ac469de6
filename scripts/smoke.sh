#!/usr/bin/env bash
# Smoke test of the real desktop binary under Xvfb, driven with xdotool as a
# person would: it starts Tend on a fresh vault folder, checks the first
# screen is not blank, creates a journal by typing a password twice, passes
# the recovery key, writes an entry (Ctrl+N, Ctrl+S), locks with Ctrl+L,
# then asks the app to quit (SIGTERM, which Tend handles like closing the
# window) and checks it exited cleanly with nothing left behind. The entry
# must then be readable through the command line with the password, and its
# words must not be found in plain text in the vault, the settings folder or
# the temp folder.
#
# Usage: scripts/smoke.sh [BINARY]   (default build/tend)
# Screenshots are kept in build/smoke/: first-run, recovery-key, journal,
# editor, locked.
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
# Under strace when it works here (some sandboxes forbid ptrace), so the
# whole session can be checked for network sockets afterwards.
tracer=()
if command -v strace >/dev/null 2>&1 && strace -f -o /dev/null true 2>/dev/null; then
	tracer=(strace -f -qq -o "$work/net.trace" -e trace=socket,connect)
else
	echo "smoke: strace is not usable here; the no-network check is skipped"
fi
DISPLAY=$display LANG=en_US.UTF-8 "${tracer[@]}" "$bin" --vault "$work/vault" >"$work/app.log" 2>&1 &
app_pid=$!
# Under strace, signals go to the app itself, the tracer's child; strace
# then exits with the app's own status.
tend_pid=$app_pid
if [ ${#tracer[@]} -gt 0 ]; then
	for _ in $(seq 50); do
		tend_pid=$(pgrep -P "$app_pid" | head -n1) && [ -n "$tend_pid" ] && break
		sleep 0.1
	done
	[ -n "$tend_pid" ] || fail "the app did not start under strace"
fi

win=$(DISPLAY=$display timeout 60 xdotool search --sync --onlyvisible --name '^Tend$' 2>/dev/null | head -n1) || true
[ -n "$win" ] || fail "no window titled Tend appeared within 60 s"
kill -0 "$app_pid" 2>/dev/null || fail "the app exited early"

# Give the first frame time to paint, then take the picture.
sleep 2
DISPLAY=$display import -window root "$out/first-run.png"
colours=$(identify -format '%k' "$out/first-run.png")
echo "smoke: window $win up; screenshot $out/first-run.png has $colours colours"
[ "$colours" -gt 16 ] || fail "the screenshot looks blank ($colours colours)"

shot() { DISPLAY=$display import -window root "$out/$1.png"; }
key() { DISPLAY=$display xdotool key --delay 60 "$@"; }
typed() { DISPLAY=$display xdotool type --delay 40 "$1"; }

password="a quiet river at dawn"
# A canary made now, so no file could hold it before this run.
canary="SMOKE$(date +%s%N)CANARY"
words="Tonight I noticed my chest loosen $canary when I wrote this down."

# First run: the password field has focus; Tab reaches the confirmation,
# Enter creates the journal.
typed "$password"
key Tab
typed "$password"
key Return
sleep 3
shot recovery-key
# Copy, Save, the key, the check box; Space ticks it; Tab, Space opens.
key Tab Tab Tab Tab space Tab space
sleep 1.5
shot journal
key ctrl+n
sleep 0.5
typed "$words"
key ctrl+s
sleep 1
shot editor
key ctrl+l
sleep 1.5
shot locked
kill -0 "$app_pid" 2>/dev/null || fail "the app exited while it was being used"

kill -TERM "$tend_pid"
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
if [ ${#tracer[@]} -gt 0 ]; then
	[ -s "$work/net.trace" ] || fail "strace recorded nothing"
	if grep -E 'AF_INET6?' "$work/net.trace" >"$work/inet.txt"; then
		sed 's/^/  /' "$work/inet.txt" >&2
		fail "the app opened a network socket"
	fi
	echo "smoke: no AF_INET or AF_INET6 socket in the whole session ($(grep -c . "$work/net.trace") socket calls, all local)"
fi

# The entry is in the vault, readable with the password...
printf '%s\n' "$password" >"$work/pw"
found=$("$bin" --vault "$work/vault" --password-file "$work/pw" search --json "$canary") ||
	fail "the command line could not search the journal the window made"
echo "$found" | grep -q '"id"' || fail "the entry written in the window was not saved: $found"
rm -f "$work/pw"
# ...and nowhere in plain text.
if grep -rl "$canary" "$work" "${TMPDIR:-/tmp}" --exclude-dir="$(basename "$work")" 2>/dev/null | grep -v "/app.log$" | head -n1 | grep -q .; then
	fail "the entry's words were found in plain text on disk"
fi
for s in recovery-key journal editor locked; do
	c=$(identify -format '%k' "$out/$s.png")
	[ "$c" -gt 16 ] || fail "the $s screenshot looks blank ($c colours)"
done
echo "smoke: ok (created, wrote, locked; exit status 0, no stray process; entry saved, no plaintext on disk)"
