#!/bin/sh
# Runs the benchmark scenarios of bench/README.md against one server and
# writes the JSON results to bench/results/<label>-<scenario>.json.
#
#   bench/compare.sh <label> <url> <cpu-args> [small|targets|all]
#
# cpu-args names the server processes for CPU accounting, e.g.
# "--pid 1234" (mistrald) or "--pid-dir /var/lib/mistral-anchor/run"
# (the real Mistral). "small" is bench.py's sizes (run it against the
# real Mistral only in short phases: it is shared); "targets" is the
# issue's sizes (mistrald only).
set -eu
label=$1 url=$2 cpu=$3 set=${4:-small}
here=$(cd "$(dirname "$0")" && pwd)
out=$here/results
bin=${MISTRAL_LOAD:-$here/.bin/mistral-load}
mkdir -p "$out" "$(dirname "$bin")"
[ -x "$bin" ] || (cd "$here/.." && go build -o "$bin" ./bench/cmd/mistral-load)
poll=${POLL:-100ms}

run() { # name args...
	name=$1
	shift
	echo "== $label $name: $*" >&2
	# shellcheck disable=SC2086
	"$bin" --url "$url" $cpu -q --poll "$poll" --json "$out/$label-$name.json" "$@" || true
	sleep "${PAUSE:-2}"
}

if [ "$set" = small ] || [ "$set" = all ]; then
	run noop-200 --scenario noop --n 200 --c 8
	run chain10-50 --scenario chain10 --n 50 --c 8
	run items100 --scenario items100 --n 1
	run join100-5 --scenario join100 --n 5 --c 8
	run nested-10 --scenario nested --n 10 --c 8
	run get-wf-c8 --scenario get-wf --c 8 --duration 10s
	run get-wf-c50 --scenario get-wf --c 50 --duration 5s
	run list-exec-c8 --scenario list-exec --seed 100 --c 8 --duration 5s
fi
if [ "$set" = targets ] || [ "$set" = all ]; then
	run noop-20000 --scenario noop --n 20000 --c 64
	run chain10-2000 --scenario chain10 --n 2000 --c 64
	run items10k --scenario items10k --n 1
	run get-wf-c50-closed --scenario get-wf --c 50 --duration 10s
	run get-wf-c50-5000 --scenario get-wf --c 50 --duration 10s --rate 5000
	run noop-steady-2000 --scenario noop --mode steady --rate 2000 --duration 10s --c 64
	run chain10-steady-200 --scenario chain10 --mode steady --rate 200 --duration 10s --c 64
fi
