"""The payloads of the app's map component (geo_planner.outputs.map_component), on hand-made units.

The browser rebuilds each tooltip from templates and the numbers of each unit; here the same decoding
(``expand_tips``, ``unit_styles``) must give back exactly the tooltips and colours given, and the payload
per rerun must stay small for 1,038 units.
"""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Polygon, box

from geo_planner.outputs import mapping
from geo_planner.outputs.map_component import (
    expand_tips,
    geometry_payload,
    label_points,
    layer_id,
    style_payload,
    unit_styles,
)
from geo_planner.outputs.map_geometry import unit_layer


def _style(colours, outlines, tips, codes):
    return style_payload(colours, outlines, tips, codes, legend="<b>L</b>", banner=None, outline_weight=1.6,
                         outline_colour="#111111", no_data="#d9d9d9")


def test_tooltips_and_colours_come_back_exactly():
    codes = ("64.72.01", "64.72.02", "64.72.03", "64.72.04", "64.72.05")
    tips = {"64.72.01": "Skor prioritas: <b>45,2</b> · Peringkat <b>2 dari 841</b>",
            "64.72.05": "Skor prioritas: <b>12,5</b> · Peringkat <b>3 dari 841</b>",
            "64.72.02": "Skor prioritas: <b>61,75</b> · Peringkat <b>1 dari 841</b><br>Kantong <b>P3</b>",
            "64.72.03": "Skor prioritas: <i>tidak ada data</i><br><i>tidak dinilai IDM (kelurahan)</i>",
            "64.72.04": ""}
    colours = {"64.72.01": "#feb24c", "64.72.02": "#bd0026", "64.72.03": "#8c8c8c"}  # 64.72.04: none
    style = _style(colours, {"64.72.02": 1}, tips, codes)
    assert expand_tips(style, codes) == tips
    assert unit_styles(style, codes) == {"64.72.01": ("#feb24c", False), "64.72.02": ("#bd0026", True),
                                         "64.72.03": ("#8c8c8c", False), "64.72.04": ("#d9d9d9", False),
                                         "64.72.05": ("#d9d9d9", False)}
    # "841" is the same in both tooltips of one form: it stays in the template, not in each unit's numbers
    assert any("dari 841" in t for t in style["tpl"])
    assert style["t"].split("\n")[0].endswith("|45,2|2")


def test_a_colour_change_at_desa_size_is_a_few_kb():
    codes = tuple(f"64.72.{i // 100:02d}.{2000 + i}" for i in range(1038))
    tips = {c: f"Skor prioritas: <b>{(i * 7919) % 10000 / 100:.2f}</b> · Peringkat <b>{i + 1} dari 1038</b>"
            .replace(".", ",", 1) for i, c in enumerate(codes)}
    ramp = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"]
    style = _style({c: ramp[i % 5] for i, c in enumerate(codes)}, {}, tips, codes)
    size = len(json.dumps(style).encode("utf-8"))
    assert size < 20_000, size
    assert expand_tips(style, codes) == tips


def test_too_many_colours_is_refused_with_a_reason():
    codes = tuple(str(i) for i in range(40))
    with pytest.raises(ValueError, match="at most 32"):
        _style({c: f"#{i:06x}" for i, c in enumerate(codes)}, {}, {}, codes)


def test_label_points_lie_inside_their_units_largest_first():
    l_shape = Polygon([(0, 0), (3, 0), (3, 1), (1, 1), (1, 3), (0, 3)])  # its centroid is outside it
    small = box(5, 5, 5.5, 5.5)
    islands = shapely.MultiPolygon([box(10, 0, 10.2, 0.2), box(12, 0, 14, 2)])
    geometry = gpd.GeoSeries([small, l_shape, islands], index=["a", "b", "c"], crs="EPSG:4326")
    assert not l_shape.contains(l_shape.centroid)
    points, order = label_points(geometry)
    for (lat, lng), geom in zip(points, geometry):
        assert geom.contains(shapely.Point(lng, lat))
    assert box(12, 0, 14, 2).contains(shapely.Point(points[2][1], points[2][0]))  # on the big island
    assert order == [1, 2, 0]  # L (5 sq. deg.), the islands (4.04), the small square


def test_geometry_payload_labels_only_above_desa():
    geometry = gpd.GeoSeries([box(0, 0, 1, 1), box(1, 0, 2, 1)], index=["64.01", "64.02"], crs="EPSG:4326")
    layer = unit_layer(geometry, {"64.01": "Kabupaten Paser", "64.02": "Kota Balikpapan"})
    kab = geometry_payload(layer, geometry, level="kabkota")
    assert len(kab["labels"]) == 2 and kab["id"] == layer_id(layer) and kab["id"].startswith("2:64.01:64.02:")
    assert json.loads(kab["data"])["n"] == ["Kabupaten Paser", "Kota Balikpapan"]
    assert "labels" not in geometry_payload(layer, geometry, level="desa")


@pytest.mark.parametrize("lang, expected", [("id", ["10 – 1.234,5", "1.234,5 – 5.000"]),
                                            ("en", ["10 – 1,234.5", "1,234.5 – 5,000"])])
def test_legend_numbers_in_the_chosen_language(lang, expected):
    legend = mapping._legend_html("T", "n", ["#ffffb2", "#bd0026"], [1234.5, 5000.0], 10.0, False, lang)
    assert [row for row in expected if row in legend] == expected


def test_no_degenerate_class_in_the_legend():
    # tied values: quantile bins 10-50, 50-50, 50-100; no unit can fall in the middle class
    colours = ["#ffffb2", "#fd8d3c", "#bd0026"]
    legend = mapping._legend_html("T", "n", colours, [50.0, 50.0, 100.0], 10.0, True, "id",
                                  used={"#ffffb2", "#bd0026"})
    assert "50 – 50" not in legend and "#fd8d3c" not in legend
    assert "10 – 50" in legend and "50 – 100" in legend and "Tidak ada data" in legend
    # when every unit has the same value, the one class reads "50"
    one = mapping._legend_html("T", "n", ["#ffffb2"], [50.0], 50.0, False, "id", used={"#ffffb2"})
    assert "<span>50</span>" in one and "–" not in one
