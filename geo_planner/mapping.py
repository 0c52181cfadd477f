"""Choropleth maps of an analysis with folium, working without internet.

folium loads Leaflet, jQuery, Bootstrap and icon fonts from CDNs by default, so
on a machine without internet the map stays blank. Here the map carries
Leaflet itself (from the PyPI package ``xstatic-leaflet``) as ``data:`` URIs
and nothing else: no tile layer unless asked for (``tiles=True`` adds
OpenStreetMap tiles, which need internet), a legend and banner written as
plain Leaflet controls (branca colormaps would make streamlit-folium fetch d3
from a CDN).

Geometry is simplified once per set of units with ``shapely.coverage_simplify``,
which moves shared edges together, so neighbours keep touching without gaps or
overlaps, and rounded to 5 decimals (about 1 m).

>>> m = build_map(analysis)                      # doctest: +SKIP
>>> html = map_html(analysis, lang="en")         # doctest: +SKIP
"""

from __future__ import annotations

import base64
import functools
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import MacroElement
from jinja2 import Template

from .i18n import column_label, fmt_number, t
from .priority import classify

__all__ = ["TOLERANCE", "MapData", "simplify_units", "map_data", "render_map", "build_map", "map_html",
           "payload_bytes", "highlight_layer", "clicked_code", "leaflet_assets", "source_domain"]

# Simplification tolerance in degrees (0.001 degree is about 110 m at the equator).
TOLERANCE = {"province": 0.005, "kabkota": 0.002, "kecamatan": 0.0005, "desa": 0.0002}
DECIMALS = 5
NO_DATA = "#d9d9d9"
EDGE = "#4d4d4d"
# ColorBrewer sequential ramps (light -> dark), by number of classes.
RAMPS = {
    "YlOrRd": {3: ["#ffeda0", "#feb24c", "#f03b20"], 4: ["#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"],
               5: ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"],
               6: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"],
               7: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"]},
    "YlGnBu": {3: ["#edf8b1", "#7fcdbb", "#2c7fb8"], 4: ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
               5: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
               6: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"],
               7: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"]},
}
ATTRIBUTION = "Batas: cahyadsn/wilayah_boundaries (Kemendagri)"
_TIP_FIGURES = ("poverty_rate", "poor_population")


@functools.lru_cache(maxsize=1)
def leaflet_assets() -> tuple[str, str]:
    """Leaflet's JavaScript and CSS as ``data:`` URIs, from the ``xstatic-leaflet`` package.

    The CSS's images (layer and marker icons) are inlined too, so nothing is fetched.
    """
    import xstatic.pkg.leaflet as xl

    base = Path(xl.BASE_DIR)
    js = re.sub(r"//# sourceMappingURL=\S+\s*$", "", (base / "leaflet.js").read_text(encoding="utf-8"))

    def inline(match: re.Match) -> str:
        data = (base / match.group(1)).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(data).decode()})"

    css = re.sub(r"url\((images/[\w.-]+\.png)\)", inline, (base / "leaflet.css").read_text(encoding="utf-8"))
    b64 = lambda text: base64.b64encode(text.encode()).decode()  # noqa: E731
    return f"data:text/javascript;base64,{b64(js)}", f"data:text/css;base64,{b64(css)}"


def simplify_units(gdf: gpd.GeoDataFrame, tolerance: float | None = None, *,
                   decimals: int = DECIMALS) -> gpd.GeoSeries:
    """Simplified geometry of a coverage of units, shared edges kept shared.

    Parameters
    ----------
    gdf : GeoDataFrame
        Units in EPSG:4326 that form a coverage (no overlaps), as from ``load_units``.
    tolerance : float, optional
        In degrees; default from :data:`TOLERANCE` for the units' level (0.002 for kabkota).
    decimals : int
        Coordinates are snapped to this many decimals (5: about 1 m).

    Returns
    -------
    GeoSeries
        Same index and CRS as ``gdf``.
    """
    if tolerance is None:
        level = str(gdf["level"].iloc[0]) if "level" in gdf.columns and len(gdf) else "kabkota"
        tolerance = TOLERANCE.get(level, 0.001)
    geoms = shapely.coverage_simplify(gdf.geometry.to_numpy(), tolerance)
    geoms = shapely.set_precision(geoms, 10.0 ** -decimals)
    geoms = shapely.transform(geoms, lambda xy: np.round(xy, decimals))
    return gpd.GeoSeries(geoms, index=gdf.index, crs=gdf.crs)


