"""The tables and sentences a planner reads of a budget allocation (:mod:`geo_planner.planning.allocate`).

:func:`allocation_table` (per unit, with a total row and a note for every unit
without data), :func:`totals_table` (per method), :func:`notes` (which units
each method shares over, naming those left out) and :func:`summary` (the
lines the CLI prints), in Bahasa Indonesia or English.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from geo_planner.i18n import STRINGS, fmt_number, t
from geo_planner.planning.allocate import MAX_NAMED, METHODS, Comparison, verdict

__all__ = ["allocation_table", "totals_table", "notes", "summary", "verdict_notes", "method_goal"]


_HEADERS = {key: STRINGS[f"alloc_h_{key}"] for key in (  # key -> (Bahasa Indonesia, English) header
    "code", "name", "need", "reach", "min_units", "max_units", "quantity", "cost", "poor_reached", "note", "total",
    "budget", "budget_used", "leftover", "units_funded", "units_no_data", "method", "min_share")}


def _h(key: str, lang: str) -> str:
    return _HEADERS[key][1 if lang == "en" else 0]


def _as_comparison(result: Comparison | pd.DataFrame) -> Comparison:
    if isinstance(result, Comparison):
        return result
    m = result.attrs.get("method", "optimised")
    units = result.rename(columns={c: f"{m}_{c}" for c in ("quantity", "cost", "poor_reached")})
    return Comparison({m: result}, units, pd.DataFrame(), {k: result.attrs.get(k) for k in
                                                            ("need_column", "reach_column", "unit_cost")})


def _label(column: str, labels: Mapping[str, str] | None) -> str:
    return (labels or {}).get(column, column)


def _unit_note(row: pd.Series, cmp: Comparison, lang: str, labels: Mapping[str, str] | None) -> str:
    """The note of one unit: which figure it lacks and what each method did with it."""
    if not row.get("no_data", False):
        return ""
    missing = [c for c, v in ((cmp.params.get("need_column"), row.get("need")),
                              (cmp.params.get("reach_column"), row.get("reach"))) if c and pd.isna(v)]
    missing = list(dict.fromkeys(missing))
    out = [m for m in cmp.results if m != "equal"]
    parts = [t("al_note_no_data", lang, columns="; ".join(_label(c, labels) for c in missing))]
    if out:
        parts.append(t("al_note_left_out", lang, methods=", ".join(METHODS[m][1 if lang == "en" else 0]
                                                                    for m in out)))
    if "equal" in cmp.results:
        parts.append(t("al_note_equal_unknown", lang))
    return "; ".join(parts)


def allocation_table(result: Comparison | pd.DataFrame, lang: str = "id",
                     labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Per-unit export table with headers in ``lang`` and a total row at the bottom.

    ``result`` is a :class:`Comparison` or one :func:`allocate` result;
    ``labels`` names the need and reach columns in the notes (column id ->
    label). Method columns read e.g. "Optimal (MILP): jumlah paket
    (KPM/kelompok)"; a unit without data has empty cells there and a note.
    """
    cmp = _as_comparison(result)
    units = cmp.units.copy()
    units["note"] = [_unit_note(r, cmp, lang, labels) for _, r in units.iterrows()]
    units = units.drop(columns="no_data").rename_axis("code").reset_index()
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
    t_ = result.totals.reset_index()
    if "min_share" in t_.columns:
        t_["min_share"] = (t_["min_share"] * 100).round(1)
    t_["method"] = t_["method"].map(lambda m: METHODS[m][1 if lang == "en" else 0])
    return t_.rename(columns={c: _h(c, lang) for c in t_.columns})


def _named(codes: list[str], names: pd.Series | None, lang: str) -> str:
    def one(code: str) -> str:
        name = names.get(code) if names is not None else None
        return f"{name} ({code})" if name is not None and pd.notna(name) else code

    shown = ", ".join(one(c) for c in codes[:MAX_NAMED])
    more = len(codes) - MAX_NAMED
    return shown + (t("al_and_more", lang, n=fmt_number(more, lang, 0)) if more > 0 else "")


def notes(result: Comparison | pd.DataFrame, lang: str = "id",
          labels: Mapping[str, str] | None = None) -> dict[str, str]:
    """One sentence per method saying which units it shares over, and naming the units left out.

    >>> from geo_planner.planning.allocate import compare
    >>> units = pd.DataFrame({"name": ["A", "B"], "poor": [4.0, None]}, index=["a", "b"])
    >>> notes(compare(units, budget=4e6, unit_cost=1e6, reach_column="poor"), "en")["proportional"]
    'Proportional to need: shared in proportion to poor over 1 of 2 units. No data for poor: B (b); left out.'
    """
    cmp = _as_comparison(result)
    names = cmp.units["name"] if "name" in cmp.units.columns else None
    n_all = len(cmp.units)
    need = _label(str(cmp.params.get("need_column")), labels)
    reach = _label(str(cmp.params.get("reach_column")), labels)
    out = {}
    for m, r in cmp.results.items():
        label = METHODS[m][1 if lang == "en" else 0]
        covered, left = r.attrs["covered"], r.attrs["left_out"]
        if m == "equal":
            text = t("al_covers_equal", lang, method=label, n=fmt_number(n_all, lang, 0))
            unknown = [str(c) for c in r.index[r["no_data"]]]
            if unknown:
                text += " " + t("al_covers_equal_unknown", lang, units=_named(unknown, names, lang))
        else:
            by = need if m == "proportional" else reach
            text = t(f"al_covers_{m}", lang, method=label, column=by, n=fmt_number(len(covered), lang, 0),
                     total=fmt_number(n_all, lang, 0))
            if left:
                columns = need if need == reach else f"{need} / {reach}"
                text += " " + t("al_left_out", lang, columns=columns, units=_named(left, names, lang))
        out[m] = text
    return out


