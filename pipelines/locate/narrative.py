"""Figures the narrative (情况说明) restates: a second source to reconcile against the tables.

Two kinds of claims, both patterns in reference/narrative_claims.yaml:
- amounts ("人员经费 1222.57 万元"): the 万元 figure and the table cells it must equal (rule NA01);
- percentages ("占 88.57%", "完成预算的 97.05%", "减少 58.53 万元，下降 3.69%"): the printed
  percentage and the table cells it is computed from (rule NA02, pipelines/validate/percent.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from pipelines.locate.claims_paragraphs import Paragraph, paragraphs
from pipelines.model import Line, LocatedTable
from pipelines.reference import load_yaml

NUMBER = r"\d[\d,]*(?:\.\d+)?"
_WORDS_UP, _WORDS_DOWN = ("增加", "增长", "上升", "提高", "高于", "大于", "多于"), ("减少", "下降", "降低", "低于", "小于", "少于")
_WORDS_LEVEL = ("持平", "相同", "相等", "等于", "一致")
_DIRECTION = "(?:" + "|".join(_WORDS_UP + _WORDS_DOWN) + ")"
_RATE_WORD = "(?:" + "|".join(_WORDS_UP + _WORDS_DOWN + ("增幅", "减幅", "降幅")) + ")(?:为)?"  # …万元, 增幅 4.88%
_TOKENS = (  # expanded in this order (a token may use the ones after it)
    ("{change}", "(?P<direction>" + _DIRECTION[3:-1] + ")(?P<change>{num})万元,?" + _RATE_WORD + "{pct}"),
    ("{dir}", "(?P<direction>" + _DIRECTION[3:-1] + ")"),
    ("{cmp}", "(?P<direction>" + "|".join(_WORDS_UP + _WORDS_DOWN + _WORDS_LEVEL) + ")"),
    ("{level}", "(?P<level>" + "|".join(_WORDS_LEVEL) + ")"),
    ("{versus}", "(?:与|比|较)(?:上年|上一年|年初预算|20\\d\\d年度?)(?:决算|预算)?(?:数)?(?:相比)?,?"),  # 与2024年度相比: any year the change is from
    ("{restated}", r"[^\d,;。%]{0,16}?"),
    ("{pct}", r"(?P<percent>\d+(?:\.\d+)?)%"),
    ("{num}", NUMBER),
)


@dataclass(frozen=True)
class Claim:
    claim_id: str
    amount: Decimal  # 万元; for a percentage claim, the printed percentage
    targets: tuple[tuple[str, str, str], ...]  # (table_kind, item, measure), in preference order
    source_line: int
    source_page: int
    text: str


@dataclass(frozen=True)
class PercentClaimSpec:
    """One percentage pattern: formula, and per operand role the table cells (or printed figure) it uses."""

    id: str
    formula: str  # ratio | change | change_by | difference | direction | words
    stage: str | None
    pattern: re.Pattern
    operands: tuple[tuple[str, tuple[dict, ...]], ...]  # (role, alternatives) in formula order
    rule: str = "NA02"  # the rule that checks it (NA02 against table cells, NA03/NA04 within the sentence)

    def table_targets(self, stage: str) -> tuple[tuple[str, str | None, str], ...]:
        """Every table cell the claim may use, role by role (stored with the claim for lineage); a claim
        whose figures are all printed in its own sentence is stored under (narrative, -, self)."""
        return tuple((t["table_kind"], t["item"], stage_measure(t["measure"], stage))
                     for _, alternatives in self.operands for t in alternatives if "table_kind" in t) or SELF_TARGET


SELF_TARGET = (("narrative", None, "self"),)
FORMULA_ROLES = {"ratio": ("numerator", "denominator"), "change": ("current", "base"), "change_by": ("current", "change"),
                 "difference": ("current", "base"), "direction": ("current", "base"),
                 "words": ()}  # two comparison words of one clause, against each other (no figure needed)


def direction_of(word: str | None) -> int:
    """+1 for a word of increase, -1 of decrease, 0 for 持平/相同 (the same figure)."""
    return 0 if word in _WORDS_LEVEL else direction_sign(word)


def stage_measure(measure: str, stage: str | None) -> str:
    """`by_stage` is the report's own measure: final in a final account, budget in a budget."""
    if measure != "by_stage":
        return measure
    return "final" if stage == "final" else "budget"


