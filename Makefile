# mistral-go — see README.md. `make run` starts a single node, `make test`
# runs every test (installing what the tests need first).

GO      ?= go
ADDR    ?= 127.0.0.1:8989
DATA    ?= ./data
RACE    ?= -race
PKGS    ?= ./...

.PHONY: run build test test-short deps lint fuzz bench

run:
	$(GO) run ./cmd/mistrald --listen $(ADDR) --data $(DATA)

build:
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/mistrald ./cmd/mistrald

deps:
	@scripts/install-deps.sh

test: deps lint
	$(GO) test $(RACE) -count=1 -timeout 20m $(PKGS)
	@$(MAKE) --no-print-directory fuzz

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	 if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# Brief fuzzing of every parser (seeded from ../shared/spec/examples).
FUZZTIME ?= 10s
fuzz:
	@scripts/fuzz.sh $(FUZZTIME)

bench:
	$(GO) test -run XXX -bench . -benchmem $(PKGS)
