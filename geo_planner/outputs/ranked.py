"""The priority list of an analysis: its table, headers, sources and the sheets of its workbook.

Builds what the export gate (:func:`geo_planner.outputs.gate.write`) writes: the
ranked table (:func:`ranked_table`, :func:`ranked_frame` with headers in the
user's language), the "Prioritas" sheet, the "Sumber" (Sources) sheet with
where every number came from, and the "Tidak cocok" (Unmatched) sheet. Data
flagged as synthetic (demo data) is marked. Nothing here writes a file.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo_planner.errors import InputError
from geo_planner.i18n.figures import unit_label
from geo_planner.i18n.messages import msg
from geo_planner.outputs.idm_view import readable_columns
from geo_planner.outputs.sheets import cell_value

__all__ = ["ranked_table", "ranked_frame", "indicator_sources", "header_label", "provenance_rows", "priority_sheet",
           "sources_sheet", "unmatched_sheet", "settings_rows", "write_header", "write_rows", "fit_columns",
           "text_for", "check_lang", "HEADER_CHOICES"]

BASE_COLUMNS = ("code", "name", "level", "parent", "rank", "priority_score", "indicators_used")
HEADER_CHOICES = ("ids", "labels")

# Texts come from geo_planner.i18n (one vocabulary everywhere): export-only keys are
# prefixed "export_" there; shared ones are mapped here.
_I18N_KEYS = {"label": "indicator", "unit": "unit", "direction": "direction_col", "years": "years",
              "method": "method", "level": "level", "classification": "scheme", "layers": "layer",
              "need": "dir_need", "coverage": "dir_coverage", "context": "dir_context"}


def text_for(key: str, lang: str) -> str:
    from geo_planner.i18n import t

    return t(_I18N_KEYS.get(key, f"export_{key}"), lang)


def check_lang(lang: str) -> str:
    if lang not in ("id", "en"):
        raise InputError(msg("outputs_unknown_language", lang=lang))
    return lang


def header_label(col: str, analysis, lang: str) -> str:
    """Header of a column in the user's language (labels from :mod:`geo_planner.i18n`)."""
    from geo_planner.i18n import column_label

    if col == "synthetic":
        return text_for("synthetic", lang)
    return str(column_label(col, analysis.indicators, lang))


def _synthetic_units(analysis) -> pd.Series:
    """Per unit: True when any of its selected figures comes from synthetic data."""
    synth = [k for k, ind in analysis.indicators.items() if ind.synthetic and k in analysis.units.columns]
    if not synth:
        return pd.Series(False, index=analysis.units.index)
    return analysis.units[synth].notna().any(axis=1)


