"""A printable A4 report of an analysis (PDF), drawn offline with matplotlib.

Pages:

1. title, scope (the province, or one regency / district with ``within``),
   date and tool version, a static choropleth of the priority score (no
   background tiles, no network) with its legend, and a red SYNTHETIC banner
   when the analysis holds synthetic data;
2. and on: the top-N table (rank, code, name, the unit it lies in, score,
   key figures, pocket, lead office);
3. last: the method in a few sentences, the weights, per indicator its
   label, unit, years and sources (URLs), the layers, boundaries, tool
   version, the privacy note and the synthetic note.

The provenance also goes into the PDF's metadata (``Subject``: a summary,
``Keywords``: the provenance JSON).

>>> to_pdf(analysis, "laporan.pdf", top=20)  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd

from geo_planner.errors import GeoPlannerError, InputError
from geo_planner.i18n.figures import unit_label
from geo_planner.i18n.messages import msg

__all__ = ["to_pdf", "scope_name", "A4"]

A4 = (8.27, 11.69)  # inches, portrait
MARGIN = 0.06       # of the page, each side
RED = "#c00000"
ROWS_PER_PAGE = 26



def _t(key: str, lang: str, **kw: object) -> str:
    """The report's text ``key`` from the one catalogue (:mod:`geo_planner.i18n`, keys ``report_*``)."""
    from geo_planner.i18n import t

    return t(f"report_{key}", lang, **kw)


def scope_name(analysis, lang: str = "id") -> str:
    """``"Provinsi Kalimantan Timur"`` or the unit of ``within`` (``"Kabupaten Kutai Kartanegara (64.02)"``)."""
    from geo_planner.sources.boundaries import province_name
    from geo_planner.units.hierarchy import load_units

    province = str(analysis.provenance.get("province", analysis.province))
    within = analysis.provenance.get("within")
    base = f"{_t('province', lang)} {province_name(province)}"
    if not within:
        return base
    level = {1: "kabkota", 2: "kecamatan", 3: "desa"}.get(str(within).count("."))
    name = None
    if level:
        try:
            name = load_units(level, province)["name"].get(str(within))
        except (GeoPlannerError, OSError):
            name = None
    prefix = "Kec. " if level == "kecamatan" else ""
    return f"{prefix}{name} ({within}), {province_name(province)}" if name else f"{within}, {province_name(province)}"


def _level_label(level: str, lang: str) -> str:
    from geo_planner.i18n import t

    return t(f"level_{level}", lang)


def _clip(text: object, width: int) -> str:
    s = "–" if text is None or (isinstance(text, float) and np.isnan(text)) or text is pd.NA else str(text)
    return s if len(s) <= width else s[: width - 1] + "…"


def _page(lang: str, synthetic: bool):
    from matplotlib.figure import Figure

    fig = Figure(figsize=A4)
    if synthetic:
        fig.text(0.5, 0.985, _t("synthetic_banner", lang), ha="center", va="top", color="white", fontsize=8.5,
                 weight="bold", bbox={"boxstyle": "square,pad=0.4", "facecolor": RED, "edgecolor": RED})
    return fig


def _footer(fig, analysis, lang: str, i: int, n: int) -> None:
    p = analysis.provenance
    fig.text(MARGIN, 0.02, f"geo-planner {p.get('version', '')} · {p.get('created', '')}", fontsize=6.5,
             color="#555555", va="bottom")
    fig.text(1 - MARGIN, 0.02, _t("page", lang, i=i, n=n), fontsize=6.5, color="#555555", ha="right",
             va="bottom")


