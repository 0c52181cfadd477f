"""One entry point for both shells: units + layers -> analysis.

The app and the CLI call the same three steps, so they cannot drift apart:

>>> units = load_units("kabkota")                        # doctest: +SKIP
>>> layers = load_layers(units, ["my_table.xlsx"])       # doctest: +SKIP
>>> result = analyse(units, layers, {"poverty_rate": 2}) # doctest: +SKIP

Loading is slow and done once (the app caches it); :func:`analyse` is cheap and
runs again on every weight change.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import geopandas as gpd
import pandas as pd

from geo_planner import __version__
from geo_planner.analysis.priority import DEFAULT_WEIGHTS, classification_of, classify, compute_priority
from geo_planner.analysis.rollup import roll_up_layer
from geo_planner.errors import InputError, Problem, ValidationError
from geo_planner.i18n import STRINGS, fmt_number, t
from geo_planner.i18n.messages import current_language, msg
from geo_planner.layers.directions import with_default_directions
from geo_planner.layers.idm import village_provenance
from geo_planner.layers.model import Indicator, Layer, builtin_layer, read_layer
from geo_planner.layers.official import official_table, with_source_types
from geo_planner.sources.boundaries import UPSTREAM_COMMIT, UPSTREAM_REPO
from geo_planner.units.hierarchy import cleaning_report, finest_units, load_units

__all__ = ["Analysis", "load_layers", "analyse", "build_analysis", "load_units", "roll_up_layer", "village_layer",
           "default_weights", "default_weights_note"]

METHOD_ID, METHOD_EN = STRINGS["method_line"]  # the method in one line (the provenance has the English one)


@dataclass(frozen=True)
class Analysis:
    """Units with their figures, scores, ranks and where every number came from.

    A value: its fields cannot be reassigned, and every step that adds to it
    (:func:`add_pockets`, :meth:`with_provenance`) returns a new one and leaves
    this one as it was. Treat ``units`` and ``provenance`` as read-only too.
    """

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
    pockets: pd.DataFrame | None = None  # an analysis returned by add_pockets has them
    problems: list = field(default_factory=list)  # warnings of the layers read (e.g. a column renamed)

    def with_classes(self) -> Analysis:
        """This analysis with map classes: ``units["priority_class"]`` and :attr:`bins` (what a map draws).

        An analysis made with ``classes=False`` (:func:`analyse`; the ranking to
        CSV/XLSX draws no map and does not load mapclassify) gets them computed
        as :func:`analyse` would have, with the classification of its
        provenance; one that has them is returned as it is.
        """
        if "priority_class" in self.units.columns:
            return self
        scheme, k = classification_of(self.provenance)
        classes, bins = classify(self.units["priority_score"], scheme=scheme, k=k)
        units = self.units.copy()
        units["priority_class"] = classes
        return replace(self, units=units, bins=bins)

    def with_provenance(self, **items: object) -> Analysis:
        """A copy whose provenance also holds ``items`` (e.g. ``within="64.72"``); this one is unchanged."""
        return replace(self, provenance={**copy.deepcopy(self.provenance), **items})

    @property
    def indicator_ids(self) -> list[str]:
        return [i for i in self.indicators if i in self.units.columns]

    @property
    def synthetic(self) -> bool:
        return any(i.synthetic for i in self.indicators.values())

    def ranked(self) -> pd.DataFrame:
        """The priority list: code, name, level, rank, score, then each indicator."""
        cols = ["name", "level", "parent", "rank", "priority_score", "indicators_used", *self.indicator_ids]
        # a plain DataFrame's columns (a GeoDataFrame's selection took a third of the time), copied in one
        # block each (a wide layer's frame is fragmented; the code column is then inserted in front)
        table = pd.DataFrame(self.units, copy=False)[cols].copy().reset_index()
        return table.sort_values(["rank", "code"], na_position="last").reset_index(drop=True)

    def unit_figures(self, code: str) -> pd.DataFrame:
        """All figures of one unit with source and year, alternatives included."""
        f = self.all_figures[self.all_figures["code"] == code].copy()
        f["label_id"] = f["indicator"].map(lambda i: self.indicators[i].label_id if i in self.indicators else i)
        f["label_en"] = f["indicator"].map(lambda i: self.indicators[i].label_en if i in self.indicators else i)
        f["unit"] = f["indicator"].map(lambda i: self.indicators[i].unit if i in self.indicators else "")
        return f.sort_values(["indicator", "selected", "year"], ascending=[True, False, False])


GIS_SUFFIXES = (".geojson", ".json", ".gpkg", ".zip", ".parquet", ".geoparquet", ".kml", ".shp", ".fgb", ".kmz",
                ".gpx")


def _source_name(src: object) -> str:
    return str(getattr(src, "name", src))


def _has_coordinates(src: object) -> bool:
    """A CSV/XLSX with latitude and longitude columns is a point layer, not a table."""
    from geo_planner.sources.tables import read_table

    table = read_table(src, name=_source_name(src).rsplit("/", 1)[-1])
    if hasattr(src, "seek"):
        src.seek(0)
    from geo_planner.analysis.spatial import LAT_NAMES, LON_NAMES

    from geo_planner.sources.coordinates import pair_column

    cols = {str(c).strip().lower() for c in table.data.columns}
    return (bool(cols & set(LAT_NAMES)) and bool(cols & set(LON_NAMES))) or pair_column(table.data.columns) is not None


def dask_points_layer(src: object, units: gpd.GeoDataFrame, *, level: str, scheduler: str | None = None,
                      weight_columns: Iterable[str] = ()) -> Layer:
    """Points too many for memory (partitioned GeoParquet), counted per unit on dask.distributed.

    Same indicators as a local point layer (``L_count``, ``L_<col>_sum``).
    Points outside every unit are counted, not listed row by row (there may be
    millions); :func:`geo_planner.analysis.spatial.read_spatial_layer` lists them.
    """
    from pathlib import Path

    from geo_planner.analysis.engine_dask import aggregate_points_dask
    from geo_planner.errors import Problem
    from geo_planner.layers.model import slugify

    if not isinstance(src, (str, Path)):
        raise InputError(msg("pipeline_dask_upload"))
    path = Path(src)
    name = slugify(path.stem if path.suffix else path.name)
    cols = list(weight_columns)
    totals = aggregate_points_dask(units, path, weight_columns=cols, scheduler=scheduler)
    ids = {"count": f"{name}_count", **{c: f"{name}_{slugify(c)}_sum" for c in cols}}
    wide = totals.rename(columns=ids)
    long = wide.rename_axis("code").reset_index().melt(id_vars="code", var_name="indicator", value_name="value")
    figures = long.astype({"code": str, "value": "float64"}).assign(
        year="", period="", source=path.name, note="dask engine", selected=True, selection_note="", row=None)
    indicators = {ids["count"]: Indicator(ids["count"], t("points_count", "id", name=name),
                                          t("points_count", "en", name=name), "titik", "context", layer=name,
                                          aggregation="sum")}
    for c in cols:
        indicators[ids[c]] = Indicator(ids[c], t("points_sum", "id", c=c, name=name),
                                       t("points_sum", "en", c=c, name=name), "", "context", layer=name,
                                       aggregation="sum")
    outside, missing = int(totals.attrs.get("outside", 0)), int(totals.attrs.get("no_coordinates", 0))
    lang = current_language()
    problems = [Problem(msg("pipeline_dask_outside", n=fmt_number(outside, lang, 0),
                            total=fmt_number(int(totals.attrs.get("points", 0)), lang, 0), level=level,
                            missing=fmt_number(missing, lang, 0)), file=path.name,
                        severity="warning")] if outside else []
    return Layer(name, level, figures, indicators, problems=problems, file=path.name)


def read_source(src: object, units: gpd.GeoDataFrame, *, level: str, province: str,
                sheet: str | int | None = None, engine: str = "local", scheduler: str | None = None,
                catalogue: bool = True, within: str | None = None) -> Layer:
    """One user source as a layer: a table of figures, or points / polygons aggregated to units.

    ``sheet`` chooses the sheet of a workbook by name or 0-based position
    (default: the first sheet that holds a table). ``engine="dask"`` counts a
    (partitioned) GeoParquet of points on dask.distributed (``scheduler``: an
    address, or None for a local cluster). ``catalogue`` says that ``units`` are
    the catalogue's units of ``province`` (False for a user's own boundary file):
    points and polygons are then aggregated once at desa, where the province has
    desa, and rolled up to ``level``
    (:func:`geo_planner.units.hierarchy.finest_units`), so a kecamatan's
    count is exactly the sum of its desa counts.
    """
    if isinstance(src, Layer):
        return src
    if engine not in ("local", "dask"):
        raise InputError(msg("pipeline_unknown_engine", engine=engine))
    suffix = "." + _source_name(src).rsplit(".", 1)[-1].lower() if "." in _source_name(src) else ""
    if engine == "local" and not (suffix in GIS_SUFFIXES or _has_coordinates(src)):
        layer = read_layer(src, units, level=level, province=province, sheet=sheet, within=within)
        return official_table(layer)  # an official BPS table wins over the built-in figures
    finest = finest_units(units, level, province) if catalogue else None
    target = units if finest is None else finest
    if engine == "dask":
        layer = dask_points_layer(src, target, level=level, scheduler=scheduler)
    else:
        from geo_planner.analysis.spatial import read_spatial_layer

        layer = read_spatial_layer(src, target, level=level)  # messages name the level of the view
    return layer if finest is None else roll_up_layer(layer, finest, level, province)


def synthetic_layer(level: str, province: str = "64", *, seed: int = 2026) -> Layer:
    """The seeded synthetic village demo, at desa level or rolled up to ``level``."""
    from geo_planner.layers.synthetic import generate_villages

    desa = load_units("desa", province)
    regency = builtin_layer(load_units("kabkota", province), level="kabkota", province=province)
    villages = generate_villages(desa, regency, seed=seed)
    return villages if level == "desa" else roll_up_layer(villages, desa, level, province)


def load_layers(units: gpd.GeoDataFrame, sources: Iterable[object] = (), *, level: str = "kabkota",
                province: str = "64", include_builtin: bool = True,
                directions: Mapping[str, str] | None = None, synthetic: bool = False,
                engine: str = "local", scheduler: str | None = None, catalogue: bool = True,
                within: str | None = None) -> list[Layer]:
    """Read the built-in layer (when there is one), the synthetic demo when asked, and each user source.

    ``sources`` holds paths, uploaded files (with ``.name``) or ready
    :class:`Layer` objects: tables of figures by unit, or point / polygon
    layers (GIS files, or tables with latitude and longitude columns).
    ``directions`` sets ``need``/``coverage``/``context`` for indicators of
    user files, which come in as context. ``synthetic`` adds the seeded demo
    of village figures (kecamatan and desa levels only), flagged everywhere.
    ``catalogue=False`` says ``units`` come from a user's boundary file: point and
    polygon layers are then aggregated to them directly (see :func:`read_source`).
    ``within`` is the view (a drill-down code): names of rows that name no
    kecamatan or kabupaten are matched within it.
    The built-in layers are the regency figures (kab/kota level) and the
    village index IDM (:func:`village_layer`, desa, kecamatan and kab/kota).
    """
    layers: list[Layer] = []
    sources = list(sources)
    if include_builtin:
        base = with_source_types(builtin_layer(units, level=level, province=province))  # rilis BPS, berita...
        if base is not None:
            layers.append(base)
        village = village_layer(units, level, province, required=not synthetic and not sources)
        if village is not None:
            layers.append(village)
    if synthetic and level in ("kecamatan", "desa"):
        layers.append(synthetic_layer(level, province))
    for src in sources:
        layer = read_source(src, units, level=level, province=province, engine=engine, scheduler=scheduler,
                            catalogue=catalogue, within=within)  # names matched within the view
        _refuse_if_nothing_joined(layer, level)
        layers.append(with_default_directions(layer))  # need/coverage from the names, weight 1 (layers.directions)
    known = {k for layer in layers for k in layer.indicators}
    unknown = [k for k in (directions or {}) if k not in known]
    if unknown:  # a typo would otherwise leave the indicator without the direction the planner gave it
        raise InputError(msg("pipeline_unknown_direction", names=", ".join(unknown),
                             indicators=", ".join(sorted(known)) or "-"))
    for layer in layers:
        for k, d in (directions or {}).items():
            if k in layer.indicators:
                if d not in ("need", "coverage", "context"):
                    raise InputError(msg("pipeline_bad_direction", indicator=k, direction=d))
                weight = 0.0 if d == "context" else layer.indicators[k].default_weight
                layer.indicators[k] = replace(layer.indicators[k], direction=d, default_weight=weight)
    return layers


def _refuse_if_nothing_joined(layer: Layer, level: str) -> None:
    """A user's table none of whose rows lands on a unit is refused, each row with its reason: ranked on the
    other layers alone, the planner would take the ranking for one that holds the file's figures."""
    if len(layer.figures) or not len(layer.unmatched):
        return
    rows = layer.unmatched
    problems = [Problem(str(r.get("reason", "")), file=layer.file or layer.name,
                        row=int(r["row"]) if pd.notna(r.get("row")) else None) for _, r in rows.iterrows()]
    problems.append(Problem(msg("pipeline_nothing_joined", n=len(rows), level=level), file=layer.file or layer.name))
    raise ValidationError(problems, file=layer.file or layer.name)


