"""The agencies' targets register: edit it, import and export it, see overlaps and what remains on the map.

The register is :mod:`geo_planner.planning.targets` (an embedded SQLite file by default, PostgreSQL/PostGIS when
``GEO_PLANNER_DB`` says so). The table editor works on the records as they were when the page loaded them
(kept in ``st.session_state["tg_snapshot"]`` with their versions); "Simpan" sends all the edits in one
transaction (:meth:`~geo_planner.planning.targets.Register.apply_edits`) with those versions, so a record someone
else saved in the meantime is refused with a conflict message and nothing is overwritten. On any error
the edits stay in the editor.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import sys
from pathlib import Path
from urllib.parse import urlsplit

if str(Path(__file__).resolve().parents[1]) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from app_pages import _planning as P  # noqa: E402
from app_pages._planning import fmt_number, t  # noqa: E402
from app_pages._planning.auth import (  # noqa: E402
    current_actor,
    default_who,
    md_text,
    role_text,
    users_section,
)
from geo_planner.errors import GeoPlannerError, ValidationError  # noqa: E402
from geo_planner.layers.model import Indicator  # noqa: E402
from geo_planner.outputs.plan_tables import rows_table, targets_table  # noqa: E402
from geo_planner.planning.targets import (  # noqa: E402
    FIELDS,
    INTERVENTIONS,
    STATUSES,
    AccessDenied,
    Actor,
    ConflictError,
    NotFoundError,
    UnitCheck,
    intervention_label,
    mark_overlaps,
    open_register,
    overlaps,
    remaining,
    status_label,
    validate_record,
)
from geo_planner.sources.boundaries import province_name  # noqa: E402

CODE_RE = r"^\s*\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?\s*$"
EDIT_STATE = ("edited_rows", "added_rows", "deleted_rows")


# --- data ------------------------------------------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def unit_names(prov: str) -> pd.DataFrame:
    """Code -> name of the province and of every unit of every level (``name`` column)."""
    frames = [pd.DataFrame({"name": [province_name(prov)]}, index=pd.Index([prov], name="code"))]
    for level in P.v.LEVELS:
        try:
            frames.append(P.v.units_for(level, prov)[["name"]].rename_axis("code"))
        except GeoPlannerError:  # a level that cannot be loaded: its codes are checked for format only
            continue
    names = pd.concat(frames)
    return pd.DataFrame(names[~names.index.duplicated()])


@st.cache_resource(show_spinner=False)
def unit_check(prov: str) -> UnitCheck:
    return UnitCheck(unit_names(prov).index)


def where(reg, lang: str) -> str:
    """Which database is in use, without the password."""
    if reg.dialect == "sqlite":
        return t("tg_db_sqlite", lang, path=reg.url.removeprefix("sqlite:///"))
    parts = urlsplit(reg.url)
    return t("tg_db_pg", lang, where=f"{parts.hostname}:{parts.port or 5432}{parts.path}")


def load_snapshot(reg) -> dict:
    return {"url": reg.url, "frame": reg.list(), "at": dt.datetime.now().strftime("%H:%M:%S")}


def reset_editor(flash: str | None = None) -> None:
    """Reload the records and start a fresh editor at the next run."""
    ss = st.session_state
    ss.pop("tg_snapshot", None)
    ss["tg_gen"] = ss.get("tg_gen", 0) + 1
    if flash:
        ss["tg_flash"] = flash


# --- the editor ------------------------------------------------------------------------------------------
def editor_view(frame: pd.DataFrame, names: pd.DataFrame) -> pd.DataFrame:
    """The records as the editor shows them (field names as columns; labels come from the column config)."""
    marked = mark_overlaps(frame) if len(frame) else frame.assign(overlap=pd.Series(dtype="bool"))
    return pd.DataFrame({
        "id": frame["id"].astype("Int64"),
        "unit_code": frame["unit_code"].astype("object"),
        "unit_name": frame["unit_code"].map(names["name"]).astype("object"),
        "agency": frame["agency"].astype("object"),
        "intervention": frame["intervention"].astype("object"),
        "year": frame["year"].astype("Int64"),
        "quantity": frame["quantity"].astype("float64"),
        "budget_rp": frame["budget_rp"].astype("float64"),
        "status": frame["status"].astype("object"),
        "note": frame["note"].astype("object"),
        "overlap": marked["overlap"].astype("bool"),
        "updated_by": frame["updated_by"].astype("object"),
        "updated_at": frame["updated_at"].astype("object"),
        "version": frame["version"].astype("Int64"),
    }).reset_index(drop=True)


def unit_options(names: pd.DataFrame, frame: pd.DataFrame) -> tuple[list[str], dict[str, str]]:
    """The codes a target can be set on (every unit of the province, and any code already in the register),
    and how the editor shows each: "64.72 — Kota Samarinda", so the unit's name is seen as it is chosen."""
    known = names["name"].dropna().astype(str)
    codes = sorted(dict.fromkeys([*known.index.astype(str), *frame["unit_code"].dropna().astype(str)]))
    return codes, {c: f"{c} — {known[c]}" if c in known.index else c for c in codes}


