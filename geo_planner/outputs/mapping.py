"""Maps of an analysis with folium, working without internet.

folium loads Leaflet, jQuery, Bootstrap and icon fonts from CDNs by default, so
on a machine without internet the map stays blank. Here the map carries
Leaflet itself (from the PyPI package ``xstatic-leaflet``) as ``data:`` URIs
and nothing else: no tile layer unless asked for (``tiles=True`` adds
OpenStreetMap tiles, which need internet), legend and banner written as plain
Leaflet controls (branca colormaps would make streamlit-folium fetch d3 from a
CDN).

A map is two parts, so that a change of colours does not send the geometry
again to Leaflet:

- :class:`UnitLayer` (:func:`unit_layer`): the geometry, codes and names of the
  units. It depends only on the set of units and is cached by the app. Geometry
  is simplified with ``shapely.coverage_simplify``, which keeps shared edges
  shared (no gaps, no overlaps between neighbours), with coordinates snapped to
  5 decimals (about 1 m) and sent as Google encoded polylines (lossless at that
  precision, about a quarter of the size of GeoJSON text);
- :class:`MapData` (:func:`map_data`): what is shown on it: a fill colour and
  outline per unit, tooltips, legend and the SYNTHETIC banner. ``column``
  chooses the map: the priority score or an indicator (choropleth),
  ``"bivariate"`` (need x coverage, 3 x 3 classes) or ``"hotspots"`` (Gi* hot
  and cold spots, pockets outlined); the last two need
  :func:`geo_planner.pipeline.add_pockets` first.

:func:`render_map` puts both on one folium map (a standalone page, the HTML
export); the app's own map component takes the same :class:`MapData` through
:mod:`geo_planner.outputs.map_component` (geometry once, colours per rerun).

>>> m = build_map(analysis)                              # doctest: +SKIP
>>> html = map_html(analysis, column="hotspots", lang="en")  # doctest: +SKIP
"""

from __future__ import annotations

import base64
import functools
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import folium
import geopandas as gpd
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from geo_planner.analysis.priority import classification_of, classify
from geo_planner.i18n import column_label, fmt_number, t
from geo_planner.i18n.messages import msg
from geo_planner.layers.official import source_type_label
from geo_planner.outputs.map_geometry import (  # noqa: F401 - re-exported: the map's geometry API lives in map_geometry
    DECIMALS,
    POLYLINE_ALPHABET,
    POLYLINE_DECODER_JS,
    TOLERANCE,
    UnitLayer,
    compact_json,
    count_gaps,
    simplify_units,
    tolerance_for,
    unit_layer,
)

__all__ = ["TOLERANCE", "MODES", "BIVARIATE", "HOTSPOT", "MapData", "UnitLayer", "simplify_units",
           "tolerance_for", "unit_layer", "map_data", "base_map", "style_layer", "render_map", "build_map",
           "map_html", "payload_bytes", "leaflet_assets", "source_domain",
           "count_gaps"]

NO_DATA = "#d9d9d9"
NO_DATA_DARK = "#a3a3a3"  # no data where the palette itself has light greys (bivariate, hotspots)
EDGE = "#4d4d4d"
OUTLINE = "#111111"       # underserved units (bivariate) and pocket members (hotspots)
MODES = ("bivariate", "hotspots", "trend")
LEAN_LEVELS = ("kecamatan", "desa")  # one short tooltip per unit at these levels (page size)
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
# Joshua Stevens' pink-blue 3 x 3 bivariate palette: key "need class-coverage class" (3-1 = high need,
# low coverage: the strong magenta). Need grows towards pink, coverage towards blue.
BIVARIATE = {"1-1": "#e8e8e8", "1-2": "#ace4e4", "1-3": "#5ac8c8",
             "2-1": "#dfb0d6", "2-2": "#a5add3", "2-3": "#5698b9",
             "3-1": "#be64ac", "3-2": "#8c62aa", "3-3": "#3b4994"}
HOTSPOT = {"hot": "#d7301f", "cold": "#2c7bb6", "ns": "#f0f0f0", "no data": NO_DATA_DARK}
ATTRIBUTION = "© cahyadsn/wilayah_boundaries (Kemendagri)"  # the boundaries' credit, one for both languages
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


