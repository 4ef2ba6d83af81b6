"""The corpus generator's families printed on request (tools/corpus/generate.py ON_REQUEST, `--with NAME=VALUE`),
issue 14. Anonymous blocks (blocks.py): a 部门's 预算 一般公共预算支出表 printed as one ascending block of 项 rows per
subordinate unit, no unit named, one 合计 (北京 预算05表, beijing-jxj-tables-2026-budget p8–p10); the pipeline keys
every block row by its position (line_label 第N块, the report's unit; pipelines/normalize/layouts/anonymous_blocks.py),
so the generated truth is keyed the same way. 支出预算分类汇总表(按部门预算经济分类) (econ_summary.py; 湖南, kind
expenditure_econ): spending of all funds by 经济分类. Every cell of each must load exactly: nothing missing, nothing
invented."""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipelines.extract import extract_report  # noqa: E402
from pipelines.ingest import ingest_file  # noqa: E402
from pipelines.load import connect  # noqa: E402
from pipelines.validate.runner import validate_documents  # noqa: E402
from tools.corpus.blocks import blocks_truth, split_blocks  # noqa: E402
from tools.corpus.econ_summary import econ_spending, econ_summary_truth  # noqa: E402
from tools.corpus.generate import ON_REQUEST, choose_layout, generate_corpus, main, narrative, report_seed  # noqa: E402
from tools.corpus.model import build_report, make_units  # noqa: E402
from tools.corpus.render_text import TextRenderer  # noqa: E402

SEED, LAST_YEAR = 7, 2024
FORCED = {"blocks": True, "econ_summary": True}


def read_05(facts) -> Counter:
    """The 一般公共预算支出表 as loaded: (func_code, item, line_label, measure, amount)."""
    return Counter((f.func_code, f.item, f.line_label, f.measure, f.amount) for f in facts if f.table_kind == "gpb_expenditure")


def others(facts) -> Counter:
    return Counter((f.table_kind, f.measure, f.func_code, f.econ_code, f.item, f.line_label, f.amount)
                   for f in facts if f.table_kind != "gpb_expenditure")


def department_budgets(count: int):
    units = [u for u in make_units(SEED, 80) if u.scope == "department"][:count]
    return [build_report(u, LAST_YEAR, "budget", SEED) for u in units]


def printed(report, layout, path: Path):
    path.write_text(TextRenderer(report, layout).render(narrative(report, layout)), encoding="utf-8")
    return extract_report(path)


def test_the_blocks_split_the_models_figures_exactly_and_restart_visibly():
    # Σ over the blocks of every 项 and leaf = the model's figure; each block ascending; every block after the first
    # opens below where the previous one stopped, and some code is printed twice (else no reader can see blocks)
    seen = Counter()
    for report in department_budgets(30):
        blocks = split_blocks(report)
        assert blocks and 2 <= len(blocks) <= 4
        seen[len(blocks)] += 1
        for code in {line.code for line in report.lines}:
            whole = next(line for line in report.lines if line.code == code).values()
            for key in ("personnel", "public_use", "gpb_project", "gpb"):
                assert sum(line.values()[key] for block in blocks for line in block if line.code == code) == whole[key]
        codes = [[line.code for line in block] for block in blocks]
        assert all(c == sorted(set(c)) for c in codes)
        assert all(after[0] < before[-1] for before, after in zip(codes, codes[1:]))
        assert all(line.values()["gpb"] > 0 for block in blocks for line in block)
    assert set(seen) == {2, 3, 4}
    unit = next(u for u in make_units(SEED, 80) if u.scope == "unit")  # a 单位's own report, a 决算: no blocks
    assert split_blocks(build_report(unit, LAST_YEAR, "budget", SEED)) is None
    assert split_blocks(build_report(unit, LAST_YEAR, "final", SEED)) is None


@pytest.mark.parametrize("money", [(False, False, False), (True, False, True), (False, True, False), (True, True, True)],
                         ids=["wan_yuan", "yuan-zeros", "six-decimals", "yuan-no-decimals-zeros"])