def editor_height(n_rows: int) -> int:
    """Room for the rows and a few new ones (at least eight rows' height, even when empty), so a new row
    stays in view; at most 560 px, then the grid scrolls."""
    return min(38 + 35 * (max(n_rows, 4) + 4), 560)


def editor_config(lang: str, units: tuple[list[str], dict[str, str]] | None = None) -> dict:
    c = st.column_config
    if units is None:
        unit = c.TextColumn(t("tg_col_unit_code", lang), required=True, validate=CODE_RE, width=120,
                            help=t("tg_col_unit_code_help", lang))
    else:  # a choice of the known units, shown with their names (type to search a code or a name)
        codes, shown = units
        unit = c.SelectboxColumn(t("tg_col_unit_pick", lang), options=codes, required=True, width=260,
                                 format_func=lambda k: shown.get(k, k), help=t("tg_col_unit_pick_help", lang))
    return {
        "id": c.NumberColumn(t("tg_col_id", lang), format="%d", width=60),
        "unit_code": unit,
        "unit_name": c.TextColumn(t("tg_col_unit_name", lang), width=170),
        "agency": c.TextColumn(t("tg_col_agency", lang), required=True, max_chars=200, width=150),
        "intervention": c.SelectboxColumn(t("tg_col_intervention", lang), options=list(INTERVENTIONS), required=True,
                                          format_func=lambda k: intervention_label(k, lang), width=200),
        "year": c.NumberColumn(t("tg_col_year", lang), min_value=2000, max_value=2100, step=1, format="%d",
                               required=True, default=dt.date.today().year, width=70),
        "quantity": c.NumberColumn(t("tg_col_quantity", lang), min_value=0, step=1, format="localized",
                                   required=True, width=90),
        "budget_rp": c.NumberColumn(t("tg_col_budget", lang), min_value=0, step=1, format="localized", width=140),
        "status": c.SelectboxColumn(t("tg_col_status", lang), options=list(STATUSES), default="planned",
                                    required=True, format_func=lambda s: status_label(s, lang), width=140),
        "note": c.TextColumn(t("tg_col_note", lang), max_chars=2000, width=180),
        "overlap": c.CheckboxColumn(t("tg_col_overlap", lang), help=t("tg_col_overlap_help", lang), width=80),
        "updated_by": c.TextColumn(t("tg_col_updated_by", lang), width=100),
        "updated_at": c.TextColumn(t("tg_col_updated_at", lang), width=170),
        "version": c.NumberColumn(t("tg_col_version", lang), format="%d", width=60),
    }


def _plain(x):
    """A cell as a plain Python value; empty cells as None."""
    if x is None or x is pd.NA or x is pd.NaT:
        return None
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and math.isnan(x):
        return None
    if isinstance(x, str):
        x = x.strip()
        return x or None
    return x


def _same(a, b) -> bool:
    a, b = _plain(a), _plain(b)
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    return str(a) == str(b)


def edits(view: pd.DataFrame, edited: pd.DataFrame) -> tuple[list[dict], dict, dict]:
    """(added records, {id: (version, changes)}, {id: version}) from the editor's table against the loaded one."""
    before = view.set_index("id")
    added, changed, deleted, kept = [], {}, {}, set()
    for _, row in edited.iterrows():
        if _plain(row.get("id")) is None:
            record = {f: _plain(row.get(f)) for f in FIELDS}
            if any(v is not None for k, v in record.items() if k != "status"):
                added.append(record)
            continue
        rid = int(row["id"])
        kept.add(rid)
        old = before.loc[rid]
        changes = {f: _plain(row[f]) for f in FIELDS if not _same(row[f], old[f])}
        if changes:
            changed[rid] = (int(old["version"]), changes)
    for rid, old in before.iterrows():
        if int(rid) not in kept:
            deleted[int(rid)] = int(old["version"])
    return added, changed, deleted


