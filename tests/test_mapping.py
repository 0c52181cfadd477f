"""The offline folium map: no CDN assets, every unit drawn, legend, tooltips, geometry."""

from __future__ import annotations

import re
from dataclasses import replace

import branca
import folium
import folium.elements
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo_planner.outputs import mapping
from geo_planner.pipeline import analyse, load_layers
from geo_planner.units.coverage import EQUAL_AREA_CRS, overlapping_pairs

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
    layer = mapping.unit_layer(mapping.simplify_units(analysis.units), analysis.units["name"])
    assert list(layer.codes) == list(analysis.units.index) and len(layer.codes) == 10
    data = mapping.map_data(analysis)
    assert set(data.colours) == set(data.tips) == set(analysis.units.index)
    for code, name in analysis.units["name"].items():
        assert f'"{code}"' in html
        assert name in html
    assert "lyr.feature = {type: \"Feature\", properties: {code: code, name: D.n[k]}}" in html


def test_legend_and_fit_bounds(analysis, html):
    assert "gp-legend" in html and "Skor prioritas (0-100)" in html
    assert ".fitBounds(" in html
    en = mapping.map_html(analysis, lang="en")
    assert "Priority score (0-100)" in en


def test_tooltips_carry_source_year_score_rank(analysis):
    kukar = mapping.map_data(analysis).tips["64.02"]  # the browser puts name and code above this
    assert "7,28" in kukar and "59.000" in kukar          # poverty rate and poor people, Indonesian format
    assert "2024" in kukar and "radarpaser.com" in kukar and "databoks.katadata.co.id" in kukar
    assert "Peringkat" in kukar and "1 dari 10" in kukar and "79,64" in kukar
    en = next(iter(mapping.map_data(analysis, lang="en").tips.values()))
    assert "Rank" in en and "Priority score" in en


def test_indicator_column_uses_its_own_classes_and_no_data_grey(analysis):
    data = mapping.map_data(analysis, column="rtlh_units")
    missing = analysis.units["rtlh_units"].isna()
    assert missing.any()
    assert all(data.colours[c] == mapping.NO_DATA for c in missing[missing].index)
    assert all(data.colours[c] != mapping.NO_DATA for c in missing[~missing].index)
    assert "Tidak ada data" in data.legend and "Rumah tidak layak huni" in data.legend
    # the shown figure is in the tooltip with its source
    assert "20.131" in data.tips["64.72"]


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
    assert '"banner":"SINTETIS / SYNTHETIC' in out and "gp-banner" in out
    assert mapping.map_data(analysis).banner is None


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


def test_unknown_column_is_a_user_error(analysis):
    from geo_planner.errors import GeoPlannerError

    with pytest.raises(GeoPlannerError, match="no column 'nope'"):
        mapping.build_map(analysis, column="nope")


# --- below regency level: pocket maps, desa page size and topology ---------------------------------------
@pytest.fixture(scope="module")
def desa():
    from geo_planner.pipeline import add_pockets, build_analysis

    return add_pockets(build_analysis("desa", "64", synthetic=True), permutations=199)


@pytest.fixture(scope="module")
def desa_geometry(desa):
    return mapping.simplify_units(desa.units)


@pytest.fixture(scope="module")
def desa_layer(desa, desa_geometry):
    return mapping.unit_layer(desa_geometry, desa.units["name"])


def _decode(text: str) -> np.ndarray:
    """Python twin of the decoder in the page."""
    value = {c: i for i, c in enumerate(mapping.POLYLINE_ALPHABET)}
    nums, i = [], 0
    while i < len(text):
        shift = result = 0
        while True:
            b = value[text[i]]
            i += 1
            result |= (b & 31) << shift
            shift += 5
            if b < 32:
                break
        nums.append(~(result >> 1) if result & 1 else result >> 1)
    return np.cumsum(np.array(nums).reshape(-1, 2), axis=0)[:, ::-1] / 1e5  # lng, lat


def test_encoded_geometry_is_lossless(desa_geometry, desa_layer):
    import json

    data = json.loads(desa_layer.data)
    assert data["c"] == list(desa_geometry.index)
    for k in (0, 500, 1037):
        geom = desa_geometry.iloc[k]
        parts = [p for p in shapely.get_parts(geom)]
        assert len(data["g"][k]) == len(parts)
        ring = shapely.get_coordinates(parts[0].exterior)[:-1]
        assert np.array_equal(_decode(data["g"][k][0][0]), ring)
    # nothing that Jinja (a second template pass) or streamlit-folium (renames "_xyz") would rewrite
    rings = {c for unit in data["g"] for poly in unit for ring in poly for c in ring}
    assert rings <= set(mapping.POLYLINE_ALPHABET) and not rings & set("{_\\\"")
    assert "{{" not in desa_layer.data and "{%" not in desa_layer.data


def test_bivariate_map(desa, desa_layer):
    data = mapping.map_data(desa, column="bivariate")
    units = desa.units
    under = units.index[units["underserved"]]
    assert len(under) and all(data.colours[c] == mapping.BIVARIATE["3-1"] for c in under)
    assert set(data.outlines) == set(under)
    assert set(data.colours.values()) <= set(mapping.BIVARIATE.values()) | {mapping.NO_DATA_DARK}
    legend = data.legend
    assert "Kebutuhan" in legend and "Cakupan" in legend and legend.count('title="') == 9
    assert "Kebutuhan tinggi, cakupan rendah" in legend
    tip = data.tips[under[0]]
    assert "Kelas kebutuhan <b>3</b>/3" in tip and "cakupan <b>1</b>/3" in tip
    # no coverage figure: grey, never outlined, said in the legend
    gap = desa.units.copy()
    gap.loc[gap.index[:5], ["bivariate", "underserved"]] = [pd.NA, False]
    grey = mapping.map_data(replace(desa, units=gap), column="bivariate", lang="en")
    assert all(grey.colours[c] == mapping.NO_DATA_DARK for c in gap.index[:5])
    assert "No coverage figure" in grey.legend and "Need" in grey.legend and "Coverage" in grey.legend
    html = mapping.render_map(data, desa_layer).get_root().render()
    assert "Kebutuhan × cakupan" in html


