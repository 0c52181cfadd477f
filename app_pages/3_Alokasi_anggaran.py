"""Budget allocation: share a programme budget across units four ways, side by side and on the map.

:func:`geo_planner.planning.allocate.compare` does the work (equal quota, proportional to need, the MILP that
reaches the most poor, and the fair max-min share, within the budget and the per-unit minimum and maximum);
the page holds the programme presets (an edited one is named so), shows the totals, what each method
optimises and the verdict (:func:`~geo_planner.planning.allocation_tables.verdict_notes`: ties and why,
money left over and why), the per-unit table, maps one method's packages and exports the allocation
(:func:`~geo_planner.planning.allocation_tables.allocation_table`).
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

if str(Path(__file__).resolve().parents[1]) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from app_pages import _planning as P  # noqa: E402
from app_pages._planning import fmt_number, t  # noqa: E402
from geo_planner.layers.model import Indicator  # noqa: E402
from geo_planner.outputs.plan_tables import allocation_file  # noqa: E402
from geo_planner.planning.allocate import METHODS, compare, need_options, verdict  # noqa: E402
from geo_planner.planning.allocation_tables import (  # noqa: E402
    allocation_table,
    method_goal,
    notes,
    totals_table,
    verdict_notes,
)

# Programme presets (../shared/docs/DOMAIN.md): UEP Rp 5,000,000 per family (KPM), about 1,000 families in
# 2026, possibly 1,500 after the budget revision; KUBE: 50 groups per kab/kota (2024 plan). No source gives
# the cost of a KUBE group, so that preset leaves the cost for the planner to enter (None). The per-unit
# bounds are examples per level.
PRESETS: dict[str, dict] = {
    "uep_1000": {"unit_cost": 5_000_000, "packages": 1_000,
                 "bounds": {"kabkota": (50, 200), "kecamatan": (0, 30), "desa": (0, 10)}},
    "uep_1500": {"unit_cost": 5_000_000, "packages": 1_500,
                 "bounds": {"kabkota": (50, 300), "kecamatan": (0, 45), "desa": (0, 15)}},
    "kube": {"unit_cost": None, "packages": 500,
             "bounds": {"kabkota": (0, 100), "kecamatan": (0, 10), "desa": (0, 2)}},
    "free": {},
}
KEYS = ("al_budget", "al_unit_cost", "al_min", "al_max", "al_ppf")
REACH_PREFERRED = ("poor_households", "poor_population", "households_decile_1")


def apply_preset(preset: str, level: str) -> None:
    """Put the preset's values in the inputs (before they are drawn); "free" keeps what is there."""
    ss = st.session_state
    spec = PRESETS.get(preset) or ({} if all(k in ss for k in KEYS) else PRESETS["uep_1000"])
    if not spec:
        return
    lo, hi = spec["bounds"][level]
    for key in ("al_reach", "al_need"):  # the columns of another level: back to the first choice
        ss.pop(key, None)
    ss["al_unit_cost"] = int(spec["unit_cost"] or 0)  # 0: to be entered
    ss["al_budget"] = int((spec["unit_cost"] or 0) * spec["packages"])
    ss["al_min"], ss["al_max"], ss["al_ppf"] = int(lo), int(hi), 1.0


def preset_edited(preset: str, level: str) -> bool:
    """Whether the inputs differ from what the preset put there (a preset's name then says "(edited)")."""
    ss, spec = st.session_state, PRESETS.get(preset) or {}
    if not spec or any(k not in ss for k in KEYS):
        return False
    lo, hi = spec["bounds"][level]
    cost = ss["al_unit_cost"] if spec["unit_cost"] is None else spec["unit_cost"]
    return (ss["al_unit_cost"] != cost or ss["al_budget"] != cost * spec["packages"] or ss["al_min"] != lo
            or ss["al_max"] != hi or ss["al_ppf"] != 1.0)


def preset_label(preset: str, level: str, lang: str) -> str:
    name = t(f"al_preset_{preset}", lang)
    return t("al_preset_edited", lang, name=name) if preset_edited(preset, level) else name


