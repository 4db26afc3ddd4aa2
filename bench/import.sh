#!/usr/bin/env bash
# Import benchmark: `eduvn import students` of N demo rows against the floor of
# sqlite3's `.import` (SQLite) and psql's `\copy` (PostgreSQL) of the same file into a table
# with the same columns. Prints times, ratios and peak memory (GNU time's maximum RSS).
# Usage: bench/import.sh [ROWS]   (default 1000000; needs a release build: swift build -c release)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
bin=.build/release/eduvn
[ -x "$bin" ] || { echo "build first: swift build -c release" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }
work=$(mktemp -d /tmp/eduvn-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
export EDUVN_DATA_KEY=$(head -c 32 /dev/urandom | base64)

timed() { # label, command...: prints "label seconds maxrss_kb"
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r secs rss <"$work/time"
  echo "$label $secs $rss"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr); date: $(date -u +%F)"
"$bin" demo --students "$rows" --seed 1 --csv-dir "$work/sheets" >/dev/null
file="$work/sheets/students.csv"
echo "file: $(wc -l <"$file") lines, $(du -h "$file" | cut -f1)"
columns=$(head -1 "$file" | sed 's/^\xEF\xBB\xBF//')

# SQLite: the platform, then the floor.
export EDUVN_DATABASE_URL="sqlite:$work/eduvn.sqlite"
"$bin" demo --students "$rows" --seed 1 --skip-students >/dev/null
cp "$work/eduvn.sqlite" "$work/before.sqlite"
read -r _ eduvn_s eduvn_rss < <(timed eduvn "$bin" import students "$file")
# SQLite's own share: the rows the import stored (students, enrolments, audit entries) copied by sqlite3 into the
# schema as it was before the import, with the platform's keys and indexes; no parsing, checking or encryption.
last_audit=$(sqlite3 "$work/before.sqlite" "SELECT COALESCE(MAX(id), 0) FROM audit_log")
cat >"$work/own.sql" <<SQL
PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; PRAGMA foreign_keys=ON;
ATTACH '$work/eduvn.sqlite' AS imported;
BEGIN;
INSERT INTO main.students SELECT * FROM imported.students;
INSERT INTO main.enrolments SELECT * FROM imported.enrolments;
INSERT INTO main.audit_log SELECT * FROM imported.audit_log WHERE id > $last_audit;
COMMIT;
SQL
read -r _ own_s _ < <(timed own sh -c "sqlite3 '$work/before.sqlite' <'$work/own.sql'")
sqlite3 "$work/floor.sqlite" "CREATE TABLE students ($(echo "$columns" | sed 's/,/ TEXT,/g') TEXT);"
tail -n +2 "$file" >"$work/body.csv"
read -r _ floor_s _ < <(timed floor sqlite3 "$work/floor.sqlite" ".mode csv" ".import $work/body.csv students")
echo "sqlite: eduvn ${eduvn_s}s (peak ${eduvn_rss} KB), sqlite3 .import ${floor_s}s, ratio $(echo "scale=2; $eduvn_s / $floor_s" | bc)"
echo "sqlite: storing the imported rows in the platform's schema, sqlite3 alone: ${own_s}s ($(echo "scale=2; $own_s / $floor_s" | bc)x the floor)"
.build/release/edubench 1000 "$rows"

# PostgreSQL, when a server URL is given in EDUVN_BENCH_POSTGRES (an empty database).
if [ -n "${EDUVN_BENCH_POSTGRES:-}" ]; then
  export EDUVN_DATABASE_URL="$EDUVN_BENCH_POSTGRES"
  pg=${EDUVN_BENCH_POSTGRES%%\?*}
  name=${pg##*/} before="${pg##*/}_before" server="${pg%/*}/postgres"
  "$bin" demo --students "$rows" --seed 1 --skip-students >/dev/null
  # The database as it was before the import, for the server's own share (below).
  psql "$server" -qc "DROP DATABASE IF EXISTS $before" -qc "CREATE DATABASE $before TEMPLATE $name"
  last_audit=$(psql "$pg" -tAc "SELECT COALESCE(MAX(id), 0) FROM audit_log")
  read -r _ pg_s pg_rss < <(timed eduvn "$bin" import students "$file")
  psql "$pg" -qc "\\copy students TO '$work/students.tsv'" -qc "\\copy enrolments TO '$work/enrolments.tsv'" \
    -qc "\\copy (SELECT * FROM audit_log WHERE id > $last_audit) TO '$work/audit.tsv'"
  read -r _ pgown_s _ < <(timed own psql "${pg%/*}/$before" -v ON_ERROR_STOP=1 -q -c "BEGIN" -c "\\copy students FROM '$work/students.tsv'" \
    -c "\\copy enrolments FROM '$work/enrolments.tsv'" -c "\\copy audit_log FROM '$work/audit.tsv'" -c "COMMIT")
  psql "$server" -qc "DROP DATABASE $before"
  psql "$pg" -qc "DROP TABLE IF EXISTS floor_students; CREATE TABLE floor_students ($(echo "$columns" | sed 's/,/ TEXT,/g') TEXT);"
  read -r _ pgfloor_s _ < <(timed floor psql "$pg" -qc "\\copy floor_students FROM '$work/body.csv' CSV")
  .build/release/edubench 1000 "$rows"
  echo "postgres: eduvn ${pg_s}s (peak ${pg_rss} KB), psql \\copy ${pgfloor_s}s, ratio $(echo "scale=2; $pg_s / $pgfloor_s" | bc)"
  echo "postgres: storing the imported rows in the platform's schema, the server alone: ${pgown_s}s ($(echo "scale=2; $pgown_s / $pgfloor_s" | bc)x the floor)"
fi
