"""Distance to the provincial target: how many people must leave poverty, overall and per regency.

Everything comes from :func:`geo_planner.planning.goals.distance_to_target` (the province's sourced March 2025
figure, 5.17 %, and the 3-4 % target for 2026); the page only chooses the target and the rule, and shows the
notes the library writes (regencies without a sourced count, the year mismatch, the population base).
"""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parents[1]) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from app_pages import _planning as P  # noqa: E402
from app_pages._planning import fmt_number, t  # noqa: E402
from geo_planner.outputs.plan_tables import goal_file  # noqa: E402
from geo_planner.planning.goals import RULES, distance_to_target, rule_text, whole_people  # noqa: E402

LOW, HIGH = 3.0, 4.0  # the 2026 target as quoted in January 2026 (../shared/docs/DOMAIN.md)


def row_notes(table: pd.DataFrame, target: float, lang: str) -> pd.Series:
    """The library's note of each row, with what a planner needs to read the whole numbers right: a regency
    already below the target, one that holds under the rule, and the difference row said in words (it is not
    a number of people who must leave, and never shown as a negative one)."""
    out = table["note"].fillna("").astype(str).copy()
    kab = table["level"] == "kabkota"
    known = kab & table["must_leave"].notna()
    for i in table.index[known]:
        extra = []
        if table.at[i, "poverty_rate"] <= target:
            extra.append(t("goal_reg_below", lang, target=fmt_number(target, lang)))
        if table.at[i, "must_leave"] == 0:
            extra.append(t("goal_reg_holds", lang))
        out[i] = "; ".join([x for x in (out[i], *extra) if x])
    for i in table.index[table["level"] == "difference"]:
        d = table.at[i, "must_leave"]
        if pd.isna(d) or d == 0:
            continue
        said = (t("goal_diff_more", lang, more=fmt_number(-d, lang, 0)) if d < 0 else
                t("goal_diff_less", lang, less=fmt_number(d, lang, 0)))
        out[i] = f"{said}. {out[i]}" if out[i] else said
    return out


def regency_view(table: pd.DataFrame, target: float, lang: str) -> pd.DataFrame:
    """Per regency in whole people (:func:`~geo_planner.planning.goals.whole_people`); the difference row's
    figure is in its note, its "must leave" cell empty."""
    rows = table[table["level"] != "province"].copy()
    rows["note"] = row_notes(rows, target, lang)
    diff = rows["level"] == "difference"
    rows.loc[diff, "name"] = t("goal_difference", lang)
    rows.loc[diff, "must_leave"] = pd.NA
    view = pd.DataFrame({
        t("goal_col_name", lang): rows["name"],
        t("goal_col_code", lang): rows["code"],
        t("goal_col_rate", lang): rows["poverty_rate"],
        t("goal_col_poor", lang): rows["poor_population"],
        t("goal_col_base", lang): rows["base_population"],
        t("goal_col_must", lang): rows["must_leave"],
        t("goal_col_poor_after", lang): rows["poor_after"],
        t("goal_col_rate_after", lang): rows["rate_after"].round(2),
        t("note", lang): rows["note"],
    })
    return view.reset_index(drop=True)