def test_blocks_are_read_back_exactly_keyed_by_block(money, tmp_path):
    yuan, fine, zeros = money
    for i, report in enumerate(department_budgets(4)):
        base = replace(choose_layout(report, report_seed(SEED, report.unit.index, LAST_YEAR, "budget")),
                       yuan=yuan, fine=fine, zeros=zeros, blocks=False)
        got = printed(report, replace(base, blocks=True), tmp_path / f"blocks-{i}.txt")
        truth = blocks_truth(report, zeros)
        assert read_05(got.facts) == truth, (truth - read_05(got.facts), read_05(got.facts) - truth)
        assert {f.unit_name for f in got.facts if f.table_kind == "gpb_expenditure"} == {None}  # the report's unit
        [found] = [f for f in got.all_findings if f.check == "blocks_by_position"]
        assert found.severity == "info" and found.observed == str(len(split_blocks(report)))
        assert not [f for f in got.all_findings if f.severity == "error" or f.check in ("code_repeated", "duplicate_key")]
        # every other table reads as the same report printed with its 05 as one table
        plain = printed(report, base, tmp_path / f"plain-{i}.txt")
        assert others(got.facts) == others(plain.facts) and sum(others(got.facts).values()) > 100


def test_a_flipped_amount_or_swapped_blocks_are_caught(tmp_path):
    # the comparison can fail: one block cell off by 0.01, or two blocks printed in each other's place
    report = department_budgets(1)[0]
    layout = replace(choose_layout(report, report_seed(SEED, report.unit.index, LAST_YEAR, "budget")),
                     yuan=False, fine=False, blocks=True)
    path = tmp_path / "blocks.txt"
    text = TextRenderer(report, layout).render(narrative(report, layout))
    truth = blocks_truth(report, layout.zeros)
    blocks = split_blocks(report)
    line = blocks[1][0]  # block 2's first row: "<code>\t<name>\t<合计>\t…"
    row = f"{line.code}\t"
    at = text.index(row, text.index(row) + 1)  # its code's second printing
    cells = text[at:text.index("\n", at)].split("\t")
    flipped = cells[:2] + [f"{Decimal(cells[2]) + Decimal('0.01')}"] + cells[3:]
    path.write_text(text[:at] + "\t".join(flipped) + text[at + len("\t".join(cells)):], encoding="utf-8")
    got = read_05(extract_report(path).facts)
    assert got != truth
    assert truth - got == Counter({(line.code, None, "第2块", "total", Decimal(cells[2])): 1})
    lines = text.split("\n")  # blocks 1 and 2 printed in each other's place: the rows are keyed by position
    start = next(i for i, x in enumerate(lines) if x.startswith(f"{blocks[0][0].code}\t"))  # block 1's first row
    one = lines[start:start + len(blocks[0])]
    two = lines[start + len(one):start + len(one) + len(blocks[1])]
    path.write_text("\n".join(lines[:start] + two + one + lines[start + len(one) + len(two):]), encoding="utf-8")
    swapped = read_05(extract_report(path).facts)
    assert sum(swapped.values()) == sum(truth.values()) and swapped != truth


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """6 units × 2 years × both stages, both families on wherever they apply (预算; blocks: a 部门's), ingested and
    validated."""
    out = tmp_path_factory.mktemp("on-request-corpus")
    paths = generate_corpus(out, 6, 2, SEED, ("final", "budget"), LAST_YEAR, FORCED)
    con = connect(out / "w.duckdb")
    results = {p.name: ingest_file(con, p) for p in paths}
    yield out, paths, con, results, validate_documents(con)
    con.close()


