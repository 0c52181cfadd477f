"""Cached loaders and the panels of the Streamlit app (``app.py`` holds the page flow).

What is cached, and on what:

- units, the built-in layer, the synthetic demo and uploads: per level (and file bytes);
- simplified geometry, the encoded map layer and the contiguity weights: per level and drill-down code;
- map colours and the pockets: per inputs (level, drill-down, data, weights, map mode, pocket settings).

A weight change re-scores (``pipeline.analyse``), recomputes the pockets' statistics with the cached
contiguity weights and restyles the map; it reloads no data and simplifies no geometry.
"""

from __future__ import annotations

import functools
import io
import json
import os
import re
import time
from dataclasses import replace

import numpy as np
import pandas as pd
import streamlit as st

from geo_planner import pipeline
from geo_planner.errors import GeoPlannerError
from geo_planner.i18n import column_label, fmt_number, t
from geo_planner.i18n.figures import one_language, period_label, unit_label
from geo_planner.i18n.messages import current_language, language, use_language
from geo_planner.layers.official import source_type_label
from geo_planner.outputs import mapping
from geo_planner.outputs.idm_view import coverage_column

LEVELS = ("kabkota", "kecamatan", "desa")
DEPTH = {"kabkota": 2, "kecamatan": 3, "desa": 4}  # dot-separated parts of a unit code
BELOW = ("kecamatan", "desa")                        # levels with pockets (and no official figures)
PERMUTATIONS = (99, 199, 499, 999)
FLAGS = ("both", "hotspot", "underserved")
DOUBT = re.compile(r"doubt|ragu|suspic|curiga|implausib", re.IGNORECASE)
UPLOAD_TYPES = ["csv", "xlsx", "geojson", "json", "zip", "gpkg", "kml", "kmz", "gpx", "parquet", "fgb"]


# --- step times (benchmarks) -------------------------------------------------------------------------
class Steps:
    """Wall time of each step of one script run, for ``benchmarks/bench_browser.py``: appended as one JSON
    line to the file ``GEO_PLANNER_STEP_LOG`` names; nothing is timed or written without it."""

    def __init__(self) -> None:
        self.path = os.environ.get("GEO_PLANNER_STEP_LOG")
        self.start = self.last = time.perf_counter()
        self.started = time.time()
        self.times: dict[str, float] = {}

    def __call__(self, name: str) -> None:
        if self.path:
            now = time.perf_counter()
            self.times[name] = self.times.get(name, 0.0) + now - self.last
            self.last = now

    def write(self, **extra) -> None:
        if self.path:
            line = {"started": self.started, "at": time.time(), "total": time.perf_counter() - self.start,
                    "steps": self.times, "rss_mb": _rss_mb(), **extra}
            with open(self.path, "a", encoding="utf-8") as f:
                f.write(json.dumps(line) + "\n")


