"""The offline folium map: no CDN assets, every unit drawn, legend, tooltips, geometry."""

from __future__ import annotations

import re
from dataclasses import replace

import branca
import folium
import folium.elements
import geopandas as gpd
import numpy as np
import pytest

from geo_planner import mapping
from geo_planner.coverage import EQUAL_AREA_CRS, overlapping_pairs
from geo_planner.pipeline import analyse, load_layers

ASSET = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)=[\"']([^\"']+)[\"']", re.IGNORECASE)


@pytest.fixture(scope="module")
def html(analysis) -> str:
    return mapping.map_html(analysis)


def _walk(el):
    yield el
    for child in getattr(el, "_children", {}).values():
        yield from _walk(child)


def test_no_remote_assets_in_html(html):
    assets = ASSET.findall(html)
    assert assets, "Leaflet must be included"
    assert all(a.startswith("data:") for a in assets), [a[:60] for a in assets if not a.startswith("data:")]
    assert not re.search(r"(?:src|href)=[\"']?(?:https?:)?//", html)
    for cdn in ("cdn.jsdelivr", "code.jquery", "cdnjs.cloudflare", "bootstrapcdn", "d3js.org"):
        assert cdn not in html


def test_streamlit_folium_links_are_inline(analysis):
    """What streamlit-folium loads: default_js/default_css of every element, d3 for branca colormaps."""
    m = mapping.build_map(analysis)
    elements = list(_walk(m))
    assert not any(isinstance(e, branca.colormap.ColorMap) for e in elements)
    links = [url for e in elements if isinstance(e, folium.elements.JSCSSMixin)
             for _, url in [*e.default_js, *e.default_css]]
    assert links and all(url.startswith("data:") for url in links)
    assert [name for name, _ in m.default_js] == ["leaflet"]


def test_every_unit_drawn_with_code(analysis, html):
    data = mapping.map_data(analysis)
    assert len(data.features["features"]) == len(analysis.units) == 10
    for code, name in analysis.units["name"].items():
        assert f'"code": "{code}"' in html
        assert name in html
    for f in data.features["features"]:
        assert f["properties"]["code"] == f["id"]


def test_legend_and_fit_bounds(analysis, html):
    assert "gp-legend" in html and "Skor prioritas (0-100)" in html
    assert ".fitBounds(" in html
    en = mapping.map_html(analysis, lang="en")
    assert "Priority score (0-100)" in en


def test_tooltips_carry_source_year_score_rank(analysis):
    tips = {f["id"]: f["properties"]["tip"] for f in mapping.map_data(analysis).features["features"]}
    kukar = tips["64.02"]
    assert "Kabupaten Kutai Kartanegara" in kukar
    assert "7,28" in kukar and "59.000" in kukar          # poverty rate and poor people, Indonesian format
    assert "2024" in kukar and "radarpaser.com" in kukar and "databoks.katadata.co.id" in kukar
    assert "Peringkat" in kukar and "1 dari 10" in kukar and "79,64" in kukar
    en = mapping.map_data(analysis, lang="en").features["features"][0]["properties"]["tip"]
    assert "Rank" in en and "Priority score" in en


def test_indicator_column_uses_its_own_classes_and_no_data_grey(analysis):
    data = mapping.map_data(analysis, column="rtlh_units")
    missing = analysis.units["rtlh_units"].isna()
    assert missing.any()
    assert all(data.colours[c] == mapping.NO_DATA for c in missing[missing].index)
    assert all(data.colours[c] != mapping.NO_DATA for c in missing[~missing].index)
    assert "Tidak ada data" in data.legend and "Rumah tidak layak huni" in data.legend
    # the shown figure is in the tooltip with its source
    tip = next(f for f in data.features["features"] if f["id"] == "64.72")["properties"]["tip"]
    assert "20.131" in tip


def test_priority_colours_follow_analysis_classes(analysis):
    data = mapping.map_data(analysis)
    top = analysis.ranked()["code"].iloc[0]
    bottom = analysis.ranked()["code"].iloc[-1]
    ramp = mapping.RAMPS["YlOrRd"][len(analysis.bins)]
    assert data.colours[top] == ramp[-1] and data.colours[bottom] == ramp[0]


def test_synthetic_banner(kabkota, analysis, html):
    assert "SINTETIS" not in html
    layers = [replace(layer, synthetic=True) for layer in load_layers(kabkota)]
    synthetic = analyse(kabkota, layers)
    assert synthetic.synthetic
    out = mapping.map_html(synthetic)
    assert "SINTETIS / SYNTHETIC" in out and "gp-banner" in out


def test_tiles_only_when_asked(analysis, html):
    assert "tile.openstreetmap.org" not in html
    assert "tile.openstreetmap.org" in mapping.map_html(analysis, tiles=True)


def test_simplified_geometry_is_a_clean_coverage(kabkota):
    simple = mapping.simplify_units(kabkota, 0.002)
    assert list(simple.index) == list(kabkota.index)
    geoms = simple.to_numpy()
    assert overlapping_pairs(np.asarray(geoms)) == 0
    assert gpd.GeoSeries(geoms).is_valid.all()
    before = kabkota.geometry.to_crs(EQUAL_AREA_CRS).area.sum()
    after = simple.to_crs(EQUAL_AREA_CRS).area.sum()
    assert abs(after - before) / before < 0.01
    coords = gpd.GeoSeries(geoms).get_coordinates().to_numpy()
    assert np.allclose(coords, np.round(coords, mapping.DECIMALS))
    assert len(coords) <= len(kabkota.geometry.get_coordinates())


def test_payload_is_small(analysis):
    m = mapping.build_map(analysis)
    size = mapping.payload_bytes(m)
    leaflet = sum(len(u) for u in mapping.leaflet_assets())
    assert leaflet < size < leaflet + 400_000  # the 10 kabkota add well under 400 kB


def test_clicked_code_and_highlight(analysis):
    assert mapping.clicked_code(None) is None
    assert mapping.clicked_code({"last_active_drawing": None}) is None
    feature = {"type": "Feature", "properties": {"code": "64.11", "name": "Kabupaten Mahakam Ulu"}}
    assert mapping.clicked_code({"last_active_drawing": feature}) == "64.11"
    geometry = mapping.simplify_units(analysis.units)
    fg = mapping.highlight_layer(geometry, "64.11")
    assert len(fg._children) == 1
    assert len(mapping.highlight_layer(geometry, None)._children) == 0


def test_unknown_column_is_a_user_error(analysis):
    from geo_planner.errors import GeoPlannerError

    with pytest.raises(GeoPlannerError, match="no column 'nope'"):
        mapping.build_map(analysis, column="nope")
