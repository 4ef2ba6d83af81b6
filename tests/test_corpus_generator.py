"""The synthetic corpus generator (tools/corpus): deterministic by seed; every layout family it can
print is read by the parser; validation finds nothing to report, not even a rounding difference
(sums are exact); and the key figures of expected.jsonl are what v_facts holds."""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipelines.extract import extract_report  # noqa: E402
from pipelines.ingest import ingest_file  # noqa: E402
from pipelines.load import connect  # noqa: E402
from pipelines.validate.runner import validate_documents  # noqa: E402
from tools.corpus.generate import (  # noqa: E402
    Layout, choose_layout, generate_corpus, key_figures, layout_options, main, narrative, report_seed,
)
from tools.corpus.families import TITLE_SETS, code_cells, money  # noqa: E402
from tools.corpus.generate import PENDING, wan  # noqa: E402
from tools.corpus.labels import FUNC_TABLES  # noqa: E402
from tools.corpus.model import build_report, make_units  # noqa: E402
from tools.corpus.render_text import TextRenderer  # noqa: E402

SEED, UNITS, YEARS, STAGES, LAST_YEAR = 7, 4, 2, ("final", "budget"), 2024
MONEY = {True: "yuan", False: "wan_yuan"}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _distinct(values: tuple) -> tuple:
    return tuple(dict.fromkeys(values))


def family_layout(report, i: int) -> Layout:
    """The i-th value of every layout family (cycling), so a dozen reports print every value once."""
    options = layout_options(report)
    aliases = {kind: titles[i % len(titles)] for kind, titles in options.pop("aliases").items()}
    return Layout(aliases=aliases, **{k: _distinct(v)[i % len(_distinct(v))] for k, v in options.items()})


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    """The corpus (4 units × 2 years × both stages) plus one report per layout family value, each
    written with the model and layout it was made from."""
    out = tmp_path_factory.mktemp("corpus")
    generate_corpus(out, UNITS, YEARS, SEED, STAGES, LAST_YEAR)
    made = {}
    for unit in make_units(SEED, UNITS):
        for year in range(LAST_YEAR - YEARS + 1, LAST_YEAR + 1):
            for stage in STAGES:
                report = build_report(unit, year, stage, SEED)
                made[f"{unit.slug}-{year}-{stage}.txt"] = (report, choose_layout(report, report_seed(SEED, unit.index, year, stage)))
    # Family reports: units after the corpus's own (names never clash), with a unit code and a
    # 机关运行经费 table, so every option of every family applies.
    pool = [u for u in make_units(SEED, 60)[UNITS:] if u.code and u.type != "事业"][:6]
    families = out / "families"
    families.mkdir()
    expected = []
    for stage in STAGES:
        for i in range(12):
            unit, year = pool[i % len(pool)], LAST_YEAR - i // len(pool)
            report = build_report(unit, year, stage, SEED)
            layout = family_layout(report, i)
            path = families / f"family-{unit.slug}-{year}-{stage}.txt"
            path.write_text(TextRenderer(report, layout).render(narrative(report, layout)), encoding="utf-8")
            made[path.name] = (report, layout)
            expected += key_figures(report)
    return {"dir": out, "made": made, "expected": expected}


@pytest.fixture(scope="module")
def warehouse(corpus, tmp_path_factory):
    con = connect(tmp_path_factory.mktemp("warehouse") / "w.duckdb")
    results = {path.name: ingest_file(con, path)
               for path in sorted(corpus["dir"].glob("*.txt")) + sorted((corpus["dir"] / "families").glob("*.txt"))}
    validation = validate_documents(con)
    yield con, results, validation
    con.close()


def test_same_seed_gives_identical_bytes(corpus, tmp_path):
    generate_corpus(tmp_path, UNITS, YEARS, SEED, STAGES, LAST_YEAR)
    mine = {k: v for k, v in _files(corpus["dir"]).items() if k != "families"}
    assert _files(tmp_path) == mine
    assert len(mine) == UNITS * YEARS * len(STAGES) + 1  # reports + expected.jsonl


def test_another_seed_gives_other_reports(corpus, tmp_path):
    generate_corpus(tmp_path, UNITS, YEARS, SEED + 1, STAGES, LAST_YEAR)
    other, mine = _files(tmp_path), _files(corpus["dir"])
    assert other.keys() <= mine.keys() | {"expected.jsonl"}
    assert all(other[name] != mine[name] for name in other)


def test_a_smaller_corpus_is_a_prefix_and_the_cli_writes_it(corpus, tmp_path, capsys):
    assert main([str(tmp_path), "--units", "2", "--years", "1", "--seed", str(SEED), "--stages", "final,budget"]) == 0
    assert "4 reports" in capsys.readouterr().out
    small, mine = _files(tmp_path), _files(corpus["dir"])
    assert {name: mine[name] for name in small if name != "expected.jsonl"} == {n: b for n, b in small.items() if n != "expected.jsonl"}


