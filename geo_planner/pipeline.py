"""One entry point for both shells: units + layers -> analysis.

The app and the CLI call the same three steps, so they cannot drift apart:

>>> units = load_units("kabkota")                        # doctest: +SKIP
>>> layers = load_layers(units, ["my_table.xlsx"])       # doctest: +SKIP
>>> result = analyse(units, layers, {"poverty_rate": 2}) # doctest: +SKIP

Loading is slow and done once (the app caches it); :func:`analyse` is cheap and
runs again on every weight change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import geopandas as gpd
import pandas as pd

from . import __version__
from .boundaries import UPSTREAM_COMMIT, UPSTREAM_REPO, cleaning_report, load_units
from .errors import InputError
from .layers import Indicator, Layer, builtin_layer, read_layer
from .priority import DEFAULT_WEIGHTS, classify, compute_priority

__all__ = ["Analysis", "load_layers", "analyse", "build_analysis", "load_units"]

METHOD_ID = ("Skor prioritas = rata-rata tertimbang indikator yang diskalakan 0-100 (min-maks); "
             "indikator cakupan dibalik; hanya indikator yang tersedia.")
METHOD_EN = ("Priority score = weighted mean of indicators rescaled 0-100 (min-max); coverage "
             "indicators reversed; over the indicators available.")


@dataclass
class Analysis:
    """Units with their figures, scores, ranks and where every number came from."""

    level: str
    province: str
    units: gpd.GeoDataFrame
    indicators: dict[str, Indicator]
    figures: pd.DataFrame          # selected figures: code, indicator, value, year, period, source, note, layer
    all_figures: pd.DataFrame      # every joined figure, alternatives included
    weights: dict[str, float]
    unmatched: pd.DataFrame        # rows of input tables that matched no unit, with the reason
    province_rows: pd.DataFrame    # province total rows recognised and not joined
    provenance: dict[str, object] = field(default_factory=dict)
    bins: list[float] = field(default_factory=list)

    @property
    def indicator_ids(self) -> list[str]:
        return [i for i in self.indicators if i in self.units.columns]

    @property
    def synthetic(self) -> bool:
        return any(i.synthetic for i in self.indicators.values())

    def ranked(self) -> pd.DataFrame:
        """The priority list: code, name, level, rank, score, then each indicator."""
        cols = ["name", "level", "parent", "rank", "priority_score", "indicators_used", *self.indicator_ids]
        table = self.units[cols].reset_index()
        return table.sort_values(["rank", "code"], na_position="last").reset_index(drop=True)

    def unit_figures(self, code: str) -> pd.DataFrame:
        """All figures of one unit with source and year, alternatives included."""
        f = self.all_figures[self.all_figures["code"] == code].copy()
        f["label_id"] = f["indicator"].map(lambda i: self.indicators[i].label_id if i in self.indicators else i)
        f["label_en"] = f["indicator"].map(lambda i: self.indicators[i].label_en if i in self.indicators else i)
        f["unit"] = f["indicator"].map(lambda i: self.indicators[i].unit if i in self.indicators else "")
        return f.sort_values(["indicator", "selected", "year"], ascending=[True, False, False])


def load_layers(units: gpd.GeoDataFrame, sources: Iterable[object] = (), *, level: str = "kabkota",
                province: str = "64", include_builtin: bool = True,
                directions: Mapping[str, str] | None = None) -> list[Layer]:
    """Read the built-in layer (when there is one) and each user source.

    ``sources`` holds paths, uploaded files (with ``.name``) or ready
    :class:`Layer` objects. ``directions`` sets ``need``/``coverage``/``context``
    for indicators of user files, which come in as context.
    """
    layers: list[Layer] = []
    if include_builtin:
        base = builtin_layer(units, level=level, province=province)
        if base is not None:
            layers.append(base)
    for src in sources:
        layers.append(src if isinstance(src, Layer) else read_layer(src, units, level=level, province=province))
    for layer in layers:
        for k, d in (directions or {}).items():
            if k in layer.indicators:
                if d not in ("need", "coverage", "context"):
                    raise InputError(f"direction of '{k}' must be need, coverage or context, not '{d}'")
                layer.indicators[k] = replace(layer.indicators[k], direction=d)
    return layers


def _combine(layers: list[Layer]) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Indicator]]:
    selected, every = [], []
    indicators: dict[str, Indicator] = {}
    for layer in layers:  # a later layer's figure replaces an earlier one for the same unit and indicator
        sel = layer.selected().assign(layer=layer.name)
        ids = set(sel["indicator"])
        selected.append(sel)
        every.append(layer.figures.assign(layer=layer.name))
        for k, meta in layer.indicators.items():
            if k in ids or k not in indicators:
                indicators[k] = replace(meta, synthetic=meta.synthetic or layer.synthetic)
    cols = ["code", "indicator", "value", "year", "period", "source", "note", "selected", "layer"]
    sel = (pd.concat(selected, ignore_index=True).drop_duplicates(["code", "indicator"], keep="last")
           if selected else pd.DataFrame(columns=cols))
    all_f = pd.concat(every, ignore_index=True) if every else sel.copy()
    present = set(sel["indicator"])
    return sel, all_f, {k: v for k, v in indicators.items() if k in present}


def _reports(layers: list[Layer], attr: str) -> pd.DataFrame:
    frames = [getattr(l, attr).assign(layer=l.name, file=l.file) for l in layers if len(getattr(l, attr))]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["layer", "file", "row", "reason"])


def analyse(units: gpd.GeoDataFrame, layers: list[Layer], weights: Mapping[str, float] | None = None, *,
            level: str = "kabkota", province: str = "64", scheme: str = "quantiles", k: int = 5) -> Analysis:
    """Join the layers to the units, score, rank and classify."""
    figures, all_figures, indicators = _combine(layers)
    if figures.empty:
        raise InputError(f"no figure is joined to any {level} unit; load a layer with figures for this level")
    values = figures.pivot(index="code", columns="indicator", values="value").astype("float64")
    values = values.reindex(units.index)
    order = [i for i in indicators if i in values.columns]
    weights = dict(DEFAULT_WEIGHTS if weights is None else weights)
    weights = {k_: w for k_, w in weights.items() if w}
    scores = compute_priority(values, indicators, weights)
    classes, bins = classify(scores["priority_score"], scheme=scheme, k=k)
    gdf = units.join(values[order]).join(scores)
    gdf["priority_class"] = classes
    provenance = {
        "tool": "geo-planner", "version": __version__,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "level": level, "province": province,
        "boundaries": f"{UPSTREAM_REPO}@{UPSTREAM_COMMIT}",
        "layers": [{"name": l.name, "file": l.file, "synthetic": l.synthetic,
                    "indicators": sorted(set(l.figures["indicator"]))} for l in layers],
        "weights": weights, "method": METHOD_EN, "classification": f"{scheme}, k={k}",
        "synthetic": any(l.synthetic for l in layers),
    }
    return Analysis(level, province, gdf, indicators, figures, all_figures, weights,
                    _reports(layers, "unmatched"), _reports(layers, "province_rows"), provenance, bins)


def build_analysis(level: str = "kabkota", province: str | None = None, sources: Iterable[object] = (),
                   weights: Mapping[str, float] | None = None, *, directions: Mapping[str, str] | None = None,
                   include_builtin: bool = True, scheme: str = "quantiles", k: int = 5,
                   boundary_file: str | None = None) -> Analysis:
    """Load units and layers, then :func:`analyse` (what the CLI runs).

    ``boundary_file`` replaces the catalogue's units by the user's own file
    (see :func:`geo_planner.userfiles.read_boundary_file`).
    """
    from . import settings

    province = province or settings.default_province()
    if boundary_file is not None:
        from .userfiles import read_boundary_file

        units, report = read_boundary_file(boundary_file, level=level)
        layers = load_layers(units, sources, level=level, province=province,
                             include_builtin=include_builtin, directions=directions)
        result = analyse(units, layers, weights, level=level, province=province, scheme=scheme, k=k)
        result.provenance["boundaries"] = f"user file {boundary_file}"
        result.provenance["cleaning"] = {k_: v for k_, v in report.to_dict().items() if k_ != "changed_units"}
        return result
    units = load_units(level, province)
    layers = load_layers(units, sources, level=level, province=province,
                         include_builtin=include_builtin, directions=directions)
    result = analyse(units, layers, weights, level=level, province=province, scheme=scheme, k=k)
    result.provenance["cleaning"] = {k_: v for k_, v in cleaning_report(level, province).items()
                                     if k_ != "changed_units"}
    return result
