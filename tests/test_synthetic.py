"""The synthetic village demo: seeded, calibrated to real regency totals, always flagged."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from geo_planner.analysis.rollup import roll_up_to
from geo_planner.errors import InputError
from geo_planner.layers.model import Layer, builtin_layer
from geo_planner.layers.synthetic import (
    LAYER_NAME,
    ROLLUP_WEIGHTS,
    allocate,
    generate_slum_polygons,
    generate_villages,
)
from geo_planner.units.hierarchy import load_units


@pytest.fixture(scope="module")
def desa(mirror):
    return load_units("desa", "64")


@pytest.fixture(scope="module")
def regencies(kabkota):
    return builtin_layer(kabkota)


@pytest.fixture(scope="module")
def villages(desa, regencies):
    return generate_villages(desa, regencies, seed=2026)


@pytest.fixture(scope="module")
def slums(desa, villages):
    return generate_slum_polygons(desa, villages, seed=2026)


def _by_regency(values: pd.DataFrame) -> pd.DataFrame:
    return values.groupby(lambda code: code[:5]).sum(min_count=1)


def test_allocate_is_exact_and_respects_caps():
    out = allocate([5, 1, 1, 0], 100, cap=[40, 100, 100, 100])
    assert out.sum() == 100 and out[0] == 40 and out[3] == 0
    assert out[1] == out[2] == 30
    assert allocate([0, 0], 3).sum() == 3
    with pytest.raises(InputError, match="caps add up"):
        allocate([1, 1], 10, cap=[2, 2])


def test_same_seed_same_figures_other_seed_other_figures(desa, regencies, villages):
    again = generate_villages(desa, regencies, seed=2026)
    pd.testing.assert_frame_equal(again.figures, villages.figures)
    other = generate_villages(desa, regencies, seed=7)
    assert not np.allclose(other.values()["population"], villages.values()["population"])
    assert other.figures["source"].iloc[0] == "SINTETIS (geo-planner synthetic generator, seed 7)"


def test_village_sums_equal_the_real_regency_totals(villages, regencies):
    real = regencies.values()
    sums = _by_regency(villages.values())
    checked = 0
    for reg_id, village_id in (("population", "population"), ("poor_population", "poor_population"),
                               ("rtlh_units", "rtlh_units"), ("slum_area_sk", "slum_area_ha")):
        have = real[reg_id].dropna()
        for code, value in have.items():
            assert sums.loc[code, village_id] == pytest.approx(value, abs=1e-6), (code, reg_id)
            checked += 1
    assert checked >= 9 + 9 + 3 + 7
    assert len(sums) == 10 and set(villages.values().index) == set(load_units("desa", "64").index)


def test_ppu_gets_a_noted_stand_in_and_the_real_layer_is_untouched(villages, regencies, kabkota):
    before = regencies.figures.copy()
    sums = _by_regency(villages.values())
    others = regencies.values()["population"].drop("64.09").sum()
    assert sums.loc["64.09", "population"] == 4_050_000 - others  # province total minus the other regencies
    assert sums.loc["64.09", "poor_population"] == round(0.0668 * (4_050_000 - others))
    ppu = villages.figures[villages.figures["code"].str.startswith("64.09.")]
    for ind in ("population", "poor_population"):
        assert ppu.loc[ppu["indicator"] == ind, "note"].str.contains("PENGGANTI SINTETIS").all()
    kukar = villages.figures[villages.figures["code"].str.startswith("64.02.")]
    assert not kukar.loc[kukar["indicator"] == "population", "note"].str.contains("PENGGANTI").any()
    pd.testing.assert_frame_equal(regencies.figures, before)
    fresh = builtin_layer(kabkota).values()
    assert pd.isna(fresh.loc["64.09"].get("population")) and pd.isna(fresh.loc["64.09"].get("poor_population"))


def test_everything_is_flagged_synthetic(villages):
    assert villages.synthetic and villages.name == LAYER_NAME and villages.level == "desa"
    assert all(ind.synthetic for ind in villages.indicators.values())
    assert set(villages.figures["source"]) == {"SINTETIS (geo-planner synthetic generator, seed 2026)"}
    assert villages.figures["note"].str.contains("bukan data resmi").all()
    assert villages.figures["note"].str.contains("not official").all()
    assert all(ind.description.startswith("SINTETIS") for ind in villages.indicators.values())


def test_indicator_metadata(villages):
    ind = villages.indicators
    expected = {"households", "households_decile_1", "households_decile_2", "households_decile_3",
                "households_decile_4", "poor_households", "poor_population", "population", "poverty_rate",
                "pkh_beneficiaries", "bpnt_beneficiaries", "coverage_ratio", "sanitation_unimproved_households",
                "rtlh_units", "slum_area_ha"}
    assert set(ind) == expected == set(villages.figures["indicator"])
    assert {k for k, i in ind.items() if i.direction == "coverage"} == {
        "pkh_beneficiaries", "bpnt_beneficiaries", "coverage_ratio"}
    assert {k for k, i in ind.items() if i.aggregation == "weighted_mean"} == {"poverty_rate", "coverage_ratio"}
    assert all(i.aggregation == "sum" for k, i in ind.items() if k not in ("poverty_rate", "coverage_ratio"))
    assert ind["poverty_rate"].unit == "%" and ind["population"].unit == "jiwa"


def test_figures_are_internally_consistent(villages):
    v = villages.values()
    assert (v["population"] > 0).all()
    rate = 100 * v["poor_population"] / v["population"]
    assert np.allclose(v["poverty_rate"], rate, atol=0.005)
    cov = v["coverage_ratio"].dropna()
    assert len(cov) > 0.9 * len(v) and cov.between(0, 100).all()
    assert (v["poor_households"] <= v["households"]).all()
    deciles = v[[f"households_decile_{k}" for k in range(1, 5)]].sum(axis=1)
    assert (deciles <= v["households"]).all()
    assert (v["pkh_beneficiaries"] <= v["households"]).all() and (v["bpnt_beneficiaries"] <= v["households"]).all()
    assert (v["sanitation_unimproved_households"] <= v["households"]).all()
    assert (v["rtlh_units"] <= v["households"]).all()
    ints = v.drop(columns=["poverty_rate", "coverage_ratio", "slum_area_ha"])
    assert (ints == ints.round()).all().all() and (ints >= 0).all().all()
    assert (v["slum_area_ha"] > 0).sum() >= 10


def test_planted_pockets_are_poorer_and_less_reached(villages):
    v = villages.values()
    notes = villages.figures[villages.figures["indicator"] == "population"].set_index("code")["note"]
    pocket = notes.str.contains("kantong kemiskinan sintetis").reindex(v.index)
    seeds = notes.str.contains("Inti kantong").reindex(v.index)
    assert seeds.groupby(lambda c: c[:5]).sum().ge(1).all()  # every regency has a pocket
    assert v.loc[pocket, "poverty_rate"].median() > 1.5 * v.loc[~pocket, "poverty_rate"].median()
    assert v.loc[pocket, "coverage_ratio"].median() < v.loc[~pocket, "coverage_ratio"].median() - 15


def test_rolled_up_villages_give_back_the_regency_totals(villages, desa, kabkota, regencies):
    kec = load_units("kecamatan", "64")
    units = {"desa": desa, "kecamatan": kec, "kabkota": kabkota}
    kab = roll_up_to(villages.values(), villages.indicators, units, "desa", "kabkota", weight_for=ROLLUP_WEIGHTS)
    real = regencies.values()
    assert kab.loc["64.72", "population"] == real.loc["64.72", "population"]
    assert kab.loc["64.72", "poor_population"] == real.loc["64.72", "poor_population"]
    expected = 100 * kab["poor_population"] / kab["population"]
    assert np.allclose(kab["poverty_rate"], expected, atol=0.01)
    assert not kab["poverty_rate__unweighted"].any() and not kab["coverage_ratio__unweighted"].any()
    assert kab["coverage_ratio"].between(0, 100).all()


def test_hand_built_regency_layer_without_province_rows(desa):
    sub = desa[desa.index.str.startswith(("64.11.", "64.74."))]
    figures = pd.DataFrame({
        "indicator": ["population", "poor_population", "poverty_rate", "poverty_rate"],
        "value": [39319.0, 2900.0, 10.75, 3.74], "year": "2024", "period": "", "source": "test", "note": "",
        "selected": True, "selection_note": "", "row": [1, 2, 3, 4], "code": ["64.11", "64.11", "64.11", "64.74"],
        "method": "code",
    })
    layer = generate_villages(sub, Layer("hand", "kabkota", figures, {}), seed=1)
    sums = _by_regency(layer.values())
    assert sums.loc["64.11", "population"] == 39319 and sums.loc["64.11", "poor_population"] == 2900
    # Bontang has no population here and there is no province total: area x density stand-in, noted
    assert sums.loc["64.74", "population"] > 0
    bontang = layer.figures[layer.figures["code"].str.startswith("64.74.")]
    assert bontang.loc[bontang["indicator"] == "population", "note"].str.contains("luas x kepadatan").all()
    assert sums.loc["64.74", "rtlh_units"] == 0 and sums.loc["64.74", "slum_area_ha"] == 0
    with pytest.raises(InputError, match="no desa units"):
        generate_villages(desa.iloc[:0], layer)
    with pytest.raises(InputError, match="not desa"):
        generate_villages(load_units("kecamatan", "64"), layer)


def test_synthetic_layer_runs_through_the_pipeline(desa, villages):
    from geo_planner.pipeline import analyse

    result = analyse(desa, [villages], level="desa")
    assert result.synthetic and result.provenance["synthetic"]
    assert result.units["priority_score"].notna().all()


def test_slum_polygons_are_valid_inside_the_province_and_sum_to_the_village_area(slums, desa, villages):
    assert slums.crs.to_epsg() == 4326 and len(slums) >= 10
    assert slums["synthetic"].all() and slums.geometry.is_valid.all() and not slums.geometry.is_empty.any()
    assert slums["source"].str.startswith("SINTETIS").all() and slums["slum_id"].is_unique
    province = shapely.union_all(desa.geometry.to_numpy())
    outside = shapely.area(shapely.difference(slums.geometry.to_numpy(), province))
    assert (outside <= 1e-6 * shapely.area(slums.geometry.to_numpy()) + 1e-12).all()
    target = villages.values()["slum_area_ha"]
    drawn = slums.groupby("code")["area_ha"].sum()
    assert set(drawn.index) <= set(target[target > 0].index)
    assert np.allclose(drawn, target.loc[drawn.index], rtol=0.05, atol=0.05)
    assert len(drawn) >= 0.9 * (target > 0).sum()


def test_some_slum_polygons_cross_a_village_border(slums, desa):
    crossing = slums[slums["crosses_border"]]
    assert len(crossing) >= 3
    tree = shapely.STRtree(desa.geometry.to_numpy())
    for geom in crossing.geometry.head(5):
        hits = tree.query(geom, predicate="intersects")
        overlap = shapely.area(shapely.intersection(desa.geometry.to_numpy()[hits], geom))
        assert (overlap > 1e-3 * geom.area).sum() >= 2


def test_slum_polygons_are_seeded(desa, villages, slums):
    again = generate_slum_polygons(desa, villages, seed=2026)
    assert again.geometry.geom_equals_exact(slums.geometry, tolerance=0).all()
    other = generate_slum_polygons(desa, villages, seed=3)
    assert len(other) != len(slums) or not other.geometry.geom_equals_exact(slums.geometry, tolerance=1e-9).all()
    with pytest.raises(InputError, match="no slum_area_ha"):
        generate_slum_polygons(desa, Layer("x", "desa", villages.figures.iloc[:0], {}))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_other_seeds_keep_the_guarantees(desa, regencies, seed):
    layer = generate_villages(desa, regencies, seed=seed)
    v, real = layer.values(), regencies.values()
    sums = _by_regency(v)
    have = real["poor_population"].dropna()
    assert (sums.loc[have.index, "poor_population"] == have).all()
    assert v["coverage_ratio"].dropna().between(0, 100).all()
    slums = generate_slum_polygons(desa, layer, seed=seed)
    assert slums.geometry.is_valid.all() and slums["crosses_border"].any()
