"""Real by default: the desa and kecamatan rankings open on IDM; exports carry its attribution and years."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pandas as pd
import pytest

from geo_planner.cli.commands import main


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """These tests read the CLI's English messages (its default is Bahasa Indonesia: tests/test_cli_lang.py)."""
    monkeypatch.setenv("GEO_PLANNER_LANG", "en")

IDM24 = "1d09fa3bf59b44cb2f8c23f42817da1f4fba15d5/data/idm/2024/prov/64.json"
IDM23 = "db732016c823dd1592c8d5f477506412d01380eb/data/idm/2023/prov/64.json"
STATUS = {1: "Mandiri", 2: "Maju", 3: "Berkembang", 4: "Tertinggal", 5: "Sangat Tertinggal"}  # IDM's numbering
IDM_COLUMNS = ["idm_2024", "iks_2024", "ike_2024", "ikl_2024", "idm_status_2024", "idm_2023", "idm_status_2023",
               "idm_change", "idm_status_change", "iks32_akses_jamban", "iks34_air_minum"]


def published(rel: str) -> dict[str, list]:
    data = json.loads((Path(os.environ["GEO_PLANNER_VILLAGES_MIRROR"]) / rel).read_text(encoding="utf-8"))
    return {f"{k['k'][:2]}.{k['k'][2:4]}.{k['k'][4:6]}.{r[0]}": r[1:] for k in data["kec"] for r in k["ds"]}


@pytest.fixture(scope="module")
def desa_csv(tmp_path_factory):
    out = tmp_path_factory.mktemp("rank") / "desa.csv"
    assert main(["rank", "--level", "desa", "--out", str(out)]) == 0
    return out


def test_rank_desa_without_a_layer_gives_the_published_idm(desa_csv):
    table = pd.read_csv(desa_csv, dtype={"code": str})
    assert len(table) == 1038 and "synthetic" not in table.columns
    new, old = published(IDM24), published(IDM23)
    desa = table[table["code"].isin(new)].set_index("code")
    assert len(desa) == 841 and desa["rank"].notna().all()
    for code in ("64.01.09.2011", "64.07.12.2001", "64.11.01.2010", "64.02.08.2018", "64.08.11.2002"):
        assert round(desa.at[code, "idm_2024"], 4) == new[code][1]
        assert desa.at[code, "idm_status_2024"] == STATUS[new[code][5]]
        assert round(desa.at[code, "idm_2023"], 4) == old[code][1]
        assert desa.at[code, "idm_status_2023"] == STATUS[old[code][5]]
    expected = pd.Series({c: r[1] for c, r in new.items()})
    assert (desa["idm_2024"].round(4) == expected.reindex(desa.index)).all()
    assert desa.at["64.01.09.2011", "idm_2024"] == 0.7887 and desa.at["64.01.09.2011", "idm_status_2024"] == "Maju"
    kel = table[~table["code"].isin(new)]
    assert len(kel) == 197 and kel["code"].str.split(".").str[3].str.startswith("1").all()
    assert kel[IDM_COLUMNS + ["rank", "priority_score"]].isna().all().all()  # empty, never 0
    assert table.iloc[0]["code"] == min(new, key=lambda c: new[c][1])  # rank 1: the lowest IDM 2024


def test_the_desa_ranking_says_nothing_synthetic_and_credits_idm(capsys):
    assert main(["rank", "--level", "desa"]) == 0
    out, err = capsys.readouterr()
    rows = [line for line in out.splitlines() if re.search(r"\s64\.\d\d\.\d\d\.\d{4}\s", line)]
    assert len(rows) == 1038
    assert "0,7887" in out and "Maju" in out and "tetap (Maju)" in out   # IDM to 4 decimals, statuses in words
    assert "sintetis" not in (out + err).lower() and "synthetic" not in (out + err).lower()
    assert "197 kelurahan: tidak dinilai IDM (kelurahan)" in out
    assert "Kemendes PDTT" in out and "Satu Data Indonesia" in out


