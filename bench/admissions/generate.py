#!/usr/bin/env python3
"""Writes a synthetic grade-10 admissions instance in the `eduvn admissions allocate` format.

usage: generate.py OUT_DIR APPLICANTS SCHOOLS [--preferences 3] [--seed 1]
Schools have quotas summing to about 85 % of the applicants, and differ in popularity; scores are three papers
on a 10-point scale in quarter points, so equal scores are common and the tie-break matters.
"""
import argparse, csv, os, random

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("applicants", type=int)
parser.add_argument("schools", type=int)
parser.add_argument("--preferences", type=int, default=3)
parser.add_argument("--seed", type=int, default=1)
args = parser.parse_args()
rng = random.Random(args.seed)
os.makedirs(args.out, exist_ok=True)

codes = [f"THPT{i:03d}" for i in range(args.schools)]
popularity = [rng.uniform(0.2, 3.0) for _ in codes]
seats = int(args.applicants * 0.85)
weights_total = sum(popularity)
quotas = [max(1, round(seats * p / weights_total)) for p in popularity]
with open(os.path.join(args.out, "schools.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["school_code", "quota"])
    w.writerows(zip(codes, quotas))

tiebreaks = list(range(1, args.applicants + 1))
rng.shuffle(tiebreaks)
priorities = ["0"] * 85 + ["1"] * 8 + ["1.5"] * 4 + ["2"] * 3
with open(os.path.join(args.out, "applicants.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["applicant_id", "score", "priority_points", "tiebreak"] + [f"pref{k + 1}" for k in range(args.preferences)])
    for i in range(args.applicants):
        papers = [min(40, max(0, round(rng.gauss(26, 7)))) / 4 for _ in range(3)]
        listed = []
        while len(listed) < args.preferences:
            school = rng.choices(codes, weights=popularity)[0]
            if school not in listed:
                listed.append(school)
        w.writerow([f"TS{i + 1:07d}", f"{sum(papers):.2f}", rng.choice(priorities), tiebreaks[i]] + listed)
