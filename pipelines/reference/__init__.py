"""Reference data: code lists, title aliases, column and row vocabularies (data, not code)."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

REFERENCE_DIR = Path(__file__).resolve().parent
# libyaml's loader when PyYAML was built with it: the reference files load in 13 ms instead of 115 ms
# (start-up of every CLI call and worker process); same documents (tests/reference)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=None)
def load_csv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a reference CSV as dicts (cached; treat as read-only)."""
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


@lru_cache(maxsize=None)
def load_yaml(name: str) -> Any:
    """A reference YAML document (cached; treat as read-only)."""
    with (REFERENCE_DIR / name).open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_LOADER)  # noqa: S506 (a safe loader)
