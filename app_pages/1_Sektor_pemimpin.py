"""Lead office: which deficits drive each unit (and each pocket below regency level) and who should lead.

All the logic is :func:`geo_planner.planning.sectors.lead_sectors` / :func:`~geo_planner.planning.sectors.pocket_lead` over the
analysis of the chosen level with the default weights, and the editable table ``layers/sectors.csv``
(indicator -> sector, office, programmes, strategy). Edits made here to that table apply to this session
and can be downloaded to replace the file; the file itself is not written.
"""

from __future__ import annotations

import html
import sys
import tempfile
from pathlib import Path

if str(Path(__file__).resolve().parents[1]) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from app_pages import _planning as P  # noqa: E402
from app_pages._planning import fmt_number, t  # noqa: E402
from app_pages._planning.auth import md_lines  # noqa: E402
from geo_planner.errors import GeoPlannerError  # noqa: E402
from geo_planner.outputs.plan_tables import lead_table, sector_file  # noqa: E402
from geo_planner.planning.sectors import (  # noqa: E402
    COLUMNS,
    SECTOR_TABLE,
    lead_sectors,
    pocket_lead,
    read_sector_table,
    strategy_text,
)

BASES = ("weights", "all")


def sector_table(lang: str) -> pd.DataFrame:
    """The sector table in use: the shipped file, or this session's edited copy when it is valid."""
    shipped = read_sector_table()
    with st.expander(t("lead_table", lang)):
        st.caption(t("lead_table_help", lang, path=SECTOR_TABLE.relative_to(P.REPO).as_posix()))
        edited = st.data_editor(shipped[list(COLUMNS)], key="lead_sector_editor", num_rows="dynamic",
                                hide_index=True, width="stretch")
        table = shipped
        state = st.session_state.get("lead_sector_editor") or {}
        edits = any(state.get(k) for k in ("edited_rows", "added_rows", "deleted_rows"))
        if edits:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "sectors.csv"
                edited.to_csv(path, index=False)
                try:
                    table = read_sector_table(path)
                    st.success(t("lead_table_edited", lang), icon="✅")
                except GeoPlannerError as e:
                    st.error(t("lead_table_invalid", lang) + "\n\n" + md_lines(str(e).replace(str(path), "sectors.csv")))
        rows = table[list(COLUMNS)]
        P.offer(st, t("lead_table_download", lang),
                lambda: P.write(sector_file(rows, edited=edits), None, fmt="csv", lang=lang, file_name="sectors.csv"),
                file_name="sectors.csv", key="lead_sector_dl", lang=lang)
    return table


def lead_view(lead: pd.DataFrame, lang: str, *, pockets: bool = False) -> pd.DataFrame:
    view = pd.DataFrame(index=lead.index)
    if pockets:
        view[t("col_pocket", lang)] = lead.index
        view[t("col_n_units", lang)] = lead["n_units"]
        view[t("col_members", lang)] = lead["members"]
    else:
        view[t("lead_col_name", lang)] = lead["name"]
        view[t("lead_col_code", lang)] = lead.index
    view[t("lead_col_score", lang)] = lead["score"]
    view[t("lead_col_office", lang)] = lead["lead_office"]
    view[t("lead_col_share", lang)] = (100 * lead["lead_share"]).round(0)
    view[t("lead_col_sector", lang)] = lead["lead_sector"]
    view[t("lead_col_programmes", lang)] = lead["lead_programmes"]
    view[t("lead_col_strategy", lang)] = lead["lead_strategy"].map(lambda s: strategy_text(s, lang) if s else "")
    view[t("lead_col_second", lang)] = lead["second_office"]
    view[t("lead_col_second_share", lang)] = (100 * lead["second_share"]).round(0)
    view[t("lead_col_deficits", lang)] = lead["text"]
    view[t("lead_col_unmapped", lang)] = (100 * lead["unmapped_share"]).round(0)
    return view.reset_index(drop=True)


def column_config(lang: str) -> dict:
    pct = st.column_config.NumberColumn(format="%d %%", width=80)
    score = st.column_config.ProgressColumn(min_value=0, max_value=100, format="localized", step=0.1, width=100)
    return {t("lead_col_score", lang): score,
            t("lead_col_share", lang): pct, t("lead_col_second_share", lang): pct,
            t("lead_col_unmapped", lang): pct,
            t("lead_col_deficits", lang): st.column_config.TextColumn(width="large"),
            t("lead_col_programmes", lang): st.column_config.TextColumn(width="medium"),
            t("col_members", lang): st.column_config.TextColumn(width="medium"),
            # what a row is stays in view while the table scrolls sideways
            t("lead_col_name", lang): st.column_config.TextColumn(width=160, pinned=True),
            t("lead_col_code", lang): st.column_config.TextColumn(width=70, pinned=True),
            t("col_pocket", lang): st.column_config.TextColumn(width=60, pinned=True)}


