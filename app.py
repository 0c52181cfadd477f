"""geo-planner in the browser: a thin Streamlit shell over the library.

Run with ``streamlit run app.py``. Everything shown here comes from
``geo_planner.pipeline`` (units + layers -> analysis), ``geo_planner.mapping``
(the offline folium map) and ``geo_planner.export`` (downloads). Boundaries,
built-in layers, simplified geometry and uploads are cached; a weight change
only re-runs :func:`geo_planner.pipeline.analyse`, which is cheap.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import replace

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo_planner import mapping, pipeline, settings
from geo_planner.boundaries import province_name
from geo_planner.errors import GeoPlannerError
from geo_planner.i18n import LANGS, column_label, fmt_number, t
from geo_planner.priority import DEFAULT_WEIGHTS, SCHEMES

st.set_page_config(page_title="geo-planner", page_icon="🗺️", layout="wide")

LEVELS = ("kabkota",)  # levels with figures to map (the built-in layer is kabkota only)
DIRECTIONS = ("context", "need", "coverage")
DOUBT = re.compile(r"doubt|ragu|suspic|curiga|implausib", re.IGNORECASE)


# --- cached data (loaded once per level/province or per uploaded file) ---------------------------
@st.cache_resource(show_spinner="Memuat batas wilayah…")
def units_for(level: str, province: str):
    return pipeline.load_units(level, province)


@st.cache_resource(show_spinner=False)
def builtin_layers(level: str, province: str):
    return pipeline.load_layers(units_for(level, province), [], level=level, province=province)


@st.cache_resource(show_spinner=False)
def geometry_for(level: str, province: str):
    return mapping.simplify_units(units_for(level, province), mapping.TOLERANCE.get(level))


@st.cache_resource(show_spinner=False, max_entries=8)
def upload_layer(name: str, data: bytes, level: str, province: str):
    buf = io.BytesIO(data)
    buf.name = name
    units = units_for(level, province)
    return pipeline.load_layers(units, [buf], level=level, province=province, include_builtin=False)[0]


@st.cache_resource(show_spinner=False, max_entries=32)
def cached_map_data(fingerprint: tuple, column: str, lang: str, scheme: str, _analysis, _geometry):
    return mapping.map_data(_analysis, column=column, lang=lang, scheme=scheme, geometry=_geometry)


@st.cache_data(show_spinner=False, max_entries=16)
def cached_exports(fingerprint: tuple, lang: str, _analysis) -> tuple[bytes, bytes] | None:
    try:
        from geo_planner import export
    except ImportError:
        return None
    return export.to_csv_bytes(_analysis, lang), export.to_xlsx_bytes(_analysis, lang)


# --- helpers -------------------------------------------------------------------------------------
def weightable(layers) -> dict:
    """Indicators with figures in the layers, the later layer's metadata winning."""
    out: dict = {}
    for layer in layers:
        present = set(layer.figures["indicator"])
        out.update({k: v for k, v in layer.indicators.items() if k in present})
    return out


def figure_status(figs: pd.DataFrame, used: pd.DataFrame, lang: str) -> pd.Series:
    """used / alternative / other year, with 'doubtful' added when the note says so."""
    keys = set(zip(used["indicator"], used["row"], used["layer"]))
    status = []
    for r in figs.itertuples():
        if (r.indicator, r.row, r.layer) in keys:
            s = t("status_used", lang)
        elif not r.selected:
            s = t("status_alternative", lang)
            why = str(getattr(r, "selection_note", "") or "")
            s += f" ({why})" if why else ""
        else:
            s = t("status_other", lang)
        if DOUBT.search(str(r.note)):
            s += f"; {t('status_doubtful', lang)}"
        status.append(s)
    return pd.Series(status, index=figs.index)


def sidebar():
    sb = st.sidebar
    lang = sb.selectbox(t("language"), list(LANGS), format_func=LANGS.get, key="lang")
    level = sb.selectbox(t("level", lang), LEVELS, format_func=lambda lv: t(f"level_{lv}", lang), key="level")
    upload = sb.file_uploader(t("upload", lang), type=["csv", "xlsx"], help=t("upload_help", lang), key="upload")
    return lang, level, upload