def main() -> None:
    lang = P.page("goal_title")
    table_both = distance_to_target(target_rate=(LOW, HIGH), lang=lang)
    a = table_both.attrs
    st.caption(t("goal_intro", lang, low=fmt_number(LOW, lang), high=fmt_number(HIGH, lang),
                 rate=fmt_number(a["current_rate"], lang), poor=fmt_number(a["poor"], lang, 0)))

    c1, c2 = st.columns([2, 3], gap="large")
    target = c1.slider(t("goal_target", lang), min_value=LOW, max_value=HIGH, value=HIGH, step=0.1, format="%.1f",
                       key="goal_target")
    rule = c2.selectbox(t("goal_rule", lang), list(RULES), key="goal_rule",
                        format_func=lambda r: t(f"goal_rule_{r}", lang))
    c2.markdown(f"**{t('goal_rule_means', lang)}** {rule_text(rule, lang)}")

    table = whole_people(distance_to_target(target_rate=float(target), rule=rule, lang=lang))
    prov = table[table["level"] == "province"].iloc[0]
    ends = whole_people(table_both)
    ends = ends[ends["level"] == "province"].set_index("target_rate")["must_leave"]
    m1, m2, m3 = st.columns(3)
    met = prov["must_leave"] <= 0
    m1.metric(t("goal_must_leave", lang, target=fmt_number(target, lang)),
              fmt_number(max(int(prov["must_leave"]), 0), lang, 0), help=t("goal_must_leave_help", lang))
    if met:
        st.success(t("goal_already_met", lang, rate=fmt_number(prov["poverty_rate"], lang),
                     target=fmt_number(target, lang)))
    m2.metric(t("goal_poor_now", lang), fmt_number(prov["poor_population"], lang, 0),
              help=t("goal_poor_now_help", lang, rate=fmt_number(prov["poverty_rate"], lang)))
    m3.metric(t("goal_poor_after", lang), fmt_number(prov["poor_after"], lang, 0))
    st.markdown(t("goal_range", lang, low=fmt_number(LOW, lang), high=fmt_number(HIGH, lang),
                  n_low=fmt_number(ends.get(LOW), lang, 0), n_high=fmt_number(ends.get(HIGH), lang, 0)))

    st.subheader(t("goal_per_regency", lang))
    view = regency_view(table, float(target), lang)
    number = st.column_config.NumberColumn
    st.dataframe(view, hide_index=True, key="goal_table", height=38 + 35 * len(view), placeholder="–", column_config={
        t("goal_col_name", lang): st.column_config.TextColumn(pinned=True),
        t("goal_col_code", lang): st.column_config.TextColumn(pinned=True, width=60),
        t("goal_col_rate", lang): number(format="localized", step=0.01),
        t("goal_col_poor", lang): number(format="localized"),
        t("goal_col_base", lang): number(format="localized"), t("goal_col_must", lang): number(format="localized"),
        t("goal_col_poor_after", lang): number(format="localized"),
        t("goal_col_rate_after", lang): number(format="localized", step=0.01),
        t("note", lang): st.column_config.TextColumn(width="large")})

    regencies = table[table["level"] == "kabkota"]
    missing = regencies.loc[regencies["must_leave"].isna(), "name"].tolist()
    if missing:
        st.warning(t("goal_no_count", lang, names=", ".join(missing)), icon="⚠️")
    year_notes = sorted({n for n in regencies.loc[regencies["must_leave"].notna(), "note"] if n})
    diff_row = table[table["level"] == "difference"]
    notes = [prov["note"], *year_notes, row_notes(diff_row, float(target), lang).iloc[0], t("goal_growth", lang)]
    st.info("\n".join(f"- {n}" for n in notes if n), icon="ℹ️")

    stem = f"jarak_target_{fmt_number(target, 'en')}".replace(".", "_")
    full = regency_view(table, float(target), lang)
    full.loc[-1] = {t("goal_col_name", lang): prov["name"], t("goal_col_code", lang): prov["code"],
                    t("goal_col_rate", lang): prov["poverty_rate"], t("goal_col_poor", lang): prov["poor_population"],
                    t("goal_col_base", lang): prov["base_population"],
                    t("goal_col_must", lang): max(prov["must_leave"], 0),
                    t("goal_col_poor_after", lang): prov["poor_after"],
                    t("goal_col_rate_after", lang): round(prov["rate_after"], 2), t("note", lang): prov["note"]}
    full = full.sort_index().reset_index(drop=True)
    full[t("goal_rule", lang)] = rule_text(rule, lang)
    c1, c2 = st.columns(2)
    goal = goal_file(full, title=t("goal_sheet", lang), lang=lang, name=stem,
                     provenance={"rule": rule, "target": target})
    for col, fmt, label in ((c1, "csv", t("download_csv", lang)), (c2, "xlsx", t("download_xlsx", lang))):
        P.offer(col, label, lambda fmt=fmt: P.write(goal, None, fmt=fmt, lang=lang, file_name=f"{stem}.{fmt}"),
                file_name=f"{stem}.{fmt}", key=f"goal_dl_{fmt}", lang=lang, width="stretch")


P.run(main)
