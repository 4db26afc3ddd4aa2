#!/usr/bin/env bash
# Year results benchmark: the pure TT22 computation for a synthetic province (recordsbench, default 700,000
# students), then `eduvn records year-results` end to end on generated CSV files (default 10,000 students,
# 13 scored subjects with 3 regular marks + mid-term + end-term per semester and 2 comment subjects).
# Usage: bench/records.sh [STUDENTS_IN_MEMORY] [STUDENTS_IN_FILES]   (needs a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .build/release/recordsbench ] && [ -x .build/release/eduvn ] || { echo "build first: swift build -c release" >&2; exit 1; }
work=$(mktemp -d /tmp/eduvn-recordsbench.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(uname -sr); date: $(date -u +%F)"
.build/release/recordsbench "${1:-700000}"
python3 - "${2:-10000}" "$work" <<'PY'
import random, sys
students, work = int(sys.argv[1]), sys.argv[2]
random.seed(10)
scored = ["Toán", "Ngữ văn", "Tiếng Anh", "Lịch sử", "Địa lí", "Vật lí", "Hoá học", "Sinh học", "Tin học", "Công nghệ",
          "GDKT&PL", "Tiếng Pháp", "Ngữ văn địa phương"]
with open(f"{work}/marks.csv", "w") as marks, open(f"{work}/conduct.csv", "w") as conduct:
    marks.write("student_id,subject,semester,kind,value\n")
    conduct.write("student_id,conduct_hk1,conduct_hk2,absences\n")
    for s in range(students):
        sid = f"{31200000000 + s:012d}"
        for subject in scored:
            for semester in (1, 2):
                for kind in ("tx", "tx", "tx", "gk", "ck"):
                    marks.write(f"{sid},{subject},{semester},{kind},{random.randint(30, 100) / 10}\n")
        for subject in ("Giáo dục thể chất", "Hoạt động trải nghiệm"):
            for semester in (1, 2):
                marks.write(f"{sid},{subject},{semester},nx,Đ\n")
        conduct.write(f"{sid},{random.choice(['Tốt', 'Khá', 'Đạt'])},{random.choice(['Tốt', 'Khá', 'Đạt'])},{random.randint(0, 50)}\n")
PY
rows=$(($(wc -l < "$work/marks.csv") - 1))
start=$(date +%s.%N)
/usr/bin/time -f "peak RSS %M KiB" .build/release/eduvn records year-results --regime tt22 --marks "$work/marks.csv" --conduct "$work/conduct.csv" \
    --out-subjects "$work/subjects.csv" --out-students "$work/students.csv"
end=$(date +%s.%N)
echo "records year-results: ${2:-10000} students, $rows mark rows in $(echo "$end - $start" | bc) s"