# --- what the map shows ----------------------------------------------------------------------------
def source_domain(source: object) -> str:
    """Short host name of a source URL (``www.`` dropped); a non-URL source (a file name) as it is."""
    text = str(source or "").strip()
    host = urlparse(text).netloc if "://" in text else ""
    return host.removeprefix("www.") if host else text


@dataclass
class MapData:
    """What a map shows on its units: fill colours, outlines, tooltips, legend, banner.

    ``tips`` hold the tooltip body of each unit; the browser puts the unit's
    name, code and parent names (from :class:`UnitLayer`) above it.
    ``outlines`` maps a code to 1 for an emphasised unit (underserved, pocket member).
    """

    colours: dict[str, str]
    tips: dict[str, str]
    legend: str
    banner: str | None = None
    outlines: dict[str, int] = field(default_factory=dict)
    mode: str = "choropleth"
    attribution: str = ATTRIBUTION
    outline_weight: float = 2.2

    def to_json(self) -> str:
        """The compact style payload the browser applies (``gpRestyle``)."""
        palette = list(dict.fromkeys(self.colours.values()))
        index = {c: i for i, c in enumerate(palette)}
        units = {code: [index[colour], self.outlines.get(code, 0), self.tips.get(code, "")]
                 for code, colour in self.colours.items()}
        outlines = [None, [OUTLINE, self.outline_weight]]  # by index; 0 = the normal edge
        return compact_json({"pal": palette, "out": outlines, "u": units, "legend": self.legend, "banner": self.banner})


def _classes(analysis, column: str, scheme: str | None) -> tuple[pd.Series, list[float], str]:
    units = analysis.units
    if column == "priority_score":
        return units["priority_class"], list(analysis.bins), "need"
    if column not in units.columns:
        from geo_planner.errors import InputError

        raise InputError(msg("mapping_no_column", column=column, modes=", ".join(MODES),
                             indicators=", ".join(analysis.indicator_ids)))
    if scheme is None:
        scheme = classification_of(analysis.provenance)[0]
    classes, bins = classify(units[column].astype("float64"), scheme=scheme, k=5)
    meta = analysis.indicators.get(column)
    return classes, bins, getattr(meta, "direction", "context")


def _swatch(colour: str, *, border: str = f"1px solid {EDGE}") -> str:
    return (f'<span style="display:inline-block;width:18px;height:12px;background:{colour};border:{border};'
            f'box-sizing:border-box"></span>')


def _rows(rows: list[tuple[str, str]]) -> str:
    return "".join(f'<div style="display:flex;align-items:center;gap:6px;margin:2px 0">{sw}'
                   f"<span>{html.escape(label)}</span></div>" for sw, label in rows)


def _head(title: str, note: str) -> str:
    return (f'<div style="font-weight:600;margin-bottom:2px">{html.escape(title)}</div>'
            f'<div style="color:#555;font-size:11px;margin-bottom:4px">{html.escape(note)}</div>')


def _legend_html(title: str, note: str, colours: list[str], bins: list[float], lo: float,
                 missing: bool, lang: str, used: set[str] | None = None) -> str:
    """Class rows "low – high"; a class whose bounds read the same is one number ("50", never "50 – 50"),
    and such a class that no unit falls in (``used``: the colours on the map) is left out."""
    rows, prev = [], lo
    for colour, hi in zip(colours, bins):
        a, b = fmt_number(prev, lang), fmt_number(hi, lang)
        if a == b:
            if used is None or colour in used:
                rows.append((_swatch(colour), b))
        else:
            rows.append((_swatch(colour), f"{a} – {b}"))
        prev = hi
    if missing:
        rows.append((_swatch(NO_DATA), t("no_data", lang)))
    return _head(title, note) + _rows(rows)


