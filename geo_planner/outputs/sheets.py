"""Formula-safe spreadsheet cells: CSV bytes and XLSX workbooks as the export gate writes them.

A text cell that a spreadsheet would start a formula with (``=``, ``+``, ``-``,
``@``, a tab or a carriage return; :func:`geo_planner.sources.cells.looks_like_formula`)
is written as text:

- in CSV with a leading apostrophe (:func:`csv_bytes`; headers too); reading
  an untouched export back removes exactly that apostrophe
  (:func:`geo_planner.sources.cells.unquote`);
- in XLSX as a string cell (:func:`seal`: ``data_type`` ``"s"``, and Excel's
  *quote prefix* so that editing the cell keeps it text), never a formula.

Numbers stay numbers, a negative number too. Used only behind
:func:`geo_planner.outputs.gate.write`, which saves the bytes.

>>> import pandas as pd
>>> csv_bytes(pd.DataFrame({"=x": ["=SUM(A1)", "-2 KK", "ok"], "n": [-3, 1, 2]})).decode("utf-8-sig").splitlines()
["'=x,n", "'=SUM(A1),-3", "'-2 KK,1", 'ok,2']
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import numpy as np
import pandas as pd

from geo_planner.i18n import t
from geo_planner.sources.cells import looks_like_formula, quote

__all__ = ["csv_bytes", "seal", "table_book", "provenance_sheet", "cell_value", "has_formula"]


def cell_value(value: object) -> object:
    """A value openpyxl stores natively: numbers stay numbers, missing is empty, other objects as text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, (int, str)):
        return value
    if isinstance(value, (list, tuple, set)):
        return "; ".join(map(str, value))
    return str(value)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as CSV the way Excel opens it (UTF-8 with BOM, CRLF), every formula-like text quoted."""
    out = frame.copy()
    out.columns = [quote(str(c)) for c in out.columns]
    for col in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[col]) or pd.api.types.is_bool_dtype(out[col])):
            out[col] = out[col].astype(object).map(quote)
    return out.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def seal(book) -> None:
    """Make every text cell of every sheet of ``book`` a string cell; a formula-like one gets the quote prefix.

    The product writes no formula: a cell openpyxl took for one (a text
    starting with ``=``) becomes the text it is.
    """
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                    if looks_like_formula(cell.value):
                        cell.quotePrefix = True


def has_formula(book) -> bool:
    """True when a cell of ``book`` is a formula (what :func:`seal` leaves none of)."""
    return any(cell.data_type == "f" for ws in book.worksheets for row in ws.iter_rows() for cell in row)


def _header(ws, values: list[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    fill = PatternFill("solid", fgColor="DDEBF7")
    for j, value in enumerate(values, start=1):
        c = ws.cell(row=1, column=j, value=str(value))
        c.font, c.fill = Font(bold=True), fill
        c.alignment = Alignment(wrap_text=True, vertical="top")


def table_book(sheets: Mapping[str, pd.DataFrame], *, formats: Mapping[str, str] | None = None):
    """An openpyxl workbook, one sheet per table: bold header row, frozen, numbers as numbers, widths fitted.

    ``formats``: column -> number format (e.g. ``{"Anggaran (Rp)": "#,##0"}``).
    """
    import openpyxl
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, table in sheets.items():
        ws = book.create_sheet(_sheet_name(name, book))
        _header(ws, [str(c) for c in table.columns])
        for i, record in enumerate(table.itertuples(index=False), start=2):
            for j, value in enumerate(record, start=1):
                c = ws.cell(row=i, column=j, value=cell_value(value))
                fmt = (formats or {}).get(str(table.columns[j - 1]))
                if fmt and isinstance(c.value, (int, float)) and not isinstance(c.value, bool):
                    c.number_format = fmt
        ws.freeze_panes = "A2"
        for j, col in enumerate(table.columns, start=1):
            longest = max([len(str(col))] + [len(str(v)) for v in table.iloc[:200, j - 1].dropna()])
            ws.column_dimensions[get_column_letter(j)].width = min(longest + 2, 60)
    return book


def _sheet_name(name: str, book) -> str:
    """A valid, unused sheet name (31 characters, none of ``[]:*?/\\``)."""
    clean = "".join(ch for ch in str(name) if ch not in "[]:*?/\\")[:31] or "Sheet"
    base, n = clean, 1
    while clean in book.sheetnames:
        n += 1
        clean = f"{base[:28]} {n}"
    return clean


def provenance_sheet(book, provenance: Mapping[str, object], lang: str = "id") -> None:
    """Append a sheet "Sumber" ("Sources"): one row per key of ``provenance`` (nested values as JSON)."""
    from openpyxl.styles import Alignment, Font

    ws = book.create_sheet(_sheet_name(t("export_sources", lang), book))
    ws.cell(row=1, column=1, value=t("gate_provenance", lang)).font = Font(bold=True)
    row = 2
    for key, value in provenance.items():
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
        ws.cell(row=row, column=1, value=str(key)).font = Font(bold=True)
        ws.cell(row=row, column=2, value=text).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 100