def problems_of(added: list[dict], changed: dict, lang: str) -> list[str]:
    """Every problem of the edits, each saying which row (a new row, or a record by id) and which column."""
    out = []
    check = unit_check(P.province())
    items = [(t("tg_new_row", lang, n=i), rec, False) for i, rec in enumerate(added, start=1)]
    items += [(t("tg_record", lang, id=rid), ch, True) for rid, (_, ch) in changed.items()]
    for label, record, partial in items:
        try:
            validate_record(record, units=check, partial=partial)
        except ValidationError as e:
            out += [f"{label}{field_label(p.column, lang)}: {p.message}" for p in e.problems]
    return out


def field_label(field: str | None, lang: str) -> str:
    """" · <column header>" of a record field, as the editor shows it ("" without a field)."""
    if not field:
        return ""
    key = {"budget_rp": "tg_col_budget"}.get(field, f"tg_col_{field}")
    return f" · {t(key, lang)}"


def pending(key: str) -> bool:
    state = st.session_state.get(key) or {}
    return any(state.get(k) for k in EDIT_STATE) if isinstance(state, dict) else False


def save(reg, view: pd.DataFrame, edited: pd.DataFrame, who: str | Actor, lang: str) -> None:
    """Save the edits as ``who``: the signed-in :class:`Actor`, or the name typed on the laptop.

    Every message quoting a record or a person is shown as text (:func:`md_text`), never as Markdown.
    """
    added, changed, deleted = edits(view, edited)
    if not (added or changed or deleted):
        st.info(t("tg_nothing", lang))
        return
    name = who.who if isinstance(who, Actor) else who.strip()
    if not name:
        st.error(t("tg_who_missing", lang))
        return
    problems = problems_of(added, changed, lang)
    if problems:
        st.error(t("tg_invalid", lang) + "\n\n" + "\n".join(f"- {md_text(p)}" for p in problems))
        return
    try:
        reg.apply_edits(who=who, added=added, changed=changed, deleted=deleted, units=unit_check(P.province()))
    except (ConflictError, NotFoundError) as e:
        st.error(t("tg_conflict", lang) + "\n\n" + md_text(e))
        return
    except AccessDenied as e:
        st.error(t("tg_denied", lang) + "\n\n" + md_text(e))
        return
    except ValidationError as e:
        st.error(t("tg_invalid", lang) + "\n\n" + md_text(e))
        return
    except GeoPlannerError as e:
        st.error(t("tg_not_saved", lang) + "\n\n" + md_text(e))
        return
    reset_editor(t("tg_saved", lang, added=len(added), changed=len(changed), deleted=len(deleted),
                   who=md_text(name)))
    st.rerun()


def mine(frame: pd.DataFrame, actor: Actor | None) -> pd.Series:
    """Which records ``actor`` may change (all of them without sign-in or for an admin)."""
    if actor is None:
        return pd.Series(True, index=frame.index)
    return frame["agency"].map(actor.may_write).astype(bool)


