"""The table side of an export: the unit table, the RPKD table, labels, provenance, CSV and XLSX content.

Shared by the GIS writers (:mod:`geo_planner.outputs.vector`) and the report; the registry is in
:mod:`geo_planner.outputs.formats`. The CSV and XLSX writers here return a table or a workbook,
which the export gate (:func:`geo_planner.outputs.gate.write`) makes formula-safe and saves; they
receive an analysis the gate has already protected.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd

from geo_planner.errors import GeoPlannerError, InputError
from geo_planner.i18n import STRINGS, t
from geo_planner.i18n.messages import msg
from geo_planner.outputs.ranked import (
    check_lang,
    header_label,
    provenance_rows,
    ranked_table,
)

POCKET_FIELDS = ("pocket", "underserved", "bivariate", "gi_class", "coverage_score")
LEAD_FIELDS = ("lead_office", "lead_sector", "lead_programmes", "lead_strategy", "strategy")
# Figures shown when present (after the weighted ones): the RPKD table, KML balloons, the report.
KEY_FIGURES = ("poverty_rate", "poor_population", "poor_households", "population", "coverage_ratio",
               "rtlh_units", "sanitation_unimproved_households")

_LABELS = {  # columns that are not indicators and not in geo_planner.i18n's column labels: (Indonesian, English)
    k: STRINGS[f"tl_{k}"] for k in ("parent_name", "pocket", "underserved", "bivariate", "gi_class", "coverage_score",
                                    "lead_office", "lead_sector", "lead_programmes", "lead_strategy", "strategy", "no")
}


def _label(key: str, lang: str) -> str:
    return _LABELS[key][1 if lang == "en" else 0]


# --------------------------------------------------------------------------- tables

def lead_columns(analysis, lang: str = "id") -> pd.DataFrame:
    """Per unit: lead office, sector, programmes and strategy (as :func:`geo_planner.planning.sectors.lead_sectors`).

    The same rule as ``lead_sectors(analysis)`` (weights of the analysis;
    the office with the largest share of the need leads, ties to the first
    office by name), computed for all units at once: ``lead_sectors`` takes
    seconds at desa level, this a few hundredths.

    Returns
    -------
    DataFrame
        Indexed by code: ``lead_office``, ``lead_sector``, ``lead_programmes``,
        ``lead_strategy`` (e.g. ``1/2``), ``lead_share`` (0-1) and
        ``strategy`` (the text of :func:`geo_planner.planning.sectors.strategy_text`).
    """
    from geo_planner.planning.sectors import (
        UNMAPPED,
        contributions,
        dedup,
        strategy_text,
    )

    cols = ["lead_office", "lead_sector", "lead_programmes", "lead_strategy", "lead_share", "strategy"]
    empty = pd.DataFrame(index=pd.Index([], name="code"), columns=cols)
    try:
        long = contributions(analysis, lang=lang)
    except GeoPlannerError:
        return empty
    if long.empty:
        return empty
    total = long.groupby("unit", sort=False)["contribution"].sum()
    pos = long[long["contribution"] > 0].copy()
    pos["share"] = pos["contribution"] / pos["unit"].map(total)
    pos = pos.sort_values(["unit", "contribution", "indicator"], ascending=[True, False, True], kind="stable")
    offices = pos[pos["mapped"]].groupby(["unit", "office"], sort=True)["share"].sum().reset_index()
    offices = offices.sort_values(["unit", "share", "office"], ascending=[True, False, True], kind="stable")
    lead = offices.drop_duplicates("unit").set_index("unit")
    rows = pos.merge(lead[["office"]].rename(columns={"office": "_lead"}), left_on="unit", right_index=True)
    rows = rows[rows["office"] == rows["_lead"]]
    agg = rows.groupby("unit", sort=False).agg(
        lead_sector=("sector", "first"),
        lead_programmes=("programmes", dedup),
        lead_strategy=("strategy", lambda s: "/".join(sorted({p for v in s for p in str(v).split("/") if p}))))
    out = pd.DataFrame(index=pd.Index(pos["unit"].unique(), name="code"))
    out["lead_office"] = lead["office"].reindex(out.index)
    out.loc[out["lead_office"].isna(), "lead_office"] = UNMAPPED[1 if lang == "en" else 0]
    out = out.join(agg)
    out["lead_share"] = lead["share"].reindex(out.index).round(3)
    out["lead_programmes"] = out["lead_programmes"].fillna("")
    out["lead_strategy"] = out["lead_strategy"].fillna("")
    out["strategy"] = [strategy_text(s, lang) for s in out["lead_strategy"]]
    return out[cols]


def parent_names(analysis) -> dict[str, str]:
    """Code -> the names of the units it lies in: ``"Kec. Long Apari, Kabupaten Mahakam Ulu"``.

    Empty when the parent levels cannot be loaded (a user's own boundary file).
    """
    from geo_planner.sources.boundaries import province_name
    from geo_planner.units.hierarchy import load_units

    level, province = analysis.level, analysis.province
    parents = analysis.units["parent"].astype("string")
    try:
        if level == "kabkota":
            return {c: province_name(str(p)) for c, p in parents.items() if pd.notna(p)}
        if level not in ("kecamatan", "desa"):
            return {}
        regency = load_units("kabkota", province)["name"]
        if level == "kecamatan":
            return {c: str(regency.get(p, "")) for c, p in parents.items() if pd.notna(p)}
        kec = load_units("kecamatan", province)
        label = {k: f"Kec. {name}, {regency.get(parent, '')}".rstrip(", ")
                 for k, name, parent in zip(kec.index, kec["name"], kec["parent"])}
        return {c: label.get(p, "") for c, p in parents.items() if pd.notna(p)}
    except (GeoPlannerError, OSError, KeyError):
        return {}


def key_figures(analysis, n: int = 5) -> list[str]:
    """Indicator ids to show first: the weighted ones, then :data:`KEY_FIGURES`, at most ``max(n, weighted)``."""
    ids = analysis.indicator_ids
    weighted = [k for k in ids if analysis.weights.get(k)]
    more = [k for k in KEY_FIGURES if k in ids and k not in weighted]
    more += [k for k in ids if k not in weighted and k not in more]
    return weighted + more[: max(0, n - len(weighted))]


def unit_table(analysis, lang: str = "id") -> pd.DataFrame:
    """What GIS files carry per unit, in rank order (units without a score last).

    Columns: those of :func:`geo_planner.outputs.ranked.ranked_table` (``code`` as
    text, counts as whole numbers, ``synthetic`` when the analysis has
    synthetic data), ``parent_name``, the pocket columns when pockets were
    computed (``pocket``, ``underserved``, ``bivariate``, ``gi_class``,
    ``coverage_score``) and the lead office columns of :func:`lead_columns`.
    """
    table = ranked_table(analysis, lang)
    synthetic = table.pop("synthetic") if "synthetic" in table.columns else None
    names = parent_names(analysis)
    table.insert(table.columns.get_loc("parent") + 1, "parent_name",
                 table["code"].map(names).astype("string"))
    units = analysis.units
    for col in POCKET_FIELDS:
        if col in units.columns:
            values = table["code"].map(units[col])
            if col == "underserved":
                values = values.fillna(False).astype(bool)
            elif col != "coverage_score":
                values = values.astype("string")
            table[col] = values.to_numpy()
    lead = lead_columns(analysis, lang)
    for col in LEAD_FIELDS:
        table[col] = table["code"].map(lead[col]).astype("string").to_numpy()
    if synthetic is not None:
        table["synthetic"] = synthetic.to_numpy()
    return table


def field_labels(columns, analysis, lang: str = "id") -> dict[str, str]:
    """Column id -> its label in ``lang`` (the headers of the XLSX, the aliases of the GIS files)."""
    return {c: _label(c, lang) if c in _LABELS else header_label(c, analysis, lang) for c in columns}


def rpkd_table(analysis, lang: str = "id", *, top: int | None = None, headers: str = "labels",
               figures: int = 4) -> pd.DataFrame:
    """The RPKD *priority locations* table (Lokasi prioritas), ready to paste into the plan.

    One row per ranked unit in rank order (``top`` first rows when given):
    number, Kemendagri code, name, the unit it lies in, key figures (the
    weighted indicators, then :data:`KEY_FIGURES`, ``figures`` at least),
    priority score, rank, poverty pocket, lead office (OPD), programmes and
    the strategy of Permendagri 53/2020 in words; ``synthetic`` when the
    analysis has synthetic data.

    Parameters
    ----------
    headers : {"labels", "ids"}
        Headers in ``lang`` (default) or machine ids.
    """
    check_lang(lang)
    if headers not in ("labels", "ids"):
        raise InputError(msg("tables_bad_headers", headers=headers))
    full = unit_table(analysis, lang)
    full = full[full["rank"].notna()]
    if top is not None:
        full = full.head(int(top))
    figs = key_figures(analysis, figures)
    table = pd.DataFrame({"no": np.arange(1, len(full) + 1)})
    table["code"] = full["code"].to_numpy()
    table["name"] = full["name"].to_numpy()
    parent = full["parent_name"].where(full["parent_name"].fillna("").astype(str).str.len() > 0, full["parent"])
    table["parent_name"] = parent.astype("string").to_numpy()
    for k in figs:
        table[k] = full[k].to_numpy()
    table["priority_score"] = full["priority_score"].to_numpy()
    table["rank"] = full["rank"].to_numpy()
    table["pocket"] = (full["pocket"] if "pocket" in full.columns else pd.Series(pd.NA, index=full.index)
                       ).astype("string").fillna("-").to_numpy()
    for col in ("lead_office", "lead_programmes", "strategy"):
        table[col] = full[col].fillna("").to_numpy()
    if "synthetic" in full.columns:
        table["synthetic"] = full["synthetic"].to_numpy()
    table.attrs["figures"] = figs
    if headers == "labels":
        table.columns = list(field_labels(table.columns, analysis, lang).values())
    return table


# --------------------------------------------------------------------------- provenance

def _provenance_dict(analysis, fmt: str | None = None, path: Path | None = None) -> dict[str, object]:
    prov = provenance_rows(analysis)
    prov["exported"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    if fmt:
        prov["format"] = fmt
    if path is not None:
        prov["file"] = Path(path).name
    return prov


def provenance_text(analysis, fmt: str | None = None, path: Path | None = None, indent: int | None = 1) -> str:
    return json.dumps(_provenance_dict(analysis, fmt, path), indent=indent, ensure_ascii=False, default=str)


def summary_lines(analysis, lang: str) -> str:
    """One paragraph: what, when, from what; the synthetic and privacy notes."""
    from geo_planner.outputs.ranked import settings_rows, text_for

    p = analysis.provenance
    parts = []
    if analysis.synthetic:
        parts.append(text_for("synthetic_note", lang))
    for key, value in settings_rows(analysis, lang):
        if value:
            parts.append(f"{text_for(key, lang)}: {value}")
    if p.get("within"):
        parts.append(("Filter: " if lang == "en" else "Saringan: ") + str(p["within"]))
    note = privacy_note(analysis, lang)
    if note:
        parts.append(note)
    return "\n".join(parts)


def privacy_note(analysis, lang: str) -> str:
    priv = analysis.provenance.get("privacy") or {}
    return str(priv.get("note_en" if lang == "en" else "note_id") or "")


def _privacy_rows(ws, analysis, lang: str) -> None:
    """Append the privacy note to a sources sheet."""
    from openpyxl.styles import Alignment, Font

    note = privacy_note(analysis, lang)
    row = ws.max_row + 1
    ws.cell(row=row, column=1, value=t("sheet_privacy", lang)).font = Font(bold=True)
    ws.cell(row=row, column=2, value=note or t("gate_no_privacy", lang)).alignment = Alignment(
        wrap_text=True, vertical="top")
    ws.cell(row=row + 1, column=1, value=t("sheet_household", lang)).font = Font(bold=True)
    ws.cell(row=row + 1, column=2, value=t("gate_household", lang))


# --------------------------------------------------------------------------- CSV / XLSX / RPKD

def to_csv(analysis, path: Path, lang: str = "id", *, headers: str = "labels", **_: object) -> pd.DataFrame:
    """The ranked list for a CSV, headers in ``lang`` (or machine ids); the gate adds the provenance sidecar."""
    from geo_planner.outputs.ranked import ranked_frame

    return ranked_frame(analysis, lang, headers=headers)


def to_xlsx(analysis, path: Path, lang: str = "id", **_: object):
    """The ranked list as a workbook: "Prioritas", "Sumber" (with the privacy note) and "Tidak cocok".

    Sheets: one row per unit in rank order, headers in the user's language,
    frozen header row, numbers stored as numbers; per indicator its label,
    unit, direction, years and source URLs, then the weights, method, date,
    tool version and boundary source; input rows that matched no unit, only
    when there are some.
    """
    import openpyxl

    from geo_planner.outputs.ranked import (
        priority_sheet,
        sources_sheet,
        text_for,
        unmatched_sheet,
    )

    check_lang(lang)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = text_for("priority", lang)
    priority_sheet(ws, analysis, lang)
    sources = book.create_sheet(text_for("sources", lang))
    sources_sheet(sources, analysis, lang)
    _privacy_rows(sources, analysis, lang)
    if len(analysis.unmatched):
        unmatched_sheet(book.create_sheet(text_for("unmatched", lang)), analysis, lang)
    book_properties(book, analysis, text_for("priority", lang))
    return book


def book_properties(book, analysis, title: str) -> None:
    """Title, creator and the synthetic flag in the workbook's properties."""
    book.properties.title = f"geo-planner: {title}"
    book.properties.creator = f"geo-planner {analysis.provenance.get('version', '')}".strip()
    book.properties.description = "SINTETIS / SYNTHETIC" if analysis.synthetic else None


def to_rpkd(analysis, path: Path, lang: str = "id", *, top: int | None = None, **_: object):
    """The RPKD priority-locations table (:func:`rpkd_table`) for a ``.xlsx`` (default) or ``.csv``.

    XLSX: sheet "Lokasi prioritas" (numbers as numbers, Indonesian headers,
    frozen header row, widths fitted) and the "Sumber" sheet. CSV: the table
    (the gate writes it UTF-8 with BOM plus a provenance sidecar).
    """
    path = Path(path)
    table = rpkd_table(analysis, lang, top=top, headers="ids")
    labels = field_labels(table.columns, analysis, lang)
    if path.suffix.lower() == ".csv":
        return table.rename(columns=labels)
    if path.suffix.lower() not in (".xlsx", ""):
        raise InputError(msg("tables_rpkd_suffix"), file=path.name)
    import openpyxl

    from geo_planner.outputs.ranked import (
        fit_columns,
        sources_sheet,
        text_for,
        write_header,
        write_rows,
    )

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = t("rpkd_sheet", lang)
    write_header(ws, 1, list(labels.values()))
    formats = {"priority_score": "0.00"}
    for k in table.attrs.get("figures", []):
        ind = analysis.indicators.get(k)
        integer = pd.api.types.is_integer_dtype(table[k])
        formats[k] = "#,##0" if integer else "#,##0.00"
        if ind is not None and not integer and str(ind.unit).strip() == "%":
            formats[k] = "0.00"
    write_rows(ws, table, formats)
    fit_columns(ws, cap=50)
    sources = book.create_sheet(text_for("sources", lang))
    sources_sheet(sources, analysis, lang)
    _privacy_rows(sources, analysis, lang)
    book_properties(book, analysis, ws.title)
    return book