def tips(lead: pd.DataFrame, lang: str) -> dict[str, str]:
    out = {}
    for code, r in lead.iterrows():
        if pd.isna(r["lead_office"]):
            out[code] = f"<i>{html.escape(t('lead_none', lang))}</i>"
            continue
        share = f" ({fmt_number(100 * r['lead_share'], lang, 0)} %)" if pd.notna(r["lead_share"]) else ""
        out[code] = (f"{html.escape(t('lead_col_office', lang))}: <b>{html.escape(str(r['lead_office']))}</b>{share}"
                     f"<br>{html.escape(str(r['text']))}")
    return out


def pocket_view(analysis, table: pd.DataFrame, basis: str, lang: str) -> pd.DataFrame:
    plead = pocket_lead(analysis, table, basis=basis, lang=lang)
    names = analysis.pockets.set_index("pocket")["names"]
    plead["members"] = [", ".join(map(str, names.get(p, []))) for p in plead.index]
    return lead_view(plead, lang, pockets=True)


def unit_view(analysis, table: pd.DataFrame, basis: str, lang: str) -> pd.DataFrame:
    lead = lead_sectors(analysis, table, basis=basis, lang=lang)
    return lead_view(lead.sort_values("score", ascending=False, na_position="last"), lang)


def unit_download(analysis, table: pd.DataFrame, basis: str, lang: str, name: str):
    """What the units' download holds: the table on screen, computed from the protected analysis."""
    return lead_table(analysis, lambda a: unit_view(a, table, basis, lang), title=t("lead_units", lang),
                      name=name.rsplit(".", 1)[0], code=t("lead_col_code", lang))


def pocket_download(analysis, table: pd.DataFrame, basis: str, lang: str, name: str):
    """What the pockets' download holds: the pockets' lead table, computed from the protected analysis."""
    return lead_table(analysis, lambda a: pocket_view(a, table, basis, lang), title=t("lead_pockets", lang),
                      name=name.rsplit(".", 1)[0])


def main() -> None:
    lang = P.page("lead_title")
    level, analysis = P.level_and_analysis(lang, "lead_intro", demo=False)  # below regency: IDM's indicators
    basis = st.radio(t("lead_basis", lang), BASES, key="lead_basis", horizontal=True,
                     format_func=lambda b: t(f"lead_basis_{b}", lang), help=t("lead_basis_help", lang))
    table = sector_table(lang)

    lead = lead_sectors(analysis, table, basis=basis, lang=lang).sort_values("score", ascending=False,
                                                                            na_position="last")
    offices = lead["lead_office"].value_counts()
    st.markdown(t("lead_summary", lang, n=len(lead), level=t(f"level_{level}", lang).lower(),
                  offices=", ".join(f"{o} {n}" for o, n in offices.items())))

    left, right = st.columns([2, 3], gap="medium")
    with left:
        data = P.categorical_map_data(analysis, lead["lead_office"], tips(lead, lang), t("lead_col_office", lang),
                                      t(f"lead_basis_{basis}", lang), lang, order=list(offices.index))
        P.show_map(data, level, key="lead_map")
        st.caption(t("offline_note", lang))
    with right:
        st.subheader(t("lead_units", lang))
        view = lead_view(lead, lang)
        st.dataframe(view, key="lead_units_table", hide_index=True, column_config=column_config(lang),
                     height=min(38 + 35 * len(view), 520), placeholder="–")
        name = f"sektor_pemimpin_{level}_{basis}.csv"
        P.offer(st, t("download_csv", lang), lambda: P.write(unit_download(analysis, table, basis, lang, name), None,
                                                             fmt="csv", lang=lang, file_name=name),
                file_name=name, key="lead_dl_csv", lang=lang)

    if level in P.v.BELOW:
        st.subheader(t("lead_pockets", lang))
        if analysis.pockets is None or analysis.pockets.empty:
            st.info(analysis.provenance.get("pockets_error") or t("pockets_none", lang))
        else:
            pview = pocket_view(analysis, table, basis, lang)
            st.dataframe(pview, key="lead_pockets_table", hide_index=True, column_config=column_config(lang),
                         height=min(38 + 35 * len(pview), 420), placeholder="–")
            name = f"sektor_pemimpin_kantong_{level}_{basis}.csv"
            P.offer(st, t("download_csv", lang), lambda: P.write(pocket_download(analysis, table, basis, lang, name),
                                                                 None, fmt="csv", lang=lang, file_name=name),
                    file_name=name, key="lead_pockets_dl", lang=lang)
    st.caption(t("lead_method", lang))


P.run(main)