def source_domain(source: object) -> str:
    """Short host name of a source URL (``www.`` dropped); a non-URL source (a file name) as it is."""
    text = str(source or "").strip()
    host = urlparse(text).netloc if "://" in text else ""
    return host.removeprefix("www.") if host else text


@dataclass
class MapData:
    """What a map shows, ready for folium: features, colours, legend, banner."""

    features: dict
    colours: dict[str, str]
    legend: str
    bounds: list[list[float]]
    banner: str | None = None
    attribution: str = ATTRIBUTION
    columns: dict[str, str] = field(default_factory=dict)


def _classes(analysis, column: str, scheme: str | None) -> tuple[pd.Series, list[float], str]:
    units = analysis.units
    if column == "priority_score":
        return units["priority_class"], list(analysis.bins), "need"
    if column not in units.columns:
        from .errors import InputError

        raise InputError(f"no column '{column}' to colour the map by; choose priority_score or one of "
                         f"{', '.join(analysis.indicator_ids)}")
    if scheme is None:
        scheme = str(analysis.provenance.get("classification", "quantiles")).split(",")[0]
    classes, bins = classify(units[column].astype("float64"), scheme=scheme, k=5)
    meta = analysis.indicators.get(column)
    return classes, bins, getattr(meta, "direction", "context")


def _legend_html(title: str, note: str, colours: list[str], bins: list[float], lo: float,
                 missing: bool, lang: str) -> str:
    rows, prev = [], lo
    for colour, hi in zip(colours, bins):
        rows.append((colour, f"{fmt_number(prev, lang)} – {fmt_number(hi, lang)}"))
        prev = hi
    if missing:
        rows.append((NO_DATA, t("no_data", lang)))
    items = "".join(
        f'<div style="display:flex;align-items:center;gap:6px;margin:2px 0">'
        f'<span style="display:inline-block;width:18px;height:12px;background:{c};border:1px solid {EDGE}"></span>'
        f"<span>{html.escape(label)}</span></div>" for c, label in rows)
    return (f'<div style="font-weight:600;margin-bottom:2px">{html.escape(title)}</div>'
            f'<div style="color:#555;font-size:11px;margin-bottom:4px">{html.escape(note)}</div>{items}')


def _figure_line(analysis, figs: pd.DataFrame, code: str, ind: str, lang: str) -> str:
    meta = analysis.indicators.get(ind)
    label = meta.label(lang) if meta else ind
    unit = f" {meta.unit}" if meta is not None and meta.unit else ""
    if (code, ind) not in figs.index:
        return f"{html.escape(label)}: <i>{t('no_data', lang).lower()}</i>"
    row = figs.loc[(code, ind)]
    where = " · ".join(x for x in (str(row["year"]), source_domain(row["source"])) if x and x != "nan")
    return (f"{html.escape(label)}: <b>{fmt_number(row['value'], lang)}{html.escape(unit)}</b>"
            f' <span style="color:#666">({html.escape(where)})</span>')


def _tooltip(analysis, figs: pd.DataFrame, code: str, column: str, lang: str) -> str:
    u = analysis.units.loc[code]
    lines = [f'<b style="font-size:13px">{html.escape(str(u["name"]))}</b> '
             f'<span style="color:#666">{html.escape(code)}</span>']
    shown = [column] if column != "priority_score" and column not in _TIP_FIGURES else []
    lines += [_figure_line(analysis, figs, code, ind, lang) for ind in [*shown, *_TIP_FIGURES]
              if ind in analysis.indicators]
    n = int(analysis.units["rank"].notna().sum())
    if pd.notna(u["priority_score"]):
        rank = t("rank_of", lang, rank=int(u["rank"]), n=n)
        lines.append(f"{t('score', lang)}: <b>{fmt_number(u['priority_score'], lang)}</b> · "
                     f"{t('rank', lang)} <b>{rank}</b>")
    else:
        lines.append(f"{t('score', lang)}: <i>{t('no_data', lang).lower()}</i>")
    return "<br>".join(lines)


