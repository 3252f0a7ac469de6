#!/usr/bin/env bash
# The Windows and macOS builds that can be made on Linux, as make test runs
# them (scripts/deps.sh installs the MinGW compiler first):
#
#   Windows  go vet of every package and its tests; the desktop app, built
#            with cgo by the MinGW cross compiler, with the toolkit's screen
#            reader support (build/cross/tend.exe, a windowed program);
#            the same program as a console program for the command line
#            (build/cross/tend-cli.exe); the tests of the packages that keep
#            the journal, compiled into Windows programs
#            (build/cross/windows-tests/) that a Windows machine can run.
#   macOS    go vet of every package but main and its tests (the screens as
#            their headless tests build them), and a build of every package
#            but main and the screens, for Apple silicon. The desktop app
#            itself needs cgo and Apple's SDK to link against Cocoa, which
#            is not to be had here.
#
# Nothing is run on either system here: the builds show the code compiles
# and links for them, not that it works there.
#
# Usage: scripts/cross.sh   (from make cross, or alone)
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
out=build/cross
mkdir -p "$out"

start=$SECONDS
step() { echo "cross: [$((SECONDS - start))s] $*"; }

# Every package with files for macOS but main, whose window needs cgo
# there; the screens (ui) are vetted as their headless tests build them,
# and left out of the build, which needs cgo too.
mapfile -t pkgs < <(GOOS=darwin $GO list -e -f '{{if or .GoFiles .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}' ./... | grep -v '^tend$')
mapfile -t nogui < <(printf '%s\n' "${pkgs[@]}" | grep -v '^tend/ui$')
# The packages whose tests hold the journal's files and keys, where the
# systems differ: paths, locks, permissions, durable writes.
core=(./app ./cli ./vault ./backup ./journal ./search ./plain ./internal/atomicfile)

step "windows: vet"
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 $GO vet -tags ci ./...
step "windows: the tests of the journal's packages, compiled"
rm -rf "$out/windows-tests"
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 $GO test -tags ci -c -o "$out/windows-tests/" "${core[@]}"
step "windows: the desktop app, with screen reader support"
GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc \
	$GO build -tags accessibility -ldflags "-H windowsgui" -o "$out/tend.exe" .
step "windows: the same program for the command line"
GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc \
	$GO build -tags accessibility -o "$out/tend-cli.exe" .

# A Windows program starts with "MZ"; its subsystem (2 windowed, 3
# console) sits in the optional header, found through the offset at 0x3c.
subsystem() {
	local pe
	pe=$(od -An -tu4 -j60 -N4 "$1" | tr -d ' ')
	od -An -tu2 -j$((pe + 92)) -N2 "$1" | tr -d ' '
}
for f in tend.exe:2 tend-cli.exe:3; do
	name=${f%%:*} want=${f##*:}
	if [ "$(head -c2 "$out/$name")" != MZ ] || [ "$(subsystem "$out/$name")" != "$want" ]; then
		echo "cross: $out/$name is not the Windows program it should be" >&2
		exit 1
	fi
done

step "macos: vet"
GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 $GO vet -tags ci "${pkgs[@]}"
step "macos: build"
GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 $GO build "${nogui[@]}"

step "ok: Windows app $(du -h "$out/tend.exe" | cut -f1), command line, $(find "$out/windows-tests" -name '*.exe' | wc -l) test programs; macOS packages vetted and built"