def _m(m: str, lang: str) -> str:
    return METHODS[m][1 if lang == "en" else 0]


def _and(items: list[str], lang: str) -> str:
    items = [f"«{x}»" for x in items]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + (" and " if lang == "en" else " dan ") + items[-1]


def method_goal(method: str, lang: str = "id") -> str:
    """What a method optimises, in plain words.

    >>> method_goal("equal", "en")
    'The same number of packages in every unit.'
    """
    return t(f"al_goal_{method}", lang)


def verdict_notes(result: Comparison, lang: str = "id") -> list[str]:
    """The sentences that say what is best and why (:func:`geo_planner.planning.allocate.verdict`): which
    methods reach the most poor and whether they tie (and why), which spreads the packages most evenly, and
    every method that leaves money unspent, with the amount and the reason.

    >>> from geo_planner.planning.allocate import compare
    >>> units = pd.DataFrame({"poor": [10.0, 30.0]}, index=["a", "b"])
    >>> verdict_notes(compare(units, budget=4e6, unit_cost=1e6, reach_column="poor",
    ...                       methods=("equal", "optimised")), "en")[0]
    '«Equal quota» and «Optimised (MILP)» reach the same 4 poor people: no unit gets more packages than it has poor, so every package reaches someone whichever way is used. The ways differ only in where the packages go.'
    """
    v = verdict(result)
    out = []
    n = fmt_number(v["most"], lang, 0)
    if v["tie"]:
        out.append(t("al_tie_all_used" if v["all_used"] else "al_tie", lang,
                     methods=_and([_m(m, lang) for m in v["best"]], lang), n=n))
        if "optimised" in v["best"]:
            out.append(t("al_tie_optimised", lang, method=_m("optimised", lang)))
            shares = result.totals["min_share"]
            if "fair" in v["best"] and shares["fair"] > shares["optimised"] + 1e-9:
                out.append(t("al_tie_fair", lang, fair=_m("fair", lang), method=_m("optimised", lang),
                             share=fmt_number(100 * shares["fair"], lang, 1),
                             other=fmt_number(100 * shares["optimised"], lang, 1)))
    elif v["best"]:
        out.append(t("al_most", lang, method=f"«{_m(v['best'][0], lang)}»", n=n))
    if v["fairest"] and len(v["fairest"]) < len(result.results) and np.isfinite(v["share"]):
        out.append(t("al_fairest", lang, methods=_and([_m(m, lang) for m in v["fairest"]], lang),
                     share=fmt_number(100 * v["share"], lang, 1)))
    cost = fmt_number(result.params["unit_cost"], lang, 0)
    for m, left in v["leftover"].items():
        amount = fmt_number(left["amount"], lang, 0)
        if left["unspent"] > 0:
            text = t("al_left_unspent", lang, method=_m(m, lang), amount=amount, n=fmt_number(left["unspent"], lang, 0),
                     cost=cost, why=t(f"al_left_why_{left['why']}", lang))
            if left["remainder"] > 0.5:
                text += t("al_left_of_which", lang, rem=fmt_number(left["remainder"], lang, 0))
        else:
            text = t("al_left_remainder", lang, method=_m(m, lang), amount=amount, cost=cost)
        out.append(text)
    return out


def summary(result: Comparison, lang: str = "id", labels: Mapping[str, str] | None = None) -> str:
    """One line per method: packages, rupiah used and poor reached, formatted for ``lang``; then the
    :func:`notes` on which units each method covers."""
    lines = []
    for m, row in result.totals.iterrows():
        lines.append(f"{METHODS[m][1 if lang == 'en' else 0]}: {fmt_number(row['quantity'], lang, 0)} × "
                     f"Rp {fmt_number(result.params['unit_cost'], lang, 0)} = Rp {fmt_number(row['budget_used'], lang, 0)}"
                     f"; {fmt_number(row['poor_reached'], lang, 0)} "
                     f"{_h('poor_reached', lang)}")
    lines.extend(verdict_notes(result, lang))
    lines.extend(notes(result, lang, labels).values())
    return "\n".join(lines)
