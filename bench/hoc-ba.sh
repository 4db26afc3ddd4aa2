#!/usr/bin/env bash
# Học bạ of one class: render (draft) and sign it homeroom teacher → principal → seal (PAdES-B-T with the DEMO
# time-stamp authority), timed step by step through the command line, on a DEMO province big enough for full
# classes (a class of 45: the demo caps classes at 35, so the bench moves students into the largest). Every học bạ
# signature is time-stamped.
# Usage: bench/hoc-ba.sh [STUDENTS_IN_PROVINCE]   (default 150000; needs a release build and sqlite3)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$PWD/.build/release/eduvn
[ -x "$bin" ] || { echo "build first: swift build -c release" >&2; exit 1; }
work=$(mktemp -d /tmp/eduvn-hocba-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
export EDUVN_DATA_KEY=$(head -c 32 /dev/urandom | base64)
export EDUVN_DATABASE_URL=sqlite:$work/eduvn.sqlite
echo "machine: $(nproc) cores, $(uname -sr); date: $(date -u +%F)"
"$bin" demo --students "${1:-150000}" >/dev/null
"$bin" pki init-demo >/dev/null
read -r class size < <(sqlite3 -separator ' ' "$work/eduvn.sqlite" "SELECT c.id, COUNT(*) FROM classes c JOIN enrolments e ON e.class_id = c.id
    WHERE c.homeroom_staff_id IS NOT NULL AND c.grade >= 6 GROUP BY c.id ORDER BY COUNT(*) DESC, c.id LIMIT 1")
# The issue's class has 45 students; the demo caps classes at 35, so students of the same school year and grade join it.
sqlite3 "$work/eduvn.sqlite" "UPDATE enrolments SET class_id = $class, school_id = (SELECT school_id FROM classes WHERE id = $class)
    WHERE student_id IN (SELECT e.student_id FROM enrolments e JOIN classes c ON c.id = $class
        WHERE e.class_id <> $class AND e.school_year = c.school_year AND e.grade = c.grade ORDER BY e.student_id LIMIT 45 - $size)"
size=$(sqlite3 "$work/eduvn.sqlite" "SELECT COUNT(*) FROM enrolments WHERE class_id = $class")
signer() { sqlite3 "$work/eduvn.sqlite" "$1"; }
homeroom=$(signer "SELECT s.name FROM signers s JOIN classes c ON c.homeroom_staff_id = s.staff_id WHERE c.id = $class")
principal=$(signer "SELECT s.name FROM signers s JOIN staff f ON f.id = s.staff_id JOIN classes c ON c.school_id = f.school_id
    WHERE c.id = $class AND f.position = 'Hiệu trưởng' LIMIT 1")
seal=$(signer "SELECT s.name FROM signers s JOIN classes c ON c.school_id = s.school_id WHERE c.id = $class AND s.kind = 'seal'")
"$bin" records demo-year --class "$class" >/dev/null
timed() {
    local label=$1; shift
    local start end
    # Pinned to one core, so documents per second is documents per second per core.
    start=$(date +%s.%N); taskset -c 0 "$@" >/dev/null; end=$(date +%s.%N)
    echo "$label: $(echo "$end - $start" | bc) s for $size documents ($(echo "scale=1; $size / ($end - $start)" | bc) documents/s/core)"
}
timed "draft (JSON + PDF)" "$bin" records hoc-ba draft --class "$class"
timed "sign, homeroom teacher, B-T" "$bin" records hoc-ba sign --class "$class" --signer "$homeroom"
timed "sign, principal, B-T" "$bin" records hoc-ba sign --class "$class" --signer "$principal"
timed "sign, seal, B-T" "$bin" records hoc-ba sign --class "$class" --signer "$seal"
"$bin" records hoc-ba export --class "$class" --out "$work/out" >/dev/null
echo "one document: $(ls -l "$work"/out/*.pdf | awk '{s += $5} END {printf "%d", s / NR}') bytes on average, three signatures"
