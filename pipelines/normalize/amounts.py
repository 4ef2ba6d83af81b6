"""Cells → amounts and codes. A blank cell is "no value", never zero; a dash is not a number.

Amounts: "1,527.08", "10,838,640" (元), "44,156.640120" (万元 with six decimals), "0", "0.00",
negatives "-1,234.00" / "(1,234.00)". Thousands separators are taken as grouping only where no
other reading exists: with a decimal point after them any grouping whose later groups have three
digits or more ("1234,567.00", "12,34567.89": spreadsheet formats that separate only some groups);
without a decimal point only regular three-digit groups ("1234,567", "1,234,567"). "12,34" or
"1,23.00" are not numbers (a comma decimal or a damaged cell), and "(1)" is a column number.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from pipelines.textnorm import compact

_AMOUNT = re.compile(r"^-?(?:\d+(?:,\d{3,})*\.\d+|\d+(?:,\d{3})*)$")
_BRACKETED = re.compile(r"^\((\d[\d,]*\.\d+|\d{1,3}(?:,\d{3})+)\)$")  # (1,234.00): a negative, not a column number
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})
_CODE = re.compile(r"^\d{3,7}$")
# A code with its name in the same cell: "20801人力…", "2010601-行政运行", "[201]一般公共服务支出";
# "2024年预算数" is a year, not a code.
_CODE_WITH_NAME = re.compile(r"^[\[【]?(\d{3,7})[\]】]?[-－—_:：]?([^\d.,年\]】].*)$")

# Money in these units is converted to 万元 by moving the decimal point (exact, never rounded).
TO_WAN_YUAN_EXPONENT = {"wan_yuan": 0, "yuan": -4, "thousand_yuan": -1, "yi_yuan": 4}
TO_WAN_YUAN = {unit: Decimal(1).scaleb(exponent) for unit, exponent in TO_WAN_YUAN_EXPONENT.items()}


def to_wan_yuan(value: Decimal, unit: str) -> Decimal:
    """A printed amount in ``unit`` as 万元, digit for digit (10,838,640 元 → 1083.8640)."""
    return value.scaleb(TO_WAN_YUAN_EXPONENT[unit])


def _number_text(cell: str) -> str | None:
    text = compact(cell).translate(_MINUS)
    if _AMOUNT.match(text):
        return text
    bracketed = _BRACKETED.match(text)
    return "-" + bracketed.group(1) if bracketed else None


def parse_amount(cell: str) -> Decimal | None:
    """The number printed in a cell ("1,527.08" → 1527.08), or None for blanks, dashes, text."""
    text = _number_text(cell)
    if text is None:
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def is_decimal_amount(cell: str) -> bool:
    """A cell that can only be money: has a decimal point or thousands separator."""
    text = _number_text(cell)
    return text is not None and ("." in text or "," in text)


def split_code(cell: str) -> tuple[str | None, str]:
    """A leading classification code and the rest ("20801人力…" → ("20801", "人力…"))."""
    text = compact(cell)
    if _CODE.match(text):
        return text, ""
    found = _CODE_WITH_NAME.match(text)
    if found:
        return found.group(1), found.group(2)
    return None, text