def _rss_mb() -> float | None:
    """The server's resident memory now, in MB (Linux; None elsewhere): its growth over many runs is
    what the benchmark watches."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, IndexError, AttributeError):
        return None


# --- language ------------------------------------------------------------------------------------------
def keep_choices() -> None:
    """``on_change`` of a language selector: give every choice in ``st.session_state`` its value again.

    Streamlit keeps a selectbox's or radio's choice in the browser as its label; when the labels change
    language, the old label matches no option and the widget shows no choice (or falls back to the
    first). Set again from the session, each widget is sent its value in the new labels on the run the
    switch triggers. Only text, numbers and lists of text: buttons, uploads and editors cannot be set, and a
    choice of ``None`` cannot be sent again (give such an option a value, e.g. 0 for "all years").
    """
    from streamlit.errors import StreamlitAPIException

    ss = st.session_state
    for key in list(ss.keys()):
        value = ss[key]
        if key in ("lang", "pl_lang") or str(key).startswith("_"):
            continue
        try:
            if (isinstance(value, (str, int, float)) and not isinstance(value, bool)) or (
                    isinstance(value, list) and value and all(isinstance(x, str) for x in value)):
                ss[key] = value
        except StreamlitAPIException:
            pass


BROWSER_LOCALES = {"id": ("id-ID", "id"), "en": ("en-GB", "en")}  # the tables' number format per language


def page_language(lang: str) -> None:
    """What Streamlit does not translate itself, in ``lang``, on every page.

    - Tables: numbers in columns formatted ``"localized"`` (see :func:`numbers`) follow the browser's
      ``navigator.languages``; it is set here to the app's language (Indonesian ``1.234,5``, English
      ``1,234.5``), whatever language the browser itself is set to.
    - Messages: the library's errors and problems are written in ``lang`` during this script run.
    - File uploaders: Streamlit's own button text ("Upload") and size line ("200MB per file") are hidden and
      replaced by the catalogue's texts.
    """
    use_language(lang)  # the library's messages (a bad file, a refused value) in the page's language
    locales = ", ".join(f'"{x}"' for x in BROWSER_LOCALES.get(lang, BROWSER_LOCALES["id"]))
    st.html("<script>try{Object.defineProperty(Navigator.prototype,'languages',{configurable:true,"
            f"get:()=>[{locales}]}})}}catch(e){{}}</script>", unsafe_allow_javascript=True)
    mb = st.get_option("server.maxUploadSize")
    button, limit = (t(k, lang, mb=mb).replace("\\", "\\\\").replace('"', '\\"')
                     for k in ("upload_button", "upload_limit"))
    st.html("<style>"
            '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]{display:none}'
            f'[data-testid="stFileUploaderDropzone"] button>div::after{{content:"{button}";margin-left:.4rem}}'
            '[data-testid="stFileUploaderDropzoneInstructions"] span{display:none}'
            f'[data-testid="stFileUploaderDropzoneInstructions"]>div::after{{content:"{limit}";font-size:.8rem;'
            "opacity:.7}"
            "</style>")


PLAIN_NUMBERS = re.compile(r"year|tahun|^row$|^baris$|^line$", re.IGNORECASE)


def decimals_of(values: pd.Series, most: int = 4) -> int:
    """How many decimals the figures of a column have (at most ``most``): 0 for whole numbers."""
    x = pd.to_numeric(values, errors="coerce")
    x = np.asarray(x.to_numpy(dtype="float64", na_value=np.nan) if isinstance(x, pd.Series) else x, dtype="float64")
    x = x[~np.isnan(x)]
    for d in range(most + 1):
        if bool((np.abs(x - np.round(x, d)) < 1e-9).all()):
            return d
    return most


def numbers(view: pd.DataFrame, config: dict | None = None) -> dict:
    """``column_config`` showing every number of ``view`` in the reader's language (``format="localized"``,
    with the decimals its figures have); columns ``config`` already sets are left to it. Numbers stay numbers,
    so the table still sorts by value."""
    out = dict(config or {})
    for col in view.columns:
        s = view[col]
        if col in out or pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
            continue
        if PLAIN_NUMBERS.search(str(col)):  # a year or a row number: 2024, never 2.024
            out[col] = st.column_config.NumberColumn(format="plain")
            continue
        d = decimals_of(s)
        out[col] = st.column_config.NumberColumn(format="localized", step=10 ** -d if d else 1)
    return out


# --- cached data -----------------------------------------------------------------------------------
def _plain(value) -> bool:
    """Text, numbers, None and tuples of them: arguments worth remembering."""
    if isinstance(value, tuple):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, (str, int, float, bool))


def spinning(key: str):
    """A cached step under ``st.spinner`` in the session's language (shown only if it takes over half a
    second): ``show_spinner`` of ``st.cache_resource`` takes one fixed text. Arguments met before are
    served from the cache, so a rerun calls them without a spinner (no timer thread, no message)."""
    def wrap(fn):
        seen: set = set()

        @functools.wraps(fn)
        def call(*args, **kwargs):
            token = (args, tuple(sorted(kwargs.items())))
            if not _plain(token):  # an analysis among them: always under the spinner, nothing kept
                token = None
            elif token in seen:
                return fn(*args, **kwargs)
            with st.spinner(t(key, current_language())):
                out = fn(*args, **kwargs)
            if token is not None:
                seen.add(token)
            return out
        return call
    return wrap


@spinning("spin_boundaries")
@st.cache_resource(show_spinner=False)
def units_for(level: str, province: str):
    return pipeline.load_units(level, province)


def units_within(level: str, province: str, within: str | None):
    return pipeline.within_units(units_for(level, province), within)


@st.cache_resource(show_spinner=False)
def builtin_layers(level: str, province: str) -> list:
    """The shipped sourced layer (regency level only; empty below)."""
    return pipeline.load_layers(units_for(level, province), [], level=level, province=province)


@spinning("spin_synthetic")
@st.cache_resource(show_spinner=False)
def synthetic_layers(level: str, province: str) -> list:
    """The seeded synthetic village demo at ``level`` (kecamatan figures are desa roll-ups)."""
    return pipeline.load_layers(units_for(level, province), [], level=level, province=province,
                                include_builtin=False, synthetic=True)


@st.cache_resource(show_spinner=False, max_entries=8)
def upload_layer(name: str, data: bytes, level: str, province: str, within: str | None = None,
                 sheet: str | None = None, layer_name: str | None = None, lang: str = "id"):
    """A user's table or point/polygon layer read against the units of ``level``; names of rows that name no
    kecamatan or kabupaten are matched within the view ``within``; ``sheet`` / ``layer_name``: the part of a
    workbook / GeoPackage chosen (the readers take them from the buffer); ``lang``: the language its warnings
    and reasons are written in (kept with the layer, so a language switch reads the file again)."""
    buf = io.BytesIO(data)
    buf.name = name
    buf.sheet, buf.layer_name = sheet, layer_name
    units = units_for(level, province)
    with language(lang):
        return pipeline.load_layers(units, [buf], level=level, province=province, include_builtin=False,
                                    within=within)[0]


@spinning("spin_simplify")
@st.cache_resource(show_spinner=False, max_entries=32)
def geometry_for(level: str, province: str, within: str | None):
    """Simplified geometry of a view: a whole level's is stored beside the cleaned boundaries (made by
    ``geo-planner data fetch`` or the first time it is needed), a drill-down's (finer) made here."""
    from geo_planner.outputs.map_geometry import level_geometry

    units = units_within(level, province, within)
    if within is None:
        return level_geometry(units, province, level, simplify=mapping.simplify_units)
    return mapping.simplify_units(units)


