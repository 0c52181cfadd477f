"""The list of poverty pockets as CSV or XLSX, with provenance.

One row per pocket (a contiguous group of hotspot or high-need / low-coverage
units, see :func:`geo_planner.pipeline.add_pockets`): its members, the people
and poor people at stake, the mean need and coverage of its members and why it
is a pocket. Synthetic data is flagged in a column and in the sources sheet.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd

from geo_planner.errors import InputError
from geo_planner.outputs.ranked import (
    cell_value,
    check_lang,
    fit_columns,
    provenance_rows,
    sources_sheet,
    write_header,
)

__all__ = ["pockets_table", "pockets_csv_bytes", "pockets_xlsx_bytes", "write_pockets"]

_HEADERS = {
    "pocket": ("Kantong", "Pocket"), "n_units": ("Jumlah wilayah", "Units"),
    "codes": ("Kode wilayah", "Unit codes"), "names": ("Nama wilayah", "Unit names"),
    "parents": ("Wilayah induk", "Parent units"), "population": ("Penduduk (jiwa)", "Population"),
    "poor": ("Penduduk miskin (jiwa)", "Poor people"), "need": ("Rata-rata skor kebutuhan", "Mean need score"),
    "coverage": ("Rata-rata skor cakupan", "Mean coverage score"), "reason": ("Alasan", "Reason"),
    "synthetic": ("Data sintetis", "Synthetic data"),
}


def pockets_table(analysis, lang: str = "id", *, headers: str = "ids") -> pd.DataFrame:
    """Pockets as a flat table (member lists joined with ``; ``).

    Raises
    ------
    InputError
        When pockets were not computed (call ``add_pockets`` first).
    """
    check_lang(lang)
    if analysis.pockets is None:
        raise InputError("no pockets computed for this analysis; run add_pockets (CLI: geo-planner pockets)")
    p = analysis.pockets
    units = analysis.units
    parents = ["; ".join(sorted({str(units.at[c, "parent"]) for c in codes if c in units.index}))
               for codes in p["units"]]
    table = pd.DataFrame({
        "pocket": p["pocket"], "n_units": p["n_units"],
        "codes": ["; ".join(map(str, c)) for c in p["units"]],
        "names": ["; ".join(map(str, n)) for n in p["names"]],
        "parents": parents,
        "population": p.get("population"), "poor": p.get("poor"),
        "need": p.get("need", p.get("priority_score")), "coverage": p.get("coverage"),
        "reason": p["reason"],
    })
    if analysis.synthetic:
        table["synthetic"] = True
    if headers == "labels":
        i = 1 if lang == "en" else 0
        table.columns = [_HEADERS[c][i] for c in table.columns]
    return table.reset_index(drop=True)


def pockets_csv_bytes(analysis, lang: str = "id") -> bytes:
    """Pockets as CSV, UTF-8 with BOM, machine headers (as the priority CSV)."""
    return pockets_table(analysis, lang).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def pockets_xlsx_bytes(analysis, lang: str = "id") -> bytes:
    """Pockets as XLSX: a sheet of pockets (Indonesian headers by default) and the sources sheet."""
    import openpyxl

    table = pockets_table(analysis, lang, headers="labels")
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Kantong kemiskinan" if lang == "id" else "Poverty pockets"
    write_header(ws, 1, list(table.columns))
    for r, row in enumerate(table.itertuples(index=False), start=2):
        for c, value in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=cell_value(value))
    ws.freeze_panes = "A2"
    fit_columns(ws)
    sources_sheet(book.create_sheet("Sumber" if lang == "id" else "Sources"), analysis, lang)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def write_pockets(analysis, path: str | Path, lang: str = "id") -> Path:
    """Write the pockets list as .csv (plus a provenance sidecar) or .xlsx."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        path.write_bytes(pockets_csv_bytes(analysis, lang))
        side = path.with_name(path.name + ".provenance.json")
        side.write_text(json.dumps(provenance_rows(analysis), indent=1, ensure_ascii=False, default=str),
                        encoding="utf-8")
    elif suffix == ".xlsx":
        path.write_bytes(pockets_xlsx_bytes(analysis, lang))
    else:
        raise InputError("cannot write pockets to this file type; name the output .csv or .xlsx", file=path.name)
    return path
