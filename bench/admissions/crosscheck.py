#!/usr/bin/env python3
"""Allocates the same files as `eduvn admissions allocate` with the PyPI package `matching` (hospital-resident game,
resident-optimal) and compares the result with eduvn's allocation.csv.

usage: crosscheck.py SCHOOLS APPLICANTS ALLOCATION [--rank-penalty G]
Prints one line: identical, the number of applicants, and matching's time; exits 1 on any difference.
"""
import argparse, csv, sys, time
from decimal import Decimal

from matching.games import HospitalResident

parser = argparse.ArgumentParser()
parser.add_argument("schools")
parser.add_argument("applicants")
parser.add_argument("allocation")
parser.add_argument("--rank-penalty", default="0")
args = parser.parse_args()
penalty = Decimal(args.rank_penalty)
sys.setrecursionlimit(1_000_000)

with open(args.schools, newline="", encoding="utf-8") as f:
    quotas = {row["school_code"]: int(row["quota"]) for row in csv.DictReader(f)}
with open(args.applicants, newline="", encoding="utf-8") as f:
    reader = csv.DictReader(f)
    pref_columns = sorted((c for c in reader.fieldnames if c.startswith("pref")), key=lambda c: int(c[4:]))
    applicants = []
    for row in reader:
        score = Decimal(row["score"]) + Decimal(row["priority_points"] or "0")
        listed, seen = [], set()
        for column in pref_columns:
            school = row[column]
            if school and school not in seen:
                seen.add(school)
                listed.append((school, int(column[4:])))
        applicants.append((row["applicant_id"], score, int(row["tiebreak"]), listed))

started = time.perf_counter()
resident_prefs = {a: [s for s, _ in listed if quotas[s] > 0] for a, _, _, listed in applicants}
ranking = {}
for a, score, tiebreak, listed in applicants:
    for school, rank in listed:
        if quotas[school] > 0:
            ranking.setdefault(school, []).append((-(score - penalty * (rank - 1)), tiebreak, a))
hospital_prefs = {s: [a for _, _, a in sorted(entries)] for s, entries in ranking.items()}
resident_prefs = {a: p for a, p in resident_prefs.items() if p}
capacities = {s: quotas[s] for s in hospital_prefs}
game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
solution = game.solve(optimal="resident")
placed = {}
for hospital, residents in solution.items():
    for resident in residents:
        placed[resident.name] = hospital.name
elapsed = time.perf_counter() - started

theirs = {}
for a, _, _, listed in applicants:
    school = placed.get(a, "")
    rank = next((str(r) for s, r in listed if s == school), "")
    theirs[a] = (school, rank)
with open(args.allocation, newline="", encoding="utf-8") as f:
    ours = {row["applicant_id"]: (row["school_code"], row["preference_rank"]) for row in csv.DictReader(f)}
differences = [a for a in theirs if theirs[a] != ours.get(a)] + [a for a in ours if a not in theirs]
if differences:
    a = differences[0]
    print(f"different for {len(differences)} applicants, e.g. {a}: eduvn {ours.get(a)}, matching {theirs.get(a)}")
    sys.exit(1)
print(f"identical for {len(applicants)} applicants; matching took {elapsed:.3f} s")