def _map_page(analysis, lang: str, title: str | None):
    import shapely
    from matplotlib.patches import Patch

    from geo_planner.i18n import fmt_number
    from geo_planner.outputs.mapping import NO_DATA, RAMPS

    units = analysis.units
    fig = _page(lang, analysis.synthetic)
    fig.text(MARGIN, 0.95, title or _t("title", lang), fontsize=17, weight="bold", va="top")
    n = len(units)
    fig.text(MARGIN, 0.915, scope_name(analysis, lang), fontsize=12, va="top")
    created = str(analysis.provenance.get("created", ""))[:10]
    fig.text(MARGIN, 0.893, f"{_t('level', lang)}: {_level_label(analysis.level, lang)} · {n:,} "
             f"{_t('units', lang)} · {_t('made', lang)}: {created}".replace(",", "." if lang != "en" else ","),
             fontsize=9, va="top", color="#333333")
    ax = fig.add_axes((MARGIN, 0.17, 1 - 2 * MARGIN, 0.69))
    ax.set_axis_off()
    ax.set_aspect("equal")
    geoms = units.geometry.to_numpy()
    minx, miny, maxx, maxy = units.total_bounds if n else (0, 0, 1, 1)
    tol = max(float(maxx - minx), float(maxy - miny)) / 1500 if n else 0
    geoms = shapely.simplify(geoms, tol, preserve_topology=True) if tol > 0 else geoms
    k = max(1, len(analysis.bins))
    ramp = RAMPS["YlOrRd"].get(k) or RAMPS["YlOrRd"][5]
    classes = units["priority_class"]
    colours = [NO_DATA if pd.isna(c) else ramp[min(int(c), len(ramp) - 1)] for c in classes]
    edge = 0.15 if n > 300 else (0.3 if n > 60 else 0.6)
    import geopandas as gpd

    gpd.GeoSeries(geoms, crs=units.crs).plot(ax=ax, color=colours, edgecolor="#4d4d4d", linewidth=edge)
    _outline_parents(ax, analysis)
    if n:
        pad = 0.02 * max(maxx - minx, maxy - miny)
        ax.set_xlim(minx - pad, maxx + pad)
        ax.set_ylim(miny - pad, maxy + pad)
    scores = units["priority_score"].dropna()
    lows = [float(scores.min()) if len(scores) else 0.0, *analysis.bins[:-1]]
    handles = [Patch(facecolor=ramp[min(i, len(ramp) - 1)], edgecolor="#4d4d4d",
                     label=f"{fmt_number(lo, lang, 2)} – {fmt_number(hi, lang, 2)}")
               for i, (lo, hi) in enumerate(zip(lows, analysis.bins))]
    if classes.isna().any():
        handles.append(Patch(facecolor=NO_DATA, edgecolor="#4d4d4d", label=_t("no_data", lang)))
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(MARGIN, 0.065), fontsize=8, frameon=False,
               title=_t("map_title", lang), title_fontsize=8.5, ncol=2, alignment="left")
    fig.text(MARGIN, 0.05, _t("map_note", lang, b=analysis.provenance.get("boundaries", "")), fontsize=6.5,
             color="#555555", va="top", wrap=True)
    return fig


def _outline_parents(ax, analysis) -> None:
    """Regency (or district) outlines over desa / kecamatan units, for orientation."""
    from geo_planner.units.hierarchy import load_units

    parent_level = {"kecamatan": "kabkota", "desa": "kecamatan"}.get(analysis.level)
    if parent_level is None:
        return
    try:
        parents = load_units(parent_level, analysis.province)
    except (GeoPlannerError, OSError):
        return
    codes = set(analysis.units["parent"].dropna().astype(str))
    parents = parents[parents.index.isin(codes)]
    if len(parents):
        parents.boundary.plot(ax=ax, color="#222222", linewidth=0.5)


_TEXT_COLUMNS = ("code", "name", "parent_name", "lead_office", "pocket")
_WIDTHS = {"rank": 10, "code": 14, "name": 20, "parent_name": 23, "priority_score": 10, "pocket": 11,
           "lead_office": 15}  # characters; key figures get 11
TABLE_FONT = 6.5


def _wrap(text: str, width: int, lines: int, *, break_words: bool = True) -> str:
    parts = textwrap.wrap(text, width, break_long_words=break_words, break_on_hyphens=False) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = _clip(parts[-1] + " …", width)
    return "\n".join(parts)


