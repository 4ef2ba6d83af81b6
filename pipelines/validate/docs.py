"""`yjs docs`: GX Data Docs for every suite, plus the rules catalogue and the findings, as HTML."""

from __future__ import annotations

import html
import os
from pathlib import Path

import duckdb

from pipelines.reference import load_yaml
from pipelines.validate.comparisons import comparisons_of, scope
from pipelines.validate.engine import templates
from pipelines.validate.engine.codes import code_frame
from pipelines.validate.engine.context import Context
from pipelines.validate.gx import import_great_expectations
from pipelines.validate.gx_offline import make_offline
from pipelines.validate.rules import load_rules, tolerance_per_cell
from pipelines.validate.suites import load_suite, suite_definitions, suite_runner
from pipelines.validate.trust import fact_checks

DOCS_DIR = Path("data/docs")
EXTRACTION_CHECKS = {  # extraction findings (reference/extraction_checks.yaml), then the suites' own
    **{f"extract.{name}": tuple(entry) for name, entry in load_yaml("extraction_checks.yaml").items()},
    "SC01": ("error", "a fact breaks the schema suite (nulls, unknown kinds/measures/items, malformed codes)"),
    "CD01": ("warning", "a code outside the national list, or a 款/项 whose parent is not printed in the table"),
    "ST01": ("error", "a core table (收支总表 / 支出表) is missing: the document is quarantined"),
}


def _page(title: str, body: str) -> str:
    return (f"<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            "<style>body{font-family:'Noto Sans CJK SC',sans-serif;margin:2em}table{border-collapse:collapse}"
            "td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}th{background:#eee}</style></head>"
            f"<body><h1>{html.escape(title)}</h1>{body}</body></html>")


def _table(headers: list[str], rows: list[list]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape('' if c is None else str(c))}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _tolerance(rule, step) -> str:
    if "tolerance_note" in rule.params:  # rules that state their own (reviewer rules, rules.yaml)
        return rule.params["tolerance_note"]
    if rule.comparison == "percent_interval":
        return ("every figure ± half its last printed digit, the printed % ± half its last digit "
                "(patterns: reference/narrative_claims.yaml percent_claims; check: pipelines/validate/percent.py)")
    return f"±{step} 万元 per summed cell" + (" (part ≤ whole)" if rule.comparison == "part_le_whole" else "")


def rules_catalogue() -> str:
    step = tolerance_per_cell()
    modules = {name: t.evaluate.__module__.replace(".", "/") + ".py" for name, t in templates().items()}
    rows = [[r.id, r.family, r.severity, r.description, _tolerance(r, step), f"{modules[r.template]} ({r.template})"]
            for r in load_rules()]
    rows += [[check, "extraction" if check.startswith("extract.") else check[:2].lower(), severity, text, "", ""]
             for check, (severity, text) in EXTRACTION_CHECKS.items()]
    suites = "".join(f"<li>expectations/{name}.json: {len(s['expectations'])} expectations</li>"
                     for name, s in suite_definitions().items())
    return _page("yjs validation rules", _table(["rule", "family", "severity", "checks", "tolerance", "template"], rows)
                 + f"<h2>Great Expectations suites</h2><ul>{suites}</ul>")


SEVERITY_ORDER = "case r.severity when 'error' then 0 when 'warning' then 1 when 'info' then 2 else 3 end"


