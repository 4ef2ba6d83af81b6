"""`yjs query` runs reads only: one SELECT (WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE
are SELECTs to DuckDB) or EXPLAIN.

The read-only connection keeps the warehouse safe, not the filesystem: ``COPY … TO 'file'``,
``EXPORT DATABASE``, ``ATTACH`` (a writable second database) and ``INSTALL`` all succeed on it.
DuckDB's parser says what each statement is (``extract_statements`` → ``statement.type``), so
the decision is DuckDB's own, not a keyword match on the text.
"""

from __future__ import annotations

import duckdb

READ_TYPES = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN})


class NotARead(ValueError):
    """The SQL is empty, holds several statements, or a statement that is not a read."""


def read_statement(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    """The SQL when it is exactly one read statement; NotARead (with what was found) otherwise.
    A syntax error is DuckDB's own ``duckdb.ParserException``."""
    statements = con.extract_statements(sql)
    if not statements:
        raise NotARead("no SQL statement given: e.g. yjs query \"select * from v_facts limit 5\"")
    if len(statements) > 1:
        raise NotARead(f"{len(statements)} statements given; yjs query runs one statement at a time")
    kind = statements[0].type
    if kind not in READ_TYPES:
        name = str(kind).rsplit(".", 1)[-1]
        raise NotARead(f"{name} is not a read statement: yjs query runs SELECT (WITH, FROM, DESCRIBE, SHOW, "
                       "SUMMARIZE) and EXPLAIN only; the warehouse is changed by yjs ingest, files are written "
                       "by yjs export")
    return sql