def direction_sign(word: str | None) -> int:
    return -1 if word in _WORDS_DOWN else 1


def expand_pattern(pattern: str) -> str:
    for token, expansion in _TOKENS:
        pattern = pattern.replace(token, expansion)
    return pattern


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern, str | None, tuple, re.Pattern | None], ...]:
    return tuple(
        (c["id"], re.compile(c["pattern"]), c.get("stage"),
         tuple((t["table_kind"], t["item"], t["measure"]) for t in c["targets"]), _not_after(c))
        for c in load_yaml("narrative_claims.yaml")["claims"]
    )


@lru_cache(maxsize=1)
def _percent_not_after() -> dict[str, re.Pattern | None]:
    return {c["id"]: _not_after(c) for c in load_yaml("narrative_claims.yaml").get("percent_claims", [])}


def _not_after(spec: dict) -> re.Pattern | None:
    """`not_after`: words that, earlier in the same paragraph, make the figure another table's
    ("一般公共预算…, 其中: 基本支出 …" is the 一般公共预算 table's 基本支出, not the 支出表's)."""
    return re.compile(spec["not_after"]) if spec.get("not_after") else None


@lru_cache(maxsize=1)
def percent_specs() -> dict[str, PercentClaimSpec]:
    specs = {}
    for c in load_yaml("narrative_claims.yaml").get("percent_claims", []):
        roles = FORMULA_ROLES[c["formula"]]
        if set(c["operands"]) != set(roles):
            raise ValueError(f"percent claim {c['id']}: formula {c['formula']} needs operands {roles}")
        rule = c.get("rule", "NA02")
        if rule == "NA02" and not any("table_kind" in t for targets in c["operands"].values() for t in targets):
            raise ValueError(f"percent claim {c['id']}: no table cell to check against")
        specs[c["id"]] = PercentClaimSpec(c["id"], c["formula"], c.get("stage"), re.compile(expand_pattern(c["pattern"])),
                                          tuple((role, tuple(c["operands"][role])) for role in roles), rule)
    return specs


def find_claims(lines: tuple[Line, ...], tables: list[LocatedTable], stage: str) -> list[Claim]:
    """Claims in the narrative's paragraphs (prose lines outside the tables' rows, wrapped lines joined),
    then the claims about the document itself (pipelines/locate/claims_document.py)."""
    table_lines = {row.number for table in tables for row in table.rows}
    percents = [spec for spec in percent_specs().values() if not spec.stage or spec.stage == stage]
    claims = []
    found = paragraphs(lines, table_lines)
    for paragraph in found:
        text = paragraph.text
        for claim_id, pattern, only_stage, targets, not_after in _patterns():
            if only_stage and only_stage != stage:
                continue
            for match in pattern.finditer(text):
                if not_after and not_after.search(text, 0, match.start()):
                    continue
                claims.append(_claim(claim_id, Decimal(match.group("amount").replace(",", "")), targets, paragraph, match))
        for spec in percents:
            if spec.formula not in _WITHOUT_PERCENT and "%" not in text:
                continue
            not_after = _percent_not_after().get(spec.id)
            for match in spec.pattern.finditer(text):
                if not_after and not_after.search(text, 0, match.start()):
                    continue
                printed = match.groupdict().get("percent") or match.groupdict().get("change") or "0"
                claims.append(_claim(spec.id, Decimal(printed.replace(",", "")), spec.table_targets(stage), paragraph, match))
    return claims + class_claims(found) + document_claims(lines, tables, found, stage)


_WITHOUT_PERCENT = ("difference", "direction", "words")


def _claim(claim_id: str, amount: Decimal, targets, paragraph: Paragraph, match: re.Match) -> Claim:
    """A claim located at the line holding the end of its match (the figure it is about)."""
    line = paragraph.line_at(match.end() - 1)
    return Claim(claim_id, amount, targets, line.number, line.page, match.group(0))


from pipelines.locate.claims_classes import class_claims  # noqa: E402 (it reads the helpers above)
from pipelines.locate.claims_document import document_claims  # noqa: E402
