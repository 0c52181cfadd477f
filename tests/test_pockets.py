"""Pockets: hot spots, bivariate classes and contiguous pockets on synthetic lattices."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely import box

from geo_planner.analysis.pockets import (
    MIN_UNITS,
    PocketResult,
    analyse_pockets,
    bivariate_classes,
    contiguity,
    coverage_score,
    find_pockets,
    hotspots,
    pocket_membership,
)
from geo_planner.analysis.priority import compute_priority
from geo_planner.errors import InputError
from geo_planner.layers.model import Indicator

N = 10  # lattice side


def lattice(n: int = N, extra: list | None = None) -> gpd.GeoDataFrame:
    """n x n unit squares, code L.<row*n+col>, plus optional extra geometries."""
    geoms = [box(c, r, c + 1, r + 1) for r in range(n) for c in range(n)] + list(extra or [])
    codes = [f"L.{i:03d}" for i in range(len(geoms))]
    return gpd.GeoDataFrame({"name": [f"Unit {i}" for i in range(len(geoms))]}, geometry=geoms,
                            index=pd.Index(codes, name="code"), crs="EPSG:4326")


def block(r0: int, c0: int, size: int = 3, n: int = N) -> list[str]:
    return [f"L.{r * n + c:03d}" for r in range(r0, r0 + size) for c in range(c0, c0 + size)]


@pytest.fixture(scope="module")
def units() -> gpd.GeoDataFrame:
    return lattice()


@pytest.fixture(scope="module")
def w(units):
    return contiguity(units)[0]


def planted(units, blocks, *, seed=1, lift=5.0) -> pd.Series:
    rng = np.random.default_rng(seed)
    y = pd.Series(rng.normal(10.0, 1.0, len(units)), index=units.index)
    for b in blocks:
        y[b] += lift
    return y


# ---------------------------------------------------------------- contiguity


def test_queen_and_rook_neighbours(units, w):
    assert list(w.id_order) == list(units.index)
    assert w.cardinalities["L.000"] == 3  # corner: right, up, diagonal
    assert w.cardinalities["L.055"] == 8
    rook, islands = contiguity(units, kind="rook")
    assert rook.cardinalities["L.055"] == 4 and islands == []
    with pytest.raises(InputError, match="unknown contiguity"):
        contiguity(units, kind="bishop")


def test_island_is_attached_and_reported():
    units = lattice(extra=[box(14, 14, 14.5, 14.5)])  # far out in the sea, near L.099
    w, islands = contiguity(units)
    assert islands == ["L.100"]
    assert w.neighbors["L.100"] == ["L.099"] and "L.100" in w.neighbors["L.099"]
    assert w.islands == []
    y = planted(units, [block(3, 3)])
    out = hotspots(y, w, permutations=99)
    assert out.loc["L.100", "gi_class"] in {"hot", "cold", "ns"}


# ---------------------------------------------------------------- hot spots


def test_planted_block_is_hot_and_one_pocket(units, w):
    cluster = block(3, 3)
    y = planted(units, [cluster])
    hs = hotspots(y, w, seed=0)
    assert list(hs.columns) == ["gi_z", "gi_p", "gi_class", "moran_i", "moran_p", "moran_quadrant"]
    # Hand reasoning: values have sd ~1.75 with the lift, so a sum of 8 permuted neighbours
    # has sd ~5. Lifted neighbours (+5 each) put the centre's neighbour sum ~7 sd above what
    # permutations give, an edge-middle cell's (5 lifted) ~4 sd and a corner's (3 lifted)
    # only ~2 sd: centre and edges are surely hot at 0.05, corners usually.
    core = ["L.044", "L.034", "L.043", "L.045", "L.054"]
    hot = set(hs.index[hs["gi_class"] == "hot"])
    assert set(core) <= hot
    assert len(set(cluster) & hot) >= 7
    assert (hs.loc[core, "gi_z"] > 3).all()
    assert (hs.loc[cluster, "moran_quadrant"] == "HH").sum() >= 7
    assert "L.044" in set(hs.index[hs["moran_quadrant"] == "HH"])
    pockets = find_pockets(units, hs["gi_class"] == "hot", w, values=pd.DataFrame({"need": y}))
    big = pockets.iloc[0]
    assert big["pocket"] == "P1" and set(cluster) & hot <= set(big["units"])
    assert big["need"] > y.mean()
    # the block's centre is still hot under FDR
    hs_fdr = hotspots(y, w, seed=0, fdr=True)
    assert hs_fdr.loc["L.044", "gi_class"] == "hot"
    assert set(hs_fdr.index[hs_fdr["gi_class"] == "hot"]) <= set(cluster) | hot


def test_random_pattern_has_no_hotspot_with_fdr(units, w):
    rng = np.random.default_rng(7)
    y = pd.Series(rng.permutation(rng.gamma(4.0, 2.0, len(units))), index=units.index)
    hs = hotspots(y, w, seed=0, fdr=True)
    assert (hs["gi_class"] == "hot").sum() == 0
    assert (hs["gi_class"] == "cold").sum() == 0
    assert set(hs["moran_quadrant"]) == {"ns"}


def test_hotspots_reproducible_and_leave_global_rng_alone(units, w):
    y = planted(units, [block(3, 3)])
    np.random.seed(123)
    before = np.random.random()
    np.random.seed(123)
    a = hotspots(y, w, permutations=199, seed=5)
    assert np.random.random() == before
    b = hotspots(y, w, permutations=199, seed=5)
    pd.testing.assert_frame_equal(a, b)


def test_nan_units_excluded(units, w):
    y = planted(units, [block(3, 3)])
    y[["L.000", "L.099", "L.050"]] = np.nan
    hs = hotspots(y.drop("L.050"), w)  # absent counts as missing too
    assert (hs.loc[["L.000", "L.099", "L.050"], "gi_class"] == "no data").all()
    assert hs.loc[["L.000", "L.099", "L.050"], "gi_z"].isna().all()
    assert hs["gi_z"].notna().sum() == 97
    assert hs.loc["L.044", "gi_class"] == "hot"


def test_too_few_units_raise(units, w):
    y = pd.Series(np.nan, index=units.index)
    y[block(0, 0, 2)] = [1.0, 2.0, 3.0, 4.0]
    assert len(block(0, 0, 2)) < MIN_UNITS
    with pytest.raises(InputError, match="at least 5 units"):
        hotspots(y, w)
    with pytest.raises(InputError, match="not in the weights"):
        hotspots(pd.Series([1.0], index=["X.1"]), w)
    with pytest.raises(InputError, match="0 or more"):
        hotspots(planted(units, []) - 20, w)


def test_constant_values_have_no_hotspot(units, w):
    hs = hotspots(pd.Series(5.0, index=units.index), w)
    assert set(hs["gi_class"]) == {"ns"}


# ---------------------------------------------------------------- pockets


def test_two_blocks_give_two_contiguous_pockets(units, w):
    a, b = block(1, 1), block(6, 5, 4)
    flags = pd.Series(False, index=units.index)
    flags[a + b] = True
    pop = pd.Series(100.0, index=units.index)
    pop["L.011"] = np.nan  # NaN-safe sum
    poor = pd.DataFrame({"poor_population": 10.0, "need": 50.0}, index=units.index)
    pockets = find_pockets(units, flags, w, values=poor, population=pop)
    assert list(pockets["pocket"]) == ["P1", "P2"]
    assert set(pockets.iloc[0]["units"]) == set(b)  # 16 units before 9
    assert set(pockets.iloc[1]["units"]) == set(a)
    assert pockets.iloc[1]["population"] == 800.0 and pockets.iloc[1]["poor"] == 90.0
    assert pockets.iloc[1]["names"][0].startswith("Unit ")
    assert list(pockets["n_units"]) == [16, 9]
    for members in pockets["units"]:
        assert shapely.union_all(units.geometry[members].values).geom_type == "Polygon"
    member = pocket_membership(pockets, units.index)
    assert member["L.011"] == "P2" and member["L.066"] == "P1" and pd.isna(member["L.000"])


@pytest.mark.parametrize("kind", ["rook", "queen"])
def test_random_flags_pockets_are_connected(units, kind):
    w, _ = contiguity(units, kind=kind)
    rng = np.random.default_rng(3)
    flags = pd.Series(rng.random(len(units)) < 0.35, index=units.index)
    pockets = find_pockets(units, flags, w)
    assert sorted(c for m in pockets["units"] for c in m) == sorted(flags.index[flags])
    for members in pockets["units"]:
        geom = shapely.union_all(units.geometry[members].values)
        if kind == "queen":  # corner contacts: close them with a hair's breadth
            geom = geom.buffer(1e-9)
        assert geom.geom_type == "Polygon"
    # no two pockets touch (else they would be one)
    for i, m1 in enumerate(pockets["units"]):
        for m2 in pockets["units"][i + 1:]:
            g1, g2 = (shapely.union_all(units.geometry[m].values) for m in (m1, m2))
            assert not g1.intersects(g2) if kind == "queen" else g1.intersection(g2).length == 0


def test_no_flags_no_pockets(units, w):
    pockets = find_pockets(units, pd.Series(False, index=units.index), w)
    assert pockets.empty and "pocket" in pockets.columns and "reason" in pockets.columns
    assert pocket_membership(pockets, units.index).isna().all()


# ---------------------------------------------------------------- bivariate, coverage

META = {
    "rate": Indicator("rate", "r", "Rate", "%", "need"),
    "reach": Indicator("reach", "c", "Reach", "%", "coverage"),
    "water": Indicator("water", "a", "Water", "%", "coverage"),
    "flat": Indicator("flat", "f", "Flat", "%", "coverage"),
    "pop": Indicator("pop", "p", "Population", "jiwa", "context"),
}


def test_coverage_score_hand_built():
    v = pd.DataFrame({"reach": [10.0, 20.0, 30.0, np.nan, np.nan],
                      "water": [50.0, 100.0, 0.0, 25.0, np.nan],
                      "flat": [7.0] * 5, "rate": [1.0, 2.0, 3.0, 4.0, 5.0]},
                     index=list("abcde"))
    # reach -> 0, 50, 100; water -> 50, 100, 0, 25; flat carries no information
    got = coverage_score(v, META)
    assert got.tolist()[:4] == [25.0, 75.0, 50.0, 25.0] and np.isnan(got["e"])
    weighted = coverage_score(v, META, {"reach": 3, "water": 1, "rate": 5})
    assert weighted["a"] == pytest.approx((0 * 3 + 50) / 4)
    assert np.isnan(coverage_score(v, META, {"reach": 1})["d"])  # d has water only


def test_bivariate_hand_built():
    idx = [f"u{i}" for i in range(1, 10)] + ["nocov", "noneed"]
    need = pd.Series([90, 80, 70, 60, 50, 40, 30, 20, 10, 95, np.nan], index=idx, dtype=float)
    cov = pd.Series([10, 80, 50, 20, 50, 90, 30, 70, 60, np.nan, 5], index=idx, dtype=float)
    out = bivariate_classes(need, cov)
    # need over the 10 with a figure: ranks 1..10 -> classes ceil(3r/10)
    assert out.loc["u1", "need_class"] == 3 and out.loc["u9", "need_class"] == 1
    # coverage over the 10 with a figure: 5 (noneed) 10 20 30 | 50 50 60 | 70 80 90
    assert out.loc["u1", ["need_class", "coverage_class"]].tolist() == [3, 1]
    assert out.loc["u1", "label"] == "3-1" and out.loc["u1", "underserved"]
    assert out.loc["u2", "label"] == "3-3" and not out.loc["u2", "underserved"]
    assert out.loc["u3", "coverage_class"] == out.loc["u5", "coverage_class"] == 2  # tie shares a class
    assert list(out.index[out["underserved"]]) == ["u1"]
    assert out.loc["nocov", "no_coverage_data"] and pd.isna(out.loc["nocov", "coverage_class"])
    assert not out.loc["nocov", "underserved"] and pd.isna(out.loc["nocov", "label"])
    assert pd.isna(out.loc["noneed", "need_class"]) and not out.loc["noneed", "underserved"]
    same = bivariate_classes(pd.Series(5.0, index=list("abc")), pd.Series([1.0, 2.0, 3.0], index=list("abc")))
    assert set(same["need_class"]) == {2} and not same["underserved"].any()


# ---------------------------------------------------------------- all together


def test_analyse_pockets_end_to_end(units):
    rng = np.random.default_rng(11)
    cluster = block(5, 5)
    rate = pd.Series(rng.normal(10, 1, len(units)), index=units.index)
    rate[cluster] += 6
    reach = pd.Series(rng.uniform(40, 90, len(units)), index=units.index)
    reach[cluster] = rng.uniform(0, 10, len(cluster))
    values = pd.DataFrame({"rate": rate, "reach": reach, "pop": 1000.0,
                           "population": 1000.0, "poor_population": rate * 10})
    meta = dict(META, population=Indicator("population", "p", "p", "jiwa", "context"),
                poor_population=Indicator("poor_population", "m", "m", "jiwa", "need"))
    scores = compute_priority(values, meta, {"rate": 1})
    res = analyse_pockets(units, values, meta, scores, permutations=499)
    assert isinstance(res, PocketResult) and res.islands == []
    top = res.pockets.iloc[0]
    assert set(cluster) <= set(top["units"])
    assert {"hotspot (Gi*)", "high need, low coverage"} <= set(top["reason"].split("; "))
    assert top["coverage"] < res.bivariate["coverage"].mean()
    assert top["need"] > res.bivariate["need"].mean()
    assert top["population"] == 1000.0 * top["n_units"]
    assert (res.membership[cluster] == top["pocket"]).all()
    only_under = analyse_pockets(units, values, meta, scores, flag="underserved", permutations=99)
    assert only_under.flags.sum() == res.bivariate["underserved"].sum()
    with pytest.raises(InputError, match="unknown pocket flag"):
        analyse_pockets(units, values, meta, scores, flag="all")


def test_low_need_unit_ringed_by_high_need_is_not_a_pocket_seed(units):
    rng = np.random.default_rng(5)
    rate = pd.Series(rng.normal(10, 1, len(units)), index=units.index)
    ring = [c for c in block(2, 2, 5) if c != "L.044"]  # 5x5 block with a low centre
    rate[ring] += 6
    rate["L.044"] = 8.0
    values = pd.DataFrame({"rate": rate})
    scores = compute_priority(values, META, {"rate": 1})
    res = analyse_pockets(units, values, META, scores, flag="hotspot", permutations=499)
    assert res.hotspots.loc["L.044", "gi_class"] == "hot"  # Gi* sees its neighbourhood
    assert not res.flags["L.044"] and pd.isna(res.membership["L.044"])
    assert res.membership[block(3, 3)].drop("L.044").eq("P1").all()
    assert res.bivariate["no_coverage_data"].all() and not res.bivariate["underserved"].any()


# ---------------------------------------------------------------- esda's own permutations


def _esda_hotspots(values: pd.Series, w, permutations: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Gi* and local Moran's pseudo p-values as esda computes them with its own permutations."""
    import warnings

    import esda
    from libpysal.weights import w_subset

    have = values.reindex(list(w.id_order)).dropna()
    state = np.random.get_state()
    try:
        with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
            warnings.simplefilter("ignore")
            gi = esda.G_Local(have.to_numpy(), w_subset(w, list(have.index), silence_warnings=True), transform="B",
                              star=True, permutations=permutations, seed=seed, n_jobs=1, keep_simulations=False)
            lm = esda.Moran_Local(have.to_numpy(), w_subset(w, list(have.index), silence_warnings=True),
                                  permutations=permutations, seed=seed, n_jobs=1, keep_simulations=False)
    finally:
        np.random.set_state(state)
    return gi.p_sim, lm.p_sim


