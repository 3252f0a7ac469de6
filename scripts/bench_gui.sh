#!/usr/bin/env bash
# The two performance figures only the real desktop app can show, for
# `make bench`, measured under Xvfb:
#
#   cold start   from exec of the binary until its window titled Tend is
#                mapped, on an empty journal folder with a private home;
#                the median of 5 runs, to within the 10 ms polling step.
#                Beside it, the same binary running `tend help` (no window,
#                no GL): the floor of merely starting the process.
#   at rest      the app's processor time over 30 s once unlocked and
#                settled on Today, nothing typed and nothing moving, as a
#                share of one core (from the kernel's per-process counters).
#   floor        the toolkit's bare window (one line of text, at the app's
#                size, from the bench's own build: measure.go), measured as
#                the app is: its resident memory and its share of a core at
#                rest over 30 s, the floor under both of the app's.
#   memory       VmRSS of the app after unlocking a journal of 10,000
#                generated entries (100,000 as well with TEND_BENCH_LARGE=1)
#                made with the default key derivation: the password is typed
#                into the focused field and Return pressed; the reading is
#                taken on the first screen (Today) once the store is open
#                and resident memory has settled (the search index builds
#                in the background after unlock). Beside it, the same
#                reading before unlocking: the window and graphics alone.
#
# It prints lines in the form of `go test -bench` for scripts/benchtable:
#
#   BenchmarkColdStart/entries=0  5  <ns> ns/op  <ms> coldstart-ms  <ms> exec-ms
#   BenchmarkAppMemory/entries=10000  1  0 ns/op  <MB> gui-rss-MB  <MB> locked-rss-MB  <MB> gui-over-locked-MB  <%> idle-cpu-pct  <MB> bare-rss-MB  <%> idle-floor-pct
#
# With TEND_BENCH_PROFILE=1 it also profiles the processor for 30 s after
# each at-rest measurement (not during it: profiling costs a little), of
# the bare window and of the app unlocked, into build/bench-gui/*.pprof,
# and their memory in use at the end of it into *.pprof.heap;
# `go tool pprof -top build/bench-gui/tend-measure build/bench-gui/at-rest-10000.pprof`
# reads one.
#
# or one "bench-skip: ..." line (exit 0) when Xvfb, xdotool or the desktop
# build is missing, or "bench-fail: ..." (exit 1) when the app misbehaves.
# A screenshot of each unlocked journal is kept in build/bench-gui/.
#
# Usage, from the repository root: scripts/bench_gui.sh [BINARY]
# (default build/tend, built here with go build; GO names the go command).
set -euo pipefail

bin=${1:-build/tend}
GO=${GO:-go}
runs=5
password="a long quiet walk by the river"
out=build/bench-gui

skip() {
	echo "bench-skip: cold start and app memory not measured: $*"
	exit 0
}
fail() {
	echo "bench-fail: $*"
	[ -s "${work:-}/app.log" ] && sed 's/^/  app: /' "$work/app.log" >&2
	if [ -n "${display:-}" ] && ! DISPLAY=$display xdotool getdisplaygeometry >/dev/null 2>&1; then
		echo "  the display $display no longer answers (its Xvfb $(kill -0 "$xvfb_pid" 2>/dev/null && echo runs || echo has exited))" >&2
	fi
	exit 1
}

command -v Xvfb >/dev/null 2>&1 || skip "Xvfb is not installed (make deps installs it)"
command -v xdotool >/dev/null 2>&1 || skip "xdotool is not installed (make deps installs it)"