def map_data(analysis, *, column: str = "priority_score", lang: str = "id", scheme: str | None = None,
             geometry: gpd.GeoSeries | None = None) -> MapData:
    """Features, colours and legend of a choropleth of ``analysis`` coloured by ``column``.

    ``geometry`` is the simplified geometry (:func:`simplify_units`), computed here when not given.
    """
    geometry = simplify_units(analysis.units) if geometry is None else geometry
    classes, bins, direction = _classes(analysis, column, scheme)
    ramp = RAMPS["YlOrRd" if direction == "need" else "YlGnBu"]
    k = len(bins)
    palette = ramp[min(max(k, 3), 7)] if k >= 3 else [ramp[3][0], ramp[3][2]][-k:] if k else []
    colours = {code: (palette[int(c)] if pd.notna(c) else NO_DATA) for code, c in classes.items()}
    figs = analysis.figures.set_index(["code", "indicator"]).sort_index()
    features = []
    for code, geom in geometry.items():
        if code not in analysis.units.index or geom is None or geom.is_empty:
            continue
        features.append({
            "type": "Feature", "id": code, "geometry": shapely.geometry.mapping(geom),
            "properties": {"code": code, "name": str(analysis.units.at[code, "name"]),
                           "tip": _tooltip(analysis, figs, code, column, lang)},
        })
    values = analysis.units[column].astype("float64")
    title = t("legend_score", lang) if column == "priority_score" else column_label(column, analysis.indicators, lang)
    note = t("legend_note_need" if column == "priority_score" else "legend_note_value", lang)
    lo = float(values.min()) if values.notna().any() else 0.0
    legend = _legend_html(title, note, palette, bins, lo, bool(values.isna().any()), lang)
    minx, miny, maxx, maxy = geometry.total_bounds
    banner = t("synthetic_banner", lang) if analysis.synthetic else None
    return MapData({"type": "FeatureCollection", "features": features}, colours, legend,
                   [[float(miny), float(minx)], [float(maxy), float(maxx)]], banner)


class _Control(MacroElement):
    """A Leaflet control holding fixed HTML (legend, banner), plus optional page CSS."""

    _template = Template("""
        {% macro header(this, kwargs) %}{% if this.css %}<style>{{ this.css }}</style>{% endif %}{% endmacro %}
        {% macro script(this, kwargs) %}
        (function() {
            var ctl = L.control({position: {{ this.position|tojson }}});
            ctl.onAdd = function() {
                var div = L.DomUtil.create("div", {{ this.css_class|tojson }});
                div.innerHTML = {{ this.content|tojson }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            ctl.addTo({{ this._parent.get_name() }});
            {% if this.attribution %}
            if ({{ this._parent.get_name() }}.attributionControl) {
                {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.attribution|tojson }});
            }
            {% endif %}
        })();
        {% endmacro %}
    """)

    def __init__(self, content: str, *, position: str, css_class: str, css: str = "",
                 attribution: str = "") -> None:
        super().__init__()
        self._name = "GeoPlannerControl"
        self.content, self.position, self.css_class = content, position, css_class
        self.css, self.attribution = css, attribution


_CSS = (".leaflet-container{background:#fff}.leaflet-control-attribution{font-size:10px}"
        ".gp-legend{background:rgba(255,255,255,.92);padding:6px 9px;border-radius:4px;"
        "box-shadow:0 1px 4px rgba(0,0,0,.3);font:12px/1.35 system-ui,Arial,sans-serif;max-width:230px}"
        ".gp-banner{background:#b00020;color:#fff;padding:5px 10px;border-radius:4px;"
        "font:700 13px/1.3 system-ui,Arial,sans-serif;letter-spacing:.02em}"
        ".foliumtooltip{font:12px/1.4 system-ui,Arial,sans-serif}.foliumtooltip td{white-space:nowrap}")