def _bivariate_legend(lang: str, missing: bool, underserved: int) -> str:
    """A 3 x 3 grid: need classes as rows (high at the top), coverage classes as columns."""
    cells = []
    for need in (3, 2, 1):
        for cov in (1, 2, 3):
            key = f"{need}-{cov}"
            edge = f"2px solid {OUTLINE}" if key == "3-1" else "1px solid #fff"
            cells.append(f'<span title="{key}" style="background:{BIVARIATE[key]};border:{edge};'
                         f'box-sizing:border-box"></span>')
    grid = ('<div style="display:grid;grid-template-columns:repeat(3,20px);grid-auto-rows:20px;gap:1px">'
            + "".join(cells) + "</div>")
    ylab = (f'<div style="writing-mode:vertical-rl;transform:rotate(180deg);font-size:11px;text-align:center">'
            f"{html.escape(t('axis_need', lang))} →</div>")
    xlab = f'<div style="font-size:11px;margin-top:2px">{html.escape(t("axis_coverage", lang))} →</div>'
    body = (f'<div style="display:flex;align-items:stretch;gap:4px;margin:2px 0 4px">{ylab}'
            f"<div>{grid}{xlab}</div></div>")
    rows = [(_swatch(BIVARIATE["3-1"], border=f"2px solid {OUTLINE}"),
             t("legend_underserved", lang, n=underserved))]
    if missing:
        rows.append((_swatch(NO_DATA_DARK), t("no_coverage_data", lang)))
    return _head(t("legend_bivariate", lang), t("legend_bivariate_note", lang)) + body + _rows(rows)


def _hotspot_legend(analysis, lang: str, present: set[str], n_pockets: int) -> str:
    info = analysis.provenance.get("pockets") or {}
    note = t("legend_hotspots_note", lang, alpha=fmt_number(info.get("alpha", 0.05), lang),
             permutations=info.get("permutations", 999))
    if info.get("fdr"):
        note += " · FDR"
    rows = [(_swatch(HOTSPOT[k]), t(f"gi_{k.replace(' ', '_')}", lang)) for k in ("hot", "cold", "ns", "no data")
            if k in present or k in ("hot", "cold")]
    rows.append((_swatch("#ffffff", border=f"2px solid {OUTLINE}"), t("legend_pocket", lang, n=n_pockets)))
    return _head(t("legend_hotspots", lang), note) + _rows(rows)


def _figure_line(analysis, figs: pd.DataFrame, code: str, ind: str, lang: str) -> str:
    meta = analysis.indicators.get(ind)
    label = meta.label(lang) if meta else ind
    unit = f" {meta.unit_in(lang)}" if meta is not None and meta.unit else ""
    if (code, ind) not in figs.index:
        return f"{html.escape(label)}: <i>{t('no_data', lang).lower()}</i>"
    row = figs.loc[(code, ind)]
    kind = source_type_label(row.get("source_type"), lang)  # rilis BPS, laporan berita, ...
    where = " · ".join(x for x in (str(row["year"]), kind, source_domain(row["source"])) if x and x != "nan")
    return (f"{html.escape(label)}: <b>{fmt_number(row['value'], lang)}{html.escape(unit)}</b>"
            f' <span style="color:#666">({html.escape(where)})</span>')


def _missing(x: object) -> bool:
    """``pd.isna`` of one cell, without its dispatch for the usual float, integer, text and NA cells."""
    if x is None or x is pd.NA:
        return True
    if isinstance(x, float):
        return x != x
    if isinstance(x, (int, str)):
        return False
    return bool(pd.isna(x))