work=$(mktemp -d)
app_pid="" xvfb_pid=""
cleanup() {
	[ -n "$app_pid" ] && kill -9 "$app_pid" 2>/dev/null || true
	[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$(dirname "$bin")" "$out"
if ! "$GO" build -o "$bin" . 2>"$work/build.log"; then
	sed 's/^/  build: /' "$work/build.log" | head -n 20 >&2
	skip "the desktop build failed (it needs cgo and the GL/X11 headers: make deps)"
fi

# The bench's own build of the same program (measure.go): the bare window,
# and the processor profiles. It is kept beside the profiles, which need it.
measure_bin="$out/tend-measure"
if ! "$GO" build -tags benchprofile -o "$measure_bin" . 2>"$work/build.log"; then
	sed 's/^/  build: /' "$work/build.log" | head -n 20 >&2
	fail "the bench's own build (-tags benchprofile) failed"
fi

# A free display, chosen as scripts/smoke.sh chooses one (no X lock file),
# from a range of its own; if another Xvfb takes it first, ours exits and
# the next is tried.
display=""
for n in $(seq 150 199); do
	[ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ] || continue
	Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
	xvfb_pid=$!
	for _ in $(seq 50); do
		kill -0 "$xvfb_pid" 2>/dev/null || break
		DISPLAY=:$n xdotool getdisplaygeometry >/dev/null 2>&1 && break
		sleep 0.1
	done
	if kill -0 "$xvfb_pid" 2>/dev/null && DISPLAY=:$n xdotool getdisplaygeometry >/dev/null 2>&1; then
		display=:$n
		break
	fi
	kill "$xvfb_pid" 2>/dev/null || true
	xvfb_pid=""
done
[ -n "$display" ] || fail "could not start Xvfb on a free display between :150 and :199"

now_ns() { date +%s%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# run_env HOME: sets env_args to the environment of one run, with a private
# home, so settings and caches from one run never speed up the next.
run_env() {
	mkdir -p "$1"
	env_args=(HOME="$1" XDG_CONFIG_HOME="$1/.config" XDG_CACHE_HOME="$1/.cache"
		XDG_DATA_HOME="$1/.local/share" DISPLAY="$display" LANG=en_US.UTF-8)
}

# start_app VAULT HOME: starts the app in the background; sets app_pid to
# the app's own process (env execs it), whose memory is read. The app runs
# as the guarded child it normally is (TEND_GUARDED), without the small
# watching process in front, so the window and the memory are one process's.
start_app() {
	run_env "$2"
	env "${env_args[@]}" TEND_GUARDED=1 "$bin" --vault "$1" >"$work/app.log" 2>&1 &
	app_pid=$!
}

# start_measured VAULT HOME [ENV...]: starts the bench's own build as
# start_app starts the app, with a profile to $work/profile.pprof on
# SIGUSR1..SIGUSR2 and the environment given.
start_measured() {
	run_env "$2"
	env "${env_args[@]}" TEND_GUARDED=1 TEND_BENCH_CPUPROFILE="$work/profile.pprof" "${@:3}" \
		"$measure_bin" --vault "$1" >"$work/app.log" 2>&1 &
	app_pid=$!
}

# profile_at_rest NAME: with TEND_BENCH_PROFILE=1, profiles the process of
# app_pid for 30 s into $out/NAME.pprof; otherwise nothing.
profile_at_rest() {
	[ "${TEND_BENCH_PROFILE:-}" = 1 ] || return 0
	rm -f "$work/profile.pprof" "$work/profile.pprof.heap"
	kill -USR1 "$app_pid"
	sleep 30
	kill -USR2 "$app_pid"
	# The heap profile is written after the processor's.
	for _ in $(seq 50); do
		[ -s "$work/profile.pprof.heap" ] && break
		sleep 0.1
	done
	sleep 0.5
	[ -s "$work/profile.pprof" ] && [ -s "$work/profile.pprof.heap" ] || fail "no profile was written for $1"
	mv "$work/profile.pprof" "$out/$1.pprof"
	mv "$work/profile.pprof.heap" "$out/$1.pprof.heap"
}

# wait_window: polls until the app's own window is mapped, for up to 60 s.
wait_window() {
	local deadline=$(($(date +%s) + 60))
	until DISPLAY=$display xdotool search --all --pid "$app_pid" --onlyvisible --name '^Tend$' >/dev/null 2>&1; do
		kill -0 "$app_pid" 2>/dev/null || fail "the app exited before its window appeared"
		[ "$(date +%s)" -lt "$deadline" ] || fail "no window titled Tend within 60 s"
		sleep 0.01
	done
}

# stop_app: asks the app to quit as closing the window does.
stop_app() {
	kill -TERM "$app_pid" 2>/dev/null || true
	for _ in $(seq 100); do
		kill -0 "$app_pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$app_pid" 2>/dev/null || true
	wait "$app_pid" 2>/dev/null || true
	app_pid=""
}

rss_mb() { awk '/^VmRSS:/ { printf "%.1f\n", $2 / 1024 }' "/proc/$app_pid/status"; }

# cpu_ticks: the app's user and system time so far, in clock ticks. The
# command name in the second field is in brackets and has no spaces
# (tend), so the fields count from the start of the line.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$app_pid/stat"; }

# idle_cpu SECONDS: the app's processor time over SECONDS as a percentage
# of one core.
idle_cpu() {
	local t0 t1
	t0=$(cpu_ticks) || return 1
	sleep "$1"
	kill -0 "$app_pid" 2>/dev/null || return 1
	t1=$(cpu_ticks) || return 1
	awk -v d=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v s="$1" 'BEGIN { printf "%.2f\n", 100 * d / hz / s }'
}

# settled_rss: the app's resident memory in MB once it has settled: the
# last of four readings half a second apart within 1 MB of each other, at
# least 3 s from now; after 60 s, the last reading. Fails if the app exits.
settled_rss() {
	local readings=() i
	for i in $(seq 120); do
		sleep 0.5
		kill -0 "$app_pid" 2>/dev/null || return 1
		readings+=("$(rss_mb)")
		[ "$i" -ge 6 ] || continue
		if printf '%s\n' "${readings[@]: -4}" |
			awk 'NR == 1 { lo = hi = $1 } { lo = $1 < lo ? $1 : lo; hi = $1 > hi ? $1 : hi } END { exit !(hi - lo <= 1) }'; then
			break
		fi
	done
	echo "${readings[-1]}"
}

# Cold start.
: >"$work/start.txt"
: >"$work/exec.txt"
for i in $(seq "$runs"); do
	t0=$(now_ns)
	run_env "$work/exec-home-$i"
	env "${env_args[@]}" "$bin" help >/dev/null 2>&1
	echo $(($(now_ns) - t0)) >>"$work/exec.txt"

	t0=$(now_ns)
	start_app "$work/empty-$i" "$work/home-$i"
	wait_window
	echo $(($(now_ns) - t0)) >>"$work/start.txt"
	stop_app
done
start_ns=$(median <"$work/start.txt")
exec_ns=$(median <"$work/exec.txt")
printf 'BenchmarkColdStart/entries=0\t%d\t%d ns/op\t%.1f coldstart-ms\t%.1f exec-ms\n' \
	"$runs" "$start_ns" "$(echo "$start_ns" | awk '{ print $1 / 1e6 }')" "$(echo "$exec_ns" | awk '{ print $1 / 1e6 }')"

# The toolkit's bare window: the floor under the app's memory and its use
# of the processor at rest.
start_measured "$work/bare" "$work/home-bare" TEND_BENCH_BARE=1
wait_window
bare_rss=$(settled_rss) || fail "the bare window exited"
bare_idle=$(idle_cpu 30) || fail "the bare window exited while at rest"
profile_at_rest bare-window
stop_app

# Resident memory after unlock.
sizes=(10000)
[ "${TEND_BENCH_LARGE:-}" = 1 ] && sizes+=(100000)
"$GO" test -tags ci -c -o "$work/vault.test" ./vault 2>"$work/build.log" ||
	fail "could not build the vault's test binary: $(head -n 5 "$work/build.log")"
for n in "${sizes[@]}"; do
	vault="$work/journal-$n"
	printf '%s\n' "$password" | TEND_BENCH_MAKE_DIR="$vault" TEND_BENCH_MAKE_ENTRIES=$n "$work/vault.test" ||
		fail "could not make a journal of $n entries"
	if [ "${TEND_BENCH_PROFILE:-}" = 1 ]; then
		start_measured "$vault" "$work/home-rss-$n"
	else
		start_app "$vault" "$work/home-rss-$n"
	fi
	wait_window
	# Locked, with the first frames painted and the password field
	# focused: the app's own cost before any of the journal is read.
	locked=$(settled_rss) || fail "the app exited before it was unlocked"
	DISPLAY=$display xdotool type --delay 20 "$password"
	DISPLAY=$display xdotool key Return
	# The store's lock file appears when the vault opens.
	for _ in $(seq 600); do
		[ -e "$vault/store/LOCK" ] && break
		kill -0 "$app_pid" 2>/dev/null || fail "the app exited while unlocking"
		sleep 0.1
	done
	if [ ! -e "$vault/store/LOCK" ]; then
		command -v import >/dev/null 2>&1 && DISPLAY=$display import -window root "$out/not-unlocked-$n.png" 2>/dev/null
		fail "the journal of $n entries did not unlock within 60 s (screenshot in $out)"
	fi
	# The search index builds in the background after unlock.
	rss=$(settled_rss) || fail "the app exited after unlocking"
	command -v import >/dev/null 2>&1 && DISPLAY=$display import -window root "$out/unlocked-$n.png" 2>/dev/null || true
	idle=$(idle_cpu 30) || fail "the app exited while at rest"
	profile_at_rest "at-rest-$n"
	stop_app
	over=$(awk -v a="$rss" -v b="$locked" 'BEGIN { printf "%.1f\n", a - b }')
	printf 'BenchmarkAppMemory/entries=%d\t1\t0 ns/op\t%s gui-rss-MB\t%s locked-rss-MB\t%s gui-over-locked-MB\t%s idle-cpu-pct\t%s bare-rss-MB\t%s idle-floor-pct\n' \
		"$n" "$rss" "$locked" "$over" "$idle" "$bare_rss" "$bare_idle"
done
