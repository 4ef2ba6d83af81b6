"""One unit, one key: printed name variants resolve to one dim_unit key, with the rule recorded."""

import pytest

from pipelines.load import connect
from pipelines.load.warehouse import _upsert_unit
from pipelines.locate.unit_key import unit_id, unit_key_name


@pytest.mark.parametrize("name, region, key, rules", [
    ("江苏省高级人民法院", "江苏省", "江苏省高级人民法院", ()),
    ("高级人民法院", "江苏省", "江苏省高级人民法院", ("region_prefix",)),
    ("社会保险事业服务中心", "内蒙古自治区包头市", "包头市社会保险事业服务中心", ("region_prefix",)),
    ("辽宁省朝阳市社会保险事业服务中心", "辽宁省朝阳市", "朝阳市社会保险事业服务中心", ("province_before_city",)),
    ("中国共产党江苏省委员会办公厅", "江苏省", "中共江苏省委办公厅", ("abbreviation",)),
    ("江苏省人民代表大会常务委员会办公厅", "江苏省", "江苏省人大常委会办公厅", ("abbreviation",)),
    ("上海市财务会计综合管理事务中心(上海市财政科学研究所)", "上海市", "上海市财务会计综合管理事务中心", ("alt_name",)),
    ("省人大办公厅", "江苏省", "江苏省人大办公厅", ("region_prefix",)),
    ("市场监督管理局", "江苏省苏州市", "苏州市市场监督管理局", ("region_prefix",)),
    ("西安地球环境创新研究院", "陕西省西安市", "西安地球环境创新研究院", ()),  # shaanxi-xakjj: a city's short name
    ("国家信访局", "中央", "国家信访局", ()),
    ("西南大学", None, "西南大学", ()),
])
def test_unit_key_name(name, region, key, rules):
    assert unit_key_name(name, region) == (key, rules)


def test_variants_of_one_unit_share_its_key():
    # jiangsu-shengweiban-tables-2017 p1 prints 中国共产党江苏省委员会办公厅; its common name is 中共江苏省委办公厅
    assert unit_id("江苏省", "中国共产党江苏省委员会办公厅") == unit_id("江苏省", "中共江苏省委办公厅")
    assert unit_id("江苏省", "高级人民法院") == unit_id("江苏省", "江苏省高级人民法院")
    assert unit_id("江苏省", "江苏省高级人民法院") != unit_id("浙江省", "浙江省高级人民法院")


def test_a_name_printed_as_its_key_keeps_the_key_it_always_had():
    import hashlib
    assert unit_id("青海省海东市", "海东市社会保险服务局") == hashlib.md5("青海省海东市|海东市社会保险服务局".encode()).hexdigest()[:16]


def test_the_warehouse_records_each_printed_variant_with_its_rule(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    for name in ("江苏省高级人民法院", "高级人民法院"):
        _upsert_unit(con, unit_id("江苏省", name), name, None, "江苏省")
    assert con.execute("select count(*) from dim_unit").fetchone()[0] == 1
    assert con.execute("select unit_name, key_name, rules from dim_unit_name order by unit_name").fetchall() == [
        ("江苏省高级人民法院", "江苏省高级人民法院", ""), ("高级人民法院", "江苏省高级人民法院", "region_prefix")]
