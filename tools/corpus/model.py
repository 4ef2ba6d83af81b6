"""The model of one unit-year report (预算 or 决算), independent of how it is printed.

Money is an integer number of 0.01 万元 ("cents"): leaves (经济分类 款, project amounts, 三公 parts)
are generated and every total is a sum of leaves, so each identity of DOMAIN.md holds exactly when
printed with two decimals in 万元 (or ×10000 in 元). Everything is a pure function of (seed, unit
index, year, stage) through its own random.Random: no global state, and a unit's figures do not
depend on how many units or years the corpus has.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

from pipelines.reference import load_csv

BASE_YEAR = 2020
# Unit kinds: name suffix, type, 项 carrying the running costs, 项 carrying projects, head count.
KINDS = (
    ("社会保险事业服务中心", "参公", ("2080109",), ("2080109", "2080199"), (20, 70)),
    ("就业服务中心", "参公", ("2080106",), ("2080106", "2080701", "2080799"), (15, 50)),
    ("人力资源和社会保障局", "行政", ("2080101", "2080103"), ("2080102", "2080105", "2080199"), (30, 90)),
    ("人事考试中心", "事业", ("2080150",), ("2080199",), (8, 25)),
    ("劳动人事争议仲裁院", "参公", ("2080112",), ("2080112",), (8, 20)),
    ("技工教育发展促进中心", "事业", ("2080111",), ("2050303", "2080111"), (10, 30)),
    ("生态环境局", "行政", ("2110101",), ("2110104", "2110199"), (20, 60)),
    ("农业农村局", "行政", ("2130101", "2130104"), ("2130106", "2130199"), (30, 80)),
    ("城市管理综合行政执法局", "行政", ("2120101",), ("2120104", "2120199"), (40, 120)),
    ("文化和旅游局", "行政", ("2070101",), ("2070108", "2070113"), (20, 50)),
    ("科学技术局", "行政", ("2060101",), ("2060404", "2060199"), (15, 40)),
)
UNIT_TYPES = {"行政": "行政单位", "参公": "参照公务员法管理的事业单位", "事业": "事业单位"}
PERSONNEL_CLASSES = ("301", "303")
WAGES = ("30101", "30102", "30103", "30107")
PUBLIC = ("30201", "30202", "30205", "30206", "30207", "30208", "30209", "30211", "30213", "30215", "30216",
          "30226", "30239", "30299")
THREE_PUBLIC_ITEMS = ("three_public_total", "outbound_travel", "official_vehicles", "vehicle_purchase", "vehicle_operation", "official_reception")


@lru_cache(maxsize=None)
def names(system: str) -> dict[str, str]:
    """Code → national name of the 功能分类 ("func") or 经济分类 ("econ") list."""
    return {r["code"]: r["name"] for r in load_csv("func_class.csv" if system == "func" else "econ_class.csv")}


@lru_cache(maxsize=1)
def cities() -> tuple[tuple[str, str], ...]:
    """(province, city) pairs whose names no other city's name hides in (region detection stays unique)."""
    rows = load_csv("regions.csv")
    every = [r["city"] for r in rows]
    tails = "|".join(k[0] for k in KINDS)
    return tuple((r["province"], r["city"]) for r in rows if r["city"].endswith("市") and every.count(r["city"]) == 1
                 and not any(o != r["city"] and o in r["city"] + "|" + tails for o in every))


