#!/usr/bin/env python3
"""Writes a register of diplomas whose holders are partly the registry's students, for `eduvn credentials link-holders`.

usage: derive.py STUDENTS_CSV OUT_CSV TRUTH_CSV ENTRIES [--holders 0.5] [--seed 1]
STUDENTS_CSV is `eduvn export students` output. A share `--holders` of the entries are diplomas of random students,
written as old registers write people: the personal ID on half of them; of one in ten, the day and month of birth
swapped when that is another date (about 4 % of all), else, as for another one in ten, the middle name left out
(about 16 % of all, of names with one). The rest are people the registry does not
know (names, birth dates and places drawn like the students'). Graduation years follow the birth year (+18).
TRUTH_CSV says whose each diploma is: serial, school_code, student_code (both empty for someone the registry lacks).
"""
import argparse, csv, random

parser = argparse.ArgumentParser()
parser.add_argument("students")
parser.add_argument("out")
parser.add_argument("truth")
parser.add_argument("entries", type=int)
parser.add_argument("--holders", type=float, default=0.5)
parser.add_argument("--seed", type=int, default=1)
args = parser.parse_args()
rng = random.Random(args.seed)

with open(args.students, encoding="utf-8-sig") as f:
    students = [row for row in csv.DictReader(f)]
names = [row["full_name"] for row in students]
places = sorted({row["birthplace"] for row in students if row["birthplace"]}) or ["Hải Phòng"]
header = ["credential_type", "serial", "register_number", "full_name", "date_of_birth", "gender", "birthplace", "school",
          "graduation_year", "decision_number", "decision_date", "national_id"]
with open(args.out, "w", encoding="utf-8", newline="") as f, open(args.truth, "w", encoding="utf-8", newline="") as t:
    out, truth = csv.writer(f), csv.writer(t)
    out.writerow(header)
    truth.writerow(["serial", "school_code", "student_code"])
    for i in range(args.entries):
        if rng.random() < args.holders:
            student = rng.choice(students)
            whose = [student["school_code"], student["student_code"]]
            name, birth, gender = student["full_name"], student["date_of_birth"], student["gender"]
            place = student["birthplace"] or "Hải Phòng"
            national_id = student["national_id"] if rng.random() < 0.5 else ""
            year, month, day = birth.split("-")
            variant = rng.random()
            if variant < 0.1 and int(day) <= 12 and month != day:
                birth = f"{year}-{day}-{month}"
            elif variant < 0.2 and len(name.split()) >= 3:
                parts = name.split()
                name = " ".join([parts[0]] + parts[2:])
        else:
            family = rng.choice(names).split()[0]
            name = " ".join([family] + rng.choice(names).split()[1:])
            birth = f"{rng.randint(2004, 2008)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            gender, place, national_id = rng.choice(["Nam", "Nữ"]), rng.choice(places), ""
            whose = ["", ""]
        graduation = int(birth[:4]) + 18
        truth.writerow([f"HB{i:08d}"] + whose)
        out.writerow(["THPT", f"HB{i:08d}", f"{i + 1}/{graduation}", name, birth, gender, place, "THPT Trần Phú",
                      graduation, f"{graduation % 100}/QĐ-SGDĐT", f"{graduation}-07-20", national_id])