def _table_pages(analysis, lang: str, top: int) -> list:
    from geo_planner.i18n import fmt_number
    from geo_planner.outputs.tables import field_labels, key_figures, unit_table

    table = unit_table(analysis, lang)
    table = table[table["rank"].notna()].head(int(top))
    figs = key_figures(analysis, 3)[:3]
    cols = ["rank", "code", "name", "parent_name", "priority_score", *figs,
            *(["pocket"] if "pocket" in table.columns else []), "lead_office"]
    labels = field_labels(cols, analysis, lang)
    widths = {c: _WIDTHS.get(c, 11) for c in cols}
    text_rows = []
    for rec in table[cols].to_dict("records"):
        row = []
        for c in cols:
            v = rec[c]
            if c == "parent_name" and isinstance(v, str):
                v = v.replace("Kabupaten ", "Kab. ")
            if c in _TEXT_COLUMNS:
                row.append(_wrap(_clip(v, 200), widths[c], 3))
            elif c == "rank":
                row.append("–" if pd.isna(v) else str(int(v)))
            else:
                whole = pd.api.types.is_integer_dtype(table[c])
                row.append(fmt_number(v, lang, 0 if whole else 2))
        text_rows.append(row)
    header = [_wrap(labels[c], int(widths[c] * 0.72), 5, break_words=False) for c in cols]  # bold: wider
    weights = np.array([widths[c] for c in cols], dtype=float)
    weights = weights / weights.sum()
    numeric = {i for i, c in enumerate(cols) if c not in _TEXT_COLUMNS}
    pages = []
    chunks = [text_rows[i: i + ROWS_PER_PAGE] for i in range(0, len(text_rows), ROWS_PER_PAGE)] or [[]]
    for j, chunk in enumerate(chunks):
        fig = _page(lang, analysis.synthetic)
        fig.text(MARGIN, 0.95, _t("top", lang, n=len(text_rows)) + (f" ({j + 1}/{len(chunks)})"
                 if len(chunks) > 1 else ""), fontsize=14, weight="bold", va="top")
        fig.text(MARGIN, 0.925, scope_name(analysis, lang), fontsize=9, va="top")
        fig.text(MARGIN, 0.908, _t("table_note", lang), fontsize=7, va="top", color="#333333")
        row_h, head_h = 0.03, 0.056
        height = head_h + row_h * max(1, len(chunk))
        ax = fig.add_axes((MARGIN, 0.89 - height, 1 - 2 * MARGIN, height))
        _draw_table(ax, header, chunk or [["–"] * len(cols)], weights, numeric, head_h / height, row_h / height)
        pages.append(fig)
    return pages


def _draw_table(ax, header: list[str], rows: list[list[str]], widths, numeric: set[int], head: float,
                row: float) -> None:
    """A grid table in axes coordinates: one patch collection, one line collection, a text per cell.

    (matplotlib's ``Axes.table`` lays out every cell again at drawing time: twice as slow for long lists.)
    """
    from matplotlib.collections import LineCollection, PatchCollection
    from matplotlib.patches import Rectangle

    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    edges = np.concatenate([[0.0], np.cumsum(widths)])
    pad = 0.004
    tops = [1.0 - head - i * row for i in range(len(rows))]
    fills = [Rectangle((0, 1 - head), 1, head)] + [Rectangle((0, y - row), 1, row) for i, y in enumerate(tops)
                                                    if i % 2 == 1]
    ax.add_collection(PatchCollection(fills, facecolors=["#ddebf7"] + ["#f5f5f5"] * (len(fills) - 1),
                                      edgecolors="none"))
    bottom = 1.0 - head - len(rows) * row
    lines = [[(0, y), (1, y)] for y in [1.0, 1 - head, *(t - row for t in tops)]]
    lines += [[(x, 1.0), (x, bottom)] for x in edges]
    ax.add_collection(LineCollection(lines, colors="#bbbbbb", linewidths=0.4))
    for j, text in enumerate(header):
        ax.text(edges[j] + pad, 1 - head / 2, text, fontsize=TABLE_FONT, weight="bold", va="center", ha="left")
    for i, cells in enumerate(rows):
        y = tops[i] - row / 2
        for j, text in enumerate(cells):
            if j in numeric:
                ax.text(edges[j + 1] - pad, y, text, fontsize=TABLE_FONT, va="center", ha="right")
            else:
                ax.text(edges[j] + pad, y, text, fontsize=TABLE_FONT, va="center", ha="left")


def _flow_pages(analysis, lang: str, blocks: list[tuple[str, str]]) -> list:
    """Text blocks ``(style, text)`` flowed over as many A4 pages as they need."""
    styles = {"h1": (14, "bold", "black", 95, 0.0), "h2": (10.5, "bold", "black", 100, 0.0),
              "p": (8.5, "normal", "black", 118, 0.0), "small": (7, "normal", "#333333", 140, 0.0),
              "src": (6.8, "normal", "#1f4e79", 138, 0.025), "warn": (9.5, "bold", RED, 105, 0.0)}
    pages, fig, y = [], None, 0.0
    for style, text in blocks:
        size, weight, colour, width, indent = styles[style]
        step = size / 72 / A4[1] * 1.35
        lines = []
        for para in str(text).split("\n"):
            lines += textwrap.wrap(para, width, break_long_words=True, break_on_hyphens=False) or [""]
        if style in ("h1", "h2") and fig is not None:
            y -= step * 0.5
        for line in lines:
            if fig is None or y - step < 0.06:
                fig = _page(lang, analysis.synthetic)
                pages.append(fig)
                y = 0.95
            fig.text(MARGIN + indent, y, line, fontsize=size, weight=weight, color=colour, va="top")
            y -= step
        y -= step * 0.35
    return pages


