"""Small counts in exports: suppressed or rounded at village level, and said so.

A count of people or households (an indicator whose unit is *jiwa*, *KK*,
*rumah tangga*, *unit*, *titik*, *KPM*, ...) below a threshold (default 5)
in one desa can point at a family. Before an export, :func:`protect` blanks
such cells (``mode="suppress"``, the default) or rounds every count of the
column to the nearest multiple of the threshold (``mode="round"``, base-5
rounding; a column's sums then no longer add up exactly). Rates (``%``),
areas (``ha``) and scores are left as they are. ``mode="none"`` switches
the protection off and the export says that too. When suppressing, a cell
hidden alone among the units of one parent (the desa of one kecamatan) would
come back as the parent's published total minus the cells shown, so the
smallest other cell of that parent is hidden too (secondary suppression).

Only the levels in ``levels`` are protected (default: desa; pass
``("kecamatan", "desa")`` to protect districts as well). A zero is kept by
default: it tells that nobody is counted, which points at no one. At every
level, the sums of a point layer (``L_<column>_sum``) over fewer than
``threshold`` points are suppressed unless ``mode="none"``: a sum over one
household *is* that household's value (see :func:`point_sums`).

Household-level inputs never reach an export: exports are written from an
:class:`~geo_planner.pipeline.Analysis` (figures aggregated per unit), and
:func:`protect_analysis` also strips the rows of a point layer that matched
no unit (each is one household or facility, with its coordinates) down to
their row number and reason.

>>> import pandas as pd
>>> from geo_planner.layers.model import Indicator
>>> t = pd.DataFrame({"poor_households": [3.0, 12.0, 0.0, 40.0], "poverty_rate": [2.5, 9.0, 0.0, 7.0]},
...                  index=["64.72.01.2001", "64.72.01.2002", "64.72.01.2003", "64.72.01.2004"])
>>> meta = {"poor_households": Indicator("poor_households", "RTM", "Poor households", "rumah tangga", "need"),
...         "poverty_rate": Indicator("poverty_rate", "P0", "Poverty rate", "%", "need")}
>>> out, note = protect(t, meta, level="desa")
>>> out["poor_households"].tolist(), out["poverty_rate"].tolist()
([nan, 12.0, nan, 40.0], [2.5, 9.0, 0.0, 7.0])
>>> note.split(". ")[0]
'Angka < 5 disembunyikan (sel kosong) di tingkat desa: jumlah 1-4 pada kolom cacah (poor_households); persentase tidak diubah'

The 3 is hidden; the 0 is hidden with it, else the kecamatan's total minus
12 and 40 would give the 3 back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

import numpy as np
import pandas as pd

from geo_planner.errors import InputError
from geo_planner.layers.kinds import is_private

__all__ = ["protect", "protect_analysis", "count_columns", "point_sums", "MODES", "DEFAULT_THRESHOLD",
           "DEFAULT_LEVELS", "safe_unmatched"]

MODES = ("suppress", "round", "none")
DEFAULT_THRESHOLD = 5
DEFAULT_LEVELS = ("desa",)
def is_count(indicator_id: str, meta: object | None) -> bool:
    """True when an indicator counts people, households, houses or points: the private kinds of
    :mod:`geo_planner.layers.kinds`, the one vocabulary every module uses."""
    return is_private(indicator_id, meta)


def count_columns(indicators: Mapping[str, object], columns: Iterable[str]) -> list[str]:
    """The columns of ``columns`` that are private counts (:func:`is_count`), in column order."""
    return [c for c in columns if c in indicators and is_count(c, indicators[c])]


def _check(mode: str, threshold: object) -> int:
    if mode not in MODES:
        raise InputError(f"unknown privacy mode '{mode}'; choose suppress, round or none")
    try:
        value = int(threshold)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise InputError(f"the privacy threshold must be a whole number, not '{threshold}'") from None
    if value < 1 or value != float(threshold):  # type: ignore[arg-type]
        raise InputError(f"the privacy threshold must be a whole number of at least 1, not '{threshold}'")
    return value


def _note(mode: str, threshold: int, level: str, columns: list[str], lang: str) -> str:
    cols = ", ".join(columns)
    if mode == "none":
        return (f"Perlindungan angka kecil dimatikan (mode none): angka cacah < {threshold} di tingkat {level} "
                "ditampilkan apa adanya." if lang != "en" else
                f"Small-count protection switched off (mode none): counts below {threshold} at {level} level "
                "are shown as they are.")
    if mode == "suppress":
        return (f"Angka < {threshold} disembunyikan (sel kosong) di tingkat {level}: jumlah 1-{threshold - 1} "
                f"pada kolom cacah ({cols}); persentase tidak diubah. Bila di satu wilayah induk hanya satu sel "
                "yang disembunyikan, sel terkecil lainnya ikut disembunyikan agar tidak bisa dihitung dari total "
                "wilayah induk." if lang != "en" else
                f"Counts < {threshold} suppressed (empty cells) at {level} level: values 1-{threshold - 1} in "
                f"the count columns ({cols}); rates are unchanged. Where only one cell of a parent unit is "
                "hidden, its smallest other cell is hidden too, so the hidden one cannot be worked out from the "
                "parent's total.")
    return (f"Angka cacah di tingkat {level} dibulatkan ke kelipatan {threshold} ({cols}); jumlahnya tidak "
            "lagi pas persis; persentase tidak diubah." if lang != "en" else
            f"Counts at {level} level rounded to a multiple of {threshold} ({cols}); their sums no longer "
            "add up exactly; rates are unchanged.")


def protect(table: pd.DataFrame, indicators: Mapping[str, object], *, level: str,
            threshold: int = DEFAULT_THRESHOLD, mode: str = "suppress",
            levels: Iterable[str] = DEFAULT_LEVELS, keep_zero: bool = True,
            lang: str = "id") -> tuple[pd.DataFrame, str]:
    """Suppress or round small counts of a table of units.

    Parameters
    ----------
    table : DataFrame
        One row per unit, one column per indicator id (other columns are kept).
    indicators : mapping
        Indicator id -> :class:`~geo_planner.layers.model.Indicator` (for the unit).
    level : str
        Level of the rows (``desa``, ``kecamatan``, ...).
    threshold : int
        Counts below it are protected (default 5).
    mode : {"suppress", "round", "none"}
        ``suppress``: cells with 1 to ``threshold - 1`` become empty;
        ``round``: every count of a count column becomes the nearest multiple
        of ``threshold``; ``none``: nothing changes (the note says so).
    levels : iterable of str
        Levels protected (default desa only).
    keep_zero : bool
        Keep zeros when suppressing (default True).
    lang : {"id", "en"}
        Language of the note.

    Returns
    -------
    (DataFrame, str)
        A copy of ``table`` and the note for the export's provenance (empty
        when the level is not protected or there is no count column).

    Raises
    ------
    InputError
        For an unknown mode or a threshold that is not a whole number >= 1.
    """
    threshold = _check(mode, threshold)
    levels = tuple(levels)
    out = table.copy()
    sums = point_sums(indicators, out.columns)
    columns = count_columns(indicators, out.columns) if level in levels else []
    notes = []
    if columns:
        notes.append(_note(mode, threshold, level, columns, lang))
    if sums and mode != "none":
        for col, count in sums.items():  # before the counts change: the sum of 1-4 points is theirs
            n = pd.to_numeric(table[count], errors="coerce")
            out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64").mask((n > 0) & (n < threshold))
        notes.append(f"Jumlahan kolom titik dari kurang dari {threshold} titik disembunyikan di semua tingkat "
                     f"({', '.join(sums)})." if lang != "en" else
                     f"Sums over fewer than {threshold} points are suppressed at every level ({', '.join(sums)}).")
    if mode != "none":
        parents = _parents(out.index)
        for col in columns:
            out[col] = _apply(out[col], mode, threshold, keep_zero)
            if mode == "suppress" and parents is not None:
                out[col] = _complement(pd.to_numeric(table[col], errors="coerce"), out[col], parents)
    return out, " ".join(notes)


def _parents(index: pd.Index) -> pd.Series | None:
    """Code -> the code of the unit it lies in (``64.72.01.2001`` -> ``64.72.01``); None without dotted codes."""
    codes = pd.Series(index.astype(str), index=index)
    if not len(codes) or not codes.str.contains(".", regex=False).all():
        return None
    return codes.str.rsplit(".", n=1).str[0]


def _complement(before: pd.Series, after: pd.Series, parents: pd.Series) -> pd.Series:
    """Secondary suppression: where one cell alone is hidden among the units of a parent, hide one more.

    The parent's total (published at the level above) minus the cells shown
    would give the hidden one back. The smallest shown value of the same
    parent (a zero too; ties: the first by code) is hidden as well, so two
    unknowns share what the total leaves.
    """
    hidden = after.isna() & before.notna()
    per_parent = hidden.groupby(parents).transform("sum")
    shown = after.notna() & ~hidden & (per_parent == 1)
    if not shown.any():
        return after
    cand = after[shown].sort_index(kind="stable")
    pick = cand.groupby(parents[cand.index]).idxmin()
    out = after.copy()
    out.loc[pick.to_numpy()] = np.nan
    return out


def point_sums(indicators: Mapping[str, object], columns: Iterable[str]) -> dict[str, str]:
    """Sum columns of point layers (``L_<col>_sum``) -> their count column (``L_count``, unit *titik*).

    A sum over one to ``threshold - 1`` points gives away the points' own
    values (a sum over one household *is* that household's figure).
    """
    columns = [str(c) for c in columns]
    counts = [c[: -len("_count")] for c in columns if c.endswith("_count") and c in indicators
              and str(getattr(indicators[c], "unit", "") or "").strip().lower() == "titik"]
    out = {}
    for c in columns:
        if c.endswith("_sum") and c in indicators:
            prefix = max((p for p in counts if c.startswith(p + "_")), key=len, default=None)
            if prefix is not None:
                out[c] = f"{prefix}_count"
    return out


def _apply(values: pd.Series, mode: str, threshold: int, keep_zero: bool = True) -> pd.Series:
    """The rule of ``mode`` on a series of counts (float64 out)."""
    x = pd.to_numeric(values, errors="coerce").astype("float64")
    if mode == "suppress":
        return x.mask((x < threshold) & ((x > 0) if keep_zero else (x >= 0)))
    if mode == "round":
        return np.floor(x / threshold + 0.5) * threshold
    return x


def safe_unmatched(unmatched: pd.DataFrame) -> pd.DataFrame:
    """Unmatched input rows without household-level detail.

    Rows of a point layer (a table or GIS file with coordinates: one row per
    household or facility) keep only ``layer``, ``file``, ``row`` and
    ``reason``; rows of tables of figures (one row per unit) are kept whole.
    """
    from geo_planner.analysis.spatial import LAT_NAMES, LON_NAMES

    if unmatched is None or unmatched.empty:
        return unmatched
    keep = [c for c in ("layer", "file", "row", "reason") if c in unmatched.columns]
    coords = [c for c in unmatched.columns if str(c).strip().lower() in (*LAT_NAMES, *LON_NAMES)
              or str(c).strip().lower() in ("geometry", "wkt", "geom")]
    if not coords:
        return unmatched
    out = unmatched.copy()
    point_rows = out[coords].notna().any(axis=1)
    if "layer" in out.columns:  # every row of a layer that has any point row
        point_rows = out["layer"].isin(set(out.loc[point_rows, "layer"]))
    detail = [c for c in out.columns if c not in keep]
    out = out.astype({c: object for c in detail})
    out.loc[point_rows.to_numpy(), detail] = None
    return out[[c for c in out.columns if c in keep or out[c].notna().any()]]


def protect_analysis(analysis, *, mode: str = "suppress", threshold: int = DEFAULT_THRESHOLD,
                     levels: Iterable[str] = DEFAULT_LEVELS, lang: str = "id"):
    """A copy of an analysis ready for export: small counts protected, point rows stripped.

    The copy's ``provenance["privacy"]`` says what was done: ``mode``,
    ``threshold``, ``levels``, ``columns``, ``cells`` changed and the note in
    Indonesian and English (``note_id``, ``note_en``). Scores and ranks are
    those computed from the exact figures. An analysis already protected is
    returned as it is.
    """
    threshold = _check(mode, threshold)
    if "privacy" in analysis.provenance:
        return analysis
    levels = tuple(levels)
    units, note_id = protect(analysis.units, analysis.indicators, level=analysis.level, threshold=threshold,
                             mode=mode, levels=levels, lang="id")
    _, note_en = protect(analysis.units.iloc[:0], analysis.indicators, level=analysis.level,
                         threshold=threshold, mode=mode, levels=levels, lang="en")
    columns = count_columns(analysis.indicators, analysis.units.columns) if analysis.level in levels else []
    sums = point_sums(analysis.indicators, analysis.units.columns) if mode != "none" else {}
    columns = [*columns, *(c for c in sums if c not in columns)]
    cells = 0
    for col in columns:
        before, after = analysis.units[col], units[col]
        cells += int(((before != after) & ~(before.isna() & after.isna())).sum())
    figures, all_figures, pockets = analysis.figures, analysis.all_figures, analysis.pockets
    if columns and mode != "none":
        counts = [c for c in columns if c not in sums]
        figures = _protect_figures(analysis.figures, analysis.units, units, counts, list(sums), mode, threshold)
        all_figures = _protect_figures(analysis.all_figures, analysis.units, units, counts, list(sums), mode,
                                       threshold)
        if pockets is not None:  # a pocket of one desa holds that desa's counts
            pockets = pockets.copy()
            for col in ("population", "poor"):
                if col in pockets.columns:
                    pockets[col] = _apply(pockets[col], mode, threshold)
    provenance = {**analysis.provenance, "privacy": {
        "mode": mode, "threshold": threshold, "levels": list(levels), "applied": bool(columns),
        "columns": columns, "point_sums": list(sums), "cells": cells, "note_id": note_id, "note_en": note_en,
        "household_rows": "never exported: only figures aggregated per unit",
    }}
    return replace(analysis, units=units, figures=figures, all_figures=all_figures, pockets=pockets,
                   unmatched=safe_unmatched(analysis.unmatched), provenance=provenance)


def _protect_figures(figures: pd.DataFrame, before: pd.DataFrame, units: pd.DataFrame, counts: list[str],
                     sums: list[str], mode: str, threshold: int) -> pd.DataFrame:
    """Long figures under the same rules: counts by value (alternatives too), point sums as their unit's.

    A count hidden by secondary suppression (shown in ``before``, hidden in
    ``units``) is hidden in every row of its unit and indicator.
    """
    if figures is None or figures.empty or "value" not in figures.columns:
        return figures
    out = figures.copy()
    out["value"] = out["value"].astype("float64")
    hit = out["indicator"].isin(counts)
    if hit.any():
        out.loc[hit, "value"] = _apply(out.loc[hit, "value"], mode, threshold)
        mine = hit & out["code"].isin(units.index)  # cells hidden with their unit's (secondary suppression)
        if mode == "suppress" and mine.any():
            at = (units.index.get_indexer(out.loc[mine, "code"]),
                  pd.Index(counts).get_indexer(out.loc[mine, "indicator"]))
            hidden = (np.isnan(units[counts].to_numpy(dtype="float64")[at])
                      & ~np.isnan(before[counts].to_numpy(dtype="float64")[at]))
            out.loc[out.index[mine][hidden], "value"] = np.nan
    hit = out["indicator"].isin(sums) & out["code"].isin(units.index)
    if hit.any():
        wide = units[sums]
        rows = wide.index.get_indexer(out.loc[hit, "code"])
        cols = wide.columns.get_indexer(out.loc[hit, "indicator"])
        out.loc[hit, "value"] = wide.to_numpy(dtype="float64")[rows, cols]
    return out
