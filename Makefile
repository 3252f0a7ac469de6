# Tend: two commands do everything. `make run` opens the app on the default
# vault; `make test` runs every check CI runs. Both install what is missing.

GO          ?= go
BIN         := build/tend
TOOLS       := $(CURDIR)/build/bin
STATICCHECK := $(TOOLS)/staticcheck
STATICCHECK_VERSION := v0.8.2
export LANG := en_US.UTF-8

.PHONY: all deps build run test vet fmt-check staticcheck unit smoke bench clean

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

## test: vet, formatting, staticcheck, every test with -race, the smoke test
test: deps vet fmt-check staticcheck unit smoke

vet:
	$(GO) vet -tags ci ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "These files need gofmt -w:"; echo "$$out"; exit 1; fi

$(STATICCHECK):
	GOBIN=$(TOOLS) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

staticcheck: $(STATICCHECK)
	$(STATICCHECK) -tags ci ./...

unit:
	$(GO) test -tags ci -race ./...

smoke: build
	bash scripts/smoke.sh $(BIN)

## bench: the benchmarks, then the table of figures against DESIGN.md's
## targets (1k and 10k entries; TEND_BENCH_LARGE=1 adds 100k). Backups are
## slow enough per run that they get fewer rounds.
bench:
	@mkdir -p build
	$(GO) test -tags ci -run '^$$' -bench 'Unlock|Search|Save|Footprint|Resident' -benchtime 30x -timeout 90m ./... | tee build/bench.txt
	$(GO) test -tags ci -run '^$$' -bench 'Backup' -benchtime 2x -timeout 90m ./vault | tee -a build/bench.txt
	@echo
	@$(GO) run ./scripts/benchtable < build/bench.txt

clean:
	rm -rf build
