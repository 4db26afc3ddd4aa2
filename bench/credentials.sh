#!/usr/bin/env bash
# The register of credentials (docs/benchmarks.md, "Credentials register"), issue 5:
#  1. importing 1,000,000 historic entries with `eduvn credentials import` (release): time and rows/s;
#  2. four more files of 1,000,000 for a register of 5,000,000 entries;
#  3. the public lookup `POST /api/v1/credentials/lookup` under an open-loop load from `lookupbench` on loopback, at
#     RATE requests/s for SECONDS s, through an employer's key (anonymous clients are limited to 20 a minute each).
# usage: bench/credentials.sh [ENTRIES=5000000] [RATE=1000] [SECONDS=30]  (from the package root; SQLite, or PostgreSQL
#        when EDUVN_DATABASE_URL names one)
set -euo pipefail
cd "$(dirname "$0")/.."
entries=${1:-5000000} rate=${2:-1000} seconds=${3:-30}
swift build -c release --product eduvn >/dev/null
swift build -c release --product lookupbench >/dev/null
bin=$PWD/.build/release
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null; rm -rf "$work"' EXIT
export EDUVN_DATABASE_URL=${EDUVN_DATABASE_URL:-sqlite:$work/eduvn.sqlite} EDUVN_DATA_KEY=${EDUVN_DATA_KEY:-$(head -c 32 /dev/urandom | base64)}

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(date -u +%Y-%m-%d), database ${EDUVN_DATABASE_URL%%:*}"
files=$(( (entries + 999999) / 1000000 ))
python3 bench/credentials/generate.py "$work/data" "$entries" --files "$files"
"$bin/eduvn" migrate >/dev/null
for ((i = 0; i < files; i++)); do
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin/eduvn" credentials import "$work/data/register-$i.csv" >/dev/null
  read -r took kib <"$work/time"
  rows=$(( $(wc -l <"$work/data/register-$i.csv") - 1 ))
  echo "import file $((i + 1))/$files: $rows rows in ${took} s ($(awk -v r="$rows" -v s="$took" 'BEGIN {printf "%.0f", r / s}') rows/s), peak RSS $((kib / 1024)) MiB"
done

key=$("$bin/eduvn" credentials keys create --organisation "Bench" --daily 100000 | awk '/key/ {print $NF; exit}')
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin/eduvn" serve --port "$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
"$bin/lookupbench" "http://127.0.0.1:$port" "$work/data/lookups.jsonl" 50 5 "$key" >/dev/null  # warm the connections and caches
"$bin/lookupbench" "http://127.0.0.1:$port" "$work/data/lookups.jsonl" "$rate" "$seconds" "$key"
