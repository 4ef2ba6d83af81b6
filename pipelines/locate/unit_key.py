"""One unit, one key: the printed name variants of a unit resolve to the same key name.

The key is built from the region and a key name; the printed name stays what the report printed.
Rewrites, each recorded by its rule name when it applies:
- ``alt_name``: a bracketed second name is left out ("…事务中心(上海市财政科学研究所)" → "…事务中心");
- ``abbreviation``: long forms become their usual short form (中国共产党 → 中共,
  人民代表大会常务委员会 → 人大常委会; reference/report_words.yaml unit_key.abbreviations);
- ``province_before_city``: a province printed before a city of it is left out
  ("辽宁省朝阳市社会保险事业服务中心" → "朝阳市社会保险事业服务中心");
- ``region_prefix``: a name printed without any region gets the region's own level in front
  ("高级人民法院" in 江苏省 → "江苏省高级人民法院", "社会保险事业服务中心" in 内蒙古自治区包头市 →
  "包头市社会保险事业服务中心"). A name already starting with a place or 国家/中共 is left as it is.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from pipelines.reference import load_csv, load_yaml

_BRACKETED = re.compile(r"\([^()]*\)")


@lru_cache(maxsize=1)
def _regions() -> tuple[tuple[str, str], ...]:
    rows = load_csv("regions.csv")
    return tuple(sorted(((r["province"], r["city"]) for r in rows), key=lambda pc: -len(pc[1])))


@lru_cache(maxsize=1)
def _key_words() -> dict:
    return load_yaml("report_words.yaml")["unit_key"]


def _starts_with_place(name: str) -> bool:
    places = {p for p, _ in _regions()} | {c for _, c in _regions()}
    places |= {c[:-1] for c in places if c.endswith("市") and len(c) > 2}  # 西安地球环境创新研究院
    central = tuple(_key_words()["central"]["prefixes"]) + ("中共",)
    return name.startswith(tuple(places)) or name.startswith(central) or bool(re.match(r"^.{1,6}[省市县区]", name))


def _own_level(region: str) -> str:
    """The most specific place of a region string: 内蒙古自治区包头市 → 包头市, 江苏省 → 江苏省."""
    for province, city in _regions():
        if city in region:
            return city
    return region


@lru_cache(maxsize=4096)
def unit_key_name(unit_name: str, region: str | None) -> tuple[str, tuple[str, ...]]:
    """The name the unit's key is built from, and the rules that rewrote the printed name."""
    key, rules = unit_name, []
    bare = _BRACKETED.sub("", key)
    if bare and bare != key:
        key, rules = bare, [*rules, "alt_name"]
    for long, short in _key_words()["abbreviations"]:
        if long in key:
            key = key.replace(long, short)
            if "abbreviation" not in rules:
                rules.append("abbreviation")
    for province, city in _regions():
        if province != city and key.startswith(province + city):
            key, rules = key[len(province):], [*rules, "province_before_city"]
            break
    if region and region != _key_words()["central"]["region"]:
        level = _own_level(region)
        own = [w for w in _key_words()["self_references"] if key.startswith(w) and level.endswith(w[0])]
        if own:  # "省人大办公厅" in 江苏省 → 江苏省人大办公厅 (not "市场监督管理局")
            key, rules = level + key[1:], [*rules, "region_prefix"]
        elif not _starts_with_place(key):
            key, rules = level + key, [*rules, "region_prefix"]
    return key, tuple(rules)


def unit_id(region: str | None, unit_name: str) -> str:
    """md5(region | key name), first 16 hex chars: every printed variant of a unit gets this key."""
    key, _ = unit_key_name(unit_name, region)
    return hashlib.md5(f"{region or ''}|{key}".encode()).hexdigest()[:16]
