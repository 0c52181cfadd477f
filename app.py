"""geo-planner in the browser: a thin Streamlit shell over the library.

Run with ``streamlit run app.py`` (``?level=desa`` or ``?level=kecamatan&within=64.72`` opens a level or a
drill-down directly). Everything shown comes from ``geo_planner.pipeline`` (units + layers -> analysis,
pockets), ``app_map`` (the offline map component: geometry once per view, colours per run); every download comes from the export gate
(``geo_planner.outputs.gate``); the cached loaders
and panels are in ``app_views.py``. A weight change only re-runs :func:`geo_planner.pipeline.analyse`
(and the pockets' statistics below regency level) and restyles the map.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import replace
from pathlib import Path

import streamlit as st

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:  # ``streamlit run`` adds the app's folder; AppTest does not
    sys.path.insert(0, _HERE)

import app_map  # noqa: E402
import app_views as v  # noqa: E402
from app_pages._planning.auth import gate, md_lines  # noqa: E402
from geo_planner import pipeline, settings  # noqa: E402
from geo_planner.analysis.priority import SCHEMES  # noqa: E402
from geo_planner.errors import GeoPlannerError  # noqa: E402
from geo_planner.layers.directions import default_direction  # noqa: E402
from geo_planner.i18n import LANGS, column_label, t  # noqa: E402
from geo_planner.outputs import mapping  # noqa: E402
from geo_planner.sources.boundaries import province_name  # noqa: E402

st.set_page_config(page_title="geo-planner", page_icon="🗺️", layout="wide")

DIRECTIONS = ("context", "need", "coverage")
NEXT = {"kabkota": "kecamatan", "kecamatan": "desa"}


# --- navigation: level, drill-down code ("within") and the selected unit live in session state ---------
def level_of(code: str) -> str | None:
    return {depth: lv for lv, depth in v.DEPTH.items()}.get(code.count(".") + 1)


def trim(within: str | None, level: str) -> str | None:
    """The part of a drill-down code that still makes sense at ``level`` (None: the whole province)."""
    if not within:
        return None
    parts = str(within).split(".")[: v.DEPTH[level] - 1]
    return ".".join(parts) if len(parts) >= 2 else None


def go(level: str, within: str | None = None, selected: str | None = None) -> None:
    ss = st.session_state
    ss["level"], ss["within"], ss["selected_code"] = level, within, selected
    ss.pop("_last_table", None)  # the table gets a new key (table_key): no ticked row of the view before


def drill(code: str) -> None:
    go(NEXT[level_of(code)], code)


def up_target(level: str, within: str | None) -> tuple[str, str | None, str | None] | None:
    """One step back: the level above, inside the same regency where that still means something."""
    if level == "kabkota":
        return None
    parent = {"kecamatan": "kabkota", "desa": "kecamatan"}[level]
    target = trim(within, parent)
    selected = within if within and level_of(within) == parent else None
    return parent, target, selected


def on_level_change() -> None:
    ss = st.session_state
    go(ss["level"], trim(ss.get("within"), ss["level"]))


def start_state() -> None:
    ss = st.session_state
    if not ss.get("_started"):
        ss["_started"] = True
        level = st.query_params.get("level")
        if level in v.LEVELS:
            ss["level"], ss["within"] = level, trim(st.query_params.get("within"), level)
    goto = ss.pop("_goto", None)
    if goto:
        go(*goto)


def sync_query(level: str, within: str | None) -> None:
    wanted = {"level": level, **({"within": within} if within else {})}
    if dict(st.query_params) != wanted and (level != "kabkota" or st.query_params):
        st.query_params.from_dict(wanted)


def unit_name(code: str, province: str) -> str:
    level = level_of(code)
    units = v.units_for(level, province) if level else None
    return str(units.at[code, "name"]) if units is not None and code in units.index else code


def breadcrumb(level: str, within: str | None, province: str, lang: str) -> None:
    if level == "kabkota" and not within:
        return
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        target = up_target(level, within)
        place = unit_name(target[1], province) if target[1] else province_name(province)
        name = f"{place} · {t(f'level_{target[0]}', lang)}"
        st.button(t("up_to", lang, name=name), key="up", on_click=go, args=target)
        crumbs = [province_name(province)]
        if within:
            crumbs += [unit_name(".".join(within.split(".")[:i]), province)
                       for i in range(2, within.count(".") + 2)]
        st.markdown(" › ".join(crumbs) + f" › **{t(f'level_{level}', lang)}**")


# --- sidebar ------------------------------------------------------------------------------------------
def sidebar():
    sb, ss = st.sidebar, st.session_state
    # persist_state: the planning pages (app_pages/) reuse the language and level chosen here
    # on_change: before this run renders anything, the other choices are re-sent in the new language's labels
    lang = sb.selectbox(t("language"), list(LANGS), format_func=LANGS.get, key="lang", persist_state="session",
                        on_change=v.keep_choices)
    level = sb.selectbox(t("level", lang), v.LEVELS, format_func=lambda lv: t(f"level_{lv}", lang), key="level",
                         on_change=on_level_change, persist_state="session")
    synthetic = False
    if level in v.BELOW:
        if "synthetic" not in ss:  # keep the choice while the toggle is hidden at regency level; off: real IDM
            ss["synthetic"] = ss.get("_synthetic", False)
        synthetic = sb.toggle(t("synthetic_toggle", lang), key="synthetic", help=t("synthetic_toggle_help_idm", lang))
        ss["_synthetic"] = synthetic
    click = "details"
    if level != "desa":
        click = sb.radio(t("click_action", lang), ("details", "drill"), key="click_action",
                         format_func=lambda c: t(f"click_{c}", lang))
    sb.toggle(t("basemap_toggle", lang), key="basemap", help=t("basemap_toggle_help", lang))
    upload = sb.file_uploader(t("upload", lang), type=v.UPLOAD_TYPES, help=t("upload_help", lang), key="upload")
    return lang, level, synthetic, click, upload


def _upload_choice(name: str, data: bytes, lang: str) -> dict[str, str]:
    """The sheet of a workbook of several sheets, the layer of a GeoPackage of several layers, as chosen."""
    from geo_planner.sources.tables import list_sheets
    from geo_planner.sources.userfiles import list_layers

    if name.lower().endswith(".gpkg") and len(layers := list_layers(data)) > 1:
        return {"layer_name": st.sidebar.selectbox(t("upload_layer", lang), layers, index=len(layers) - 1,
                                                   key="upload_layer")}
    if len(sheets := list_sheets(data)) > 1:
        sheet = st.sidebar.selectbox(t("upload_sheet", lang), [None, *sheets], key="upload_sheet",
                                     format_func=lambda s: t("upload_sheet_auto", lang) if s is None else s)
        return {"sheet": sheet} if sheet is not None else {}
    return {}


def user_layers(upload, units, level: str, province: str, lang: str,
                within: str | None = None) -> tuple[list, str, dict[str, str]]:
    """The uploaded table or point/polygon layer, with the directions chosen for its indicators; names
    are matched within the view ``within`` when a row names no parent."""
    if upload is None:
        return [], "", {}
    data = upload.getvalue()
    digest = hashlib.sha256(upload.name.encode() + b"\0" + data + b"\0" + str(within).encode()).hexdigest()[:16]
    choice = _upload_choice(upload.name, data, lang)
    digest = hashlib.sha256(digest.encode() + repr(choice).encode()).hexdigest()[:16] if choice else digest
    try:
        own = v.upload_layer(upload.name, data, level, province, within, **choice, lang=lang)
    except GeoPlannerError as e:
        st.error(md_lines(e if getattr(e, "file", None) else f"{upload.name}: {e}"))  # names its file once
        return [], digest, {}
    directions: dict[str, str] = {}
    with st.sidebar.expander(t("direction", lang), expanded=True):
        for k in sorted(set(own.figures["indicator"])):
            directions[k] = st.selectbox(own.indicators[k].label(lang), DIRECTIONS, key=f"dir_{k}",
                                         index=DIRECTIONS.index(default_direction(own.indicators[k], own.name)),
                                         format_func=lambda d: t(f"dir_{d}", lang))
    own = replace(own, indicators=dict(own.indicators))  # never change the cached layer
    layers = pipeline.load_layers(units, [own], include_builtin=False, directions=directions, level=level,
                                  province=province)
    return layers, digest, directions


def weight_inputs(indicators: dict, counts: dict[str, int], n_units: int, lang: str,
                  own: set[str]) -> dict[str, float]:
    """A weight per need/coverage indicator; the defaults and the user's own indicators first."""
    st.sidebar.subheader(t("weights", lang), help=t("weights_help", lang))
    usable = {k: m for k, m in indicators.items() if m.direction in ("need", "coverage")}
    defaults = pipeline.default_weights(indicators)  # poverty figures, else low IDM 2024 (villages)
    main = [k for k in usable if k in defaults or k in own]
    rest = [k for k in usable if k not in main]
    weights = {}
    for group in (main, rest):
        box = st.sidebar if group is main else st.sidebar.expander(t("more_indicators", lang))
        for k in group:
            meta = usable[k]
            unit = f" ({meta.unit_in(lang)})" if meta.unit else ""
            help_ = f"{t(f'dir_{meta.direction}', lang)}; {t('available_for', lang, n=counts.get(k, 0), total=n_units)}"
            weights[k] = box.number_input(f"{meta.label(lang)}{unit}", min_value=0.0, max_value=10.0, step=0.5,
                                          format="%g",  # 1 and 0.5, not 1.00 (inputs take no decimal comma)
                                          value=float(defaults.get(k, 0.0)), key=f"w_{k}", help=help_)
    return weights


