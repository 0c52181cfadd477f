"""Which IDM indicators drive a village's need: the composite index split over its 50 indicators.

IDM is built from indicator scores 0-5: IKS = sum(IKS01..IKS35) / 175, IKE =
sum(IKE01..IKE12) / 60, IKL = sum(IKL01..IKL03) / 15 and IDM = (IKS + IKE +
IKL) / 3. Since 5 x 35 = 175, 5 x 12 = 60 and 5 x 3 = 15, what a desa lacks
of a perfect score splits exactly over its indicators::

    1 - IDM = sum over indicators j of (5 - s_j) / (3 * div_j)

(``div_j`` = 175, 60 or 15 by the indicator's dimension; for IKS alone
``1 - IKS = sum (5 - s_j) / 175``). So when a unit's need comes from IDM (or
IKS, IKE, IKL), the part of its priority score that the composite makes is
shared among the indicators in proportion to their shortfall
``(5 - s_j) / (3 * div_j)``; each indicator's responsible agency
(``layers/sectors.csv``) then takes its share, and the office with the largest
share leads (:mod:`geo_planner.planning.sectors`). The score itself is
unchanged. For a kecamatan the scores are the means over its desa, and the
same identity holds for the mean.

A unit without indicator scores (or with every score 5) keeps the composite
as it is.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from geo_planner.layers.idm_catalogue import DIMENSIONS

__all__ = ["COMPOSITE_PARTS", "indicator_columns", "shortfalls", "split_composites"]

COMPOSITE_PARTS = {"idm_2024": ("IKS", "IKE", "IKL"), "iks_2024": ("IKS",), "ike_2024": ("IKE",),
                   "ikl_2024": ("IKL",)}
_INDICATOR = re.compile(r"^(iks|ike|ikl)\d\d_")


def indicator_columns(columns) -> list[str]:
    """The IDM indicator ids among ``columns`` (``iks01_akses_sarkes`` ... ``ikl03_tanggap_bencana``)."""
    return [str(c) for c in columns if _INDICATOR.match(str(c))]


def shortfalls(values: pd.DataFrame, composite: str) -> pd.DataFrame:
    """Per unit and indicator: ``(5 - score) / (n_dims * div)``, what the indicator takes off ``composite``.

    Rows sum to ``1 - composite`` (computed from the scores) for every unit with all its scores.

    Examples
    --------
    >>> v = pd.DataFrame({"ikl01_kualitas_lingkungan": [5.0], "ikl02_rawan_bencana": [4.0],
    ...                   "ikl03_tanggap_bencana": [0.0]})
    >>> shortfalls(v, "ikl_2024").round(4).iloc[0].tolist()
    [0.0, 0.0667, 0.3333]
    """
    dims = COMPOSITE_PARTS[composite]
    cols = [c for c in indicator_columns(values.columns) if c[:3].upper() in dims]
    div = np.array([DIMENSIONS[c[:3].upper()][2] for c in cols], dtype="float64") * len(dims)
    return (5.0 - values[cols].astype("float64")).div(div, axis=1)


def split_composites(long: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    """Replace each composite's rows of a contributions table by rows of the indicators behind it.

    Parameters
    ----------
    long : DataFrame
        ``unit``, ``indicator``, ``need``, ``weight``, ``contribution``, ``share``
        (as :func:`geo_planner.planning.sectors.contributions` builds them).
    values : DataFrame
        Per unit (index = ``unit``) the indicator scores 0-5.

    Returns
    -------
    DataFrame
        The same columns. A composite row of a unit with scores becomes one row
        per indicator short of 5: ``need`` is that indicator's own shortfall on
        0-100 (``(5 - score) * 20``), ``weight``, ``contribution`` and ``share``
        are the composite's, times the indicator's part of the shortfall.
        Rows of one unit and indicator are then added up (in the order: rows
        left as they are, composite rows of units without scores, then the
        split rows composite by composite); one row per unit and indicator, in
        order of first appearance. ``long`` itself when there is nothing to split.
    """
    unit_codes, unit_keys = pd.factorize(long["unit"])
    ind_codes, ind_index = pd.factorize(long["indicator"])
    ind_keys = list(ind_index)
    cols = {c: long[c].to_numpy(dtype="float64") for c in ("need", "weight", "contribution", "share")}
    split = split_rows(unit_codes, pd.Index(unit_keys), ind_codes, ind_keys, cols, values)
    if split is None:
        return long
    rows, units, inds, out = split
    frame = pd.DataFrame({"unit": long["unit"].take(rows).reset_index(drop=True),
                          "indicator": pd.Series(np.asarray(ind_keys, dtype=object)[inds],
                                                 dtype=long["indicator"].dtype)})
    for c in ("need", "weight", "contribution", "share"):
        frame[c] = out[c]
    return frame[list(long.columns)]


def split_rows(unit_codes: np.ndarray, unit_keys: pd.Index, ind_codes: np.ndarray, ind_keys: list, cols: dict,
               values: pd.DataFrame):
    """:func:`split_composites` on arrays: rows by codes into ``unit_keys`` / ``ind_keys``.

    Returns None when nothing is split, else ``(first, units, inds, out)``: per output row the input row
    whose unit it has (its position), its unit and indicator codes and ``out`` (need, weight, contribution
    and share arrays). ``ind_keys`` may grow (the indicators behind a composite).
    """
    composite = np.array([k in COMPOSITE_PARTS for k in ind_keys], dtype=bool)
    known = np.ones(unit_keys.size, dtype=bool) if unit_keys.equals(values.index) else unit_keys.isin(values.index)
    todo = composite[ind_codes] & known[unit_codes] if len(ind_codes) else np.zeros(0, dtype=bool)
    todo &= (ind_codes >= 0) & (unit_codes >= 0)
    if not todo.any() or not indicator_columns(values.columns):
        return None
    pos_of = {k: i for i, k in enumerate(ind_keys)}
    # the order of the added-up rows: rows kept, composite rows not split (composite by composite), split rows
    order_kept, order_split = [np.flatnonzero(~todo)], []
    split_unit, split_ind, split_vals = [], [], []
    todo_rows = np.flatnonzero(todo)
    comps = pd.unique(ind_codes[todo_rows])  # in order of first appearance, as groupby(sort=False)
    sub = sub_codes = None
    for comp in comps:
        rows = todo_rows[ind_codes[todo_rows] == comp]
        ucodes = pd.unique(unit_codes[rows])
        if sub is None or not np.array_equal(ucodes, sub_codes):  # most often the same units: reindex once
            sub, sub_codes = values.reindex(unit_keys[ucodes]), ucodes
            every = indicator_columns(sub.columns)
            all_scores, score_at = sub[every].astype("float64").to_numpy(), {c: i for i, c in enumerate(every)}
        gaps = shortfalls(sub, ind_keys[comp])
        total = gaps.sum(axis=1, min_count=1).to_numpy(dtype="float64")
        where = np.empty(unit_keys.size, dtype=np.intp)
        where[ucodes] = np.arange(ucodes.size)
        at = where[unit_codes[rows]]
        ok = total[at] > 0  # NaN (no scores) is not
        order_kept.append(rows[~ok])
        with np.errstate(invalid="ignore", divide="ignore"):
            frac = gaps.to_numpy(dtype="float64") / total[:, None]
        frac[~(frac > 0)] = np.nan
        scores = all_scores[:, [score_at[c] for c in gaps.columns]]
        ok_rows, ok_at = rows[ok], at[ok]
        r, j = np.nonzero(~np.isnan(frac[ok_at]))  # per row its indicators, in column order (the merge's order)
        src, f = ok_rows[r], frac[ok_at[r], j]
        for c in gaps.columns:
            if c not in pos_of:
                pos_of[c] = len(ind_keys)
                ind_keys.append(c)
        col_codes = np.array([pos_of[c] for c in gaps.columns], dtype=np.intp)
        split_unit.append(unit_codes[src])
        split_ind.append(col_codes[j])
        split_vals.append({"need": (5.0 - scores[ok_at[r], j]) * 20, "weight": cols["weight"][src] * f,
                           "contribution": cols["contribution"][src] * f, "share": cols["share"][src] * f})
        order_split.append(src)
    kept = np.concatenate(order_kept)
    units = np.concatenate([unit_codes[kept], *split_unit]).astype(np.int64)
    inds = np.concatenate([ind_codes[kept], *split_ind]).astype(np.int64)
    src = np.concatenate([kept, *order_split])
    stacked = {c: np.concatenate([cols[c][kept], *(v[c] for v in split_vals)])
               for c in ("need", "weight", "contribution", "share")}
    key = (units * len(ind_keys) + inds).astype("float64")
    key[(units < 0) | (inds < 0)] = np.nan  # a row without unit or indicator is left out, as by groupby
    groups = pd.factorize(key)[0]  # first appearance, as groupby(sort=False); -1: no key
    by = np.where(groups >= 0, groups, np.nan)
    # one block per column, as in the frame this replaces: pandas picks its summation per block by
    # whether it holds a NaN
    frame = pd.concat([pd.Series(stacked[c], name=c) for c in ("need", "weight", "contribution", "share")],
                      axis=1)
    grouped = frame.groupby(by, sort=False)
    sums = grouped[["weight", "contribution", "share"]].sum(min_count=1)
    out = {"need": grouped["need"].first().to_numpy(), **{c: sums[c].to_numpy() for c in sums.columns}}
    first = np.full(out["need"].size, -1, dtype=np.intp)
    valid = np.flatnonzero(groups >= 0)[::-1]
    first[groups[valid]] = valid  # each group's first row
    return src[first], units[first], inds[first], out