def _method_blocks(analysis, lang: str) -> list[tuple[str, str]]:
    from geo_planner.outputs.ranked import indicator_sources, settings_rows

    p = analysis.provenance
    blocks: list[tuple[str, str]] = [("h1", _t("method", lang))]
    if analysis.synthetic:
        from geo_planner.outputs.ranked import text_for

        blocks.append(("warn", text_for("synthetic_note", lang)))
    blocks.append(("p", _t("method_more", lang, scheme=p.get("classification", ""))))
    weights = ", ".join(f"{k} = {w:g}" for k, w in analysis.weights.items())
    blocks += [("h2", _t("weights", lang)), ("p", weights or "–")]
    if p.get("within"):
        blocks += [("h2", _t("filters", lang)), ("p", f"within {p['within']}: {scope_name(analysis, lang)}")]
    if p.get("pockets"):
        pk = p["pockets"]
        blocks.append(("small", ("Pockets: " if lang == "en" else "Kantong: ") + ", ".join(f"{k}={pk[k]}" for k in
                                                         ("flag", "permutations", "fdr", "alpha", "seed") if k in pk)))
    blocks.append(("h2", _t("sources", lang)))
    groups: dict[tuple, list[str]] = {}  # indicators sharing their sources and years are listed together
    for k, meta in indicator_sources(analysis).items():
        label = meta["label_en"] if lang == "en" else meta["label_id"]
        unit = f" ({unit_label(meta['unit'], lang)})" if meta["unit"] else ""
        tag = " [SINTETIS/SYNTHETIC]" if meta["synthetic"] else ""
        groups.setdefault((tuple(meta["sources"]), tuple(meta["years"])), []).append(f"{label}{unit}{tag} [{k}]")
    for (srcs, years), labels in groups.items():
        blocks.append(("p", "; ".join(labels) + f" · {_t('years', lang)} {', '.join(years) or '–'}"))
        if srcs:
            blocks.append(("src", "\n".join(srcs)))
    from geo_planner.outputs.ranked import text_for

    blocks.append(("h2", _t("version", lang)))
    rows = dict(settings_rows(analysis, lang))
    for key in ("version", "created", "boundaries", "level", "province", "classification", "layers"):
        if rows.get(key):
            blocks.append(("small", f"{text_for(key, lang)}: {rows[key]}"))
    blocks.append(("h2", _t("privacy", lang)))
    priv = p.get("privacy") or {}
    note = priv.get("note_en" if lang == "en" else "note_id") or ""
    blocks.append(("p", note or _t("no_protection", lang)))
    blocks.append(("p", _t("household", lang)))
    return blocks


def _metadata(analysis, lang: str, title: str) -> dict[str, object]:
    from geo_planner.outputs.tables import provenance_text, summary_lines

    p = analysis.provenance
    created = None
    try:
        created = dt.datetime.fromisoformat(str(p.get("created")))
    except ValueError:
        created = None
    meta = {"Title": title, "Author": "geo-planner", "Creator": f"geo-planner {p.get('version', '')}".strip(),
            "Subject": summary_lines(analysis, lang).replace("\n", " | "),
            "Keywords": provenance_text(analysis, "pdf", indent=None)}
    if created is not None:
        meta["CreationDate"] = created
    return meta


def to_pdf(analysis, path: str | Path, lang: str = "id", *, top: int = 20, title: str | None = None) -> Path:
    """Write the A4 report; return its path.

    Parameters
    ----------
    analysis : Analysis
        Protected by the export gate: called only by
        :func:`geo_planner.outputs.gate.write` (format ``pdf``).
    path : str or Path
    lang : {"id", "en"}
    top : int
        Rows of the priority table (default 20).
    title : str, optional
        Replaces the default title.

    Raises
    ------
    InputError
        For an unknown language or a ``top`` below 1.
    OSError
        When the file cannot be written.
    """
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages

    if lang not in ("id", "en"):
        raise InputError(msg("outputs_unknown_language", lang=lang))
    if int(top) < 1:
        raise InputError(msg("report_bad_top", top=top))
    path = Path(path)
    title = title or _t("title", lang)
    with matplotlib.rc_context({"pdf.fonttype": 42, "font.family": "DejaVu Sans", "pdf.compression": 6}):
        pages = [_map_page(analysis, lang, title), *_table_pages(analysis, lang, top),
                 *_flow_pages(analysis, lang, _method_blocks(analysis, lang))]
        with PdfPages(path, metadata=_metadata(analysis, lang, title)) as pdf:
            for i, fig in enumerate(pages, start=1):
                _footer(fig, analysis, lang, i, len(pages))
                pdf.savefig(fig)
    return path

