"""All of Indonesia as one coverage: national kab/kota and kecamatan units, mapped in one page.

:func:`load_national` reads the kab/kota or kecamatan file of every province
of the catalogue (the same pinned ``cahyadsn/wilayah_boundaries`` source as
:mod:`geo_planner.sources.boundaries`), cleans them together as ONE coverage with
:func:`geo_planner.units.coverage.clean_coverage` (so neighbours on either side of a
province border stop overlapping too, which cleaning province by province
cannot do) and stores the result as one GeoPackage with its cleaning report,
in the same cache as the province levels.

Its map (:mod:`geo_planner.outputs.national_map`) has to stay under 3 MB.

There are no national figures in geo-planner, so :func:`national_analysis`
ranks the units on a seeded SYNTHETIC layer of random points
(:func:`synthetic_points_layer`), flagged synthetic everywhere (the map shows
the SINTETIS / SYNTHETIC banner). It exists to measure the national map
(``benchmarks/bench_national.py``), not to inform a decision.

>>> kec = load_national("kecamatan")                     # doctest: +SKIP
>>> result = national_analysis(kec)                      # doctest: +SKIP
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo_planner.errors import InputError
from geo_planner.i18n import STRINGS, t
from geo_planner.i18n.messages import msg
from geo_planner.layers.model import Indicator, Layer
from geo_planner.sources.boundaries import PROVINCES
from geo_planner.units.coverage import EQUAL_AREA_CRS, clean_coverage
from geo_planner.units.hierarchy import built_path, cached_units, read_source_units

__all__ = [
    "NATIONAL", "NATIONAL_LEVELS", "SYNTHETIC_INDICATOR", "load_national", "national_cleaning_report",
    "national_path", "synthetic_points", "synthetic_points_layer", "national_analysis",
]

NATIONAL = "national"               # the ``province`` of a national analysis (provenance, cache folder)
NATIONAL_LEVELS = ("kabkota", "kecamatan")
# Bump when the national build (province set, report fields) changes, so cached GeoPackages are rebuilt.
NATIONAL_BUILD_VERSION = "1"
SYNTHETIC_INDICATOR = "synthetic_points_count"
SYNTHETIC_NOTE = " / ".join(STRINGS["national_synthetic_note"])  # both languages: it travels in every file


# --- build -----------------------------------------------------------------------------------------
def _provinces(provinces: Iterable[str] | None) -> tuple[str, ...]:
    if provinces is None:
        return tuple(PROVINCES)
    codes = tuple(sorted({str(p) for p in provinces}))
    unknown = [p for p in codes if p not in PROVINCES]
    if unknown or not codes:
        raise InputError(msg("national_unknown_provinces", codes=", ".join(unknown) or msg("national_none_given")))
    return codes


def _check_level(level: str) -> None:
    if level not in NATIONAL_LEVELS:
        raise InputError(msg("national_bad_level", levels=msg("files_or").join(NATIONAL_LEVELS), level=level))


def _key(provinces: tuple[str, ...]) -> str:
    scope = NATIONAL if provinces == tuple(PROVINCES) else "multi-" + "-".join(provinces)
    return f"{scope}-n{NATIONAL_BUILD_VERSION}"


def national_path(level: str = "kecamatan", *, cache: Path | None = None,
                  provinces: Iterable[str] | None = None) -> Path:
    """Where the cleaned national (or multi-province) GeoPackage of ``level`` is cached."""
    _check_level(level)
    return built_path(_key(_provinces(provinces)), level, cache)


def _raw_units(province: str, level: str, *, mirror, cache) -> gpd.GeoDataFrame:
    """One province's units of ``level`` as parsed from the pinned source, not cleaned
    (:func:`geo_planner.units.hierarchy.read_source_units`)."""
    return read_source_units(province, level, mirror=mirror, cache=cache)


def _cross_pairs(geoms: np.ndarray, provinces: np.ndarray) -> int:
    """Overlapping pairs of units of different provinces."""
    left, right = shapely.STRtree(geoms).query(geoms, predicate="overlaps")
    keep = left < right
    return int((provinces[left[keep]] != provinces[right[keep]]).sum())


def _gaps_left(units: gpd.GeoDataFrame) -> list[dict[str, object]]:
    """The holes in the union of the units, each with its area and the units around it."""
    geoms = units.geometry.to_numpy()
    holes = [shapely.Polygon(ring) for part in shapely.get_parts(shapely.union_all(geoms))
             for ring in part.interiors]
    if not holes:
        return []
    holes_arr = np.array(holes, dtype=object)
    ha = gpd.GeoSeries(holes_arr, crs="EPSG:4326").to_crs(EQUAL_AREA_CRS).area.to_numpy() / 1e4
    hole_i, unit_i = shapely.STRtree(geoms).query(holes_arr, predicate="intersects")
    codes = np.asarray(units.index, dtype=str)
    out = []
    for k, (hole, area) in enumerate(zip(holes_arr, ha)):
        point = hole.representative_point()
        around = sorted(codes[unit_i[hole_i == k]])
        out.append({"lon": round(point.x, 4), "lat": round(point.y, 4), "area_ha": round(float(area), 1),
                    "units": around, "provinces": sorted({c.split(".")[0] for c in around})})
    return sorted(out, key=lambda g: -g["area_ha"])


def _build(level: str, provinces: tuple[str, ...], *, mirror, cache) -> tuple[gpd.GeoDataFrame, dict]:
    t0 = time.perf_counter()
    raw = pd.concat([_raw_units(p, level, mirror=mirror, cache=cache) for p in provinces]).sort_index()
    dup = raw.index[raw.index.duplicated()]
    if len(dup):
        raise InputError(msg("national_duplicate_code", code=dup[0]))
    parsed = time.perf_counter() - t0
    prov = np.array([c.split(".")[0] for c in raw.index])
    cross_before = _cross_pairs(shapely.make_valid(raw.geometry.to_numpy()), prov)
    units, report = clean_coverage(raw, level=level)
    report = report.to_dict()
    report.update(
        scope=NATIONAL if provinces == tuple(PROVINCES) else "provinces",
        provinces=list(provinces),
        cross_province_overlapping_pairs_before=cross_before,
        cross_province_overlapping_pairs_after=_cross_pairs(units.geometry.to_numpy(), prov),
        gaps_left=_gaps_left(units),
        parse_seconds=round(parsed, 2),
        build_seconds=round(time.perf_counter() - t0, 2),
        method=report["method"] + "; " + t("national_method", "en"),  # the provenance: English
    )
    return units, report


def _load_or_build(level: str, provinces: tuple[str, ...], *, mirror=None, cache=None):
    """Cached like the provinces' levels (:func:`geo_planner.units.hierarchy.cached_units`)."""
    return cached_units(built_path(_key(provinces), level, cache),
                        lambda: _build(level, provinces, mirror=mirror, cache=cache))


