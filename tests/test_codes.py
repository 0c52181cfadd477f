"""Codes: the BPS vs Kemendagri trap, name variants, province totals, unmatched rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geo_planner.layers.model import read_layer
from geo_planner.units.codes import (
    BPS_TO_KEMENDAGRI,
    KEMENDAGRI_TO_BPS,
    PROVINCE_TOTAL,
    classify_key,
    match_keys,
    normalise_name,
)


def _write(tmp_path: Path, text: str, name: str = "table.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bps_code_6403_is_kutai_kartanegara_not_berau(kabkota, tmp_path):
    path = _write(tmp_path, "kode_bps,jumlah_rtlh\n6403,1500\n")
    layer = read_layer(path, kabkota, level="kabkota")
    values = layer.values()
    assert values.loc["64.02", "jumlah_rtlh"] == 1500  # Kutai Kartanegara (Kemendagri 64.02)
    assert "64.03" not in values.index  # Berau gets nothing
    assert layer.unmatched.empty


# DOMAIN.md's table, typed in by hand: name, Kemendagri, BPS
KALTIM_CROSSWALK = [
    ("Paser", "64.01", "6401"), ("Kutai Kartanegara", "64.02", "6403"), ("Berau", "64.03", "6405"),
    ("Kutai Barat", "64.07", "6402"), ("Kutai Timur", "64.08", "6404"), ("Penajam Paser Utara", "64.09", "6409"),
    ("Mahakam Ulu", "64.11", "6411"), ("Balikpapan", "64.71", "6471"), ("Samarinda", "64.72", "6472"),
    ("Bontang", "64.74", "6474"),
]


@pytest.mark.parametrize("name, kemendagri, bps", KALTIM_CROSSWALK)
def test_all_ten_kaltim_pairs_cross_both_ways_and_land_on_the_named_regency(name, kemendagri, bps, kabkota):
    assert KEMENDAGRI_TO_BPS[kemendagri] == bps and BPS_TO_KEMENDAGRI[bps] == kemendagri
    assert name.lower() in kabkota.loc[kemendagri, "name"].lower()
    assert kabkota.loc[kemendagri, "bps_code"] == bps


def test_bps_and_kemendagri_numbers_differ_and_crosswalk_is_one_to_one():
    assert KEMENDAGRI_TO_BPS["64.02"] == "6403" and KEMENDAGRI_TO_BPS["64.03"] == "6405"
    assert BPS_TO_KEMENDAGRI["6403"] == "64.02" and BPS_TO_KEMENDAGRI["6405"] == "64.03"
    assert len(BPS_TO_KEMENDAGRI) == len(KEMENDAGRI_TO_BPS) == 10


def test_bps_and_kemendagri_keys_in_one_table(kabkota, tmp_path):
    path = _write(tmp_path, "kode,rtlh\n6403,11\n64.03,22\n6405,22\n")
    values = read_layer(path, kabkota, level="kabkota").values()
    assert values.loc["64.02", "rtlh"] == 11
    assert values.loc["64.03", "rtlh"] == 22  # "64.03" and BPS "6405" are both Berau


@pytest.mark.parametrize(("key", "code"), [
    ("Kab. Kutai Kartanegara", "64.02"),
    ("KUTAI KARTANEGARA", "64.02"),
    ("Kukar", "64.02"),
    ("Kota Samarinda", "64.72"),
    ("Samarinda", "64.72"),
    ("Kabupaten  Penajam Paser Utara", "64.09"),
    ("PPU", "64.09"),
    ("Mahulu", "64.11"),
    ("Balikpapan (kota)", "64.71"),
    ("6403", "64.02"),
    ("64.02", "64.02"),
])
def test_name_and_code_variants_match_the_right_unit(kabkota, key, code):
    m = match_keys([key], kabkota)
    assert m["code"].tolist() == [code]
    assert m["method"].iloc[0] != "fuzzy"


def test_typo_matches_by_fuzzy_and_says_so(kabkota):
    m = match_keys(["Kutai Kartanegra"], kabkota)
    assert m["code"].iloc[0] == "64.02"
    assert m["method"].iloc[0] == "fuzzy" and 85 <= m["score"].iloc[0] < 100


def test_name_variants_through_read_layer(kabkota, tmp_path):
    path = _write(tmp_path, "Kabupaten/Kota;RTLH\nKukar;1\nKota Samarinda;2\nPPU;3\nMahulu;4\n"
                            "Balikpapan (kota);5\nKutai Kartanegra Timur Raya;6\n")
    layer = read_layer(path, kabkota, level="kabkota")
    v = layer.values()["rtlh"]
    assert v.to_dict() == {"64.02": 1, "64.72": 2, "64.09": 3, "64.11": 4, "64.71": 5}
    assert layer.unmatched["row"].tolist() == [7]


def test_normalise_name():
    assert normalise_name("KAB.  Kutai  Kartanegara") == "kutai kartanegara"
    assert normalise_name("Kota Samarinda") == normalise_name("Samarinda (kota)") == "samarinda"
    assert normalise_name("PPU") == "penajam paser utara"


def test_classify_key():
    assert [classify_key(k) for k in ("64.02", "6403", "Kukar", "", None)] == \
        ["kemendagri", "bps", "name", "empty", "empty"]


@pytest.mark.parametrize("key", ["Kalimantan Timur", "6400", "Provinsi Kalimantan Timur", "64", "Jumlah"])
def test_province_total_is_recognised_not_joined(kabkota, key):
    m = match_keys([key], kabkota)
    assert m["method"].iloc[0] == PROVINCE_TOTAL
    assert pd.isna(m["code"].iloc[0])


def test_province_total_rows_listed_and_not_joined(kabkota, tmp_path):
    path = _write(tmp_path, "nama,penduduk miskin (jiwa)\nKutai Kartanegara,59000\nKalimantan Timur,221340\n"
                            "Provinsi Kalimantan Timur,221340\n")
    layer = read_layer(path, kabkota, level="kabkota")
    assert layer.province_rows["row"].tolist() == [3, 4]
    assert layer.values().index.tolist() == ["64.02"]  # the total is on no unit
    assert layer.unmatched.empty


def test_bps_province_code_row_is_a_total(kabkota, tmp_path):
    path = _write(tmp_path, "kode_bps,rtlh\n6403,5\n6400,50\n")
    layer = read_layer(path, kabkota, level="kabkota")
    assert layer.province_rows["row"].tolist() == [3]
    assert layer.values().index.tolist() == ["64.02"]


def test_unmatched_rows_keep_their_row_number_and_reason(kabkota, tmp_path):
    path = _write(tmp_path, "Data RTLH 2024\n\nnama,kode_bps,rtlh\nBerau,6405,7\nKab. Xyz,,8\n"
                            "Nowhere,6499,9\nSamarinda,6472,10\n")
    layer = read_layer(path, kabkota, level="kabkota", key_column="kode_bps")
    u = layer.unmatched.set_index("row")
    assert u.index.tolist() == [5, 6]  # spreadsheet row numbers (title + blank line above the header)
    assert "empty" in u.loc[5, "reason"]
    assert "BPS code 6499" in u.loc[6, "reason"] and "crosswalk" in u.loc[6, "reason"]
    assert u.loc[5, "nama"] == "Kab. Xyz"  # the original cells travel with the row
    assert set(layer.values().index) == {"64.03", "64.72"}


def test_every_row_is_accounted_for(kabkota, tmp_path):
    rows = ["Kukar", "Samarinda", "Kalimantan Timur", "Antah Berantah", "Berau"]
    path = _write(tmp_path, "wilayah,rtlh\n" + "".join(f"{r},{i}\n" for i, r in enumerate(rows, 1)))
    layer = read_layer(path, kabkota, level="kabkota")
    joined = set(layer.figures["row"])
    accounted = joined | set(layer.unmatched["row"]) | set(layer.province_rows["row"])
    assert accounted == {2, 3, 4, 5, 6}
    assert layer.unmatched["row"].tolist() == [5]
    assert "no unit named like 'Antah Berantah'" in layer.unmatched["reason"].iloc[0]
