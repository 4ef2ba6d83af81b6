"""Normalize: located tables → facts keyed by canonical codes, with findings for what was repaired
or could not be read. The layout family is recognised from the header, not from the title."""

from __future__ import annotations

from pipelines.model import LocatedTable, ReportMeta, TableResult
from pipelines.normalize.builder import FactBuilder
from pipelines.normalize.header import build_columns, codes_in_names, split_rows
from pipelines.normalize.quality import table_quality
from pipelines.normalize.layouts.coded import normalize_coded, normalize_grouped
from pipelines.normalize.layouts.item_list import normalize_item_list
from pipelines.normalize.layouts.line_list import line_list_spec, normalize_line_list
from pipelines.normalize.layouts.named_codes import declared_system, names_fit, normalize_named_codes
from pipelines.normalize.layouts.multi_coded import code_systems, normalize_multi_coded
from pipelines.normalize.layouts.three_public_columns import fits, normalize_three_public_columns
from pipelines.normalize.layouts.three_public_funds import fits as funds_fit, normalize_three_public_funds
from pipelines.normalize.layouts.three_public_wide import detect_groups, normalize_three_public_wide, part_sequence
from pipelines.normalize.layouts.two_sided import find_split, normalize_two_sided
from pipelines.normalize.layouts.unit_rows import is_unit_rows, normalize_unit_rows
from pipelines.reference import load_yaml

__all__ = ["normalize_table"]


def _code_system(table: LocatedTable, columns) -> str:
    declared = load_yaml("table_kinds.yaml")["kinds"][table.kind].get("code_system")
    header = "".join(c.joined for c in columns)
    if "经济分类" in header:
        return "econ"
    if "功能分类" in header:
        return "func"
    return declared or "func"


def normalize_table(table: LocatedTable, meta: ReportMeta, units: frozenset[str] = frozenset()) -> TableResult:
    """Facts and findings of one table, read according to its layout family. ``units``: the units the report's
    other tables are keyed by (a line list's row naming one is a unit row over the lines below it)."""
    builder = FactBuilder(table, meta)
    spec = load_yaml("table_kinds.yaml")["kinds"][table.kind]
    if spec["layout"] == "not_extracted" and "line_list" not in spec:
        return TableResult(table, "not_extracted", (), quality=table_quality(table))
    header, data = split_rows(table.rows, table.kind)
    width = max((len(line.cells) for line in table.rows), default=0)
    columns = codes_in_names(build_columns(header, width), data)
    if spec["layout"] == "not_extracted" and not line_list_spec(table.kind, columns):
        # a kind read only as a list of lines (项目支出表): another header is not guessed at
        return TableResult(table, "not_extracted", (), quality=table_quality(table))
    code_columns = [c for c in columns if c.role == "code"]
    split = find_split(header, columns, data)
    if table.kind == "three_public" and funds_fit(header, data):
        layout = "three_public_funds"
        normalize_three_public_funds(builder, header, data)
    elif table.kind == "three_public" and len(detect_groups(header, meta.year)) >= 2 and part_sequence(header):
        layout = "three_public_wide"
        normalize_three_public_wide(builder, header, data)
    elif table.kind == "three_public" and fits(header, data):
        layout = "three_public_columns"
        normalize_three_public_columns(builder, header, data)
    elif line_list_spec(table.kind, columns):
        layout = "line_list"
        normalize_line_list(builder, columns, data, line_list_spec(table.kind, columns), units)
    elif is_unit_rows(columns):
        layout = "unit_rows"
        normalize_unit_rows(builder, columns, data)
    elif split:
        layout = "two_sided"
        normalize_two_sided(builder, columns, data, split)
    elif code_systems(columns):
        layout = "multi_coded"
        normalize_multi_coded(builder, columns, data, code_systems(columns))
    elif len(code_columns) >= 2:
        layout = "grouped"
        normalize_grouped(builder, columns, data, _code_system(table, columns))
    elif code_columns:
        layout = "coded"
        normalize_coded(builder, columns, data, _code_system(table, columns))
    elif declared_system(table.kind) and names_fit(columns, data, _code_system(table, columns)):
        layout = "named_codes"
        normalize_named_codes(builder, columns, data, _code_system(table, columns))
    else:
        layout = "item_list"
        normalize_item_list(builder, columns, data)
    return TableResult(table, layout, tuple(builder.facts), tuple(builder.findings), table_quality(table))
