"""Checks for the classification code lists and the region list in pipelines/reference/.

Plain pytest, no project imports: the CSVs are read with the csv module, and the sample
reports in data/raw/*.txt are scanned for codes printed in table rows.
"""

import csv
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REF = ROOT / "pipelines" / "reference"
RAW = ROOT / "data" / "raw"

CODE_FILES = {
    # file name: (allowed code lengths by level, first digit of every code)
    "func_class.csv": ({1: 3, 2: 5, 3: 7}, "2"),
    "econ_class.csv": ({1: 3, 2: 5}, "3"),
    "gov_econ_class.csv": ({1: 3, 2: 5}, "5"),
}
CODE_HEADER = ["code", "name", "level", "parent_code", "aliases"]
REGION_HEADER = ["province", "city"]

# 类 of the 2024/2025 支出功能分类 that must be present.
REQUIRED_FUNC_CLASSES = {
    "201", "202", "203", "204", "205", "206", "207", "208", "209", "210", "211", "212",
    "213", "214", "215", "216", "217", "219", "220", "221", "222", "223", "224", "227",
    "229", "230", "231", "232", "233", "234",
}
REQUIRED_ECON_CLASSES = {"301", "302", "303", "307", "309", "310", "311", "312", "313", "399"}

# (code, printed name) pairs that are misprints in a sample report, not name variants.
# baotou-shebao-center-2024-final.txt prints "30704 国内债务发行费用" in its 06 table
# (the national list has 30703 国内债务发行费用, 30704 国外债务发行费用).
KNOWN_MISPRINTS = {("30704", "国内债务发行费用")}

PROVINCES = {
    "北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "内蒙古自治区", "辽宁省",
    "吉林省", "黑龙江省", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省",
    "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区", "海南省", "四川省", "贵州省",
    "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区",
}
MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}


def _read(name):
    path = REF / name
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = [dict(zip(header, r)) for r in reader]
    return header, rows