def _whole_numbers_as_int(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Counts stored as floats (59000.0) become nullable integers (59000)."""
    for col in columns:
        x = table[col]
        if pd.api.types.is_float_dtype(x) and x.notna().any():
            vals = x.dropna()
            if (vals == np.round(vals)).all() and vals.abs().max() < 2**53:
                table[col] = x.astype("Int64")
    return table


def ranked_table(analysis, lang: str = "id") -> pd.DataFrame:
    """The priority list with machine column names, in rank order.

    Parameters
    ----------
    analysis : Analysis
        Result of :func:`geo_planner.pipeline.build_analysis`.
    lang : {"id", "en"}
        Checked only; column names are machine ids in every language
        (use :func:`ranked_frame` with ``headers="labels"`` for labels).

    Returns
    -------
    DataFrame
        Columns ``code`` (Kemendagri, text), ``name``, ``level``, ``parent``,
        ``rank``, ``priority_score``, ``indicators_used``, one column per
        indicator id, and ``synthetic`` only when the analysis holds
        synthetic data. Units without a score come last.

    Examples
    --------
    >>> ranked_table(analysis).columns[:5].tolist()  # doctest: +SKIP
    ['code', 'name', 'level', 'parent', 'rank']
    """
    check_lang(lang)
    table = analysis.ranked()
    ids = list(analysis.indicator_ids)
    table = table[[*BASE_COLUMNS, *ids]].copy()
    table["code"] = table["code"].astype(str)
    table["parent"] = table["parent"].astype("string")
    table = _whole_numbers_as_int(table, ids)
    if analysis.synthetic:
        table["synthetic"] = table["code"].map(_synthetic_units(analysis)).fillna(False).astype(bool)
    return readable_columns(table, lang)  # IDM statuses in words (geo_planner.outputs.idm_view)


def indicator_sources(analysis) -> dict[str, dict[str, object]]:
    """Per indicator: labels, unit, direction, years and sources of the figures used.

    Returns
    -------
    dict
        ``{id: {"label_id", "label_en", "unit", "direction", "years", "sources",
        "layers", "synthetic"}}``; ``sources`` are the distinct URLs (or file
        names) of the selected figures, in first-seen order.
    """
    figs = analysis.figures
    figs = figs[figs["indicator"].isin(analysis.indicator_ids) & figs["code"].isin(analysis.units.index)]
    by_indicator = dict(list(figs.groupby("indicator", sort=False)))  # one pass, rows in their order
    out: dict[str, dict[str, object]] = {}
    for k in analysis.indicator_ids:
        ind = analysis.indicators[k]
        f = by_indicator.get(k, figs.iloc[:0])
        # distinct values first (pd.unique keeps first-seen order), then as text: one test per value, not per row
        years = sorted({str(y) for y in pd.unique(f["year"]) if str(y).strip() and str(y) != "nan"})
        sources = list(dict.fromkeys(str(s) for s in pd.unique(f["source"]) if str(s).strip() and str(s) != "nan"))
        layers = list(dict.fromkeys(str(s) for s in pd.unique(f["layer"]))) if "layer" in f else []
        out[k] = {"label_id": ind.label_id, "label_en": ind.label_en, "unit": ind.unit,
                  "direction": ind.direction, "years": years, "sources": sources, "layers": layers,
                  "synthetic": bool(ind.synthetic)}
    return out


def provenance_rows(analysis) -> dict[str, object]:
    return {**analysis.provenance, "indicators": indicator_sources(analysis)}


# --------------------------------------------------------------------------- CSV

def ranked_frame(analysis, lang: str = "id", *, headers: str = "ids") -> pd.DataFrame:
    """:func:`ranked_table` with the headers a CSV carries.

    Parameters
    ----------
    analysis : Analysis
    lang : {"id", "en"}
        Language of the headers when ``headers="labels"``.
    headers : {"ids", "labels"}
        ``"ids"`` (default): machine column names (``code``, ``rank``,
        ``poverty_rate``, ...), the stable contract for scripts;
        ``"labels"``: Indonesian (or English) headers.

    Raises
    ------
    InputError
        For an unknown ``headers`` or ``lang``.
    """
    if headers not in HEADER_CHOICES:
        raise InputError(msg("ranked_bad_headers", choices=", ".join(HEADER_CHOICES), headers=headers))
    table = ranked_table(analysis, lang)
    if headers == "labels":
        table.columns = [header_label(c, analysis, lang) for c in table.columns]
    return table


# --------------------------------------------------------------------------- XLSX

def fit_columns(ws, *, cap: int = 60) -> None:
    from openpyxl.utils import get_column_letter

    for i, column in enumerate(ws.iter_cols(values_only=True), start=1):
        longest = max((max(len(line) for line in str(v).split("\n")) for v in column if v is not None), default=8)
        ws.column_dimensions[get_column_letter(i)].width = min(cap, max(8, longest + 2))


def write_header(ws, row: int, values: list[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    fill = PatternFill("solid", fgColor="DDEBF7")
    for j, value in enumerate(values, start=1):
        c = ws.cell(row=row, column=j, value=value)
        c.font, c.fill = Font(bold=True), fill
        c.alignment = Alignment(wrap_text=True, vertical="top")


def priority_sheet(ws, analysis, lang: str) -> None:
    table = ranked_table(analysis, lang)
    write_header(ws, 1, [header_label(c, analysis, lang) for c in table.columns])
    formats = {"priority_score": "0.00"}
    for k in analysis.indicator_ids:
        if pd.api.types.is_integer_dtype(table[k]):
            formats[k] = "#,##0"
    write_rows(ws, table, formats)
    ws.auto_filter.ref = ws.dimensions
    fit_columns(ws, cap=45)


def write_rows(ws, table: pd.DataFrame, formats: dict[str, str]) -> None:
    """The table's records from row 2 (numbers as numbers, ``formats`` by column), header row frozen."""
    for i, record in enumerate(table.itertuples(index=False), start=2):
        for j, (col, value) in enumerate(zip(table.columns, record), start=1):
            c = ws.cell(row=i, column=j, value=cell_value(value))
            if col in formats and c.value is not None:
                c.number_format = formats[col]
    ws.freeze_panes = "A2"


def sources_sheet(ws, analysis, lang: str) -> None:
    from openpyxl.styles import Alignment, Font

    row = 1
    if analysis.synthetic:
        ws.cell(row=row, column=1, value=text_for("synthetic_note", lang)).font = Font(bold=True, color="C00000")
        row += 2
    keys = ["id", "label", "unit", "direction", "years", "source_list"]
    write_header(ws, row, [text_for(k, lang) for k in keys])
    ws.freeze_panes = ws.cell(row=row + 1, column=1).coordinate
    for k, meta in indicator_sources(analysis).items():
        row += 1
        label = meta["label_en"] if lang == "en" else meta["label_id"]
        if meta["synthetic"]:
            label = f"{label} [{text_for('synthetic_tag', lang)}]"
        values = [k, label, unit_label(meta["unit"], lang), text_for(str(meta["direction"]), lang) if meta["direction"] in
                  ("need", "coverage", "context") else meta["direction"],
                  ", ".join(meta["years"]), "\n".join(meta["sources"])]
        for j, v in enumerate(values, start=1):
            ws.cell(row=row, column=j, value=v).alignment = Alignment(wrap_text=True, vertical="top")
    row += 2
    for key, value in settings_rows(analysis, lang):
        ws.cell(row=row, column=1, value=text_for(key, lang)).font = Font(bold=True)
        ws.cell(row=row, column=2, value=value).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    fit_columns(ws, cap=80)


def settings_rows(analysis, lang: str) -> list[tuple[str, str]]:
    from geo_planner.pipeline import METHOD_EN, METHOD_ID
    from geo_planner.sources.boundaries import province_name

    p = analysis.provenance
    province = str(p.get("province", analysis.province))
    weights = ", ".join(f"{k}={w:g}" for k, w in analysis.weights.items())
    layers = "; ".join(
        f"{l.get('name')} ({l.get('file')})" + (" [synthetic]" if l.get("synthetic") else "")
        for l in p.get("layers", []))
    return [
        ("weights", weights),
        ("method", METHOD_EN if lang == "en" else METHOD_ID),
        ("created", str(p.get("created", ""))),
        ("version", f"{p.get('tool', 'geo-planner')} {p.get('version', '')}".strip()),
        ("boundaries", str(p.get("boundaries", ""))),
        ("level", str(p.get("level", analysis.level))),
        ("province", f"{province} {province_name(province)}"),
        ("classification", str(p.get("classification", ""))),
        ("layers", layers),
        *([("villages", str(p["villages"]["attribution" if lang == "en" else "atribusi"]))]
          if p.get("villages") else []),  # IDM: Kemendes PDTT via Satu Data Indonesia, the compiler, commits
    ]


def unmatched_sheet(ws, analysis, lang: str) -> None:
    from openpyxl.styles import Font

    ws.cell(row=1, column=1, value=text_for("unmatched_note", lang)).font = Font(italic=True)
    from geo_planner.outputs.privacy import safe_unmatched

    u = safe_unmatched(analysis.unmatched)  # household-level rows (names, NIK, coordinates) never leave
    first = [c for c in ("layer", "file", "row", "reason") if c in u.columns]
    u = u[first + [c for c in u.columns if c not in first]]
    write_header(ws, 2, [str(c) for c in u.columns])
    for i, record in enumerate(u.itertuples(index=False), start=3):
        for j, value in enumerate(record, start=1):
            ws.cell(row=i, column=j, value=cell_value(value))
    ws.freeze_panes = "A3"
    fit_columns(ws, cap=60)