def editor_section(reg, names: pd.DataFrame, lang: str, actor: Actor | None) -> None:
    ss = st.session_state
    snap = ss.get("tg_snapshot")
    if snap is None or snap["url"] != reg.url:
        if snap is not None:
            ss["tg_gen"] = ss.get("tg_gen", 0) + 1
        snap = ss["tg_snapshot"] = load_snapshot(reg)
    key = f"tg_editor_{ss.setdefault('tg_gen', 0)}"
    flash = ss.pop("tg_flash", None)
    if flash:
        st.success(flash, icon="✅")
    st.subheader(t("tg_editor", lang))
    st.caption(t("tg_editor_help", lang, n=len(snap["frame"]), at=snap["at"]))
    own = mine(snap["frame"], actor)
    others = editor_view(snap["frame"][~own].reset_index(drop=True), names)
    others["intervention"] = [intervention_label(k, lang) for k in others["intervention"]]
    others["status"] = [status_label(k, lang) for k in others["status"]]
    readonly = {**editor_config(lang), "intervention": st.column_config.TextColumn(t("tg_col_intervention", lang)),
                "status": st.column_config.TextColumn(t("tg_col_status", lang))}
    if actor is not None and actor.role == "viewer":
        st.info(t("tg_viewer_only", lang))
        st.dataframe(others, hide_index=True, column_config=readonly, key="tg_readonly")
        return
    if actor is not None and actor.role == "editor":
        st.markdown(f"**{t('tg_editor_own', lang, agencies=md_text(', '.join(actor.agencies)))}**")
    view = editor_view(snap["frame"][own].reset_index(drop=True), names)
    edited = st.data_editor(
        view, key=key, num_rows="dynamic", hide_index=True, width="stretch",
        column_config=editor_config(lang, unit_options(names, snap["frame"])),
        disabled=["id", "unit_name", "overlap", "updated_by", "updated_at", "version"],
        column_order=["id", "unit_code", "unit_name", "agency", "intervention", "year", "quantity", "budget_rp",
                      "status", "note", "overlap", "updated_by", "updated_at", "version"],
        height=editor_height(len(view)))
    c1, c2, c3 = st.columns([2, 1, 1], vertical_alignment="bottom")
    if actor is None:  # the laptop (or an unprotected app): the name typed, GEO_PLANNER_USER by default
        who = c1.text_input(t("tg_who", lang), key="tg_who", persist_state="session", help=t("tg_who_help", lang))
    else:  # signed in: the identity provider says who, never a typed name
        who = actor
        c1.caption(f"{t('auth_signed_in', lang)} **{md_text(actor.who)}** · {md_text(role_text(actor, lang))}")
    clicked = c2.button(t("tg_save", lang), key="tg_save", type="primary", width="stretch")
    if c3.button(t("tg_reload", lang), key="tg_reload", width="stretch", help=t("tg_reload_help", lang)):
        reset_editor()
        st.rerun()
    if clicked:
        save(reg, view, edited, who, lang)
    elif pending(key):
        st.caption(t("tg_unsaved", lang))
    if len(others):
        st.markdown(f"**{t('tg_others', lang)}**")
        st.dataframe(others, hide_index=True, column_config=readonly, key="tg_others_table")


# --- import / export --------------------------------------------------------------------------------------
def files_section(reg, names: pd.DataFrame, level: str, lang: str, actor: Actor | None = None) -> None:
    ss = st.session_state
    reader = actor is not None and actor.role == "viewer"  # may not import (the register refuses it too)
    st.subheader(t("tg_files", lang))
    left, right = st.columns(2, gap="large")
    with left:
        upload = st.file_uploader(t("tg_import_file", lang), type=["csv", "xlsx"], key="tg_upload", disabled=reader,
                                  help=t("tg_import_help", lang, level=t(f"level_{level}", lang).lower()))
        if st.button(t("tg_import", lang), key="tg_import", disabled=upload is None or reader):
            editor_key = f"tg_editor_{ss.get('tg_gen', 0)}"
            who = actor if actor is not None else (ss.get("tg_who") or "").strip()
            if pending(editor_key):
                st.warning(t("tg_import_pending", lang))
            elif not who:
                st.error(t("tg_who_missing", lang))
            else:
                report = reg.import_table(upload, who=who, units=P.v.units_for(level, P.province()),
                                          name=upload.name)
                ss["tg_report"] = {"file": report.file, "imported": report.imported, "updated": len(report.updated),
                                   "rejected_rows": report.rejected_rows, "rejected": report.rejected,
                                   "skipped": report.skipped, "ignored": report.ignored_columns}
                reset_editor()
                st.rerun()
        report = ss.get("tg_report")
        if report:
            msg = t("tg_import_done", lang, n=report["imported"], file=md_text(report["file"]),
                    updated=report["updated"], rejected=len(report["rejected_rows"]), skipped=len(report["skipped"]))
            (st.warning if report["rejected_rows"] else st.success)(msg)
            if report["ignored"]:
                st.caption(t("tg_import_ignored", lang, cols=md_text(", ".join(map(str, report["ignored"])))))
            if len(report["rejected"]):
                st.dataframe(report["rejected"].astype(str), hide_index=True, key="tg_rejected")
                name = f"ditolak_{Path(report['file']).stem}.csv"
                rejected = rows_table(report["rejected"], title=t("tg_rejected_download", lang),
                                      name=name[:-4], source=report["file"])
                P.offer(st, t("tg_rejected_download", lang),
                        lambda: P.write(rejected, None, fmt="csv", lang=lang, file_name=name), file_name=name,
                        key="tg_rejected_dl", lang=lang)
            if len(report["skipped"]):
                with st.expander(t("tg_skipped", lang, n=len(report["skipped"]))):
                    st.dataframe(report["skipped"].astype(str), hide_index=True)
    with right:
        st.markdown(t("tg_export", lang))
        c1, c2 = st.columns(2)
        stamp = dt.date.today().isoformat()
        exported = targets_table(reg, lang=lang, units=names)  # read now: the register closes after the page
        for col, fmt, label in ((c1, "xlsx", t("download_xlsx", lang)), (c2, "csv", t("download_csv", lang))):
            name = f"target_instansi_{stamp}.{fmt}"
            P.offer(col, label, lambda fmt=fmt, name=name: P.write(exported, None, fmt=fmt, lang=lang, file_name=name),
                    file_name=name, key=f"tg_dl_{fmt}", lang=lang, width="stretch")
        st.caption(t("tg_export_help", lang))


