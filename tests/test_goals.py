"""Distance to the provincial target: the formula, the sourced figures, per-regency rules summing to the total."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo_planner.errors import InputError
from geo_planner.planning.goals import (
    RULES,
    distance_to_target,
    people_to_leave,
    province_figures,
    regency_figures,
    rule_text,
    whole_people,
)

POOR, RATE = 199_710, 5.17


def test_formula_on_the_sourced_province_figures():
    base = POOR / (RATE / 100)                      # about 3.863 million
    expected = POOR - 0.04 * base                   # about 45,195 at 4 %
    assert people_to_leave(POOR, RATE, 4.0) == pytest.approx(expected)
    assert expected == pytest.approx(45_195, abs=1)
    assert people_to_leave(POOR, RATE, 4.0, population=4_050_000) == pytest.approx(POOR - 162_000)


def test_shipped_figures():
    f = province_figures()
    assert (f["poverty_rate"], f["poor_population"], f["year"], f["period"]) == (5.17, 199_710, "2025", "Maret")
    assert (f["population"], f["population_year"]) == (4_050_000, "2024")
    reg = regency_figures()
    assert len(reg) == 10 and reg.loc["64.02", "poor_population"] == 59_000
    assert np.isnan(reg.loc["64.09", "poor_population"])       # PPU: no sourced count, left empty


def test_default_is_both_ends_of_the_target_with_sourced_figures():
    d = distance_to_target()
    prov = d[d["level"] == "province"].set_index("target_rate")
    base = POOR / (RATE / 100)
    assert prov["must_leave"].to_dict() == pytest.approx({3.0: POOR - 0.03 * base, 4.0: POOR - 0.04 * base})
    assert prov["rate_after"].tolist() == pytest.approx([3.0, 4.0])
    assert "4.050.000 (2024)" in prov["note"].iloc[0]          # the projection is named, not used
    ppu = d[(d["code"] == "64.09")]
    assert ppu["must_leave"].isna().all() and ppu["note"].str.contains("tidak diperkirakan").all()
    kab = d[d["level"] == "kabkota"]
    assert kab["note"].str.contains("2024 Maret").sum() == 2 * 9   # the year mismatch is stated
    for t in (3.0, 4.0):   # regencies plus the difference row give the province total
        part = d[(d["target_rate"] == t) & (d["level"] != "province")]["must_leave"].sum()
        assert part == pytest.approx(prov.loc[t, "must_leave"])


@pytest.fixture
def consistent() -> pd.DataFrame:
    # rates 10 / 5 / 2 % of bases 100k / 200k / 700k: 34,000 poor of 1,000,000 = 3.4 %
    return pd.DataFrame({"name": ["X", "Y", "Z"], "poverty_rate": [10.0, 5.0, 2.0],
                         "poor_population": [10_000.0, 10_000.0, 14_000.0]}, index=["1", "2", "3"])


@pytest.mark.parametrize(("rule", "expected"), [
    ("proportional_to_poor", [4000 * 10 / 34, 4000 * 10 / 34, 4000 * 14 / 34]),   # same share of the poor
    ("equal_rate_cut", [400.0, 800.0, 2800.0]),                                     # 0.4 points everywhere
    ("converge_to_target", [4000.0, 0.0, 0.0]),                                     # X from 10 % to 6 %
])
def test_rules_on_a_hand_case_sum_to_the_total(consistent, rule, expected):
    d = distance_to_target(3.4, 3.0, regency_values=consistent, poor=34_000, rule=rule)
    assert d.loc[d["level"] == "province", "must_leave"].item() == pytest.approx(4000)
    kab = d[d["level"] == "kabkota"]
    assert kab["must_leave"].tolist() == pytest.approx(expected)
    assert kab["must_leave"].sum() == pytest.approx(4000)
    assert d.loc[d["level"] == "difference", "must_leave"].item() == pytest.approx(0, abs=1e-6)
    assert d.attrs["rule_text"] == rule_text(rule)


def test_converge_reports_the_common_ceiling(consistent):
    d = distance_to_target(3.4, 2.5, regency_values=consistent, poor=34_000, rule="converge_to_target")
    kab = d[d["level"] == "kabkota"].set_index("name")
    # 9,000 to leave: X alone would need R = 1 % (< Y's 5 %), so X and Y come down to R:
    # 20,000 - R * 300,000 = 9,000 -> R = 3.67 %, above Z's 2 %, which holds
    assert kab["must_leave"].sum() == pytest.approx(9000)
    above = kab[kab["must_leave"] > 0]["rate_after"]
    assert above.tolist() == pytest.approx([11 / 3, 11 / 3])
    assert kab.loc["Z", "must_leave"] == 0


def test_equal_cut_passes_on_what_a_low_rate_regency_cannot_cut():
    reg = pd.DataFrame({"poverty_rate": [10.0, 0.5], "poor_population": [10_000.0, 1_000.0]}, index=["1", "2"])
    # bases 100k + 200k; 5,000 to leave is 1.67 points, more than the 0.5 % of the second
    d = distance_to_target(11 / 3, 2.0, regency_values=reg, poor=11_000, rule="equal_rate_cut", lang="en")
    kab = d[d["level"] == "kabkota"].set_index("code")
    assert kab.loc["2", "must_leave"] == pytest.approx(1000) and "all its poor" in kab.loc["2", "note"]
    assert kab["must_leave"].sum() == pytest.approx(5000)


def test_missing_count_is_never_filled_in(consistent):
    reg = consistent.copy()
    reg.loc["2", "poor_population"] = np.nan
    d = distance_to_target(3.4, 3.0, regency_values=reg, poor=34_000, lang="en")
    row = d[d["code"] == "2"].iloc[0]
    assert np.isnan(row["must_leave"]) and np.isnan(row["poor_population"])
    assert "not estimated" in row["note"]
    diff = d.loc[d["level"] == "difference", "must_leave"].item()
    assert diff == pytest.approx(4000 * 10 / 34)                  # Y's share stays unassigned


def test_population_given_replaces_the_implied_base():
    d = distance_to_target(RATE, 4.0, population=4_050_000, poor=POOR)
    assert d.loc[d["level"] == "province", "must_leave"].item() == pytest.approx(POOR - 162_000)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"rule": "fair"}, "unknown rule"),
    ({"target_rate": 6.0}, "below the current"),
    ({"current_rate": 6.0}, "give the number of poor people"),
    ({"base": "census"}, "base must be"),
])
def test_bad_inputs(kwargs, match):
    with pytest.raises(InputError, match=match):
        distance_to_target(**kwargs)


def test_rule_texts_exist_in_both_languages():
    for rule in RULES:
        assert rule_text(rule, "id") != rule_text(rule, "en")
    assert "same number of percentage points" in rule_text("equal_rate_cut", "en")


def test_whole_people_add_up_and_never_exceed_a_regencys_poor(consistent):
    # 4,000 to leave shared 10 : 10 : 14 -> 1,176.47, 1,176.47, 1,647.06; whole parts 1,176 + 1,176 + 1,647 =
    # 3,999, the one left to the largest remainder (.47, the first of the tie)
    d = whole_people(distance_to_target(3.4, 3.0, regency_values=consistent, poor=34_000))
    kab = d[d["level"] == "kabkota"].set_index("code")
    assert kab["must_leave"].tolist() == [1177, 1176, 1647]
    assert kab["poor_after"].tolist() == [10_000 - 1177, 10_000 - 1176, 14_000 - 1647]
    assert str(kab["must_leave"].dtype) == "Int64"
    assert d.loc[d["level"] == "difference", "must_leave"].item() == 0
    assert kab.loc["1", "rate_after"] == pytest.approx(8823 / 100_000 * 100)
    # equal cut capped at the second regency's 1,000 poor: still 1,000, never 1,001
    reg = pd.DataFrame({"poverty_rate": [10.0, 0.5], "poor_population": [10_000.0, 1_000.0]}, index=["1", "2"])
    e = whole_people(distance_to_target(11 / 3, 2.0, regency_values=reg, poor=11_000, rule="equal_rate_cut"))
    assert e.loc[e["code"] == "2", "must_leave"].item() == 1000
    assert e.loc[e["level"] == "kabkota", "must_leave"].sum() == 5000


def test_whole_people_on_the_sourced_figures_state_the_difference():
    # province 45,195.49 -> 45,195; the nine regencies with a count, 2024 figures, add up to more than the
    # 2025 province: the difference row is negative (the app says it in words)
    d = whole_people(distance_to_target(target_rate=4.0))
    assert d.loc[d["level"] == "province", "must_leave"].item() == 45_195
    kab = d[d["level"] == "kabkota"]
    diff = d.loc[d["level"] == "difference", "must_leave"].item()
    assert kab["must_leave"].sum() + diff == 45_195 and diff < 0
    assert pd.isna(kab.set_index("code").loc["64.09", "must_leave"])