def _tips(analysis, column: str, lang: str) -> dict[str, str]:
    """Tooltip body per unit: score and rank, the figure shown, the pocket figures when mapped.

    Regencies get every headline figure with year and source; below regency
    level (1,038 desa) a lean line or two, to keep the page small.
    """
    units = analysis.units
    lean = analysis.level in LEAN_LEVELS or len(units) > 150
    n = int(units["rank"].notna().sum())
    no_data = f"<i>{t('no_data', lang).lower()}</i>"
    score_label, rank_label = t("score", lang), t("rank", lang)
    figs = None if lean else analysis.figures.set_index(["code", "indicator"]).sort_index()
    shown = column if column in analysis.indicators else None
    rich_figures = [] if lean else [i for i in dict.fromkeys([shown, *_TIP_FIGURES]) if i in analysis.indicators]
    gi_labels = {k: t(f"gi_{k.replace(' ', '_')}", lang) for k in HOTSPOT}
    wanted = ["priority_score", "rank", shown, "bivariate", "coverage_score", "underserved", "gi_class",
              "moran_quadrant", "pocket"]
    cols = {c: units[c].tolist() for c in dict.fromkeys(wanted) if c is not None and c in units.columns}
    codes = units.index.tolist()
    # what is the same for every unit, worked out once: the shown figure's label and unit, the rank's text
    if lean and shown is not None:
        meta = analysis.indicators.get(shown)
        label = html.escape(meta.label(lang) if meta else shown)
        unit = html.escape(f" {meta.unit_in(lang)}" if meta is not None and meta.unit else "")
        shown_missing = f"{label}: <i>{t('no_data', lang).lower()}</i>"
    rank_text = t("rank_of", lang)  # the template, formatted per unit below
    score_head, rank_head = f"{score_label}: <b>", f"</b> · {rank_label} <b>"
    no_score = f"{score_label}: {no_data}"
    bivariate = column == "bivariate" and "bivariate" in cols
    hotspots = column == "hotspots" and "gi_class" in cols
    pocket = "pocket" in cols
    tips = {}
    for i, code in enumerate(codes):
        lines = []
        if lean:
            if shown is not None:
                value = cols[shown][i] if shown in cols else None
                lines.append(shown_missing if _missing(value) else f"{label}: <b>{fmt_number(value, lang)}{unit}</b>")
        else:
            lines += [_figure_line(analysis, figs, code, ind, lang) for ind in rich_figures]
        score = cols["priority_score"][i]
        if not _missing(score):
            rank = int(cols["rank"][i])
            lines.append(f"{score_head}{fmt_number(score, lang)}{rank_head}{rank_text.format(rank=rank, n=n)}</b>")
        else:
            lines.append(no_score)
        if bivariate:
            label_b = cols["bivariate"][i]
            if _missing(label_b):
                lines.append(f"{html.escape(t('axis_coverage', lang))}: {no_data}")
            else:
                need, cov = str(label_b).split("-")
                lines.append(t("tip_bivariate", lang, need=need, cov=cov,
                               score=fmt_number(cols["coverage_score"][i] if "coverage_score" in cols else None,
                                                lang)))
                if "underserved" in cols and cols["underserved"][i]:
                    lines.append(f'<b style="color:#8e0152">{html.escape(t("underserved", lang))}</b>')
        if hotspots:
            gi = str(cols["gi_class"][i])
            moran = cols["moran_quadrant"][i] if "moran_quadrant" in cols else None
            lines.append(t("tip_hotspot", lang, gi=html.escape(gi_labels.get(gi, gi)),
                           moran=html.escape(t(f"moran_{str(moran).replace(' ', '_')}", lang))))
        if pocket and not _missing(cols["pocket"][i]):
            lines.append(t("tip_pocket", lang, pocket=html.escape(str(cols["pocket"][i]))))
        tips[code] = "<br>".join(lines)
    return tips


def _require_pockets(analysis, column: str) -> None:
    missing = [c for c in ("bivariate", "underserved", "gi_class", "pocket") if c not in analysis.units.columns]
    if missing:
        from geo_planner.errors import InputError

        raise InputError(msg("mapping_needs_pockets", column=column))