def split(total: int, weights: list[int]) -> list[int]:
    """``total`` in parts proportional to ``weights``; the parts sum to ``total`` exactly."""
    parts = [total * w // sum(weights) for w in weights]
    parts[weights.index(max(weights))] += total - sum(parts)
    return parts


def scale(amount: int, permille: int) -> int:
    return amount * permille // 1000


@dataclass(frozen=True)
class Unit:
    index: int
    name: str  # as printed ("<city>市<kind>", sometimes with the province in front)
    province: str
    city: str
    kind: int  # index into KINDS
    code: str | None  # 6-digit unit code, printed only by layouts with a unit column
    scope: str  # unit (单位决算/预算) | department (部门决算/预算)
    heads: int
    vehicles: int
    other_income: int  # yearly 其他收入 in cents, 0 for most units

    @property
    def region(self) -> str:
        return self.city if self.province == self.city else self.province + self.city

    @property
    def type(self) -> str:
        return KINDS[self.kind][1]

    @property
    def slug(self) -> str:
        return f"u{self.index + 1:03d}"


def make_units(seed: int, count: int) -> list[Unit]:
    """The first ``count`` units of the corpus of ``seed`` (unit i never depends on ``count``)."""
    units: list[Unit] = []
    used: set[tuple[str, int]] = set()
    for index in range(count):
        rng = random.Random(f"{seed}|unit|{index}")
        while True:
            province, city = rng.choice(cities())
            kind = rng.randrange(len(KINDS))
            if (city, kind) not in used:
                break
        used.add((city, kind))
        prefix = province if province != city and rng.random() < 0.25 else ""
        low, high = KINDS[kind][4]
        units.append(Unit(
            index, prefix + city + KINDS[kind][0], province, city, kind,
            f"{rng.randint(101, 989)}{index + 1:03d}" if rng.random() < 0.8 else None,
            rng.choice(("unit", "department")), rng.randint(low, high), rng.choice((0, 0, 1, 2, 3)),
            rng.randint(500, 4000) if rng.random() < 0.35 else 0))
    return units


@dataclass(frozen=True)
class ThreePublic:
    """三公 figures of one column group (budget, final, prior year …), in cents."""
    outbound_travel: int = 0
    vehicle_purchase: int = 0
    vehicle_operation: int = 0
    official_reception: int = 0

    @property
    def official_vehicles(self) -> int:
        return self.vehicle_purchase + self.vehicle_operation

    @property
    def three_public_total(self) -> int:
        return self.outbound_travel + self.official_vehicles + self.official_reception

    def get(self, item: str) -> int:
        return getattr(self, item)


def three_public(unit: Unit, year: int, seed: int) -> tuple[ThreePublic, ThreePublic]:
    """(plan, actual) 三公 of a unit-year: the budget's 预算数 and the final account's 决算数."""
    rng = random.Random(f"{seed}|{unit.index}|{year}|3p")
    outbound = rng.randint(100, 900) if rng.random() < 0.15 else 0
    purchase = rng.randint(1200, 2800) if unit.vehicles and rng.random() < 0.1 else 0
    plan = ThreePublic(outbound, purchase, unit.vehicles * rng.randint(80, 320), rng.randint(10, 400))
    ratio = rng.randint(600, 1000)
    actual = ThreePublic(scale(outbound, ratio), purchase if rng.random() < 0.8 else 0,
                         scale(plan.vehicle_operation, ratio), max(1, scale(plan.official_reception, ratio)))
    return plan, actual


@dataclass(frozen=True)
class FuncLine:
    """One 功能分类 项 of the report: GPB (一般公共预算财政拨款) and 其他收入-funded amounts."""
    code: str
    personnel: int = 0
    public_use: int = 0
    project: int = 0
    other_basic: int = 0
    other_project: int = 0

    def values(self) -> dict[str, int]:
        gpb_basic = self.personnel + self.public_use
        other = self.other_basic + self.other_project
        return {"personnel": self.personnel, "public_use": self.public_use, "gpb_basic": gpb_basic,
                "gpb_project": self.project, "gpb": gpb_basic + self.project, "other": other,
                "basic": gpb_basic + self.other_basic, "project": self.project + self.other_project,
                "total": gpb_basic + self.project + other, "zero": 0}


@dataclass(frozen=True)
class Report:
    """One unit-year-stage: everything a renderer prints, as leaves; totals are computed."""
    unit: Unit
    year: int
    stage: str  # final | budget
    lines: tuple[FuncLine, ...]
    econ: tuple[tuple[str, int], ...]  # GPB 基本支出 by 经济分类 款
    three_public: tuple[tuple[str, ThreePublic], ...]  # (measure, figures): budget/final or prior_budget/prior_final/budget
    counts: tuple[tuple[str, int], ...]  # 三公 statistics (final)
    procurement: tuple[int, int, int]  # 政府采购 goods, works, services (final)

    def total(self, key: str) -> int:
        return self.total_for("", key)

    def total_for(self, prefix: str, key: str) -> int:
        """Sum of ``key`` over the 项 under a 功能分类 code (all of them for "")."""
        return sum(line.values()[key] for line in self.lines if line.code.startswith(prefix))

    def func_rows(self, keys: tuple[str, ...]) -> list[tuple[str, str, tuple[int, ...]]]:
        """(code, name, values) of 类, 款 and 项 rows in printing order; rows that are all zero are left out."""
        sums: dict[str, list[int]] = {}
        for line in self.lines:
            row = [line.values()[k] for k in keys]
            if any(row):
                for code in (line.code[:3], line.code[:5], line.code):
                    sums[code] = [a + b for a, b in zip(sums.get(code, [0] * len(keys)), row)]
        return [(code, names("func")[code], tuple(v)) for code, v in sorted(sums.items())]

    def class_totals(self, key: str) -> dict[str, int]:
        return {code: v[0] for code, _, v in self.func_rows((key,)) if len(code) == 3}

    def econ_amounts(self) -> dict[str, int]:
        """GPB 基本支出 by 经济分类 类 and 款."""
        amounts = dict(self.econ)
        for code, value in self.econ:
            amounts[code[:3]] = amounts.get(code[:3], 0) + value
        return amounts

    def econ_total(self, measure: str) -> int:
        return sum(v for c, v in self.econ if econ_measure(c) == measure)

    def tp(self, measure: str) -> ThreePublic:  # noqa: D102
        return dict(self.three_public)[measure]

    @property
    def operating_costs(self) -> int:
        """机关运行经费: 公用经费 of 行政 and 参公 units (事业单位 have none)."""
        return self.econ_total("public_use") if self.unit.type != "事业" else 0


def econ_measure(code: str) -> str:
    return "personnel" if code[:3] in PERSONNEL_CLASSES else "public_use"


def _econ(unit: Unit, year: int, seed: int, stage: str, tp: ThreePublic) -> dict[str, int]:
    rng = random.Random(f"{seed}|{unit.index}|{year}|plan")
    growth = 1000 + 30 * (year - BASE_YEAR)
    heads = max(3, unit.heads + rng.randint(-2, 2))
    wage = scale(heads * rng.randint(900, 1300), growth)
    kind = unit.type
    e = dict(zip(WAGES, split(wage, [30, 34 if kind != "事业" else 12, 14, 0 if kind == "行政" else 28])))
    e.update({"30108": wage * 16 // 100, "30109": wage * 8 // 100 if rng.random() < 0.7 else 0,
              "30110": wage * rng.randint(6, 9) // 100, "30112": wage // 100, "30113": wage * 12 // 100,
              "30111": wage * 3 // 100 if kind != "事业" and rng.random() < 0.5 else 0,
              "30199": heads * rng.randint(20, 150) if rng.random() < 0.4 else 0,
              "30302": rng.randint(2, 12) * rng.randint(400, 900) if rng.random() < 0.5 else 0,
              "30305": heads * rng.randint(5, 30) if rng.random() < 0.3 else 0,
              "30304": rng.randint(300, 2500) if rng.random() < 0.1 else 0})
    chosen = [c for c in PUBLIC if rng.random() < 0.75] or ["30201"]
    e.update(zip(chosen, split(scale(heads * rng.randint(80, 260), growth), [rng.randint(1, 20) for _ in chosen])))
    e.update({"30228": wage * 2 // 100, "30229": heads * rng.randint(10, 40) if rng.random() < 0.6 else 0,
              "31002": rng.randint(50, 1500) if rng.random() < 0.4 else 0})
    if stage == "final":
        act = random.Random(f"{seed}|{unit.index}|{year}|actual")
        e = {c: scale(v, act.randint(880 if econ_measure(c) == "personnel" else 750, 1020)) for c, v in e.items()}
    e.update({"30212": tp.outbound_travel, "30217": tp.official_reception, "30231": tp.vehicle_operation})
    return {c: v for c, v in sorted(e.items()) if v > 0}


def _lines(unit: Unit, year: int, seed: int, stage: str, econ: dict[str, int]) -> tuple[FuncLine, ...]:
    rng = random.Random(f"{seed}|{unit.index}|{year}|projects")
    act = random.Random(f"{seed}|{unit.index}|{year}|actual-projects")
    _, kind, ops, projects, _ = KINDS[unit.kind]
    staff = "2101101" if kind != "事业" else "2101102"
    linked = {"30108": "2080505", "30109": "2080506", "30110": staff, "30111": "2101103", "30113": "2210201",
              "30302": "2080501" if kind != "事业" else "2080502", "30304": "2080801"}
    acc: dict[str, list[int]] = {}

    def add(code: str, slot: int, amount: int) -> None:
        acc.setdefault(code, [0] * 5)[slot] += amount

    rest = public = 0
    for code, value in econ.items():
        if code in linked:
            add(linked[code], 0, value)
        elif econ_measure(code) == "personnel":
            rest += value
        else:
            public += value
    weights = [3, 1][: len(ops)]
    for code, p, u in zip(ops, split(rest, weights), split(public, weights)):
        add(code, 0, p)
        add(code, 1, u)
    growth = 1000 + 30 * (year - BASE_YEAR)
    for code in projects:
        plan = scale(rng.randint(300, 30000), growth) if rng.random() < 0.85 else 0
        add(code, 2, scale(plan, act.randint(550, 1050)) if stage == "final" else plan)
    other = scale(unit.other_income, growth if stage == "budget" else scale(growth, act.randint(700, 1100)))
    if other:
        add(*((projects[0], 4) if rng.random() < 0.6 else (ops[0], 3)), other)
    return tuple(FuncLine(code, *v) for code, v in sorted(acc.items()) if any(v))


def build_report(unit: Unit, year: int, stage: str, seed: int) -> Report:
    """The report of ``unit`` for fiscal ``year`` at ``stage`` (final | budget)."""
    plan, actual = three_public(unit, year, seed)
    tp = actual if stage == "final" else plan
    econ = _econ(unit, year, seed, stage, tp)
    if stage == "final":
        figures = (("budget", plan), ("final", actual))
    else:
        prior_plan, prior_actual = three_public(unit, year - 1, seed)
        figures = (("prior_budget", prior_plan), ("prior_final", prior_actual), ("budget", plan))
    rng = random.Random(f"{seed}|{unit.index}|{year}|counts")
    batches = max(1, tp.official_reception // 25)
    counts = {"outbound_groups": 1 if tp.outbound_travel else 0, "outbound_persons": rng.randint(2, 5) if tp.outbound_travel else 0,
              "vehicles_purchased": 1 if tp.vehicle_purchase else 0, "vehicle_stock": unit.vehicles,
              "domestic_reception_batches": batches, "domestic_reception_persons": batches * rng.randint(3, 12)}
    goods = rng.randint(0, 1500)
    return Report(unit, year, stage, _lines(unit, year, seed, stage, econ), tuple(econ.items()), figures,
                  tuple(counts.items()), (goods, 0, rng.randint(0, 3000)))
