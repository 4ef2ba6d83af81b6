"""Find the standard tables in a report's lines.

A title line is accepted as a table only when rows follow it after nothing but short preamble
lines ("公开01表", "单位：…", "2024年度", "金额单位：万元"); table-of-contents entries and
narrative headings are thereby ignored. A table's region runs to the next accepted title or
part heading; its rows are the tab-separated lines in that region, its notes the rest.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipelines.locate.titles import TitleMatch, classification_named, match_title, title_key
from pipelines.model import Line, LocatedTable
from pipelines.reference import load_yaml

_PREAMBLE_MAX_CHARS = 40
_UNIT_ROWS = 3
_WRAPPED_TAIL_CHARS = 3  # the end of a title wrapped onto a line of its own ("表", "算表")  # rows above the header a reader may have taken into the table
_PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")
_PRINTED_NUMBER = re.compile(r"(?:公开|附表|表)\s*(\d{1,2})\s*表?")
# the colon as OCR reads it too ("单位,万元", "单位;元": a scanned page's punctuation)
_MONEY_UNIT = re.compile(r"单位[:：;；,，.．]?(万元|千元|亿元|元)")
_EMPTY_NOTE = re.compile(r"本表为空|为空表|空表|无.{0,30}收[、,，]?支[、,，]?余|本年度无此类")
_MONEY_CODES = {"万元": "wan_yuan", "元": "yuan", "千元": "thousand_yuan", "亿元": "yi_yuan"}


def money_unit_in(text: str) -> str | None:
    """The money unit a preamble names ("金额单位：元" → yuan), or None."""
    found = _MONEY_UNIT.search(re.sub(r"\s+", "", text))
    return _MONEY_CODES[found.group(1)] if found else None


def _money_unit_in_rows(region: list[Line]) -> str | None:
    """The money unit a table prints inside its first rows ("单位名称:广州市统计局 | … | 单位:万元", a
    preamble line the reader took into the table)."""
    rows = [line for line in region if line.is_row][:_UNIT_ROWS]
    return next((unit for line in rows for cell in line.cells if (unit := money_unit_in(cell))), None)


def title_of(line: Line, text: str | None = None) -> TitleMatch | None:
    """The standard table a line (or `text` made of it) names; an OCR'd line matched as OCR reads."""
    return match_title(line.text if text is None else text, ocr=line.engine.startswith("ocr"))


def _is_preamble(line: Line) -> bool:
    return not line.is_row and len(line.text) <= _PREAMBLE_MAX_CHARS and title_of(line) is None


def _first_row_follows(lines: list[Line], start: int) -> bool:
    """Rows follow after nothing but preamble. A part heading ("第三部分 …情况说明") ends the search: the
    last entry of a contents page is followed by short heading lines, not by its table."""
    for line in lines[start:]:
        if line.is_row:
            return True
        if not _is_preamble(line) or _PART_HEADING.match(line.text.strip()):
            return False
    return False


def _wrapped_title(lines: list[Line], index: int) -> tuple[Line, TitleMatch] | None:
    """A title wrapped before its last characters ("“三公”经费、会议费、培训费支出预算" / "表"): the line with
    the short text line after it, when together they name a table and rows follow."""
    line, after = lines[index], lines[index + 1] if index + 1 < len(lines) else None
    if line.is_row or after is None or after.is_row or not 0 < len(after.text) <= _WRAPPED_TAIL_CHARS:
        return None
    text = line.text + after.text
    match = title_of(line, text)
    if match is None or not _first_row_follows(lines, index + 2):
        return None
    return replace(line, raw=line.raw + after.raw, cells=(text,)), match


def _preamble_before(lines: list[Line], index: int, floor: int) -> list[Line]:
    found: list[Line] = []
    for line in reversed(lines[floor:index][-4:]):
        if line.is_row or not _is_preamble(line):
            break
        found.append(line)
    return list(reversed(found))


