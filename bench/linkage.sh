#!/usr/bin/env bash
# Linkage benchmarks (docs/benchmarks.md, "Linkage"): quality (pairwise precision, recall, F1 against the truth) and
# speed of `eduvn linkage dedupe` on generated data, and Splink 4 (DuckDB backend) on the same files in the same run.
# usage: bench/linkage.sh [ENTITIES...]   (default: 20000 610000 — about 33,000 and 1,000,000 records)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product eduvn >/dev/null
bin=.build/release/eduvn
python3 -c "import splink" 2>/dev/null || python3 -m pip install --quiet "splink==4.0.17" || python3 -m pip install --quiet --break-system-packages "splink==4.0.17"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(date -u +%Y-%m-%d)"
for entities in "${@:-20000 610000}"; do
  for n in $entities; do
    dir="$work/$n"
    "$bin" demo linkage-data --entities "$n" --seed 2 --out "$dir"
    /usr/bin/time -f "%e %M" -o "$work/time" "$bin" linkage dedupe --input "$dir/persons.csv" --out "$dir/eduvn.csv" >/dev/null
    read -r seconds kib <"$work/time"
    echo "eduvn: ${seconds} s, peak RSS $((kib / 1024)) MiB: $("$bin" linkage evaluate --clusters "$dir/eduvn.csv" --truth "$dir/truth.csv")"
    /usr/bin/time -f "%e %M" -o "$work/time" python3 bench/linkage/splink_dedupe.py "$dir/persons.csv" "$dir/splink.csv" >/dev/null 2>&1
    read -r seconds kib <"$work/time"
    echo "splink: ${seconds} s, peak RSS $((kib / 1024)) MiB: $("$bin" linkage evaluate --clusters "$dir/splink.csv" --truth "$dir/truth.csv")"
  done
done
