"""Spreadsheet cell values → the text the sheet displays: a number under its number format, a
date, a cell's own line breaks joined (pipelines.read.spreadsheet)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

_QUOTED = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')
_LITERAL = re.compile(r'"([^"]*)"|\\(.)')
_DIGITS = re.compile(r"[0#?][0#?,]*(?:\.([0#?]*))?")
_CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_number(value: float | int | Decimal, number_format: str | None) -> str:
    """The text a spreadsheet shows for a number under its number format (decimals, thousands
    separators, percent); General (or a format without digits) shows the number itself."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        exact = Decimal(value)
    elif isinstance(value, Decimal):
        exact = value
    else:
        exact = Decimal(format(value, ".15g"))  # Excel keeps 15 significant digits
    sections = (number_format or "General").split(";")
    if sections[0].strip().lower() in ("general", "@", ""):
        return _plain(exact)
    section = sections[0]
    if exact < 0 and len(sections) > 1 and sections[1].strip():
        section = sections[1]
    elif exact == 0 and len(sections) > 2:
        section = sections[2]  # the zero section: often "-" or nothing, and then that is what is printed
    pattern = _QUOTED.sub("", section)
    digits = _DIGITS.search(pattern)
    if not digits:
        if exact == 0 and len(sections) > 2:  # a zero printed as a literal ("-") or as nothing
            return "".join(a or b for a, b in _LITERAL.findall(section)).strip()
        return _plain(exact)
    percent = "%" in pattern
    if percent:
        exact *= 100
    decimals = len(digits.group(1) or "")
    rounded = abs(exact).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    thousands = "," in digits.group(0).split(".")[0]
    text = f"{rounded:,.{decimals}f}" if thousands else f"{rounded:.{decimals}f}"
    # a negative number keeps its sign whatever the format prints instead (red, parentheses)
    negative_prefix = "-" if exact < 0 and rounded != 0 else ""
    return negative_prefix + text + ("%" if percent else "")


def join_lines(text: str) -> str:
    """A cell's own line breaks joined: nothing between two CJK characters, a space otherwise."""
    parts = [p.strip() for p in text.replace("\r", "\n").split("\n") if p.strip()]
    joined = ""
    for part in parts:
        if joined and not (_CJK.match(joined[-1]) and _CJK.match(part[0])):
            joined += " "
        joined += part
    return joined


def display_text(value, number_format: str | None = None) -> str:
    """The text of a cell value as the sheet displays it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return join_lines(value)
    if isinstance(value, (bool, int, float, Decimal)):
        return format_number(value, number_format)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return join_lines(str(value))
