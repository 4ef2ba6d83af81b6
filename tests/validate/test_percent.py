"""NA02: narrative percentages against the table cells, by interval arithmetic on rounded inputs."""

from decimal import Decimal as D

from pipelines.locate.narrative import find_claims, percent_specs
from pipelines.model import Line
from pipelines.validate.percent import check_claim, half_digit

H = D("0.005")


def test_half_the_last_printed_digit():
    assert half_digit("1,018.34") == D("0.005")
    assert half_digit("<b>8.5</b>") == D("0.05")
    assert half_digit("18") == D("0.5")
    assert half_digit("100.00%") == D("0.005")


def test_a_share_consistent_only_through_the_rounding_of_its_inputs_holds():
    # 朝阳: 基本支出 1,018.34 / 支出总计 2,079.31 = 48.9749 %, printed 48.98 %: 1018.345 / 2079.305 = 48.9753 % reaches it
    outcome = check_claim("ratio", 1, (D("1018.34"), H), (D("2079.31"), H), D("48.98"), H)
    assert outcome["excess"] <= 0 and outcome["difference"] == 0.01


def test_a_plugged_share_is_inconsistent():
    # 2025 budget: 公务接待费 2.56 / 三公 29.10 = 8.80 % (8.78–8.82 % at most), printed 8.83 % (= 100 − 91.17)
    outcome = check_claim("ratio", 1, (D("2.56"), H), (D("29.10"), H), D("8.83"), H)
    assert outcome["excess"] > 0


def test_a_change_by_printed_amount_uses_both_roundings():
    # 包头 2024: 公务接待费 0.17 万元, 减少 0.03 万元, 下降 16.02 %: 0.03 / 0.20 = 15 %, but 0.035 / 0.2 = 17.5 % is reachable
    assert check_claim("change_by", -1, (D("0.17"), H), (D("0.03"), H), D("16.02"), H)["excess"] <= 0
    assert check_claim("change_by", -1, (D("0.17"), H), (D("0.03"), H), D("19.00"), H)["excess"] > 0


def test_a_zero_base_proves_nothing():
    assert check_claim("change_by", 1, (D("0"), D("0.5")), (D("0"), D("0.5")), D("0"), D("0.5")) is None
    assert check_claim("ratio", 1, (D("0"), H), (D("0.00"), H), D("0"), D("0.5")) is None


def _line(number: int, text: str) -> Line:
    return Line(number, 1, text, (text,))


def test_percentage_claims_are_found_with_the_cells_they_use():
    lines = (
        _line(1, "2024 年度“三公”经费全年预算 0.20 万元，支出决算 0.17 万元，完成预算的 85%。"),
        _line(2, "本年收入决算合计 1,529.48 万元。与上年决算相比，减少 58.53 万元，下降 3.69%。"),
        _line(3, "本年政府性基金预算财政拨款收入 0 万元，占 0%；"),  # not 财政拨款收入 as a whole
    )
    claims = {c.claim_id: c for c in find_claims(lines, [], "final") if c.claim_id in percent_specs()}
    assert set(claims) == {"three_public_execution", "income_total_change"}
    execution = claims["three_public_execution"]
    assert execution.amount == 85 and execution.source_line == 1
    assert execution.targets == (("three_public", "three_public_total", "final"),
                                 ("three_public", "three_public_total", "budget"))
    assert claims["income_total_change"].targets == (("summary", "income_total", "amount"),)
    # 完成预算 of 决算 figures: final accounts only
    assert [c for c in find_claims(lines[:1], [], "budget") if c.claim_id in percent_specs()] == []
