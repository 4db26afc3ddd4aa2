#!/usr/bin/env python3
"""Regenerates the Tabular test fixtures in this folder.

    pip install xlsxwriter && python3 make_fixtures.py

- students.xlsx: written by XlsxWriter, a real spreadsheet library that, like Excel, stores text in the
  shared-strings table (openpyxl 3.x writes every string inline, so it cannot make this fixture).
- handmade.xlsx, handmade-1904.xlsx: hand-written XML for what a reader meets beyond that file (inline strings,
  t="str", booleans, errors, rich text with phonetic runs, _xHHHH_ escapes, "x:" prefixes, cells and rows
  without "r", parts under other names, date and time formats, the 1900 leap-year bug, the 1904 date system).
- broken-sheet.xlsx: a workbook whose sheet XML stops in the middle of row 3.
- zip-without-workbook.xlsx: a valid ZIP that holds no workbook.
- legacy-*.csv: one Vietnamese sample in the three legacy encodings. TCVN3 and Windows-1258 come from glibc
  iconv (TCVN5712-1, WINDOWS-1258); iconv has no VNI, so that one is built by hand from the published
  VNI-Windows table below.
- vietnamese-letters.tsv: every Vietnamese letter in both cases with its bytes (hex) in TCVN3, VNI and
  Windows-1258, made the same way: the decoders are checked against it letter by letter.
"""
import datetime
import pathlib
import subprocess
import unicodedata
import zipfile

import xlsxwriter

HERE = pathlib.Path(__file__).resolve().parent


def students_xlsx():
    wb = xlsxwriter.Workbook(str(HERE / "students.xlsx"))
    wb.set_properties({"created": datetime.datetime(2024, 9, 5)})  # reproducible bytes
    ws = wb.add_worksheet("Học sinh")
    as_text = wb.add_format({"num_format": "@"})  # IDs typed as text, as a school would
    day_month_year = wb.add_format({"num_format": "dd/mm/yyyy"})  # a custom format
    builtin_date = wb.add_format({"num_format": 14})  # Excel's built-in short date
    # "Ghi chú" is stored decomposed (NFD) on purpose: the reader must hand back NFC.
    ws.write_row(0, 0, ["Mã HS", "Họ và tên", "Ngày sinh", "Lớp", "Điểm TB", "Số buổi nghỉ",
                        unicodedata.normalize("NFD", "Ghi chú")])
    ws.write_string(1, 0, "00123", as_text)
    ws.write_string(1, 1, "Nguyễn Thị Ánh")
    ws.write_datetime(1, 2, datetime.datetime(2010, 3, 15), day_month_year)
    ws.write_string(1, 3, " 6A ")
    ws.write_number(1, 4, 8.75)
    ws.write_number(1, 5, 3)  # G2 stays a gap
    ws.write_string(2, 0, "00456", as_text)
    ws.write_string(2, 1, "Trần Văn Đức")
    ws.write_datetime(2, 2, datetime.datetime(2011, 12, 1), builtin_date)
    ws.write_string(2, 3, "6A")
    ws.write_number(2, 4, 9.0)
    ws.write_number(2, 5, 0)
    ws.write_string(2, 6, "Chuyển trường")
    # Row 4 stays blank: it must be skipped while row 5 keeps its number.
    ws.write_string(4, 0, "00789", as_text)
    ws.write_string(4, 1, "Lê Hoàng Long")
    ws.write_number(4, 4, 7.5)  # C5, D5 are gaps
    ws.write_string(4, 6, 'Học bổng, loại "khá"')
    ws.write_string(5, 1, "Nguyễn Thị Ánh")  # B6 repeats B2: one shared string, used twice
    wb.close()


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/data.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/strings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""

# Sheet, shared strings and styles under non-default names and ids: the reader must follow the relationships.
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/>
<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/>
<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""


