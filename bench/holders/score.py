#!/usr/bin/env python3
"""Scores the links `eduvn credentials link-holders` made against derive.py's truth: per link method, how many links
point at the student whose diploma it is.

usage: score.py TRUTH_CSV LINKS_CSV   (LINKS_CSV: serial, link_method, school_code, student_code; no header)
"""
import collections, csv, sys

with open(sys.argv[1], encoding="utf-8") as f:
    truth = {row["serial"]: (row["school_code"], row["student_code"]) for row in csv.DictReader(f)}
counts = collections.defaultdict(lambda: [0, 0])
with open(sys.argv[2], encoding="utf-8") as f:
    for serial, method, school, student in csv.reader(f):
        counts[method][0] += truth[serial] == (school, student)
        counts[method][1] += 1
holders = sum(1 for whose in truth.values() if whose[0])
print(f"diplomas of registry students: {holders} of {len(truth)}; linked: {sum(total for _, total in counts.values())}")
for method, (right, total) in sorted(counts.items()):
    print(f"  {method}: {total} links, {right} to the right student ({right / total:.4f})")
