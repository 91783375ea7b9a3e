#!/bin/sh
# Builds mistrald and mistral-load, starts mistrald on a free loopback
# port with a fresh data directory, runs bench/compare.sh against it (set:
# small, targets or all; default all) and stops it.
#
#   bench/local.sh [set] [label]
set -eu
set_=${1:-all} label=${2:-mistrald}
here=$(cd "$(dirname "$0")" && pwd)
bin=$here/.bin
mkdir -p "$bin"
(cd "$here/.." && CGO_ENABLED=0 go build -trimpath -o "$bin/mistrald" ./cmd/mistrald && go build -o "$bin/mistral-load" ./bench/cmd/mistral-load)
data=$(mktemp -d)
log=$data.log
: >"$log"
"$bin/mistrald" --listen 127.0.0.1:0 --data "$data" ${MISTRALD_ARGS:-} >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data" "$log"' EXIT INT TERM
i=0
until addr=$(sed -n 's/^mistrald listening on //p' "$log") && [ -n "$addr" ]; do
	i=$((i + 1))
	if [ $i -gt 100 ] || ! kill -0 $pid 2>/dev/null; then
		cat "$log" >&2
		exit 1
	fi
	sleep 0.1
done
echo "mistrald pid $pid on $addr" >&2
MISTRAL_LOAD=$bin/mistral-load "$here/compare.sh" "$label" "http://$addr" "--pid $pid" "$set_"
