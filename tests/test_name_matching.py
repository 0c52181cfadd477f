"""Names matched exactly, and a close spelling only within the parent a row or the view names; ties listed
as ambiguous with every candidate. Real Kaltim desa names from the boundaries mirror; the expected codes were
read by hand from the desa list (``load_units("desa", "64")``):

Sumber Sari:  64.02.02.2014 (Kec. Loa Kulu), 64.02.07.2007 (Sebulu), 64.02.19.2007 (Kota Bangun Darat), all
              Kutai Kartanegara; 64.07.07.2018 (Barong Tongkok, Kutai Barat); 64.08.18.2004 (Long Mesangat,
              Kutai Timur); 64.09.03.2009 (Babulu, Penajam Paser Utara)
Sidomulyo:    64.02.04.2007 (Anggana), 64.02.12.2010 (Tabang), 64.08.08.2004 (Kombeng), 64.72.04.1003
              (Samarinda Ilir, Kota Samarinda)
Sumber Rejo:  64.07.20.2006 (Sekolaq Darat, Kutai Barat), 64.71.04.1006 (Balikpapan Tengah)
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geo_planner.cli.commands import main
from geo_planner.layers.model import read_layer
from geo_planner.pipeline import build_analysis
from geo_planner.units.codes import match_keys

SUMBER_SARI_KUKAR = ["64.02.02.2014", "64.02.07.2007", "64.02.19.2007"]
SUMBER_SARI = [*SUMBER_SARI_KUKAR, "64.07.07.2018", "64.08.18.2004", "64.09.03.2009"]
SIDOMULYO = ["64.02.04.2007", "64.02.12.2010", "64.08.08.2004", "64.72.04.1003"]


@pytest.fixture(scope="module")
def desa(mirror):
    from geo_planner.units.hierarchy import load_units

    return load_units("desa", "64")


def _write(tmp_path: Path, text: str, name: str = "desa.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def one(desa, key, **kw) -> pd.Series:
    return match_keys([key], desa, **kw).iloc[0]


def test_a_misspelt_name_without_parent_is_not_guessed(desa):
    m = one(desa, "Sumber Sarx")
    assert pd.isna(m["code"]) and m["method"] == "unmatched"
    assert m["reason"].startswith("no unit is named exactly 'Sumber Sarx'; a close spelling is matched only "
                                  "within the kecamatan or kabupaten the row names")


def test_a_name_six_desa_share_is_ambiguous_and_lists_them_all(desa):
    m = one(desa, "Sumber Sari")
    assert pd.isna(m["code"]) and m["candidates"].split(";") == SUMBER_SARI
    assert m["reason"].startswith("ambiguous: 'Sumber Sari' names several units: Sumber Sari (64.02.02.2014, in "
                                  "64.02.02); Sumber Sari (64.02.07.2007, in 64.02.07)")
    assert all(code in m["reason"] for code in SUMBER_SARI)


def test_a_misspelt_name_as_close_to_three_desa_of_the_regency_is_ambiguous(desa):
    m = one(desa, "Sumber Sarx", parents=["64.02"])
    assert pd.isna(m["code"]) and m["candidates"].split(";") == SUMBER_SARI_KUKAR
    assert m["reason"].startswith("ambiguous: 'Sumber Sarx' is as close (90.9) to Sumber Sari (64.02.02.2014")


@pytest.mark.parametrize(("parent", "code"), [("64.02.07", "64.02.07.2007"), ("64.02.19", "64.02.19.2007"),
                                              ("64.09", "64.09.03.2009"), ("64.07", "64.07.07.2018")])
def test_a_misspelt_name_within_its_parent_is_matched(desa, parent, code):
    m = one(desa, "Sumber Sarx", parents=[parent])
    assert (m["code"], m["method"], m["score"]) == (code, "fuzzy", 90.9)


def test_the_view_is_the_scope_of_rows_without_a_parent(desa):
    assert one(desa, "Sidomulyo", within="64.72")["code"] == "64.72.04.1003"
    assert one(desa, "Sidomulya", within="64.72")["code"] == "64.72.04.1003"      # close spelling in the view
    assert one(desa, "Sumber Rejo", within="64.71")["code"] == "64.71.04.1006"
    assert one(desa, "Sumber Sarx", within="64.02")["candidates"].split(";") == SUMBER_SARI_KUKAR
    # a unique exact name outside the view is still the unit it names (its figure is simply not shown)
    assert one(desa, "Sumber Rejo", within="64.07.20")["code"] == "64.07.20.2006"


def test_a_parent_that_does_not_hold_the_name_is_not_overruled(desa):
    m = one(desa, "Sumber Rejo", parents=["64.72"])   # Samarinda has no Sumber Rejo
    assert pd.isna(m["code"])
    assert "within 64.72; units of that name lie elsewhere: Sumber Rejo (64.07.20.2006" in m["reason"]


TABLE = ("Desa/Kelurahan,Kecamatan,Kabupaten/Kota,RTLH (unit)\n"
         "Sumber Sarx,Sebulu,Kutai Kartanegara,11\n"           # row 2: fuzzy within Kec. Sebulu
         "Sumber Sarx,,Kutai Kartanegara,12\n"                 # row 3: three Sumber Sari in Kukar: ambiguous
         "Sumber Sari,,Penajam Paser Utara,13\n"               # row 4: the one of PPU
         "Sidomulyo,,,14\n"                                    # row 5: four desa, no parent: ambiguous
         "Sidomulyo,Samarinda Ilir,Kota Samarinda,15\n"        # row 6
         "Sumber Rejo,Sekolak Darat,Kutai Barat,16\n"          # row 7: kecamatan misspelt, matched within Kubar
         "Sumber Rejx,,,17\n")                                 # row 8: misspelt, no parent: not guessed


def test_a_desa_table_with_kecamatan_and_kabupaten_columns(desa, tmp_path):
    layer = read_layer(_write(tmp_path, TABLE), desa, level="desa")
    assert layer.values()["rtlh"].to_dict() == {"64.02.07.2007": 11, "64.09.03.2009": 13, "64.72.04.1003": 15,
                                                "64.07.20.2006": 16}
    u = layer.unmatched.set_index("row")
    assert u.index.tolist() == [3, 5, 8]
    assert u.loc[3, "reason"] == (
        "ambiguous: 'Sumber Sarx' is as close (90.9) to Sumber Sari (64.02.02.2014, in Loa Kulu 64.02.02); "
        "Sumber Sari (64.02.07.2007, in Sebulu 64.02.07); Sumber Sari (64.02.19.2007, in Kota Bangun Darat "
        "64.02.19); name the kecamatan or kabupaten in a column, or use the code")
    assert u.loc[5, "reason"].startswith("ambiguous: 'Sidomulyo' names several units: Sidomulyo (64.02.04.2007, "
                                         "in Anggana 64.02.04)")
    assert "Sidomulyo (64.72.04.1003, in Samarinda Ilir 64.72.04)" in u.loc[5, "reason"]
    assert u.loc[8, "reason"].startswith("no unit is named exactly 'Sumber Rejx'")
    assert set(layer.indicators) == {"rtlh"}     # the parent columns are keys, not figures


def test_a_drill_down_view_names_the_parent_through_the_pipeline(tmp_path):
    # Sidodamai (64.72.04.1013) is the only desa of that name in the province
    src = _write(tmp_path, "desa,jumlah kpm (kpm)\nSidomulya,41\nSumber Sari,42\nSidodamai,43\n")
    opts = {"weights": {"jumlah_kpm": 1}, "directions": {"jumlah_kpm": "need"}}
    inside = build_analysis("desa", "64", [src], within="64.72", **opts)     # the view: Kota Samarinda
    assert inside.units["jumlah_kpm"].dropna().to_dict() == {"64.72.04.1003": 41, "64.72.04.1013": 43}
    reasons = inside.unmatched.set_index("row")["reason"]
    assert reasons.index.tolist() == [3]                            # Samarinda has no Sumber Sari ...
    assert reasons[3].startswith("ambiguous: 'Sumber Sari' names several units")   # ... six desa elsewhere do
    everywhere = build_analysis("desa", "64", [src], **opts)         # no view, no parent: nothing guessed
    assert everywhere.units["jumlah_kpm"].dropna().to_dict() == {"64.72.04.1013": 43}
    reasons = everywhere.unmatched.set_index("row")["reason"]
    assert reasons.index.tolist() == [2, 3] and reasons[2].startswith("no unit is named exactly 'Sidomulya'")


def test_the_cli_lists_an_ambiguous_row_and_joins_none(tmp_path, capsys):
    src = _write(tmp_path, "desa,kabupaten,jumlah kpm (kpm)\nSumber Sarx,Kutai Kartanegara,7\n"
                           "Sumber Sarx,Penajam Paser Utara,8\n")
    out = tmp_path / "ranked.csv"
    assert main(["rank", "--level", "desa", "--layer", str(src), "--weights", "jumlah_kpm=1", "--direction",
                 "jumlah_kpm=need", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "1 row(s) of desa.csv matched no unit: row 2 'Sumber Sarx': ambiguous: 'Sumber Sarx' is as close" in err
    table = pd.read_csv(out, dtype={"code": str}).set_index("code")
    assert table["jumlah_kpm"].dropna().to_dict() == {"64.09.03.2009": 8}


def test_an_upload_in_a_drill_down_view_of_the_app_is_matched_within_it():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=120)
    at.query_params["level"] = "desa"
    at.query_params["within"] = "64.72.04"                         # Kec. Samarinda Ilir
    at.run()
    upload = b"desa,jumlah kpm (kpm)\nSidomulya,41\nSumber Sari,42\n"
    at.file_uploader(key="upload").set_value(("kpm.csv", upload, "text/csv")).run()
    assert not at.exception and not at.error
    assert any("1 baris dari kpm.csv" in w.value for w in at.warning), [w.value for w in at.warning]
    unmatched = next(d.value for d in at.dataframe if "reason" in d.value.columns)
    assert unmatched["desa"].tolist() == ["Sumber Sari"]
    assert unmatched["reason"].iloc[0].startswith("ambigu: 'Sumber Sari' adalah nama beberapa wilayah")  # the app: Indonesian
