#!/usr/bin/env bash
# Admissions allocation benchmarks (docs/benchmarks.md, "Admissions allocation"):
#  1. 100,000 applicants × 3 preferences over 120 schools: the whole release command (CSV in and out) and the
#     matching step alone;
#  2. 1,000,000 applicants: the whole command, time and peak memory;
#  3. 5,000 applicants: the same files through PyPI `matching` (hospital-resident, resident-optimal): identical
#     allocations required, and the time ratio.
# usage: bench/admissions.sh  (from the package root; builds the release products it needs)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product eduvn >/dev/null
swift build -c release --product admissionsbench >/dev/null
bin=.build/release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() { # label, dir, extra args…: the whole command, wall time and peak RSS
  local label=$1 dir=$2; shift 2
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin/eduvn" admissions allocate --schools "$dir/schools.csv" \
    --applicants "$dir/applicants.csv" --out "$dir/allocation.csv" --cutoffs "$dir/cutoffs.csv" "$@" >/dev/null
  read -r seconds kib <"$work/time"
  echo "$label: ${seconds} s end to end, peak RSS $((kib / 1024)) MiB"
}

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(date -u +%Y-%m-%d)"
python3 bench/admissions/generate.py "$work/100k" 100000 120 --seed 1
for i in 1 2 3; do run "100,000 applicants (run $i)" "$work/100k"; done
run "100,000 applicants, rank penalty 1.5" "$work/100k" --rank-penalty 1.5
"$bin/admissionsbench" "$work/100k/schools.csv" "$work/100k/applicants.csv" 11

python3 bench/admissions/generate.py "$work/1m" 1000000 120 --seed 2
for i in 1 2; do run "1,000,000 applicants (run $i)" "$work/1m"; done
"$bin/admissionsbench" "$work/1m/schools.csv" "$work/1m/applicants.csv" 5

python3 bench/admissions/generate.py "$work/5k" 5000 120 --seed 3
/usr/bin/time -f "%e" -o "$work/time" "$bin/eduvn" admissions allocate --schools "$work/5k/schools.csv" \
  --applicants "$work/5k/applicants.csv" --out "$work/5k/allocation.csv" >/dev/null
echo "5,000 applicants: eduvn $(cat "$work/time") s end to end"
"$bin/admissionsbench" "$work/5k/schools.csv" "$work/5k/applicants.csv" 11
python3 bench/admissions/crosscheck.py "$work/5k/schools.csv" "$work/5k/applicants.csv" "$work/5k/allocation.csv"