def map_data(analysis, *, column: str = "priority_score", lang: str = "id", scheme: str | None = None) -> MapData:
    """Colours, outlines, tooltips and legend of a map of ``analysis``.

    Parameters
    ----------
    analysis : Analysis
        From :func:`geo_planner.pipeline.analyse`; with
        :func:`~geo_planner.pipeline.add_pockets` run for ``"bivariate"`` and ``"hotspots"``.
    column : str
        ``priority_score`` (classes of the analysis), an indicator id (classified
        with ``scheme``, by default the analysis's scheme), ``"bivariate"``
        (3 x 3 need x coverage classes, underserved units outlined, grey where
        no coverage figure) or ``"hotspots"`` (Gi* hot / cold / not significant,
        pocket members outlined).
    lang : str
        ``"id"`` or ``"en"`` for legend and tooltips.
    """
    units = analysis.units
    outlines: dict[str, int] = {}
    if column == "bivariate":
        _require_pockets(analysis, column)
        labels = units["bivariate"]
        colours = {code: (BIVARIATE.get(str(lab), NO_DATA_DARK) if pd.notna(lab) else NO_DATA_DARK)
                   for code, lab in labels.items()}
        outlines = {code: 1 for code, flag in units["underserved"].items() if bool(flag)}
        legend = _bivariate_legend(lang, bool(labels.isna().any()), len(outlines))
    elif column == "trend":  # IDM 2023 -> 2024
        colours, outlines, legend = trend_style(analysis, lang)
    elif column == "hotspots":
        _require_pockets(analysis, column)
        gi = units["gi_class"].astype("string").fillna("no data")
        colours = {code: HOTSPOT.get(str(g), NO_DATA_DARK) for code, g in gi.items()}
        outlines = {code: 1 for code, p in units["pocket"].items() if pd.notna(p)}
        n_pockets = 0 if analysis.pockets is None else len(analysis.pockets)
        legend = _hotspot_legend(analysis, lang, set(gi), n_pockets)
    else:
        classes, bins, direction = _classes(analysis, column, scheme)
        ramp = RAMPS["YlOrRd" if direction == "need" else "YlGnBu"]
        k = len(bins)
        palette = ramp[min(max(k, 3), 7)] if k >= 3 else [ramp[3][0], ramp[3][2]][-k:] if k else []
        colours = {code: (palette[int(c)] if not _missing(c) else NO_DATA)
                   for code, c in zip(classes.index.tolist(), classes.tolist())}
        values = units[column].astype("float64")
        title = (t("legend_score", lang) if column == "priority_score"
                 else column_label(column, analysis.indicators, lang))
        note = t("legend_note_need" if column == "priority_score" else "legend_note_value", lang)
        lo = float(values.min()) if values.notna().any() else 0.0
        legend = _legend_html(title, note, palette, bins, lo, bool(values.isna().any()), lang, set(colours.values()))
    tips = _tips(analysis, column, lang)
    if column == "trend":
        trend_tips(analysis, tips, lang)
    legend = mark_not_assessed(analysis, colours, tips, legend, lang, column)  # kelurahan: outside IDM, own grey
    banner = t("synthetic_banner", lang) if analysis.synthetic else None
    mode = column if column in MODES else "choropleth"
    return MapData({str(c): v for c, v in colours.items()}, tips, legend, banner, outlines, mode,
                   outline_weight=1.6 if len(units) > 150 else 2.2)


# --- the village index (IDM): kelurahan not assessed, the trend 2023 -> 2024 ---------------------------
NOT_ASSESSED = "#8c8c8c"  # kelurahan (outside IDM by law): a grey of its own, darker than "no data"
TREND = {"fell_much": "#ca0020", "fell": "#f4a582", "same": "#f7f7f7", "rose": "#92c5de", "rose_much": "#0571b0"}
TREND_STEP = 0.05  # IDM points: a change this large or more is "much"


def _shows_idm(analysis, column: str) -> bool:
    """True when what the map shows comes from the IDM layer (an IDM figure, or a score weighting only them)."""
    from geo_planner.layers.idm import LAYER_NAME

    def idm(k: str) -> bool:
        return getattr(analysis.indicators.get(k), "layer", "") == LAYER_NAME

    if column == "trend" or idm(column):
        return True
    return column in ("priority_score", "bivariate", "hotspots") and bool(analysis.weights) and all(
        idm(k) for k in analysis.weights)


def mark_not_assessed(analysis, colours: dict, tips: dict, legend: str, lang: str, column: str = "") -> str:
    """Where the map shows IDM: recolour the units IDM does not assess (kelurahan; kecamatan of kelurahan
    only) that show no value, add a line to their tooltips; return the legend with an entry for them."""
    from geo_planner.layers.idm import not_assessed

    if "idm_2024" not in analysis.units.columns or not _shows_idm(analysis, column):
        return legend
    if analysis.level == "desa":  # kelurahan: read from the codes alone, once per set of units
        outside = _kelurahan_of(tuple(analysis.units.index.tolist()))
    else:
        flags = not_assessed(analysis.units, analysis.level)
        outside = [str(c) for c, on in zip(flags.index.tolist(), flags.tolist()) if on]
    marked = [c for c in outside if colours.get(c) in (NO_DATA, NO_DATA_DARK)]
    if not marked:
        return legend
    key = "not_assessed_kelurahan" if analysis.level == "desa" else "not_assessed_units"
    note = f"<i>{html.escape(t(key, lang))}</i>"
    for code in marked:
        colours[code] = NOT_ASSESSED
        tips[code] = f"{tips[code]}<br>{note}" if tips.get(code) else note
    for colour, label in ((NO_DATA, "no_data"), (NO_DATA_DARK, "gi_no_data")):  # "no data" rows now empty
        if colour not in colours.values():
            legend = legend.replace(_rows([(_swatch(colour), t(label, lang))]), "")
    return legend + _rows([(_swatch(NOT_ASSESSED), f"{t(key, lang)} ({len(marked)})")])