def pocket_settings(lang: str) -> tuple[str, bool, int]:
    with st.sidebar.expander(t("pocket_settings", lang)):
        flag = st.selectbox(t("pocket_flag", lang), v.FLAGS, key="pocket_flag",
                            format_func=lambda f: t(f"flag_{f}", lang))
        fdr = st.checkbox(t("fdr", lang), key="fdr", help=t("fdr_help", lang))
        permutations = st.select_slider(t("permutations", lang), v.PERMUTATIONS, value=999, key="permutations")
    return flag, fdr, int(permutations)


# --- page ---------------------------------------------------------------------------------------------
def main(steps) -> None:
    start_state()
    lang, level, synthetic, click, upload = sidebar()
    ss = st.session_state
    province = settings.default_province()
    st.html('<style>[data-testid="stMainBlockContainer"]{padding:2.5rem 2rem 2rem}</style>')
    st.title(t("title", lang))
    # everything that comes and goes above the map is in one container: the map keeps its place in the
    # page, so its frame (Leaflet, the geometry) is not mounted again after a drill-down or a level change
    head = st.container()

    within = trim(ss.get("within"), level)
    with head:
        try:
            units = v.units_within(level, province, within)
        except GeoPlannerError as e:
            st.error(md_lines(e))
            within = ss["within"] = None
            units = v.units_within(level, province, None)
        sync_query(level, within)
        breadcrumb(level, within, province, lang)

    layers = list(v.builtin_layers(level, province))
    if synthetic:
        layers += v.synthetic_layers(level, province)
    with head:
        own, digest, directions = user_layers(upload, v.units_for(level, province), level, province, lang, within)
    layers += own
    if not any(len(layer.figures) for layer in layers):
        head.info(t("no_real_figures", lang, level=t(f"level_{level}", lang).lower()), icon="ℹ️")
        return

    steps("data")
    indicators = v.weightable(layers)
    data_key = (level, province, synthetic, digest, tuple(sorted(directions.items())))
    weights = weight_inputs(indicators, v.indicator_counts(data_key, layers), len(units), lang, set(directions))
    below = level in v.BELOW
    options = ["priority_score", *(mapping.MODES if below else ()), *indicators]  # modes before 60+ indicators
    if ss.get("column") not in options:
        ss["column"] = "priority_score"
    labels = {m: t(f"mode_{m}", lang) for m in mapping.MODES}
    column = st.sidebar.selectbox(t("colour_by", lang), options, key="column",
                                  format_func=lambda c: labels.get(c) or column_label(c, indicators, lang))
    scheme = st.sidebar.selectbox(t("scheme", lang), list(SCHEMES), key="scheme",
                                  format_func=lambda s: t(f"scheme_{s}", lang))
    flag, fdr, permutations = pocket_settings(lang) if below else ("both", False, 999)
    steps("sidebar")

    analysis = pipeline.analyse(units, layers, weights, level=level, province=province, scheme=scheme,
                                combined=v.combined_layers(data_key, layers)).with_provenance(within=within)
    steps("analyse")
    key = (*data_key, within, tuple(sorted(weights.items())), scheme)
    pockets = None
    if below:
        key = (*key, flag, fdr, permutations)
        pockets = v.cached_pockets(key, flag, fdr, permutations, analysis, v.contiguity_for(level, province, within))
        if "error" in pockets and column in ("bivariate", "hotspots"):
            column = "priority_score"
        elif "error" not in pockets:
            analysis = v.attach_pockets(analysis, pockets)
        steps("pockets")

    where = unit_name(within, province) if within else None
    subtitle = (t("subtitle_within", lang, province=province_name(province), within=where,
                  level=t(f"level_{level}", lang), n=len(units)) if where else
                t("subtitle", lang, province=province_name(province), level=t(f"level_{level}", lang), n=len(units)))
    with head:
        st.caption(f"{subtitle} · {pipeline.METHOD_EN if lang == 'en' else pipeline.METHOD_ID}")
        if analysis.synthetic:
            st.warning(t("synthetic_app", lang), icon="⚠️")
        v.village_caption(analysis, lang, data=(*data_key, within))

    parents = v.parent_names(level, province)
    ranked = analysis.ranked()
    forget_stale_selection(level, within, province, lang)
    left, right = st.columns([5, 3] if below else [4, 3], gap="medium")  # room for 1,038 desa
    steps("captions")
    with right:  # first, so that a row chosen in the table is outlined on the map in the same run
        table_code = v.ranked_table(analysis, ranked, weights, column, lang, parents,
                                    key=table_key(level, within, lang))
        steps("ranked_table")
        v.downloads(analysis, lang)
        steps("downloads")
    if pick_row(table_code) and click == "drill" and level in NEXT:
        ss["_goto"] = (NEXT[level], table_code, None)
        st.rerun()
    selected = ss.get("selected_code")
    with left:
        show_map(analysis, level, province, within, column, lang, scheme, key, selected)
    steps("map")
    if below:
        v.pockets_panel(analysis, pockets, lang)
        steps("pockets_panel")
    drill_label = t("drill_to", lang, level=t(f"drill_{NEXT[level]}", lang)) if level in NEXT else None
    v.details(analysis, selected, lang, drill_label, drill)
    steps("details")
    v.weights_and_sources(analysis, lang)
    steps("weights_panel")
    v.idm_dictionary(analysis, lang, data=(*data_key, within))
    steps("idm_dictionary")
    v.input_reports(analysis, lang)
    steps("input_reports")