def findings_page(con: duckdb.DuckDBPyConnection) -> str:
    """dq_results: counts per severity and per check first, then every finding, errors first, its detail in full."""
    totals = con.execute(f"select r.severity, count(*) from dq_results r group by all order by min({SEVERITY_ORDER})"
                         ).fetchall()
    by_check = con.execute(f"select r.severity, r.\"check\", count(*), count(distinct r.document_id) from dq_results r "
                           f"group by all order by min({SEVERITY_ORDER}), 3 desc, 2").fetchall()
    findings = con.execute(
        "select r.severity, r.\"check\", d.file_name, r.table_kind, r.source_page, r.source_line, r.row_label, "
        "r.expected, r.observed, r.detail, r.document_id from dq_results r left join dim_document d using (document_id) "
        f"order by {SEVERITY_ORDER}, r.\"check\", d.file_name, r.source_page, r.source_line").fetchall()
    summary = "".join(f"<span class='count {html.escape(s)}'>{html.escape(s)}: <b>{n}</b></span>" for s, n in totals)
    style = ("<style>.count{display:inline-block;margin-right:1.5em;font-size:1.2em}.error{color:#b00020}"
             ".warning{color:#9a6700}td:nth-child(10){min-width:32em;white-space:pre-wrap}"
             "tr.error td:first-child{background:#fde7ea}tr.warning td:first-child{background:#fff4d6}</style>")
    rows = _table(["severity", "check", "file", "table", "page", "line", "row", "expected", "observed", "detail",
                   "document"], [list(f) for f in findings])
    rows = rows.replace("<tr><td>error</td>", "<tr class='error'><td>error</td>").replace(
        "<tr><td>warning</td>", "<tr class='warning'><td>warning</td>")
    return _page("yjs findings (dq_results)", style + f"<p id='summary'>{summary or 'no findings'}</p>"
                 + "<h2>per check</h2>" + _table(["severity", "check", "findings", "documents"], [list(r) for r in by_check])
                 + f"<h2>findings ({len(findings)}), errors first</h2>" + rows)


def _gx_data_docs(con: duckdb.DuckDBPyConnection, out: Path) -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    gx = import_great_expectations()
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.add_data_docs_site(site_name="yjs", site_config={
        "class_name": "SiteBuilder",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(out.resolve())},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"}})
    ids = [d for (d,) in con.execute("select document_id from dim_document where year is not null").fetchall()]
    scope(con, ids)
    ctx = Context.load(con)
    comparisons = comparisons_of(ctx)
    frames = {family: frame.reset_index(drop=True) for family, frame in comparisons.groupby("family")}
    failed = frozenset().union(*(o.failed_rows for o in suite_runner().run_families(comparisons).values()))
    checks = fact_checks(comparisons, failed)  # the codes frame reads which identities held
    frames["schema"] = con.execute("select * from fact_amount").df()
    frames["codes"] = code_frame(ctx, checks)
    source = context.data_sources.add_pandas("yjs")
    for name, frame in frames.items():
        suite = gx.ExpectationSuite(name=name)
        for expectation in load_suite(name)["expectations"]:
            if expectation["kwargs"].get("column") in frame.columns:
                suite.add_expectation_configuration(ExpectationConfiguration(**expectation))
        suite = context.suites.add(suite)
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("all")
        definition = context.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=suite))
        definition.run(batch_parameters={"dataframe": frame}, result_format="SUMMARY")
    context.build_data_docs(site_names=["yjs"])
    make_offline(out)


def build_docs(con: duckdb.DuckDBPyConnection, out: Path = DOCS_DIR) -> Path:
    """Write data/docs/: index.html, rules.html, findings.html and gx/ (GX Data Docs)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "rules.html").write_text(rules_catalogue(), encoding="utf-8")
    (out / "findings.html").write_text(findings_page(con), encoding="utf-8")
    _gx_data_docs(con, out / "gx")
    from pipelines.serve.dictionary import build_dictionary

    build_dictionary(con, out)
    links = ("<ul><li><a href='dictionary.html'>tables, columns and views (data dictionary)</a></li>"
             "<li><a href='vocabulary.html'>vocabulary: table kinds, items and measures with their Chinese labels</a></li>"
             "<li><a href='codes.html'>classification codes and hierarchy</a></li>"
             "<li><a href='coverage.html'>coverage: standard tables per document</a></li>"
             "<li><a href='rules.html'>validation rules catalogue</a></li><li><a href='findings.html'>findings</a></li>"
             "<li><a href='gx/index.html'>Great Expectations Data Docs</a></li></ul>")
    (out / "index.html").write_text(_page("yjs data docs", links), encoding="utf-8")
    return out / "index.html"