# --- village figures (IDM, issue 13) -------------------------------------------------------------------
def village_layer(units: gpd.GeoDataFrame, level: str, province: str, *, required: bool = False) -> Layer | None:
    """The built-in IDM village layer of ``level`` (:func:`geo_planner.layers.idm.idm_layer`), or None.

    When its files are neither cached, mirrored nor downloadable (or the
    province is not catalogued) it is left out, unless ``required`` (desa or
    kecamatan level with no other layer): then the reason is raised.
    """
    from geo_planner.errors import DataUnavailableError
    from geo_planner.layers.idm import idm_layer

    if level not in ("desa", "kecamatan", "kabkota"):
        return None
    try:
        return idm_layer(units, level=level, province=province)
    except DataUnavailableError:
        if required and level != "kabkota":
            raise
        return None


def default_weights(indicators: Mapping[str, Indicator]) -> dict[str, float]:
    """The weights used when none are given: poverty rate and poor people where they are loaded (regency
    figures, the demo), else low IDM 2024 (the villages' own index); plus weight 1 for each need or coverage
    figure of the user's own layers (:mod:`geo_planner.layers.directions`). When the defaults name
    indicators this level has not, the need/coverage indicators available are weighted 1 instead
    (:func:`default_weights_note` says so)."""
    from geo_planner.layers.idm import DEFAULT_WEIGHTS as IDM_WEIGHTS

    base = DEFAULT_WEIGHTS
    if not any(k in indicators for k in DEFAULT_WEIGHTS) and all(k in indicators for k in IDM_WEIGHTS):
        base = IDM_WEIGHTS
    usable = {k: m for k, m in indicators.items() if m.direction in ("need", "coverage")}
    own = {k: float(m.default_weight) for k, m in usable.items() if m.default_weight}
    if all(k in indicators for k in base):
        return {**base, **own}
    present = {k: w for k, w in base.items() if k in usable}
    if present or own:
        return {**present, **own}
    return {k: 1.0 for k in usable} or dict(base)


