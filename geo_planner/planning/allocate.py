"""Share a programme budget across units: equal quota, proportional to a need count, optimised.

A programme funds *packages* (families for UEP at Rp 5,000,000 each, groups
for KUBE) at ``unit_cost`` each, within ``budget``, with per-unit bounds
``min_units`` and ``max_units``. Three ways to share it, compared side by side
by :func:`compare`:

``equal``
    The same number per unit (as in "50 KUBE per kab/kota"): the largest
    ``e`` with ``sum(clip(e, min, max)) * unit_cost <= budget``; the rest of
    the budget is reported as left over. It covers every unit of the table,
    with or without figures.
``proportional``
    In proportion to a *need count* (``need_column``: poor households or poor
    people, never a 0-100 score, whose zero is arbitrary): unit ``i`` gets
    ``n * need_i / sum(need)`` of the ``n`` packages the budget buys, clipped
    to its bounds (a unit at its bound keeps it and the others share the rest
    in the same proportion), then rounded by largest remainder (Hamilton):
    every unit keeps the whole part of its share and the packages left go one
    each to the largest fractional parts, ties to the unit first in the table.
``optimised``
    The allocation that reaches the most poor within the budget and bounds,
    solved as a mixed-integer programme with :func:`scipy.optimize.milp`
    (HiGHS): variables ``q_i`` (packages, integer) and ``r_i`` (poor reached),
    maximise ``sum r_i`` subject to ``sum q_i * unit_cost <= budget``,
    ``min_i <= q_i <= max_i``, ``r_i <= q_i * people_per_family`` and
    ``r_i <= reach_i``. Among allocations reaching as many, a second solve
    buys no package beyond what reaches someone and prefers units of higher need.
``fair``
    The allocation whose worst-off unit gets the largest share of its poor: a unit's *share* is its poor
    reached over its reach figure, and the smallest share (max-min) is made as large as possible; among
    allocations with that smallest share, as many poor are reached as possible. Solved exactly in two
    steps: the largest level ``s`` such that the fewest packages giving every unit a share of at least
    ``s`` (``ceil(s * reach_i / people_per_family)``, within its bounds) fit in the budget (bisection: that
    count only grows with ``s``); then the packages left go one at a time to the unit where the next
    package reaches the most poor (ties: the lowest share, the most poor, then the first in the table),
    which maximises the sum because each unit's poor reached is concave in its packages.
    ``tests/test_allocate.py`` checks both against every allocation of small cases. When packages are
    scarce relative to need, every method reaches as many people as it buys packages, and ``fair`` tells
    the allocations apart by how they are spread; :func:`verdict` states when the methods tie and why.

Units without data: a unit with no figure in the need column or the reach
column is *no data*. It is left out of ``proportional`` and ``optimised``
(no packages, no minimum, its quantity is missing, never 0) and named in
:func:`geo_planner.planning.allocation_tables.notes`; ``equal`` still gives it its quota, and its poor reached is
unknown (missing), not 0. A missing figure is never read as a count of zero.

Reach model (stated in every result): one package reaches one poor family of
``people_per_family`` people (default 1: count families, or people one each),
and no unit can have more poor reached than its ``reach_column`` figure, so
``poor_reached = min(quantity * people_per_family, reach)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp

from geo_planner.errors import GeoPlannerError, InputError
from geo_planner.i18n import STRINGS, fmt_number
from geo_planner.i18n.messages import current_language, msg
from geo_planner.layers.kinds import counts_people

__all__ = ["allocate", "compare", "Comparison", "need_options", "verdict", "min_share", "METHODS",
           "REACH_MODEL", "NEED_PREFERRED", "MAX_NAMED"]

# method id -> (Bahasa Indonesia, English) label, from the catalogue (geo_planner.i18n.library)
METHODS = {m: STRINGS[f"alloc_method_{m}"] for m in ("equal", "proportional", "optimised", "fair")}
# the reach model written into every result's attrs (English, as the library's other provenance ids)
REACH_MODEL = STRINGS["alloc_reach_model"][1]
# the need counts offered first, in this order: poor households, then poor people
NEED_PREFERRED = ("poor_households", "poor_population")
MAX_NAMED = 30
SCORES = frozenset({"priority_score", "coverage_score"})  # min-max scores of the analysis: never a need count  # units named in a note before "and N more"


def need_options(indicators: Mapping[str, object], columns) -> list[str]:
    """The need counts a budget can be shared by: indicators of direction ``need`` that count people or
    families (:func:`geo_planner.layers.kinds.counts_people`) and are among ``columns``; poor households
    first, then poor people, then the others in order.

    >>> from geo_planner.layers.model import Indicator
    >>> ind = {"poverty_rate": Indicator("poverty_rate", "P0", "P0", "%", "need"),
    ...        "poor_population": Indicator("poor_population", "Miskin", "Poor", "jiwa", "need")}
    >>> need_options(ind, ["poverty_rate", "poor_population"])
    ['poor_population']
    """
    cols = set(columns)
    counts = [k for k, m in indicators.items()
              if k in cols and getattr(m, "direction", "") == "need" and counts_people(m)]
    return [k for k in NEED_PREFERRED if k in counts] + [k for k in counts if k not in NEED_PREFERRED]


def _bound(value, index: pd.Index, name: str, default: float) -> pd.Series:
    if value is None:
        return pd.Series(default, index=index, dtype="float64")
    if isinstance(value, pd.Series):
        missing = index.difference(value.index)
        if len(missing):
            raise InputError(msg("allocate_no_value", name=name, units=", ".join(map(str, missing[:5]))), column=name)
        return value.reindex(index).astype("float64").fillna(default)
    return pd.Series(float(value), index=index, dtype="float64")


def _check(units: pd.DataFrame, budget: float, unit_cost: float, min_units, max_units, reach_column: str,
           need_column: str, people_per_family: float, integer: bool):
    if len(units) == 0:
        raise InputError(msg("allocate_no_units"))
    for col in (reach_column, need_column):
        if col not in units.columns:
            raise InputError(msg("allocate_no_column", column=col, columns=", ".join(map(str, units.columns))),
                             column=col)
    if not np.isfinite(budget) or budget < 0:
        raise InputError(msg("allocate_bad_budget", value=budget))
    if not np.isfinite(unit_cost) or unit_cost <= 0:
        raise InputError(msg("allocate_bad_cost", value=unit_cost))
    if not people_per_family > 0:
        raise InputError(msg("allocate_bad_people_per_family", value=people_per_family))
    lo = _bound(min_units, units.index, "min_units", 0.0)
    hi = _bound(max_units, units.index, "max_units", np.inf)
    if integer:
        lo, hi = np.ceil(lo - 1e-9) + 0.0, np.floor(hi + 1e-9)  # + 0.0: no "-0" in a table
    for name, bad in (("min_units", lo < 0), ("max_units", hi < lo)):
        if bad.any():
            unit = bad.index[bad][0]
            raise InputError(msg("allocate_bad_bounds", unit=unit, lo=f"{lo[unit]:g}", hi=f"{hi[unit]:g}"),
                             unit=str(unit), column=name)
    need_units = lo.sum()
    if need_units * unit_cost > budget * (1 + 1e-12):
        lang = current_language()
        raise InputError(msg("allocate_minimums_over_budget", n=fmt_number(need_units, lang, 0),
                             cost=fmt_number(need_units * unit_cost, lang, 0), budget=fmt_number(budget, lang, 0)))
    return lo, hi


def _equal(n_total: float, lo: pd.Series, hi: pd.Series, integer: bool) -> pd.Series:
    """The same quota e for every unit, clipped to its bounds, as large as the budget allows."""
    total = lambda e: float(np.clip(e, lo, hi).sum())  # noqa: E731
    top = float(min(n_total, hi[np.isfinite(hi)].max() if np.isfinite(hi).any() else n_total))
    top = max(top, float(lo.max()))
    if integer:
        a, b = 0, int(top)
        while a < b:  # largest integer e with total(e) <= n_total
            mid = (a + b + 1) // 2
            a, b = (mid, b) if total(mid) <= n_total else (a, mid - 1)
        e = float(a)
    else:
        a, b = 0.0, top
        for _ in range(100):
            mid = (a + b) / 2
            a, b = (mid, b) if total(mid) <= n_total else (a, mid)
        e = a
    return pd.Series(np.clip(e, lo, hi), index=lo.index)


def _proportional(n_total: float, need: pd.Series, lo: pd.Series, hi: pd.Series, integer: bool) -> pd.Series:
    """clip(lam * need, lo, hi) summing to n_total; integers by largest remainder within the bounds.

    ``need`` has a figure for every unit (units without one are left out before). When every need is 0
    there is nothing to share in proportion: each unit stays at its minimum.
    """
    w = need.clip(lower=0)
    if len(w) == 0 or w.sum() <= 0:
        return lo.copy()
    n_total = min(n_total, float(np.where(w > 0, hi, lo).sum()))  # a unit of need 0 stays at its minimum
    if n_total <= lo.sum():
        return lo.copy()
    fill = lambda lam: np.clip(lam * w, lo, hi)  # noqa: E731
    a, b = 0.0, 1.0
    while fill(b).sum() < n_total and b < 1e300:
        b *= 2
    for _ in range(200):
        mid = (a + b) / 2
        a, b = (mid, b) if fill(mid).sum() < n_total else (a, mid)
    x = fill(b)
    if not integer:
        return x * (n_total / x.sum())
    base = np.floor(x + 1e-9)
    frac = np.where(base < hi, x - base, -1.0)
    extra = int(round(n_total - base.sum()))
    order = np.lexsort((np.arange(len(x)), -frac))  # largest remainder, first unit on ties
    base.iloc[order[:max(extra, 0)]] += 1
    return base


def _optimised(n_total: float, reach: np.ndarray, need: np.ndarray, lo: pd.Series, hi: pd.Series, ppf: float,
               integer: bool) -> pd.Series:
    """Two MILP solves with scipy (HiGHS): the most poor reached, then the cheapest and neediest such plan."""
    n = len(reach)
    if n == 0:
        return lo.copy()
    upper = np.minimum(hi.to_numpy(), n_total)
    upper = np.maximum(upper, lo.to_numpy())
    bounds = Bounds(np.r_[lo.to_numpy(), np.zeros(n)], np.r_[upper, reach])
    a = np.zeros((n + 1, 2 * n))
    a[0, :n] = 1.0                                         # packages within the budget
    a[1:, :n] = -ppf * np.eye(n)                            # r_i <= q_i * people per family
    a[1:, n:] = np.eye(n)
    cons = [LinearConstraint(a, -np.inf, np.r_[n_total, np.zeros(n)])]
    integrality = np.r_[np.ones(n) if integer else np.zeros(n), np.zeros(n)]
    opts = {"time_limit": 60.0, "mip_rel_gap": 1e-9}
    first = milp(np.r_[np.zeros(n), -np.ones(n)], constraints=cons, bounds=bounds, integrality=integrality,
                 options=opts)
    if first.status != 0 or first.x is None:
        raise GeoPlannerError(msg("allocate_no_solution", reason=first.message))
    best = -first.fun
    floor = np.r_[np.zeros(n), np.ones(n)]
    cons.append(LinearConstraint(floor, best - 1e-7 * max(1.0, best), np.inf))
    w = need.clip(min=0)
    w = w / w.max() if w.max() > 0 else w
    second = milp(np.r_[np.ones(n), -0.5 * w / ppf], constraints=cons, bounds=bounds, integrality=integrality,
                  options=opts)
    def reached(x):
        q = np.round(x[:n]) if integer else x[:n]
        return q, float(np.minimum(q * ppf, reach).sum())

    q, got = reached(first.x)
    if second.status == 0 and second.x is not None:
        q2, got2 = reached(second.x)
        q = q2 if got2 >= got - 1e-9 * max(1.0, got) else q
    return pd.Series(q, index=lo.index)


def _fair(n_total: float, reach: np.ndarray, lo: pd.Series, hi: pd.Series, ppf: float, integer: bool) -> pd.Series:
    """Water-filling: the smallest share of reach reached as large as possible (lexicographic max-min).

    A unit with a reach of 0 has no share to raise and stays at its minimum; a unit stops at its maximum or
    once its packages reach all its poor (``q * ppf >= reach``): no package that reaches no one is bought.
    """
    q = lo.to_numpy(dtype="float64").copy()
    full = np.where(reach > 0, np.ceil(reach / ppf - 1e-9), q) if integer else np.where(reach > 0, reach / ppf, q)
    cap = np.maximum(np.minimum(hi.to_numpy(dtype="float64"), full), q)   # packages that still reach someone
    left = float(n_total - q.sum())
    if left <= 0 or not (cap > q).any():
        return pd.Series(q, index=lo.index)
    if not integer:  # continuous: q_i = clip(s * reach_i / ppf, lo_i, cap_i), the common share s by bisection
        fill = lambda s: np.clip(s * reach / ppf, q, cap)  # noqa: E731
        if fill(1.0).sum() <= n_total:
            return pd.Series(fill(1.0), index=lo.index)
        a, b = 0.0, 1.0
        for _ in range(200):
            mid = (a + b) / 2
            a, b = (mid, b) if fill(mid).sum() <= n_total else (a, mid)
        return pd.Series(fill(a), index=lo.index)
    import heapq

    pos = reach > 0
    top = np.where(pos, np.minimum(cap * ppf, reach) / np.where(pos, reach, 1.0), np.inf)

    def floors(level: float) -> np.ndarray:   # the fewest packages giving every unit a share >= level
        return np.where(pos, np.maximum(q, np.ceil(level * reach / ppf - 1e-9)), q)

    a, b = 0.0, float(min(1.0, top[pos].min())) if pos.any() else 0.0
    if floors(b).sum() <= n_total:
        a = b
    else:
        for _ in range(100):
            mid = (a + b) / 2
            a, b = (mid, b) if floors(mid).sum() <= n_total else (a, mid)
    got = np.minimum(floors(a), cap)
    level = float((np.minimum(got * ppf, reach) / np.where(pos, reach, 1.0))[pos].min()) if pos.any() else 0.0
    q = np.minimum(floors(level), cap)  # the fewest packages for the exact level (no rounding slack)
    gain = lambda i: min(ppf, reach[i] - q[i] * ppf)  # noqa: E731  poor the next package of unit i reaches
    share = lambda i: min(q[i] * ppf, reach[i]) / reach[i]  # noqa: E731
    heap = [(-gain(i), share(i), -reach[i], i) for i in range(len(q)) if cap[i] > q[i]]
    heapq.heapify(heap)
    budget = int(round(n_total - q.sum()))
    while budget > 0 and heap:
        _, _, neg, i = heapq.heappop(heap)
        q[i] += 1
        budget -= 1
        if q[i] < cap[i]:
            heapq.heappush(heap, (-gain(i), share(i), neg, i))
    return pd.Series(q, index=lo.index)


def allocate(units_table: pd.DataFrame, *, budget: float, unit_cost: float, method: str = "optimised",
             min_units=0, max_units=None, reach_column: str = "poor_population", need_column: str | None = None,
             people_per_family: float = 1.0, integer: bool = True) -> pd.DataFrame:
    """Share ``budget`` across the units of ``units_table`` by one method.

    Parameters
    ----------
    units_table : DataFrame
        One row per unit (index = unit code), with ``reach_column`` and
        ``need_column``; a ``name`` column is carried over.
    budget : float
        Rupiah to share.
    unit_cost : float
        Rupiah per package (e.g. 5,000,000 per UEP family).
    method : {"equal", "proportional", "optimised", "fair"}
    min_units, max_units : float or Series, optional
        Per-unit bounds on packages (a Series is matched by index);
        ``max_units=None`` means no upper bound.
    reach_column : str
        Poor people (or families) that packages can reach in each unit.
    need_column : str, optional
        The need count ``proportional`` shares by (poor households, poor
        people; default ``reach_column``), and the tie-break of ``optimised``.
        A count, not a score: see :func:`need_options`.
    people_per_family : float
        Poor people one package reaches (1 = count families, or people one each).
    integer : bool
        Whole packages (default) or fractions.

    Returns
    -------
    DataFrame
        Same index: ``name`` (if given), ``need``, ``reach`` (the reach
        column), ``min_units``, ``max_units``, ``quantity``, ``cost``,
        ``poor_reached`` and ``no_data`` (no figure in the need or reach
        column). A unit left out has a missing ``quantity``, ``cost`` and
        ``poor_reached`` (``Int64`` / float NaN), never 0. ``attrs`` holds
        ``method``, ``budget``, ``unit_cost``, ``budget_used``, ``leftover``,
        ``quantity``, ``poor_reached``, ``reach_model``, ``need_column``,
        ``reach_column``, ``covered`` (codes the method shares over) and
        ``left_out`` (codes without data it leaves out).

    Raises
    ------
    InputError
        A missing column, bad bounds, or minimums that cost more than the budget.

    Examples
    --------
    >>> t = pd.DataFrame({"poor_households": [2, 6, 10]}, index=["a", "b", "c"])
    >>> out = allocate(t, budget=50e6, unit_cost=5e6, method="optimised", min_units=1, max_units=6,
    ...                reach_column="poor_households")
    >>> int(out["poor_reached"].sum()), bool(out["cost"].sum() <= 50e6)
    (10, True)
    """
    if method not in METHODS:
        raise InputError(msg("allocate_unknown_method", method=method, methods=", ".join(METHODS)))
    need_column = need_column or reach_column
    if need_column in SCORES:
        raise InputError(msg("allocate_score_not_need", column=need_column), column=need_column)
    budget, unit_cost = float(budget), float(unit_cost)
    lo, hi = _check(units_table, budget, unit_cost, min_units, max_units, reach_column, need_column,
                    float(people_per_family), integer)
    reach = pd.to_numeric(units_table[reach_column], errors="coerce").astype("float64")
    need = pd.to_numeric(units_table[need_column], errors="coerce").astype("float64")
    no_data = need.isna() | reach.isna()
    n_total = np.floor(budget / unit_cost + 1e-9) if integer else budget / unit_cost
    covered = pd.Series(True, index=units_table.index) if method == "equal" else ~no_data
    q = pd.Series(np.nan, index=units_table.index)
    if covered.any():
        c = covered.to_numpy()
        n_in = float(min(n_total, hi[c].sum()))
        if method == "equal":
            got = _equal(n_in, lo[c], hi[c], integer)
        elif method == "proportional":
            got = _proportional(n_in, need[c], lo[c], hi[c], integer)
        elif method == "fair":
            got = _fair(n_in, reach[c].clip(lower=0).to_numpy(), lo[c], hi[c], float(people_per_family), integer)
        else:
            got = _optimised(n_in, reach[c].clip(lower=0).to_numpy(), need[c].to_numpy(), lo[c], hi[c],
                             float(people_per_family), integer)
        q[c] = np.asarray(got, dtype="float64") + 0.0  # a solver's -0.0 is 0
    out = pd.DataFrame(index=units_table.index)
    if "name" in units_table.columns:
        out["name"] = units_table["name"]
    out["need"], out["reach"], out["min_units"], out["max_units"] = need, reach, lo, hi
    out["quantity"] = q.round().astype("Int64") if integer else q
    out["cost"] = q * unit_cost
    out["poor_reached"] = np.minimum(q * float(people_per_family), reach.clip(lower=0))  # NaN stays unknown
    out["no_data"] = no_data
    used = float(out["cost"].sum())
    out.attrs.update(method=method, budget=budget, unit_cost=unit_cost, budget_used=used, packages_bought=n_total,
                     leftover=budget - used, quantity=float(q.sum()),
                     poor_reached=float(out["poor_reached"].sum()),
                     reach_model=REACH_MODEL.format(ppf=float(people_per_family), column=reach_column),
                     need_column=need_column, reach_column=reach_column,
                     covered=[str(x) for x in out.index[covered]],
                     left_out=[str(x) for x in out.index[~covered]])
    return out


@dataclass
class Comparison:
    """The methods of :func:`compare` side by side."""

    results: dict[str, pd.DataFrame]
    units: pd.DataFrame     # per unit: name, need, reach, then <method>_quantity / _cost / _poor_reached, no_data
    totals: pd.DataFrame    # per method: budget, budget_used, leftover, quantity, poor_reached, min_share (the
                            # smallest share of a unit's reach reached, 0-1), units_funded, units_no_data
    params: dict[str, object] = field(default_factory=dict)


def compare(units_table: pd.DataFrame, *, budget: float, unit_cost: float, methods=tuple(METHODS),
            **options) -> Comparison:
    """:func:`allocate` by each method, side by side, with totals.

    ``options`` are passed to :func:`allocate` (``min_units``, ``max_units``,
    ``reach_column``, ``need_column``, ``people_per_family``, ``integer``).

    Examples
    --------
    >>> t = pd.DataFrame({"poor_households": [2, 6, 10]}, index=["a", "b", "c"])
    >>> c = compare(t, budget=50e6, unit_cost=5e6, min_units=1, max_units=6, reach_column="poor_households")
    >>> c.totals["poor_reached"].to_dict()
    {'equal': 8.0, 'proportional': 10.0, 'optimised': 10.0, 'fair': 10.0}
    """
    results = {m: allocate(units_table, budget=budget, unit_cost=unit_cost, method=m, **options) for m in methods}
    first = next(iter(results.values()))
    base = [c for c in ("name", "need", "reach", "min_units", "max_units") if c in first.columns]
    units = first[base].copy()
    for m, r in results.items():
        for c in ("quantity", "cost", "poor_reached"):
            units[f"{m}_{c}"] = r[c]
    units["no_data"] = first["no_data"]
    totals = pd.DataFrame({
        m: {"budget": r.attrs["budget"], "budget_used": r.attrs["budget_used"], "leftover": r.attrs["leftover"],
            "quantity": r.attrs["quantity"], "poor_reached": r.attrs["poor_reached"], "min_share": min_share(r),
            "units_funded": int((r["quantity"].fillna(0) > 0).sum()), "units_no_data": len(r.attrs["left_out"])}
        for m, r in results.items()}).T.rename_axis("method").astype({"units_funded": "int64",
                                                                       "units_no_data": "int64"})
    params = {"budget": float(budget), "unit_cost": float(unit_cost), **options,
              "reach_model": first.attrs["reach_model"], "need_column": first.attrs["need_column"],
              "reach_column": first.attrs["reach_column"]}
    params = {k: (v.to_dict() if isinstance(v, pd.Series) else v) for k, v in params.items()}
    return Comparison(results, units, totals, params)


def min_share(result: pd.DataFrame) -> float:
    """The smallest share of its poor that a unit gets: ``poor_reached / reach`` over the units with a reach
    above 0 and a known poor reached (NaN when there is none).

    >>> t = pd.DataFrame({"poor": [4.0, 10.0]}, index=["a", "b"])
    >>> min_share(allocate(t, budget=4e6, unit_cost=1e6, method="equal", reach_column="poor"))
    0.2
    """
    ok = result["reach"].gt(0) & result["poor_reached"].notna()
    return float((result.loc[ok, "poor_reached"] / result.loc[ok, "reach"]).min()) if ok.any() else float("nan")


def _why_unspent(m: str, r: pd.DataFrame, ppf: float) -> str | None:
    """Why a method bought fewer packages than the budget pays for: ``max`` (every unit at its maximum),
    ``need`` (every unit at its maximum or all its poor reached), ``quota`` (equal: one more each is over the
    budget), ``none_covered`` (no unit with a figure); None when it bought them all."""
    bought, q = r.attrs["packages_bought"], r["quantity"].astype("float64")
    if q.sum(skipna=True) >= bought - 1e-9:
        return None
    c = r.index.isin(r.attrs["covered"])
    if not c.any():
        return "none_covered"
    qc, hi, reach = q[c], r.loc[c, "max_units"], r.loc[c, "reach"]
    at_max = qc >= hi - 1e-9
    if at_max.all():
        return "max"
    if m == "equal":
        return "quota"
    reached = (qc * ppf >= reach.fillna(np.inf) - 1e-9) | (r.loc[c, "need"].fillna(0) <= 0)
    return "need" if (at_max | reached).all() else "other"


def verdict(cmp: Comparison) -> dict[str, object]:
    """What the comparison says, for the sentences beside the result
    (:func:`geo_planner.planning.allocation_tables.verdict_notes`).

    Returns
    -------
    dict
        ``most`` (the most poor reached by any method), ``best`` (the methods reaching it), ``tie`` (more
        than one method reaches it), ``all_used`` (in every tied method each package reaches a poor family:
        no unit got more packages than it has poor, so the methods can only differ in where), ``fairest``
        (the methods with the largest smallest share, :func:`min_share`), ``share`` (that share) and ``leftover``: per method
        with money left, ``amount`` (Rp), ``remainder`` (Rp that buys less than one package: the cost does
        not divide the budget), ``unspent`` (packages the budget pays for but the method did not buy) and
        ``why`` (see ``_why_unspent``).
    """
    ppf = float(cmp.params.get("people_per_family", 1.0) or 1.0)
    tot = cmp.totals
    most = float(tot["poor_reached"].max()) if len(tot) else float("nan")
    best = [m for m in tot.index if tot.at[m, "poor_reached"] >= most - 0.5]
    all_used = all(bool((r["poor_reached"].fillna(0) >= r["quantity"].astype("float64").fillna(0) * ppf - 1e-9).all())
                   for m, r in cmp.results.items() if m in best)
    shares = tot["min_share"].dropna() if "min_share" in tot.columns else pd.Series(dtype="float64")
    fairest = [str(m) for m in shares.index if shares[m] >= shares.max() - 1e-9] if len(shares) else []
    left = {}
    for m, r in cmp.results.items():
        amount = float(r.attrs["leftover"])
        if amount <= 0.5:
            continue
        bought = float(r.attrs["packages_bought"])
        unspent = max(0.0, bought - float(r["quantity"].astype("float64").sum(skipna=True)))
        left[m] = {"amount": amount, "remainder": float(r.attrs["budget"] - bought * r.attrs["unit_cost"]),
                   "unspent": unspent, "why": _why_unspent(m, r, ppf)}
    return {"most": most, "best": best, "tie": len(best) > 1, "all_used": all_used, "fairest": fairest,
            "share": float(shares.max()) if len(shares) else float("nan"), "leftover": left}