def render_map(data: MapData, *, tiles: bool = False, height: str | int = "100%") -> folium.Map:
    """A folium map of prepared :class:`MapData` with Leaflet inlined (no CDN)."""
    m = folium.Map(tiles=None, zoom_snap=0.25, height=height)
    js, css = leaflet_assets()
    m.default_js = [("leaflet", js)]  # instance attributes: jQuery/Bootstrap/awesome-markers are not needed
    m.default_css = [("leaflet_css", css)]
    if tiles:  # needs internet
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap").add_to(m)
    colours = data.colours
    folium.GeoJson(
        data.features, name="units",
        style_function=lambda f: {"fillColor": colours.get(f["id"], NO_DATA), "color": EDGE, "weight": 0.8,
                                  "fillOpacity": 0.85 if not tiles else 0.7},
        highlight_function=lambda f: {"weight": 2.5, "color": "#000000", "fillOpacity": 0.95},
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
    ).add_to(m)
    m.add_child(_Control(data.legend, position="bottomleft", css_class="gp-legend", css=_CSS,
                         attribution=data.attribution))
    if data.banner:
        m.add_child(_Control(html.escape(data.banner), position="topright", css_class="gp-banner"))
    m.fit_bounds(data.bounds, padding=(8, 8))
    return m


def build_map(analysis, *, column: str = "priority_score", lang: str = "id", tiles: bool = False,
              scheme: str | None = None, geometry: gpd.GeoSeries | None = None) -> folium.Map:
    """Choropleth of the units of ``analysis`` coloured by ``column``.

    Parameters
    ----------
    analysis : Analysis
        From :func:`geo_planner.pipeline.analyse`.
    column : str
        ``priority_score`` (classes of the analysis) or an indicator id (classified with ``scheme``,
        by default the analysis's scheme).
    lang : str
        ``"id"`` or ``"en"`` for legend and tooltips.
    tiles : bool
        Add OpenStreetMap tiles (needs internet). Default: a white background, works offline.
    geometry : GeoSeries, optional
        Simplified unit geometry (:func:`simplify_units`), to reuse a cached one.

    Returns
    -------
    folium.Map
        Every feature carries ``code``, ``name`` and ``tip`` (tooltip HTML) in its properties.
    """
    return render_map(map_data(analysis, column=column, lang=lang, scheme=scheme, geometry=geometry), tiles=tiles)


def map_html(analysis, **kw) -> str:
    """The map as a standalone HTML page (works offline unless ``tiles=True``)."""
    return build_map(analysis, **kw).get_root().render()


def payload_bytes(m: folium.Map) -> int:
    """Size in bytes of the rendered page of map ``m`` (Leaflet included)."""
    return len(m.get_root().render().encode("utf-8"))


def highlight_layer(geometry: gpd.GeoSeries, code: str | None) -> folium.FeatureGroup:
    """An outline of the selected unit, for ``st_folium(feature_group_to_add=...)`` (no map reload)."""
    fg = folium.FeatureGroup(name="selected")
    if code is not None and code in geometry.index:
        folium.GeoJson(
            {"type": "Feature", "id": code, "properties": {"code": code},
             "geometry": shapely.geometry.mapping(geometry.loc[code])},
            style_function=lambda f: {"fill": False, "color": "#1f3b73", "weight": 4, "opacity": 1},
            interactive=False,
        ).add_to(fg)
    return fg


def clicked_code(returned: dict | None) -> str | None:
    """Unit code of the feature clicked, from what ``st_folium`` returned (``last_active_drawing``)."""
    feature = (returned or {}).get("last_active_drawing") or {}
    code = (feature.get("properties") or {}).get("code")
    return str(code) if code else None