def test_rank_kecamatan_means_of_desa_with_n_of_m(tmp_path, capsys):
    out = tmp_path / "kec.csv"
    assert main(["rank", "--level", "kecamatan", "--out", str(out)]) == 0
    table = pd.read_csv(out, dtype={"code": str}).set_index("code")
    desa = pd.read_csv(io.StringIO("code,idm\n" + "\n".join(f"{c},{r[1]}" for c, r in published(IDM24).items())),
                       dtype={"code": str})
    bongan = desa[desa["code"].str.startswith("64.07.12.")]["idm"]
    assert table.at["64.07.12", "idm_2024"] == pytest.approx(bongan.mean(), abs=1e-9)
    assert table.at["64.07.12", "idm_desa_assessed"] == len(bongan)
    tenggarong = desa[desa["code"].str.startswith("64.02.06.")]["idm"]  # Tenggarong has kelurahan too
    assert table.at["64.02.06", "idm_2024"] == pytest.approx(tenggarong.mean(), abs=1e-9)
    assert table.at["64.02.06", "idm_units_total"] > table.at["64.02.06", "idm_desa_assessed"] == len(tenggarong)
    assert main(["rank", "--level", "kecamatan"]) == 0
    screen = capsys.readouterr().out
    n, m = int(table.at["64.02.06", "idm_desa_assessed"]), int(table.at["64.02.06", "idm_units_total"])
    assert f"IDM untuk {n} dari {m} desa/kelurahan" in screen and "IDM untuk 0 dari " in screen


def test_exports_carry_the_idm_attribution_and_years(desa_csv, tmp_path):
    prov = json.loads(Path(str(desa_csv) + ".provenance.json").read_text(encoding="utf-8"))
    villages = prov["villages"]
    assert "Kemendes PDTT" in villages["attribution"] and "Satu Data Indonesia" in villages["attribution"]
    assert villages["years"] == ["2023", "2024"] and villages["compiled_by"].startswith("kristonova/")
    assert {f["commit"][:7] for f in villages["files"]} == {"1d09fa3", "db73201", "1f4e0bc"}
    assert prov["indicators"]["idm_2024"]["years"] == ["2024"] and prov["indicators"]["idm_2023"]["years"] == ["2023"]
    import openpyxl

    xlsx = tmp_path / "desa.xlsx"
    assert main(["rank", "--level", "desa", "--out", str(xlsx)]) == 0
    book = openpyxl.load_workbook(xlsx)
    sources = " ".join(str(c.value) for row in book["Sumber"].iter_rows() for c in row if c.value)
    assert "Kemendes PDTT" in sources and "Satu Data Indonesia" in sources
    assert "1d09fa3bf59b44cb2f8c23f42817da1f4fba15d5/data/idm/2024/prov/64.json" in sources
    from geo_planner.outputs.gate import export
    from geo_planner.pipeline import build_analysis

    path = export(build_analysis("kecamatan", "64", within="64.07"), tmp_path / "kec.geojson")
    side = json.loads(Path(str(path) + ".provenance.json").read_text(encoding="utf-8"))
    assert side["villages"]["years"] == ["2023", "2024"] and "Kemendes PDTT" in side["villages"]["attribution"]


def test_trend_map_shows_the_change_and_the_kelurahan(tmp_path):
    out = tmp_path / "tren.html"
    assert main(["map", "--level", "desa", "--column", "trend", "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Perubahan IDM 2023→2024" in page and "status IDM turun: " in page
    assert "tidak dinilai IDM (kelurahan) (197)" in page and "#8c8c8c" in page
    assert "SINTETIS" not in page


def test_kelurahan_are_greyed_only_where_the_map_shows_idm():
    from geo_planner.outputs.mapping import NOT_ASSESSED, map_data
    from geo_planner.pipeline import build_analysis

    demo = build_analysis("desa", "64", within="64.72", synthetic=True)  # Samarinda: kelurahan only
    assert NOT_ASSESSED not in map_data(demo).colours.values()           # the demo's poverty score: shown
    assert set(map_data(demo, column="idm_2024").colours.values()) == {NOT_ASSESSED}
    regency = build_analysis("kabkota", "64")
    assert NOT_ASSESSED not in map_data(regency, column="rtlh_units").colours.values()
