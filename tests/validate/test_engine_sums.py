"""The sum templates of the rule engine (pipelines/validate/engine/sums.py) on hand-placed facts.

They yield the rows sql/rules/{row_sum,item_sum,total_of_classes,item_of_classes,path_sum}.sql yield
(checked against those on the 4 samples + tamper variants, 33 real files and 35 generated reports). Real rows
checked by eye: beijing-czj-tables-2026-budget p3 预算02表 合计 44,169.357532 = 本年收入 小计 44,156.640120 +
上年结转结余 小计 12.717412 (一般公共预算资金 under each 小计 counted through it: RS01, 2 terms);
guangdong-gztjj-2026-budget p22 项目支出表 广州市统计监测中心 7.00 = its one line 其他运行经费 7.00 (PL02);
shaanxi-xaajj-tables-2019-budget p3 1、人员经费和公用经费支出 2,022.39 = 1,834.69 + 182.88 + 4.82 (TS14).
"""

from decimal import Decimal

from pipelines.validate.engine import sums
from pipelines.validate.engine.context import Context, Fact
from pipelines.validate.rules import Rule


def rule(template: str, **params) -> Rule:
    return Rule("T1", "test", "warning", template, "equal", "", params)


def fact(seq: int, kind: str, item, measure, amount, line: int, **kw) -> Fact:
    base = dict(document_id="d", fact_seq=seq, unit_id="u", scope="self", table_kind=kind, item=item,
                measure=measure, amount=None if amount is None else Decimal(amount), source_line=line,
                source_page=3, row_label=kw.pop("row_label", None), doc_unit_id="u", doc_scope="self",
                doc_stage="budget")
    return Fact(**{**base, **kw})


def summary(rows):
    return sorted((r.subject, r.expected, r.observed, r.n_terms, sorted(r.fact_seqs)) for r in rows)


# --- row_sum
INCOME = dict(kinds=["income"], whole="total", parts=["income", "fiscal_grant", "gpb", "business_income",
                                                      "carryover_begin", "carryover_gpb"])


def test_row_sum_counts_a_part_column_through_its_parent_column():
    # 合计 | 本年收入 小计 | 一般公共预算 | 上年结转 小计 | 一般公共预算 (beijing-czj-2026 p3 预算02表 shape)
    facts = [fact(1, "income", "total", "total", "110", 38), fact(2, "income", "total", "income", "100", 38),
             fact(3, "income", "total", "gpb", "100", 38), fact(4, "income", "total", "carryover_begin", "10", 38),
             fact(5, "income", "total", "carryover_gpb", "10", 38)]
    rows = sums.row_sum(Context(facts), (rule("row_sum", **INCOME),))
    # gpb is left to its grandparent 本年收入 (gpb → fiscal_grant → income), carryover_gpb to 上年结转
    assert summary(rows) == [("total", Decimal("110"), Decimal("110"), 2, [1, 2, 4])]


def test_row_sum_counts_a_part_column_itself_when_its_parent_column_is_not_printed():
    facts = [fact(1, "income", None, "total", "100", 40, func_code="201"),
             fact(2, "income", None, "gpb", "70", 40, func_code="201"),
             fact(3, "income", None, "business_income", "20", 40, func_code="201")]
    rows = sums.row_sum(Context(facts), (rule("row_sum", **INCOME),))
    assert summary(rows) == [("201", Decimal("100"), Decimal("90"), 2, [1, 2, 3])]


def test_row_sum_blocks_nothing_on_a_row_of_no_unit_and_needs_a_whole_and_a_part():
    # SQL `=` on a NULL unit never matches: the parent does not block its child there
    facts = [fact(1, "income", "total", "total", "100", 38, unit_id=None),
             fact(2, "income", "total", "income", "100", 38, unit_id=None),
             fact(3, "income", "total", "gpb", "100", 38, unit_id=None),
             fact(4, "income", "other", "total", "5", 39),  # no part printed: no row
             fact(5, "income", "other2", "gpb", "5", 41)]  # no whole printed: no row
    rows = sums.row_sum(Context(facts), (rule("row_sum", **INCOME),))
    assert summary(rows) == [("total", Decimal("100"), Decimal("200"), 2, [1, 2, 3])]


# --- item_sum
TS04 = dict(kinds=["summary"], whole_item="income_total", measures=["amount"],
            part_items=["fiscal_grant", "general_public_budget_grant", "gov_fund_grant", "unit_funds", "business_income"])


def test_item_sum_leaves_a_part_to_its_parent_item():
    facts = [fact(1, "summary", "income_total", "amount", "100", 10),
             fact(2, "summary", "fiscal_grant", "amount", "70", 11),
             fact(3, "summary", "general_public_budget_grant", "amount", "60", 12),
             fact(4, "summary", "gov_fund_grant", "amount", "10", 13),
             fact(5, "summary", "business_income", "amount", "30", 14)]  # its parent 单位资金 is not printed
    rows = sums.item_sum(Context(facts), (rule("item_sum", **TS04),))
    assert summary(rows) == [("income_total amount", Decimal("100"), Decimal("100"), 2, [1, 2, 5])]