@st.cache_resource(show_spinner=False)
def parent_names(level: str, province: str) -> dict[str, str]:
    """Code -> the names of the units a unit lies in ("Kec. X · Kabupaten Y"), for tooltips and tables."""
    if level == "kabkota":
        return {}
    regency = units_for("kabkota", province)["name"]
    if level == "kecamatan":
        return {c: str(regency.get(p, "")) for c, p in units_for(level, province)["parent"].items()}
    kec = units_for("kecamatan", province)
    kec_label = {k: f"Kec. {name} · {regency.get(parent, '')}" for k, name, parent
                 in zip(kec.index, kec["name"], kec["parent"])}
    return {c: kec_label.get(p, "") for c, p in units_for(level, province)["parent"].items()}


@st.cache_resource(show_spinner=False, max_entries=32)
def map_layer(level: str, province: str, within: str | None) -> mapping.UnitLayer:
    units = units_within(level, province, within)
    return mapping.unit_layer(geometry_for(level, province, within), units["name"], parent_names(level, province))


@st.cache_resource(show_spinner=False, max_entries=32)
def contiguity_for(level: str, province: str, within: str | None):
    from geo_planner.analysis.pockets import contiguity

    return contiguity(units_within(level, province, within))


@st.cache_resource(show_spinner=False, max_entries=32)
def cached_map_data(key: tuple, column: str, lang: str, scheme: str, _analysis) -> mapping.MapData:
    return mapping.map_data(_analysis, column=column, lang=lang, scheme=scheme)


@st.cache_resource(show_spinner=False, max_entries=32)
def map_geometry(level: str, province: str, within: str | None) -> dict:
    """What the map component draws for a view, sent once per level and drill-down."""
    from geo_planner.outputs.map_component import geometry_payload

    return geometry_payload(map_layer(level, province, within), geometry_for(level, province, within), level=level)


@st.cache_resource(show_spinner=False, max_entries=32)
def cached_map_style(key: tuple | str, column: str, lang: str, scheme: str, _analysis, level: str, province: str,
                     within: str | None) -> dict:
    """Colours, outlines and tooltips per unit: what the map component gets on every run. ``key``: the inputs
    of the analysis, or their :func:`inputs_token` (a short text hashed faster than 55 weights)."""
    import app_map

    data = cached_map_data(key, column, lang, scheme, _analysis)
    return app_map.style_of(data, map_layer(level, province, within).codes)


def inputs_token(key: tuple) -> str:
    """A short digest of the inputs of an analysis (text, numbers, booleans, None and tuples of them: their
    ``repr`` tells them apart), for cache keys hashed on every run."""
    import hashlib

    return hashlib.blake2b(repr(key).encode("utf-8"), digest_size=16).hexdigest()


def _add_pockets(analysis, weights_w, **kw):
    """``pipeline.add_pockets`` with the contiguity weights computed once per set of units."""
    return pipeline.add_pockets(analysis, w=weights_w, **kw)


@spinning("spin_pockets")
@st.cache_resource(show_spinner=False, max_entries=16)
def cached_pockets(key: tuple, flag: str, fdr: bool, permutations: int, _analysis, _weights_w):
    """Pocket columns, pockets table and settings of an analysis, or an error message.

    ``add_pockets`` leaves the caller's analysis unchanged; :func:`attach_pockets` returns one with them.
    With too few units for hot-spot statistics, falls back to high-need/low-coverage pockets
    and says why.
    """
    note = None
    for attempt in (flag, "underserved"):
        try:
            found = _add_pockets(_analysis, _weights_w, flag=attempt, fdr=fdr, permutations=permutations)
        except GeoPlannerError as e:
            if attempt == "underserved":
                return {"error": str(e)}
            note = str(e)
            continue
        return {"columns": found.units[list(pipeline.POCKET_COLUMNS)], "pockets": found.pockets,
                "provenance": found.provenance["pockets"], "note": note if attempt != flag else None,
                "lead": pocket_offices(found)}
    return {"error": note}


def attach_pockets(analysis, result: dict):
    """A new analysis with the pockets of :func:`cached_pockets` (``analysis`` is not changed)."""
    units = analysis.units.copy()
    for col in pipeline.POCKET_COLUMNS:
        units[col] = result["columns"][col].reindex(units.index)
    return replace(analysis.with_provenance(pockets=dict(result["provenance"])), units=units,
                   pockets=result["pockets"].copy())


@st.cache_resource(show_spinner=False, max_entries=16)
def combined_layers(key: tuple, _layers) -> pipeline.Combined:
    """The layers joined once per set of layers: a weight change then only re-scores."""
    return pipeline.combine_layers(_layers)


