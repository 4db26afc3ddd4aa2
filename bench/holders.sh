#!/usr/bin/env bash
# Linking a register's holders to the registry (docs/benchmarks.md, "Holders linked to the registry"), issue 5:
# a demo province of STUDENTS students (birth years moved to 2004–2008, so that they can hold a diploma), a register of
# ENTRIES diplomas of which half are the students' (bench/holders/derive.py), then `eduvn credentials link-holders`:
# time, peak memory, what it linked, and how many links point at the right student (bench/holders/score.py). SQLite only (the birth years are moved with sqlite3).
# usage: bench/holders.sh [STUDENTS=1000000] [ENTRIES=1000000]  (from the package root)
set -euo pipefail
cd "$(dirname "$0")/.."
students=${1:-1000000} entries=${2:-1000000}
swift build -c release --product eduvn >/dev/null
bin=$PWD/.build/release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export EDUVN_DATABASE_URL=sqlite:$work/eduvn.sqlite EDUVN_DATA_KEY=${EDUVN_DATA_KEY:-$(head -c 32 /dev/urandom | base64)}

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(date -u +%Y-%m-%d)"
"$bin/eduvn" demo --students "$students" --seed 1 >/dev/null
# 2004 is a leap year: 29 February stays a date.
sqlite3 "$work/eduvn.sqlite" "UPDATE students SET date_of_birth = printf('%d', 2004 + id % 5) || substr(date_of_birth, 5) WHERE substr(date_of_birth, 6) <> '02-29' OR id % 5 = 0;
                              UPDATE students SET date_of_birth = '2004' || substr(date_of_birth, 5) WHERE date_of_birth > '2009';"
"$bin/eduvn" export students --out "$work/students.csv" >/dev/null
python3 bench/holders/derive.py "$work/students.csv" "$work/register.csv" "$work/truth.csv" "$entries"
"$bin/eduvn" credentials import "$work/register.csv" >/dev/null
/usr/bin/time -f "%e %M" -o "$work/time" "$bin/eduvn" credentials link-holders --unlinked-out "$work/unlinked.csv"
read -r took kib <"$work/time"
echo "link-holders: $students students, $entries entries in ${took} s, peak RSS $((kib / 1024)) MiB"
echo "unlinked by reason: $(tail -n +2 "$work/unlinked.csv" | awk -F, '{print $NF}' | sort | uniq -c | tr '\n' ' ')"
sqlite3 -csv "$work/eduvn.sqlite" "SELECT e.serial, e.link_method, sc.code, s.student_code FROM credential_entries e
                                   JOIN students s ON s.id = e.student_id JOIN schools sc ON sc.id = s.school_id" >"$work/links.csv"
python3 bench/holders/score.py "$work/truth.csv" "$work/links.csv"