def test_every_report_loads_with_the_metadata_it_was_made_with(corpus, warehouse):
    con, results, _ = warehouse
    assert {name: r.status for name, r in results.items()} == {name: "loaded" for name in corpus["made"]}
    for name, (report, layout) in corpus["made"].items():
        row = con.execute("select unit_name, unit_code, region, year, stage, scope, money_unit, status from dim_document "
                          "where file_name = ?", [name]).fetchone()
        unit = report.unit
        code = unit.code if layout.unit_col and layout.three == "wide" else None  # printed by the unit column only
        assert row == (unit.name, code, unit.region, report.year, report.stage, unit.scope, MONEY[layout.yuan], "loaded"), name


def test_validation_finds_nothing_not_even_rounding(warehouse):
    con, _, validation = warehouse
    assert validation.errors == 0 and validation.quarantined == []
    assert validation.findings.empty, validation.findings.head(10).to_dict("records")
    broken = con.execute("select \"check\", severity, detail from dq_results where severity in ('error', 'warning') "
                         "or \"check\" not like 'extract.%'").fetchall()
    assert broken == []
    # extraction notes are only the repaired 4-digit 经济分类 codes of the truncated-06 family and the
    # codes of name-only rows (two-sided summaries, the names-only family)
    assert {c for (c,) in con.execute("select distinct \"check\" from dq_results").fetchall()} <= {
        "extract.code_repaired", "extract.code_from_name"}


def test_the_identity_rules_really_compared_something(warehouse):
    con, _, validation = warehouse
    compared = {family: suite["comparisons"] for family, suite in validation.suites.items() if "comparisons" in suite}
    for family in ("row_sums", "hierarchy", "two_sided", "three_public", "cross_table", "cross_document", "narrative"):
        assert compared.get(family, 0) > 0, family


