"""Make tampered variants of the sample reports: one number changed per variant.

    python tools/tamper.py OUT_DIR [--cases tests/validate/tamper_cases.yaml] [--raw data/raw]

Each variant is written as OUT_DIR/<case id>__<sample file>; the case list says which rule must
flag it and on which line (tests/validate/test_tamper.py checks exactly that).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def load_cases(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]


def tamper(text: str, case: dict) -> str:
    """The report with the case's one change applied (refuses if the old value is not there)."""
    lines = text.split("\n")
    line = lines[case["line"] - 1]
    if "cell" in case:
        cells = line.split("\t")
        if cells[case["cell"]] != case["old"]:
            raise ValueError(f"{case['id']}: line {case['line']} cell {case['cell']} is {cells[case['cell']]!r}, not {case['old']!r}")
        cells[case["cell"]] = case["new"]
        lines[case["line"] - 1] = "\t".join(cells)
    else:
        if case["old"] not in line:
            raise ValueError(f"{case['id']}: {case['old']!r} not in line {case['line']}")
        lines[case["line"] - 1] = line.replace(case["old"], case["new"], 1)
    return "\n".join(lines)


def write_variants(out_dir: Path, cases: list[dict], raw: Path) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for case in cases:
        source = (raw / case["file"]).read_text(encoding="utf-8")
        path = out_dir / f"{case['id']}__{case['file']}"
        path.write_text(tamper(source, case), encoding="utf-8")
        written[case["id"]] = path
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--cases", type=Path, default=ROOT / "tests" / "validate" / "tamper_cases.yaml")
    parser.add_argument("--raw", type=Path, default=ROOT / "data" / "raw")
    args = parser.parse_args()
    for case_id, path in write_variants(args.out_dir, load_cases(args.cases), args.raw).items():
        print(f"{case_id}: {path}")


if __name__ == "__main__":
    main()
