"""Below regency level: drill-down, synthetic demo, roll-ups, spatial layers, pockets."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from scipy.sparse.csgraph import connected_components

from geo_planner.cli.commands import main
from geo_planner.errors import InputError
from geo_planner.pipeline import add_pockets, build_analysis, load_layers, load_units


@pytest.fixture(scope="module")
def desa():
    result = build_analysis("desa", "64", synthetic=True)  # the demo, on request (real IDM by default)
    return add_pockets(result, permutations=199)


def test_desa_demo_is_synthetic_and_sums_to_the_real_regency_counts(desa, kabkota):
    from geo_planner.layers.model import builtin_layer

    assert desa.synthetic and len(desa.units) == 1038
    real = builtin_layer(kabkota).values()
    by_regency = desa.units.groupby(desa.units.index.str[:5])["poor_population"].sum()
    for code, poor in real["poor_population"].dropna().items():
        assert by_regency[code] == poor


def test_kecamatan_level_agrees_with_desa(desa):
    kec = build_analysis("kecamatan", "64", synthetic=True)
    assert len(kec.units) == 105 and kec.synthetic
    summed = desa.units.groupby("parent")["poor_population"].sum()
    pd.testing.assert_series_equal(kec.units["poor_population"].reindex(summed.index), summed,
                                   check_names=False)


def test_drill_down_keeps_the_units_of_one_regency():
    kec = build_analysis("kecamatan", "64", within="64.72")
    assert len(kec.units) == 10 and all(c.startswith("64.72.") for c in kec.units.index)
    with pytest.raises(InputError, match="no unit of this level lies within code 64.99"):
        build_analysis("kecamatan", "64", within="64.99")


def test_without_any_layer_desa_says_what_to_load():
    with pytest.raises(InputError, match="no figure is joined to any desa unit"):
        build_analysis("desa", "64", synthetic=False, include_builtin=False)


def test_point_layer_counts_land_in_desa_by_the_pipeline(tmp_path):
    units = load_units("desa", "64")
    pts = units.loc[["64.72.01.1001", "64.72.01.1001", "64.01.01.2009"]].geometry.representative_point()
    lines = ["lintang;bujur;jumlah_kpm"]
    lines += [f"{str(p.y).replace('.', ',')};{str(p.x).replace('.', ',')};{n}" for p, n in zip(pts, (2, 3, 4))]
    lines += ["0,5;100,5;9", ";;1"]  # one point outside the province, one without coordinates
    path = tmp_path / "penerima.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    layers = load_layers(units, [path], level="desa", include_builtin=False)
    values = layers[0].values()
    assert values.loc["64.72.01.1001", "penerima_count"] == 2
    assert values.loc["64.72.01.1001", "penerima_jumlah_kpm_sum"] == 5
    assert values.loc["64.01.01.2009", "penerima_count"] == 1
    assert values["penerima_count"].sum() == 3
    assert sorted(layers[0].unmatched["row"]) == [5, 6]


def test_pockets_are_contiguous_groups(desa):
    from geo_planner.analysis.pockets import contiguity

    w, _ = contiguity(desa.units)
    ids = list(w.id_order)
    for members in desa.pockets["units"]:
        pos = [ids.index(c) for c in members]
        sub = w.sparse[pos][:, pos]
        n, _ = connected_components(sub, directed=False)
        assert n == 1
    flagged = desa.units["pocket"].notna()
    assert flagged.sum() == desa.pockets["n_units"].sum()
    assert (desa.units.loc[flagged, "underserved"] | (desa.units.loc[flagged, "gi_class"] == "hot")).all()


def test_synthetic_is_flagged_in_every_output(desa, tmp_path, capsys):
    from geo_planner.outputs.gate import write
    from geo_planner.outputs.mapping import map_html

    ranked = pd.read_csv(io.BytesIO(write(desa, None, fmt="csv", headers="ids").data), dtype={"code": str})
    assert ranked["synthetic"].all()
    pockets = pd.read_csv(io.BytesIO(write(desa, None, fmt="pockets").data))
    assert len(pockets) and pockets["synthetic"].all()
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(write(desa, None, fmt="xlsx").data))
    sources = " ".join(str(c.value) for row in book.worksheets[1].iter_rows() for c in row if c.value)
    assert "SINTETIS" in sources.upper()
    assert "SINTETIS" in map_html(desa)
    assert main(["pockets", "--level", "desa", "--within", "64.72", "--permutations", "99", "--synthetic",
                 "--out", str(tmp_path / "kantong.xlsx")]) == 0
    assert "SYNTHETIC" in capsys.readouterr().err


def test_cli_pockets_and_level_errors(tmp_path, capsys):
    assert main(["rank", "--level", "desa", "--no-synthetic", "--no-builtin"]) == 1
    err = capsys.readouterr().err
    assert "no figure is joined to any desa unit" in err and "Traceback" not in err
    out = tmp_path / "kantong.csv"
    assert main(["pockets", "--level", "kecamatan", "--permutations", "99", "--synthetic", "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert {"pocket", "n_units", "codes", "population", "poor", "reason", "synthetic"} <= set(table.columns)
    assert (out.parent / "kantong.csv.provenance.json").is_file()
