"""Small counts in exports: suppressed or rounded at village level, and nothing beside them that gives them back.

A count of people or households (a *private* kind of :mod:`geo_planner.layers.kinds`:
*jiwa*, *KK*, *rumah tangga*, *unit*, *titik*, *KPM*, ...) below a threshold
(default 5) in one desa can point at a family. :func:`protect` applies, in this order:

1. **primary suppression**: such cells become empty (``mode="suppress"``, the
   default), or every count of the column becomes the nearest multiple of the
   threshold (``mode="round"``, base-5 rounding); ``mode="none"`` switches the
   protection off and the export says that too. A zero is kept by default: it
   tells that nobody is counted, which points at no one;
2. **secondary suppression** (suppress mode): a cell hidden alone among the
   units of one parent (the desa of one kecamatan) would come back as the
   parent's published total minus the cells shown, so the smallest other cell
   of that parent is hidden too;
3. **the row rule**: in every unit where a count was hidden (or, rounding, was
   1 to threshold - 1), every other figure of its row is emptied: rates,
   shares, scores, money and counts of things; only the counts of people that
   are shown and areas stay. ``round(rate * population / 100)`` or a score
   computed from the hidden count would otherwise give it back. The figures a
   file derives (priority scores, ranks, pocket totals) are then computed
   from what the file shows (:mod:`geo_planner.outputs.protected`).

Only the levels in ``levels`` are protected (default: desa; pass
``("kecamatan", "desa")`` to protect districts as well). At every level, the
sums of a point layer (``L_<column>_sum``) over fewer than ``threshold``
points are suppressed unless ``mode="none"``: a sum over one household *is*
that household's value (see :func:`point_sums`). Household-level rows never
reach an export (:func:`safe_unmatched`).

>>> import pandas as pd
>>> from geo_planner.layers.model import Indicator
>>> t = pd.DataFrame({"poor_households": [3.0, 12.0, 0.0, 40.0], "poverty_rate": [2.5, 9.0, 0.0, 7.0]},
...                  index=["64.72.01.2001", "64.72.01.2002", "64.72.01.2003", "64.72.01.2004"])
>>> meta = {"poor_households": Indicator("poor_households", "RTM", "Poor households", "rumah tangga", "need"),
...         "poverty_rate": Indicator("poverty_rate", "P0", "Poverty rate", "%", "need")}
>>> out, note = protect(t, meta, level="desa")
>>> out["poor_households"].tolist(), out["poverty_rate"].tolist()
([nan, 12.0, nan, 40.0], [nan, 9.0, nan, 7.0])
>>> note.split(". ")[0]
'Angka < 5 disembunyikan (sel kosong) di tingkat desa: jumlah 1-4 pada kolom cacah (poor_households)'

The 3 is hidden; the 0 is hidden with it, else the kecamatan's total minus
12 and 40 would give the 3 back; the rates of both are emptied, else
2.5 % of the desa's population would give it back too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from geo_planner.errors import InputError
from geo_planner.i18n import t
from geo_planner.i18n.messages import msg
from geo_planner.layers.kinds import indicator_kind, is_private, kind_of

__all__ = ["protect", "count_columns", "point_sums", "MODES", "DEFAULT_THRESHOLD", "DEFAULT_LEVELS",
           "safe_unmatched", "check_settings", "apply_rule", "affected_rows", "KEPT_KINDS"]

MODES = ("suppress", "round", "none")
DEFAULT_THRESHOLD = 5
DEFAULT_LEVELS = ("desa",)
KEPT_KINDS = frozenset({"area"})  # besides the counts of people shown: what the row rule keeps


def is_count(indicator_id: str, meta: object | None) -> bool:
    """True when an indicator counts people, households, houses or points: the private kinds of
    :mod:`geo_planner.layers.kinds`, the one vocabulary every module uses."""
    return is_private(indicator_id, meta)


def count_columns(indicators: Mapping[str, object], columns: Iterable[str]) -> list[str]:
    """The columns of ``columns`` that are private counts (:func:`is_count`), in column order."""
    return [c for c in columns if c in indicators and is_count(c, indicators[c])]


def check_settings(mode: str, threshold: object) -> int:
    """The threshold as an int; an :class:`InputError` for an unknown mode or a threshold that is not >= 1."""
    if mode not in MODES:
        raise InputError(msg("privacy_unknown_mode", mode=mode))
    try:
        value = int(threshold)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise InputError(msg("privacy_threshold_not_whole", value=threshold)) from None
    if value < 1 or value != float(threshold):  # type: ignore[arg-type]
        raise InputError(msg("privacy_threshold_below_1", value=threshold))
    return value


def _note(mode: str, threshold: int, level: str, columns: list[str], rows: bool, lang: str) -> str:
    values = {"t": threshold, "t1": threshold - 1, "level": level, "cols": ", ".join(columns)}
    text = t(f"gate_privacy_{mode}", lang, **values)
    if rows and mode != "none":
        rounded = t("gate_privacy_rows_rounded", lang, **values) if mode == "round" else ""
        text += " " + t("gate_privacy_rows", lang, rounded=rounded)
    return text


def _kind(column: str, meta: object | None) -> str:
    return indicator_kind(meta) if meta is not None else kind_of(column)


def affected_rows(before: pd.DataFrame, after: pd.DataFrame, columns: list[str], mode: str,
                  threshold: int) -> pd.Series:
    """Per row: True where one of the count ``columns`` was hidden (suppress) or was 1 to threshold - 1 (round)."""
    hit = pd.Series(False, index=before.index)
    for col in columns:
        x = pd.to_numeric(before[col], errors="coerce")
        if mode == "round":
            hit |= (x > 0) & (x < threshold)
        else:
            hit |= x.notna() & pd.to_numeric(after[col], errors="coerce").isna()
    return hit


def protect(table: pd.DataFrame, indicators: Mapping[str, object], *, level: str,
            threshold: int = DEFAULT_THRESHOLD, mode: str = "suppress",
            levels: Iterable[str] = DEFAULT_LEVELS, keep_zero: bool = True,
            lang: str = "id") -> tuple[pd.DataFrame, str]:
    """Suppress or round the small counts of a table of units, and empty what would give them back.

    Parameters
    ----------
    table : DataFrame
        One row per unit (indexed by code), one column per figure (other columns are kept).
    indicators : mapping
        Column -> :class:`~geo_planner.layers.model.Indicator` (or any object with ``id``,
        ``unit`` and ``kind``): the figures of the table. Their kind
        (:func:`geo_planner.layers.kinds.indicator_kind`) decides what is protected.
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
    threshold = check_settings(mode, threshold)
    levels = tuple(levels)
    out = table.copy()
    sums = point_sums(indicators, out.columns)
    columns = count_columns(indicators, out.columns) if level in levels else []
    notes = []
    if sums and mode != "none":
        for col, count in sums.items():  # before the counts change: the sum of 1-4 points is theirs
            n = pd.to_numeric(table[count], errors="coerce")
            out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64").mask((n > 0) & (n < threshold))
        notes.append(t("gate_point_sums", lang, t=threshold, cols=", ".join(sums)))
    rows = pd.Series(False, index=out.index)
    if mode != "none":
        parents = _parents(out.index)
        for col in columns:
            out[col] = apply_rule(out[col], mode, threshold, keep_zero)
            if mode == "suppress" and parents is not None:
                out[col] = _complement(pd.to_numeric(table[col], errors="coerce"), out[col], parents)
        rows = affected_rows(table, out, columns, mode, threshold)
        if rows.any():
            out = _row_rule(out, indicators, columns, rows)
    if columns:
        notes.insert(0, _note(mode, threshold, level, columns, bool(rows.any()), lang))
    return out, " ".join(notes)


def _row_rule(out: pd.DataFrame, indicators: Mapping[str, object], counts: list[str],
              rows: pd.Series) -> pd.DataFrame:
    """Empty, in ``rows``, every figure but the protected counts themselves and the kinds in :data:`KEPT_KINDS`."""
    for col in out.columns:
        if col in counts or col not in indicators or _kind(col, indicators[col]) in KEPT_KINDS:
            continue
        if pd.api.types.is_bool_dtype(out[col]):
            continue
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64").mask(rows.to_numpy())
    return out


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


def apply_rule(values: pd.Series, mode: str, threshold: int, keep_zero: bool = True) -> pd.Series:
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
