"""Roll figures up the administrative tree: desa -> kecamatan -> kab/kota -> province.

Counts (people, households, houses, hectares, rupiah totals) are summed; rates
and per-capita figures are averaged with population weights, so a rolled-up
poverty rate is ``sum(rate * population) / sum(population)``, never a plain
mean of village rates.

Besides one column per indicator, :func:`roll_up` returns flag columns so no
gap is silent (turn them off with ``flags=False``):

- ``n_units``: how many lower units fall in the parent;
- ``<id>__missing``: how many of them have no value for the indicator. A sum
  over parts with gaps is the sum of the parts that have a value (a lower
  bound); when every part is missing the result stays NaN;
- ``<id>__unweighted`` (weighted-mean indicators only): True where the parent's
  value is a *plain* mean, because some part that has a value has no usable
  weight (weight missing, or all weights zero). The plain mean is taken over
  every part that has a value, so no part is dropped.

>>> kec = roll_up(values, layer.indicators, desa["parent"])      # doctest: +SKIP
>>> kab = roll_up_to(values, layer.indicators, units, "desa", "kabkota")  # doctest: +SKIP
>>> kec_layer = roll_up_layer(desa_layer, desa, "kecamatan")             # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo_planner.errors import InputError
from geo_planner.i18n.messages import msg
from geo_planner.layers.kinds import aggregation
from geo_planner.layers.model import Indicator, Layer
from geo_planner.layers.synthetic import ROLLUP_WEIGHTS
from geo_planner.units.coverage import to_equal_area
from geo_planner.units.hierarchy import load_units

__all__ = ["aggregation_of", "roll_up", "roll_up_to", "roll_up_layer", "flag_columns", "LEVEL_ORDER", "AGGREGATIONS",
           "AREA_COLUMN"]

AGGREGATIONS = ("sum", "weighted_mean", "area_share", "mean")
LEVEL_ORDER = ("province", "kabkota", "kecamatan", "desa")  # top to bottom
MISSING, UNWEIGHTED = "__missing", "__unweighted"

AREA_COLUMN = "unit_area_ha"  # the area of each lower unit: the weight of an area share


def aggregation_of(indicator: Indicator) -> str:
    """How an indicator rolls up: ``"sum"`` (counts, areas, money), ``"weighted_mean"`` (rates, by
    population), ``"area_share"`` (a share of the unit's area: area over area) or ``"mean"`` (indices).

    The indicator's own ``aggregation`` wins when set; otherwise its kind decides
    (:func:`geo_planner.layers.kinds.aggregation`, one vocabulary for every module).

    Raises
    ------
    InputError
        When neither tells (an empty or unknown unit): guessing could add up rates.
    """
    return aggregation(indicator)


def flag_columns(frame: pd.DataFrame) -> list[str]:
    """The flag columns of a rolled-up table (``n_units``, ``*__missing``, ``*__unweighted``)."""
    return [c for c in frame.columns if c == "n_units" or str(c).endswith((MISSING, UNWEIGHTED))]


def _plan(values: pd.DataFrame, indicators: Mapping[str, Indicator], weight_column: str,
          weight_for: Mapping[str, str] | None) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """Aggregation and weight of each column, and weight columns carried as sums."""
    unknown = [c for c in values.columns if c not in indicators and c not in (weight_column, AREA_COLUMN)
               and c not in (weight_for or {}).values() and c not in flag_columns(values)]
    if unknown:
        raise InputError(msg("rollup_no_metadata", columns=", ".join(map(str, unknown))))
    cols = [c for c in values.columns if c in indicators]
    how = {c: aggregation_of(indicators[c]) for c in cols}
    weights = {c: (weight_for or {}).get(c, weight_column) for c in cols if how[c] == "weighted_mean"}
    weights.update({c: (weight_for or {}).get(c, AREA_COLUMN) for c in cols if how[c] == "area_share"})
    for c, w in weights.items():
        if w in how and how[w] != "sum":
            raise InputError(msg("rollup_weight_not_count", weight=w, column=c))
    carried = sorted({w for w in weights.values() if w in values.columns and w not in how})
    return how, weights, carried


def roll_up(values: pd.DataFrame, indicators: Mapping[str, Indicator], parents: pd.Series, *,
            weight_column: str = "population", weight_for: Mapping[str, str] | None = None,
            flags: bool = True) -> pd.DataFrame:
    """Roll a table of figures up one level (or along any code -> parent-code mapping).

    Parameters
    ----------
    values : DataFrame
        Index: codes of the lower units; columns: indicator ids (as from
        :meth:`Layer.values`). Flag columns of an earlier roll-up are ignored.
    indicators : mapping of str to Indicator
        Metadata of every indicator column; :func:`aggregation_of` decides
        between sum and weighted mean.
    parents : Series
        Lower-unit code -> parent code (e.g. ``units["parent"]``).
    weight_column : str
        Column weighting the means, ``"population"`` by default. It is summed
        into the result even when it is not an indicator, so a second roll-up
        can weight again.
    weight_for : mapping of str to str, optional
        Per-indicator weight columns overriding ``weight_column``, e.g.
        ``{"coverage_ratio": "poor_households"}``.
    flags : bool
        Add ``n_units``, ``<id>__missing`` and ``<id>__unweighted`` (see the
        module docstring).

    Returns
    -------
    DataFrame
        Indexed by parent code (name ``code``, sorted), with one float column
        per indicator in the order of ``values``, the carried weight columns,
        then the flags.

    Raises
    ------
    InputError
        When a code has no parent, a column has no metadata or cannot be
        rolled up.
    """
    data = values.drop(columns=flag_columns(values))
    how, weights, carried = _plan(data, indicators, weight_column, weight_for)
    codes = data.index.astype(str)
    parent_of = pd.Series(parents.to_numpy(), index=parents.index.astype(str))
    parent_of = parent_of[~parent_of.index.duplicated()]
    target = parent_of.reindex(codes)
    orphans = codes[target.isna().to_numpy()]
    if len(orphans):
        raise InputError(msg("rollup_orphans", n=len(orphans), codes=", ".join(orphans[:5])))
    keys = pd.Index(target.astype(str).to_numpy(), name="code")
    frame = data.astype("float64").set_axis(keys, axis=0)
    grouped = frame.groupby(level=0, sort=True)
    out = pd.DataFrame(index=pd.Index(sorted(set(keys)), name="code"))
    flag: dict[str, pd.Series] = {}
    if flags:
        flag["n_units"] = grouped.size().astype("int64")
    for col in [*how, *carried]:
        if how.get(col, "sum") == "sum":
            out[col] = grouped[col].sum(min_count=1)
        elif how[col] == "mean":
            out[col] = grouped[col].mean()
        elif how[col] == "area_share" and weights[col] not in frame.columns:
            raise InputError(msg("rollup_area_share", column=col, weight=weights[col]), column=col)
        else:
            out[col], flag[col + UNWEIGHTED] = _weighted_mean(frame[col], frame.get(weights[col]))
        if flags:
            flag[col + MISSING] = frame[col].isna().groupby(level=0, sort=True).sum().astype("int64")
    if flags:
        order = ["n_units"] + [f"{c}{s}" for c in [*how, *carried] for s in (MISSING, UNWEIGHTED)]
        out = out.join(pd.DataFrame({k: flag[k] for k in order if k in flag}))
    else:
        out = out[[*how, *carried]]
    return out


def _weighted_mean(value: pd.Series, weight: pd.Series | None) -> tuple[pd.Series, pd.Series]:
    """Weighted mean per index group, and whether the group fell back to a plain mean."""
    has = value.notna()
    w = weight.astype("float64") if weight is not None else pd.Series(np.nan, index=value.index)
    usable = has & w.notna() & (w >= 0)
    wsum = w.where(usable, 0.0).groupby(level=0, sort=True).sum()
    wx = (value * w).where(usable, 0.0).groupby(level=0, sort=True).sum()
    complete = (has & ~usable).groupby(level=0, sort=True).sum() == 0
    weighted_ok = complete & (wsum > 0)
    plain = value.groupby(level=0, sort=True).mean()  # mean skips NaN; all-NaN gives NaN
    any_value = has.groupby(level=0, sort=True).any()
    result = (wx / wsum.where(wsum > 0)).where(weighted_ok, plain).where(any_value)
    return result, (~weighted_ok & any_value)


def roll_up_to(values: pd.DataFrame, indicators: Mapping[str, Indicator],
               units_by_level: Mapping[str, pd.DataFrame], from_level: str, to_level: str, *,
               weight_column: str = "population", weight_for: Mapping[str, str] | None = None,
               flags: bool = True) -> pd.DataFrame:
    """Roll figures from one level up to a higher one (e.g. desa to kab/kota or province).

    Each lower unit is mapped straight to its ancestor by following the
    ``parent`` columns level by level, then rolled up once, so the flags
    count the lowest units. With complete weights this equals rolling up
    one level at a time with :func:`roll_up`.

    Parameters
    ----------
    values : DataFrame
        Figures of the ``from_level`` units (index codes, columns indicator ids).
    indicators : mapping of str to Indicator
        Metadata of every indicator column.
    units_by_level : mapping of str to DataFrame
        Units of ``from_level`` and of every level between it and ``to_level``
        (each with a ``parent`` column, as from :func:`load_units`). Units of
        ``to_level``, when given, fix the rows of the result: a unit with no
        lower unit in ``values`` gets a row of NaN.
    from_level, to_level : str
        Levels among ``province``, ``kabkota``, ``kecamatan``, ``desa``;
        ``to_level`` must be above ``from_level``.
    weight_column, weight_for, flags
        As in :func:`roll_up`.

    Returns
    -------
    DataFrame
        Indexed by ``to_level`` code, as from :func:`roll_up`.
    """
    for lvl in (from_level, to_level):
        if lvl not in LEVEL_ORDER:
            raise InputError(msg("rollup_unknown_level", level=lvl, levels=", ".join(LEVEL_ORDER)))
    top, bottom = LEVEL_ORDER.index(to_level), LEVEL_ORDER.index(from_level)
    if top >= bottom:
        raise InputError(msg("rollup_not_above", low=from_level, high=to_level))
    codes = pd.Index(values.index.astype(str))
    ancestor = pd.Series(codes.to_numpy(), index=codes)
    for lvl in LEVEL_ORDER[bottom:top:-1]:
        if lvl not in units_by_level:
            raise InputError(msg("rollup_units_needed", level=lvl, low=from_level, high=to_level))
        units = units_by_level[lvl]
        step = pd.Series(units["parent"].to_numpy(), index=units.index.astype(str))
        ancestor = ancestor.map(step)
    result = roll_up(values, indicators, ancestor, weight_column=weight_column, weight_for=weight_for,
                     flags=flags)
    if to_level in units_by_level:
        index = pd.Index(units_by_level[to_level].index.astype(str), name="code").union(result.index)
        parts = [result[[c]].reindex(index, fill_value=(False if c.endswith(UNWEIGHTED) else 0)
                                     if c in flag_columns(result) else np.nan) for c in result.columns]
        result = pd.concat(parts, axis=1) if parts else result.reindex(index)
    return result


def roll_up_layer(layer: Layer, lower_units: gpd.GeoDataFrame, level: str, province: str = "64") -> Layer:
    """A layer of a lower level (e.g. desa) rolled up to ``level`` with :func:`roll_up_to`.

    Counts and areas are summed, rates population-weighted, shares of the unit's area recomputed as
    area over area (weighted by the lower units' hectares in the equal-area CRS, supplied here as
    ``unit_area_ha``). Every ``level`` unit of the province gets a row. The layer's unmatched rows
    (with their row numbers) and problems are kept, once.
    """
    from_level = str(lower_units["level"].iloc[0])
    levels = LEVEL_ORDER[LEVEL_ORDER.index(level): LEVEL_ORDER.index(from_level) + 1]
    units_by_level = {lv: (lower_units if lv == from_level else load_units(lv, province)) for lv in levels}
    values = layer.values()
    if any(aggregation_of(layer.indicators[c]) == "area_share" for c in values.columns if c in layer.indicators):
        ha = shapely.area(to_equal_area(lower_units.geometry.values, lower_units.crs)) / 1e4
        values[AREA_COLUMN] = pd.Series(ha, index=lower_units.index.astype(str)).reindex(values.index)
    values = roll_up_to(values, layer.indicators, units_by_level, from_level, level, weight_for=ROLLUP_WEIGHTS)
    values = values[[c for c in values.columns if c in layer.indicators]]  # no flags, no carried areas
    long = values.rename_axis("code").reset_index().melt(id_vars="code", var_name="indicator", value_name="value")
    long = long.dropna(subset=["value"])
    note = f"roll-up of {layer.name} from {from_level} to {level}" + (
        " (SINTETIS / synthetic)" if layer.synthetic else "")
    years = layer.selected().groupby("indicator")["year"].agg(lambda y: y.mode().iloc[0] if len(y) else "")
    source = layer.file if layer.file and not layer.synthetic else note
    figures = long.assign(year=long["indicator"].map(years).fillna(""), period="", source=source, note=note,
                          selected=True, selection_note="", row=None)
    return Layer(layer.name, level, figures, dict(layer.indicators), layer.unmatched, layer.province_rows,
                 list(layer.problems), synthetic=layer.synthetic, file=layer.file)
