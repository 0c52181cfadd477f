"""Share a programme budget across units: equal quota, proportional to need, optimised.

A programme funds *packages* (families for UEP at Rp 5,000,000 each, groups
for KUBE) at ``unit_cost`` each, within ``budget``, with per-unit bounds
``min_units`` and ``max_units``. Three ways to share it, compared side by side
by :func:`compare`:

``equal``
    The same number per unit (as in "50 KUBE per kab/kota"): the largest
    ``e`` with ``sum(clip(e, min, max)) * unit_cost <= budget``; the rest of
    the budget is reported as left over.
``proportional``
    In proportion to the need column (default: the reach column), clipped to
    the bounds (a unit at its bound keeps it and the others share the rest),
    then rounded by largest remainder so the total is what the budget buys.
``optimised``
    The allocation that reaches the most poor within the budget and bounds,
    solved as a mixed-integer programme with :func:`scipy.optimize.milp`
    (HiGHS): variables ``q_i`` (packages, integer) and ``r_i`` (poor reached),
    maximise ``sum r_i`` subject to ``sum q_i * unit_cost <= budget``,
    ``min_i <= q_i <= max_i``, ``r_i <= q_i * people_per_family`` and
    ``r_i <= reach_i``. Among allocations reaching as many, a second solve
    buys no package beyond what reaches someone and prefers units of higher need.

Reach model (stated in every result): one package reaches one poor family of
``people_per_family`` people (default 1: count families, or people one each),
and no unit can have more poor reached than its ``reach_column`` figure, so
``poor_reached = min(quantity * people_per_family, reach)``. A unit without a
reach figure reaches 0 and says so in ``note``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp

from geo_planner.errors import GeoPlannerError, InputError
from geo_planner.i18n import fmt_number

__all__ = ["allocate", "compare", "Comparison", "allocation_table", "totals_table", "summary", "METHODS", "REACH_MODEL"]

METHODS = {
    "equal": ("Kuota sama", "Equal quota"),
    "proportional": ("Proporsional kebutuhan", "Proportional to need"),
    "optimised": ("Optimal (MILP)", "Optimised (MILP)"),
}
REACH_MODEL = ("poor reached = min(packages x {ppf:g} people per family, {column}); one package reaches one "
               "poor family; a unit without a figure reaches 0")


def _bound(value, index: pd.Index, name: str, default: float) -> pd.Series:
    if value is None:
        return pd.Series(default, index=index, dtype="float64")
    if isinstance(value, pd.Series):
        missing = index.difference(value.index)
        if len(missing):
            raise InputError(f"{name} has no value for unit(s) {', '.join(map(str, missing[:5]))}", column=name)
        return value.reindex(index).astype("float64").fillna(default)
    return pd.Series(float(value), index=index, dtype="float64")


def _check(units: pd.DataFrame, budget: float, unit_cost: float, min_units, max_units, reach_column: str,
           need_column: str, people_per_family: float, integer: bool):
    if len(units) == 0:
        raise InputError("the table of units is empty; there is nothing to share the budget over")
    for col in (reach_column, need_column):
        if col not in units.columns:
            raise InputError(f"no column '{col}'; the columns are: {', '.join(map(str, units.columns))}",
                             column=col)
    if not np.isfinite(budget) or budget < 0:
        raise InputError(f"the budget must be a number of 0 or more, got {budget}")
    if not np.isfinite(unit_cost) or unit_cost <= 0:
        raise InputError(f"the cost per package must be above 0, got {unit_cost}")
    if not people_per_family > 0:
        raise InputError(f"people_per_family must be above 0, got {people_per_family}")
    lo = _bound(min_units, units.index, "min_units", 0.0)
    hi = _bound(max_units, units.index, "max_units", np.inf)
    if integer:
        lo, hi = np.ceil(lo - 1e-9), np.floor(hi + 1e-9)
    for name, bad in (("min_units", lo < 0), ("max_units", hi < lo)):
        if bad.any():
            unit = bad.index[bad][0]
            raise InputError(f"unit {unit}: min_units {lo[unit]:g} and max_units {hi[unit]:g} cannot hold "
                             "(the minimum must be 0 or more and at most the maximum)", unit=str(unit), column=name)
    need_units = lo.sum()
    if need_units * unit_cost > budget * (1 + 1e-12):
        raise InputError(
            f"the minimums need {need_units:,.0f} packages = Rp {need_units * unit_cost:,.0f}, more than the "
            f"budget of Rp {budget:,.0f}; lower min_units or raise the budget")
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
    """clip(lam * need, lo, hi) summing to n_total; integers by largest remainder within the bounds."""
    w = need.clip(lower=0).fillna(0.0)
    w = w if w.sum() > 0 else pd.Series(1.0, index=w.index)
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
        raise GeoPlannerError(f"the solver found no allocation: {first.message}")
    best = -first.fun
    floor = np.r_[np.zeros(n), np.ones(n)]
    cons.append(LinearConstraint(floor, best - 1e-7 * max(1.0, best), np.inf))
    w = np.nan_to_num(need, nan=0.0).clip(min=0)
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
    method : {"equal", "proportional", "optimised"}
    min_units, max_units : float or Series, optional
        Per-unit bounds on packages (a Series is matched by index);
        ``max_units=None`` means no upper bound.
    reach_column : str
        Poor people (or families) that packages can reach in each unit.
    need_column : str, optional
        What ``proportional`` shares by (default ``reach_column``), and the
        tie-break of ``optimised``.
    people_per_family : float
        Poor people one package reaches (1 = count families, or people one each).
    integer : bool
        Whole packages (default) or fractions.

    Returns
    -------
    DataFrame
        Same index: ``name`` (if given), ``need``, ``reach`` (the reach
        column), ``min_units``, ``max_units``, ``quantity``, ``cost``,
        ``poor_reached`` and ``note``. ``attrs`` holds ``method``, ``budget``,
        ``unit_cost``, ``budget_used``, ``leftover``, ``quantity``,
        ``poor_reached`` and ``reach_model``.

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
        raise InputError(f"unknown allocation method '{method}'; choose one of {', '.join(METHODS)}")
    need_column = need_column or reach_column
    budget, unit_cost = float(budget), float(unit_cost)
    lo, hi = _check(units_table, budget, unit_cost, min_units, max_units, reach_column, need_column,
                    float(people_per_family), integer)
    reach = pd.to_numeric(units_table[reach_column], errors="coerce").astype("float64")
    need = pd.to_numeric(units_table[need_column], errors="coerce").astype("float64")
    n_total = np.floor(budget / unit_cost + 1e-9) if integer else budget / unit_cost
    n_total = float(min(n_total, hi.sum()))
    if method == "equal":
        q = _equal(n_total, lo, hi, integer)
    elif method == "proportional":
        q = _proportional(n_total, need, lo, hi, integer)
    else:
        q = _optimised(n_total, reach.fillna(0).clip(lower=0).to_numpy(), need.to_numpy(), lo, hi,
                       float(people_per_family), integer)
    out = pd.DataFrame(index=units_table.index)
    if "name" in units_table.columns:
        out["name"] = units_table["name"]
    out["need"], out["reach"], out["min_units"], out["max_units"] = need, reach, lo, hi
    out["quantity"] = q.astype("int64") if integer else q
    out["cost"] = out["quantity"] * unit_cost
    out["poor_reached"] = np.minimum(out["quantity"] * float(people_per_family), reach.fillna(0).clip(lower=0))
    no_reach = f"no figure in '{reach_column}': counted as reaching 0"
    no_need = f"no figure in '{need_column}': shared as need 0" if method == "proportional" else ""
    out["note"] = ["; ".join(p for p in (no_reach if r else "", no_need if n else "") if p)
                   for r, n in zip(reach.isna(), need.isna() & (need_column != reach_column))]
    used = float(out["cost"].sum())
    out.attrs.update(method=method, budget=budget, unit_cost=unit_cost, budget_used=used,
                     leftover=budget - used, quantity=float(out["quantity"].sum()),
                     poor_reached=float(out["poor_reached"].sum()),
                     reach_model=REACH_MODEL.format(ppf=float(people_per_family), column=reach_column))
    return out


@dataclass
class Comparison:
    """The methods of :func:`compare` side by side."""

    results: dict[str, pd.DataFrame]
    units: pd.DataFrame     # per unit: name, need, reach, then <method>_quantity / _cost / _poor_reached
    totals: pd.DataFrame    # per method: budget, budget_used, leftover, quantity, poor_reached, units_funded
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
    {'equal': 8.0, 'proportional': 10.0, 'optimised': 10.0}
    """
    results = {m: allocate(units_table, budget=budget, unit_cost=unit_cost, method=m, **options) for m in methods}
    first = next(iter(results.values()))
    base = [c for c in ("name", "need", "reach", "min_units", "max_units") if c in first.columns]
    units = first[base].copy()
    for m, r in results.items():
        for c in ("quantity", "cost", "poor_reached"):
            units[f"{m}_{c}"] = r[c]
    units["note"] = first["note"]
    totals = pd.DataFrame({
        m: {"budget": r.attrs["budget"], "budget_used": r.attrs["budget_used"], "leftover": r.attrs["leftover"],
            "quantity": r.attrs["quantity"], "poor_reached": r.attrs["poor_reached"],
            "units_funded": int((r["quantity"] > 0).sum())}
        for m, r in results.items()}).T.rename_axis("method").astype({"units_funded": "int64"})
    params = {"budget": float(budget), "unit_cost": float(unit_cost), **options,
              "reach_model": first.attrs["reach_model"]}
    params = {k: (v.to_dict() if isinstance(v, pd.Series) else v) for k, v in params.items()}
    return Comparison(results, units, totals, params)