def workbook(date1904):
    pr = '<x:workbookPr date1904="1"/>' if date1904 else ""
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{pr}
<x:sheets><x:sheet name="Dữ liệu" sheetId="3" rel:id="rId7"/></x:sheets></x:workbook>"""


# Shared string 1 is rich text whose phonetic run (rPh) must not show; 2 holds _x000D_ (CR) and an escaped "_x".
SHARED_STRINGS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">
<x:si><x:t>Tên</x:t></x:si>
<x:si><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">Phạm </x:t></x:r><x:r><x:t>Minh</x:t></x:r><x:rPh sb="0" eb="1"><x:t>ふりがな</x:t></x:rPh></x:si>
<x:si><x:t>dòng 1_x000D_
dòng 2 _x005F_x0041_</x:t></x:si>
</x:sst>"""

# cellXfs: 0 General, 1 custom dd/mm/yyyy (164), 2 built-in 14, 3 built-in 20 (h:mm, time only), 4 custom [h]:mm.
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:styleSheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<x:numFmts count="2"><x:numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/><x:numFmt numFmtId="165" formatCode="[h]:mm"/></x:numFmts>
<x:cellStyleXfs count="1"><x:xf numFmtId="14"/></x:cellStyleXfs>
<x:cellXfs count="5"><x:xf numFmtId="0"/><x:xf numFmtId="164"/><x:xf numFmtId="14"/><x:xf numFmtId="20"/><x:xf numFmtId="165"/></x:cellXfs>
</x:styleSheet>"""

SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>Kiểu</x:t></x:is></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>Giá trị</x:t></x:is></x:c></x:row>
<x:row r="2"><x:c t="s"><x:v>1</x:v></x:c><x:c t="str"><x:v>công thức</x:v></x:c><x:c><x:f>1+1</x:f><x:v>2</x:v></x:c></x:row>
<x:row><x:c r="A3" t="b"><x:v>1</x:v></x:c><x:c r="B3" t="b"><x:v>0</x:v></x:c><x:c r="C3" t="e"><x:v>#N/A</x:v></x:c></x:row>
<x:row r="4"><x:c r="A4" t="s"><x:v>2</x:v></x:c><x:c r="C4" t="inlineStr"><x:is><x:r><x:t>in</x:t></x:r><x:r><x:t>line</x:t></x:r></x:is></x:c></x:row>
<x:row r="6"><x:c r="A6" s="1"><x:v>44197</x:v></x:c><x:c r="B6" s="2"><x:v>44197.75</x:v></x:c><x:c r="C6" s="3"><x:v>0.5</x:v></x:c></x:row>
<x:row r="7"><x:c r="A7" s="2"><x:v>59</x:v></x:c><x:c r="B7" s="2"><x:v>60</x:v></x:c><x:c r="C7" s="2"><x:v>61</x:v></x:c></x:row>
<x:row r="8"><x:c r="A8" s="4"><x:v>1.25</x:v></x:c><x:c r="B8"><x:v>1.5E+3</x:v></x:c><x:c r="C8"><x:v>0.1</x:v></x:c></x:row>
<x:row r="9"><x:c r="A9" s="1"/><x:c r="AA9" s="1"/></x:row>
</x:sheetData></x:worksheet>"""


def write_zip(name, parts):
    """Fixed timestamps keep the bytes reproducible."""
    with zipfile.ZipFile(HERE / name, "w", zipfile.ZIP_DEFLATED) as z:
        for path, text in parts.items():
            z.writestr(zipfile.ZipInfo(path, date_time=(2024, 9, 5, 0, 0, 0)), text, zipfile.ZIP_DEFLATED)


def handmade_xlsx(name, date1904=False, sheet=SHEET):
    write_zip(name, {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": workbook(date1904),
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/strings.xml": SHARED_STRINGS,
        "xl/styles.xml": STYLES,
        "xl/worksheets/data.xml": sheet,
    })


LEGACY_SAMPLE = """Mã HS,Họ và tên,Lớp,Địa chỉ
001,Nguyễn Văn An,6A,"phường Bến Nghé, quận 1, thành phố Hồ Chí Minh"
002,Trần Thị Bình,6A,"xã Hoà Phú, huyện Hoà Vang, thành phố Đà Nẵng"
003,Lê Hoàng Cường,7B,"thị trấn Đông Anh, huyện Đông Anh, Hà Nội"
004,Phạm Minh Đức,8C,"phường Vĩnh Ninh, thành phố Huế"
"""