def default_weights_note(indicators: Mapping[str, Indicator], weights: Mapping[str, float]):
    """A warning when the default weights name indicators this level has not, naming those used instead."""
    from geo_planner.errors import Problem
    from geo_planner.layers.idm import DEFAULT_WEIGHTS as IDM_WEIGHTS

    base = DEFAULT_WEIGHTS if any(k in indicators for k in DEFAULT_WEIGHTS) else IDM_WEIGHTS
    missing = [k for k in base if k not in indicators]
    if not missing or not weights or any(k not in indicators for k in weights):
        return None
    used = ", ".join(f"{k}={w:g}" for k, w in weights.items())
    return Problem(msg("pipeline_default_weights_missing", missing=", ".join(missing), used=used),
                   severity="warning")


@dataclass(frozen=True)
class Combined:
    """Layers joined once: what :func:`analyse` needs before weights come in.

    ``figures`` (one selected figure per unit and indicator), ``all_figures``
    (every row, selected or not), ``indicators`` (those with a figure) and
    ``values`` (the wide float table, one row per code). The app keeps one per
    set of layers, so a weight change re-scores without re-joining.
    """

    figures: pd.DataFrame
    all_figures: pd.DataFrame
    indicators: dict[str, Indicator]
    values: pd.DataFrame