@st.cache_resource(show_spinner=False, max_entries=16)
def indicator_counts(key: tuple, _layers) -> dict[str, int]:
    """Indicator id -> number of units with a figure (the most over the layers), for the weight help."""
    counts: dict[str, int] = {}
    for layer in _layers:
        sel = layer.selected().drop_duplicates(["code", "indicator"])
        for k, n in sel["indicator"].value_counts().items():
            counts[k] = max(counts.get(k, 0), int(n))
    return counts


# --- helpers -----------------------------------------------------------------------------------------
def weightable(layers) -> dict:
    """Indicators with figures in the layers, the later layer's metadata winning."""
    out: dict = {}
    for layer in layers:
        present = set(layer.figures["indicator"].unique())
        out.update({k: v for k, v in layer.indicators.items() if k in present})
    return out


def synthetic_units(analysis) -> pd.Series:
    """Per unit: True when one of its figures in use comes from a synthetic layer."""
    names = {x["name"] for x in analysis.provenance.get("layers", []) if x.get("synthetic")}
    figs = analysis.figures
    codes = figs.loc[figs["layer"].isin(names), "code"].unique()
    return pd.Series(analysis.units.index.isin(codes), index=analysis.units.index)


def figure_status(figs: pd.DataFrame, used: pd.DataFrame, lang: str) -> pd.Series:
    """used / alternative / other year, with 'doubtful' added when the note says so."""
    keys = set(zip(used["indicator"], used["row"], used["layer"], used["year"].astype(str)))  # a row: many years
    official = used[used["source_type"] == "bps_table"] if "source_type" in used.columns else used.iloc[:0]
    replaced = {(i, "kaltim") for i, lay in zip(official["indicator"], official["layer"]) if lay != "kaltim"}
    status = []
    for r in figs.itertuples():
        if (r.indicator, r.row, r.layer, str(r.year)) in keys:
            s = t("status_used", lang)
        elif not r.selected:
            s = t("status_alternative", lang)
            why = one_language(getattr(r, "selection_note", "") or "", lang)
            s += f" ({why})" if why else ""
        else:
            s = t("status_other", lang)
        if DOUBT.search(str(r.note)):
            s += f"; {t('status_doubtful', lang)}"
        if (r.indicator, str(getattr(r, "layer", ""))) in replaced:
            s += f"; {t('status_replaced_bps', lang)}"  # an uploaded official BPS table wins
        status.append(s)
    return pd.Series(status, index=figs.index)


def reason_label(reason: str, lang: str) -> str:
    from geo_planner.analysis.pockets import REASON_HOTSPOT, REASON_UNDERSERVED

    words = {REASON_HOTSPOT: t("reason_hotspot", lang), REASON_UNDERSERVED: t("reason_underserved", lang)}
    return "; ".join(words.get(part, part) for part in str(reason).split("; "))


def pocket_offices(analysis) -> pd.DataFrame | None:
    """Lead office and driving indicators of each pocket (:func:`geo_planner.planning.sectors.pocket_lead`
    over the pockets' members only; for IDM the indicators' agencies), or None when there is none."""
    from geo_planner.planning.sectors import pocket_lead

    if analysis.pockets is None or analysis.pockets.empty:
        return None
    from geo_planner.planning.idm_lead import indicator_columns

    members = [c for m in analysis.pockets["units"] for c in m]
    # only what the contributions read (names, figures, need columns, IDM scores): no geometry or other
    # columns copied along through its reindexing and merges (the same table, about 20% faster)
    u = analysis.units
    keep = [c for c in dict.fromkeys(["name", *analysis.indicator_ids, *indicator_columns(u.columns),
                                      *(c for c in u.columns if str(c).startswith("need_"))]) if c in u.columns]
    try:
        # without the text column pocket_lead makes (its number formatting), which is not shown here
        return pocket_lead(replace(analysis, units=pd.DataFrame(u.loc[members, keep])),
                           text=False)[["lead_office", "drivers"]]
    except GeoPlannerError:
        return None


def drivers_text(drivers: object, indicators: dict, lang: str) -> str:
    """``"iks34_air_minum; ike07_bank_bpr"`` -> their labels in ``lang``."""
    ids = [d for d in str(drivers or "").split("; ") if d]
    return "; ".join(indicators[d].label(lang) if d in indicators else d for d in ids)


def pockets_view(analysis, lang: str, lead: pd.DataFrame | None = None) -> pd.DataFrame:
    """The pockets as shown on screen: members as comma-joined names, people, means, reason, lead office."""
    p = analysis.pockets
    view = pd.DataFrame({
        t("col_pocket", lang): p["pocket"],
        t("col_members", lang): [", ".join(map(str, names)) for names in p["names"]],
        t("col_n_units", lang): p["n_units"],
        t("col_population", lang): p.get("population"),
        t("col_poor", lang): p.get("poor"),
        t("col_need", lang): p.get("need"),
        t("col_coverage", lang): p.get("coverage"),
        t("col_reason", lang): [reason_label(r, lang) for r in p["reason"]],
    })
    empty = [t(k, lang) for k in ("col_population", "col_poor", "col_coverage") if view[t(k, lang)].isna().all()]
    view = view.drop(columns=empty)  # IDM has no people counts nor programme coverage: say nothing, not "-"
    if lead is not None:
        view[t("idm_lead_col", lang)] = p["pocket"].map(lead["lead_office"]).to_numpy()
        view[t("idm_drivers_col", lang)] = [drivers_text(lead["drivers"].get(x), analysis.indicators, lang)
                                             for x in p["pocket"]]
    if analysis.synthetic:
        view[t("synthetic_col", lang)] = True
    return view


