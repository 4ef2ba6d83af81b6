"""Watermarks ("内部资料", "仅供参考" …, reference/watermarks.yaml): text a reader drops, whatever the format."""

from __future__ import annotations

from functools import lru_cache

from pipelines.reference import load_yaml
from pipelines.textnorm import compact


@lru_cache(maxsize=1)
def _watermarks() -> frozenset[str]:
    return frozenset(compact(w) for w in load_yaml("watermarks.yaml")["exact"])


def is_watermark(text: str) -> bool:
    return compact(text) in _watermarks()
