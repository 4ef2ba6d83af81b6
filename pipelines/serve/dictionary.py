"""The data dictionary (`yjs docs`): every table and view of the live warehouse with its columns and their
full comments, the vocabularies (table kinds, items, measures) with their Chinese labels, the code lists
with names and hierarchy, and coverage — HTML pages under data/docs/."""

from __future__ import annotations

import html
from pathlib import Path

import duckdb

from pipelines.reference import load_yaml
from pipelines.serve.catalogue import read_catalogue
from pipelines.validate.docs import _page, _table


def tables_page(con: duckdb.DuckDBPyConnection) -> str:
    """One section per table and view of the catalogue, tables first; a view's SQL as written."""
    objects = read_catalogue(con)
    parts = []
    for obj in objects:
        where = ", ".join(f"<code>{html.escape(f)}</code>" for f in obj.files) or "created in code"
        size = f"; {obj.rows:,} rows" if obj.rows is not None else ""
        rows = [[c.name, c.data_type, "" if c.nullable else "not null", c.meaning, c.defined_in] for c in obj.columns]
        parts.append(f"<h2 id='{obj.name}'>{html.escape(obj.name)} <small>({obj.kind})</small></h2>"
                     f"<p class='purpose'>{html.escape(obj.purpose)}</p><p class='where'>defined in {where}{size}</p>"
                     + _table(["column", "type", "null", "meaning", "defined in"], rows))
        if obj.sql:
            parts.append(f"<details><summary>SQL</summary><pre>{html.escape(obj.sql)}</pre></details>")
    index = "".join(f"<li><a href='#{o.name}'>{o.name}</a> <small>{o.kind}</small></li>" for o in objects)
    return _page("yjs data dictionary: tables and views", f"<ul class='index'>{index}</ul>" + "".join(parts))


def _labels(values) -> str:
    return " / ".join(dict.fromkeys(str(v) for v in values if v))


def vocabulary_page() -> str:
    """Every table_kind, item and measure code with the Chinese labels and texts that mean it."""
    kinds = [[code, spec.get("label", ""), spec.get("layout", ""), _labels(spec.get("aliases", []))]
             for code, spec in load_yaml("table_kinds.yaml")["kinds"].items()]
    three_public: dict[str, list[str]] = {}
    for part in load_yaml("three_public.yaml")["parts"]:
        for entry in [part, *part.get("sub_parts", [])]:
            three_public.setdefault(entry["item"], []).extend(entry["labels"])
    items = []
    for code, spec in load_yaml("items.yaml")["items"].items():
        labels = [*spec.get("labels", []), *three_public.get(code, [])]
        note = ", ".join(f"{k}: {spec[k]}" for k in ("side", "kind", "table", "uom") if k in spec)
        items.append([code, labels[0] if labels else "", _labels(labels[1:]), note])
    measures = [[code, spec.get("label", ""), _labels(spec.get("synonyms", []))]
                for code, spec in load_yaml("measures.yaml")["measures"].items()]
    body = (f"<h2 id='table_kind'>table_kind ({len(kinds)})</h2>"
            + _table(["code", "label", "layout", "titles recognised"], kinds)
            + f"<h2 id='item'>item ({len(items)})</h2>"
            + _table(["code", "label", "other printed labels", "applies to"], items)
            + f"<h2 id='measure'>measure ({len(measures)})</h2>"
            + _table(["code", "label", "column headers recognised"], measures))
    return _page("yjs vocabulary: table kinds, items, measures", body)


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
    documents = con.execute(
        "select file_name, unit_name, year, stage, scope, status, printed_cells, facts, facts_pct, verified_facts, "
        "verified_pct, quarantined_tables, coverage_gaps from v_document_coverage order by file_name").fetchall()
    rows = con.execute("select file_name, unit_name, year, stage, scope, document_status, table_kind, coverage, facts "
                       "from v_coverage order by file_name, table_kind").fetchall()
    return _page("yjs coverage: standard tables per document",
                 "<h2>per document (v_document_coverage)</h2>" + _table(
                     ["file", "unit", "year", "stage", "scope", "status", "printed cells", "facts", "% loaded",
                      "verified", "% verified", "quarantined tables", "gaps"], [list(r) for r in documents])
                 + "<h2>per standard table (v_coverage)</h2>" + _table(
                     ["file", "unit", "year", "stage", "scope", "document", "table", "coverage", "facts"],
                     [list(r) for r in rows]))


def build_dictionary(con: duckdb.DuckDBPyConnection, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    pages = {"dictionary.html": tables_page(con), "vocabulary.html": vocabulary_page(), "codes.html": codes_page(con),
             "coverage.html": coverage_page(con)}
    for name, text in pages.items():
        (out / name).write_text(text, encoding="utf-8")
    return [out / name for name in pages]