# --- downloads: every file comes from the export gate --------------------------------------------------
SIDECAR_SUFFIXES = (".csv", ".geojson", ".json", ".kml", ".zip")  # provenance beside the file: a second button


def offer(container, label: str, make, *, file_name: str, key: str, lang: str, **kw) -> None:
    """A download button whose file is made by the export gate when it is clicked.

    ``make()`` returns a :class:`geo_planner.outputs.gate.Download` (anything else is refused). A file whose
    provenance cannot go inside it (CSV, GeoJSON, KML, zipped Shapefile) gets a second button with its
    provenance JSON (``<key>_prov``). The function each button receives is also kept in
    ``st.session_state["gate_downloads"][key]``, so a test can make the very file a click would give.
    """
    from geo_planner.outputs.gate import MIME, Download

    def made() -> Download:
        download = make()
        if not isinstance(download, Download):
            raise TypeError(t("dev_not_gate_download", "en", name=key))  # a programming error, not a planner's
        return download

    st.session_state.setdefault("gate_downloads", {})[key] = made

    suffix = "." + file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    container.download_button(label, lambda: made().data, file_name=file_name, key=key, on_click="ignore",
                              mime=MIME.get(suffix, "application/octet-stream"), **kw)
    if suffix in SIDECAR_SUFFIXES:
        container.download_button(t("gate_provenance_download", lang), lambda: made().provenance.encode("utf-8"),
                                  file_name=f"{file_name}.provenance.json", mime="application/json",
                                  key=f"{key}_prov", on_click="ignore", help=t("gate_provenance_help", lang), **kw)


def priority_download(analysis, fmt: str, lang: str, file_name: str):
    """The priority list in ``fmt`` (``csv`` and ``xlsx`` with the same headers in ``lang``, or a format of the
    registry)."""
    from geo_planner.outputs.gate import write

    return write(analysis, None, fmt=fmt, lang=lang, file_name=file_name)


def pockets_download(analysis, lang: str, file_name: str):
    """The pockets list as CSV (UTF-8 with BOM; a ``synthetic`` column when the data are synthetic)."""
    from geo_planner.outputs.gate import write

    return write(analysis, None, fmt="pockets", lang=lang, file_name=file_name)


def unmatched_download(rows: pd.DataFrame, lang: str, file_name: str):
    """Rows of one input file that matched no unit (rows of a point layer: row number and reason only)."""
    from geo_planner.outputs.gate import write
    from geo_planner.outputs.plan_tables import rows_table

    table = rows_table(rows, title=t("export_unmatched", lang), name=file_name.rsplit(".", 1)[0],
                       source=t("unmatched_download", lang))
    return write(table, None, fmt="csv", lang=lang, file_name=file_name)


# --- panels ------------------------------------------------------------------------------------------
def ranked_table(analysis, ranked: pd.DataFrame, weights: dict, column: str, lang: str,
                 parents: dict[str, str], key: str = "table") -> str | None:
    st.subheader(t("ranked", lang))
    # each once: the indicator the map is coloured by may carry a weight too
    shown = list(dict.fromkeys([k for k, w in weights.items() if w and k in ranked]
                               + ([column] if column in ranked else [])))
    # a copy of the columns the table can show only (not the 50 IDM scores and need columns beside them)
    keep = {"name", "code", "rank", "priority_score", "indicators_used", *shown, "parent_name", "pocket",
            "synthetic", "idm_coverage"}
    view = ranked[[c for c in ranked.columns if c in keep]].copy()
    extra = []
    if parents:
        view["parent_name"] = view["code"].map(parents)
        extra.append("parent_name")
    if "pocket" in analysis.units.columns:
        view["pocket"] = view["code"].map(analysis.units["pocket"]).astype("string")
        extra.append("pocket")
    if analysis.synthetic:
        view["synthetic"] = view["code"].map(synthetic_units(analysis)).fillna(False).astype(bool)
        extra.append("synthetic")
    cover = coverage_column(analysis.units, lang) if analysis.level == "kecamatan" else None
    if cover is not None:  # "IDM untuk 13 dari 17 desa/kelurahan"
        view["idm_coverage"] = view["code"].map(cover)
        extra.append("idm_coverage")
    # name and code first and pinned: at any width the indicator columns scroll sideways beside them
    cols = list(dict.fromkeys(["name", "code", "rank", *extra[:1], "priority_score", *shown, *extra[1:],
                               "indicators_used"]))
    names = {"parent_name": t("parent_col", lang), "pocket": t("col_pocket", lang),
             "synthetic": t("synthetic_col", lang), "idm_coverage": t("idm_coverage_col", lang)}
    label = lambda c: names.get(c) or column_label(c, analysis.indicators, lang)  # noqa: E731
    view = view[cols]
    # a missing figure is an empty cell, not "None" (numeric columns are numbers already)
    convert = [c for c in shown if not pd.api.types.is_numeric_dtype(view[c])]
    if convert:
        view[convert] = view[convert].apply(pd.to_numeric, errors="coerce")
    view = view.rename(columns=label)
    config = {label("priority_score"): st.column_config.ProgressColumn(min_value=0, max_value=100, format="localized",
                                                                       step=0.01, width=100),
              label("rank"): st.column_config.NumberColumn(width=72),
              label("name"): st.column_config.TextColumn(width=170, pinned=True),
              label("code"): st.column_config.TextColumn(width=110 if len(view) > 10 else 60, pinned=True),
              label("indicators_used"): st.column_config.NumberColumn(width=100)}
    config = numbers(view, config)
    for c in shown:  # wide enough to read; formats stay the reader's locale
        if label(c) in config:
            config[label(c)] = {**config[label(c)], "width": 130}
    event = st.dataframe(view, key=key, on_select="rerun", selection_mode="single-row", hide_index=True,
                         column_config=config, height=min(38 + 35 * len(view), 420), placeholder="–")
    st.caption(t("ranked_help", lang))
    rows = event.selection.rows if event is not None else []
    codes = view[label("code")]  # the row's code in the frame shown (a row index means nothing elsewhere)
    return str(codes.iloc[rows[0]]) if rows and 0 <= rows[0] < len(codes) else None


