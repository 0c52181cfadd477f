"""An analysis made fit to leave the office: what the export gate hands to every writer.

:func:`protect_analysis` returns a new :class:`~geo_planner.pipeline.Analysis`
(the one given is never changed) whose every table follows
:func:`geo_planner.outputs.privacy.protect`:

- the units' figures: small counts suppressed (or rounded), secondary
  suppression, and the row rule (the other figures of a unit whose count is
  hidden are emptied, the counts of people shown and areas excepted);
- what is derived from them is derived again from the figures shown, so no
  hidden cell can be worked out from the file: the priority score, rank,
  ``indicators_used`` and the 0-100 ``need_<id>`` of each unit, its map class,
  the ``coverage_score`` (emptied where the row rule applies) and the pockets'
  population, poor people and mean need and coverage (sums over the members
  whose figure is shown);
- the long tables of figures (alternatives included) hide what the units hide;
- the rows of a point layer that matched no unit are stripped to their row
  number and reason (:func:`geo_planner.outputs.privacy.safe_unmatched`).

Its ``provenance["privacy"]`` says what was done: ``mode``, ``threshold``,
``levels``, ``columns``, ``cells`` changed, ``rescored`` and the note in
Indonesian and English (``note_id``, ``note_en``). An analysis already
protected is returned as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import numpy as np
import pandas as pd

from geo_planner.analysis.priority import classification_of, classify, compute_priority
from geo_planner.errors import InputError
from geo_planner.outputs.privacy import (
    DEFAULT_LEVELS,
    DEFAULT_THRESHOLD,
    affected_rows,
    apply_rule,
    check_settings,
    count_columns,
    point_sums,
    protect,
    safe_unmatched,
)

__all__ = ["protect_analysis", "is_protected"]


def is_protected(analysis) -> bool:
    """True when ``analysis`` came out of :func:`protect_analysis`."""
    return "privacy" in getattr(analysis, "provenance", {})


def protect_analysis(analysis, *, mode: str = "suppress", threshold: int = DEFAULT_THRESHOLD,
                     levels: Iterable[str] = DEFAULT_LEVELS, lang: str = "id"):
    """A new analysis ready for export: small counts protected, derived figures computed from what is shown.

    Parameters
    ----------
    analysis : Analysis
    mode : {"suppress", "round", "none"}
    threshold : int
    levels : iterable of str
        See :func:`geo_planner.outputs.privacy.protect`.
    lang : {"id", "en"}
        Unused (both notes are kept); for symmetry with the writers.

    Raises
    ------
    InputError
        For an unknown mode or a bad threshold.
    """
    threshold = check_settings(mode, threshold)
    if is_protected(analysis):
        return analysis
    levels = tuple(levels)
    before = analysis.units
    ids = list(analysis.indicator_ids)
    figures_before = before[ids]
    shown, note_id = protect(figures_before, analysis.indicators, level=analysis.level, threshold=threshold,
                             mode=mode, levels=levels, lang="id")
    _, note_en = protect(figures_before, analysis.indicators, level=analysis.level, threshold=threshold,
                         mode=mode, levels=levels, lang="en")
    counts = count_columns(analysis.indicators, ids) if analysis.level in levels else []
    sums = list(point_sums(analysis.indicators, ids)) if mode != "none" else []
    rows = (affected_rows(figures_before, shown, counts, mode, threshold) if mode != "none"
            else pd.Series(False, index=before.index))
    changed = [c for c in ids if not _same(figures_before[c], shown[c])]
    cells = sum(int((~_equal(figures_before[c], shown[c])).sum()) for c in changed)
    units = before.copy()
    for col in ids:
        units[col] = shown[col]
    if "coverage_score" in units.columns and rows.any():
        units["coverage_score"] = units["coverage_score"].astype("float64").mask(rows.to_numpy())
    bins = analysis.bins
    if changed:
        units, bins = _rescore(units, analysis)
    pockets = _pockets(analysis.pockets, units, changed, mode, threshold)
    provenance = {**analysis.provenance, "privacy": {
        "mode": mode, "threshold": threshold, "levels": list(levels), "applied": bool(counts or sums),
        "columns": [*counts, *(c for c in sums if c not in counts)], "point_sums": sums, "cells": cells,
        "units_with_hidden_counts": int(rows.sum()), "rescored": bool(changed),
        "note_id": note_id, "note_en": note_en,
        "household_rows": "never exported: only figures aggregated per unit",
    }}
    figures = _protect_figures(analysis.figures, before, units, ids, counts, sums, mode, threshold)
    all_figures = _protect_figures(analysis.all_figures, before, units, ids, counts, sums, mode, threshold)
    return replace(analysis, units=units, figures=figures, all_figures=all_figures, pockets=pockets,
                   unmatched=safe_unmatched(analysis.unmatched), provenance=provenance, bins=list(bins))


def _equal(a: pd.Series, b: pd.Series) -> pd.Series:
    x, y = pd.to_numeric(a, errors="coerce"), pd.to_numeric(b, errors="coerce")
    return (x == y) | (x.isna() & y.isna())


def _same(a: pd.Series, b: pd.Series) -> bool:
    return bool(_equal(a, b).all())


def _rescore(units: pd.DataFrame, analysis) -> tuple[pd.DataFrame, list[float]]:
    """Score, rank, need and map class again from the figures shown (hidden cells count as missing).

    An analysis without map classes (``analyse(classes=False)``) gets none: a map adds them from the
    scores shown (:meth:`~geo_planner.pipeline.Analysis.with_classes`), the same classes as here.
    """
    ids = list(analysis.indicator_ids)
    try:
        scores = compute_priority(units[ids], analysis.indicators, analysis.weights)
    except InputError:  # no weighted figure left at all: nothing can be scored from what is shown
        scores = pd.DataFrame({"priority_score": np.nan, "rank": pd.NA, "indicators_used": 0}, index=units.index)
        scores["rank"] = scores["rank"].astype("Int64")
    units = units.drop(columns=[c for c in units.columns if str(c).startswith("need_")])
    for col in scores.columns:
        units[col] = scores[col]
    if "priority_class" not in units.columns:
        return units, list(analysis.bins)
    scheme, k = classification_of(analysis.provenance)
    classes, bins = classify(units["priority_score"], scheme=scheme, k=k)
    units["priority_class"] = classes
    return units, bins


def _pockets(pockets: pd.DataFrame | None, units: pd.DataFrame, changed: list[str], mode: str,
             threshold: int) -> pd.DataFrame | None:
    """The pockets' sums and means over what their members show."""
    if pockets is None:
        return None
    out = pockets.copy()
    if not changed or mode == "none":
        return out
    sources = {"population": "population", "poor": "poor_population", "need": "priority_score",
               "coverage": "coverage_score"}
    for col, source in sources.items():
        if col not in out.columns:
            continue
        if source not in units.columns:
            if col in ("population", "poor"):  # no per-unit figure to sum again: protect the sum itself
                out[col] = apply_rule(out[col], mode, threshold)
            continue
        values = pd.to_numeric(units[source], errors="coerce")
        agg = (lambda v: v.sum(min_count=1)) if col in ("population", "poor") else (lambda v: v.mean())
        out[col] = [agg(values.reindex([str(c) for c in members])) for members in out["units"]]
    return out


