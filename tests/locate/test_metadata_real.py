"""Unit, year, stage (and scope where the report says it) of the real disclosures (../shared/real,
read in place), as read from their text; the page where the name was checked by eye is cited.
Independent of which table kinds were identified: the tables located today are passed along."""

from functools import lru_cache
from pathlib import Path

import pytest

from pipelines.errors import NarrativePart
from pipelines.locate import locate_report
from pipelines.locate.metadata import detect_report_meta, read_report_meta
from pipelines.locate.unit_key import unit_id

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real"
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason=f"the real disclosures are not at {REAL}")

# file: (unit name, year, stage, scope or None when the report does not say it plainly)  # where seen
EXPECTED = {
    "beijing-czj-tables-2026-budget.pdf": ("北京市财政局", 2026, "budget", "department"),  # p44 部门名称 | 北京市财政局; (2026年度)
    "beijing-jxj-tables-2026-budget.pdf": ("北京市经济和信息化局", 2026, "budget", "department"),  # p74 部门名称
    "beijing-lvweiban-tables-2026-budget.pdf": ("首都绿化委员会办公室", 2026, "budget", "department"),  # p24 部门名称
    "central-gjxfj-2026-budget.pdf": ("国家信访局", 2026, "budget", "department"),  # p1 cover; p5 下设1个预算单位
    "chongqing-ghzyj-2026-budget.pdf": ("重庆市规划和自然资源局", 2026, "budget", "department_total"),  # p1; 二级预算单位53个
    "chongqing-swj-2026-budget.pdf": ("重庆市商务委员会", 2026, "budget", "department_total"),  # p1; 二级预算单位6个
    "chongqing-swu-2023-budget.pdf": ("西南大学", 2023, "budget", "department_total"),  # p1 cover; 包括大学本级、附属中学…
    "chongqing-swu-2023-final.pdf": ("西南大学", 2023, "final", None),  # p1 西南大学2023年度部门决算 / 2024年8月
    "fujian-fzmzj-2026-budget.pdf": ("福州市民政局", 2026, "budget", "unit"),  # p1 福州市民政局（本级）单位预算
    "fujian-fzwenzhi-2026-budget.pdf": ("福州市公安局文职人员管理中心", 2026, "budget", "unit"),  # p1, wrapped over 2 lines
    "fujian-qzzfb-2026-budget.pdf": ("泉州市人民政府办公室", 2026, "budget", None),  # p1 cover
    "guangdong-gztjj-2026-budget.pdf": ("广州市统计局", 2026, "budget", "department_total"),  # p1; 本部门预算为汇总预算
    "guangdong-szczj-2026-budget.pdf": ("深圳市财政局", 2026, "budget", "department"),  # p1 深圳市财政局(本级)部门预算
    "guangdong-szkab-2026-budget.pdf": ("深圳市人民政府口岸办公室", 2026, "budget", "department"),  # p1
    "jiangsu-fayuan-2019-budget.pdf": ("江苏省高级人民法院", 2019, "budget", "department_total"),  # p1; 预算单位共2家
    "jiangsu-rendaban-2017-budget.pdf": ("江苏省人大常委会办公厅", 2017, "budget", "department"),  # p1; p7 部门:
    "jiangsu-rendaban-tables-2019-budget.pdf": ("江苏省人大常委会办公厅", 2019, "budget", "department"),  # p2 部门:
    "jiangsu-shengweiban-tables-2017-budget.pdf": ("中国共产党江苏省委员会办公厅", 2017, "budget", "department"),  # p1 部门:
    "jiangsu-szsjj-2026-budget.pdf": ("苏州市审计局", 2026, "budget", "department"),  # p1; 预算单位共计1家
    "jiangsu-zhengxie-tables-2018-budget.pdf": ("江苏省政协办公厅", 2018, "budget", "department"),  # p1 部门:
    "shaanxi-xaajj-tables-2019-budget.pdf": ("西安市安全生产监督管理局", 2019, "budget", None),  # p1 部门名称:
    "shaanxi-xakjj-2022-budget.pdf": ("西安市科学技术局", 2022, "budget", "department_total"),  # p1; 二级预算单位共7个
    "shanghai-czkjzx-2026-budget.pdf": ("上海市财务会计综合管理事务中心(上海市财政科学研究所)", 2026, "budget", "unit"),  # p1 预算单位:
    "shanghai-fulicaipiao-2026-budget.pdf": ("上海市福利彩票发行中心", 2026, "budget", "unit"),  # p1 预算单位:
    "shanghai-ptwanli-2025-budget.pdf": ("上海市普陀区人民政府万里街道办事处", 2025, "budget", "department_total"),  # p1 预算主管部门:
    "shanghai-template-2024-final.pdf": ("上海市XX局", 2024, "final", "department_total"),  # p1 (the template's own placeholder)
    "shanghai-xingkeyuan-2026-budget.pdf": ("上海市刑事科学技术研究院", 2026, "budget", "unit"),  # p1 预算单位:
    "zhejiang-huzwjw-2026-budget.pdf": ("湖州市卫生健康委员会", 2026, "budget", "department_total"),  # p1; 包括:委本级预算、委属…
    "zhejiang-hzjtj-2026-budget.pdf": ("杭州市交通运输局", 2026, "budget", "department_total"),  # p1; 包括:…本级预算(行政单位)、…
}
# narrative halves of reports split over two files: no table, unit/year/stage from the cover (p1)
NARRATIVE = {
    "beijing-czj-text-2026-budget.pdf": ("北京市财政局", 2026, "budget"),
    "jiangsu-rendaban-text-2019-budget.pdf": ("江苏省人大常委会办公厅", 2019, "budget"),
    "jiangsu-zhengxie-text-2018-budget.pdf": ("江苏省政协办公厅", 2018, "budget"),
}


@lru_cache(maxsize=None)
def located(name: str):
    from pipelines.read import read_document

    return locate_report(read_document(REAL / name))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_unit_year_stage_scope_of_a_real_report(name):
    source, tables = located(name)
    meta = read_report_meta(source, tables)
    unit, year, stage, scope = EXPECTED[name]
    assert (meta.unit_name, meta.year, meta.stage) == (unit, year, stage)
    if scope:
        assert meta.scope == scope


@pytest.mark.parametrize("name", sorted(NARRATIVE))
def test_a_real_narrative_half_is_a_narrative_part(name):
    source, tables = located(name)
    assert not tables
    with pytest.raises(NarrativePart) as raised:
        detect_report_meta(source, tables)
    assert (raised.value.unit_name, raised.value.year, raised.value.stage) == NARRATIVE[name]


def test_both_halves_and_both_years_of_a_unit_share_its_key():
    def key(name):
        meta = read_report_meta(*located(name))
        return unit_id(meta.region, meta.unit_name)

    assert key("chongqing-swu-2023-budget.pdf") == key("chongqing-swu-2023-final.pdf")
    assert key("jiangsu-rendaban-2017-budget.pdf") == key("jiangsu-rendaban-tables-2019-budget.pdf")
    # 中国共产党江苏省委员会办公厅 (as printed) is the unit known as 中共江苏省委办公厅
    assert key("jiangsu-shengweiban-tables-2017-budget.pdf") == unit_id("江苏省", "中共江苏省委办公厅")
