#!/usr/bin/env bash
# Reconciliation benchmark (docs/benchmarks.md, "Reconciliation"): every student and staff member of a demo province
# checked against `eduvn population-sim serve` at its rate limit, and the job's overhead above what the limit allows.
# usage: bench/reconcile.sh [STUDENTS] [RATE]   (default: 700000 people, 20 requests per second of 100 people)
set -euo pipefail
cd "$(dirname "$0")/.."
students=${1:-700000}
rate=${2:-20}
swift build -c release --product eduvn >/dev/null
bin=$PWD/.build/release/eduvn
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
cleanup() { [ -n "${sim:-}" ] && kill "$sim" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export EDUVN_DATABASE_URL="sqlite:$work/eduvn.sqlite" EDUVN_DATA_KEY=$(head -c 32 /dev/urandom | base64)
echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(date -u +%Y-%m-%d)"
"$bin" demo --students "$students" --seed 1 >/dev/null
"$bin" population-sim generate --out "$work/register.json" --seed 1 >/dev/null
"$bin" population-sim serve --dataset "$work/register.json" --port "$port" --rate "$rate" >"$work/sim.log" 2>&1 &
sim=$!
for _ in $(seq 100); do grep -q "persons on" "$work/sim.log" 2>/dev/null && break; sleep 0.2; done
sleep 1
/usr/bin/time -f "%e %M" -o "$work/time" "$bin" quality reconcile --register-url "http://127.0.0.1:$port" --batch 100 >"$work/out"
read -r seconds kib <"$work/time"
people=$(grep -o '[0-9]* checked' "$work/out" | cut -d' ' -f1)
python3 - "$seconds" "$people" "$rate" "$kib" <<'PY'
import math, sys
seconds, people, rate, kib = float(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
requests = math.ceil(people / 100)
# The simulator's bucket starts full (a burst of one second's requests), then refills at the rate.
floor = max(0, requests - rate) / rate
print(f"{people} people in {requests} requests of 100: {seconds:.1f} s; the rate limit ({rate:g}/s) allows {floor:.1f} s; "
      f"overhead {seconds - floor:.1f} s ({100 * (seconds - floor) / floor:.1f} %); peak RSS {kib // 1024} MiB")
PY
tail -1 "$work/out"