def test_item_sum_same_column_and_min_terms():
    # 收入总计 (amount, income side) = 支出总计 (total, expenditure side): one column printed on two sides
    two_sided = rule("item_sum", kinds=["summary"], whole_item="income_grand_total", part_items=["expenditure_grand_total"],
                     measures=["amount"], same_column=["amount", "total"])
    facts = [fact(1, "summary", "income_grand_total", "amount", "500", 30),
             fact(2, "summary", "expenditure_grand_total", "total", "501", 30),
             fact(3, "summary", "expenditure_grand_total", "basic", "400", 30)]
    assert summary(sums.item_sum(Context(facts), (two_sided,))) == [
        ("income_grand_total amount", Decimal("500"), Decimal("501"), 1, [1, 2])]
    # one part printed under 财政拨款 is an of-which line (其中), not its breakdown
    of_which = rule("item_sum", kinds=["summary"], whole_item="fiscal_grant", part_items=["gov_fund_grant"],
                    measures=["amount"], min_terms=2)
    facts = [fact(1, "summary", "fiscal_grant", "amount", "70", 11), fact(2, "summary", "gov_fund_grant", "amount", "10", 12)]
    assert sums.item_sum(Context(facts), (of_which,)) == []


# --- total_of_classes, item_of_classes
def test_total_of_classes_sums_the_3_digit_rows_per_column():
    facts = [fact(1, "expenditure", "total", "total", "100", 5), fact(2, "expenditure", "total", "basic", "60", 5),
             fact(3, "expenditure", None, "total", "70", 6, func_code="201"),
             fact(4, "expenditure", None, "total", "40", 7, func_code="20101"),  # a 款: not a 类
             fact(5, "expenditure", None, "total", "30", 8, func_code="208"),
             fact(6, "expenditure", None, "basic", "60", 6, func_code="201")]
    r = rule("total_of_classes", kinds=["expenditure"], total_item="total", measures=["total", "basic"])
    assert summary(sums.total_of_classes(Context(facts), (r,))) == [
        ("total basic", Decimal("60"), Decimal("60"), 1, [2, 6]), ("total total", Decimal("100"), Decimal("100"), 2, [1, 3, 5])]


def test_item_of_classes_sums_the_part_where_rows_of_its_table():
    # 西安 收支总表 支出方: 1、人员经费和公用经费支出 (amount) = Σ 经济分类 类 in the 基本支出 column
    facts = [fact(1, "summary", "expenditure_basic", "amount", "2022.39", 30, table_seq=1),
             fact(2, "summary", None, "basic", "1834.69", 31, econ_code="301", table_seq=1),
             fact(3, "summary", None, "basic", "182.88", 32, econ_code="302", table_seq=1),
             fact(4, "summary", None, "basic", "100", 33, econ_code="30201", table_seq=1),  # a 款
             fact(5, "summary", None, "basic", "4.82", 34, econ_code="303", table_seq=1),
             fact(6, "summary", None, "basic", "9", 35, econ_code="301", table_seq=2)]  # another table
    r = rule("item_of_classes", kinds=["summary"], whole_item="expenditure_basic", whole_measure="amount",
             part_measure="basic", part_where={"econ_length": 3})
    assert summary(sums.item_of_classes(Context(facts), (r,))) == [
        ("expenditure_basic amount", Decimal("2022.39"), Decimal("2022.39"), 3, [1, 2, 3, 5])]


# --- path_sum
def test_path_sum_sums_the_parts_whose_printed_path_extends_the_whole():
    facts = [fact(1, "procurement", "procurement_goods", "amount", "30", 10, row_label="一、货物"),
             fact(2, "procurement", "procurement_project", "amount", "10", 11, row_label="一、货物 / 网络建设"),
             fact(3, "procurement", "procurement_project", "amount", "15", 12, row_label="一、货物 / 办公设备"),
             fact(4, "procurement", "procurement_article", "amount", "15", 13, row_label="一、货物 / 办公设备 / PC"),
             fact(5, "procurement", "procurement_project", "amount", "99", 14, row_label="一、货物类 / 其他"),  # no ' / '
             fact(6, "procurement", "procurement_project", "total", "10", 11, row_label="一、货物 / 网络建设"),  # other column
             fact(7, "procurement", "procurement_services", "amount", "5", 20, row_label="二、服务"),
             fact(8, "procurement", "procurement_project", "amount", "5", 21, row_label="二、服务 / 物业",
                  unit_id="other")]  # another unit's line
    r = rule("path_sum", kinds=["procurement"], whole_items=["procurement_goods", "procurement_services"],
             part_items=["procurement_project"])
    assert summary(sums.path_sum(Context(facts), (r,))) == [
        ("procurement_goods amount", Decimal("30"), Decimal("25"), 2, [1, 2, 3])]
    # a project line's path is two levels deep: its 品目 lines extend it (PC03)
    r = rule("path_sum", kinds=["procurement"], whole_items=["procurement_project"], part_items=["procurement_article"])
    assert summary(sums.path_sum(Context(facts), (r,))) == [
        ("procurement_project amount", Decimal("15"), Decimal("15"), 1, [3, 4])]
