#!/usr/bin/env bash
# Runs every Go fuzz target of the module for a short time ($1, e.g. 10s).
set -euo pipefail
t=${1:-10s}
for pkg in $(go list ./...); do
    dir=$(go list -f '{{.Dir}}' "$pkg")
    for f in $(grep -hoE '^func (Fuzz[A-Za-z0-9_]+)' "$dir"/*_test.go 2>/dev/null | awk '{print $2}'); do
        echo "fuzz $pkg $f ($t)"
        go test -run XXX -fuzz "^$f\$" -fuzztime "$t" "$pkg" > /tmp/fuzz-$f.log 2>&1 || { cat /tmp/fuzz-$f.log; exit 1; }
    done
done
