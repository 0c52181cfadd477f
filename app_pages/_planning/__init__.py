"""What the planning pages share: page set-up, the language and level choice, the cached analysis and maps.

Not a page itself: ``app.py`` lists the page files of ``app_pages/`` in ``st.navigation``, and this is a
package in a sub-folder. The pages import it as ``app_pages._planning`` (the repository root is put on
``sys.path`` first, as ``app.py`` does for ``app_views``). The folder is not called ``pages/``: Streamlit
would list that folder by itself in a sidebar when a page's address is opened before the app has run once.

Language and level are chosen once for all pages: the main page's widgets (keys ``lang`` and ``level``,
kept across page switches with ``persist_state="session"``) are read here, each planning page draws its
own selector (``pl_lang``, ``pl_level``) and writes the choice back to ``lang`` / ``level``, which the main
page picks up. ``app.py`` lists the pages in the navigation bar (``st.navigation``).
"""

from __future__ import annotations

import html
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # ``streamlit run`` adds the app's folder; AppTest does not
    sys.path.insert(0, str(REPO))

import app_views as v  # noqa: E402
from geo_planner import pipeline, settings  # noqa: E402
from geo_planner.errors import GeoPlannerError  # noqa: E402
from geo_planner.i18n import LANGS, column_label, fmt_number, t  # noqa: E402
from geo_planner.layers.model import Indicator  # noqa: E402
from geo_planner.outputs import mapping  # noqa: E402
from geo_planner.outputs.gate import write as gate_write  # noqa: E402

__all__ = ["REPO", "v", "page", "level_select", "province", "analysis_for", "with_columns", "show_map",
           "categorical_map_data", "value_map_data", "offer", "write", "run", "fmt_number", "t", "column_label"]

MAP_HEIGHT = 520
PALETTE = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#1f78b4", "#b15928",
           "#6a3d9a")
GREY = "#d9d9d9"


def province() -> str:
    return settings.default_province()


def page(title_key: str) -> str:
    """Page config, the language chosen on any page (sidebar), and the title; returns the language."""
    st.set_page_config(page_title=f"geo-planner · {t(title_key)}", page_icon="🗺️", layout="wide")
    ss = st.session_state
    if "level" in ss:  # the main page's level: kept as a plain value while other pages run
        ss["level"] = ss["level"]
    lang = shared_select("pl_lang", "lang", t("language"), list(LANGS), LANGS.get)
    st.html('<style>[data-testid="stMainBlockContainer"]{padding:2.5rem 2rem 2rem}</style>')  # as the main page
    st.title(t(title_key, lang))
    return lang


def level_select(lang: str) -> str:
    """The level of the units (shared with the main page)."""
    return shared_select("pl_level", "level", t("level", lang), list(v.LEVELS), lambda lv: t(f"level_{lv}", lang))


def level_and_analysis(lang: str, intro_key: str, *, demo: bool = True):
    """The level selector, the page's introduction, and the analysis of that level (flagged when synthetic).

    ``demo=False``: below regency level the real village figures (IDM) alone, unless the main page's
    synthetic toggle is on.
    """
    level = level_select(lang)
    st.caption(t(intro_key, lang))
    with st.spinner(t("spin_analysis", lang)):  # shown only if it takes over half a second
        analysis = analysis_for(level, province(), demo=demo or bool(st.session_state.get("_synthetic", False)))
    if analysis.synthetic:
        st.warning(t("synthetic_app", lang), icon="⚠️")
    return level, analysis


def shared_select(key: str, shared: str, label: str, options: list, format_func) -> object:
    """A sidebar choice kept in ``st.session_state[shared]``, the main page's widget key.

    Widget state belongs to the page that draws the widget and is dropped when another page runs, so the
    planning pages draw their own widget (``key``) and copy its value to ``shared`` as a plain session
    value, which the main page's widget of that key picks up when the user goes back.
    """
    ss = st.session_state
    if ss.get(shared) in options:
        ss[shared] = ss[shared]  # a plain value now: survives this page's run
        ss[key] = ss[shared]

    def changed() -> None:
        ss[shared] = ss[key]
        if shared == "lang":  # the page's other choices in the new language's labels, on this run
            v.keep_choices()

    value = st.sidebar.selectbox(label, options, format_func=format_func, key=key, on_change=changed)
    ss[shared] = value
    return value


def run(main) -> None:
    """Run a page; a user's error is one sentence on screen, never a traceback."""
    try:
        main()
    except GeoPlannerError as e:
        from app_pages._planning.auth import md_text

        st.error(md_text(e))  # a message may quote a file's text: shown as text