# --- overlaps -----------------------------------------------------------------------------------------------
def overlaps_section(current: pd.DataFrame, names: pd.DataFrame, lang: str) -> None:
    st.subheader(t("tg_overlaps", lang), help=t("tg_overlaps_help", lang))
    found = overlaps(current) if len(current) else current
    if not len(found):
        st.success(t("tg_overlaps_none", lang), icon="✅")
        return
    groups = found.groupby(["unit_code", "intervention", "year"]).ngroups
    st.warning(t("tg_overlaps_found", lang, n=len(found), groups=groups), icon="⚠️")
    view = pd.DataFrame({
        t("tg_col_id", lang): found["id"],
        t("tg_col_unit_code", lang): found["unit_code"],
        t("tg_col_unit_name", lang): found["unit_code"].map(names["name"]),
        t("tg_col_agency", lang): found["agency"],
        t("tg_col_intervention", lang): [intervention_label(k, lang) for k in found["intervention"]],
        t("tg_col_year", lang): found["year"],
        t("tg_col_quantity", lang): found["quantity"],
        t("tg_col_status", lang): [status_label(s, lang) for s in found["status"]],
        t("tg_overlap_kind", lang): [t(f"tg_kind_{k}", lang) for k in found["overlap_kind"]],
        t("tg_overlap_with", lang): found["overlap_with"],
        t("tg_counted", lang): found["counted_quantity"],
    })
    st.dataframe(view, hide_index=True, key="tg_overlaps_table", placeholder="–", column_config={
        t("tg_col_unit_code", lang): st.column_config.TextColumn(pinned=True),
        t("tg_col_unit_name", lang): st.column_config.TextColumn(pinned=True)})


# --- what remains ----------------------------------------------------------------------------------------
def remaining_tips(rem: pd.DataFrame, ind: str, meta: Indicator, lang: str) -> dict[str, str]:
    unit = f" {html.escape(meta.unit_in(lang))}" if meta.unit else ""
    out = {}
    for code, r in rem.iterrows():
        if pd.isna(r[ind]):
            out[code] = f"{html.escape(meta.label(lang))}: <i>{t('no_data', lang).lower()}</i>"
            continue
        lines = [f"{html.escape(meta.label(lang))}: {fmt_number(r[ind], lang, 0)}{unit}",
                 f"{html.escape(t('tg_planned', lang))}: {fmt_number(r[f'planned_{ind}'], lang, 0)}{unit}",
                 f"{html.escape(t('tg_remaining', lang))}: <b>{fmt_number(r[f'remaining_{ind}'], lang, 0)}</b>{unit}"]
        if r[f"overlap_{ind}"]:
            lines.append(f'<b style="color:#b35806">⚠ {html.escape(t("tg_col_overlap", lang))}</b>')
        out[code] = "<br>".join(lines)
    return out


