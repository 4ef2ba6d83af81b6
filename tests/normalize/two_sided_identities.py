"""The identities of a two-sided table (rules.yaml TS01–TS07), computed on one TableResult's facts
so a test can tell whether the table was read right without loading a warehouse.

Income parts are counted once: 财政拨款 stands for its funds (一般公共预算 …) and 单位资金 for 事业收入 …
only when the table does not print those rows under it.
"""

from __future__ import annotations

from decimal import Decimal

from pipelines.model import TableResult

_FUNDS = ("general_public_budget_grant", "gov_fund_grant", "soe_capital_grant")
_UNIT_FUNDS = ("business_income", "operating_income", "superior_subsidy", "affiliate_remittance", "other_income")
_INCOME = (*_FUNDS, "special_account_income", *_UNIT_FUNDS, "other_funds")
_EXPENDITURE_ITEMS = ("remit_superior", "affiliate_subsidy", "operating_expense")
_BY_PURPOSE = ("expenditure_basic", "expenditure_project", "expenditure_reserve")
TOLERANCE = Decimal("0.01")


def _close(a: Decimal, b: Decimal, terms: int) -> bool:
    return abs(a - b) <= TOLERANCE * max(terms, 1)


def _side_facts(result: TableResult, measure: str) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    items: dict[str, Decimal] = {}
    classes: dict[str, Decimal] = {}
    for fact in result.facts:
        if fact.measure != measure:
            continue
        if fact.item:
            items.setdefault(fact.item, fact.amount)
        elif fact.func_code and len(fact.func_code) == 3:
            classes[fact.func_code] = fact.amount
    return items, classes


def two_sided_checks(result: TableResult, measure: str = "amount") -> dict[str, tuple[Decimal, Decimal, bool]]:
    """name → (whole, sum of parts, holds) for every identity the table prints both sides of. The
    expenditure side is read in ``measure``, else in its 合计 column (total) when it prints several."""
    income_items, _ = _side_facts(result, "amount")
    spent_items, classes = _side_facts(result, measure)
    if not classes and not any(k.startswith("expenditure") for k in spent_items):
        spent_items, classes = _side_facts(result, "total")
    items = {**{k: v for k, v in income_items.items() if not k.startswith("expenditure")}, **spent_items}
    checks = {}

    def check(name: str, whole: str, parts: list[Decimal]) -> None:
        if whole in items and parts:
            total = sum(parts, Decimal(0))
            checks[name] = (items[whole], total, _close(items[whole], total, len(parts)))

    if "expenditure_grand_total" in items:
        check("grand totals", "income_grand_total", [items["expenditure_grand_total"]])
    income = [items[name] for name in _INCOME if name in items]
    if not any(name in items for name in _FUNDS) and "fiscal_grant" in items:
        income.append(items["fiscal_grant"])
    if not any(name in items for name in _UNIT_FUNDS) and "unit_funds" in items:
        income.append(items["unit_funds"])
    carried_in = [items[name] for name in ("carryover_begin", "non_fiscal_balance_used") if name in items]
    spent = [*classes.values(), *(items[name] for name in _EXPENDITURE_ITEMS if name in items)]
    carried_out = [items[name] for name in ("carryover_end", "surplus_distribution") if name in items]
    if "income_total" in items:
        check("income total", "income_total", income)
    else:
        check("income grand total", "income_grand_total", income + carried_in)
    if "expenditure_total" in items:
        check("expenditure total by class", "expenditure_total", spent)
    elif classes:
        check("expenditure grand total by class", "expenditure_grand_total", spent + carried_out)
    purposes = [items[name] for name in _BY_PURPOSE if name in items]
    if purposes:
        whole = "expenditure_total" if "expenditure_total" in items else "expenditure_grand_total"
        checks["expenditure total by purpose"] = (
            items.get(whole, Decimal(0)), sum(purposes, Decimal(0)),
            whole in items and _close(items[whole], sum(purposes, Decimal(0)), len(purposes)),
        )
    return checks