def pockets_panel(analysis, result: dict | None, lang: str) -> None:
    st.subheader(t("pockets", lang), help=t("pockets_help", lang))
    if result is None:
        return
    if "error" in result:
        st.warning(result["error"])
        return
    if result.get("note"):
        st.info(t("hotspots_too_few", lang, reason=result["note"]), icon="ℹ️")
    p = analysis.pockets
    if p is None or p.empty:
        st.info(t("pockets_none", lang))
        return
    if p["poor"].notna().any():
        st.caption(t("pockets_summary", lang, n=len(p), units=int(p["n_units"].sum()),
                     poor=fmt_number(p["poor"].sum(min_count=1), lang, 0)))
    else:  # IDM counts no people: say how many pockets and desa, not "– poor people"
        st.caption(t("pockets_summary_units", lang, n=len(p), units=int(p["n_units"].sum())))
    view = pockets_view(analysis, lang, result.get("lead"))
    number = lambda step: st.column_config.NumberColumn(format="localized", step=step)  # noqa: E731
    st.dataframe(view, key="pockets_table", hide_index=True, height=min(38 + 35 * len(view), 320), placeholder="–",
                 column_config=numbers(view, {t("col_members", lang): st.column_config.TextColumn(width="medium"),
                                              t("col_pocket", lang): st.column_config.TextColumn(width=60, pinned=True),
                                              t("col_population", lang): number(1), t("col_poor", lang): number(1),
                                              t("col_need", lang): number(0.1), t("col_coverage", lang): number(0.1)}))
    name = f"kantong_{analysis.level}_{analysis.provenance.get('within') or analysis.province}.csv"
    offer(st, t("pockets_download", lang), lambda: pockets_download(analysis, lang, name), file_name=name,
          key="dl_pockets", lang=lang)


def details(analysis, code: str | None, lang: str, drill_label: str | None, on_drill) -> None:
    st.subheader(t("details", lang))
    if code is None or code not in analysis.units.index:
        st.info(t("pick_unit", lang))
        return
    u = analysis.units.loc[code]
    c1, c2, c3 = st.columns(3)
    c1.metric(t("rank", lang), "–" if pd.isna(u["rank"]) else t("rank_of", lang, rank=int(u["rank"]),
                                                               n=int(analysis.units["rank"].notna().sum())))
    c2.metric(t("score", lang), fmt_number(u["priority_score"], lang))
    c3.metric(t("indicators_used", lang), int(u["indicators_used"]))
    if drill_label:
        st.button(drill_label, key="drill", type="primary", on_click=on_drill, args=(code,))
    unit_lead(analysis, code, lang)
    if "pocket" in analysis.units.columns:
        bits = []
        if pd.notna(u.get("pocket")):
            bits.append(t("tip_pocket", lang, pocket=u["pocket"]).replace("<b>", "**").replace("</b>", "**"))
        if bool(u.get("underserved")):
            bits.append(t("underserved", lang))
        gi = str(u.get("gi_class"))
        bits.append(f"Gi*: {t('gi_' + gi.replace(' ', '_'), lang)}")
        st.markdown(" · ".join(bits))
    st.markdown(f"**{t('figures_of', lang, name=u['name'], code=code)}**")
    figs = analysis.unit_figures(code)
    if figs.empty:
        st.info(t("no_figures", lang))
        return
    used = analysis.figures[analysis.figures["code"] == code]
    kinds = figs["source_type"] if "source_type" in figs.columns else pd.Series("", index=figs.index)
    table = pd.DataFrame({
        t("indicator", lang): figs[f"label_{'en' if lang == 'en' else 'id'}"],
        t("value", lang): figs["value"].map(lambda v: fmt_number(v, lang)),
        t("unit", lang): figs["unit"].map(lambda u: unit_label(u, lang)), t("year", lang): figs["year"].astype("string"),
        t("source_type_col", lang): kinds.map(lambda k: source_type_label(k, lang)),
        t("period", lang): figs["period"].map(lambda p: period_label(p, lang)),
        t("status", lang): figure_status(figs, used, lang), t("source", lang): figs["source"],
        t("note", lang): figs["note"].map(lambda n: one_language(n, lang)), t("layer", lang): figs["layer"],
    })
    st.dataframe(table, hide_index=True, key="figures", placeholder="–",
                 column_config=numbers(table, {t("source", lang): st.column_config.LinkColumn(width="medium"),
                                               t("note", lang): st.column_config.TextColumn(width="large")}))


