"""Turn cells into Facts with lineage, converting money to 万元 and refusing duplicate keys."""

from __future__ import annotations

import re
from decimal import Decimal

from pipelines.model import Fact, Finding, Line, LocatedTable, ReportMeta
from pipelines.normalize.amounts import parse_amount, to_wan_yuan
from pipelines.textnorm import compact

# OCR'd money: with decimals, or a single digit ("2" for 2 万元: a lost decimal point always leaves
# two digits or more, "8.5" → "85", "17.23" → "1723")
_OCR_MONEY = re.compile(r"^-?(?:(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{1,2}|\d)$")
# OCR'd 元 printed whole with thousands separators ("66,716,064", Shanghai unit budgets): a lost point
# cannot leave well-formed groups of three ("667,160.64" → "667,16064"), and 元 has no third decimal
_OCR_WHOLE_YUAN = re.compile(r"^-?\d{1,3}(?:,\d{3})+$")


def raw_cell(line: Line, index: int) -> str:
    """The cell as printed in the source file (before any normalisation)."""
    raw = line.raw.split("\t")
    return raw[index].strip() if index < len(raw) else ""


def cell(line: Line, index: int | None) -> str:
    if index is None or index >= len(line.cells):
        return ""
    return line.cells[index]


class FactBuilder:
    """Collects the facts and findings of one table."""

    def __init__(self, table: LocatedTable, meta: ReportMeta) -> None:
        self.table = table
        self.meta = meta
        self.money_unit = table.money_unit or meta.money_unit
        self.facts: list[Fact] = []
        self.findings: list[Finding] = []
        self._keys: dict[tuple, Fact] = {}  # key → the fact loaded under it
        self._warned_unit = False

    def has_value(self, line: Line, indexes: list[int]) -> bool:
        return any(parse_amount(cell(line, i)) is not None for i in indexes)

    def emit(
        self, line: Line, index: int, measure: str, *, func_code: str | None = None,
        econ_code: str | None = None, gov_econ_code: str | None = None, item: str | None = None,
        unit: tuple[str, str] | None = None,
        uom: str = "wan_yuan", kind: str | None = None, label: str = "", amount: Decimal | None = None,
        keyed_by_label: bool = False, line_label: str | None = None,
    ) -> None:
        """Record the number in cell ``index`` of ``line`` (nothing when the cell is blank). A row whose key is
        its printed label (a 政府采购 project or 品目 line: item ``procurement_project``) passes keyed_by_label; a
        coded row of an anonymous block (layouts/anonymous_blocks.py) passes its block as ``line_label``."""
        printed = parse_amount(cell(line, index)) if amount is None else amount
        if printed is None:
            return
        if uom != "count" and line.engine.startswith("ocr") and not _OCR_MONEY.match(compact(cell(line, index))) and not (
                self.money_unit == "yuan" and _OCR_WHOLE_YUAN.match(compact(cell(line, index)))):
            # Reports print money with decimals ("17.23", "8.5"); an OCR'd "1723" for 17.23 lost its point
            # (a single digit cannot have lost one).
            self.finding("ocr_unreadable", "error", f"OCR read {cell(line, index)!r} where money is printed with "
                         "decimals; not loaded", line, label, observed=cell(line, index))
            return
        original_unit = "count" if uom == "count" else self.money_unit
        if uom != "count":
            if self.money_unit is None:
                if not self._warned_unit:
                    self.finding("money_unit_unknown", "error", "the table and the report never say 金额单位; amounts not loaded", line)
                    self._warned_unit = True
                return
            value = to_wan_yuan(printed, self.money_unit)  # the decimal point moved: exact, never rounded
        else:
            value = printed
        unit_code, unit_name = unit if unit else (None, None)
        kind = kind or self.table.kind
        # a row keyed by 功能分类 × 政府经济分类 × 部门经济分类 differs from its neighbour by any of the three
        key = (unit_code, unit_name, kind, func_code, econ_code, gov_econ_code, item, measure)
        line_label = label if keyed_by_label else line_label
        key += (line_label,) if line_label is not None else ()
        if key in self._keys:
            first = self._keys[key]
            if first.amount == value and first.unit_of_measure == uom:  # the same figure printed again (a total
                # restated in each of a two-sided table's expenditure pairs): loaded once, the cell accounted for
                self.finding("value_restated", "info", f"restates {key[2:]} of line {first.source_line} "
                             f"({first.source_text}); loaded once", line, label,
                             expected=str(first.source_line), observed=str(printed))
            else:
                self.finding("duplicate_key", "warning", f"a second value for {key[2:]} ignored", line, label,
                             observed=str(printed))
            return
        self._keys[key] = fact = Fact(
            table_kind=kind, measure=measure, amount=value, unit_of_measure=uom,
            source_text=raw_cell(line, index), source_line=line.number, source_col=index + 1,
            source_page=line.page, func_code=func_code, econ_code=econ_code, item=item,
            unit_name=unit_name, unit_code=unit_code, scope="unit" if unit else None,
            row_label=label, original_unit=original_unit, extraction=line.engine, gov_econ_code=gov_econ_code,
            line_label=line_label,
        )
        self.facts.append(fact)

    def finding(self, check: str, severity: str, detail: str, line: Line | None = None,
                label: str | None = None, expected: str | None = None, observed: str | None = None) -> None:
        self.findings.append(Finding(
            check=check, severity=severity, detail=detail, table_kind=self.table.kind,
            source_line=line.number if line else self.table.title_line,
            source_page=line.page if line else None, row_label=label,
            expected=expected, observed=observed,
        ))
