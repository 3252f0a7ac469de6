#!/usr/bin/env bash
# Prints a -run pattern matching every test that skips under -short: the
# tests heavy on data and light on goroutines, which make test runs without
# the race detector (see the Makefile's unit target).
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files '*_test.go' 2>/dev/null || find . -name '*_test.go')
names=$(awk '/^func Test/ { f = $0; sub(/^func /, "", f); sub(/\(.*/, "", f) }
	/testing\.Short\(\)/ { print f }' $files | sort -u | paste -sd'|' -)
echo "^(${names})\$"