def test_a_corpus_with_blocks_loads_every_cell_exactly_and_validates_clean(corpus):
    out, paths, con, results, validation = corpus
    assert {r.status for r in results.values()} == {"loaded"}
    assert validation.errors == 0 and validation.quarantined == []
    # no finding: the 项 of the block tables, whose 类 and 款 are printed nowhere (as on the real beijing-jxj/-czj
    # 预算05表), are the table's layout, not rows lost (codes.sql parent_printed), and every code is national
    assert validation.findings.empty
    checks = {c for (c,) in con.execute("select distinct \"check\" from dq_results where not passed").fetchall()}
    assert checks <= {"extract.code_repaired", "extract.code_from_name", "extract.blocks_by_position"}
    generated = loaded = econ = 0
    for path in paths:
        report = build_report(next(u for u in make_units(SEED, 6) if path.name.startswith(u.slug)),
                              int(path.name.split("-")[1]), path.stem.split("-")[2], SEED)
        layout = choose_layout(report, report_seed(SEED, report.unit.index, report.year, report.stage), FORCED)
        rows = con.execute("select f.econ_code, f.item, f.measure, f.amount from v_facts f join dim_document d "
                           "using (document_id) where d.file_name = ? and f.table_kind = 'expenditure_econ'", [path.name]).fetchall()
        assert Counter(rows) == (econ_summary_truth(report) if report.stage == "budget" else Counter()), path.name
        econ += len(rows)
        if not (layout.blocks and split_blocks(report)):
            continue
        truth = blocks_truth(report, layout.zeros)
        rows = con.execute("select f.func_code, f.item, f.line_label, f.measure, f.amount from v_facts f join dim_document d "
                           "using (document_id) where d.file_name = ? and f.table_kind = 'gpb_expenditure'", [path.name]).fetchall()
        assert Counter(rows) == truth, (path.name, truth - Counter(rows), Counter(rows) - truth)
        generated, loaded = generated + sum(truth.values()), loaded + len(rows)
    assert generated == loaded > 300  # 6 units: 3 部门 budgets a year → 6 block tables
    assert econ > 500  # 12 budgets