def _norm(text):
    """NFKC (full-width brackets → half-width) and drop all whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _cell(text):
    return re.sub(r"</?b>|\*\*", "", text).strip()


WELL_FORMED = re.compile(r"(?:[23]\d{2}|[23]\d{4}|2\d{6})")
DIGITS = re.compile(r"\d{3,7}")
HAS_CJK = re.compile(r"[\u4e00-\u9fff]")


def printed_codes():
    """(code, printed name, source) for every well-formed code printed in a table row.

    A table row is a tab-separated line whose first non-empty cell is a bare number of 3–7
    digits (a code cell; this skips performance-target rows such as "… 35275 平米").
    In such a row every cell holding a well-formed code (3-digit 2xx/3xx, 5-digit 2xxxx/
    3xxxx, 7-digit 2xxxxxx) and followed by a Chinese name is a code; truncated codes such
    as Chaoyang's "3010" (4 digits) are not well-formed and are skipped.
    """
    found = []
    files = sorted(RAW.glob("*.txt"))
    assert files, f"no sample reports in {RAW}"
    for path in files:
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "\t" not in line:
                continue
            cells = [_cell(c) for c in line.split("\t")]
            first = next((c for c in cells if c), "")
            if not DIGITS.fullmatch(first):
                continue
            for i, cell in enumerate(cells):
                if not WELL_FORMED.fullmatch(cell):
                    continue
                name = cells[i + 1] if i + 1 < len(cells) else ""
                if not HAS_CJK.search(name):
                    continue
                found.append((cell, name, f"{path.name}:{lineno}"))
    return found


@pytest.fixture(scope="module")
def code_lists():
    return {name: _read(name) for name in CODE_FILES}


@pytest.mark.parametrize("name", sorted(CODE_FILES) + ["regions.csv"])
def test_file_encoding(name):
    data = (REF / name).read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf"), "BOM"
    assert b"\r" not in data, "CR line endings"
    assert data.endswith(b"\n")
    data.decode("utf-8")


@pytest.mark.parametrize("name", sorted(CODE_FILES))
def test_code_list_structure(name, code_lists):
    header, rows = code_lists[name]
    assert header == CODE_HEADER
    assert rows
    lengths, first_digit = CODE_FILES[name]
    codes = [r["code"] for r in rows]
    dups = [c for c, n in Counter(codes).items() if n > 1]
    assert not dups, f"duplicate codes: {dups}"
    by_code = {r["code"]: r for r in rows}
    for r in rows:
        code, level = r["code"], r["level"]
        assert code.isdigit() and code.startswith(first_digit), r
        assert level.isdigit() and int(level) in lengths, r
        assert len(code) == lengths[int(level)], r
        assert r["name"].strip() and r["name"] == r["name"].strip(), r
        if int(level) == 1:
            assert r["parent_code"] == "", r
        else:
            parent = r["parent_code"]
            assert parent in by_code, f"{code}: parent {parent!r} missing"
            assert len(parent) == lengths[int(level) - 1], r
            assert code.startswith(parent), r
            assert int(by_code[parent]["level"]) == int(level) - 1, r
        if r["aliases"]:
            aliases = r["aliases"].split("|")
            assert all(a.strip() and a == a.strip() for a in aliases), r
            assert r["name"] not in aliases, r
            assert len(set(aliases)) == len(aliases), r


def test_required_classes(code_lists):
    func = {r["code"] for r in code_lists["func_class.csv"][1]}
    econ = {r["code"] for r in code_lists["econ_class.csv"][1]}
    assert REQUIRED_FUNC_CLASSES <= func, sorted(REQUIRED_FUNC_CLASSES - func)
    assert REQUIRED_ECON_CLASSES <= econ, sorted(REQUIRED_ECON_CLASSES - econ)


def test_sample_codes_present(code_lists):
    found = printed_codes()
    assert len(found) > 100, "sample scan found suspiciously few codes"
    lists = {
        name: {r["code"]: r for r in rows} for name, (_, rows) in code_lists.items()
    }
    missing, wrong_name = [], []
    for code, printed, where in found:
        target = "func_class.csv" if code.startswith("2") else "econ_class.csv"
        row = lists[target].get(code)
        if row is None:
            missing.append((code, printed, where, target))
            continue
        known = {_norm(row["name"])} | {_norm(a) for a in row["aliases"].split("|") if a}
        if _norm(printed) not in known and (code, _norm(printed)) not in KNOWN_MISPRINTS:
            wrong_name.append((code, printed, where))
    assert not missing, f"codes printed in samples but absent: {missing}"
    assert not wrong_name, f"printed names matching neither name nor alias: {wrong_name}"


def test_sample_scan_skips_truncated_codes():
    codes = {c for c, _, _ in printed_codes()}
    assert all(len(c) in (3, 5, 7) for c in codes)
    assert "3010" not in codes


def test_regions():
    header, rows = _read("regions.csv")
    assert header == REGION_HEADER
    assert len(rows) >= 330
    pairs = [(r["province"], r["city"]) for r in rows]
    dups = [p for p, n in Counter(pairs).items() if n > 1]
    assert not dups, f"duplicate rows: {dups}"
    cities = [c for _, c in pairs]
    assert len(set(cities)) == len(cities), "prefecture-level names are unique nationally"
    assert {p for p, _ in pairs} == PROVINCES
    for p, c in pairs:
        assert p.strip() == p and c.strip() == c and c, (p, c)
        if p in MUNICIPALITIES:
            assert c == p, (p, c)
        else:
            assert c.endswith(("市", "地区", "自治州", "盟")), (p, c)
    for m in MUNICIPALITIES:
        assert (m, m) in pairs
    for p, c in [("内蒙古自治区", "包头市"), ("青海省", "海东市"), ("辽宁省", "朝阳市"),
                 ("陕西省", "宝鸡市")]:
        assert (p, c) in pairs
