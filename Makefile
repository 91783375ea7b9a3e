# mistral-go — see README.md. `make run` starts a single node, `make test`
# runs every test (installing what the tests need first).

GO      ?= go
ADDR    ?= 127.0.0.1:8989
DATA    ?= ./data
RACE    ?= -race
PKGS    ?= ./...

.PHONY: run build test test-short e2e deps lint fuzz bench bench-load corpus proto

run:
	$(GO) run ./cmd/mistrald --listen $(ADDR) --data $(DATA)

build:
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/mistrald ./cmd/mistrald

deps:
	@scripts/install-deps.sh

test: deps lint
	$(GO) test $(RACE) -count=1 -timeout 20m $(PKGS)
	@$(MAKE) --no-print-directory corpus
	@$(MAKE) --no-print-directory fuzz

# Quick check without the race detector, the CLI tests or fuzzing.
test-short:
	$(GO) test -short -count=1 $(PKGS)

# The end-to-end tests alone: real mistrald processes, the real CLI.
e2e: deps
	$(GO) test $(RACE) -count=1 -timeout 20m ./e2e/...

# The expression corpora (YAQL and Jinja cases with Mistral 15's results,
# dsl/yaql/testdata and dsl/expr/testdata) through dsl/expr; prints
# "N passed, N failed".
corpus:
	$(GO) test -count=1 -run '^TestCorpus$$' -v ./dsl/expr/

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	 if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# Brief fuzzing of every parser (seeded from ../shared/spec/examples).
FUZZTIME ?= 10s
fuzz:
	@scripts/fuzz.sh $(FUZZTIME)

# Every package's benchmarks (storage, yaql, the controller, the engine
# with durable writes, httpd, and bench/load's end-to-end runs over HTTP
# against a mistrald); bench-load runs the load generator's scenarios
# against a fresh local mistrald (bench/README.md).
BENCHTIME ?= 1s
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) $(PKGS)

bench-load:
	bench/local.sh all

# The protobuf messages between nodes (cluster/clusterpb): regenerates the
# committed Go code from cluster.proto.
proto:
	@scripts/install-proto.sh
	PATH="$$($(GO) env GOPATH)/bin:$$PATH" protoc --proto_path=cluster/clusterpb \
		--go_out=cluster/clusterpb --go_opt=paths=source_relative cluster/clusterpb/cluster.proto
