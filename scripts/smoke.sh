#!/usr/bin/env bash
# Smoke test and privacy audit of the real desktop binary under Xvfb, driven
# with xdotool as a person would. One scripted session, under strace:
#
#   create a journal (password typed twice), pass the recovery key, write an
#   entry with a title and a tag, write a Markdown entry with a remote image
#   and a link and read it on its page (Ctrl+E), open Settings, search for a word,
#   lock (Ctrl+L), keep a picture with a new entry from the command line,
#   unlock (password, Return), read that entry with its picture, back up (File > Save a backup file..., a passphrase, then
#   Tend's own file name and folder step), start a new entry and quit while
#   its words are still unsaved (SIGTERM, which Tend handles like closing
#   the window: the words are kept); then open the journal again at the
#   largest text size and visit every screen, an entry to read and to write.
#
# At every step the window must be no wider than it opened.
#
# Every word written carries a canary made for this run. Afterwards: the app
# exited with status 0 and left no process behind; it opened no AF_INET or
# AF_INET6 socket, whatever the entries held; the entries are in the journal
# (read back with the command line after locking and after quitting) and in
# the backup (restored into a new journal); and no canary is found in plain
# text anywhere: the vault folder, the automatic backups beside it, the
# backup file, the Fyne settings (~/.config/fyne), the cache (~/.cache), the
# app's temp folder and log, and any file the run created in the system temp
# folder.
#
# Usage: scripts/smoke.sh [BINARY]   (default build/tend)
# Screenshots of each step are kept in build/smoke/, numbered in order.
set -euo pipefail
# Files made here are private, as a person's password file must be.
umask 077

