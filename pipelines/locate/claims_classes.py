"""Figures the narrative gives for a 功能分类 类/款/项 it names ("一般公共服务支出（类）信访事务（款）行政运行（项）
2026年预算数为5,826.21万元", central-gjxfj-2026-budget p27; "卫生健康（类）支出23268.50万元", zhejiang-huzwjw p8).

The names are resolved to a code level by level (类 among the classes, 款 under its 类, 项 under its 款) with the
national list and its former names (reference/func_class.csv aliases); a path that does not resolve to one code is
not claimed. Two kinds of claim, both stored in doc_claim with the code as target item `func:<code>`:
- `class_figure`: the 万元 figure and the table cells of that code it must equal (rule NA05);
- `class_name`: each printed name with its code, compared with the name the tables print for it (rule CN02, info).
Patterns are data (reference/narrative_claims.yaml `class_claims`).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from pipelines.locate.claims_paragraphs import Paragraph
from pipelines.normalize.codes import codebook
from pipelines.reference import load_yaml

_SEGMENT = re.compile(r"([^()]+?)\((类|款|项)\)")
_LEVELS = ("类", "款", "项")


@lru_cache(maxsize=1)
def _spec() -> dict:
    spec = load_yaml("narrative_claims.yaml")["class_claims"]
    number = r"\d[\d,]*(?:\.\d+)?"
    contexts = [(re.compile(c["words"]), tuple(map(tuple, c["targets"]))) for c in spec["contexts"]]
    return {"patterns": [re.compile(p.replace("{num}", number)) for p in spec["patterns"]],
            "contexts": contexts, "default": tuple(map(tuple, spec["default_targets"]))}


def resolve_path(names: list[tuple[str, str]]) -> list[tuple[str, str]] | None:
    """[(code, printed name)] for a path of (name, level mark) starting at a 类, or None when a level does not
    resolve to exactly one code (a 类 printed without its 支出: "卫生健康（类）支出" is tried with it)."""
    if not names or [level for _, level in names] != list(_LEVELS[:len(names)]):
        return None
    book, parent, path = codebook("func"), None, []
    for name, _ in names:
        resolution = None
        for candidate in ((name + "支出", name) if parent is None and not name.endswith("支出") else (name,)):
            resolution = book.resolve_under(parent, candidate)
            if resolution.code:
                break
        if not resolution or not resolution.code:
            return None
        parent = resolution.code
        path.append((parent, name))
    return path


def class_claims(paragraphs: list[Paragraph]):
    """The class claims of the narrative's paragraphs, in order (a figure's table is the last context named above it)."""
    from pipelines.locate.narrative import Claim  # the one claim shape (narrative.py imports this module)

    spec, claims, targets = _spec(), [], _spec()["default"]
    for paragraph in paragraphs:
        events = [(m.start(), 0, m, found) for pattern, found in spec["contexts"] for m in pattern.finditer(paragraph.text)]
        if "(类)" in paragraph.text:
            events += [(m.start(), 1, m, None) for pattern in spec["patterns"] for m in pattern.finditer(paragraph.text)]
        for _, is_claim, match, context in sorted(events, key=lambda e: (e[0], e[1])):
            if not is_claim:
                targets = context
                continue
            path = resolve_path(_SEGMENT.findall(match.group("path")))
            if path is None:
                continue
            line = paragraph.line_at(match.end() - 1)
            claims.append(Claim("class_figure", Decimal(match.group("amount").replace(",", "")),
                                tuple((kind, f"func:{path[-1][0]}", measure) for kind, measure in targets),
                                line.number, line.page, match.group(0)))
            start = match.start("path")
            for (level_code, name), segment in zip(path, _SEGMENT.finditer(match.group("path"))):
                at = paragraph.line_at(start + segment.start())
                claims.append(Claim("class_name", Decimal(len(level_code)), (("func_class", f"func:{level_code}", "name"),),
                                    at.number, at.page, name))
    return claims