@functools.lru_cache(maxsize=8)
def _kelurahan_of(codes: tuple) -> tuple[str, ...]:
    """The codes among ``codes`` that IDM does not assess at desa level (kelurahan), in their order."""
    from geo_planner.layers.idm import not_assessed

    flags = not_assessed(pd.DataFrame(index=pd.Index(codes)), "desa")
    return tuple(str(c) for c, on in zip(codes, flags.tolist()) if on)


def _trend_class(x: float) -> str:
    if abs(x) < 5e-5:
        return "same"
    if x < 0:
        return "fell_much" if x <= -TREND_STEP else "fell"
    return "rose_much" if x >= TREND_STEP else "rose"


def trend_style(analysis, lang: str) -> tuple[dict[str, str], dict[str, int], str]:
    """Colours (change in IDM 2023 -> 2024, diverging), outlines (desa whose status fell; above desa level:
    units holding one) and legend of the trend map."""
    units = analysis.units
    if "idm_change" not in units.columns:
        from geo_planner.errors import InputError

        raise InputError(t("trend_needs_idm", "en"))
    change = units["idm_change"].astype("float64")
    classes = {str(c): _trend_class(x) for c, x in change.items() if pd.notna(x)}
    colours = {str(c): TREND[classes[str(c)]] if str(c) in classes else NO_DATA for c in units.index}
    if "idm_status_change" in units.columns:
        fell, key = units["idm_status_change"] < 0, "trend_status_fell"
    else:
        fell, key = units.get("idm_status_fell", pd.Series(0, index=units.index)) > 0, "trend_status_fell_units"
    outlines = {str(c): 1 for c, f in fell.fillna(False).items() if f}
    present = set(classes.values())
    rows = [(_swatch(TREND[k]), t(f"trend_{k}", lang)) for k in TREND if k in present or k in ("fell", "rose")]
    rows.append((_swatch("#ffffff", border=f"2px solid {OUTLINE}"), t(key, lang, n=len(outlines))))
    if len(classes) < len(units):
        rows.append((_swatch(NO_DATA), t("no_data", lang)))
    return colours, outlines, _head(t("legend_trend", lang), t("legend_trend_note", lang)) + _rows(rows)


def trend_tips(analysis, tips: dict, lang: str) -> None:
    """Add the change in IDM (and the statuses, or the desa whose status fell) to the tooltips."""
    from geo_planner.layers.idm_catalogue import status_label

    units = analysis.units
    if "idm_change" not in units.columns:
        return
    desa = "idm_status_change" in units.columns
    for code, row in units.iterrows():
        x = row["idm_change"]
        if pd.isna(x):
            continue
        change = ("+" if x > 0 else "") + fmt_number(x, lang, 4)
        if desa:
            line = t("tip_trend", lang, change=change, before=html.escape(status_label(row["idm_status_2023"], lang)),
                     after=html.escape(status_label(row["idm_status_2024"], lang)))
        else:
            line = t("tip_trend_units", lang, change=change, fell=fmt_number(row.get("idm_status_fell"), lang, 0))
        tips[str(code)] = f"{tips[str(code)]}<br>{line}" if tips.get(str(code)) else line


# --- folium ----------------------------------------------------------------------------------------
_CSS = (".leaflet-container{background:#fff}.leaflet-control-attribution{font-size:10px}"
        ".gp-legend{background:rgba(255,255,255,.92);padding:6px 9px;border-radius:4px;"
        "box-shadow:0 1px 4px rgba(0,0,0,.3);font:12px/1.35 system-ui,Arial,sans-serif;max-width:205px}"
        ".gp-banner{background:#b00020;color:#fff;padding:5px 10px;border-radius:4px;"
        "font:700 13px/1.3 system-ui,Arial,sans-serif;letter-spacing:.02em}"
        ".foliumtooltip{font:12px/1.4 system-ui,Arial,sans-serif}")