bin=${1:-build/tend}
out=build/smoke
mkdir -p "$out"
rm -f "$out"/*.png
work=$(mktemp -d)
app_pid="" tend_pid="" xvfb_pid=""
started=$SECONDS

cleanup() {
	# The app itself first: killing strace alone would leave it running.
	[ -n "$app_pid" ] && kill -9 "$tend_pid" "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
	[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

# The step under way, named in every failure.
doing="starting"
fail() {
	echo "smoke: FAIL at step \"$doing\": $*" >&2
	[ -s "$work/app.log" ] && sed 's/^/  app: /' "$work/app.log" >&2
	[ -s "$work/cli.log" ] && sed 's/^/  command line: /' "$work/cli.log" >&2
	echo "  screenshots so far: $out/" >&2
	exit 1
}
say() { echo "smoke: [$((SECONDS - started))s] $*"; }

# Files made before this stamp cannot hold this run's canaries.
touch "$work/stamp"
sys_tmp=${TMPDIR:-/tmp}

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
# A busy machine can take several seconds to start it.
for _ in $(seq 200); do
	DISPLAY=$display xdotool getdisplaygeometry >/dev/null 2>&1 && break
	sleep 0.1
done
DISPLAY=$display xdotool getdisplaygeometry >/dev/null 2>&1 || fail "Xvfb did not start on $display within 20 s"

# A private home and temp folder, so the app's settings, caches and temp
# files land in the work folder, where they are searched afterwards.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/home/.cache" XDG_DATA_HOME="$work/home/.local/share"
export TMPDIR="$work/tmp" LANG=en_US.UTF-8
mkdir -p "$HOME" "$TMPDIR"
vault="$work/vault"

# Under strace when it works here (some sandboxes forbid ptrace), so the
# whole session can be checked for network sockets afterwards.
# With seccomp-bpf (strace 5.3 and later) only the traced calls stop the
# app, which otherwise runs several times slower.
tracer=()
if command -v strace >/dev/null 2>&1 && strace -f -o /dev/null true 2>/dev/null; then
	tracer=(strace -f -qq -o "$work/net.trace" -e trace=socket,connect -e signal=none)
	if strace -f --seccomp-bpf -o /dev/null -e trace=socket true 2>/dev/null; then
		tracer+=(--seccomp-bpf)
	fi
else
	echo "smoke: strace is not usable here; the no-network check is skipped"
fi
DISPLAY=$display "${tracer[@]}" "$bin" --vault "$vault" >"$work/app.log" 2>&1 &
app_pid=$!
# Under strace, signals go to the app itself, the tracer's child; strace
# then exits with the app's own status.
tend_pid=$app_pid

win=$(DISPLAY=$display timeout 60 xdotool search --sync --onlyvisible --name '^Tend$' 2>/dev/null | head -n1) || true
[ -n "$win" ] || fail "no window titled Tend appeared within 60 s"
kill -0 "$app_pid" 2>/dev/null || fail "the app exited early"
# strace may start short-lived children of its own to test the kernel, so
# Tend is the child that runs with this vault, looked for once its window
# is up.
if [ ${#tracer[@]} -gt 0 ]; then
	tend_pid=$(pgrep -P "$app_pid" -f -- "--vault $vault" | head -n1) || true
	[ -n "$tend_pid" ] || fail "Tend is not running under strace"
fi

key() { DISPLAY=$display xdotool key --delay 60 "$@"; }
# typed TEXT types one line: a newline in xdotool's type is not a key
# Fyne sees (it is dropped, and can upset the next keys), so lines are
# ended with key Return.
typed() { DISPLAY=$display xdotool type --delay 15 "$1"; }
# click X Y clicks at a point of the window. Fyne sets the window's size
# (900x640) itself; the points were measured on its screenshots.
click() {
	DISPLAY=$display xdotool mousemove --window "$win" "$1" "$2" click 1
	sleep 0.3
}
grab() { DISPLAY=$display import -window root "$1" || fail "ImageMagick's import could not take a screenshot"; }
# pixels A B counts the pixels that differ between two screenshots.
pixels() { compare -metric AE "$1" "$2" null: 2>&1 | awk '{printf "%d", $1}'; }

shot_n=0 last="" opened_width=""
# shot NAME waits until the window differs from the last step's picture
# and then holds still (a spinner keeps it moving while work is under
# way), and keeps a screenshot named after the step. A window that never
# changes means the step did not happen. A blinking cursor changes a few
# dozen pixels, far below the threshold. At most 20 s.
shot() {
	local end=$((SECONDS + 20)) prev=""
	while :; do
		kill -0 "$app_pid" 2>/dev/null || fail "the app exited"
		[ "$SECONDS" -lt "$end" ] || fail "the window did not change, or never settled, within 20 s"
		grab "$work/now.png"
		if [ -n "$prev" ]; then
			# Changed since the last step, and as it was a moment ago.
			[ "$(pixels "$prev" "$work/now.png")" -le 300 ] && break
		fi
		if [ -n "$prev" ] || [ -z "$last" ] || [ "$(pixels "$last" "$work/now.png")" -gt 300 ]; then
			mv "$work/now.png" "$work/prev.png"
			prev="$work/prev.png"
		fi
		sleep 0.2
	done
	# No screen may make the window wider than it opened: on a small
	# screen its right side, scrollbar and buttons would be out of reach.
	local width
	width=$(DISPLAY=$display xdotool getwindowgeometry "$win" | awk '/Geometry:/ { split($2, g, "x"); print g[1] }')
	[ -z "$opened_width" ] && opened_width=$width
	[ "$width" -le "$opened_width" ] || fail "the window grew from $opened_width to $width px wide"
	shot_n=$((shot_n + 1))
	last=$(printf '%s/%02d-%s.png' "$out" "$shot_n" "$1")
	mv "$work/now.png" "$last"
	local c
	c=$(identify -format '%k' "$last")
	[ "$c" -gt 16 ] || fail "the screenshot $last looks blank ($c colours)"
	say "$doing: $last"
}
# within SECONDS WHAT CMD... polls CMD every 0.2 s until it succeeds.
within() {
	local secs=$1 what=$2
	shift 2
	local end=$((SECONDS + secs))
	until "$@"; do
		[ "$SECONDS" -lt "$end" ] || fail "$what within $secs s"
		kill -0 "$app_pid" 2>/dev/null || fail "the app exited while waiting: $what"
		sleep 0.2
	done
}
# quit_app asks Tend to quit with SIGTERM, which it handles like closing
# the window, and checks that it does so within 10 s, with status 0.
quit_app() {
	kill -TERM "$tend_pid"
	for _ in $(seq 100); do
		kill -0 "$app_pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$app_pid" 2>/dev/null && fail "the app did not quit within 10 s of SIGTERM"
	local status=0
	wait "$app_pid" || status=$?
	app_pid=""
	[ "$status" -eq 0 ] || fail "the app exited with status $status"
}
# cli ARGS... runs the command line on the journal with its password.
cli() { "$bin" --vault "$vault" --password-file "$work/pw" "$@" 2>>"$work/cli.log"; }

password="a quiet river at dawn"
printf '%s\n' "$password" >"$work/pw"
# The canaries are made now, so no file could hold them before this run.
# They share one long number, which is what the disk is searched for: it
# survives being lower-cased (tags, the search index) or split off a word.
run_id=$(date +%s%N)
c_title="Title${run_id}canary"
c_tag="tag${run_id}canary"
c_body="Body${run_id}canary"
c_md="Markdown${run_id}canary"
c_search="Search${run_id}canary"
c_quit="Quit${run_id}canary"

doing="first run"
sleep 1.5
shot first-run

doing="create the journal"
# The password field has focus; Tab reaches the confirmation, Return
# creates the journal and shows the recovery key.
typed "$password"
key Tab
typed "$password"
key Return
within 20 "no journal was created on disk" test -s "$vault/tend.vault"
shot recovery-key

doing="pass the recovery key"
# Copy, Save, the key, the check box; Space ticks it; Tab, Space opens.
key Tab Tab Tab Tab space Tab space
shot journal

doing="write an entry"
# Ctrl+N opens a new page with the cursor in the body.
key ctrl+n
typed "Tonight I noticed my chest loosen"
key Return
typed "$c_body $c_search"
key Return
typed "when I wrote this down."
click 467 92 # the title, below the kind of a new entry
typed "Evening $c_title"
click 620 131 # the tag field, right of the date and the mood
typed "$c_tag"
key Return
key ctrl+s
shot entry

doing="write Markdown with a remote image and a link"
key ctrl+n
typed "Held my breath $c_md"
key Return Return
typed "![p](https://example.invalid/${run_id}img.png)"
key Return Return
typed "[l](https://example.invalid/${run_id}link)"
key ctrl+s
sleep 0.5
key ctrl+e # from writing to reading: the page shows the Markdown formatted
shot reading

doing="settings"
# Settings once made the window 300 px wider, for good.
click 68 346 # Settings, in the sidebar
shot settings

doing="search"
click 62 266 # Search, in the sidebar; the query box takes the focus
sleep 0.5
typed "$c_search"
shot search

doing="lock"
key ctrl+l
shot locked
# Locking closes the store and lets go of its folder: the command line can
# open it now, and both entries are there.
saved_in_vault() { cli search --json "$1" | grep -q '"id"'; }
within 15 "the command line could not find the first entry after locking" saved_in_vault "$c_body"
within 15 "the command line could not find the Markdown entry after locking" saved_in_vault "$c_md"

doing="attach a picture from the command line"
# While the journal is locked, the command line keeps a small picture with
# a new entry; its file name carries the run's number, so the search of the
# disk below looks for it too (the command line's own output is not kept:
# it names the file). The window shows it after unlocking, in the entry and
# at the largest text.
mkdir -p "$work/pics"
pic="$work/pics/Picture${run_id}canary.png"
printf '%s' 'iVBORw0KGgoAAAANSUhEUgAAADAAAAAgCAIAAADbtmxLAAAARklEQVR4nOzOsRVAUBRAMYc3pZkMZitq1S39Ipkgc173tpI59ufvw4dQESpCRagIFaEiVISKUBEqQkWoCBWhIlTeAAAA//81WiGrOSJyoQAAAABJRU5ErkJggg==' | base64 -d >"$pic"
printf 'The sea, the evening I felt safe.\n\n![the sea](Picture%scanary.png)\n' "$run_id" |
	"$bin" --vault "$vault" --password-file "$work/pw" add --title "By the sea" --attach "$pic" >/dev/null 2>&1 ||
	fail "the command line could not keep a picture with a new entry"

doing="unlock"
typed "$password"
key Return
shot unlocked

doing="read the entry with the picture"
key ctrl+j
sleep 0.5
click 300 190 # the newest entry, at the top of the journal
sleep 1
shot picture
kill -0 "$tend_pid" 2>/dev/null || fail "Tend ended while showing a picture"

doing="back up"
click 27 13 # File
shot file-menu
click 47 205 # Save a backup file…
shot backup-password
# It asks who is at the window first; the password field has the keys.
typed "$password"
key Return
shot backup-passphrase
passphrase="a new backup for the winter"
click 430 322 # the passphrase, below what a backup file is
typed "$passphrase"
click 430 405 # once more
typed "$passphrase"
shot backup-passphrase-typed
click 541 480 # Choose where to save…
shot backup-save-dialog
# Tend's save step opens on the home folder with the file name field
# focused; a new name, then Return, saves there.
key ctrl+a
typed "smoke.tend-backup"
key Return
backup="$HOME/smoke.tend-backup"
# The dialog makes the file at once; Tend fills it through a temp file and
# a rename, so the age header means the backup is complete.
is_age() { [ "$(head -c 21 "$backup" 2>/dev/null)" = "age-encryption.org/v1" ]; }
within 30 "no encrypted backup appeared at $backup" is_age
shot backed-up

doing="quit"
# Words typed a moment before the app is asked to quit are kept.
key ctrl+n
typed "$c_quit are the last words before quitting"
sleep 0.8 # for the keys to reach the window; saving by itself waits 1.5 s
kill -0 "$tend_pid" 2>/dev/null || fail "Tend ended on its own before it was asked to quit"
quit_app
if pgrep -f -- "--vault $vault" >/dev/null; then
	fail "a stray Tend process is still running"
fi
say "quit with status 0"

doing="check the network"
if [ ${#tracer[@]} -gt 0 ]; then
	[ -s "$work/net.trace" ] || fail "strace recorded nothing"
	if grep -E 'AF_INET6?' "$work/net.trace" >"$work/inet.txt"; then
		sed 's/^/  /' "$work/inet.txt" >&2
		fail "the app opened a network socket"
	fi
	say "no AF_INET or AF_INET6 socket in the whole session ($(grep -c . "$work/net.trace") socket and connect calls, all local)"
fi

doing="check the journal and the backup"
cli verify >/dev/null || fail "the journal does not verify after the session"
saved_in_vault "$c_title" || fail "the command line cannot find the first entry by its title"
saved_in_vault "$c_quit" || fail "the words typed just before quitting were not kept"
saved_in_vault "Picture${run_id}canary" || fail "the command line cannot find the picture's entry by the picture's name"
printf '%s\n' "$passphrase" >"$work/pp"
"$bin" --vault "$work/restored" --password-file "$work/pw" restore --passphrase-file "$work/pp" "$backup" >/dev/null 2>>"$work/cli.log" ||
	fail "the backup made in the window could not be restored"
for c in "$c_body" "$c_md" "Picture${run_id}canary"; do
	"$bin" --vault "$work/restored" --password-file "$work/pw" search --json "$c" 2>>"$work/cli.log" | grep -q '"id"' ||
		fail "the restored backup lacks an entry written in the window"
done
say "the journal verifies; the backup ($(wc -c <"$backup") bytes, age format) restores the entries and the picture's"

doing="largest text"
# The same journal again at the largest text size, chosen for low vision:
# every screen, an entry to read and to write among them, keeps the window
# at the width it opened with (checked by shot).
prefs="$XDG_CONFIG_HOME/fyne/app.tend.journal/preferences.json"
[ -f "$prefs" ] || fail "no Fyne settings file at $prefs"
# It is a plain file: no folder the session chose (the backup's, the
# journal's) may be in it.
if grep -qF "$work" "$prefs"; then
	sed 's/^/  /' "$prefs" >&2
	fail "the preferences file names a folder of this session"
fi
printf '{"appearance.text_scale":1.3}\n' >"$prefs"
DISPLAY=$display "$bin" --vault "$vault" >>"$work/app.log" 2>&1 &
app_pid=$!
tend_pid=$app_pid
win=$(DISPLAY=$display timeout 60 xdotool search --sync --onlyvisible --name '^Tend$' 2>/dev/null | head -n1) || true
[ -n "$win" ] || fail "no window titled Tend appeared within 60 s at the largest text"
sleep 1.5
typed "$password"
key Return
shot largest-today
# The sidebar at the largest text (measured on its screenshots).
for item in "169 paths" "215 journal" "260 insights" "306 search" "352 trash" "398 settings" "215 journal-again"; do
	click 74 "${item%% *}"
	shot "largest-${item#* }"
done
click 300 264 # the first entry of the journal, opened to read
shot largest-reading
key ctrl+e
shot largest-writing
key ctrl+shift+n
shot largest-kinds
key Escape
quit_app
say "every screen at the largest text kept the window $opened_width px wide"

doing="look for plain text on disk"
# Everything the session touched is in the work folder (vault, automatic
# backups beside it, backup file, restored copy, private home with
# ~/.config/fyne and ~/.cache, the app's temp folder, its log); outside it,
# only files this run created in the system temp folder need a look.
grep -rlaF --devices=skip -- "$run_id" "$work" >"$work/hits.txt" 2>/dev/null || true
find "$sys_tmp" -xdev -type f -newer "$work/stamp" -not -path "$work/*" -print0 2>/dev/null |
	xargs -0 -r grep -laF --devices=skip -- "$run_id" >>"$work/hits.txt" 2>/dev/null || true
if [ -s "$work/hits.txt" ]; then
	sed 's/^/  /' "$work/hits.txt" >&2
	fail "words written in the window were found in plain text on disk"
fi
for d in "$vault" "$vault-backups" "$HOME/.config/fyne" "$HOME/.cache" "$TMPDIR"; do
	[ -d "$d" ] && echo "  searched $d: $(find "$d" -type f | wc -l) files"
done
doing="look at the automatic backups' names and times"
snaps=$(find "$vault-backups" -type f -name '*.tend-snapshot' 2>/dev/null | wc -l)
[ "$snaps" -ge 1 ] || fail "no automatic backup was taken at the locks"
if find "$vault-backups" -type f -name '*.tend-snapshot' | grep -E '[0-9]{4}-[0-9]{2}-[0-9]{2}' >&2; then
	fail "an automatic backup's name shows its day"
fi
if find "$vault-backups" -type f -name '*.tend-snapshot' -newermt 2000-01-02 | grep . >&2; then
	fail "an automatic backup's file time shows when it was written"
fi
say "the $snaps automatic backup(s) show no day in their names or times"
say "ok: created, wrote, read, searched, locked, unlocked, backed up, quit while writing, toured at the largest text; no network, no plaintext on disk"