def show_map(analysis, level, province, within, column, lang, scheme, key, selected) -> None:
    """The map component: geometry once per level/drill-down (and per mounted frame), then only the
    colours, outlines and tooltips of the units and the selected unit per run (``app_map``)."""
    geometry = v.map_geometry(level, province, within)
    style = v.cached_map_style(v.inputs_token(key), column, lang, scheme, analysis, level, province, within)
    if selected is not None and selected not in analysis.units.index:
        selected = None
    basemap = bool(st.session_state.get("basemap"))
    app_map.show(geometry, style, selected, basemap=basemap, height=560, key="map", on_change=on_map_click)
    note = t("basemap_note", lang) if basemap else t("offline_note", lang)
    st.caption(f"{t('map_help', lang)} {note}")


def on_map_click() -> None:
    """Runs before the script (the component's value is in session_state["map"]), so the click selects
    the unit, or drills down, in the run it triggers. A click always wins over a ticked table row: the
    table gets a new key, so its tick is gone."""
    ss = st.session_state
    value = ss.get("map") or {}
    code, n = value.get("click"), value.get("n")
    if not code or n is None or n == ss.get("_last_map"):
        return
    ss["_last_map"] = n
    ss["_table_gen"] = ss.get("_table_gen", 0) + 1
    ss.pop("_last_table", None)
    code = str(code)
    if ss.get("click_action") == "drill" and level_of(code) in NEXT and ss.get("level") != "desa":
        ss["_goto"] = (NEXT[level_of(code)], code, None)
    else:
        ss["selected_code"] = code