def combine_layers(layers: list[Layer]) -> Combined:
    """Join the layers' figures (a later layer's figure replaces an earlier one for the same unit)."""
    figures, all_figures, indicators = _combine(layers)
    values = (figures.pivot(index="code", columns="indicator", values="value").astype("float64")
              if len(figures) else pd.DataFrame(dtype="float64"))
    return Combined(figures, all_figures, indicators, values)


def _combine(layers: list[Layer]) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Indicator]]:
    selected, every = [], []
    indicators: dict[str, Indicator] = {}
    for layer in layers:  # a later layer's figure replaces an earlier one for the same unit and indicator
        sel = layer.selected().assign(layer=layer.name)
        ids = set(pd.unique(sel["indicator"]))
        selected.append(sel)
        every.append(layer.figures.assign(layer=layer.name))
        for k, meta in layer.indicators.items():
            if k in ids or k not in indicators:
                indicators[k] = replace(meta, synthetic=meta.synthetic or layer.synthetic)
    cols = ["code", "indicator", "value", "year", "period", "source", "note", "selected", "layer"]
    sel = (pd.concat(selected, ignore_index=True).drop_duplicates(["code", "indicator"], keep="last")
           if selected else pd.DataFrame(columns=cols))
    all_f = pd.concat(every, ignore_index=True) if every else sel.copy()
    present = set(pd.unique(sel["indicator"]))
    return sel, all_f, {k: v for k, v in indicators.items() if k in present}


