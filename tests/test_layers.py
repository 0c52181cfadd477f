"""Layers: the shipped sourced figures and user tables joined to units."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from geo_planner.errors import InputError, ValidationError
from geo_planner.layers.model import (
    LAYERS_DIR,
    builtin_layer,
    read_layer,
    read_manifest,
    slugify,
)


def test_shipped_layer_validates_and_keeps_sources(kabkota):
    layer = builtin_layer(kabkota)
    values = layer.values()
    assert values.loc["64.11", "poverty_rate"] == 10.75
    assert values.loc["64.02", "poor_population"] == 59000
    assert pd.isna(values.loc["64.09"].get("poor_population"))  # PPU count not sourced: stays empty
    assert values.loc["64.09", "poverty_rate"] == 6.68  # selected over the databoks 6.69
    assert values.loc["64.72", "slum_area_sk"] == 70.51  # latest SK (2020) over 2018
    sel = layer.selected()
    assert sel["source"].str.startswith("http").all()
    # the province rows are recognised, not joined to a regency
    assert len(layer.province_rows) == 16 and layer.unmatched.empty


def test_manifest_covers_every_indicator_in_figures():
    manifest = read_manifest(LAYERS_DIR / "kaltim" / "manifest.csv")
    figures = pd.read_csv(LAYERS_DIR / "kaltim" / "figures.csv", dtype=str)
    assert set(figures["indicator"]) <= set(manifest)
    assert manifest["poverty_rate"].direction == "need" and manifest["poverty_rate"].unit == "%"
    assert manifest["rtlh_renovated_units"].direction == "coverage"


def _csv(text: str, name: str = "upload.csv") -> io.BytesIO:
    buf = io.BytesIO(text.encode("utf-8"))
    buf.name = name
    return buf


def test_wide_table_by_name_with_indonesian_numbers(kabkota):
    src = _csv("Kabupaten/Kota;Jumlah RTLH (unit);Persentase akses air (%)\n"
               "Kab. Kutai Kartanegara;1.234;85,5\n"
               "KOTA SAMARINDA;20.131;97,1\n"
               "Kab. Antah Berantah;10;50\n"
               "Kalimantan Timur;21.375;90\n")
    layer = read_layer(src, kabkota, level="kabkota")
    v = layer.values()
    assert v.loc["64.02", "jumlah_rtlh"] == 1234
    assert v.loc["64.72", "persentase_akses_air"] == 97.1
    assert layer.indicators["persentase_akses_air"].unit == "%"
    assert list(layer.unmatched["row"]) == [4]
    assert "no unit named like 'Kab. Antah Berantah'" in layer.unmatched["reason"].iloc[0]
    assert list(layer.province_rows["row"]) == [5]


def test_bps_code_column_is_a_key_not_a_figure(kabkota):
    src = _csv("kode_bps,nama,rtlh\n6403,Kutai Kartanegara,100\n6405,Berau,7\n")
    layer = read_layer(src, kabkota, level="kabkota")
    v = layer.values()
    assert list(v.columns) == ["rtlh"]
    assert v.loc["64.02", "rtlh"] == 100 and v.loc["64.03", "rtlh"] == 7


def test_all_cell_problems_are_reported_together(kabkota):
    src = _csv("nama,persentase miskin (%),jumlah penduduk miskin\n"
               "Paser,8.63,25280\n"
               "Berau,120,abc\n"
               "Bontang,3.74,-5\n"
               "Paser,9.1,25280\n", name="bad.csv")
    with pytest.raises(ValidationError) as err:
        read_layer(src, kabkota, level="kabkota")
    text = str(err.value)
    rows = {(p.row, p.column) for p in err.value.problems if p.row}
    assert (3, "persentase miskin (%)") in rows  # rate 120
    assert (3, "jumlah penduduk miskin") in rows  # text in a number column
    assert (4, "jumlah penduduk miskin") in rows  # negative count
    assert "conflicting values" in text and "rows 2, 5" in text
    assert "bad.csv" in text


def test_table_without_key_column_names_the_columns(kabkota):
    with pytest.raises(InputError, match="no column holds unit codes or names.*columns are: a, b"):
        read_layer(_csv("a,b\n1,2\n3,4\n"), kabkota, level="kabkota")


def test_table_without_numbers_is_refused(kabkota):
    with pytest.raises(InputError, match="no column holds numbers"):
        read_layer(_csv("nama,catatan\nBerau,baik\n"), kabkota, level="kabkota")


def test_slugify():
    assert slugify("Jumlah RTLH (unit)") == "jumlah_rtlh"
    assert slugify("Persentase Penduduk Miskin (%)") == "persentase_penduduk_miskin"
    assert slugify("2024") == "col_2024"


KEYS = ["64.02", "6403", "Kukar", "Kota Samarinda", "BERAU", "Mahulu", "Kalimantan Timur", "6400",
        "Antah Berantah", "99.99", "Kab. Paser", "Balikpapan (kota)", "Penajam Paser Utara", "Bontang"]


def test_every_row_is_joined_or_reported_exactly_once(kabkota):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.sampled_from(KEYS), min_size=1, max_size=12, unique=True),
           st.lists(st.integers(0, 10_000), min_size=12, max_size=12))
    def check(keys, numbers):
        from geo_planner.units.codes import match_keys

        lines = ["wilayah,nilai"] + [f'"{k}",{n}' for k, n in zip(keys, numbers)]
        codes = match_keys(keys, kabkota)["code"]
        values_per_code = pd.Series(numbers[: len(keys)]).groupby(codes.to_numpy()).nunique()
        if (values_per_code > 1).any():  # two spellings of one unit with different figures
            with pytest.raises(ValidationError, match="conflicting values"):
                read_layer(_csv("\n".join(lines) + "\n"), kabkota, level="kabkota")
            return
        layer = read_layer(_csv("\n".join(lines) + "\n"), kabkota, level="kabkota")
        joined = list(layer.figures["row"])
        reported = list(layer.unmatched["row"]) + list(layer.province_rows["row"])
        assert sorted(joined + reported) == list(range(2, len(keys) + 2))  # each row once
        by_row = dict(zip(layer.figures["row"], layer.figures["value"]))
        for i, n in enumerate(numbers[: len(keys)]):
            if i + 2 in by_row:
                assert by_row[i + 2] == n
        joined_values = layer.values().get("nilai", pd.Series(dtype=float))
        assert joined_values.notna().sum() == codes.dropna().nunique()

    check()


def test_row_with_unknown_code_is_joined_by_its_name(kabkota):
    src = _csv("Kode BPS,Kabupaten/Kota,RTLH\n6401,Kab. 1,10\n6403,Kab. 2,20\n6405,Kab. 3,25\n"
               "6499,Bontang,30\n6498,Negeri Antah,40\n")
    layer = read_layer(src, kabkota, level="kabkota")
    v = layer.values()["rtlh"]
    assert v["64.74"] == 30 and v["64.02"] == 20  # Bontang by its name, its code 6499 being unknown
    bontang = layer.figures[layer.figures["code"] == "64.74"]
    assert bontang["method"].item() == "name (Kabupaten/Kota)"
    assert list(layer.unmatched["row"]) == [6]
