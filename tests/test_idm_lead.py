"""Lead offices from the IDM indicators: the composite's need split by what each indicator takes off it."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pandas as pd
import pytest

from geo_planner.layers.model import Indicator
from geo_planner.pipeline import add_pockets, build_analysis
from geo_planner.planning.idm_lead import shortfalls, split_composites
from geo_planner.planning.sectors import contributions, lead_sectors, pocket_lead

SCORES = "1f4e0bc8f007197537a0dc7d5f528376f7cdb63d/data/idm/2024/indikator/64.json"
META = "1f4e0bc8f007197537a0dc7d5f528376f7cdb63d/data/idm/2024/indikator/meta.json"
SECTORS = Path(__file__).resolve().parents[1] / "layers" / "sectors.csv"


def read(rel: str):
    return json.loads((Path(os.environ["GEO_PLANNER_VILLAGES_MIRROR"]) / rel).read_text(encoding="utf-8"))


def offices() -> dict[str, str]:
    with SECTORS.open(encoding="utf-8") as fh:
        return {r["indicator"]: r["office"] for r in csv.DictReader(fh)}


def test_split_of_a_tiny_hand_built_table():
    # IKL alone: 1 - IKL = (5 - s1)/15 + (5 - s2)/15 + (5 - s3)/15
    values = pd.DataFrame({"ikl01_kualitas_lingkungan": [5.0, 5.0], "ikl02_rawan_bencana": [4.0, 5.0],
                           "ikl03_tanggap_bencana": [2.0, 5.0]}, index=["a", "b"])
    assert shortfalls(values, "ikl_2024").loc["a"].tolist() == pytest.approx([0, 1 / 15, 3 / 15])
    long = pd.DataFrame({"unit": ["a", "b"], "indicator": "ikl_2024", "need": [80.0, 0.0], "weight": 1.0,
                         "contribution": [80.0, 0.0], "share": [1.0, float("nan")]})
    out = split_composites(long, values).set_index(["unit", "indicator"])
    assert out.loc[("a", "ikl03_tanggap_bencana"), "contribution"] == pytest.approx(60.0)  # 3 of the 4 points
    assert out.loc[("a", "ikl02_rawan_bencana"), "contribution"] == pytest.approx(20.0)
    assert out.loc[("a", "ikl03_tanggap_bencana"), "need"] == pytest.approx(60.0)  # (5 - 2) * 20
    assert ("a", "ikl01_kualitas_lingkungan") not in out.index                      # nothing lacking
    assert out.loc[("b", "ikl_2024"), "contribution"] == 0                          # perfect: kept as it is


def test_lead_office_of_a_desa_from_its_own_indicator_scores():
    analysis = build_analysis("desa", "64", within="64.07.12")  # Bongan, Kutai Barat
    code = "64.07.12.2001"
    digits = read(SCORES)["ds"][code.replace(".", "")]
    meta = read(META)["ind"]
    div = {"IKS": 175 * 3, "IKE": 60 * 3, "IKL": 15 * 3}
    gap = {m["c"].lower(): (5 - int(d)) / div[m["dim"]] for m, d in zip(meta, digits)}
    total = sum(gap.values())
    by_office: dict[str, float] = {}
    for ind, g in gap.items():
        by_office[offices()[ind]] = by_office.get(offices()[ind], 0) + g / total
    expected = max(by_office.items(), key=lambda kv: kv[1])
    lead = lead_sectors(analysis)
    assert lead.at[code, "lead_office"] == expected[0]
    assert lead.at[code, "lead_share"] == pytest.approx(expected[1], abs=5e-4)
    assert lead.at[code, "score"] == pytest.approx(analysis.units.at[code, "priority_score"], abs=0.01)
    parts = contributions(analysis)
    mine = parts[parts["unit"] == code]
    assert mine["share"].sum() == pytest.approx(1.0) and "idm_2024" not in set(mine["indicator"])
    assert mine.set_index("indicator").at["ikl03_tanggap_bencana", "share"] == pytest.approx(
        gap["ikl03_tanggap_bencana"] / total)


def test_every_pocket_on_idm_need_has_a_lead_office_from_the_indicators():
    analysis = add_pockets(build_analysis("desa", "64"), permutations=99)
    assert not analysis.synthetic and len(analysis.pockets) >= 1
    lead = pocket_lead(analysis)
    named = set(offices().values())
    assert lead["lead_office"].notna().all() and set(lead["lead_office"]) <= named
    assert lead["drivers"].str.match(r"^(iks|ike|ikl)\d\d_").all()    # indicators, not the index itself
    kelurahan = analysis.units.index[analysis.units.index.str.split(".").str[3].str.startswith("1")]
    assert analysis.units.loc[kelurahan, "pocket"].isna().all()          # no value: never in a pocket
    assert (analysis.units.loc[kelurahan, "gi_class"] == "no data").all()
    assert analysis.units["underserved"].sum() == 0   # IDM is need, not programme coverage: no "underserved"


def test_a_unit_without_indicator_scores_keeps_the_composite():
    values = pd.DataFrame({"idm_2024": [0.6, 0.8]}, index=["a", "b"])
    meta = {"idm_2024": Indicator("idm_2024", "IDM", "IDM", "indeks", "coverage", kind="index")}
    lead = lead_sectors((values, meta), weights={"idm_2024": 1})
    assert lead.at["a", "lead_office"] == "DPMD"  # layers/sectors.csv: the composite's own row