_HEADERS = {
    "code": ("Kode", "Code"), "name": ("Nama wilayah", "Unit"), "need": ("Kebutuhan", "Need"),
    "reach": ("Penduduk miskin (batas jangkauan)", "Poor people (reach cap)"),
    "min_units": ("Minimum", "Minimum"), "max_units": ("Maksimum", "Maximum"),
    "quantity": ("jumlah paket (KPM/kelompok)", "packages (families/groups)"),
    "cost": ("biaya (Rp)", "cost (Rp)"), "poor_reached": ("penduduk miskin terjangkau", "poor people reached"),
    "note": ("Catatan", "Note"), "total": ("Jumlah", "Total"),
    "budget": ("Anggaran (Rp)", "Budget (Rp)"), "budget_used": ("Terpakai (Rp)", "Used (Rp)"),
    "leftover": ("Sisa (Rp)", "Left over (Rp)"), "units_funded": ("Wilayah mendapat", "Units funded"),
    "method": ("Metode", "Method"),
}


def _h(key: str, lang: str) -> str:
    return _HEADERS[key][1 if lang == "en" else 0]


def allocation_table(result: Comparison | pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """Per-unit export table with headers in ``lang`` and a total row at the bottom.

    ``result`` is a :class:`Comparison` or one :func:`allocate` result.
    Method columns read e.g. "Optimal (MILP): jumlah paket (KPM/kelompok)".
    """
    cmp = result if isinstance(result, Comparison) else Comparison(
        {result.attrs.get("method", "optimised"): result},
        result.rename(columns={c: f"{result.attrs.get('method', 'optimised')}_{c}"
                               for c in ("quantity", "cost", "poor_reached")}), pd.DataFrame())
    units = cmp.units.rename_axis("code").reset_index()
    sums = {c: units[c].sum() for c in units.columns if c.endswith(("_quantity", "_cost", "_poor_reached"))}
    sums["reach"] = units["reach"].sum(min_count=1) if "reach" in units.columns else np.nan
    units = pd.concat([units, pd.DataFrame([{"code": _h("total", lang), **sums}])], ignore_index=True)
    names = {}
    for c in units.columns:
        m, _, what = c.partition("_")
        if m in cmp.results and what in _HEADERS:
            names[c] = f"{METHODS[m][1 if lang == 'en' else 0]}: {_h(what, lang)}"
        elif c in _HEADERS:
            names[c] = _h(c, lang)
    return units.rename(columns=names)


def totals_table(result: Comparison, lang: str = "id") -> pd.DataFrame:
    """The totals of a :class:`Comparison` with headers in ``lang`` (one row per method)."""
    t = result.totals.reset_index()
    t["method"] = t["method"].map(lambda m: METHODS[m][1 if lang == "en" else 0])
    return t.rename(columns={c: _h(c, lang) for c in t.columns})


def summary(result: Comparison, lang: str = "id") -> str:
    """One line per method: packages, rupiah used and poor reached, formatted for ``lang``."""
    lines = []
    for m, row in result.totals.iterrows():
        lines.append(f"{METHODS[m][1 if lang == 'en' else 0]}: {fmt_number(row['quantity'], lang, 0)} × "
                     f"Rp {fmt_number(result.params['unit_cost'], lang, 0)} = Rp {fmt_number(row['budget_used'], lang, 0)}"
                     f"; {fmt_number(row['poor_reached'], lang, 0)} "
                     f"{'poor people reached' if lang == 'en' else 'penduduk miskin terjangkau'}")
    return "\n".join(lines)
