"""Cells → amounts and codes. A blank cell is "no value", never zero; a dash is not a number."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from pipelines.textnorm import compact

_AMOUNT = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^-?\d+(?:\.\d+)?$")
_CODE = re.compile(r"^\d{3,7}$")
_CODE_WITH_NAME = re.compile(r"^(\d{3,7})([^\d.,年].*)$")  # "2024年预算数" is a year, not a code

# Money in these units is converted to 万元; the factor multiplies the printed number.
TO_WAN_YUAN = {
    "wan_yuan": Decimal(1),
    "yuan": Decimal("0.0001"),
    "thousand_yuan": Decimal("0.1"),
    "yi_yuan": Decimal(10000),
}


def parse_amount(cell: str) -> Decimal | None:
    """The number printed in a cell ("1,527.08" → 1527.08), or None for blanks, dashes, text."""
    text = compact(cell)
    if not _AMOUNT.match(text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def is_decimal_amount(cell: str) -> bool:
    """A cell that can only be money: has a decimal point or thousands separator."""
    text = compact(cell)
    return bool(_AMOUNT.match(text)) and ("." in text or "," in text)


def split_code(cell: str) -> tuple[str | None, str]:
    """A leading classification code and the rest ("20801人力…" → ("20801", "人力…"))."""
    text = compact(cell)
    if _CODE.match(text):
        return text, ""
    found = _CODE_WITH_NAME.match(text)
    if found:
        return found.group(1), found.group(2)
    return None, text
