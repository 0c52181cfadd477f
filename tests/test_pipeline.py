"""The pipeline both shells call: units + layers -> ranked analysis with provenance."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from geo_planner.errors import InputError
from geo_planner.pipeline import analyse, combine_layers, load_layers


def test_default_ranking_on_real_figures(analysis):
    top = analysis.ranked()
    assert len(top) == 10
    # rate and count weighted equally: Kutai Kartanegara (7.28 %, 59,000 people) leads
    assert top.loc[0, "code"] == "64.02"
    assert top.loc[top["code"] == "64.09", "indicators_used"].iloc[0] == 1  # PPU has no sourced count
    assert analysis.provenance["weights"] == {"poverty_rate": 1.0, "poor_population": 1.0}


def test_weights_move_the_ranking(kabkota):
    layers = load_layers(kabkota)
    rate_only = analyse(kabkota, layers, {"poverty_rate": 1}).ranked()
    assert list(rate_only["code"][:3]) == ["64.11", "64.07", "64.08"]  # 10.75, 9.56, 8.81 %
    count_only = analyse(kabkota, layers, {"poor_population": 1}).ranked()
    assert list(count_only["code"][:2]) == ["64.02", "64.72"]  # 59,000 then 37,800 people
    assert count_only["rank"].isna().sum() == 1  # PPU: no count, no rank


def test_kept_combination_scores_like_a_fresh_one_and_is_not_changed(kabkota):
    layers = load_layers(kabkota)
    kept = combine_layers(layers)
    before = kept.values.copy()
    for weights in ({"poverty_rate": 1}, {"poverty_rate": 2, "poor_population": 1}):
        fresh = analyse(kabkota, layers, weights)
        again = analyse(kabkota, layers, weights, combined=kept)
        assert again.ranked()[["code", "rank", "priority_score"]].equals(fresh.ranked()[["code", "rank", "priority_score"]])
    part = analyse(kabkota.loc[["64.01", "64.72"]], layers, {"poverty_rate": 1}, combined=kept)
    assert list(part.units.index) == ["64.01", "64.72"]
    assert kept.values.equals(before)  # scoring a subset did not touch the kept table


def test_upload_replaces_figure_for_its_units_only(kabkota):
    buf = io.BytesIO(b"nama,poverty_rate\nBalikpapan,12.5\n")
    buf.name = "revisi.csv"
    layers = load_layers(kabkota, [buf], directions={"poverty_rate": "need"})
    result = analyse(kabkota, layers, {"poverty_rate": 1})
    assert result.units.loc["64.71", "poverty_rate"] == 12.5
    assert result.units.loc["64.11", "poverty_rate"] == 10.75
    assert result.ranked().loc[0, "code"] == "64.71"
    src = result.figures.set_index(["code", "indicator"]).loc[("64.71", "poverty_rate"), "source"]
    assert src == "revisi.csv"


def test_unit_figures_list_alternatives_with_sources(analysis):
    ppu = analysis.unit_figures("64.09")
    rates = ppu[ppu["indicator"] == "poverty_rate"]
    assert set(rates["value"]) == {6.68, 6.69}
    assert dict(zip(rates["value"], rates["selected"].astype(bool))) == {6.68: True, 6.69: False}
    assert rates["source"].str.startswith("https://").all()


def test_context_indicator_needs_a_direction_before_weighting(kabkota):
    with pytest.raises(InputError, match="'population' is a context figure"):
        analyse(kabkota, load_layers(kabkota), {"population": 1})


def test_import_geo_planner_does_not_import_streamlit():
    code = ("import sys, geo_planner, geo_planner.pipeline, geo_planner.layers.model, geo_planner.sources.boundaries;"
            "print('streamlit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_own_boundary_file_replaces_the_catalogue(kabkota, tmp_path):
    import geopandas as gpd

    from geo_planner.pipeline import build_analysis

    own = gpd.GeoDataFrame({"kode": kabkota["bps_code"].to_numpy(), "nama": kabkota["name"].to_numpy()},
                           geometry=kabkota.geometry.to_numpy(), crs="EPSG:4326")
    path = tmp_path / "batas_sendiri.gpkg"
    own.to_file(path)
    result = build_analysis("kabkota", "64", boundary_file=str(path))
    assert result.ranked().loc[0, "code"] == "64.02"
    assert "batas_sendiri.gpkg" in result.provenance["boundaries"]


def test_alternative_figures_carry_why_they_were_not_used(analysis):
    kukar = analysis.unit_figures("64.02")
    line = kukar[(kukar["indicator"] == "poverty_line") & ~kukar["selected"].astype(bool)]
    assert line["value"].tolist() == [753332]
    assert "doubtful" in line["selection_note"].item()
