#!/usr/bin/env python3
"""Writes synthetic digitised registers for `eduvn credentials import`, and lookups drawn from them.

usage: generate.py OUT_DIR ENTRIES [--files 1] [--lookups 20000] [--seed 1]
Entries are split over `--files` register files (register-0.csv, …): THPT diplomas of 2000–2025, unique serials
(two letters and seven digits) and register numbers, Vietnamese names with diacritics. `lookups.jsonl` holds
`{"serial", "full_name", "date_of_birth"}` bodies for the public lookup: nine in ten match an entry, one in ten has
a wrong birth date (the uniform 404).
"""
import argparse, json, os, random

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("entries", type=int)
parser.add_argument("--files", type=int, default=1)
parser.add_argument("--lookups", type=int, default=20000)
parser.add_argument("--seed", type=int, default=1)
args = parser.parse_args()
rng = random.Random(args.seed)
os.makedirs(args.out, exist_ok=True)

family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đào"]
middle = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thu", "Quang", "Thanh", "Hoài", "Gia", "Bảo"]
given = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh",
         "Long", "Mai", "My", "Nam", "Nga", "Ngân", "Phong", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tú", "Vy", "Yến"]
schools = [f"THPT {name}" for name in ["Trần Phú", "Ngô Quyền", "Lê Quý Đôn", "Nguyễn Trãi", "Hồng Quang", "Chu Văn An", "Kiến An",
                                      "Thái Phiên", "Lê Hồng Phong", "Hải An", "Tô Hiệu", "Vĩnh Bảo", "Nam Sách", "Cẩm Giàng"]]
header = ("credential_type,serial,register_number,full_name,date_of_birth,gender,birthplace,school,graduation_year,"
          "decision_number,decision_date\n")
chosen = set(rng.sample(range(args.entries), min(args.lookups, args.entries)))
lookups = []
per_file = (args.entries + args.files - 1) // args.files
for number in range(args.files):
    with open(os.path.join(args.out, f"register-{number}.csv"), "w", encoding="utf-8") as f:
        f.write(header)
        for i in range(number * per_file, min(args.entries, (number + 1) * per_file)):
            year = 2000 + i % 26
            birth = f"{year - 18}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            woman = rng.random() < 0.5
            name = f"{rng.choice(family)} {'Thị' if woman else rng.choice(middle)} {rng.choice(given)}"
            serial = f"{chr(65 + i // 10_000_000 % 26)}{chr(65 + year % 26)}{i % 10_000_000:07d}"
            f.write(f"THPT,{serial},{i + 1}/{year},{name},{birth},{'Nữ' if woman else 'Nam'},Hải Phòng,{rng.choice(schools)},{year},"
                    f"{year % 100}/QĐ-SGDĐT,{year}-07-20\n")
            if i in chosen:
                wrong = rng.random() < 0.1
                lookups.append({"serial": serial, "full_name": name, "date_of_birth": f"{year - 18}-01-29" if wrong else birth})
rng.shuffle(lookups)
with open(os.path.join(args.out, "lookups.jsonl"), "w", encoding="utf-8") as f:
    f.writelines(json.dumps(body, ensure_ascii=False) + "\n" for body in lookups)