def test_expected_figures_are_in_v_facts(corpus, warehouse):
    con, _, _ = warehouse
    rows = [json.loads(line) for line in (corpus["dir"] / "expected.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 10 * UNITS * YEARS * len(STAGES)
    for row in rows + corpus["expected"]:
        found = con.execute(
            "select amount from v_facts where unit_name = ? and region = ? and year = ? and stage = ? and table_kind = ? "
            "and func_code is not distinct from ? and econ_code is not distinct from ? and item is not distinct from ? "
            "and measure = ?", [row[k] for k in ("unit", "region", "year", "stage", "table_kind", "func_code", "econ_code",
                                                 "item", "measure")]).fetchall()
        assert found and {a for (a,) in found} == {Decimal(row["amount"])}, (row, found)


def test_every_layout_family_value_was_printed_and_read(corpus):
    printed: dict[tuple[str, str], set] = {}
    offered: dict[tuple[str, str], set] = {}
    for report, layout in corpus["made"].values():
        for name, values in layout_options(report).items():
            if name == "aliases":
                for kind, titles in values.items():
                    offered.setdefault((report.stage, kind), set()).update(titles)
                    printed.setdefault((report.stage, kind), set()).add(layout.aliases[kind])
            else:
                offered.setdefault((report.stage, name), set()).update(values)
                printed.setdefault((report.stage, name), set()).add(getattr(layout, name))
    assert printed == offered


# ---- the families the real corpus showed (issue 14), each read back exactly ----------------------------

REAL_FAMILIES = [("codes", "split"), ("codes", "split_new"), ("codes", "names"), ("fine", True), ("yuan+fine", True),
                 ("titles", "numbered"), ("titles", "unit_budget"), ("titles", "overall"), ("titles", "university"),
                 ("titles", "inline"), ("tables_only", True), ("summary_names", True)]
FUNC_KINDS = ("income", "expenditure", "gpb_expenditure")


def _printed(report, layout, path: Path):
    path.write_text(TextRenderer(report, layout).render(narrative(report, layout)), encoding="utf-8")
    return extract_report(path)


def _truth_func(report, kind: str) -> Counter:
    """(func_code, amount) of every non-blank cell of a 功能分类 table, as the model holds them."""
    _, keys = (spec.split() for spec in FUNC_TABLES[report.stage, kind])
    return Counter((code, Decimal(wan(v))) for code, _, vals in report.func_rows(tuple(keys)) for v in vals if v)


def _truth_summary(report, kind: str) -> Counter:
    key, copies = ("total", 1) if kind == "summary" else ("gpb", 2 if report.stage == "final" else 1)
    return Counter({(code, Decimal(wan(v))): copies for code, _, (v,) in report.func_rows((key,))})


def _read(result, kind: str, column: str = "func_code") -> Counter:
    return Counter((getattr(f, column), f.amount) for f in result.facts if f.table_kind == kind and getattr(f, column))


def _family_case(stage: str, option: str, value, tmp_path: Path):
    unit = [u for u in make_units(SEED, 60)[UNITS:] if u.code and u.type != "事业"][0]
    report = build_report(unit, LAST_YEAR, stage, SEED)
    base = family_layout(report, 0)  # whole codes, 万元 with 2 decimals, standard titles, a cover and a narrative
    changes = {"yuan": True, "fine": True} if option == "yuan+fine" else {option: value}
    layout = replace(base, **changes)
    return report, layout, _printed(report, base, tmp_path / "base.txt"), _printed(report, layout, tmp_path / "family.txt")


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("option, value", REAL_FAMILIES, ids=[f"{o}={v}" for o, v in REAL_FAMILIES])
def test_each_real_family_is_read_back_exactly(stage, option, value, tmp_path):
    if option == "titles" and value not in TITLE_SETS[stage]:
        pytest.skip(f"no {value} title set for {stage}")
    report, layout, base, got = _family_case(stage, option, value, tmp_path)
    unit = report.unit
    assert (got.meta.unit_name, got.meta.year, got.meta.stage, got.meta.scope, got.meta.money_unit) == (
        unit.name, report.year, stage, unit.scope, MONEY[layout.yuan])
    for kind in FUNC_KINDS:  # every 功能分类 cell equals the model's figure
        assert _read(got, kind) == _truth_func(report, kind), kind
    if stage == "budget":  # 预算 06: every 经济分类 cell (合计 and its 人员/公用 column)
        truth = Counter({(c, Decimal(wan(v))): 2 for c, v in report.econ_amounts().items()})
        assert _read(got, "gpb_basic_expenditure", "econ_code") == truth
    names_sides = ("summary", "fiscal_summary") if layout.summary_names else ()
    for kind in names_sides:  # the 类 and their 款/项 by name: every level's figure, coded from the names
        assert _read(got, kind) == _truth_summary(report, kind), kind
    # everything else reads exactly as the report printed in the families the corpus already had
    same = lambda facts: fact_keys_of([f for f in facts if f.table_kind not in names_sides])  # noqa: E731
    assert same(got.facts) == same(base.facts)
    assert sum(same(got.facts).values()) > 150
    assert [f for f in got.all_findings if f.severity == "error"] == []


def fact_keys_of(facts) -> Counter:
    return Counter((f.table_kind, f.measure, f.func_code, f.econ_code, f.item, f.amount) for f in facts)


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("option, value", [(o, v) for o, values in PENDING.items() for v in values])
def test_names_only_tables_without_a_code_column_are_read(stage, option, value, tmp_path):
    # a 功能分类 table printed by indented names only, with no code column at all (header 项目|合计|…):
    # read by name in context (pipelines/normalize/layouts/named_codes.py); printed on request, not drawn
    # into the corpus yet (tools/corpus/generate.py PENDING), so the generated-PDF floors stay as measured
    report, _, _, got = _family_case(stage, option, value, tmp_path)
    for kind in FUNC_KINDS:
        assert _read(got, kind) == _truth_func(report, kind), kind


def test_real_titles_are_identified_as_the_kind_they_print():
    from pipelines.locate.titles import match_title
    for stage, sets in TITLE_SETS.items():
        for name, titles in sets.items():
            for kind, template in titles.items():
                title = template.format(n=5, y=2026)
                assert (match_title(title) or SimpleNamespace(kind=None)).kind == kind, (stage, name, title)


def test_split_codes_and_money_cells_print_as_real_reports_do():
    assert code_cells("2010601", "func", "split") == ["201", "06", "01"]
    assert code_cells("20106", "func", "split") == ["201", "06", ""]
    assert code_cells("201", "func", "split") == ["201", "", ""]
    assert code_cells("2010601", "func", "split_new") == ["", "", "01"]
    assert code_cells("30101", "econ", "split") == ["301", "01"]
    assert money(441566401, yuan=False, sep=True, fine=True) == "4,415,664.010000"
    assert money(211433, yuan=True, sep=True, fine=True) == "21,143,300"
    assert money(211433, yuan=True, sep=False, fine=False) == "21143300.00"


# ---- families printed on request (generate.ON_REQUEST): written, rendered, ingested, read back exactly ---

def _three_public_by_fund_truth(report) -> Counter:
    """Every cell of the 三公 table by part × fund as the model holds it: 6 parts × 3 funds × 2 years
    (一般公共预算 the model's figures, the other funds 0.00); the 增减变化金额 row is derived, not a fact."""
    from tools.corpus.families import FUND_PARTS
    return Counter((f"{fund}_{year}", item, Decimal(wan(report.tp(year).get(item) if fund == "gpb" else 0)))
                   for year in ("prior_budget", "budget") for fund in ("gpb", "gov_fund", "soe_capital")
                   for _, item in FUND_PARTS)


@pytest.mark.parametrize("yuan", [False, True], ids=["wan_yuan", "yuan"])
def test_three_public_by_fund_and_year_is_written_rendered_ingested_and_read_back_exactly(yuan, tmp_path):
    # the 深圳 family (guangdong-szczj-2026-budget p38 表9 财政拨款“三公”经费支出表, read by
    # pipelines/normalize/layouts/three_public_funds.py): 预算单位 | 年度 | 6 parts × 3 funds, rows 2023年 / 2024年 /
    # 增减变化金额 (negative differences printed); a unit with a vehicle so 公务用车 cells are not all zero
    from tests.conftest import fact_keys
    from tools.corpus.generate import ON_REQUEST
    assert ON_REQUEST["budget"]["three"] == ("funds",)
    unit = next(u for u in make_units(SEED, 60)[UNITS:] if u.code and u.type != "事业" and u.vehicles)
    report = build_report(unit, LAST_YEAR, "budget", SEED)
    base = replace(family_layout(report, 0), yuan=yuan)
    layout = replace(base, three="funds")
    truth = _three_public_by_fund_truth(report)
    assert len(truth) == 36 and sum(truth.values()) == 36
    assert report.tp("budget").vehicle_operation and report.tp("budget") != report.tp("prior_budget")
    text = tmp_path / "funds.txt"
    got = _printed(report, layout, text)
    three = lambda facts: Counter((f.measure, f.item, f.amount) for f in facts if f.table_kind == "three_public")  # noqa: E731
    assert three(got.facts) == truth
    assert {f.unit_name for f in got.facts if f.table_kind == "three_public"} == {None}  # the report's own unit
    assert any(f.check == "row_derived" for f in got.all_findings)  # 增减变化金额: printed, not loaded
    # every other table reads as the report printed with the 三公 family it already had
    base_facts = _printed(report, base, tmp_path / "base.txt").facts
    others = lambda facts: fact_keys_of([f for f in facts if f.table_kind != "three_public"])  # noqa: E731
    assert others(got.facts) == others(base_facts) and sum(others(got.facts).values()) > 150
    # ingested and validated: loaded, the 36 cells in v_facts, no rule breaks (TP01/TP02 compare the parts)
    con = connect(tmp_path / "w.duckdb")
    assert ingest_file(con, text).status == "loaded"
    validation = validate_documents(con)
    assert validation.errors == 0 and validation.findings.empty, validation.findings.head(5).to_dict("records")
    rows = con.execute("select measure, item, amount from v_facts where table_kind = 'three_public'").fetchall()
    assert Counter(rows) == truth
    con.close()
    # printed to PDF: ruled, every generated cell read with its amount; borderless, nothing invented (what it
    # misses of this table: test_three_public_by_fund_printed_borderless_is_read_back_exactly)
    expected = fact_keys(got)
    for ruled in (True, False):
        read = _pdf_read(text, ruled, tmp_path)
        if ruled:
            assert three(read.facts) == truth, (truth - three(read.facts), three(read.facts) - truth)
        assert not fact_keys(read) - expected, ("invented", ruled, list(fact_keys(read) - expected)[:5])


def _pdf_read(text: Path, ruled: bool, tmp_path: Path):
    from tools.render.html import render_html
    from tools.render.pdf import render_pdf
    return extract_report(render_pdf(render_html(text.read_text(encoding="utf-8"), ruled=ruled), tmp_path / f"{text.stem}-{ruled}.pdf"))


@pytest.mark.xfail(strict=True, reason="pipelines/read (borderless): the 20-column landscape table wraps 预算单位 and "
                   "年度 cells over 3 lines ('河池市' | '农' | '业农' …, '2023' over '年') and the value row comes apart from "
                   "its year label: 0 of 36 cells read (row '' matches no item; column '年度' has no measure code)")
def test_three_public_by_fund_printed_borderless_is_read_back_exactly(tmp_path):
    unit = next(u for u in make_units(SEED, 60)[UNITS:] if u.code and u.type != "事业" and u.vehicles)
    report = build_report(unit, LAST_YEAR, "budget", SEED)
    layout = replace(family_layout(report, 0), three="funds")
    text = tmp_path / "funds.txt"
    text.write_text(TextRenderer(report, layout).render(narrative(report, layout)), encoding="utf-8")
    read = _pdf_read(text, False, tmp_path)
    assert Counter((f.measure, f.item, f.amount) for f in read.facts if f.table_kind == "three_public") == \
        _three_public_by_fund_truth(report)
