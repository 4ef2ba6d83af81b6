"""What the warehouse holds, described: the live DuckDB catalogue joined with the SQL files' comments.

The catalogue (duckdb_tables(), duckdb_views(), duckdb_columns()) says which objects and columns
exist, exactly once each, whatever file created or altered them. The descriptions come from, in
order: a DuckDB COMMENT ON; the `--` comment of the column in the file that defines it (a CREATE or
an ALTER … ADD COLUMN; a comment continued on the next line is kept whole); the recurring meanings
in reference/column_docs.yaml. An object's purpose is the whole comment block its file opens with
(reference/table_docs.yaml for tables created in code, such as meta_schema).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.load.schema import SQL_DIR, sql_files
from pipelines.reference import load_yaml

_CREATE = re.compile(r"^\s*create\s+(?:or\s+replace\s+)?(table|view)\s+(?:if\s+not\s+exists\s+)?\"?(\w+)\"?",
                     re.IGNORECASE)
_ALTER = re.compile(r"^\s*alter\s+table\s+\"?(\w+)\"?\s+add\s+column\s+(?:if\s+not\s+exists\s+)?\"?(\w+)\"?",
                    re.IGNORECASE)
_TABLE_COLUMN = re.compile(r"^\s*\"?(\w+)\"?\s+[a-z]", re.IGNORECASE)
_NOT_COLUMNS = {"primary", "unique", "foreign", "constraint", "check"}
_AS_NAME = re.compile(r"\bas\s+\"?(\w+)\"?\s*,?\s*$", re.IGNORECASE)
_BARE_NAME = re.compile(r"^\s*(?:select\s+)?(?:\w+\.)?\"?(\w+)\"?\s*,?\s*$", re.IGNORECASE)


@dataclass
class SqlDoc:
    """What the SQL files say about one table or view."""

    purpose: str = ""
    files: list[str] = field(default_factory=list)
    columns: dict[str, tuple[str, str]] = field(default_factory=dict)  # column → (comment, file)
    sql: str = ""


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    nullable: bool
    meaning: str
    defined_in: str


@dataclass(frozen=True)
class CatalogueObject:
    name: str
    kind: str  # table | view
    purpose: str
    files: tuple[str, ...]
    columns: tuple[Column, ...]
    sql: str  # a view's SQL as written (with its comments)
    rows: int | None  # a table's row count


def _header(lines: list[str]) -> str:
    """The comment block a file opens with, as one paragraph."""
    text = []
    for line in lines:
        if not line.strip().startswith("--"):
            break
        text.append(line.strip()[2:].strip())
    return " ".join(t for t in text if t)


def _column_of(line: str, in_table: bool) -> str | None:
    code = line.split("--", 1)[0].rstrip()
    if in_table:
        match = _TABLE_COLUMN.match(code)
        return match.group(1) if match and match.group(1).lower() not in _NOT_COLUMNS else None
    named = _AS_NAME.search(code) or _BARE_NAME.match(code)
    return named.group(1) if named else None


def parse_sql(path: Path, docs: dict[str, SqlDoc]) -> None:
    """Add one DDL/view file's objects, purposes and column comments to `docs`."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    where = path.relative_to(SQL_DIR.parent).as_posix() if path.is_relative_to(SQL_DIR.parent) else path.name
    current, in_table, last = None, False, None  # last: (object, column, '--' position) of the previous line
    for line in lines:
        stripped = line.strip()
        create, alter = _CREATE.match(line), _ALTER.match(line)
        if create:
            current, in_table = create.group(2).lower(), create.group(1).lower() == "table"
            doc = docs.setdefault(current, SqlDoc())
            doc.purpose = re.sub(rf"^{current}:\s*", "", _header(lines), flags=re.IGNORECASE)
            doc.files.insert(0, where)
            doc.sql = text if not in_table else doc.sql
            last = None
            continue
        if stripped.startswith("--"):
            # a comment continued under the one before (same `--` column), or the comment of a column
            # whose own line has none (13_alter_lineage_engine.sql: extraction's engines)
            if last and line.startswith(" ") and (last[2] is None or line.index("--") == last[2]):
                obj, column, _ = last
                comment, origin = docs[obj].columns[column]
                docs[obj].columns[column] = ((comment + " " + stripped[2:].strip()).strip(), origin)
                last = (obj, column, line.index("--"))
            continue
        obj, column = (alter.group(1).lower(), alter.group(2)) if alter else (current, None)
        if alter:
            docs.setdefault(obj, SqlDoc())
            if where not in docs[obj].files:
                docs[obj].files.append(where)
        elif current and line.startswith(" "):
            column = _column_of(line, in_table)
        if obj is None or column is None:
            last = None
            continue
        comment = line.split("--", 1)[1].strip() if "--" in line else ""
        known = docs[obj].columns.get(column.lower())
        if known is None or (not known[0] and comment):  # the first comment of a name wins (a view's final select
            docs[obj].columns[column.lower()] = (comment, where)  # repeats CTE names: the CTE's comment is its first)
        last = (obj, column.lower(), line.index("--") if "--" in line else None) if docs[obj].columns[column.lower()][1] == where else None


def sql_docs() -> dict[str, SqlDoc]:
    docs: dict[str, SqlDoc] = {}
    for path in sql_files("ddl") + sql_files("views"):
        parse_sql(path, docs)
    return docs


def _read_from(view: SqlDoc, docs: dict[str, SqlDoc], column: str) -> tuple[str, str]:
    """The comment of `column` in the first object the view's SQL reads that comments it."""
    for name in re.findall(r"\b(?:from|join)\s+\"?(\w+)", view.sql, re.IGNORECASE):
        comment, origin = docs.get(name.lower(), SqlDoc()).columns.get(column, ("", ""))
        if comment:
            return comment, origin
    return "", ""


def read_catalogue(con: duckdb.DuckDBPyConnection) -> list[CatalogueObject]:
    """Every table and view of the main schema, tables first, each column once with its meaning."""
    docs, common, coded = sql_docs(), load_yaml("column_docs.yaml"), load_yaml("table_docs.yaml")
    objects = con.execute("""
        select table_name, 'table', comment from duckdb_tables() where schema_name = 'main' and not temporary
        union all
        select view_name, 'view', comment from duckdb_views() where schema_name = 'main' and not internal and not temporary
        order by 2, 1""").fetchall()
    found = []
    for name, kind, comment in objects:
        doc = docs.get(name.lower(), SqlDoc())
        columns = []
        for column, data_type, nullable, column_comment in con.execute(
                "select column_name, data_type, is_nullable, comment from duckdb_columns() "
                "where schema_name = 'main' and table_name = ? order by column_index", [name]).fetchall():
            own, origin = doc.columns.get(column.lower(), ("", ""))
            if not own and kind == "view":  # a column passed through: its meaning where the view reads it
                own, origin = _read_from(doc, docs, column.lower())
            meaning = column_comment or own or str(common.get(column.lower(), ""))
            columns.append(Column(column, data_type, bool(nullable), meaning, origin))
        rows = con.execute(f'select count(*) from "{name}"').fetchone()[0] if kind == "table" else None
        found.append(CatalogueObject(name, kind, comment or doc.purpose or str(coded.get(name, "")),
                                     tuple(doc.files), tuple(columns), doc.sql, rows))
    return found
