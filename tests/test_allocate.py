"""Budget allocation: a hand-checked 3-unit case, bounds, brute-force optimum, infeasible inputs, export."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from geo_planner.errors import InputError
from geo_planner.planning.allocate import (
    METHODS,
    allocate,
    allocation_table,
    compare,
    summary,
    totals_table,
)

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


def test_hand_case_by_need_score(hand):
    # budget 50 juta = 10 families at Rp 5 juta, each unit 1 to 6
    c = compare(hand, budget=50e6, unit_cost=UEP, min_units=1, max_units=6, reach_column="poor_households",
                need_column="score")
    for m in METHODS:
        _within(c.results[m], 50e6, 1, 6)
    # equal: 3 each (4 each would need 12), 1 family's money left; reaches min(3,2)+3+3
    assert c.units["equal_quantity"].tolist() == [3, 3, 3]
    assert (c.totals.loc["equal", "leftover"], c.totals.loc["equal", "poor_reached"]) == (5e6, 8)
    # proportional to 90:50:20 -> 5.625, 3.125, 1.25 -> largest remainder 6, 3, 1; reaches 2+3+1
    assert c.units["proportional_quantity"].tolist() == [6, 3, 1]
    assert c.totals.loc["proportional", "poor_reached"] == 6
    # optimum by hand: 10 families, each reaching a poor household (caps 2+6+6 >= 10)
    assert c.totals.loc["optimised", "poor_reached"] == 10
    assert c.totals.loc["optimised", "budget_used"] == 50e6
    assert c.units.loc["a", "optimised_quantity"] <= 2   # no family beyond the 2 poor households of A
    assert (c.totals.loc["optimised", "poor_reached"] >= c.totals["poor_reached"]).all()


def test_hand_case_by_poor_households(hand):
    c = compare(hand, budget=50e6, unit_cost=UEP, min_units=1, max_units=6, reach_column="poor_households")
    assert c.units["proportional_quantity"].tolist() == [1, 3, 6]   # 10 x 2:6:10 = 1.1, 3.3, 5.6
    assert c.totals["poor_reached"].to_dict() == {"equal": 8, "proportional": 10, "optimised": 10}


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
    assert out["quantity"].tolist() == [2, 1, 5]
    assert out.loc["b", "poor_reached"] == 0 and "no figure" in out.loc["b", "note"]
    assert out.attrs["poor_reached"] == 7 and out.attrs["leftover"] == 10e6


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


def test_export_tables(hand):
    c = compare(hand, budget=50e6, unit_cost=UEP, min_units=1, max_units=6, reach_column="poor_households")
    table = allocation_table(c)
    assert table.columns[:2].tolist() == ["Kode", "Nama wilayah"]
    assert "Optimal (MILP): jumlah paket (KPM/kelompok)" in table.columns
    assert table.iloc[-1]["Kode"] == "Jumlah" and table.iloc[-1]["Kuota sama: biaya (Rp)"] == 45e6
    en = allocation_table(c, "en")
    assert "Equal quota: poor people reached" in en.columns
    single = allocation_table(c.results["optimised"])
    assert single.iloc[-1]["Optimal (MILP): penduduk miskin terjangkau"] == 10
    assert totals_table(c)["Metode"].tolist() == ["Kuota sama", "Proporsional kebutuhan", "Optimal (MILP)"]
    assert "Rp 45.000.000" in summary(c)
