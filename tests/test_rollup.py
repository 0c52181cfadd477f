"""Roll-up of figures up the administrative tree, on a hand-built tree."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo_planner.analysis.rollup import (
    aggregation_of,
    flag_columns,
    roll_up,
    roll_up_to,
)
from geo_planner.errors import InputError
from geo_planner.layers.model import Indicator

# 4 desa in 2 kecamatan in 1 kabkota (in province 64)
DESA = pd.DataFrame({"parent": ["64.01.01", "64.01.01", "64.01.02", "64.01.02"]},
                    index=pd.Index(["64.01.01.2001", "64.01.01.2002", "64.01.02.2001", "64.01.02.1001"],
                                   name="code"))
KEC = pd.DataFrame({"parent": ["64.01", "64.01"]}, index=pd.Index(["64.01.01", "64.01.02"], name="code"))
KAB = pd.DataFrame({"parent": ["64"]}, index=pd.Index(["64.01"], name="code"))
UNITS = {"desa": DESA, "kecamatan": KEC, "kabkota": KAB}

IND = {
    "population": Indicator("population", "Jumlah penduduk", "Population", "jiwa", "context"),
    "poor_population": Indicator("poor_population", "Penduduk miskin", "Poor", "jiwa", "need"),
    "poverty_rate": Indicator("poverty_rate", "P0", "P0", "%", "need"),
    "slum_area_ha": Indicator("slum_area_ha", "Kumuh", "Slum", "ha", "need"),
    "poverty_line": Indicator("poverty_line", "GK", "Poverty line", "Rp/kapita/bulan", "context"),
}


def _values() -> pd.DataFrame:
    return pd.DataFrame({
        "population": [1000.0, 3000.0, 500.0, 1500.0],
        "poor_population": [100.0, 150.0, 100.0, 60.0],
        "poverty_rate": [10.0, 5.0, 20.0, 4.0],
        "slum_area_ha": [1.5, np.nan, 2.25, 0.0],
        "poverty_line": [800_000.0, 900_000.0, 700_000.0, 750_000.0],
    }, index=DESA.index)


@pytest.mark.parametrize("unit, expected", [
    ("%", "weighted_mean"), ("persen", "weighted_mean"), ("Rp/kapita/bulan", "weighted_mean"),
    ("per 1.000 penduduk", "weighted_mean"), ("jiwa", "sum"), ("unit", "sum"), ("ha", "sum"),
    ("rumah tangga", "sum"), ("KK", "sum"), ("KPM", "sum"), ("titik", "sum"), ("kelompok", "sum"),
    ("Rp", "sum"), ("Rp juta", "sum"), ("persons", "sum"),
])
def test_aggregation_derived_from_unit(unit, expected):
    assert aggregation_of(Indicator("x", "x", "x", unit)) == expected


def test_aggregation_set_on_the_indicator_wins_and_unknown_units_are_refused():
    assert aggregation_of(Indicator("x", "x", "x", "%", aggregation="sum")) == "sum"
    with pytest.raises(InputError, match="set its kind"):
        aggregation_of(Indicator("x", "x", "x", ""))
    with pytest.raises(InputError, match="must be one of area_share, mean, sum, weighted_mean"):
        aggregation_of(Indicator("x", "x", "x", "jiwa", aggregation="median"))


def test_sums_equal_the_sum_of_parts_at_every_level():
    v = _values()
    kec = roll_up(v, IND, DESA["parent"])
    assert list(kec.index) == ["64.01.01", "64.01.02"]
    assert kec.loc["64.01.01", "population"] == 4000 and kec.loc["64.01.02", "population"] == 2000
    assert kec.loc["64.01.01", "poor_population"] == 250 and kec.loc["64.01.02", "poor_population"] == 160
    kab = roll_up(kec, IND, KEC["parent"])
    assert kab.loc["64.01", "population"] == v["population"].sum()
    assert kab.loc["64.01", "poor_population"] == v["poor_population"].sum()
    assert kab.loc["64.01", "slum_area_ha"] == pytest.approx(3.75)
    prov = roll_up_to(v, IND, UNITS, "desa", "province")
    assert list(prov.index) == ["64"]
    assert prov.loc["64", "population"] == 6000 and prov.loc["64", "n_units"] == 4


def test_rate_is_population_weighted():
    v = _values()
    kec = roll_up(v, IND, DESA["parent"])
    by_hand = (10 * 1000 + 5 * 3000) / 4000
    assert kec.loc["64.01.01", "poverty_rate"] == pytest.approx(by_hand)  # 6.25, not the plain mean 7.5
    kab = roll_up_to(v, IND, UNITS, "desa", "kabkota")
    expected = (v["poverty_rate"] * v["population"]).sum() / v["population"].sum()
    assert kab.loc["64.01", "poverty_rate"] == pytest.approx(expected)
    assert kab.loc["64.01", "poverty_line"] == pytest.approx(
        (v["poverty_line"] * v["population"]).sum() / v["population"].sum())
    assert not kab["poverty_rate__unweighted"].any()


def test_straight_to_kabkota_equals_through_kecamatan():
    v = _values()
    straight = roll_up_to(v, IND, UNITS, "desa", "kabkota", flags=False)
    through = roll_up(roll_up(v, IND, DESA["parent"]), IND, KEC["parent"], flags=False)
    pd.testing.assert_frame_equal(straight, through)
    prov_straight = roll_up_to(v, IND, UNITS, "desa", "province", flags=False)
    prov_through = roll_up_to(roll_up_to(v, IND, UNITS, "desa", "kecamatan"), IND, UNITS, "kecamatan", "province",
                              flags=False)
    pd.testing.assert_frame_equal(prov_straight, prov_through)


def test_nan_handling_sums_and_flags():
    v = _values()
    v.loc["64.01.02.2001", "slum_area_ha"] = np.nan
    v.loc["64.01.02.1001", "slum_area_ha"] = np.nan
    kec = roll_up(v, IND, DESA["parent"])
    assert np.isnan(kec.loc["64.01.02", "slum_area_ha"])  # all parts missing: stays NaN, not 0
    assert kec.loc["64.01.01", "slum_area_ha"] == 1.5  # sum of the parts that have a value
    assert kec.loc["64.01.01", "slum_area_ha__missing"] == 1
    assert kec.loc["64.01.02", "slum_area_ha__missing"] == 2
    assert kec.loc["64.01.01", "n_units"] == 2
    # a missing rate is left out together with its weight
    v.loc["64.01.01.2002", "poverty_rate"] = np.nan
    kec = roll_up(v, IND, DESA["parent"])
    assert kec.loc["64.01.01", "poverty_rate"] == 10.0 and not kec.loc["64.01.01", "poverty_rate__unweighted"]


def test_missing_weights_fall_back_to_a_flagged_plain_mean():
    v = _values()
    v.loc["64.01.02.2001", "population"] = np.nan  # one weight of kecamatan 64.01.02 missing
    kec = roll_up(v, IND, DESA["parent"])
    assert kec.loc["64.01.02", "poverty_rate"] == pytest.approx((20 + 4) / 2)
    assert kec.loc["64.01.02", "poverty_rate__unweighted"]
    assert kec.loc["64.01.01", "poverty_rate"] == pytest.approx(6.25)
    assert not kec.loc["64.01.01", "poverty_rate__unweighted"]
    # no weight column at all: plain means everywhere, all flagged
    no_pop = _values().drop(columns="population")
    kec = roll_up(no_pop, IND, DESA["parent"])
    assert kec.loc["64.01.01", "poverty_rate"] == pytest.approx(7.5)
    assert kec["poverty_rate__unweighted"].all()


def test_per_indicator_weight_and_carried_weight_column():
    ind = {"coverage_ratio": Indicator("coverage_ratio", "Cakupan", "Coverage", "%", "coverage")}
    v = pd.DataFrame({"coverage_ratio": [50.0, 100.0, 0.0, 25.0], "poor_households": [10.0, 30.0, 5.0, 15.0]},
                     index=DESA.index)
    kec = roll_up(v, ind, DESA["parent"], weight_for={"coverage_ratio": "poor_households"}, flags=False)
    assert kec.loc["64.01.01", "coverage_ratio"] == pytest.approx((50 * 10 + 100 * 30) / 40)
    assert kec.loc["64.01.01", "poor_households"] == 40  # carried as a sum so the next roll-up can weight
    kab = roll_up(kec, ind, KEC["parent"], weight_for={"coverage_ratio": "poor_households"}, flags=False)
    assert kab.loc["64.01", "coverage_ratio"] == pytest.approx((500 + 3000 + 0 + 375) / 60)


def test_to_level_units_fix_the_rows_and_errors_are_clear():
    v = _values().iloc[:2]  # only kecamatan 64.01.01 has figures
    kec = roll_up_to(v, IND, UNITS, "desa", "kecamatan")
    assert list(kec.index) == ["64.01.01", "64.01.02"]
    assert np.isnan(kec.loc["64.01.02", "population"]) and kec.loc["64.01.02", "n_units"] == 0
    assert kec["poverty_rate__unweighted"].dtype == bool
    assert set(flag_columns(kec)) >= {"n_units", "population__missing", "poverty_rate__unweighted"}
    with pytest.raises(InputError, match="no parent"):
        roll_up(_values().rename(index={"64.01.01.2001": "64.99.99.2001"}), IND, DESA["parent"])
    with pytest.raises(InputError, match="no indicator metadata"):
        roll_up(_values().assign(mystery=1.0), IND, DESA["parent"])
    with pytest.raises(InputError, match="not above"):
        roll_up_to(_values(), IND, UNITS, "kabkota", "desa")
    with pytest.raises(InputError, match="units of level 'kecamatan'"):
        roll_up_to(_values(), IND, {"desa": DESA}, "desa", "kabkota")


def test_area_share_rolls_up_as_area_over_area():
    share = {"kumuh_share_pct": Indicator("kumuh_share_pct", "Persentase luas", "Share", "%", kind="share")}
    v = pd.DataFrame({"kumuh_share_pct": [10.0, 50.0, 0.0, 100.0], "unit_area_ha": [100.0, 300.0, 50.0, 150.0]},
                     index=DESA.index)  # kumuh hectares: 10, 150, 0, 150
    kec = roll_up(v, share, DESA["parent"], flags=False)
    assert kec.loc["64.01.01", "kumuh_share_pct"] == pytest.approx(160 / 400 * 100)
    assert kec.loc["64.01.02", "kumuh_share_pct"] == pytest.approx(150 / 200 * 100)
    assert kec.loc["64.01.01", "unit_area_ha"] == 400  # carried, so a second roll-up weights again
    kab = roll_up_to(v, share, UNITS, "desa", "kabkota", flags=False)
    assert kab.loc["64.01", "kumuh_share_pct"] == pytest.approx(310 / 600 * 100)
    with pytest.raises(InputError, match="pass the units' areas as 'unit_area_ha'"):
        roll_up(v.drop(columns="unit_area_ha"), share, DESA["parent"])