def _protect_figures(figures: pd.DataFrame, before: pd.DataFrame, units: pd.DataFrame, ids: list[str],
                     counts: list[str], sums: list[str], mode: str, threshold: int) -> pd.DataFrame:
    """Long figures under the same rules: counts by value (alternatives too); every (unit, indicator)
    cell the units hide is hidden in every row of it; point sums as their unit's."""
    if figures is None or figures.empty or "value" not in figures.columns:
        return figures
    out = figures.copy()
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype("float64")
    hit = out["indicator"].isin(counts)
    if hit.any():
        out.loc[hit, "value"] = apply_rule(out.loc[hit, "value"], mode, threshold)
    cols = [c for c in ids if c in units.columns]
    mine = out["indicator"].isin(cols) & out["code"].isin(units.index)
    if mine.any() and mode != "none":
        rows = units.index.get_indexer(out.loc[mine, "code"])
        at = pd.Index(cols).get_indexer(out.loc[mine, "indicator"])
        now = units[cols].apply(pd.to_numeric, errors="coerce").to_numpy(dtype="float64")[rows, at]
        was = before[cols].apply(pd.to_numeric, errors="coerce").to_numpy(dtype="float64")[rows, at]
        gone = np.isnan(now) & ~np.isnan(was)
        out.loc[out.index[mine][gone], "value"] = np.nan
    hit = out["indicator"].isin(sums) & out["code"].isin(units.index)
    if hit.any():
        wide = units[sums]
        rows = wide.index.get_indexer(out.loc[hit, "code"])
        at = wide.columns.get_indexer(out.loc[hit, "indicator"])
        out.loc[hit, "value"] = wide.to_numpy(dtype="float64")[rows, at]
    return out