# --- data ----------------------------------------------------------------------------------------------
@st.cache_resource(show_spinner=False, max_entries=6)
def analysis_for(level: str, prov: str, demo: bool = True):
    """The analysis of the whole province at ``level`` with the default weights.

    Regency level: the sourced figures. Below: the village index IDM, plus the labelled synthetic village
    demo when ``demo`` (the pages that need counts of people), with hotspots and pockets. Shared by all
    sessions: callers never change it (see :func:`with_columns`).
    """
    units = v.units_for(level, prov)
    layers = list(v.builtin_layers(level, prov))
    if level in v.BELOW and demo:
        layers += v.synthetic_layers(level, prov)
    analysis = pipeline.analyse(units, layers, None, level=level, province=prov).with_provenance(within=None)
    if level in v.BELOW:
        try:
            analysis = pipeline.add_pockets(analysis, w=v.contiguity_for(level, prov, None), permutations=999)
        except GeoPlannerError as e:  # too few units for the statistics: no pockets, said on the page
            analysis = analysis.with_provenance(pockets_error=str(e))
    return analysis


def with_columns(analysis, frame: pd.DataFrame, indicators: dict[str, Indicator] | None = None):
    """A copy of ``analysis`` with the columns of ``frame`` joined onto its units (the original is untouched)."""
    units = analysis.units.drop(columns=[c for c in frame.columns if c in analysis.units.columns])
    return replace(analysis, units=units.join(frame), indicators={**analysis.indicators, **(indicators or {})},
                   provenance=dict(analysis.provenance))


def show_map(data: mapping.MapData, level: str, key: str) -> None:
    """The units of ``level`` (cached geometry) coloured by ``data``; works offline."""
    from streamlit_folium import st_folium

    m = mapping.render_map(data, v.map_layer(level, province(), None))
    st_folium(m, key=key, height=MAP_HEIGHT, use_container_width=True, returned_objects=[])


def legend_html(title: str, note: str, rows: list[tuple[str, str]]) -> str:
    """A legend of colour swatches, in the style of the other maps."""
    head = (f'<div style="font-weight:600;margin-bottom:2px">{html.escape(title)}</div>'
            + (f'<div style="color:#555;font-size:11px;margin-bottom:4px">{html.escape(note)}</div>' if note else ""))
    body = "".join(
        f'<div style="display:flex;align-items:center;gap:6px;margin:2px 0"><span style="display:inline-block;'
        f'width:18px;height:12px;background:{colour};border:1px solid #4d4d4d;box-sizing:border-box"></span>'
        f"<span>{html.escape(label)}</span></div>" for colour, label in rows)
    return head + body


def categorical_map_data(analysis, categories: pd.Series, tips: dict[str, str], title: str, note: str,
                         lang: str, order: list[str] | None = None) -> mapping.MapData:
    """Map colours for a category per unit (e.g. the lead office); units without one are grey."""
    present = [c for c in (order or sorted(categories.dropna().unique())) if c in set(categories.dropna())]
    colours = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(present)}
    per_unit = {str(code): colours.get(categories.get(code), GREY) if pd.notna(categories.get(code)) else GREY
                for code in analysis.units.index}
    rows = [(colours[c], str(c)) for c in present]
    if any(colour == GREY for colour in per_unit.values()):
        rows.append((GREY, t("no_data", lang)))
    banner = t("synthetic_banner", lang) if analysis.synthetic else None
    return mapping.MapData(per_unit, {str(k): val for k, val in tips.items()}, legend_html(title, note, rows), banner,
                           outline_weight=1.6 if len(analysis.units) > 150 else 2.2)


def map_scheme(values: pd.Series, k: int = 5) -> str:
    """Quantile classes when the values allow ``k`` distinct ones, else equal intervals.

    Quantiles of tied values (many villages with 0 packages, a few regencies sharing a figure) collapse,
    and mapclassify then warns and drops classes; equal intervals always give the classes asked for.
    """
    y = pd.to_numeric(values, errors="coerce").dropna().to_numpy(dtype="float64")
    k = min(k, len(np.unique(y)))
    if k < 2:
        return "quantiles"
    edges = np.unique(np.percentile(y, np.linspace(100 / k, 100, k)))
    return "quantiles" if len(edges) == k else "equal_interval"


def value_map_data(analysis, column: str, tips: dict[str, str], lang: str,
                   scheme: str | None = None) -> mapping.MapData:
    """Choropleth of a numeric column of ``analysis.units`` with the page's own tooltips."""
    scheme = scheme or map_scheme(analysis.units[column])
    data = mapping.map_data(analysis, column=column, lang=lang, scheme=scheme)
    data.tips = {str(k): val for k, val in tips.items()}
    return data


# --- files -----------------------------------------------------------------------------------------------
# Every download of the planning pages is made by the export gate (geo_planner.outputs.gate.write) and offered
# with app_views.offer, as on the main page.
offer = v.offer
write = gate_write
