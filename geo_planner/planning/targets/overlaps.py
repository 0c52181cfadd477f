"""Overlapping targets, and what remains of a backlog after the planned targets.

Two records overlap when they aim at the same unit, intervention and year: two
agencies planning the same houses, or one record entered twice. They are
flagged, and counted once: the **largest** quantity of the group stands for the
group (the records are taken to describe the same houses or families, as
nothing says they do not). Agencies that really split the work should record it
on separate units (e.g. villages) to have it added up.

Across levels the same rule holds: a regency-level record and village-level
records inside that regency, for the same intervention and year, count as
``max(regency record, sum of the village records)`` and are flagged.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import numpy as np
import pandas as pd

from geo_planner.errors import InputError
from geo_planner.i18n.messages import msg
from geo_planner.planning.targets.registry import INTERVENTIONS, STATUSES

__all__ = ["GROUP", "mark_overlaps", "overlaps", "effective_quantity", "remaining"]

#: Records with the same values here overlap.
GROUP = ["unit_code", "intervention", "year"]


def _active(frame: pd.DataFrame, statuses: Collection[str]) -> pd.Series:
    return frame["status"].isin(list(statuses))


def mark_overlaps(frame: pd.DataFrame, *, statuses: Collection[str] = STATUSES) -> pd.DataFrame:
    """The records with three columns added: ``overlap``, ``overlap_with`` and ``overlap_kind``.

    Parameters
    ----------
    frame : pandas.DataFrame
        Records as :meth:`Register.list` returns them.
    statuses : collection of str, optional
        Statuses that count (default all: every stored record is active;
        deleted ones are no longer in the register).

    Returns
    -------
    pandas.DataFrame
        A copy: ``overlap`` (bool), ``overlap_with`` (ids of the other records
        of the group, e.g. ``"5, 7"``), ``overlap_kind`` (``"agencies"`` when two
        or more agencies, ``"duplicate"`` when one agency twice, else ``""``).
    """
    out = frame.copy()
    out["overlap"], out["overlap_with"], out["overlap_kind"] = False, "", ""
    active = out[_active(out, statuses)]
    shared = active[active.duplicated(GROUP, keep=False)]
    for _, group in shared.groupby(GROUP, sort=False):
        agencies = group["agency"].str.casefold().str.strip().nunique()
        for idx in group.index:
            others = [str(i) for i in group["id"] if i != out.at[idx, "id"]]
            out.at[idx, "overlap"] = True
            out.at[idx, "overlap_with"] = ", ".join(others)
            out.at[idx, "overlap_kind"] = "agencies" if agencies > 1 else "duplicate"
    return out


def overlaps(frame: pd.DataFrame, *, statuses: Collection[str] = STATUSES) -> pd.DataFrame:
    """The records that overlap another one, grouped, with the quantity counted for their group.

    Returns
    -------
    pandas.DataFrame
        The overlapping records with the columns of :func:`mark_overlaps` and
        ``counted_quantity`` (the group's largest quantity), ordered by unit,
        intervention, year and id; empty when nothing overlaps.

    Examples
    --------
    >>> df = pd.DataFrame({"id": [1, 2, 3], "unit_code": ["64.02"] * 3, "agency": ["Dinsos", "PUPR", "PUPR"],
    ...                    "intervention": ["rtlh_rehab"] * 3, "year": [2026, 2026, 2027],
    ...                    "quantity": [50.0, 80.0, 10.0], "status": ["planned"] * 3})
    >>> overlaps(df)[["id", "overlap_kind", "counted_quantity"]].values.tolist()
    [[1, 'agencies', 80.0], [2, 'agencies', 80.0]]
    """
    marked = mark_overlaps(frame, statuses=statuses)
    out = marked[marked["overlap"]].copy()
    out["counted_quantity"] = out.groupby(GROUP)["quantity"].transform("max") if len(out) else pd.Series(
        dtype="float64")
    return out.sort_values([*GROUP, "id"]).reset_index(drop=True)


def effective_quantity(frame: pd.DataFrame, *, statuses: Collection[str] = STATUSES) -> pd.DataFrame:
    """Quantity per unit, intervention and year, counting overlapping records once.

    Returns
    -------
    pandas.DataFrame
        Columns ``unit_code``, ``intervention``, ``year``, ``quantity`` (the
        largest of the group), ``records``, ``agencies`` (joined with "; ")
        and ``overlap`` (more than one record).
    """
    active = frame[_active(frame, statuses)]
    columns = [*GROUP, "quantity", "records", "agencies", "overlap"]
    if active.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
            columns, ["str", "str", "int64", "float64", "int64", "str", "bool"], strict=True)})
    grouped = active.groupby(GROUP, sort=True)
    out = grouped.agg(quantity=("quantity", "max"), records=("id", "size"),
                      agencies=("agency", lambda s: "; ".join(sorted(set(s))))).reset_index()
    out["overlap"] = out["records"] > 1
    return out[columns]


def _planned_at(values_codes: pd.Index, eff: pd.DataFrame) -> pd.DataFrame:
    """Per (values unit, intervention, year): max(own records, sum of records inside), and the overlap flag."""
    depth = eff["unit_code"].str.count(r"\.")
    pieces = []
    for d in sorted(set(values_codes.str.count(r"\."))):
        level_codes = values_codes[values_codes.str.count(r"\.") == d]
        own = eff[(depth == d) & eff["unit_code"].isin(level_codes)]
        inner = eff[depth > d].copy()
        inner["unit_code"] = inner["unit_code"].str.split(".").str[: d + 1].str.join(".")
        inner = inner[inner["unit_code"].isin(level_codes)]
        inner = inner.groupby(GROUP).agg(inner_q=("quantity", "sum"), inner_o=("overlap", "any")).reset_index()
        both = own.rename(columns={"quantity": "own_q", "overlap": "own_o"})[[*GROUP, "own_q", "own_o"]].merge(
            inner, on=GROUP, how="outer")
        own_q, inner_q = both["own_q"].fillna(0.0), both["inner_q"].fillna(0.0)
        both["planned"] = np.maximum(own_q, inner_q)
        both["overlap"] = (both["own_o"].fillna(False).astype(bool) | both["inner_o"].fillna(False).astype(bool)
                           | ((own_q > 0) & (inner_q > 0)))
        pieces.append(both[[*GROUP, "planned", "overlap"]])
    return pd.concat(pieces, ignore_index=True)


def remaining(values: pd.DataFrame, register_df: pd.DataFrame, *, year: int | Iterable[int] | None = None,
              statuses: Collection[str] = STATUSES) -> pd.DataFrame:
    """What remains of each backlog after the targets, per unit (a map layer).

    For every indicator in ``values`` that an intervention reduces
    (:data:`INTERVENTIONS`, e.g. ``rtlh_units`` by ``rtlh_rehab``):
    ``remaining_<indicator> = indicator - planned``, not below 0, with
    overlapping records counted once (see the module notes). Records of a level
    above the units (e.g. a province-wide target on regency units) cannot be
    placed and are not counted.

    Parameters
    ----------
    values : pandas.DataFrame
        Indicator figures indexed by Kemendagri code (e.g. ``analysis.units``),
        or with a ``code`` column.
    register_df : pandas.DataFrame
        Records as :meth:`Register.list` returns them.
    year : int or iterable of int, optional
        Years of targets to count (all by default), e.g. ``range(2025, 2027)``
        for a plan period; years add up.
    statuses : collection of str, optional
        Statuses that count (default all four).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``values``; per indicator ``<indicator>``,
        ``planned_<indicator>``, ``remaining_<indicator>`` and
        ``overlap_<indicator>``; and ``overlap`` (any of them).

    Raises
    ------
    InputError
        If ``values`` holds none of the indicators the interventions reduce.

    Examples
    --------
    >>> values = pd.DataFrame({"rtlh_units": [300.0]}, index=["64.02"])
    >>> reg = pd.DataFrame({"id": [1, 2], "unit_code": ["64.02", "64.02"], "agency": ["Dinsos", "PUPR"],
    ...                     "intervention": ["rtlh_rehab"] * 2, "year": [2026, 2026],
    ...                     "quantity": [50.0, 80.0], "status": ["planned", "funded"]})
    >>> out = remaining(values, reg)
    >>> float(out.at["64.02", "planned_rtlh_units"]), float(out.at["64.02", "remaining_rtlh_units"])
    (80.0, 220.0)
    >>> bool(out.at["64.02", "overlap"])
    True
    """
    if "code" in values.columns:
        values = values.set_index("code")
    indicators = sorted({iv.reduces for iv in INTERVENTIONS.values() if iv.reduces and iv.reduces in values.columns})
    if not indicators:
        wanted = ", ".join(sorted({iv.reduces for iv in INTERVENTIONS.values() if iv.reduces}))
        raise InputError(msg("overlaps_no_indicator", wanted=wanted))
    frame = register_df
    if year is not None:
        years = [int(year)] if isinstance(year, (int, np.integer)) else [int(y) for y in year]
        frame = frame[frame["year"].isin(years)]
    codes = pd.Index(values.index.astype(str))
    eff = effective_quantity(frame, statuses=statuses)
    planned = _planned_at(codes, eff) if len(eff) else pd.DataFrame(columns=[*GROUP, "planned", "overlap"])
    planned["reduces"] = planned["intervention"].map(lambda k: INTERVENTIONS[k].reduces if k in INTERVENTIONS
                                                    else None)
    out = pd.DataFrame(index=values.index)
    any_overlap = pd.Series(False, index=values.index)
    for ind in indicators:
        rows = planned[planned["reduces"] == ind]
        per_unit = rows.groupby("unit_code").agg(planned=("planned", "sum"), overlap=("overlap", "any"))
        amount = per_unit["planned"].reindex(codes).fillna(0.0).to_numpy()
        flag = per_unit["overlap"].reindex(codes).fillna(False).astype(bool).to_numpy()
        base = pd.to_numeric(values[ind], errors="coerce").to_numpy(dtype="float64")
        out[ind] = base
        out[f"planned_{ind}"] = amount
        diff = np.asarray(base, dtype="float64") - np.asarray(amount, dtype="float64")
        out[f"remaining_{ind}"] = np.where(np.isnan(diff), np.nan, np.fmax(diff, 0.0))  # no backlog figure: unknown
        out[f"overlap_{ind}"] = flag
        any_overlap |= flag
    out["overlap"] = any_overlap.to_numpy()
    return out