def locate_tables(lines: tuple[Line, ...] | list[Line]) -> list[LocatedTable]:
    """Standard tables in reading order, each with its rows, notes and money unit."""
    lines = list(lines)
    starts: list[tuple[int, str, str]] = []
    for index, line in enumerate(lines):
        if line.is_row and len([c for c in line.cells if c]) != 1:
            continue
        match = title_of(line)
        if match and _first_row_follows(lines, index + 1):
            starts.append((index, match.kind, line.text))
        elif match is None and (wrapped := _wrapped_title(lines, index)):
            lines[index], match = wrapped
            starts.append((index, match.kind, lines[index].text))
    tables = []
    for position, (index, kind, title) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        floor = starts[position - 1][0] + 1 if position else 0
        before = _preamble_before(lines, index, floor)
        end = min(end, _part_heading_after(lines, index + 1, end))
        if position + 1 < len(starts):
            end = min(end, end - len(_preamble_before(lines, end, index + 1)))
        tables.append(_build_table(kind, lines[index], before, lines[index + 1 : end]))
    return _join_continuations([_by_header(table) for table in tables])


_HEADER_ROWS = 4


def _by_header(table: LocatedTable) -> LocatedTable:
    """The kind the header confirms: a title read as 一般公共预算支出表 whose header names 经济分类 科目
    (and not 功能分类) is the table by 经济分类 (`classification_variants`)."""
    variants = load_yaml("table_kinds.yaml").get("classification_variants", {}).get(table.kind)
    if not variants:
        return table
    header = "".join("".join(row.cells) for row in table.rows[:_HEADER_ROWS])
    named = classification_named(header)
    return replace(table, kind=variants[named]) if named in variants else table


def _join_continuations(tables: list[LocatedTable]) -> list[LocatedTable]:
    """A table printed over several pages with its title repeated on each page is one table: the rows of
    a table whose title is the same as the table just before it are that table's rows."""
    joined: list[LocatedTable] = []
    for table in tables:
        previous = joined[-1] if joined else None
        if previous and previous.kind == table.kind and title_key(previous.title) == title_key(table.title):
            joined[-1] = replace(
                previous, rows=previous.rows + table.rows, notes=previous.notes + table.notes,
                money_unit=previous.money_unit or table.money_unit,
                declared_empty=previous.declared_empty and table.declared_empty,
            )
        else:
            joined.append(table)
    return joined


def paginate(lines: tuple[Line, ...], tables: list[LocatedTable]) -> tuple[Line, ...]:
    """Start a new page at every standard table (the national templates print one table per page)
    unless the table already opens a page; later pages shift accordingly."""
    starts = {t.first_line for t in tables}
    shift, previous_page, repaged = 0, None, []
    for index, line in enumerate(lines):
        if line.number in starts and index and lines[index - 1].page + shift == line.page + shift and previous_page is not None:
            shift += 1
        repaged.append(replace(line, page=line.page + shift) if shift else line)
        previous_page = line.page
    return tuple(repaged)


def _part_heading_after(lines: list[Line], start: int, end: int) -> int:
    for index in range(start, end):
        if not lines[index].is_row and _PART_HEADING.match(lines[index].text.lstrip("#* ")):
            return index
    return end


def _build_table(kind: str, title: Line, before: list[Line], region: list[Line]) -> LocatedTable:
    head: list[Line] = []
    for line in region:
        if line.is_row:
            break
        head.append(line)
    preamble = before + head
    preamble_text = "".join(line.text for line in preamble)
    notes = tuple(line.text for line in region if not line.is_row and line not in head)
    number = _PRINTED_NUMBER.search(preamble_text.replace(" ", ""))
    return LocatedTable(
        kind=kind,
        title=title.text,
        title_line=title.number,
        printed_number=number.group(1).zfill(2) if number else None,
        money_unit=money_unit_in(preamble_text) or _money_unit_in_rows(region),
        rows=tuple(line for line in region if line.is_row),
        notes=notes,
        declared_empty=any(_EMPTY_NOTE.search(note.replace(" ", "")) for note in notes),
        first_line=(before[0] if before else title).number,
    )