def load_national(level: str = "kecamatan", *, cache: Path | None = None, mirror: Path | None = None,
                  provinces: Iterable[str] | None = None) -> gpd.GeoDataFrame:
    """The units of ``level`` of all 38 provinces, cleaned as one coverage.

    Built once (40-70 s and 0.6 GB peak for the 7,285 kecamatan on 2 cores) and then read
    from the cache (``GEO_PLANNER_CACHE``), like :func:`geo_planner.units.hierarchy.load_units`.

    Parameters
    ----------
    level : str
        ``"kecamatan"`` or ``"kabkota"``.
    cache, mirror : Path, optional
        As for :func:`geo_planner.units.hierarchy.load_units`.
    provinces : iterable of str, optional
        Only these provinces (two-digit codes), cleaned together: e.g. the five
        of Kalimantan. Default: every province of the catalogue.

    Returns
    -------
    GeoDataFrame
        Indexed by Kemendagri code; columns ``name``, ``level``, ``parent``,
        ``bps_code`` and ``geometry`` (EPSG:4326, one clean coverage).
    """
    _check_level(level)
    units, _ = _load_or_build(level, _provinces(provinces), mirror=mirror, cache=cache)
    units.index = units.index.astype(str)
    units.index.name = "code"
    return units


def national_cleaning_report(level: str = "kecamatan", *, cache: Path | None = None, mirror: Path | None = None,
                             provinces: Iterable[str] | None = None) -> dict:
    """What cleaning changed (:class:`geo_planner.units.coverage.CleaningReport` fields), plus the
    cross-province overlapping pairs before/after, the gaps left (wider than the gap width:
    lakes and gaps of the source) and the build time."""
    _check_level(level)
    return _load_or_build(level, _provinces(provinces), mirror=mirror, cache=cache)[1]


