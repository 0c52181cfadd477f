"""The IDM village layer: joined to the 2025 codes, figures as published, roll-ups computed by hand.

Expected values are read from the mirror's JSON here, with ``json``, never through the module.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo_planner.layers.idm import idm_layer
from geo_planner.units.hierarchy import load_units

IDM24 = "1d09fa3bf59b44cb2f8c23f42817da1f4fba15d5/data/idm/2024/prov/64.json"
IDM23 = "db732016c823dd1592c8d5f477506412d01380eb/data/idm/2023/prov/64.json"
SCORES = "1f4e0bc8f007197537a0dc7d5f528376f7cdb63d/data/idm/2024/indikator/64.json"
META = "1f4e0bc8f007197537a0dc7d5f528376f7cdb63d/data/idm/2024/indikator/meta.json"
META24 = "c2aa4b0bd0839635390132b3b3bed52e57a4eb0f/data/idm/meta.json"  # kab/kota means as published
SECTORS = Path(__file__).resolve().parents[1] / "layers" / "sectors.csv"


def read(rel: str):
    return json.loads((Path(os.environ["GEO_PLANNER_VILLAGES_MIRROR"]) / rel).read_text(encoding="utf-8"))


def dotted(ten: str) -> str:
    return f"{ten[:2]}.{ten[2:4]}.{ten[4:6]}.{ten[6:]}"


def published(rel: str) -> dict[str, list]:
    """Code -> [name, IDM, IKS, IKE, IKL, status, source] of every desa of one province file."""
    return {dotted(kec["k"] + r[0]): r[1:] for kec in read(rel)["kec"] for r in kec["ds"]}


@pytest.fixture(scope="module")
def desa_units():
    return load_units("desa", "64")


@pytest.fixture(scope="module")
def layer(desa_units):
    return idm_layer(desa_units, level="desa", province="64")


@pytest.fixture(scope="module")
def values(layer):
    return layer.values()


def test_all_841_desa_join_the_2025_boundary_codes_exactly(layer, desa_units):
    idm = set(published(IDM24))
    desa = {c for c in desa_units.index if c.split(".")[3].startswith("2")}
    kelurahan = {c for c in desa_units.index if c.split(".")[3].startswith("1")}
    assert len(idm) == 841 and idm == desa and set(published(IDM23)) == idm
    assert len(kelurahan) == 197 and len(desa_units) == 1038
    assert layer.unmatched.empty and layer.problems == []
    assert set(layer.figures["code"]) == desa            # kelurahan get no figure at all, not a 0


def test_desa_figures_are_exactly_as_published(values):
    for year, rel in (("2024", IDM24), ("2023", IDM23)):
        rows = published(rel)
        got = values.loc[list(rows)]
        for i, col in enumerate(("idm", "iks", "ike", "ikl"), start=1):
            assert got[f"{col}_{year}"].tolist() == [r[i] for r in rows.values()], (col, year)
        assert got[f"idm_status_{year}"].tolist() == [r[5] for r in rows.values()]
    bai_jaya = values.loc["64.01.09.2011"]    # SOURCE.md: ["2011","BAI JAYA",0.7887,0.7829,0.7167,0.8667,2,0]
    assert (bai_jaya["idm_2024"], bai_jaya["iks_2024"], bai_jaya["ike_2024"], bai_jaya["ikl_2024"]) == (
        0.7887, 0.7829, 0.7167, 0.8667)
    assert bai_jaya["idm_status_2024"] == 2


def test_change_2023_2024_and_status_moves(values):
    new, old = published(IDM24), published(IDM23)
    for code in list(new)[::97]:
        assert values.at[code, "idm_change"] == pytest.approx(new[code][1] - old[code][1], abs=1e-9)
    fell = [c for c in new if new[c][5] > old[c][5]]      # status code 1 Mandiri .. 5: a higher code is worse
    rose = [c for c in new if new[c][5] < old[c][5]]
    assert (values.loc[fell, "idm_status_change"] == -1).all() and (values.loc[rose, "idm_status_change"] == 1).all()
    assert int((values["idm_status_change"] == 0).sum()) == 841 - len(fell) - len(rose)


def test_indicator_scores_and_what_they_add_up_to(values):
    digits = read(SCORES)["ds"]["6401012009"]  # SOURCE.md's example string
    assert digits == "50525555111555535225555555343555555553533035154545"
    row = values.loc["64.01.01.2009"]
    assert row["iks01_akses_sarkes"] == 5 and row["iks02_dokter"] == 0 and row["iks32_akses_jamban"] == int(digits[31])
    assert row["iks34_air_minum"] == int(digits[33]) and row["ikl03_tanggap_bencana"] == int(digits[49])
    iks = sum(map(int, digits[:35])) / 175
    assert iks == pytest.approx(published(IDM24)["64.01.01.2009"][2], abs=1e-4)
    scores = values.filter(regex=r"^(iks|ike|ikl)\d\d_")
    assert scores.shape == (841, 50) and scores.isin([0, 1, 2, 3, 4, 5]).all().all()


def test_the_indicators_carry_labels_sub_dimensions_and_agencies(layer):
    meta = read(META)
    ind = layer.indicators
    jamban, water = ind["iks32_akses_jamban"], ind["iks34_air_minum"]
    assert jamban.label_id.startswith("IKS32 Sanitasi") and jamban.label_en == "IKS32 Sanitation: Latrine access"
    assert water.label_en.startswith("IKS34 Drinking water") and ind["iks35_air_mandi_cuci"].label_en.startswith(
        "IKS35 Clean water")
    assert "Permukiman / Settlement" in jamban.description and "DINSOS, DINKES" in jamban.description
    subs = {s["k"]: s["nm"] for s in meta["sub"]}
    for i, item in enumerate(meta["ind"]):
        m = ind[item["c"].lower()]
        assert m.unit == "skor 0-5" and m.kind == "index" and m.direction == "coverage" and m.year == "2024"
        assert subs[item["sub"]] in m.description and m.label_en and m.label_id.endswith(item["nm"])
    assert len(subs) == 12
    assert ind["idm_2024"].direction == "coverage" and ind["idm_2023"].direction == "context"
    assert {m.kind for m in ind.values()} == {"index"} and ind["idm_2024"].aggregation == "mean"


def test_low_idm_ranks_as_high_need(values, layer):
    from geo_planner.analysis.priority import compute_priority

    scores = compute_priority(values, layer.indicators, {"idm_2024": 1})
    lowest = min(published(IDM24).items(), key=lambda kv: kv[1][1])[0]
    assert scores.loc[lowest, "rank"] == 1 and scores.loc[lowest, "priority_score"] == 100


def test_kecamatan_figures_are_the_mean_of_their_desa_with_n_of_m(desa_units):
    kec = idm_layer(load_units("kecamatan", "64"), level="kecamatan", province="64").values()
    data = read(IDM24)
    codes = pd.Index(desa_units.index)
    mixed = None
    for k in data["kec"]:
        code = f"{k['k'][:2]}.{k['k'][2:4]}.{k['k'][4:6]}"
        m = int(codes.str.startswith(code + ".").sum())
        n = len(k["ds"])
        assert kec.at[code, "idm_2024"] == pytest.approx(sum(r[2] for r in k["ds"]) / n, abs=1e-12)
        assert kec.at[code, "idm_2024"] == pytest.approx(k["m"], abs=5.1e-5)  # the published mean, rounded
        assert (kec.at[code, "idm_desa_assessed"], kec.at[code, "idm_units_total"]) == (n, m)
        counts = [kec.at[code, f"idm_n_{s}_2024"] for s in ("mandiri", "maju", "berkembang", "tertinggal",
                                                              "sangat_tertinggal")]
        assert counts == k["d"]
        assert kec.at[code, "idm_share_tertinggal_2024"] == pytest.approx(100 * (k["d"][3] + k["d"][4]) / n)
        mixed = mixed or (code if m > n else None)
    assert mixed is not None  # a kecamatan with kelurahan too: they are counted in m, not in the mean
    only_kelurahan = kec[kec["idm_desa_assessed"] == 0]
    assert len(only_kelurahan) == 22 and only_kelurahan["idm_2024"].isna().all()
    assert (only_kelurahan["idm_units_total"] > 0).all()
    assert kec["idm_units_total"].sum() == 1038 and kec["idm_desa_assessed"].sum() == 841


def test_regency_means_match_the_published_kab_kota_means():
    kab = idm_layer(load_units("kabkota", "64"), level="kabkota", province="64")
    v = kab.values()
    prov = next(p for p in read(META24)["prov"] if p["k"] == "64")
    for k in prov["kab"]:
        code = f"{k['k'][:2]}.{k['k'][2:]}"
        assert v.at[code, "idm_2024"] == pytest.approx(k["m"], abs=5.1e-5)
        assert v.at[code, "idm_desa_assessed"] == k["n"]
    assert v.loc[["64.71", "64.72", "64.74"], "idm_desa_assessed"].tolist() == [0, 0, 0]  # cities: kelurahan only
    assert np.isnan(v.at["64.72", "idm_2024"])
    assert {m.direction for m in kab.indicators.values()} == {"context"}  # beside BPS figures: shown, not scored


def test_sector_table_names_an_idm_agency_for_every_indicator():
    from geo_planner.layers.idm_catalogue import AGENCY_OFFICES
    from geo_planner.planning.sectors import read_sector_table

    read_sector_table()  # the extended table still validates
    with SECTORS.open(encoding="utf-8") as fh:
        rows = {r["indicator"]: r for r in csv.DictReader(fh)}
    for item in read(META)["ind"]:
        row = rows[item["c"].lower()]
        named = {AGENCY_OFFICES.get(a.strip().upper()) for _, names in item["pel"] for a in names.split(",")}
        assert row["office"] in named, (item["c"], row["office"], item["pel"])
    assert rows["iks34_air_minum"]["office"] == "Dinas PUPR" and rows["iks34_air_minum"]["sector_id"] == "Air minum"
    assert rows["iks32_akses_jamban"]["sector_en"] == "Sanitation"