def table_key(level: str, within: str | None, lang: str) -> str:
    """The ranked table's widget key: new for each level, drill-down and language, and after a map click,
    so a row ticked in one view can never select a unit of another (a row index is only a position)."""
    return f"table:{level}:{within or ''}:{lang}:{st.session_state.get('_table_gen', 0)}"


def forget_stale_selection(level: str, within: str | None, province: str, lang: str) -> None:
    """The selected unit is a code; it is dropped when the language or province changes (the level and
    drill-down go through :func:`go`, which sets it) and when it is not a unit of this view."""
    ss = st.session_state
    view = (level, within, province, lang)
    before = ss.get("_view")
    ss["_view"] = view
    if before is not None and before != view and (before[2], before[3]) != (province, lang):
        ss["selected_code"] = None
        ss.pop("_last_table", None)


def pick_row(code: str | None) -> bool:
    """Select the unit of the table row chosen since the last run; True when that happened."""
    ss = st.session_state
    if code == ss.get("_last_table"):
        return False
    ss["_last_table"] = code
    if code is not None:
        ss["selected_code"] = code
    return code is not None


def home() -> None:
    steps = v.Steps()
    try:
        main(steps)
    except GeoPlannerError as e:
        st.error(md_lines(e))
    finally:
        steps.write()


# The map (this page) and the planning pages in app_pages/ (not pages/: Streamlit would also list that folder by itself), in a bar at the top (a longer sidebar would push
# its widgets down), labelled in the language chosen.
PLANNING_PAGES = (("1_Sektor_pemimpin", "lead_title"), ("2_Target_instansi", "tg_title"),
                  ("3_Alokasi_anggaran", "al_title"), ("4_Target_provinsi", "goal_title"))
_lang = st.session_state.get("lang", "id")
v.page_language(_lang)  # number format of the tables, the uploaders' own texts
gate(_lang)  # shared deployment: only the sign-in page until signed in; the unprotected banner
st.navigation([st.Page(home, title=t("nav_home", _lang), default=True),
               *(st.Page(f"app_pages/{name}.py", title=t(key, _lang)) for name, key in PLANNING_PAGES)],
              position="top").run()