# VNI-Windows: a base letter followed by a mark byte (tones in the order acute, grave, hook, tilde, dot).
VNI_TONES = {"lower": [0xF9, 0xF8, 0xFB, 0xF5, 0xEF], "upper": [0xD9, 0xD8, 0xDB, 0xD5, 0xCF]}
VNI_CIRCUMFLEX = {"lower": [0xE2, 0xE1, 0xE0, 0xE5, 0xE3, 0xE4], "upper": [0xC2, 0xC1, 0xC0, 0xC5, 0xC3, 0xC4]}
VNI_BREVE = {"lower": [0xEA, 0xE9, 0xE8, 0xFA, 0xFC, 0xEB], "upper": [0xCA, 0xC9, 0xC8, 0xDA, 0xDC, 0xCB]}
VNI_I = {"lower": [ord("i"), 0xED, 0xEC, 0xE6, 0xF3, 0xF2], "upper": [ord("I"), 0xCD, 0xCC, 0xC6, 0xD3, 0xD2]}
VNI_HORN = {"o": 0xF4, "u": 0xF6}  # ơ ư; upper case is 0x20 lower
TONE_MARKS = {"\u0301": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0323": 4}


def vni_char(ch):
    if ord(ch) < 0x80:
        return bytes([ord(ch)])
    if ch in "đĐ":
        return bytes([0xF1 if ch == "đ" else 0xD1])
    base, *marks = unicodedata.normalize("NFD", ch)
    case = "upper" if base.isupper() else "lower"
    tone = next((TONE_MARKS[m] for m in marks if m in TONE_MARKS), None)
    modifier = next((m for m in marks if m in "\u0302\u0306\u031b"), None)
    letter = base.lower()
    if letter == "i":
        return bytes([VNI_I[case][0 if tone is None else tone + 1]])
    if letter == "y" and tone == 4:
        return bytes([0xCE if case == "upper" else 0xEE])  # ỵ has a byte of its own
    if modifier in ("\u0302", "\u0306"):
        table = VNI_CIRCUMFLEX if modifier == "\u0302" else VNI_BREVE
        return bytes([ord(base), table[case][0 if tone is None else tone + 1]])
    head = [VNI_HORN[letter] - (0x20 if case == "upper" else 0)] if modifier == "\u031b" else [ord(base)]
    return bytes(head + ([] if tone is None else [VNI_TONES[case][tone]]))


def legacy_csvs():
    sample = unicodedata.normalize("NFC", LEGACY_SAMPLE)
    for name, encoding in (("legacy-tcvn3.csv", "TCVN5712-1"), ("legacy-windows1258.csv", "WINDOWS-1258")):
        data = subprocess.run(["iconv", "-f", "UTF-8", "-t", encoding], input=sample.encode(),
                              capture_output=True, check=True).stdout
        (HERE / name).write_bytes(data)
    (HERE / "legacy-vni.csv").write_bytes(b"".join(vni_char(c) for c in sample))


VOWELS = "aăâeêioôơuưy"
TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]


def letters_table():
    letters = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + ["đ"]
    rows = ["letter\ttcvn3\tvni\twindows1258"]
    for letter in letters + [l.upper() for l in letters]:
        cells = [letter]
        for encoding in ("TCVN5712-1", None, "WINDOWS-1258"):
            data = vni_char(letter) if encoding is None else subprocess.run(
                ["iconv", "-f", "UTF-8", "-t", encoding], input=letter.encode(), capture_output=True, check=True).stdout
            cells.append(data.hex())
        rows.append("\t".join(cells))
    (HERE / "vietnamese-letters.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    students_xlsx()
    handmade_xlsx("handmade.xlsx")
    handmade_xlsx("handmade-1904.xlsx", date1904=True)
    handmade_xlsx("broken-sheet.xlsx", sheet=SHEET[: SHEET.index('<x:c r="B3"')])  # ends inside row 3
    write_zip("zip-without-workbook.xlsx", {"readme.txt": "not a workbook"})
    legacy_csvs()
    letters_table()