def _reports(layers: list[Layer], attr: str) -> pd.DataFrame:
    frames = [getattr(l, attr).assign(layer=l.name, file=l.file) for l in layers if len(getattr(l, attr))]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["layer", "file", "row", "reason"])


def analyse(units: gpd.GeoDataFrame, layers: list[Layer], weights: Mapping[str, float] | None = None, *,
            level: str = "kabkota", province: str = "64", scheme: str = "quantiles", k: int = 5,
            combined: Combined | None = None, classes: bool = True) -> Analysis:
    """Join the layers to the units, score, rank and classify.

    ``combined`` is :func:`combine_layers` of the same ``layers``, when the
    caller keeps it (the app does): only scoring is then done again.
    ``classes=False`` leaves out the map classes (no ``priority_class``, no
    ``bins``; mapclassify is not loaded) for a ranking that draws no map;
    :meth:`Analysis.with_classes` adds them later, the same.
    """
    combined = combine_layers(layers) if combined is None else combined
    figures, all_figures, indicators = combined.figures, combined.all_figures, combined.indicators
    if figures.empty:
        raise InputError(msg("pipeline_no_figures", level=level))
    values = combined.values.reindex(units.index)
    order = [i for i in indicators if i in values.columns]
    note = None
    if weights is None:
        weights = default_weights(indicators)
        note = default_weights_note(indicators, weights)
        if not any(k in values.columns for k in weights) and not any(
                m.direction in ("need", "coverage") for m in indicators.values()):
            raise InputError(msg("pipeline_nothing_to_rank", indicators=", ".join(sorted(values.columns))))
    weights = {k_: w for k_, w in dict(weights).items() if w}
    scores = compute_priority(values, indicators, weights)
    gdf = units.join(values[order]).join(scores)
    bins: list[float] = []
    if classes:
        gdf["priority_class"], bins = classify(scores["priority_score"], scheme=scheme, k=k)
    provenance = {
        "tool": "geo-planner", "version": __version__,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "level": level, "province": province,
        "boundaries": f"{UPSTREAM_REPO}@{UPSTREAM_COMMIT}",
        "layers": [{"name": l.name, "file": l.file, "synthetic": l.synthetic,
                    "indicators": sorted(set(pd.unique(l.figures["indicator"])))} for l in layers],
        "weights": weights, "method": METHOD_EN, "classification": f"{scheme}, k={k}",
        "synthetic": any(l.synthetic for l in layers),
    }
    provenance.update(village_provenance(layers, province))  # IDM attribution, files, years
    return Analysis(level, province, gdf, indicators, figures, all_figures, weights,
                    _reports(layers, "unmatched"), _reports(layers, "province_rows"), provenance, bins,
                    problems=[p for layer in layers for p in layer.problems] + ([note] if note else []))


QUEEN = "queen contiguity, islands attached to nearest"  # the pockets' weights in the provenance (an id)
POCKET_COLUMNS = ("coverage_score", "bivariate", "underserved", "gi_class", "moran_quadrant", "pocket")