class _Raw(Element):
    """Text put into the page as it is (branca would parse a rendered script again as a Jinja template,
    which takes 45 ms for the 1,038 desa)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


class _Verbatim(MacroElement):
    """A MacroElement whose rendered header and script go into the page without a second template pass."""

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        module = self._template.module
        for part in ("header", "script"):
            macro = getattr(module, part, None)
            if macro is not None:
                getattr(figure, part).add_child(_Raw(str(macro(self, kwargs))), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


class _Units(_Verbatim):
    """The units as Leaflet polygons, decoded in the browser; defines ``window.gpRestyle``."""

    _template = Template("""
        {% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            var D = {{ this.layer.data }};
            var E = {{ this.edge }};
            {{ this.decoder }}
            var dec = gpDecoder({{ this.alphabet }});
            var ESC = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"};
            function esc(s) { return String(s).replace(/[&<>"]/g, function(c) { return ESC[c]; }); }
            var G = window.gpMap = {map: map, layers: {}, S: null, legend: null, banner: null};
            function emphasised(code) { var u = G.S && G.S.u[code]; return !!(u && u[1]); }
            G.style = function(code) {
                var u = G.S && G.S.u[code];
                var st = {color: E.color, weight: E.weight, opacity: E.opacity, fillOpacity: E.fill,
                          fillColor: {{ this.no_data }}};
                if (u) {
                    st.fillColor = G.S.pal[u[0]];
                    if (u[1]) { var o = G.S.out[u[1]]; st.color = o[0]; st.weight = o[1]; st.opacity = 1; }
                }
                return st;
            };
            G.tip = function(k) {
                var code = D.c[k], u = G.S && G.S.u[code];
                var h = '<b style="font-size:13px">' + esc(D.n[k]) + '</b> <span style="color:#666">'
                        + esc(code) + '</span>';
                if (D.p && D.p[k] >= 0) { h += '<br><span style="color:#666">' + esc(D.pn[D.p[k]]) + '</span>'; }
                if (u && u[2]) { h += '<br>' + u[2]; }
                return h;
            };
            var group = L.featureGroup();
            D.c.forEach(function(code, k) {
                var parts = D.g[k].map(function(poly) { return poly.map(dec); });
                var lyr = L.polygon(parts.length === 1 ? parts[0] : parts, G.style(code));
                lyr.feature = {type: "Feature", properties: {code: code, name: D.n[k]}};
                lyr.bindTooltip(function() { return G.tip(k); }, {sticky: true, className: "foliumtooltip"});
                lyr.on("mouseover", function() {
                    this.setStyle({weight: 2.5, color: "#000000", opacity: 1, fillOpacity: 0.95});
                    this.bringToFront();
                });
                lyr.on("mouseout", function() {
                    this.setStyle(G.style(code));
                    if (!emphasised(code)) { this.bringToBack(); }
                });
                G.layers[code] = lyr;
                group.addLayer(lyr);
            });
            group.addTo(map);
            function control(content, position, cls) {
                var c = L.control({position: position});
                c.onAdd = function() {
                    var div = L.DomUtil.create("div", cls);
                    div.innerHTML = content;
                    L.DomEvent.disableClickPropagation(div);
                    return div;
                };
                return c.addTo(map);
            }
            window.gpRestyle = function(S) {
                G.S = S;
                var front = [];
                for (var code in G.layers) {
                    G.layers[code].setStyle(G.style(code));
                    if (emphasised(code)) { front.push(G.layers[code]); }
                }
                for (var i = 0; i < front.length; i++) { front[i].bringToFront(); }
                if (G.legend) { map.removeControl(G.legend); }
                G.legend = S.legend ? control(S.legend, "bottomleft", "gp-legend") : null;
                if (G.banner) { map.removeControl(G.banner); }
                G.banner = S.banner ? control(esc(S.banner), "topright", "gp-banner") : null;
            };
            if (map.attributionControl) { map.attributionControl.addAttribution({{ this.attribution }}); }
        })();
        {% endmacro %}
    """)

    def __init__(self, layer: UnitLayer, *, tiles: bool = False) -> None:
        super().__init__()
        self._name = "GeoPlannerUnits"
        self.layer, self.css = layer, _CSS
        edge = ({"color": "#5c5c5c", "weight": 0.35, "opacity": 0.9} if layer.many
                else {"color": EDGE, "weight": 0.8, "opacity": 1})
        self.edge = compact_json(edge | {"fill": 0.7 if tiles else 0.88})
        self.no_data, self.attribution, self.alphabet = compact_json(NO_DATA), compact_json(ATTRIBUTION), compact_json(POLYLINE_ALPHABET)
        self.decoder = POLYLINE_DECODER_JS


class _Style(_Verbatim):
    """Applies a :class:`MapData` to the units drawn by :class:`_Units`."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        if (window.gpRestyle) { window.gpRestyle({{ this.payload }}); }
        {% endmacro %}
    """)

    def __init__(self, data: MapData) -> None:
        super().__init__()
        self._name = "GeoPlannerStyle"
        self.payload = data.to_json()


def base_map(layer: UnitLayer, *, tiles: bool = False, height: str | int = "100%") -> folium.Map:
    """A folium map drawing the units of ``layer``, uncoloured, with Leaflet inlined (no CDN).

    Colour it with :func:`style_layer` (``st_folium(..., feature_group_to_add=...)``,
    no redraw of the geometry) or use :func:`render_map`.
    """
    m = folium.Map(tiles=None, zoom_snap=0.25, height=height)
    js, css = leaflet_assets()
    m.default_js = [("leaflet", js)]  # instance attributes: jQuery/Bootstrap/awesome-markers are not needed
    m.default_css = [("leaflet_css", css)]
    if tiles:  # needs internet
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap").add_to(m)
    m.add_child(_Units(layer, tiles=tiles))
    m.fit_bounds(layer.bounds, padding=(8, 8))
    return m


def style_layer(data: MapData) -> folium.FeatureGroup:
    """The colours, tooltips, legend and banner of ``data`` as a feature group for ``st_folium``."""
    fg = folium.FeatureGroup(name="style")
    fg.add_child(_Style(data))
    return fg


def render_map(data: MapData, layer: UnitLayer, *, tiles: bool = False, height: str | int = "100%") -> folium.Map:
    """One folium map of ``layer`` coloured by ``data`` (a standalone page works offline)."""
    m = base_map(layer, tiles=tiles, height=height)
    m.add_child(_Style(data))
    return m


def build_map(analysis, *, column: str = "priority_score", lang: str = "id", tiles: bool = False,
              scheme: str | None = None, geometry: gpd.GeoSeries | None = None,
              layer: UnitLayer | None = None, parents: Mapping[str, str] | None = None) -> folium.Map:
    """Map of the units of ``analysis`` coloured by ``column``.

    Parameters
    ----------
    analysis : Analysis
        From :func:`geo_planner.pipeline.analyse` (and ``add_pockets`` for the pocket maps).
    column : str
        ``priority_score``, an indicator id, ``"bivariate"`` or ``"hotspots"`` (see :func:`map_data`).
    lang : str
        ``"id"`` or ``"en"`` for legend and tooltips.
    tiles : bool
        Add OpenStreetMap tiles (needs internet). Default: a white background, works offline.
    geometry : GeoSeries, optional
        Simplified unit geometry (:func:`simplify_units`), to reuse a cached one.
    layer : UnitLayer, optional
        Encoded units (:func:`unit_layer`), to reuse a cached one.
    parents : mapping, optional
        Code -> names of the units it lies in, shown in tooltips.

    Returns
    -------
    folium.Map
        Each unit is a Leaflet polygon whose ``feature.properties`` carry ``code`` and ``name``.
    """
    if layer is None:
        geometry = simplify_units(analysis.units) if geometry is None else geometry
        layer = unit_layer(geometry, analysis.units["name"], parents)
    return render_map(map_data(analysis, column=column, lang=lang, scheme=scheme), layer, tiles=tiles)


def map_html(analysis, **kw) -> str:
    """The map as a standalone HTML page (works offline unless ``tiles=True``)."""
    return build_map(analysis, **kw).get_root().render()


def payload_bytes(m: folium.Map) -> int:
    """Size in bytes of the rendered page of map ``m`` (Leaflet included)."""
    return len(m.get_root().render().encode("utf-8"))
