"""Claims the report makes about itself: the year its headings and dates print, a template's
placeholder left in ("XX局"), and the tables its contents page (目录) lists.

Patterns are data (reference/narrative_claims.yaml `document_claims`). Each claim is stored like
the figures the narrative restates (doc_claim) under a `document` target, compared by the rules
DY01 (the document_claims template, validate/engine/claims.py: the year with the report's, a placeholder with none) and TB01
(the listed_tables template: a listed table with the tables located):
- `year`: a year printed where only the report's own year can be right: a heading or contents line
  (short, no sentence punctuation) naming the report ("2023年度部门决算" in a 2024 final account),
  the title of a located table, a final account's balance date ("截至2023年12月31日"). Budget
  narratives legitimately name the previous year ("2025年执行数" in a 2026 budget): a sentence is
  never read for it.
- `placeholder`: the template's unit placeholder, anywhere in prose.
- `listed_table`: a title line outside the located tables (match_title) — the contents page lists
  the tables the report promises.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from pipelines.locate.claims_paragraphs import Paragraph
from pipelines.locate.titles import match_title
from pipelines.model import Line, LocatedTable
from pipelines.reference import load_yaml
from pipelines.textnorm import compact

_DOT_LEADER = re.compile(r"(?:[.．…·・]{2,}|-{3,})\s*\d*\s*$")
# A Word contents field printed as text instead of its page number ("收入决算表 PAGEREF _Toc4418 h 22"): a contents
# entry as surely as a dot leader (泸州市中医医院 2023 单位决算 目录)
_PAGE_FIELD = re.compile(r"PAGEREF\\?_?Toc\w*", re.IGNORECASE)
_SENTENCE = re.compile(r"[。,，;；]")


@lru_cache(maxsize=1)
def _specs() -> dict:
    spec = load_yaml("narrative_claims.yaml")["document_claims"]
    return {
        "headings": [(h["id"], re.compile(h["pattern"]), h.get("stage")) for h in spec["headings"]],
        "max_heading_chars": spec["max_heading_chars"],
        "dates": [(d["id"], re.compile(d["pattern"]), d.get("stage")) for d in spec["dates"]],
        "placeholder": re.compile(spec["placeholder"]),
    }


def document_claims(lines: tuple[Line, ...], tables: list[LocatedTable], paragraphs: list[Paragraph], stage: str):
    from pipelines.locate.narrative import Claim  # the one claim shape (narrative.py imports this module)

    specs = _specs()
    claims = []
    titles = {table.title_line for table in tables}
    table_lines = {row.number for table in tables for row in table.rows}
    for line in lines:
        if line.is_row and len([c for c in line.cells if c.strip()]) != 1 or line.number in table_lines:
            continue
        text = compact(line.text)
        heading = _DOT_LEADER.sub("", text)
        if line.number in titles or (len(heading) <= specs["max_heading_chars"] and not _SENTENCE.search(heading)):
            for claim_id, pattern, only_stage in specs["headings"]:
                if only_stage in (None, stage):
                    claims += [Claim(claim_id, Decimal(m.group("year")), (("document", "year", "year"),),
                                     line.number, line.page, text) for m in pattern.finditer(heading)]
    claims += _listed_tables(lines, titles, table_lines, {table.kind for table in tables})
    for paragraph in paragraphs:
        for claim_id, pattern, only_stage in specs["dates"]:
            if only_stage in (None, stage):
                for m in pattern.finditer(paragraph.text):
                    line = paragraph.line_at(m.start("year"))
                    claims.append(Claim(claim_id, Decimal(m.group("year")), (("document", "year", "year"),),
                                        line.number, line.page, m.group(0)))
        for m in specs["placeholder"].finditer(paragraph.text):
            line = paragraph.line_at(m.start())
            claims.append(Claim("placeholder", Decimal(1), (("document", "placeholder", "placeholder"),),
                                line.number, line.page, m.group(0)))
    return claims


def _listed_tables(lines: tuple[Line, ...], titles: set[int], table_lines: set[int], located: set[str]):
    """Contents entries (a title line with a dot leader, or on a page printing 目录) of a kind whose title
    the report prints nowhere else: a table printed blank or not read still prints its title."""
    from pipelines.locate.narrative import Claim

    contents_pages = {line.page for line in lines if compact(line.text).strip("()") in _CONTENTS_WORDS}
    entries, printed = [], set(located)
    for line in lines:
        if line.number in table_lines or (line.is_row and len([c for c in line.cells if c.strip()]) != 1):
            continue
        text = compact(line.text)
        match = match_title(_DOT_LEADER.sub("", text))
        if match is None:
            continue
        if line.number not in titles and (_DOT_LEADER.search(text) or _PAGE_FIELD.search(text)
                                          or line.page in contents_pages):
            entries.append((line, text, match.kind))
        else:
            printed.add(match.kind)
    return [Claim("listed_table", Decimal(1), ((kind, None, "listed"),), line.number, line.page, text)
            for line, text, kind in entries if kind not in printed]


_CONTENTS_WORDS = ("目录", "目錄")