def main() -> None:
    lang, level, upload = sidebar()
    province = settings.default_province()
    st.html('<style>[data-testid="stMainBlockContainer"]{padding:2.5rem 2rem 2rem}</style>')
    st.title(t("title", lang))

    units = units_for(level, province)
    layers = list(builtin_layers(level, province))
    digest, own = "", None
    if upload is not None:
        data = upload.getvalue()
        digest = hashlib.sha256(upload.name.encode() + b"\0" + data).hexdigest()[:16]
        try:
            own = upload_layer(upload.name, data, level, province)
        except GeoPlannerError as e:
            st.error(f"{upload.name}: {e}")
    directions: dict[str, str] = {}
    if own is not None:
        with st.sidebar.expander(t("direction", lang), expanded=True):
            for k in sorted(set(own.figures["indicator"])):
                directions[k] = st.selectbox(own.indicators[k].label(lang), DIRECTIONS, key=f"dir_{k}",
                                             format_func=lambda d: t(f"dir_{d}", lang))
        own = replace(own, indicators=dict(own.indicators))  # never change the cached layer
        layers += pipeline.load_layers(units, [own], include_builtin=False, directions=directions,
                                       level=level, province=province)

    indicators = weightable(layers)
    weights = weight_inputs(indicators, layers, len(units), lang, set(directions))
    options = ["priority_score", *indicators]
    column = st.sidebar.selectbox(t("colour_by", lang), options, key="column",
                                  format_func=lambda c: column_label(c, indicators, lang))
    scheme = st.sidebar.selectbox(t("scheme", lang), list(SCHEMES), key="scheme",
                                  format_func=lambda s: t(f"scheme_{s}", lang))

    analysis = pipeline.analyse(units, layers, weights, level=level, province=province, scheme=scheme)
    subtitle = t("subtitle", lang, province=province_name(province), level=t(f"level_{level}", lang), n=len(units))
    st.caption(f"{subtitle} · {pipeline.METHOD_EN if lang == 'en' else pipeline.METHOD_ID}")
    if analysis.synthetic:
        st.warning(t("synthetic_app", lang), icon="⚠️")

    fingerprint = (level, province, digest, tuple(sorted(directions.items())), tuple(sorted(weights.items())),
                   scheme)
    ranked = analysis.ranked()
    left, right = st.columns([4, 3], gap="medium")
    with right:
        table_code = ranked_table(analysis, ranked, weights, column, lang)
        downloads(analysis, fingerprint, lang)
    with left:
        map_code = show_map(analysis, level, province, column, lang, scheme, fingerprint)

    selected = pick_unit(map_code, table_code)
    details(analysis, selected, lang)
    weights_and_sources(analysis, lang)
    input_reports(analysis, lang)


def weight_inputs(indicators: dict, layers, n_units: int, lang: str, own: set[str]) -> dict[str, float]:
    """A weight per need/coverage indicator; the defaults and the user's own indicators first."""
    st.sidebar.subheader(t("weights", lang), help=t("weights_help", lang))
    usable = {k: v for k, v in indicators.items() if v.direction in ("need", "coverage")}
    counts = pd.concat([layer.selected()[["code", "indicator"]] for layer in layers]).drop_duplicates()
    counts = counts["indicator"].value_counts()
    main = [k for k in usable if k in DEFAULT_WEIGHTS or k in own]
    rest = [k for k in usable if k not in main]
    weights = {}
    for group in (main, rest):
        box = st.sidebar if group is main else st.sidebar.expander(t("more_indicators", lang))
        for k in group:
            meta = usable[k]
            unit = f" ({meta.unit})" if meta.unit else ""
            n = int(counts.get(k, 0))
            help_ = f"{t(f'dir_{meta.direction}', lang)}; {t('available_for', lang, n=n, total=n_units)}"
            weights[k] = box.number_input(f"{meta.label(lang)}{unit}", min_value=0.0, max_value=10.0, step=0.5,
                                          value=float(DEFAULT_WEIGHTS.get(k, 0.0)), key=f"w_{k}", help=help_)
    return weights


def show_map(analysis, level, province, column, lang, scheme, fingerprint) -> str | None:
    geometry = geometry_for(level, province)
    data = cached_map_data(fingerprint, column, lang, scheme, analysis, geometry)
    m = mapping.render_map(data)
    highlight = mapping.highlight_layer(geometry, st.session_state.get("selected_code"))
    ret = st_folium(m, key="map", height=560, use_container_width=True, returned_objects=["last_active_drawing"],
                    feature_group_to_add=highlight)
    st.caption(f"{t('map_help', lang)} {t('offline_note', lang)}")
    return mapping.clicked_code(ret)


def ranked_table(analysis, ranked: pd.DataFrame, weights: dict, column: str, lang: str) -> str | None:
    st.subheader(t("ranked", lang))
    shown = [k for k, w in weights.items() if w and k in ranked] + [column]
    cols = list(dict.fromkeys(["rank", "name", "priority_score", *shown, "indicators_used", "code"]))
    label = lambda c: column_label(c, analysis.indicators, lang)  # noqa: E731
    view = ranked[cols].rename(columns=label)
    config = {label("priority_score"): st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.2f",
                                                                       width=100),
              label("rank"): st.column_config.NumberColumn(width=72),
              label("name"): st.column_config.TextColumn(width=200),
              label("code"): st.column_config.TextColumn(width=60),
              label("indicators_used"): st.column_config.NumberColumn(width=60)}
    event = st.dataframe(view, key="table", on_select="rerun", selection_mode="single-row", hide_index=True,
                         column_config=config, height=min(38 + 35 * len(view), 420))
    st.caption(t("ranked_help", lang))
    rows = event.selection.rows if event is not None else []
    return str(ranked["code"].iloc[rows[0]]) if rows else None


