"""Budget allocation: hand-checked cases, shares by a need count, units without data, bounds, brute-force
optimum, infeasible inputs."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from geo_planner.errors import InputError
from geo_planner.planning.allocate import METHODS, allocate, compare, min_share, verdict

UEP = 5_000_000


@pytest.fixture
def hand() -> pd.DataFrame:
    # poor households (the reach cap) 2 / 6 / 10; a need score that favours the smallest unit
    return pd.DataFrame({"name": ["A", "B", "C"], "poor_households": [2, 6, 10], "score": [90.0, 50.0, 20.0]},
                        index=pd.Index(["a", "b", "c"], name="code"))


def _within(out: pd.DataFrame, budget: float, lo, hi) -> None:
    assert out["cost"].sum() <= budget
    assert (out["quantity"] >= lo).all() and (out["quantity"] <= hi).all()
    assert (out["cost"] == out["quantity"] * UEP).all()


def test_hand_case_equal_and_optimised(hand):
    # budget 50 juta = 10 families at Rp 5 juta, each unit 1 to 6
    c = compare(hand, budget=50e6, unit_cost=UEP, min_units=1, max_units=6, reach_column="poor_households")
    for m in METHODS:
        _within(c.results[m], 50e6, 1, 6)
    # equal: 3 each (4 each would need 12), 1 family's money left; reaches min(3,2)+3+3
    assert c.units["equal_quantity"].tolist() == [3, 3, 3]
    assert (c.totals.loc["equal", "leftover"], c.totals.loc["equal", "poor_reached"]) == (5e6, 8)
    # optimum by hand: 10 families, each reaching a poor household (caps 2+6+6 >= 10)
    assert c.totals.loc["optimised", "poor_reached"] == 10
    assert c.totals.loc["optimised", "budget_used"] == 50e6
    assert c.units.loc["a", "optimised_quantity"] <= 2   # no family beyond the 2 poor households of A
    assert (c.totals.loc["optimised", "poor_reached"] >= c.totals["poor_reached"]).all()


# Four regencies shaped like Kaltim's (BPS 2024): poverty rate and poor people. By the rate alone the min-max
# score puts the city at 0 (2.23 is the lowest rate) although it has 14,530 poor people.
#   score = (rate - 2.23) / (10.75 - 2.23) x 100: city 0, highland 100, west 86.03, coast 17.72
REGENCIES = pd.DataFrame(
    {"name": ["Kota Balik", "Kab. Hulu", "Kab. Barat", "Kota Pantai"],
     "poverty_rate": [2.23, 10.75, 9.56, 3.74], "poor_population": [14530.0, 2900.0, 14490.0, 7110.0],
     "priority_score": [0.0, 100.0, 86.03, 17.72]},
    index=pd.Index(["64.71", "64.11", "64.07", "64.74"], name="code"))


def test_proportional_shares_by_the_count_not_the_score():
    # 100 packages over 39,030 poor (14,530 + 2,900 + 14,490 + 7,110):
    #   city 100 x 14,530 / 39,030 = 37.228, highland 7.430, west 37.125, coast 18.217
    #   whole parts 37 + 7 + 37 + 18 = 99; the 1 left goes to the largest remainder (highland .430)
    out = allocate(REGENCIES, budget=100 * UEP, unit_cost=UEP, method="proportional",
                   reach_column="poor_population", need_column="poor_population")
    assert out["quantity"].to_dict() == {"64.71": 37, "64.11": 8, "64.07": 37, "64.74": 18}
    assert out.loc["64.71", "cost"] == 37 * UEP
    assert out.attrs["left_out"] == [] and out.attrs["budget_used"] == 100 * UEP


def test_a_score_is_not_a_need_count():
    with pytest.raises(InputError, match=r"'priority_score' is a 0-100 score .* not a need count"):
        allocate(REGENCIES, budget=100 * UEP, unit_cost=UEP, method="proportional",
                 reach_column="poor_population", need_column="priority_score")


def test_unit_without_a_count_is_left_out_not_zero():
    ppu = pd.DataFrame({"name": ["Kab. Penajam"], "poverty_rate": [6.68], "poor_population": [np.nan],
                        "priority_score": [52.23]}, index=pd.Index(["64.09"], name="code"))
    units = pd.concat([REGENCIES, ppu])
    c = compare(units, budget=100 * UEP, unit_cost=UEP, min_units=1, reach_column="poor_population")
    # proportional: the same shares as without it (37, 8, 37, 18); the unit without a count gets no number at all
    prop = c.results["proportional"]
    assert prop["quantity"].iloc[:4].tolist() == [37, 8, 37, 18]
    assert pd.isna(prop.loc["64.09", "quantity"]) and pd.isna(prop.loc["64.09", "cost"])
    assert prop.attrs["left_out"] == ["64.09"] and "64.09" not in prop.attrs["covered"]
    # optimised: the MILP is solved over the four units with a figure; it reaches 100 within their caps
    opt = c.results["optimised"]
    assert pd.isna(opt.loc["64.09", "quantity"]) and opt.attrs["left_out"] == ["64.09"]
    assert opt["quantity"].sum() == 100 and opt.attrs["poor_reached"] == 100
    # equal covers every unit: 100 / 5 = 20 each, and the poor reached where no figure exists is unknown
    eq = c.results["equal"]
    assert eq["quantity"].tolist() == [20] * 5 and eq.attrs["left_out"] == []
    assert pd.isna(eq.loc["64.09", "poor_reached"]) and eq.attrs["poor_reached"] == 80
    assert c.totals["units_no_data"].to_dict() == {"equal": 0, "proportional": 1, "optimised": 1, "fair": 1}
    assert pd.isna(c.results["fair"].loc["64.09", "quantity"])
    assert c.units.loc["64.09", "no_data"] and not c.units["no_data"].iloc[:4].any()


def test_every_unit_without_data_leaves_nothing_to_share():
    t = pd.DataFrame({"poor": [np.nan, np.nan]}, index=["a", "b"])
    out = allocate(t, budget=10 * UEP, unit_cost=UEP, method="optimised", reach_column="poor")
    assert out["quantity"].isna().all() and out.attrs["budget_used"] == 0 and out.attrs["leftover"] == 10 * UEP
    assert out.attrs["left_out"] == ["a", "b"]


def test_zero_need_everywhere_shares_nothing_in_proportion():
    t = pd.DataFrame({"poor": [0.0, 0.0]}, index=["a", "b"])
    out = allocate(t, budget=10 * UEP, unit_cost=UEP, method="proportional", min_units=1, reach_column="poor")
    assert out["quantity"].tolist() == [1, 1] and out.attrs["leftover"] == 8 * UEP


def test_hand_case_by_poor_households(hand):
    c = compare(hand, budget=50e6, unit_cost=UEP, min_units=1, max_units=6, reach_column="poor_households")
    assert c.units["proportional_quantity"].tolist() == [1, 3, 6]   # 10 x 2:6:10 = 1.1, 3.3, 5.6
    assert c.totals["poor_reached"].to_dict() == {"equal": 8, "proportional": 10, "optimised": 10, "fair": 10}


def test_optimised_buys_nothing_that_reaches_no_one():
    t = pd.DataFrame({"poor_households": [1, 1, 1]}, index=["a", "b", "c"])
    c = compare(t, budget=50e6, unit_cost=UEP, max_units=6, reach_column="poor_households")
    assert c.results["optimised"]["quantity"].tolist() == [1, 1, 1]
    assert c.totals.loc["optimised", "leftover"] == 35e6
    assert c.totals.loc["equal", "quantity"] == 9 and c.totals.loc["equal", "poor_reached"] == 3


@pytest.mark.parametrize("seed", range(6))
def test_optimised_matches_brute_force_and_beats_the_others(seed):
    rng = np.random.default_rng(seed)
    n = 4
    t = pd.DataFrame({"poor": rng.integers(0, 8, n), "need": rng.random(n)}, index=list("abcd"))
    lo = pd.Series(rng.integers(0, 2, n), index=t.index)
    hi = lo + pd.Series(rng.integers(0, 5, n), index=t.index)
    budget = float(rng.integers(int(lo.sum()), int(hi.sum()) + 3)) * UEP
    c = compare(t, budget=budget, unit_cost=UEP, min_units=lo, max_units=hi, reach_column="poor", need_column="need")
    best = max(sum(min(q, p) for q, p in zip(qs, t["poor"]))
               for qs in itertools.product(*(range(int(a), int(b) + 1) for a, b in zip(lo, hi)))
               if sum(qs) * UEP <= budget)
    assert c.totals.loc["optimised", "poor_reached"] == best
    for m in METHODS:
        _within(c.results[m], budget, lo, hi)
        assert c.totals.loc[m, "poor_reached"] <= best


def test_uep_2026_targets_over_regencies():
    rng = np.random.default_rng(1)
    t = pd.DataFrame({"poor_population": rng.integers(2_000, 60_000, 10)}, index=[f"64.{i:02d}" for i in range(10)])
    for families in (1_000, 1_500):
        c = compare(t, budget=families * UEP, unit_cost=UEP, min_units=20, max_units=300)
        assert c.totals.loc["proportional", "quantity"] == families
        assert c.totals.loc["optimised", "quantity"] == families
        assert c.totals.loc["equal", "quantity"] <= families
        for m in METHODS:
            _within(c.results[m], families * UEP, 20, 300)


def test_minimums_over_budget_raise(hand):
    with pytest.raises(InputError, match=r"minimums need 12 packages = Rp 60,000,000, more than the budget"):
        allocate(hand, budget=50e6, unit_cost=UEP, min_units=4, reach_column="poor_households")


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"min_units": 3, "max_units": 2}, "cannot hold"),
    ({"max_units": pd.Series({"a": 1, "b": 2})}, "no value for unit"),
    ({"reach_column": "kpm"}, "no column 'kpm'"),
    ({"method": "greedy"}, "unknown allocation method"),
    ({"unit_cost": 0}, "cost per package"),
])
def test_bad_inputs(hand, kwargs, match):
    args = {"budget": 50e6, "unit_cost": UEP, "reach_column": "poor_households", **kwargs}
    with pytest.raises(InputError, match=match):
        allocate(hand, **args)


def test_series_bounds_and_missing_reach(hand):
    t = hand.assign(poor_households=[2.0, np.nan, 10.0])
    out = allocate(t, budget=50e6, unit_cost=UEP, method="optimised", reach_column="poor_households",
                   min_units=pd.Series({"a": 0, "b": 1, "c": 0}), max_units=pd.Series({"a": 6, "b": 6, "c": 5}))
    # b has no figure: left out (no package, its minimum of 1 not applied), never "reaches 0"
    assert out["quantity"].tolist() == [2, pd.NA, 5]
    assert pd.isna(out.loc["b", "poor_reached"]) and out.loc["b", "no_data"]
    assert out.attrs["poor_reached"] == 7 and out.attrs["leftover"] == 15e6


def test_fractional_packages_stay_within_budget(hand):
    c = compare(hand, budget=52e6, unit_cost=UEP, min_units=1, max_units=6, reach_column="poor_households",
                integer=False)
    for m in METHODS:
        assert c.results[m]["cost"].sum() <= 52e6 * (1 + 1e-9)
    assert c.totals.loc["optimised", "poor_reached"] == pytest.approx(10.4)


def test_people_per_family_scales_reach():
    t = pd.DataFrame({"poor_population": [8.0, 100.0]}, index=["a", "b"])
    out = allocate(t, budget=4 * UEP, unit_cost=UEP, method="equal", people_per_family=4)
    assert out["quantity"].tolist() == [2, 2]
    assert out["poor_reached"].tolist() == [8.0, 8.0]
    assert "4 people per family" in out.attrs["reach_model"]


# --- fair (max-min share) ---------------------------------------------------------------------------------
def test_fair_hand_case(hand):
    # 10 packages, poor households 2 / 6 / 10, each unit 0 to 6. Shares q/2, q/6, q/10.
    #   A share of 0.6 everywhere needs 2 + 4 (3.6 up) + 6 = 12 > 10; 0.5 needs 1 + 3 + 5 = 9, one left,
    #   and it goes to the unit of the lowest share with the most poor: C (shares 0.5, 0.5, 0.5 -> C has 10).
    out = allocate(hand, budget=50e6, unit_cost=UEP, method="fair", max_units=6, reach_column="poor_households")
    assert out["quantity"].tolist() == [1, 3, 6]
    assert min_share(out) == pytest.approx(0.5)
    # the optimum by reach alone may give A nothing: fair never leaves a unit with poor at 0 when it can help
    c = compare(hand, budget=15e6, unit_cost=UEP, reach_column="poor_households")   # 3 packages
    assert c.results["fair"]["quantity"].tolist() == [1, 1, 1]                   # 1/2, 1/6, 1/10 > 0 each
    assert c.totals.loc["fair", "min_share"] == pytest.approx(0.1)


def test_fair_stops_where_packages_reach_no_one():
    t = pd.DataFrame({"poor": [1, 3]}, index=["a", "b"])
    out = allocate(t, budget=10 * UEP, unit_cost=UEP, method="fair", reach_column="poor")
    assert out["quantity"].tolist() == [1, 3] and out.attrs["leftover"] == 6 * UEP


@pytest.mark.parametrize("seed", range(10))
def test_fair_matches_brute_force(seed):
    # every feasible integer allocation enumerated: fair has the largest smallest share of them all, and
    # among the allocations with that smallest share, the most poor reached
    rng = np.random.default_rng(100 + seed)
    n = 4
    t = pd.DataFrame({"poor": rng.integers(1, 7, n)}, index=list("abcd"))
    lo = pd.Series(rng.integers(0, 2, n), index=t.index)
    hi = lo + pd.Series(rng.integers(0, 6, n), index=t.index)
    budget = float(rng.integers(int(lo.sum()), int(hi.sum()) + 2)) * UEP
    out = allocate(t, budget=budget, unit_cost=UEP, method="fair", min_units=lo, max_units=hi, reach_column="poor")
    _within(out, budget, lo, hi)
    poor = t["poor"].tolist()
    feasible = [qs for qs in itertools.product(*(range(int(a), int(b) + 1) for a, b in zip(lo, hi)))
                if sum(qs) * UEP <= budget]
    smallest = lambda qs: min(min(q, p) / p for q, p in zip(qs, poor))  # noqa: E731
    best = max(smallest(qs) for qs in feasible)
    most = max(sum(min(q, p) for q, p in zip(qs, poor)) for qs in feasible if smallest(qs) >= best - 1e-12)
    assert min_share(out) == pytest.approx(best)
    assert out.attrs["poor_reached"] == most


def test_fair_fractional_common_share():
    # 9 packages over poor 2 / 6 / 10 as fractions: the same share s everywhere, 18 s = 9, s = 0.5
    t = pd.DataFrame({"poor": [2.0, 6.0, 10.0]}, index=list("abc"))
    out = allocate(t, budget=9 * UEP, unit_cost=UEP, method="fair", reach_column="poor", integer=False)
    assert out["quantity"].tolist() == pytest.approx([1.0, 3.0, 5.0])


# --- verdict: ties and money left over ---------------------------------------------------------------------
def test_tie_when_every_unit_has_more_poor_than_packages():
    # 100 packages, every regency has thousands of poor: every method buys 100 and reaches 100
    c = compare(REGENCIES, budget=100 * UEP, unit_cost=UEP, min_units=10, reach_column="poor_population")
    v = verdict(c)
    assert c.totals["poor_reached"].tolist() == [100, 100, 100, 100]
    assert v["tie"] and v["all_used"] and v["best"] == ["equal", "proportional", "optimised", "fair"]
    # fair: shares q / poor; the smallest share is as large as any method's (the brute-force test proves it)
    assert "fair" in v["fairest"]
    assert c.totals.loc["fair", "min_share"] >= c.totals["min_share"].max() - 1e-12
    # equal: 25 each; the city's 25 / 14,530 is the smallest share of all four methods
    assert c.totals.loc["equal", "min_share"] == pytest.approx(25 / 14530)
    assert c.totals.loc["equal", "min_share"] < c.totals.loc["fair", "min_share"]


def test_no_tie_when_caps_bite(hand):
    c = compare(hand, budget=50e6, unit_cost=UEP, min_units=1, max_units=6, reach_column="poor_households",
                methods=("equal", "optimised"))
    v = verdict(c)
    assert not v["tie"] and v["best"] == ["optimised"] and v["most"] == 10


def test_leftover_reasons(hand):
    # Rp 52 juta at Rp 5 juta: 10 packages and Rp 2 juta that buys none
    c = compare(hand, budget=52e6, unit_cost=UEP, min_units=1, max_units=6, reach_column="poor_households")
    left = verdict(c)["leftover"]
    assert left["proportional"] == {"amount": 2e6, "remainder": 2e6, "unspent": 0.0, "why": None}
    # equal: 3 each (9 packages); a 4th each is 12 > 10: one package's money and the Rp 2 juta unspent
    assert left["equal"] == {"amount": 7e6, "remainder": 2e6, "unspent": 1.0, "why": "quota"}
    # Rp 200 juta = 40 packages, at most 6 per unit = 18: equal and proportional stop at the maximum;
    # optimised and fair stop once every unit's poor are reached (2 + 6 + 6 = 14 packages)
    c = compare(hand, budget=200e6, unit_cost=UEP, max_units=6, reach_column="poor_households")
    left = verdict(c)["leftover"]
    assert (left["equal"]["why"], left["equal"]["unspent"]) == ("max", 22)
    assert (left["optimised"]["why"], left["optimised"]["unspent"], left["optimised"]["amount"]) == ("need", 26, 130e6)
    assert left["fair"]["why"] == "need"
    assert c.results["fair"]["quantity"].tolist() == [2, 6, 6]