def cost_changed() -> None:
    """Under a preset with a number of packages, a new cost per package keeps the number: the budget follows."""
    ss = st.session_state
    spec = PRESETS.get(ss.get("al_preset"), {})
    if spec.get("packages"):
        ss["al_budget"] = int(ss["al_unit_cost"] * spec["packages"])


@st.cache_resource(show_spinner=False, max_entries=32)
def cached_compare(key: tuple, _units: pd.DataFrame):
    level, budget, unit_cost, lo, hi, reach, need, ppf = key
    return compare(_units, budget=budget, unit_cost=unit_cost, min_units=lo, max_units=hi, reach_column=reach,
                   need_column=need, people_per_family=ppf)


def method_label(m: str, lang: str) -> str:
    return METHODS[m][1 if lang == "en" else 0]


def md_text(text: str) -> str:
    """Unit names and labels come from files: escape every Markdown character before st.caption/st.warning."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:])", r"\\\1", str(text))


def inputs(analysis, level: str, lang: str) -> dict:
    ss = st.session_state
    chosen = ss.get("al_preset", next(iter(PRESETS)))  # applied before the select is drawn, so its label is right
    if ss.get("_al_applied") != (chosen, level) or any(k not in ss for k in KEYS):
        apply_preset(chosen, level)
        ss["_al_applied"] = (chosen, level)
    # the option labels stay fixed (the select's value is sent as its label); an edit is said below it
    preset = st.selectbox(t("al_preset", lang), list(PRESETS), key="al_preset",
                          format_func=lambda p: t(f"al_preset_{p}", lang))
    if preset_edited(preset, level):
        st.caption(md_text(t("al_preset_edited_note", lang, name=preset_label(preset, level, lang))))
    st.caption(t(f"al_preset_{preset}_help", lang))
    c1, c2, c3, c4, c5 = st.columns(5)
    budget = c1.number_input(t("al_budget", lang), min_value=0, step=100_000_000, key="al_budget")
    unit_cost = c2.number_input(t("al_unit_cost", lang), min_value=0, step=500_000, key="al_unit_cost",
                                on_change=cost_changed)
    lo = c3.number_input(t("al_min", lang), min_value=0, step=1, key="al_min")
    hi = c4.number_input(t("al_max", lang), min_value=0, step=1, key="al_max")
    ppf = c5.number_input(t("al_ppf", lang), min_value=0.1, step=0.5, key="al_ppf", help=t("al_ppf_help", lang))
    counts = need_options(analysis.indicators, analysis.units.columns)  # counts of poor people / households
    reach_options = [k for k in REACH_PREFERRED if k in counts] + [k for k in counts if k not in REACH_PREFERRED]
    label = lambda k: P.column_label(k, analysis.indicators, lang)  # noqa: E731
    c1, c2 = st.columns(2)
    reach = c1.selectbox(t("al_reach", lang), reach_options, key="al_reach", format_func=label,
                         help=t("al_reach_help", lang))
    need = c2.selectbox(t("al_need", lang), counts, key="al_need", format_func=label, help=t("al_need_help", lang))
    st.caption(t("al_buys", lang, budget=fmt_number(budget, lang, 0), cost=fmt_number(unit_cost, lang, 0),
                 n=fmt_number(budget // unit_cost if unit_cost else 0, lang, 0)))
    return {"budget": float(budget), "unit_cost": float(unit_cost), "lo": float(lo), "hi": float(hi),
            "ppf": float(ppf), "reach": reach, "need": need, "preset": preset_label(preset, level, lang)}


def map_tips(result, lang: str) -> dict[str, str]:
    units = result.units
    out = {}
    for code, r in units.iterrows():
        lines = [f"{html.escape(method_label(m, lang))}: " + (
                 html.escape(t("no_data", lang).lower()) if pd.isna(r[f"{m}_quantity"]) else
                 f"<b>{fmt_number(r[f'{m}_quantity'], lang, 0)}</b> {html.escape(t('al_packages', lang))} · "
                 f"{fmt_number(r[f'{m}_poor_reached'], lang, 0)} {html.escape(t('al_reached', lang))}")
                 for m in result.results]
        reach = fmt_number(r["reach"], lang, 0) if pd.notna(r["reach"]) else t("no_data", lang).lower()
        lines.append(f"{html.escape(t('al_reach_cap', lang))}: {reach}")
        out[code] = "<br>".join(lines)
    return out


def main() -> None:
    lang = P.page("al_title")
    level, analysis = P.level_and_analysis(lang, "al_intro_fair")
    p = inputs(analysis, level, lang)
    if p["unit_cost"] <= 0:
        st.info(t("al_cost_missing", lang), icon="✏️")
        return
    if p["need"] is None or p["reach"] is None:
        st.warning(t("al_no_need", lang))
        return
    units = analysis.units.drop(columns="geometry")
    key = (level, p["budget"], p["unit_cost"], p["lo"], p["hi"], p["reach"], p["need"], p["ppf"])
    with st.spinner(t("spin_allocation", lang)):  # shown only if it takes over half a second
        result = cached_compare(key, units)
    labels = {c: P.column_label(c, analysis.indicators, lang) for c in {p["need"], p["reach"]}}
    said = notes(result, lang, labels)

    st.subheader(t("al_totals_n", lang, n=len(result.results)))
    totals = totals_table(result, lang)
    number = st.column_config.NumberColumn(format="localized")
    st.dataframe(totals, hide_index=True, key="al_totals_table", placeholder="–",
                 column_config={totals.columns[0]: st.column_config.TextColumn(pinned=True, width=190),
                                **{c: number for c in totals.columns[1:]},
                                **{c: st.column_config.NumberColumn(format="localized", width=125)
                                   for c in totals.columns[1:4]}})   # rupiah: wide enough for billions
    cols = st.columns(len(result.results))
    best = result.totals["poor_reached"].max()
    for col, (m, row) in zip(cols, result.totals.iterrows()):
        share = "–" if pd.isna(row["min_share"]) else fmt_number(100 * row["min_share"], lang, 1)
        col.metric(method_label(m, lang), fmt_number(row["poor_reached"], lang, 0),
                   delta=None if row["poor_reached"] >= best - 0.5 else fmt_number(row["poor_reached"] - best, lang, 0),
                   help=t("al_metric_help", lang, n=fmt_number(row["quantity"], lang, 0),
                          used=fmt_number(row["budget_used"], lang, 0), left=fmt_number(row["leftover"], lang, 0)))
        col.caption(md_text(method_goal(m, lang)))
        col.caption(md_text(t("al_min_share_help", lang, share=share)))
    said_best = verdict_notes(result, lang)
    left = verdict(result)["leftover"]
    n_left = len(left)
    for text in said_best[:len(said_best) - n_left]:   # what is best and why
        st.info(md_text(text), icon="⚖️")
    for text in said_best[len(said_best) - n_left:]:   # money left over, with the reason
        st.warning(md_text(text), icon="💰")
    st.caption(t("al_reach_model", lang, ppf=fmt_number(p["ppf"], lang),
                 column=P.column_label(p["reach"], analysis.indicators, lang)))
    for m, text in said.items():  # which units each method covers; the units without data named
        left_out = bool(result.results[m].attrs["left_out"]) or (m == "equal" and result.units["no_data"].any())
        (st.warning if left_out else st.caption)(md_text(text))

    methods = list(result.results)
    left, right = st.columns([2, 3], gap="medium")
    with left:
        shown = st.radio(t("al_map_method", lang), methods, key="al_map_method", horizontal=True,
                         index=methods.index("optimised") if "optimised" in methods else 0,
                         format_func=lambda m: method_label(m, lang))
        column = f"{shown}_quantity"
        frame = result.units[[f"{m}_quantity" for m in methods]].astype("float64")
        meta = {c: Indicator(c, f"{t('al_packages_of', 'id')} {method_label(c[:-9], 'id')}",
                             f"{t('al_packages_of', 'en')} {method_label(c[:-9], 'en')}", "", "coverage")
                for c in frame.columns}
        mapped = P.with_columns(analysis, frame, meta)
        data = P.value_map_data(mapped, column, map_tips(result, lang), lang, scheme="equal_interval")
        P.show_map(data, level, key="al_map")
        st.caption(t("offline_note", lang))
    with right:
        st.subheader(t("al_per_unit", lang))
        u = result.units
        no_data = t("no_data", lang).lower()
        compact = pd.DataFrame({t("lead_col_name", lang): u["name"].to_numpy(), t("lead_col_code", lang): u.index,
                                labels[p["need"]]: [no_data if pd.isna(x) else fmt_number(x, lang, 0)
                                                   for x in u["need"]],
                                t("al_reach_cap", lang): u["reach"].to_numpy()})
        for m in methods:
            compact[method_label(m, lang)] = u[f"{m}_quantity"].astype("float64").to_numpy()
        compact = compact.sort_values(method_label(shown, lang), ascending=False, kind="stable")
        number = st.column_config.NumberColumn(format="localized")
        widths = {compact.columns[0]: 170, compact.columns[1]: 60, compact.columns[2]: 95}
        st.dataframe(compact, hide_index=True, key="al_compact_table", placeholder="–",
                     height=min(38 + 35 * len(compact), 480),
                     column_config={**{c: st.column_config.Column(width=w, pinned=i < 2)
                                       for i, (c, w) in enumerate(widths.items())},
                                    **{c: st.column_config.NumberColumn(format="localized", width=95)
                                       for c in compact.columns[3:]}})
        st.caption(t("al_reach_of", lang, column=P.column_label(p["reach"], analysis.indicators, lang)))
        st.caption(t("al_compact_help_n", lang, n=len(methods)))

    table = allocation_table(result, lang, labels)
    text_cols = [c for c in table.columns if table[c].dtype == object]
    table[text_cols] = table[text_cols].fillna("")
    with st.expander(t("al_full_table", lang)):
        st.dataframe(table, hide_index=True, key="al_units_table", placeholder="–",
                     height=min(38 + 35 * len(table), 480),
                     column_config={**{c: number for c in table.columns if table[c].dtype.kind in "fi"},
                                    **{c: st.column_config.TextColumn(pinned=True) for c in table.columns[:2]}})
    params = pd.DataFrame({
        t("al_param", lang): [t("al_preset_param", lang), t("al_budget", lang), t("al_unit_cost", lang), t("al_min", lang), t("al_max", lang),
                              t("al_ppf", lang), t("al_reach", lang), t("al_need", lang), t("level", lang),
                              t("al_model", lang)],
        t("value", lang): [p["preset"], p["budget"], p["unit_cost"], p["lo"], p["hi"], p["ppf"], p["reach"], p["need"], level,
                           result.params["reach_model"]]})
    stem = f"alokasi_{level}_{int(p['budget'])}"
    c1, c2, _ = st.columns([1, 1, 2])
    for col, fmt, label in ((c1, "xlsx", t("download_xlsx", lang)), (c2, "csv", t("download_csv", lang))):
        P.offer(col, label, lambda fmt=fmt: P.write(allocation_download(result, analysis, p, params, lang, stem),
                                                    None, fmt=fmt, lang=lang, file_name=f"{stem}.{fmt}"),
                file_name=f"{stem}.{fmt}", key=f"al_dl_{fmt}", lang=lang, width="stretch")


def allocation_download(result, analysis, p: dict, params: pd.DataFrame, lang: str, stem: str):
    """What the allocation downloads hold (per unit, totals, parameters); the gate protects small counts."""
    return allocation_file(result, analysis, reach=p["reach"], need=p["need"], lang=lang, name=stem,
                           title=t("al_sheet_units", lang), totals=t("al_sheet_totals", lang),
                           sheets={t("al_sheet_params", lang): params.astype(str)})


P.run(main)