# --- synthetic analysis and the map ----------------------------------------------------------------
def synthetic_points(units: gpd.GeoDataFrame, n: int = 300_000, *, seed: int = 2026,
                     clusters: int = 2000, spread: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """Seeded SYNTHETIC points (lon, lat): three quarters in ``clusters`` Gaussian clusters of
    ``spread`` degrees around random units, a quarter uniform over the units' bounding box."""
    rng = np.random.default_rng(seed)
    centres = shapely.get_coordinates(units.geometry.representative_point().to_numpy())
    k = n * 3 // 4
    seeds = rng.choice(len(centres), size=min(clusters, len(centres)), replace=False)
    pick = seeds[rng.integers(0, len(seeds), k)]
    x = np.concatenate([centres[pick, 0] + rng.normal(0, spread, k), np.empty(n - k)])
    y = np.concatenate([centres[pick, 1] + rng.normal(0, spread, k), np.empty(n - k)])
    minx, miny, maxx, maxy = units.total_bounds
    x[k:], y[k:] = rng.uniform(minx, maxx, n - k), rng.uniform(miny, maxy, n - k)
    return x, y


def synthetic_points_layer(units: gpd.GeoDataFrame, *, level: str | None = None, n: int = 300_000,
                           seed: int = 2026) -> Layer:
    """A SYNTHETIC layer: :func:`synthetic_points` counted per unit with
    :func:`geo_planner.analysis.spatial.aggregate_points` as ``synthetic_points_count``
    (direction need, flagged synthetic). Points in the sea count nowhere."""
    from geo_planner.analysis.spatial import aggregate_points

    level = level or (str(units["level"].iloc[0]) if "level" in units.columns and len(units) else "kecamatan")
    x, y = synthetic_points(units, n, seed=seed)
    totals, pos = aggregate_points(units, x, y)
    on_land = t("national_on_land", "en", n=f"{n:,}", seed=seed, land=f"{int((pos >= 0).sum()):,}")
    source = f"{SYNTHETIC_NOTE} ({on_land})"
    figures = pd.DataFrame({
        "code": totals.index.astype(str), "indicator": SYNTHETIC_INDICATOR,
        "value": totals["count"].astype("float64").to_numpy(), "year": "", "period": "", "source": source,
        "note": source, "selected": True, "selection_note": "", "row": None})
    indicator = Indicator(SYNTHETIC_INDICATOR, *STRINGS["national_points"], "titik",
                          "need", description=source, layer="synthetic_points", synthetic=True, aggregation="sum")
    return Layer("synthetic_points", level, figures, {SYNTHETIC_INDICATOR: indicator}, synthetic=True)


def national_analysis(units: gpd.GeoDataFrame | None = None, *, level: str = "kecamatan", seed: int = 2026,
                      n_points: int = 300_000, **load):
    """Rank the national units on the SYNTHETIC points layer (:func:`geo_planner.pipeline.analyse`).

    ``units`` default: :func:`load_national` of ``level`` (``load`` passes on
    ``cache``, ``mirror``, ``provinces``). The analysis is flagged synthetic.
    """
    from geo_planner.pipeline import analyse

    if units is None:
        units = load_national(level, **load)
    layer = synthetic_points_layer(units, level=level, n=n_points, seed=seed)
    result = analyse(units, [layer], {SYNTHETIC_INDICATOR: 1.0}, level=level, province=NATIONAL)
    return result.with_provenance(scope=t("national_scope", "en", n=len({c.split(".")[0] for c in units.index})))


