"""The array-based contributions, composite split and pocket lead against a plain pandas reading of the rule.

The reference below is written from the documented rule (module notes of
:mod:`geo_planner.planning.sectors` and :mod:`geo_planner.planning.idm_lead`), one unit and one
indicator at a time, not from the code it checks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo_planner.layers.idm_catalogue import DIMENSIONS
from geo_planner.layers.model import Indicator
from geo_planner.planning.idm_lead import COMPOSITE_PARTS, shortfalls, split_composites
from geo_planner.planning.sectors import contributions, lead_sectors, pocket_lead, sector_map

COLS = ["unit", "indicator", "need", "weight", "contribution", "share"]


def reference_contributions(units: pd.DataFrame, weights: dict) -> pd.DataFrame:
    """Per unit: weights re-scaled over the indicators it has, need x weight, composites split by shortfall."""
    rows = []
    for unit, row in units.iterrows():
        have = {k: w for k, w in weights.items() if w and pd.notna(row.get(f"need_{k}"))}
        total_w = sum(have.values())
        parts = {k: row[f"need_{k}"] * w / total_w for k, w in have.items()}
        score = sum(parts.values())
        got: dict = {}
        for k, part in parts.items():
            share = part / score if score > 0 else np.nan
            dims = COMPOSITE_PARTS.get(k)
            gaps = {}
            if dims:
                for c in units.columns:
                    if c[:3].upper() in dims and c[3:5].isdigit() and pd.notna(row[c]):
                        gaps[c] = (5 - row[c]) / (len(dims) * DIMENSIONS[c[:3].upper()][2])
            if not dims or sum(gaps.values()) <= 0:
                got.setdefault(k, []).append((row[f"need_{k}"], have[k] / total_w, part, share))
                continue
            for c, g in gaps.items():
                if g > 0:
                    f = g / sum(gaps.values())
                    got.setdefault(c, []).append(((5 - row[c]) * 20, have[k] / total_w * f, part * f, share * f))
        for k, items in got.items():
            rows.append({"unit": unit, "indicator": k, "need": items[0][0],
                         "weight": sum(i[1] for i in items), "contribution": sum(i[2] for i in items),
                         "share": np.nan if any(pd.isna(i[3]) for i in items) else sum(i[3] for i in items)})
    return pd.DataFrame(rows, columns=COLS)


def reference_pockets(units: pd.DataFrame, weights: dict, pockets: pd.DataFrame, top: int = 3) -> pd.DataFrame:
    """Per pocket: mean contribution over members, the office with the largest share, the top indicators."""
    long = reference_contributions(units, weights)
    offices = sector_map(list(dict.fromkeys(long["indicator"])))
    out = {}
    for pocket, members in zip(pockets["pocket"], pockets["units"]):
        part = long[long["unit"].isin(members)]
        mean = part.groupby("indicator")["contribution"].sum() / len(members)
        total = mean.sum()
        pos = mean[mean > 0]
        order = sorted(pos.index, key=lambda k: (-pos[k], k))
        by_office: dict = {}
        for k in order:
            if offices.loc[k, "mapped"]:
                by_office[offices.loc[k, "office"]] = by_office.get(offices.loc[k, "office"], 0.0) + pos[k] / total
        lead = sorted(by_office.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if by_office else None
        out[pocket] = {"lead_office": lead, "drivers": "; ".join(order[:top])}
    return pd.DataFrame.from_dict(out, orient="index")


# --- hand-made tables with results worked out by hand ---------------------------------------------------

IKL = ["ikl01_kualitas_lingkungan", "ikl02_rawan_bencana", "ikl03_tanggap_bencana"]


def test_shortfalls_by_hand():
    v = pd.DataFrame({IKL[0]: [5.0], IKL[1]: [4.0], IKL[2]: [0.0]})
    assert shortfalls(v, "ikl_2024").iloc[0].tolist() == [0.0, 1 / 15, 5 / 15]  # 0, 0.0667, 0.3333
    assert shortfalls(v, "idm_2024").iloc[0].tolist() == [0.0, 1 / 45, 5 / 45]


def test_split_by_hand():
    # a: IKL 5, 4, 0 -> 1 - IKL = 6/15, split 1/6 and 5/6; b: every score 5 (kept); c: no scores (kept)
    values = pd.DataFrame({IKL[0]: [5.0, 5.0, np.nan], IKL[1]: [4.0, 5.0, np.nan], IKL[2]: [0.0, 5.0, np.nan]},
                          index=["a", "b", "c"])
    long = pd.DataFrame({"unit": ["a", "b", "c", "a"], "indicator": ["ikl_2024", "ikl_2024", "ikl_2024", "x"],
                         "need": [40.0, 0.0, 50.0, 10.0], "weight": [0.5, 1.0, 1.0, 0.5],
                         "contribution": [20.0, 0.0, 50.0, 5.0], "share": [0.8, np.nan, 1.0, 0.2]})
    out = split_composites(long, values)
    expected = pd.DataFrame({
        "unit": ["a", "b", "c", "a", "a"],
        "indicator": ["x", "ikl_2024", "ikl_2024", IKL[1], IKL[2]],
        "need": [10.0, 0.0, 50.0, 20.0, 100.0],
        "weight": [0.5, 1.0, 1.0, 0.5 / 6, 0.5 * 5 / 6],
        "contribution": [5.0, 0.0, 50.0, 20 / 6, 100 / 6],
        "share": [0.2, np.nan, 1.0, 0.8 / 6, 0.8 * 5 / 6]})
    pd.testing.assert_frame_equal(out, expected, check_exact=False, rtol=1e-15)


def test_two_composites_add_up_per_indicator():
    # IDM and IKL on one desa: IKL indicators get rows from both, added up
    values = pd.DataFrame({IKL[0]: [5.0], IKL[1]: [4.0], IKL[2]: [0.0]}, index=["a"])
    long = pd.DataFrame({"unit": ["a", "a"], "indicator": ["idm_2024", "ikl_2024"], "need": [60.0, 40.0],
                         "weight": [0.5, 0.5], "contribution": [30.0, 20.0], "share": [0.6, 0.4]})
    out = split_composites(long, values).set_index("indicator")
    assert out.index.tolist() == [IKL[1], IKL[2]]
    assert out["contribution"].tolist() == pytest.approx([50 / 6, 250 / 6], rel=1e-15)
    assert out["share"].tolist() == pytest.approx([1 / 6, 5 / 6], rel=1e-15)
    assert out["need"].tolist() == [20.0, 100.0]


def test_nothing_to_split_returns_the_table():
    long = pd.DataFrame({"unit": ["a"], "indicator": ["poverty_rate"], "need": [1.0], "weight": [1.0],
                         "contribution": [1.0], "share": [1.0]})
    assert split_composites(long, pd.DataFrame({IKL[0]: [1.0]}, index=["a"])) is long


def test_non_idm_layers_against_the_reference():
    v = pd.DataFrame({"rtlh_units": [900.0, 100.0, np.nan], "poverty_rate": [5.0, 6.0, 7.0]}, index=["a", "b", "c"])
    meta = {k: Indicator(k, k, k, "", "need") for k in v.columns}
    got = contributions((v, meta))
    need = pd.DataFrame({"need_rtlh_units": [100.0, 0.0, np.nan], "need_poverty_rate": [0.0, 50.0, 100.0]},
                        index=v.index)
    ref = reference_contributions(need, {"rtlh_units": 1.0, "poverty_rate": 1.0})
    merged = got.merge(ref, on=["unit", "indicator"], suffixes=("", "_ref"))
    assert len(merged) == len(ref) == len(got) == 5
    for c in ("need", "weight", "contribution", "share"):
        np.testing.assert_allclose(merged[c], merged[f"{c}_ref"], rtol=1e-12, equal_nan=True)
    assert lead_sectors((v, meta))["lead_office"].tolist() == ["Dinas PUPR", "Dinas Sosial", "Dinas Sosial"]


# --- the real desa table ----------------------------------------------------------------------------------

WEIGHTS = [{"idm_2024": 1.0, "iks_2024": 2.0}, {"idm_2024": 1.0}, {"ike_2024": 1.0, "ikl_2024": 3.0},
           {"idm_2024": 1.0, "iks_2024": 1.0, "ike_2024": 1.0, "ikl_2024": 1.0}]


@pytest.fixture(scope="module")
def desa():
    from geo_planner import pipeline
    from geo_planner.analysis.pockets import contiguity

    units = pipeline.load_units("desa", "64")
    layers = pipeline.load_layers(units, [], level="desa", province="64")
    return units, layers, pipeline.combine_layers(layers), contiguity(units)


@pytest.fixture(scope="module", params=range(len(WEIGHTS)), ids=lambda i: "+".join(WEIGHTS[i]))
def found(request, desa):
    from geo_planner import pipeline

    units, layers, comb, w = desa
    a = pipeline.analyse(units, layers, WEIGHTS[request.param], level="desa", province="64", combined=comb)
    return pipeline.add_pockets(a, w=w, flag="both", fdr=False, permutations=999), WEIGHTS[request.param]


def test_desa_contributions_against_the_reference(found):
    analysis, weights = found
    members = [c for m in analysis.pockets["units"] for c in m][:60]
    units = analysis.units.loc[members]
    got = contributions((units[analysis.indicator_ids], analysis.indicators, units), weights=weights)
    ref = reference_contributions(units, weights)
    assert len(got) == len(ref)
    merged = got.merge(ref, on=["unit", "indicator"], suffixes=("", "_ref"), validate="one_to_one")
    assert len(merged) == len(ref)
    for c in ("need", "weight", "contribution", "share"):
        np.testing.assert_allclose(merged[c], merged[f"{c}_ref"], rtol=1e-12, atol=1e-12, equal_nan=True)
    assert got["mapped"].dtype == bool and got.index.equals(pd.RangeIndex(len(got)))


def test_desa_pocket_offices_against_the_reference(found):
    import app_views

    analysis, weights = found
    fast = app_views.pocket_offices(analysis)
    ref = reference_pockets(analysis.units, weights, analysis.pockets)
    assert fast.index.tolist() == analysis.pockets["pocket"].tolist()
    assert fast["lead_office"].tolist() == ref["lead_office"].tolist()
    assert fast["drivers"].tolist() == ref["drivers"].tolist()
    # the app's path (no text column) is pocket_lead's own answer
    pd.testing.assert_frame_equal(fast, pocket_lead(analysis)[["lead_office", "drivers"]], check_exact=True)
