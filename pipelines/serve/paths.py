"""Where `yjs` finds the warehouse and the inbox when run from any folder.

The library's defaults (data/warehouse/warehouse.duckdb, data/raw/) are relative to the working
directory, so `yjs query` from another folder said "run yjs ingest first" about a warehouse that
exists. The CLI resolves them against the project (the checkout holding pyproject.toml, as an
editable install is) unless $YJS_WAREHOUSE / $YJS_RAW say otherwise, and exports the result so
that every stage and the dashboard's child process use the same file.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULTS = {"YJS_WAREHOUSE": Path("data/warehouse/warehouse.duckdb"), "YJS_RAW": Path("data/raw")}


def project_root() -> Path | None:
    """The checkout this package runs from (it holds pyproject.toml), or None for an installed wheel."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "pyproject.toml").is_file() and (root / "pipelines").is_dir() else None


def resolve_defaults(environ: dict | None = None) -> dict[str, str]:
    """Set $YJS_WAREHOUSE and $YJS_RAW to the project's absolute defaults where they are unset;
    returns what was set (nothing outside a checkout: the working directory's data/ then)."""
    environ = os.environ if environ is None else environ
    root = project_root()
    chosen = {}
    if root is not None:
        for name, relative in DEFAULTS.items():
            if not environ.get(name):
                chosen[name] = environ[name] = str(root / relative)
    return chosen


def warehouse_origin(environ: dict | None = None, chosen: dict | None = None) -> str:
    """Why the warehouse path is what it is, for messages: "$YJS_WAREHOUSE" or "the project's default"."""
    environ = os.environ if environ is None else environ
    if chosen and "YJS_WAREHOUSE" in chosen:
        return "the project's default path; set YJS_WAREHOUSE to use another file"
    return "the path in $YJS_WAREHOUSE" if environ.get("YJS_WAREHOUSE") else "a path relative to the working directory"