def test_the_expected_figures_are_keyed_by_block(corpus):
    out, _, con, _, _ = corpus
    rows = [json.loads(line) for line in (out / "expected.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {row.get("line_label") for row in rows} >= {None, "第1块", "第2块"}
    for row in rows:
        found = con.execute(
            "select amount from v_facts where unit_name = ? and region = ? and year = ? and stage = ? and table_kind = ? "
            "and func_code is not distinct from ? and econ_code is not distinct from ? and item is not distinct from ? "
            "and measure = ? and line_label is not distinct from ?",
            [row[k] for k in ("unit", "region", "year", "stage", "table_kind", "func_code", "econ_code", "item", "measure")]
            + [row.get("line_label")]).fetchall()
        assert found and {a for (a,) in found} == {Decimal(row["amount"])}, (row, found)


def test_on_request_families_are_never_drawn_and_the_cli_turns_them_on(tmp_path, capsys):
    assert ON_REQUEST["budget"]["blocks"] == ON_REQUEST["budget"]["econ_summary"] == (True,)
    for report in department_budgets(10):  # never drawn
        layout = choose_layout(report, report_seed(SEED, report.unit.index, LAST_YEAR, "budget"))
        assert not layout.blocks and not layout.econ_summary
    assert main([str(tmp_path / "on"), "--units", "3", "--years", "1", "--seed", str(SEED), "--stages", "budget",
                 "--with", "blocks=true,econ_summary=true"]) == 0
    assert main([str(tmp_path / "off"), "--units", "3", "--years", "1", "--seed", str(SEED), "--stages", "budget"]) == 0
    on, off = ((tmp_path / d / "expected.jsonl").read_text(encoding="utf-8") for d in ("on", "off"))
    assert "第2块" in on and "第2块" not in off
    assert '"table_kind": "expenditure_econ"' in on and "expenditure_econ" not in off
    with pytest.raises(SystemExit):
        main([str(tmp_path / "x"), "--with", "nonesuch=true"])


def test_a_block_table_printed_to_pdf_is_read_back(tmp_path):
    # ruled: every cell of every block with its block; borderless: nothing invented
    from tools.render.html import render_html
    from tools.render.pdf import render_pdf
    report = department_budgets(1)[0]
    layout = replace(choose_layout(report, report_seed(SEED, report.unit.index, LAST_YEAR, "budget")), blocks=True)
    text = tmp_path / "blocks.txt"
    text.write_text(TextRenderer(report, layout).render(narrative(report, layout)), encoding="utf-8")
    truth = blocks_truth(report, layout.zeros)
    for ruled in (True, False):
        pdf = render_pdf(render_html(text.read_text(encoding="utf-8"), ruled=ruled), tmp_path / f"blocks-{ruled}.pdf")
        got = read_05(extract_report(pdf).facts)
        assert not got - truth, ("invented", ruled, list((got - truth).items())[:5])
        if ruled:
            assert got == truth, ("missing", list((truth - got).items())[:5])


# ---- 支出预算分类汇总表(按部门预算经济分类) -------------------------------------------------------------------

def test_the_econ_summary_adds_up_to_the_reports_spending():
    # its 款 sum to their 类, the 类 to the report's 支出 合计 | 基本支出 | 项目支出; the GPB 基本支出 款 are the model's
    for report in department_budgets(10):
        rows = econ_spending(report)
        for column, key in ((0, "basic"), (1, "project")):
            assert sum(v[column] for code, v in rows.items() if len(code) == 3) == report.total(key)
            for cls in (c for c in rows if len(c) == 3):
                assert sum(v[column] for c, v in rows.items() if len(c) == 5 and c[:3] == cls) == rows[cls][column]
        assert all(rows[c][0] >= v for c, v in report.econ)


@pytest.mark.parametrize("money", [(False, False), (True, False), (False, True), (True, True)],
                         ids=["wan_yuan", "yuan", "six-decimals", "yuan-no-decimals"])
def test_the_econ_summary_is_read_back_exactly(money, tmp_path):
    yuan, fine = money
    for i, report in enumerate(department_budgets(3)):
        base = replace(choose_layout(report, report_seed(SEED, report.unit.index, LAST_YEAR, "budget")), yuan=yuan, fine=fine)
        got = printed(report, replace(base, econ_summary=True), tmp_path / f"econ-{i}.txt")
        read = Counter((f.econ_code, f.item, f.measure, f.amount) for f in got.facts if f.table_kind == "expenditure_econ")
        truth = econ_summary_truth(report)
        assert read == truth, (truth - read, read - truth)
        assert not [f for f in got.all_findings if f.severity == "error"]
        plain = printed(report, base, tmp_path / f"plain-{i}.txt")  # the other tables as before
        kinds = lambda facts: Counter((f.table_kind, f.measure, f.func_code, f.econ_code, f.item, f.amount)  # noqa: E731
                                      for f in facts if f.table_kind != "expenditure_econ")
        assert kinds(got.facts) == kinds(plain.facts)
        # the comparison can fail: one 款 cell off by 0.01
        code, _ = next((c, v) for c, v in econ_spending(report).items() if len(c) == 5 and v[0])
        text = (tmp_path / f"econ-{i}.txt").read_text(encoding="utf-8")
        row = [x for x in text.split("\n") if x.startswith(f"{code}\t")][-1]  # the last table's row (06 prints the code too)
        cells = row.split("\t")
        flipped = "\t".join(cells[:3] + [_bump(cells[3])] + cells[4:])  # its 基本支出
        head, _, tail = text.rpartition(row)
        (tmp_path / "flipped.txt").write_text(head + flipped + tail, encoding="utf-8")
        reread = Counter((f.econ_code, f.item, f.measure, f.amount) for f in extract_report(tmp_path / "flipped.txt").facts
                         if f.table_kind == "expenditure_econ")
        assert reread != truth and sum((truth - reread).values()) == 1


def _bump(cell: str) -> str:
    """The printed amount with its last digit one higher (9 → 8), separators and decimals kept."""
    last = int(cell[-1])
    return cell[:-1] + str(last + 1 if last < 9 else last - 1)