def test_hotspot_map(desa):
    data = mapping.map_data(desa, column="hotspots")
    units = desa.units
    assert {data.colours[c] for c in units.index[units["gi_class"] == "hot"]} == {mapping.HOTSPOT["hot"]}
    assert {data.colours[c] for c in units.index[units["gi_class"] == "cold"]} == {mapping.HOTSPOT["cold"]}
    members = units.index[units["pocket"].notna()]
    assert set(data.outlines) == set(members) and len(members)
    assert "Hotspot kebutuhan (Gi*)" in data.legend and "199 permutasi" in data.legend
    assert f"Anggota kantong ({len(desa.pockets)})" in data.legend
    code = members[0]
    tip = data.tips[code]
    assert f"Kantong <b>{units.at[code, 'pocket']}</b>" in tip and "Moran lokal" in tip


def test_pocket_maps_need_add_pockets(analysis):
    from geo_planner.errors import GeoPlannerError

    with pytest.raises(GeoPlannerError, match="add_pockets"):
        mapping.map_data(analysis, column="hotspots")


def test_desa_tooltips_stay_lean(desa):
    data = mapping.map_data(desa, column="poverty_rate")
    lengths = [len(tip) for tip in data.tips.values()]
    assert max(lengths) < 260
    tip = data.tips["64.72.01.1001"]
    assert "Persentase penduduk miskin" in tip and "Peringkat" in tip and "dari 1038" in tip
    assert "http" not in tip and "SINTETIS (" not in tip  # no sources per desa


def test_desa_page_under_1_mb_without_overlaps_or_new_gaps(desa, desa_geometry, desa_layer):
    geoms = desa_geometry.to_numpy()
    assert overlapping_pairs(np.asarray(geoms)) == 0
    assert mapping.count_gaps(geoms) <= mapping.count_gaps(desa.units.geometry.to_numpy())
    assert gpd.GeoSeries(geoms).is_valid.all() and not gpd.GeoSeries(geoms).is_empty.any()
    coords = gpd.GeoSeries(geoms).get_coordinates().to_numpy()
    assert np.allclose(coords, np.round(coords, mapping.DECIMALS), rtol=0, atol=1e-9)
    before = desa.units.geometry.to_crs(EQUAL_AREA_CRS).area.sum()
    assert abs(desa_geometry.to_crs(EQUAL_AREA_CRS).area.sum() - before) / before < 0.005
    for column in ("priority_score", "poverty_rate", "bivariate", "hotspots"):
        m = mapping.render_map(mapping.map_data(desa, column=column), desa_layer)
        assert mapping.payload_bytes(m) < 1_000_000, column


def test_restyle_keeps_the_geometry_out_of_the_style(desa, desa_layer):
    """What st_folium re-runs on a colour change is the style group, without any coordinates."""
    data = mapping.map_data(desa, column="hotspots")
    group = mapping.style_layer(data)
    assert len(group._children) == 1
    payload = data.to_json()
    assert len(payload) < 250_000 and desa_layer.data[:2000] not in payload
    base = mapping.base_map(desa_layer).get_root().render()
    assert "gpRestyle" in base and "Hotspot kebutuhan" not in base


def test_drill_down_geometry_is_finer(desa):
    from geo_planner.pipeline import within_units

    city = within_units(desa.units, "64.72")
    assert mapping.tolerance_for(desa.units) == mapping.TOLERANCE["desa"]
    assert mapping.tolerance_for(city) < mapping.TOLERANCE["desa"] / 5
    simple = mapping.simplify_units(city)
    assert overlapping_pairs(simple.to_numpy()) == 0


# --- the map's simplified geometry is made once and stored (data fetch), not on a level's first view ----
def test_level_geometry_is_stored_beside_the_boundaries_and_read_back_unchanged(kabkota, tmp_path):
    from geo_planner.outputs.map_geometry import level_geometry, simplify_units

    made = []

    def simplify(units):
        made.append(len(units))
        return simplify_units(units)

    first = level_geometry(kabkota, "64", "kabkota", cache=tmp_path, simplify=simplify)
    stored = sorted(p.name for p in tmp_path.rglob("*.parquet"))
    assert stored == ["kabkota.map-t0.002-d5-v1.parquet"]  # the level's tolerance, 5 decimals, in its name
    again = level_geometry(kabkota, "64", "kabkota", cache=tmp_path, simplify=simplify)
    assert made == [10]  # the 10 kab/kota simplified once; the second call read the file
    assert list(again.index) == list(kabkota.index) and again.crs == kabkota.crs
    fresh = simplify_units(kabkota)
    for a, b, c in zip(fresh, first, again):  # every vertex as simplify_units makes it, Polygon stays Polygon
        assert a.geom_type == c.geom_type and a.equals_exact(c, 0) and b.equals_exact(c, 0)


def test_level_geometry_of_other_units_is_made_again(kabkota, tmp_path):
    from geo_planner.outputs.map_geometry import level_geometry, simplify_units

    level_geometry(kabkota, "64", "kabkota", cache=tmp_path)
    fewer = kabkota.iloc[:9]  # same bounds' tolerance or not: the stored codes are not these
    made = []
    out = level_geometry(fewer, "64", "kabkota", cache=tmp_path,
                         simplify=lambda u: made.append(len(u)) or simplify_units(u))
    assert made == [9] and list(out.index) == list(fewer.index)
