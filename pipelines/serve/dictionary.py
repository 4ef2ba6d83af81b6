"""The data dictionary (`yjs docs`): tables and columns with their comments, views with their SQL,
code lists with names and hierarchy, and coverage — HTML pages under data/docs/."""

from __future__ import annotations

import html
import re
from pathlib import Path

import duckdb

from pipelines.load.schema import sql_files
from pipelines.reference import load_yaml
from pipelines.validate.docs import _page, _table

_AS_NAME = re.compile(r"\bas\s+\"?(\w+)\"?\s*,?\s*$", re.IGNORECASE)
_FIRST_NAME = re.compile(r"^\s*(?:select\s+)?\"?([\w.]+)\"?", re.IGNORECASE)


def column_comments(sql: str) -> dict[str, str]:
    """Comments of `name type, -- …` (DDL) and `expr as name, -- …` / `t.name, -- …` (views) lines."""
    comments = {}
    for line in sql.splitlines():
        if "--" not in line or line.strip().startswith("--"):
            continue
        code, comment = line.split("--", 1)
        named = _AS_NAME.search(code.rstrip())
        first = _FIRST_NAME.match(code)
        name = named.group(1) if named else (first.group(1).split(".")[-1] if first else None)
        if name:
            comments.setdefault(name.lower(), comment.strip())
    return comments


def _objects() -> list[tuple[str, Path, str]]:
    found = []
    for path in sql_files("ddl") + sql_files("views"):
        sql = path.read_text(encoding="utf-8")
        name = re.search(r"(?:table|view)\s+(?:if not exists\s+)?(\w+)", sql, re.IGNORECASE)
        if name and not path.name.startswith("10_alter"):
            found.append((name.group(1), path, sql))
    return found


def tables_page(con: duckdb.DuckDBPyConnection) -> str:
    parts = []
    for name, path, sql in _objects():
        purpose = sql.splitlines()[0].lstrip("- ").strip()
        comments = column_comments(sql)
        if name == "dim_document":  # its version columns come from an ALTER file
            comments |= column_comments((path.parent / "10_alter_dim_document_versions.sql").read_text(encoding="utf-8"))
        columns = con.execute("select column_name, data_type from information_schema.columns where table_name = ? "
                              "order by ordinal_position", [name]).fetchall()
        common = load_yaml("column_docs.yaml")
        rows = [[c, t, comments.get(c.lower()) or common.get(c.lower(), "")] for c, t in columns]
        parts.append(f"<h2 id='{name}'>{html.escape(name)}</h2><p>{html.escape(purpose)} "
                     f"(<code>{path.relative_to(path.parents[2])}</code>)</p>" + _table(["column", "type", "meaning"], rows))
        if path.parent.name == "views":
            parts.append(f"<details><summary>SQL</summary><pre>{html.escape(sql)}</pre></details>")
    index = "".join(f"<li><a href='#{n}'>{n}</a></li>" for n, _, _ in _objects())
    return _page("yjs data dictionary: tables and views", f"<ul>{index}</ul>" + "".join(parts))


def codes_page(con: duckdb.DuckDBPyConnection) -> str:
    parts = []
    for system, table, label in (("func", "dim_func_class", "支出功能分类 (functional)"),
                                 ("econ", "dim_econ_class", "部门预算支出经济分类 (economic)")):
        rows = con.execute(
            f"select d.code, repeat('　', d.level - 1) || d.name, d.level, d.parent_code, d.source, "
            f"(select string_agg(distinct l.label, ' / ') from class_label l where l.system = ? and l.code = d.code "
            f" and l.label <> d.name) from {table} d order by d.code", [system]).fetchall()
        parts.append(f"<h2>{label}</h2>" + _table(["code", "name", "level", "parent", "source", "names printed in reports"],
                                                  [list(r) for r in rows]))
    return _page("yjs data dictionary: classification codes", "".join(parts))


def coverage_page(con: duckdb.DuckDBPyConnection) -> str:
    rows = con.execute("select file_name, unit_name, year, stage, scope, document_status, table_kind, coverage, facts "
                       "from v_coverage order by file_name, table_kind").fetchall()
    return _page("yjs coverage: standard tables per document", _table(
        ["file", "unit", "year", "stage", "scope", "document", "table", "coverage", "facts"], [list(r) for r in rows]))


def build_dictionary(con: duckdb.DuckDBPyConnection, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    pages = {"dictionary.html": tables_page(con), "codes.html": codes_page(con), "coverage.html": coverage_page(con)}
    for name, text in pages.items():
        (out / name).write_text(text, encoding="utf-8")
    return [out / name for name in pages]