def weights_and_sources(analysis, lang: str) -> None:
    """The weights, years and sources of the score, in an expander drawn only when open (``on_change=
    "rerun"``: opening it runs the page once; closed, a weight change does not build or send it)."""
    box = st.expander(t("weights_sources", lang), key="open_weights_sources", on_change="rerun")
    if not box.open:
        return
    with box:
        total = sum(analysis.weights.values()) or 1.0
        rows = []
        figs = analysis.figures
        # the years and sources of the weighted indicators: their distinct pairs only (a figure per unit each)
        used = figs.loc[figs["indicator"].isin(list(analysis.weights)), ["indicator", "year", "source"]]
        used = used.drop_duplicates()
        groups = {k: g for k, g in used.groupby("indicator", sort=False, observed=True)}
        empty = used.iloc[:0]
        for k, w in analysis.weights.items():
            f = groups.get(k, empty)
            meta = analysis.indicators[k]
            rows.append({t("indicator", lang): meta.label(lang),
                         t("direction_col", lang): t(f"dir_{meta.direction}", lang), t("weight", lang): w,
                         t("share", lang): f"{100 * w / total:.0f}%",
                         t("years", lang): ", ".join(sorted(set(f["year"].astype(str)))),
                         t("source", lang): ", ".join(sorted({mapping.source_domain(s) for s in f["source"]}))})
        table = pd.DataFrame(rows)
        st.dataframe(table, hide_index=True, column_config=numbers(table), placeholder="–")
        prov = analysis.provenance
        lines = [f"- **{t('boundaries', lang)}**: `{prov.get('boundaries')}`",
                 f"- **{t('layer', lang)}**: " + ", ".join(
                     f"{x['name']}{' (' + t('export_synthetic_tag', lang) + ')' if x['synthetic'] else ''}"
                     for x in prov["layers"]),
                 f"- **{t('method', lang)}**: {pipeline.METHOD_EN if lang == 'en' else pipeline.METHOD_ID} "
                 f"({prov.get('classification')})"]
        if prov.get("pockets"):
            pk = prov["pockets"]
            lines.append(f"- **{t('pockets', lang)}**: " + t(
                "pockets_method", lang, permutations=pk.get("permutations"), alpha=fmt_number(pk.get("alpha"), lang),
                fdr=", FDR" if pk.get("fdr") else "",
                weights=t("weights_queen", lang) if pk.get("weights") == pipeline.QUEEN else pk.get("weights")))
        st.markdown("\n".join(lines))


def input_reports(analysis, lang: str) -> None:
    warned = [p for p in getattr(analysis, "problems", ()) if p.severity == "warning"]
    if warned:  # e.g. a column named like an output column, renamed: shown as plain text
        st.warning(t("layer_warnings", lang, n=len(warned)))
        st.code("\n".join(str(p) for p in warned), language=None, wrap_lines=True)
    unmatched = analysis.unmatched
    for (layer, file), rows in unmatched.groupby(["layer", "file"], dropna=False) if len(unmatched) else ():
        rows = rows.dropna(axis=1, how="all")
        st.warning(t("unmatched", lang, n=len(rows), file=file or layer))
        st.dataframe(rows, hide_index=True, column_config=numbers(rows), placeholder="–")
        name = f"{layer}_unmatched.csv"
        offer(st, t("unmatched_download", lang), lambda rows=rows, name=name: unmatched_download(rows, lang, name),
              file_name=name, key=f"unmatched_{layer}", lang=lang)
    if len(analysis.province_rows):
        st.info(t("province_rows", lang, n=len(analysis.province_rows)), icon="ℹ️")
        with st.expander(t("show_rows", lang)):
            shown = analysis.province_rows.dropna(axis=1, how="all")
            st.dataframe(shown, hide_index=True, column_config=numbers(shown), placeholder="–")


