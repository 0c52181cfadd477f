"""The tables a planner downloads besides the priority list, made ready for the export gate.

Each function returns a :class:`geo_planner.outputs.gate.Table` (or a
:class:`~geo_planner.outputs.gate.Derived`, computed from the protected
analysis) that :func:`geo_planner.outputs.gate.write` writes as CSV or XLSX:

- :func:`lead_table`: the lead office per unit or per pocket (``geo-planner lead``, the lead page);
- :func:`allocation_file`: an allocation per unit, its totals and parameters (``geo-planner allocate``,
  the allocation page); the kinds of its columns (people reached, packages, rupiah) come from
  :mod:`geo_planner.layers.kinds`, so a desa whose count is hidden has its packages and costs hidden too;
- :func:`goal_file`: the distance to the provincial target per regency;
- :func:`targets_table`: the agencies' targets register (its CSV numbers as text that import reads back);
- :func:`rows_table`: rows that matched no unit, or an import's rejected rows (household-level rows
  stripped to row number and reason);
- :func:`sector_file`: the sector table (``layers/sectors.csv``) as edited in the app.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from geo_planner.errors import InputError
from geo_planner.i18n.messages import msg
from geo_planner.layers.model import Indicator
from geo_planner.outputs.gate import Derived, Table
from geo_planner.outputs.privacy import safe_unmatched

__all__ = ["analysis_summary", "lead_table", "allocation_file", "goal_file", "targets_table", "rows_table",
           "sector_file"]


def analysis_summary(analysis) -> dict[str, object]:
    """What a table computed from ``analysis`` was made from (the provenance it carries)."""
    p = analysis.provenance
    keys = ("created", "level", "province", "within", "boundaries", "layers", "weights", "method",
            "synthetic", "pockets")
    return {f"analysis_{k}" if k in ("created", "level") else k: p.get(k) for k in keys if k in p}


def lead_table(analysis, make: Callable[[object], pd.DataFrame], *, title: str, name: str,
               code: str | None = None) -> Derived:
    """A table of lead offices computed by ``make`` from the *protected* analysis (scores, shares, offices).

    ``make`` receives the analysis the gate protected, so the scores and
    shares of need in the table follow from the figures a file may show.
    """
    def build(protected) -> Table:
        return Table(make(protected), title, level=protected.level, code=code,
                     provenance={**analysis_summary(protected), "privacy_of_figures": "computed from the figures "
                                 "shown after small-count protection"}, name=name)

    return Derived(analysis, build)


def _figure(column: str, unit: str, kind: str = "") -> Indicator:
    return Indicator(column, column, column, unit, "context", kind=kind)


def allocation_file(result, analysis, *, reach: str, need: str | None, lang: str = "id",
                    sheets: Mapping[str, pd.DataFrame] | None = None, name: str = "alokasi",
                    title: str | None = None, totals: str = "totals",
                    labels: Mapping[str, str] | None = None) -> Table:
    """An allocation (:class:`geo_planner.planning.allocate.Comparison`) as a table for the gate.

    The per-unit table of :func:`geo_planner.planning.allocate.allocation_table`
    with its totals row, then ``sheets`` (totals, parameters) for an XLSX.
    The reach and need columns are the analysis indicators ``reach`` and
    ``need``; packages are counts of things, costs money, people reached a
    count of the reach's unit.
    """
    from geo_planner.planning.allocation_tables import allocation_table, totals_table

    table = allocation_table(result, lang, labels)
    # allocation_table: the unit columns (without no_data), a note column, the code first
    ids = ["code", *[c for c in result.units.columns if c != "no_data"], "note"]
    if len(ids) != len(table.columns):  # never write an allocation whose columns' kinds are unknown
        raise InputError(msg("plan_tables_columns_changed"))
    labels = dict(zip(ids, table.columns))
    reach_meta = analysis.indicators.get(reach) or _figure(reach, "jiwa", "count")
    need_meta = analysis.indicators.get(need) if need else None
    kinds: dict[str, object] = {}
    for col_id, label in labels.items():
        what = col_id.rsplit("_", 2)
        if col_id == "reach":
            kinds[label] = reach_meta
        elif col_id == "need":
            kinds[label] = need_meta or _figure("need", "skor", "index")
        elif col_id in ("min_units", "max_units") or col_id.endswith("_quantity"):
            kinds[label] = _figure(label, "paket", "count")
        elif col_id.endswith("_cost"):
            kinds[label] = _figure(label, "Rp", "money")
        elif col_id.endswith("_poor_reached") or what[-1] == "reached":
            kinds[label] = _figure(label, getattr(reach_meta, "unit", "") or "jiwa", "count")
    extra = {totals: totals_table(result, lang), **(sheets or {})}
    money = {label: "#,##0" for label, meta in kinds.items() if getattr(meta, "kind", "") == "money"}
    title = title or ("Alokasi" if lang != "en" else "Allocation")
    return Table(table, title, kinds=kinds, level=analysis.level,
                 code=labels.get("code"), provenance={**analysis_summary(analysis), "reach": reach, "need": need,
                                                      "params": dict(result.params)},
                 sheets=extra, formats=money, name=name)


def goal_file(table: pd.DataFrame, *, title: str, lang: str = "id", provenance: Mapping[str, object] | None = None,
              name: str = "jarak_target") -> Table:
    """The distance to the provincial target (regency rows): figures of regencies, no small-area counts."""
    return Table(table, title, level="kabkota", provenance=dict(provenance or {}), name=name)


def targets_table(register, *, lang: str = "id", units: pd.DataFrame | None = None, **filters) -> Table:
    """The register's targets (:func:`geo_planner.planning.targets.files.export_rows`) as a table for the gate.

    Targets are plans, not counts of people: no small-count protection; the
    CSV carries quantities and budgets as text that import reads back exactly.
    The register's address is not in the provenance (it may hold a password).
    """
    from geo_planner.planning.targets.files import HEADERS, csv_numbers, export_rows

    frame = export_rows(register, lang=lang, units=units, **filters)
    k = 1 if lang == "en" else 0
    formats = {HEADERS[f][k]: "#,##0" for f in ("quantity", "budget_rp")}
    shown = {key: value for key, value in filters.items() if value}
    return Table(frame, "Targets" if lang == "en" else "Target", csv=csv_numbers(frame, lang), formats=formats,
                 provenance={"register": "geo-planner targets register", "filters": shown}, name="target_instansi")


def rows_table(rows: pd.DataFrame, *, title: str, name: str, source: str | None = None) -> Table:
    """Input rows that matched no unit (or were rejected), first ``layer``, ``file``, ``row``, ``reason``.

    Rows of a point layer (a household or facility each, with coordinates) keep
    only their row number and reason (:func:`geo_planner.outputs.privacy.safe_unmatched`).
    """
    safe = safe_unmatched(rows) if rows is not None else pd.DataFrame()
    first = [c for c in ("layer", "file", "row", "column", "reason") if c in safe.columns]
    safe = safe[first + [c for c in safe.columns if c not in first]]
    return Table(safe.reset_index(drop=True), title, provenance={"source": source} if source else {}, name=name)


def sector_file(table: pd.DataFrame, *, edited: bool) -> Table:
    """The sector table (indicator -> sector, office, programmes, strategy) as the app holds it."""
    return Table(table, "sectors", provenance={"table": "layers/sectors.csv", "edited_in_app": edited},
                 name="sectors")
