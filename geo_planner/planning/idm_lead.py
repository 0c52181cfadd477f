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
        Rows of one unit and indicator are then added up.
    """
    todo = long["indicator"].isin(COMPOSITE_PARTS) & long["unit"].isin(values.index)
    if not todo.any() or not indicator_columns(values.columns):
        return long
    parts, kept = [], [long[~todo]]
    for composite, rows in long[todo].groupby("indicator", sort=False):
        gaps = shortfalls(values.reindex(rows["unit"].unique()), composite)
        total = gaps.sum(axis=1, min_count=1)
        ok = rows["unit"].map(total).fillna(0) > 0
        kept.append(rows[~ok])
        frac = gaps.div(total, axis=0).where(lambda f: f > 0)
        stacked = frac.rename_axis("unit").reset_index().melt(id_vars="unit", var_name="indicator",
                                                              value_name="frac").dropna(subset=["frac"])
        base = rows[ok].drop(columns="indicator").merge(stacked, on="unit")
        scores = values[list(gaps.columns)].astype("float64")
        at = (scores.index.get_indexer(base["unit"]), scores.columns.get_indexer(base["indicator"]))
        base["need"] = (5.0 - scores.to_numpy()[at]) * 20
        for col in ("weight", "contribution", "share"):
            base[col] = base[col] * base["frac"]
        parts.append(base.drop(columns="frac"))
    out = pd.concat([*kept, *parts], ignore_index=True)[list(long.columns)]
    sums = out.groupby(["unit", "indicator"], sort=False)[["weight", "contribution", "share"]].sum(min_count=1)
    need = out.groupby(["unit", "indicator"], sort=False)["need"].first()
    return sums.join(need).reset_index()[list(long.columns)]
