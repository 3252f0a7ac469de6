# Tend: two commands do everything. `make run` opens the app on the default
# vault; `make test` runs every check CI runs. Both install what is missing.

GO          ?= go
BIN         := build/tend
TOOLS       := $(CURDIR)/build/bin
STATICCHECK := $(TOOLS)/staticcheck
STATICCHECK_VERSION := v0.8.2
GOFUMPT     := $(TOOLS)/gofumpt
GOFUMPT_VERSION := v0.12.0
export LANG := en_US.UTF-8

.PHONY: all deps build run test vet fmt-check staticcheck unit smoke cross bench clean

all: build

## deps: check for (and where possible install) the system packages
deps:
	@bash scripts/deps.sh

## build: the real desktop binary (needs cgo and the GL/X11 headers)
build: deps
	$(GO) build -o $(BIN) .

## run: build and open Tend on the default vault (or TEND_VAULT)
run: build
	./$(BIN)

## test: vet, formatting (gofumpt), staticcheck, every test (with -race, see
## unit), the smoke test, the Windows and macOS builds (see cross)
test: deps vet fmt-check staticcheck unit smoke cross

# The bench's own build (measure.go, -tags benchprofile) is checked too.
vet:
	$(GO) vet -tags ci ./...
	$(GO) vet -tags 'ci benchprofile' .

# gofumpt is gofmt with a few stricter rules: what it accepts, gofmt accepts.
fmt-check: $(GOFUMPT)
	@out=$$($(GOFUMPT) -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './build/*')); \
	if [ -n "$$out" ]; then echo "These files need build/bin/gofumpt -w:"; echo "$$out"; exit 1; fi

$(GOFUMPT):
	GOBIN=$(TOOLS) $(GO) install mvdan.cc/gofumpt@$(GOFUMPT_VERSION)

$(STATICCHECK):
	GOBIN=$(TOOLS) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

staticcheck: $(STATICCHECK)
	$(STATICCHECK) -tags ci ./...
	$(STATICCHECK) -tags 'ci benchprofile' .

# Every package's tests run with the race detector, with -short: tests heavy
# on data and light on goroutines (20 MB entries, the crash loop, the damage
# matrices, key rotations) skip there, and run again at full size without
# the race detector, which makes them ten times slower while the goroutines
# they run are the ones the light tests run under it. scripts/heavy-tests.sh lists them: every test that checks
# testing.Short().
HEAVY = $(shell bash scripts/heavy-tests.sh)

unit:
	$(GO) test -tags ci -race -short -timeout 30m ./...
	$(GO) test -tags ci -timeout 30m -run '$(HEAVY)' ./...

smoke: build
	bash scripts/smoke.sh $(BIN)

## cross: what can be built here for the other desktops: for Windows, vet,
## the desktop app (build/cross/tend.exe, with screen reader support) and
## its command-line twin, and the core packages' tests as Windows programs;
## for macOS, vet and a build of every package but the window's
## (scripts/cross.sh says why)
cross: deps
	GO=$(GO) bash scripts/cross.sh

## bench: one table of DESIGN.md's performance figures at 1k and 10k entries
## (TEND_BENCH_LARGE=1 adds 100k), each beside its target and the machine's
## own limit measured in the same run (scripts/benchtable explains the
## columns). Backups and the limits are slow enough per round that they get
## fewer rounds; cold start and the app's memory run the real binary under
## Xvfb (scripts/bench_gui.sh). The raw lines are kept in build/bench.txt.
bench:
	@mkdir -p build
	@echo "bench-note: load average at the start: $$(uptime | sed 's/.*load averages*: *//')" > build/bench.txt
	@echo "bench: unlock, search, save, footprint and memory of the vault..."
	@$(GO) test -tags ci -run '^$$' -bench '^Benchmark(Unlock|Search|Save|Footprint|ResidentMemory)$$' -benchtime 30x -timeout 90m ./vault >> build/bench.txt || { tail -n 30 build/bench.txt; exit 1; }
	@echo "bench: backup, restore and the machine's limits..."
	@$(GO) test -tags ci -run '^$$' -bench '^Benchmark(Backup|Limits)$$' -benchtime 2x -timeout 90m ./vault >> build/bench.txt || { tail -n 30 build/bench.txt; exit 1; }
	@echo "bench: a rotation of all keys, and a 20 MB entry's save and open..."
	@$(GO) test -tags ci -run '^$$' -bench '^BenchmarkRotate$$' -benchtime 2x -timeout 90m ./vault >> build/bench.txt || { tail -n 30 build/bench.txt; exit 1; }
	@$(GO) test -tags ci -run '^$$' -bench '^BenchmarkBigEntry$$' -benchtime 5x -timeout 90m ./vault >> build/bench.txt || { tail -n 30 build/bench.txt; exit 1; }
	@echo "bench: attached files: a photo's save, unlock, backup and restore with photos..."
	@$(GO) test -tags ci -run '^$$' -bench '^Benchmark(AttachPhoto|UnlockWithFiles)$$' -benchtime 30x -timeout 90m ./vault >> build/bench.txt || { tail -n 30 build/bench.txt; exit 1; }
	@$(GO) test -tags ci -run '^$$' -bench '^BenchmarkBackupWithPhotos$$' -benchtime 2x -timeout 90m ./vault >> build/bench.txt || { tail -n 30 build/bench.txt; exit 1; }
	@echo "bench: import of Markdown files and a Markdown export, through the binary..."
	@$(GO) test -tags ci -run '^$$' -bench '^Benchmark(ImportMarkdown|ExportMarkdown)$$' -benchtime 5x -timeout 90m ./e2e >> build/bench.txt || { tail -n 30 build/bench.txt; exit 1; }
	@echo "bench: cold start and memory of the app under Xvfb..."
	@GO=$(GO) bash scripts/bench_gui.sh $(BIN) >> build/bench.txt || grep -q '^bench-fail:' build/bench.txt || \
		echo "bench-fail: scripts/bench_gui.sh stopped with an error" >> build/bench.txt
	@echo "bench-note: load average at the end: $$(uptime | sed 's/.*load averages*: *//')" >> build/bench.txt
	@echo
	@$(GO) run ./scripts/benchtable < build/bench.txt

clean:
	rm -rf build