def add_pockets(analysis: Analysis, *, flag: str = "both", permutations: int = 999, fdr: bool = False,
                seed: int = 0, alpha: float = 0.05, w=None) -> Analysis:
    """A new analysis with the underserved pockets and hotspots of need; ``analysis`` is not changed.

    The new one's ``units`` (a copy) have the columns ``coverage_score`` (0-100,
    higher = better covered), ``bivariate`` (need class - coverage class, e.g.
    ``3-1``), ``underserved`` (high need, low coverage), ``gi_class`` (Gi* hot /
    cold), ``moran_quadrant`` and ``pocket`` (P1, P2, ...); its ``pockets`` hold one
    row per contiguous pocket with its members, population and poor people at stake,
    and why it is a pocket; its provenance (a copy) says how under ``"pockets"``.
    ``w`` takes ready ``(weights, islands)`` from :func:`geo_planner.analysis.pockets.contiguity`.

    >>> with_pockets = add_pockets(analysis, permutations=99)   # doctest: +SKIP
    """
    from geo_planner.analysis.pockets import analyse_pockets

    units = analysis.units.copy()
    values = units[analysis.indicator_ids]
    scores = units[["priority_score"]]
    result = analyse_pockets(units, values, analysis.indicators, scores, flag=flag, permutations=permutations,
                             fdr=fdr, seed=seed, alpha=alpha, w=w)
    units["coverage_score"] = result.bivariate["coverage"].reindex(units.index)
    units["bivariate"] = result.bivariate["label"].reindex(units.index)
    units["underserved"] = result.bivariate["underserved"].reindex(units.index).fillna(False).astype(bool)
    units["gi_class"] = result.hotspots["gi_class"].reindex(units.index).fillna("no data")
    units["moran_quadrant"] = result.hotspots["moran_quadrant"].reindex(units.index).fillna("no data")
    units["pocket"] = result.membership.reindex(units.index)
    settings = {"flag": flag, "permutations": permutations, "fdr": fdr, "seed": seed, "alpha": alpha,
                "weights": QUEEN, "islands": list(result.islands)}
    return replace(analysis.with_provenance(pockets=settings), units=units, pockets=result.pockets)


def within_units(units: gpd.GeoDataFrame, within: str | None) -> gpd.GeoDataFrame:
    """The units whose code is ``within`` or starts with ``within.`` (drill-down)."""
    if not within:
        return units
    inside = units[(units.index == within) | units.index.str.startswith(within + ".")]
    if inside.empty:
        raise InputError(msg("pipeline_nothing_within", code=within))
    return inside


def build_analysis(level: str = "kabkota", province: str | None = None, sources: Iterable[object] = (),
                   weights: Mapping[str, float] | None = None, *, directions: Mapping[str, str] | None = None,
                   include_builtin: bool = True, scheme: str = "quantiles", k: int = 5,
                   boundary_file: str | None = None, within: str | None = None,
                   synthetic: bool | None = None, engine: str = "local",
                   scheduler: str | None = None, classes: bool = True) -> Analysis:
    """Load units and layers, then :func:`analyse` (what the CLI runs).

    ``boundary_file`` replaces the catalogue's units by the user's own file
    (see :func:`geo_planner.units.userunits.read_boundary_file`). ``within`` keeps
    the units inside one higher-level code. ``synthetic`` adds the seeded
    village demo; by default it is on at kecamatan and desa level when no
    user layer is given (there are no sourced figures below regency level).
    ``classes=False``: no map classes (see :func:`analyse`).
    """
    from geo_planner import settings

    province = province or settings.default_province()
    sources = list(sources)
    if synthetic is None:
        synthetic = False  # real by default: IDM below regency level; the demo on request
    report: dict = {}
    if boundary_file is not None:
        from geo_planner.units.userunits import read_boundary_file

        units, cleaning = read_boundary_file(boundary_file, level=level)
        report = cleaning.to_dict()
    else:
        units = load_units(level, province)
        report = cleaning_report(level, province)
    layers = load_layers(units, sources, level=level, province=province, include_builtin=include_builtin,
                         directions=directions, synthetic=synthetic, engine=engine, scheduler=scheduler,
                         catalogue=boundary_file is None, within=within)
    result = analyse(within_units(units, within), layers, weights, level=level, province=province,
                     scheme=scheme, k=k, classes=classes)
    extra = {"boundaries": t("user_file", "en", name=boundary_file)} if boundary_file is not None else {}
    return result.with_provenance(**extra, within=within,
                                  cleaning={k_: v for k_, v in report.items() if k_ != "changed_units"})
