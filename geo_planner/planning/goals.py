"""Distance to the provincial poverty target, overall and per regency.

The province wants 3-4 % poor in 2026 (DOMAIN.md) from 5.17 % in March 2025
(BPS, 199,710 people). People who must leave poverty::

    must_leave = poor_now - target_rate / 100 * base

``base`` is the population the rate is measured on. By default it is the base
implied by the BPS rate and count (``poor / rate``: 199,710 / 5.17 % =
3,862,863), because the sourced population figure (4,050,000) is a 2024
mid-year projection, another year and not the base of the BPS rate (see
``layers/kaltim/NOTES.md``). Pass ``population`` to use another base.
Population growth to 2026 is not modelled: the target applies to today's base.

Per regency the same total is shared by a stated rule (:func:`rule_text`).
Every rule first gives the regencies with a sourced count, together, the
province's relative cut ``f = must_leave / poor_now`` of their poor, then
splits it differently:

``proportional_to_poor``
    Each regency lifts the same share ``f`` of its poor out of poverty (its
    rate falls by the same proportion).
``equal_rate_cut``
    Each regency's rate falls by the same number of points (its share is its
    base population: ``poor / rate``); capped at its poor count.
``converge_to_target``
    The highest rates come down first: every regency above a common ceiling
    rate ``R`` comes down to ``R``, the others hold; ``R`` is set so the total is met.

Regency figures are the latest sourced (BPS March 2024) while the province
figure is March 2025: the year mismatch is in every row's note, and the
difference between the province total and the regencies' sum (including any
regency without a sourced count, which is shown with NaN and never filled in)
is a row of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from geo_planner.errors import InputError
from geo_planner.i18n import STRINGS, fmt_number
from geo_planner.i18n.messages import msg
from geo_planner.layers.model import LAYERS_DIR

__all__ = ["distance_to_target", "people_to_leave", "province_figures", "regency_figures", "rule_text",
           "whole_people", "RULES", "FIGURES"]

FIGURES = LAYERS_DIR / "kaltim" / "figures.csv"
# rule id -> (Bahasa Indonesia, English) sentence, and the notes of the table: from the catalogue
# (geo_planner.i18n.library)
RULES = {r: STRINGS[f"goal_rule_text_{r}"] for r in ("proportional_to_poor", "equal_rate_cut", "converge_to_target")}
_NOTES = {k: STRINGS[f"goal_note_{k}"] for k in ("no_count", "years", "rest", "capped", "base")}


def rule_text(rule: str, lang: str = "id") -> str:
    """One sentence saying what a per-regency rule does, in ``lang``.

    >>> rule_text("equal_rate_cut", "en")
    "Every regency's poverty rate falls by the same number of percentage points."
    """
    if rule not in RULES:
        raise InputError(msg("goals_unknown_rule", rule=rule, rules=", ".join(RULES)))
    return RULES[rule][1 if lang == "en" else 0]


def _n(key: str, lang: str, **kw: object) -> str:
    return _NOTES[key][1 if lang == "en" else 0].format(**kw)


def _read(path: str | Path | None) -> pd.DataFrame:
    df = pd.read_csv(path or FIGURES, dtype=str, keep_default_na=False)
    df = df[df["selected"].str.lower().isin(["yes", "ya", "true", "1", ""])].copy()
    df["value"] = pd.to_numeric(df["value"], errors="coerce")
    return df


def province_figures(year: str = "2025", period: str = "Maret", *, path: str | Path | None = None) -> dict:
    """The province's poverty rate and count of one release, and its latest population figure.

    Returns
    -------
    dict
        ``poverty_rate``, ``poor_population``, ``year``, ``period``,
        ``population`` and ``population_year`` (the latest sourced; NaN when
        none) and ``sources``.

    Examples
    --------
    >>> f = province_figures()
    >>> f["poverty_rate"], f["poor_population"], f["population_year"]
    (5.17, 199710.0, '2024')
    """
    df = _read(path)
    prov = df[df["kemendagri_code"] == "64"]
    rel = prov[(prov["year"] == str(year)) & (prov["period"] == period)].set_index("indicator")
    for ind in ("poverty_rate", "poor_population"):
        if ind not in rel.index:
            raise InputError(msg("goals_no_province_row", indicator=ind, year=year, period=period),
                             file=str(path or FIGURES))
    pop = prov[prov["indicator"] == "population"].sort_values("year")
    return {"poverty_rate": float(rel.loc["poverty_rate", "value"]),
            "poor_population": float(rel.loc["poor_population", "value"]), "year": str(year), "period": period,
            "population": float(pop["value"].iloc[-1]) if len(pop) else np.nan,
            "population_year": pop["year"].iloc[-1] if len(pop) else "",
            "sources": sorted(set(rel["source_url"]))}


def regency_figures(year: str = "2024", *, path: str | Path | None = None) -> pd.DataFrame:
    """Sourced regency ``poverty_rate``, ``poor_population`` and ``population`` of one year.

    Indexed by Kemendagri code, with ``name``; a figure not sourced is NaN.

    >>> regency_figures().loc["64.09", ["poverty_rate", "poor_population"]].tolist()
    [6.68, nan]
    """
    df = _read(path)
    reg = df[(df["kemendagri_code"] != "64") & (df["year"] == str(year))
             & df["indicator"].isin(["poverty_rate", "poor_population", "population"])]
    wide = reg.drop_duplicates(["kemendagri_code", "indicator"]).pivot(
        index="kemendagri_code", columns="indicator", values="value")
    wide = wide.reindex(columns=["poverty_rate", "poor_population", "population"])
    wide.insert(0, "name", reg.groupby("kemendagri_code")["name"].first())
    wide.columns.name = None
    return wide.rename_axis("code").sort_index()


def people_to_leave(poor: float, rate: float, target_rate: float, population: float | None = None) -> float:
    """``poor - target_rate / 100 * base``, base = ``population`` or ``poor / (rate / 100)``.

    >>> round(people_to_leave(199_710, 5.17, 4.0))
    45195
    """
    base = population if population is not None else poor / (rate / 100)
    return float(poor - target_rate / 100 * base)


def _ceiling(p: np.ndarray, b: np.ndarray, total: float) -> float:
    """The rate R (%) with sum(max(0, p - R/100 * b)) == total (p, b > 0)."""
    r = p / b * 100
    order = np.argsort(-r)
    cp, cb = np.cumsum(p[order]), np.cumsum(b[order])
    rs = np.r_[r[order], 0.0]
    for k in range(len(order)):
        ceiling = (cp[k] - total) / cb[k] * 100
        if rs[k + 1] - 1e-12 <= ceiling <= rs[k] + 1e-12:
            return float(ceiling)
    return 0.0


def _share(rule: str, p: pd.Series, b: pd.Series, total: float) -> tuple[pd.Series, pd.Series]:
    """Must-leave per regency (known p and b only) summing to ``total``, and the capped flags."""
    capped = pd.Series(False, index=p.index)
    if rule == "proportional_to_poor":
        m = total * p / p.sum()
    elif rule == "equal_rate_cut":  # same points everywhere; a regency cut to 0 passes the rest on
        while True:
            free = ~capped
            m = (total - p[capped].sum()) * b.where(free, 0.0) / b[free].sum()
            m[capped] = p[capped]
            over = free & (m > p)
            if not over.any() or not free[~over].any():
                break
            capped |= over
    else:
        ceiling = _ceiling(p.to_numpy(), b.to_numpy(), total)
        m = (p - ceiling / 100 * b).clip(lower=0)
    return m, capped


def distance_to_target(current_rate: float | None = None, target_rate: float | Sequence[float] = (3.0, 4.0),
                       population: float | None = None, regency_values: pd.DataFrame | None = None, *,
                       poor: float | None = None, rule: str = "proportional_to_poor", base: str = "implied",
                       lang: str = "id") -> pd.DataFrame:
    """People who must leave poverty to reach the target, for the province and each regency.

    Parameters
    ----------
    current_rate : float, optional
        Province rate now (%); default the sourced March 2025 figure (5.17).
    target_rate : float or sequence of float
        Target rate(s) in %; default both ends of the 3-4 % target for 2026.
    population : float, optional
        Province base population; default ``poor / current_rate`` (see module notes).
    regency_values : DataFrame, optional
        Indexed by code, with ``poverty_rate`` and ``poor_population`` (and
        optionally ``population``, ``name``); default :func:`regency_figures`.
    poor : float, optional
        Province poor now; default the sourced count of the same release, or
        ``current_rate * population`` when ``population`` is given.
    rule : {"proportional_to_poor", "equal_rate_cut", "converge_to_target"}
        How regencies share the total (module notes; :func:`rule_text`).
    base : {"implied", "population"}
        A regency's base: ``poor_population / poverty_rate`` (default, the
        base of the BPS rate) or its ``population`` column.
    lang : {"id", "en"}
        Language of the notes.

    Returns
    -------
    DataFrame
        Per target: a ``province`` row, one ``kabkota`` row per regency and a
        ``difference`` row (province total minus the regencies' sum).
        Columns ``target_rate``, ``level``, ``code``, ``name``,
        ``poverty_rate``, ``poor_population``, ``base_population``,
        ``must_leave``, ``poor_after``, ``rate_after``, ``rule``, ``note``.
        ``attrs`` holds the inputs and ``rule_text``.

    Raises
    ------
    InputError
        An unknown rule, a target not below the current rate, or missing inputs.
    """
    if rule not in RULES:
        raise InputError(msg("goals_unknown_rule", rule=rule, rules=", ".join(RULES)))
    if base not in ("implied", "population"):
        raise InputError(msg("goals_bad_base", base=base))
    src = province_figures()
    if current_rate is None:
        current_rate, poor = src["poverty_rate"], poor if poor is not None else src["poor_population"]
    if poor is None:
        if population is not None:
            poor = current_rate / 100 * population
        elif np.isclose(current_rate, src["poverty_rate"]):
            poor = src["poor_population"]
        else:
            raise InputError(msg("goals_need_poor", rate=current_rate))
    targets = [float(target_rate)] if np.isscalar(target_rate) else [float(t) for t in target_rate]
    for t in targets:
        if not 0 <= t < current_rate:
            raise InputError(msg("goals_bad_target", rate=current_rate, target=t))
    prov_base = float(population) if population is not None else poor / (current_rate / 100)
    reg = regency_figures() if regency_values is None else regency_values.copy()
    for col in ("poverty_rate", "poor_population"):
        if col not in reg.columns:
            raise InputError(msg("goals_no_column", column=col), column=col)
    p = reg["poor_population"].astype("float64")
    b = p / (reg["poverty_rate"].astype("float64") / 100) if base == "implied" else reg["population"].astype(
        "float64")
    known = p.notna() & b.notna() & (b > 0)
    ry = "" if regency_values is not None else "2024 Maret"
    py = f"{src['year']} {src['period']}" if np.isclose(poor, src["poor_population"]) else ""
    year_note = _n("years", lang, ry=ry, py=py) if ry and py else ""
    names = reg["name"] if "name" in reg.columns else pd.Series("", index=reg.index)
    rows = []
    for t in targets:
        total = people_to_leave(poor, current_rate, t, prov_base)
        group = total / poor * p[known].sum()
        m, capped = _share(rule, p[known], b[known], group)
        base_note = "" if population is not None else _n(
            "base", lang, base=fmt_number(prov_base, lang, 0), poor=fmt_number(poor, lang, 0),
            rate=fmt_number(current_rate, lang), proj=fmt_number(src["population"], lang, 0),
            py=src["population_year"])
        rows.append({"target_rate": t, "level": "province", "code": "64", "name": "Kalimantan Timur",
                     "poverty_rate": current_rate, "poor_population": poor, "base_population": prov_base,
                     "must_leave": total, "note": base_note})
        for code in reg.index:
            note = year_note if known[code] else _n("no_count", lang)
            if known[code] and capped.get(code, False):
                note = f"{note}; {_n('capped', lang)}".strip("; ")
            rows.append({"target_rate": t, "level": "kabkota", "code": code, "name": names[code],
                         "poverty_rate": reg.loc[code, "poverty_rate"], "poor_population": p[code],
                         "base_population": b[code] if known[code] else np.nan,
                         "must_leave": m.get(code, np.nan), "note": note})
        rows.append({"target_rate": t, "level": "difference", "code": "", "name": "",
                     "must_leave": total - float(m.sum()), "note": _n("rest", lang)})
    out = pd.DataFrame(rows)
    out["poor_after"] = out["poor_population"] - out["must_leave"]
    out["rate_after"] = out["poor_after"] / out["base_population"] * 100
    out["rule"] = rule
    cols = ["target_rate", "level", "code", "name", "poverty_rate", "poor_population", "base_population",
            "must_leave", "poor_after", "rate_after", "rule", "note"]
    out = out[cols]
    out.attrs.update(current_rate=float(current_rate), poor=float(poor), population_base=prov_base,
                     rule=rule, rule_text=rule_text(rule, lang), base=base)
    return out


def _largest_remainder(values: pd.Series, total: int) -> pd.Series:
    """Whole numbers summing to ``total``: the whole part of each value, then one more each to the largest
    fractional parts (ties: first in order). Missing values stay missing."""
    known = values.dropna()
    base = np.floor(known + 1e-9)
    extra = int(total - base.sum())
    frac = (known - base).to_numpy()
    order = np.lexsort((np.arange(len(known)), -frac))
    out = base.to_numpy().copy()
    out[order[:max(extra, 0)]] += 1
    return pd.Series(out, index=known.index).reindex(values.index)


def whole_people(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`distance_to_target` in whole people, as a planner reads it.

    Per target: the province's ``must_leave`` rounded to the nearest person; the regencies' shares rounded
    by largest remainder so they add up to their rounded sum (a regency never gets more than its poor); the
    ``difference`` row is then the province figure minus that sum, in whole people (it may be below 0 when
    the regencies' figures, of another year, add up to more than the province's: it is not a count of people
    who must leave). ``poor_population``, ``base_population``, ``must_leave`` and ``poor_after`` become
    ``Int64``; ``rate_after`` is recomputed from the whole numbers.

    >>> d = distance_to_target(3.4, 3.0, poor=34_000, regency_values=pd.DataFrame(
    ...     {"poverty_rate": [10.0, 5.0, 2.0], "poor_population": [10_000.0, 10_000.0, 14_000.0]},
    ...     index=["1", "2", "3"]))
    >>> whole_people(d)["must_leave"].tolist()   # 4000 x 10/34, 10/34, 14/34 = 1176.47, 1176.47, 1647.06
    [4000, 1177, 1176, 1647, 0]
    """
    out = table.copy()
    for target, rows in out.groupby("target_rate", sort=False):
        prov = rows.index[rows["level"] == "province"]
        kab = rows.index[rows["level"] == "kabkota"]
        diff = rows.index[rows["level"] == "difference"]
        total = int(np.round(out.loc[prov, "must_leave"].sum()))
        shares = out.loc[kab, "must_leave"]
        group = int(np.round(shares.sum(min_count=1))) if shares.notna().any() else 0
        out.loc[prov, "must_leave"] = float(total)
        out.loc[kab, "must_leave"] = _largest_remainder(shares, group).to_numpy()
        out.loc[diff, "must_leave"] = float(total - group)
    for col in ("poor_population", "base_population"):
        out[col] = out[col].round()
    out["poor_after"] = out["poor_population"] - out["must_leave"]
    out["rate_after"] = out["poor_after"] / out["base_population"] * 100
    for col in ("poor_population", "base_population", "must_leave", "poor_after"):
        out[col] = out[col].round().astype("Int64")
    return out