def downloads(analysis, lang: str) -> None:
    """Priority list as CSV and XLSX, made by the export gate when the button is clicked."""
    st.markdown(f"**{t('downloads', lang)}**")
    within = analysis.provenance.get("within")
    stem = f"prioritas_{analysis.level}_{within or analysis.province}"
    c1, c2 = st.columns(2)
    offer(c1, t("download_csv", lang), lambda: priority_download(analysis, "csv", lang, f"{stem}.csv"),
          file_name=f"{stem}.csv", key="dl_csv", lang=lang, width="stretch")
    offer(c2, t("download_xlsx", lang), lambda: priority_download(analysis, "xlsx", lang, f"{stem}.xlsx"),
          file_name=f"{stem}.xlsx", key="dl_xlsx", lang=lang, width="stretch")
    _other_formats(analysis, stem, lang)


GIS_FORMATS = {"rpkd": "RPKD (XLSX)", "geojson": "GeoJSON", "gpkg": "GeoPackage", "shp": "Shapefile (ZIP)",
               "kml": "KML", "pdf": "PDF (A4)"}


def _other_formats(analysis, stem: str, lang: str) -> None:
    """RPKD table, GIS formats and the PDF report, made when the button is clicked (small counts hidden)."""
    from geo_planner.outputs.formats import DEFAULT_SUFFIX

    c1, c2 = st.columns(2)
    fmt = c1.selectbox(t("other_format", lang), list(GIS_FORMATS),
                       format_func=GIS_FORMATS.get, key="dl_fmt", label_visibility="collapsed")
    name = f"{stem}{DEFAULT_SUFFIX[fmt]}"
    offer(c2, t("download_format", lang, format=GIS_FORMATS[fmt]),
          lambda: priority_download(analysis, fmt, lang, name), file_name=name, key=f"dl_{fmt}", lang=lang,
          width="stretch")


# --- village index (IDM) --------------------------------------------------------------------------------
def village_caption(analysis, lang: str, data: tuple) -> None:
    """The IDM credit line (and the kelurahan note) under the title, when the village index is loaded.

    ``data``: what the units and figures of ``analysis`` come from (level, province, layers, drill-down;
    not the weights): the note counts figures only, so it is worked out once per ``data``."""
    info = analysis.provenance.get("villages")
    if not info:
        return
    st.caption(t("idm_real_note", lang))
    st.caption(t("idm_caption", lang, attribution=info["attribution" if lang == "en" else "atribusi"]))
    note = _not_assessed(data, lang, analysis)
    if note:
        st.caption(note)


@st.cache_resource(show_spinner=False, max_entries=16)
def _not_assessed(data: tuple, lang: str, _analysis) -> str:
    from geo_planner.outputs.idm_view import not_assessed_note

    return not_assessed_note(_analysis, lang)


def unit_lead(analysis, code: str, lang: str) -> None:
    """The lead office of one unit and the deficits behind it (for IDM: the indicators' agencies)."""
    from geo_planner.planning.sectors import lead_sectors

    if pd.isna(analysis.units.at[code, "priority_score"]):
        return
    try:
        lead = lead_sectors(replace(analysis, units=analysis.units.loc[[code]]), lang=lang)
    except GeoPlannerError:
        return
    if code in lead.index and pd.notna(lead.at[code, "lead_office"]):
        st.text(f"{t('idm_col_office', lang)}: {lead.at[code, 'lead_office']} · {lead.at[code, 'text']}")


def idm_dictionary(analysis, lang: str, data: tuple) -> None:
    """The 50 IDM indicators by sub-dimension: label, agencies IDM names, lead office, mean score shown.

    ``data`` as for :func:`village_caption`: the table holds figures only (no weights), so it is made
    once per ``data`` and language."""
    if "villages" not in analysis.provenance or "iks01_akses_sarkes" not in analysis.units.columns:
        return
    box = st.expander(t("idm_dictionary", lang), key="open_idm_dictionary", on_change="rerun")  # drawn when open
    if not box.open:
        return
    table, config = _idm_table(data, lang, analysis)
    with box:
        st.caption(t("idm_dictionary_help", lang))
        st.dataframe(table, hide_index=True, key="idm_dictionary", column_config=config, placeholder="–")


@st.cache_resource(show_spinner=False, max_entries=16)
def _idm_table(data: tuple, lang: str, _analysis) -> tuple[pd.DataFrame, dict]:
    from geo_planner.layers.idm import read_idm
    from geo_planner.planning.sectors import sector_map

    dictionary = read_idm(_analysis.province)[1]
    offices = sector_map(list(dictionary["id"]))["office"]
    en = lang == "en"
    table = pd.DataFrame({
        t("idm_col_sub", lang): dictionary["dim"] + " · " + dictionary["sub_label_en" if en else "sub_label_id"],
        t("idm_col_indicator", lang): dictionary["label_en" if en else "label_id"],
        t("idm_col_mean", lang): [round(float(_analysis.units[i].mean()), 2) for i in dictionary["id"]],
        t("idm_col_agencies", lang): dictionary["agencies"],
        t("idm_col_office", lang): dictionary["id"].map(offices).to_numpy(),
    })
    return table, numbers(table)