def pick_unit(map_code: str | None, table_code: str | None) -> str | None:
    """The unit last chosen, on the map or in the table (whichever changed last)."""
    ss = st.session_state
    for source, code in (("map", map_code), ("table", table_code)):
        if code != ss.get(f"_last_{source}"):
            ss[f"_last_{source}"] = code
            if code is not None:
                ss["selected_code"] = code
    return ss.get("selected_code")


def details(analysis, code: str | None, lang: str) -> None:
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
    st.markdown(f"**{t('figures_of', lang, name=u['name'], code=code)}**")
    figs = analysis.unit_figures(code)
    if figs.empty:
        st.info(t("no_figures", lang))
        return
    used = analysis.figures[analysis.figures["code"] == code]
    table = pd.DataFrame({
        t("indicator", lang): figs[f"label_{'en' if lang == 'en' else 'id'}"],
        t("value", lang): figs["value"].map(lambda v: fmt_number(v, lang)),
        t("unit", lang): figs["unit"], t("year", lang): figs["year"], t("period", lang): figs["period"],
        t("status", lang): figure_status(figs, used, lang), t("source", lang): figs["source"],
        t("note", lang): figs["note"], t("layer", lang): figs["layer"],
    })
    st.dataframe(table, hide_index=True, key="figures",
                 column_config={t("source", lang): st.column_config.LinkColumn(width="medium"),
                                t("note", lang): st.column_config.TextColumn(width="large")})


def weights_and_sources(analysis, lang: str) -> None:
    with st.expander(t("weights_sources", lang)):
        total = sum(analysis.weights.values()) or 1.0
        rows = []
        for k, w in analysis.weights.items():
            f = analysis.figures[analysis.figures["indicator"] == k]
            meta = analysis.indicators[k]
            rows.append({t("indicator", lang): meta.label(lang),
                         t("direction_col", lang): t(f"dir_{meta.direction}", lang), t("weight", lang): w,
                         t("share", lang): f"{100 * w / total:.0f}%",
                         t("years", lang): ", ".join(sorted(set(f["year"].astype(str)))),
                         t("source", lang): ", ".join(sorted({mapping.source_domain(s) for s in f["source"]}))})
        st.dataframe(pd.DataFrame(rows), hide_index=True)
        prov = analysis.provenance
        st.markdown(f"- **{t('boundaries', lang)}**: `{prov.get('boundaries')}`\n"
                    f"- **{t('layer', lang)}**: " + ", ".join(
                        f"{x['name']}{' (SINTETIS/SYNTHETIC)' if x['synthetic'] else ''}" for x in prov["layers"])
                    + f"\n- **{t('method', lang)}**: {pipeline.METHOD_EN if lang == 'en' else pipeline.METHOD_ID} "
                    f"({prov.get('classification')})")


def input_reports(analysis, lang: str) -> None:
    unmatched = analysis.unmatched
    for (layer, file), rows in unmatched.groupby(["layer", "file"], dropna=False) if len(unmatched) else ():
        rows = rows.dropna(axis=1, how="all")
        st.warning(t("unmatched", lang, n=len(rows), file=file or layer))
        st.dataframe(rows, hide_index=True)
        st.download_button(t("unmatched_download", lang), rows.to_csv(index=False).encode("utf-8-sig"),
                           file_name=f"{layer}_unmatched.csv", mime="text/csv", key=f"unmatched_{layer}")
    if len(analysis.province_rows):
        st.info(t("province_rows", lang, n=len(analysis.province_rows)), icon="ℹ️")
        with st.expander(t("show_rows", lang)):
            st.dataframe(analysis.province_rows.dropna(axis=1, how="all"), hide_index=True)


def downloads(analysis, fingerprint: tuple, lang: str) -> None:
    st.markdown(f"**{t('downloads', lang)}**")
    try:
        files = cached_exports(fingerprint, lang, analysis)
    except GeoPlannerError as e:
        st.error(str(e))
        return
    if files is None:
        st.caption(t("export_missing", lang))
        return
    stem = f"prioritas_{analysis.level}_{analysis.province}"
    c1, c2 = st.columns(2)
    c1.download_button(t("download_csv", lang), files[0], file_name=f"{stem}.csv", mime="text/csv",
                       key="dl_csv", on_click="ignore", width="stretch")
    c2.download_button(t("download_xlsx", lang), files[1], file_name=f"{stem}.xlsx", key="dl_xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       on_click="ignore", width="stretch")


try:
    main()
except GeoPlannerError as e:
    st.error(str(e))