def remaining_section(current: pd.DataFrame, level: str, lang: str) -> None:
    st.subheader(t("tg_remaining_title", lang), help=t("tg_remaining_help", lang))
    with st.spinner(t("spin_analysis", lang)):
        analysis = P.analysis_for(level, P.province())
    reducible = list(dict.fromkeys(iv.reduces for iv in INTERVENTIONS.values()
                                   if iv.reduces and iv.reduces in analysis.units.columns))
    if not reducible:
        st.info(t("tg_remaining_none", lang))
        return
    if analysis.synthetic:
        st.warning(t("synthetic_app", lang), icon="⚠️")
    years = sorted({int(y) for y in current["year"]} | {dt.date.today().year})
    c1, c2, c3 = st.columns(3)
    ind = c1.selectbox(t("tg_indicator", lang), reducible, key="tg_rem_ind",
                       format_func=lambda k: P.column_label(k, analysis.indicators, lang))
    # 0 = all years: a value (not None), so that a language switch can send the choice again in its new label
    year = c2.selectbox(t("tg_col_year", lang), [0, *years], key="tg_rem_year",
                        format_func=lambda y: t("tg_all_years", lang) if y == 0 else str(y)) or None
    statuses = c3.multiselect(t("tg_statuses", lang), list(STATUSES), default=list(STATUSES), key="tg_rem_status",
                              format_func=lambda s: status_label(s, lang))
    backlog = analysis.units[ind]
    rem = remaining(backlog.fillna(0.0).to_frame(), current, year=year, statuses=statuses)
    missing = backlog.isna()  # a unit without the figure: its planned targets are shown, "no data" remains
    rem.loc[missing, [ind, f"remaining_{ind}"]] = np.nan
    meta = analysis.indicators[ind]
    column = f"remaining_{ind}"
    label_id, label_en = (f"{t('tg_remaining', lg)}: {meta.label(lg)}" for lg in ("id", "en"))
    mapped = P.with_columns(analysis, rem[[column]], {column: Indicator(column, label_id, label_en, meta.unit, "need")})
    total = rem[[ind, f"planned_{ind}", column]].sum(min_count=1)
    m1, m2, m3 = st.columns(3)
    m1.metric(meta.label(lang), fmt_number(total[ind], lang, 0))
    m2.metric(t("tg_planned", lang), fmt_number(total[f"planned_{ind}"], lang, 0), help=t("tg_planned_help", lang))
    m3.metric(t("tg_remaining", lang), fmt_number(total[column], lang, 0))
    left, right = st.columns([3, 2], gap="medium")
    with left:
        P.show_map(P.value_map_data(mapped, column, remaining_tips(rem, ind, meta, lang), lang), level, key="tg_map")
        st.caption(t("offline_note", lang))
    with right:
        table = pd.DataFrame({
            t("tg_col_unit_name", lang): analysis.units["name"].reindex(rem.index).to_numpy(),
            t("tg_col_unit_code", lang): rem.index,
            meta.label(lang): rem[ind].to_numpy(),
            t("tg_planned", lang): rem[f"planned_{ind}"].to_numpy(),
            t("tg_remaining", lang): rem[column].to_numpy(),
            t("tg_col_overlap", lang): rem[f"overlap_{ind}"].to_numpy(),
        }).sort_values(t("tg_remaining", lang), ascending=False, na_position="last")
        number = st.column_config.NumberColumn(format="localized")
        st.dataframe(table, hide_index=True, key="tg_remaining_table", placeholder="–",
                     height=min(38 + 35 * len(table), 520),
                     column_config={meta.label(lang): number, t("tg_planned", lang): number,
                                    t("tg_remaining", lang): number,
                                    t("tg_col_unit_name", lang): st.column_config.TextColumn(width=150, pinned=True),
                                    t("tg_col_unit_code", lang): st.column_config.TextColumn(width=90, pinned=True)})


# --- page ----------------------------------------------------------------------------------------------------
def main() -> None:
    lang = P.page("tg_title")
    level = P.level_select(lang)
    ss = st.session_state
    if "tg_who" not in ss:
        ss["tg_who"] = default_who()
    reg = open_register(None)
    try:
        st.caption(f"{md_text(where(reg, lang))} · {t('tg_db_help', lang)}")
        actor = current_actor(reg)
        if actor is not None and actor.role == "none":
            st.warning(t("tg_not_user", lang, who=md_text(actor.who)))
            return
        names = unit_names(P.province())
        editor_section(reg, names, lang, actor)
        current = reg.list()
        files_section(reg, names, level, lang, actor)
        if actor is not None and actor.manages_users:
            users_section(reg, actor, lang)
        overlaps_section(current, names, lang)
        remaining_section(current, level, lang)
    finally:
        reg.close()


P.run(main)
