"""Shared by the benchmarks: a generated corpus of text reports (tools/corpus) in a folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pipelines.ingest import expand_paths

ROOT = Path(__file__).resolve().parents[1]


def generated_reports(folder: Path, reports: int, seed: int) -> list[Path]:
    """About `reports` reports (units × 2 years × final and budget), deterministic by seed."""
    subprocess.run([sys.executable, str(ROOT / "tools" / "corpus" / "generate.py"), str(folder), "--units",
                    str(max(1, reports // 4)), "--years", "2", "--stages", "final,budget", "--seed", str(seed)],
                   check=True, capture_output=True)
    return [p for p in expand_paths([folder]) if p.suffix == ".txt"]
