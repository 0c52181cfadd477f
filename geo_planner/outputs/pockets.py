"""The list of poverty pockets as CSV or XLSX, with provenance.

One row per pocket (a contiguous group of hotspot or high-need / low-coverage
units, see :func:`geo_planner.pipeline.add_pockets`): its members, the people
and poor people at stake, the mean need and coverage of its members and why it
is a pocket. Synthetic data is flagged in a column and in the sources sheet. Written through the
export gate (:func:`geo_planner.outputs.gate.write`, format ``pockets``), which protects the
analysis first: a pocket's population and poor people are then the sums over its members whose
figure is shown.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo_planner.errors import InputError
from geo_planner.i18n import STRINGS, t
from geo_planner.i18n.messages import msg
from geo_planner.outputs.ranked import (
    check_lang,
    fit_columns,
    sources_sheet,
    write_header,
)
from geo_planner.outputs.sheets import cell_value

__all__ = ["pockets_table", "pockets_file", "pockets_book"]

_HEADERS = {k: STRINGS[f"ph_{k}"] for k in ("pocket", "n_units", "codes", "names", "parents", "population", "poor",
                                            "need", "coverage", "reason", "synthetic")}  # (Indonesian, English)


def pockets_table(analysis, lang: str = "id", *, headers: str = "ids") -> pd.DataFrame:
    """Pockets as a flat table (member lists joined with ``; ``).

    Raises
    ------
    InputError
        When pockets were not computed (call ``add_pockets`` first).
    """
    check_lang(lang)
    if analysis.pockets is None:
        raise InputError(msg("pockets_out_none"))
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


def pockets_book(analysis, lang: str = "id"):
    """Pockets as a workbook: a sheet of pockets (Indonesian headers by default) and the sources sheet."""
    import openpyxl

    table = pockets_table(analysis, lang, headers="labels")
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = t("pockets_sheet", lang)
    write_header(ws, 1, list(table.columns))
    for r, row in enumerate(table.itertuples(index=False), start=2):
        for c, value in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=cell_value(value))
    ws.freeze_panes = "A2"
    fit_columns(ws)
    sources_sheet(book.create_sheet("Sumber" if lang == "id" else "Sources"), analysis, lang)
    return book


def pockets_file(analysis, path: Path, lang: str = "id", **_: object):
    """What a pockets file holds: the table (machine headers) for a ``.csv``, the workbook for a ``.xlsx``.

    Raises
    ------
    InputError
        For another file type, or when pockets were not computed.
    """
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return pockets_table(analysis, lang)
    if suffix == ".xlsx":
        return pockets_book(analysis, lang)
    raise InputError(msg("pockets_out_suffix"), file=Path(path).name)