@pytest.mark.parametrize("case", ["planted", "random", "ties", "gaps", "island"])
def test_pseudo_p_values_equal_esdas_own(units, w, case):
    """hotspots computes the permutations itself (faster): the same p-values as esda's, to the last bit."""
    rng = np.random.default_rng(7)
    weights, y = w, planted(units, [block(1, 1), block(6, 5)])
    if case == "random":
        y = pd.Series(rng.gamma(2.0, 3.0, len(units)), index=units.index)
    elif case == "ties":  # few distinct values: permuted statistics equal to the observed one
        y = pd.Series(rng.integers(0, 4, len(units)).astype(float), index=units.index)
    elif case == "gaps":
        y = y.drop(y.index[rng.choice(len(y), 15, replace=False)])
    elif case == "island":
        isl = lattice(extra=[box(30, 30, 31, 31)])
        weights = contiguity(isl)[0]
        y = pd.Series(rng.normal(10.0, 2.0, len(isl)), index=isl.index)
    for permutations, seed in ((99, 0), (999, 3)):
        hs = hotspots(y, weights, permutations=permutations, seed=seed)
        gi_p, lm_p = _esda_hotspots(y, weights, permutations, seed)
        have = y.reindex(list(weights.id_order)).dropna().index
        assert np.array_equal(hs.loc[have, "gi_p"].to_numpy(), gi_p.astype("float64"))
        assert np.array_equal(hs.loc[have, "moran_p"].to_numpy(), lm_p.astype("float64"))


def test_draws_worked_out_a_few_units_at_a_time_give_the_same_p_values(units, w, monkeypatch):
    """Beyond the memory kept for drawn positions (a province of many thousand desa), the positions are
    worked out a few units at a time: the p-values are still esda's own, to the last bit."""
    import geo_planner.analysis.pockets as pockets

    monkeypatch.setattr(pockets, "_DRAWN_BUDGET", 0)
    monkeypatch.setattr(pockets, "_CHUNK", 1 << 12)  # several slices per group
    y = pd.Series(np.random.default_rng(11).gamma(2.0, 3.0, len(units)), index=units.index)
    hs = hotspots(y, w, permutations=299, seed=17)  # draws no other test keeps
    gi_p, lm_p = _esda_hotspots(y, w, 299, 17)
    assert np.array_equal(hs["gi_p"].to_numpy(), gi_p.astype("float64"))
    assert np.array_equal(hs["moran_p"].to_numpy(), lm_p.astype("float64"))
    plan = pockets._subset_weights(w, list(w.id_order))
    assert all(isinstance(d, pockets._Drawn) for d in plan.kept[(299, 17)])
