"""The administrative hierarchy: units of every level, cleaned once, nested and cached.

:func:`load_units` returns one level of a province as a GeoDataFrame indexed by
Kemendagri code (columns ``name``, ``level``, ``parent``, ``bps_code``, geometry in
EPSG:4326). The first call builds the level and stores it as a GeoPackage in the
cache; later calls read that file.

Where the catalogue has desa boundaries for the province (Kalimantan Timur, 64),
only the desa are cleaned from their source files
(:func:`geo_planner.units.coverage.clean_coverage`); each kecamatan is the
dissolve of its cleaned desa and each kab/kota the dissolve of its kecamatan
(Shapely's coverage union), so every unit is exactly the union of its children and
every child has one parent. The coarser units' names come from their own source
files, joined by code. Elsewhere (other provinces) each level is cleaned from its
own source file. The province is the union of its kab/kota either way.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo_planner import settings
from geo_planner.errors import DataUnavailableError, InputError
from geo_planner.i18n import t
from geo_planner.i18n.messages import msg
from geo_planner.sources.boundaries import (
    CODE_DEPTH,
    LEVELS,
    UPSTREAM_COMMIT,
    check_args,
    fetch_source_file,
    province_name,
    source_files,
)
from geo_planner.sources.wilayah_sql import parse_wilayah_sql
from geo_planner.units.codes import KEMENDAGRI_TO_BPS
from geo_planner.units.coverage import clean_coverage, describe_change

__all__ = ["load_units", "fetch", "cached_geometry", "cleaning_report", "cached_units", "built_path", "parent_code",
           "LEVELS",           "read_source_units", "dissolve_units", "nested", "finest_units", "FINEST"]


# Bump when parsing or cleaning changes, so cached GeoPackages are rebuilt.
# 2: kecamatan and kab/kota are the dissolve of the cleaned desa where desa exist.
BUILD_VERSION = "2"
FINEST = "desa"
CHILD_LEVEL = {"kecamatan": "desa", "kabkota": "kecamatan"}  # what a dissolved level is built from


def built_path(province: str, level: str, cache: Path | None) -> Path:
    cache = Path(cache) if cache is not None else settings.cache_dir()
    return cache / "units" / f"{UPSTREAM_COMMIT[:12]}-b{BUILD_VERSION}" / province / f"{level}.gpkg"


def parent_code(code: str, level: str, province: str) -> str:
    if level == "kabkota":
        return province
    return code.rsplit(".", 1)[0]


def nested(province: str) -> bool:
    """True when the catalogue has desa boundaries for ``province``: its kecamatan and kab/kota are
    then the dissolve of the cleaned desa (one nested hierarchy)."""
    try:
        source_files(province, FINEST)
    except DataUnavailableError:
        return False
    return True


def finest_units(units: gpd.GeoDataFrame, level: str, province: str) -> gpd.GeoDataFrame | None:
    """The desa of ``province`` when ``units`` are kecamatan or kab/kota units of its nested hierarchy,
    else None (desa already, no desa catalogued, or codes that are not the catalogue's).

    A layer counted on these desa and rolled up gives every coarser unit exactly the sum of its desa.
    """
    if level not in CHILD_LEVEL or not nested(province):
        return None
    finest = load_units(FINEST, province)
    ancestors = set(finest.index.str.split(".").str[:CODE_DEPTH[level]].str.join("."))
    return finest if set(units.index.astype(str)) <= ancestors else None


def read_source_units(province: str, level: str, *, mirror=None, cache=None) -> gpd.GeoDataFrame:
    """One level of a province as parsed from its pinned source files, not cleaned.

    Indexed by Kemendagri code, with ``name``, ``level``, ``parent`` and ``bps_code``
    (EPSG:4326). Rows of another depth or province in the files are not units of this level.
    """
    frames = []
    for rel in source_files(province, level):
        path = fetch_source_file(rel, mirror=mirror, cache=cache)
        frames.append(parse_wilayah_sql(path.read_text(encoding="utf-8"), file=rel))
    raw = pd.concat(frames, ignore_index=True)
    raw = raw[raw["code"].str.count(r"\.") == CODE_DEPTH[level] - 1]
    raw = raw[raw["code"].str.startswith(province + ".")]
    return gpd.GeoDataFrame(
        {
            "name": raw["name"].to_numpy(),
            "level": level,
            "parent": [parent_code(c, level, province) for c in raw["code"]],
            "bps_code": [KEMENDAGRI_TO_BPS.get(c) for c in raw["code"]],
        },
        geometry=raw.geometry.to_numpy(),
        index=pd.Index(raw["code"].to_numpy(), name="code"),
        crs="EPSG:4326",
    ).sort_index()


def dissolve_units(children: gpd.GeoDataFrame, source: gpd.GeoDataFrame, *, level: str,
                   province: str) -> tuple[gpd.GeoDataFrame, dict]:
    """The units of ``level`` as the dissolve of ``children`` (a clean coverage) by their ``parent`` code.

    Parameters
    ----------
    children : GeoDataFrame
        Cleaned units of the level below, indexed by code, with ``parent`` (EPSG:4326).
    source : GeoDataFrame
        The level's own source units (:func:`read_source_units`): only their ``name`` is used,
        joined by code; their geometry is the "before" of the report.
    level, province : str
        The level built and its province.

    Returns
    -------
    (GeoDataFrame, dict)
        One unit per parent code: the coverage union of its children (a plain union when the
        children are not a valid coverage), and the cleaning report. A parent code missing from
        the source file is kept, named by its code, and listed in ``not_in_source``; a source unit
        with no child has no area left and is listed in ``without_children``, never dropped silently.
    """
    parents = children["parent"].astype(str).to_numpy()
    groups = pd.Series(np.arange(len(children))).groupby(parents).indices
    codes = sorted(groups)
    geoms = children.geometry.to_numpy()
    valid = bool(shapely.coverage_is_valid(geoms))
    union = shapely.coverage_union_all if valid else shapely.union_all
    dissolved = np.array([union(geoms[groups[c]]) for c in codes], dtype=object)
    names = source["name"].reindex(codes)
    missing = names.index[names.isna()]
    units = gpd.GeoDataFrame(
        {"name": names.fillna(pd.Series(codes, index=codes)).to_numpy(), "level": level,
         "parent": [parent_code(c, level, province) for c in codes],
         "bps_code": [KEMENDAGRI_TO_BPS.get(c) for c in codes]},
        geometry=dissolved, index=pd.Index(codes, name="code"), crs="EPSG:4326",
    )
    child_level = str(children["level"].iloc[0]) if len(children) else CHILD_LEVEL.get(level, "")
    by_code = dict(zip(codes, dissolved))
    after = np.array([by_code.get(c) for c in source.index], dtype=object)  # None: no child, no area
    report = describe_change(source, after, level=level, built_from=child_level, children=len(children),
                             # the report is provenance, cached on disk with the units: written in English
                             method=t("hierarchy_method", "en", finest=FINEST,
                                      union="shapely.coverage_union_all" if valid else "shapely.union_all",
                                      n=f"{len(children):,}", child_level=child_level, level=level,
                                      each="" if child_level == FINEST else t("hierarchy_each", "en", finest=FINEST)),
                             without_children=[{"code": str(c), "name": str(source.at[c, "name"]),
                                                "reason": t("hierarchy_no_child", "en", child_level=child_level)}
                                               for c in source.index if c not in groups],
                             not_in_source=[{"code": str(c), f"{child_level}_units": len(groups[c]),
                                             "reason": t("hierarchy_not_in_source", "en", level=level)}
                                            for c in missing])
    report.units = len(units)
    return units, report.to_dict()


def _build_level(province: str, level: str, *, mirror, cache) -> tuple[gpd.GeoDataFrame, dict]:
    if level == "province":
        kab, kab_report = _load_or_build(province, "kabkota", mirror=mirror, cache=cache)
        geoms = kab.geometry.to_numpy()
        geom = shapely.coverage_union_all(geoms) if shapely.coverage_is_valid(geoms) else shapely.union_all(geoms)
        units = gpd.GeoDataFrame(
            {"name": [province_name(province)], "level": ["province"], "parent": [None],
             "bps_code": [province]},
            geometry=[geom], index=pd.Index([province], name="code"), crs="EPSG:4326",
        )
        method = t("hierarchy_province_method", "en")  # provenance, in English (see above)
        if kab_report.get("built_from"):
            method += t("hierarchy_province_each", "en")
        return units, {"level": "province", "method": method}
    source = read_source_units(province, level, mirror=mirror, cache=cache)
    if level in CHILD_LEVEL and nested(province):
        children, _ = _load_or_build(province, CHILD_LEVEL[level], mirror=mirror, cache=cache)
        children.index = children.index.astype(str)
        return dissolve_units(children, source, level=level, province=province)
    cleaned, report = clean_coverage(source, level=level)
    return cleaned, report.to_dict()


def _load_or_build(province: str, level: str, *, mirror=None, cache=None):
    return cached_units(built_path(province, level, cache),
                        lambda: _build_level(province, level, mirror=mirror, cache=cache))


def cached_units(path: Path, build) -> tuple[gpd.GeoDataFrame, dict]:
    """Cleaned units and their cleaning report, kept as a GeoPackage ``path`` and ``.cleaning.json`` beside it.

    ``build()`` makes them the first time; the GeoPackage is written under a temporary name and then
    renamed, so an interrupted build never leaves a half-written cache.
    """
    report_path = path.with_suffix(".cleaning.json")
    if path.is_file() and report_path.is_file():
        units = gpd.read_file(path, engine="pyogrio").set_index("code")
        return units, json.loads(report_path.read_text())
    units, report = build()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.gpkg")
    units.reset_index().to_file(tmp, driver="GPKG", engine="pyogrio")
    tmp.replace(path)
    report_path.write_text(json.dumps(report, indent=1))
    return units, report


def cached_geometry(province: str, level: str, name: str, build, *, index: pd.Index, crs=None,
                    cache: Path | None = None) -> gpd.GeoSeries:
    """A geometry derived from a level's cleaned units (e.g. the map's simplified outlines), kept beside
    the cleaned GeoPackage as ``<level>.<name>.parquet`` (GeoParquet: each geometry's type and coordinates
    as built).

    ``build()`` makes it the first time (a GeoSeries indexed like ``index``); a stored one whose codes are
    not those of ``index``, in that order, is built again; ``crs``: the one of the units (a stored CRS reads
    back as its PROJJSON, equal but not the same object). Written under a temporary name and renamed, as
    :func:`cached_units`. It lives in the folder of the upstream commit and build version, so it goes with
    the cleaned units it was derived from.
    """
    path = built_path(province, level, cache).with_name(f"{level}.{name}.parquet")
    if path.is_file():
        stored = gpd.read_parquet(path)
        codes = pd.Index(stored["code"].astype(str))
        if codes.equals(pd.Index(index.astype(str))):
            return gpd.GeoSeries(stored.geometry.to_numpy(), index=index, crs=crs or stored.crs)
    series = build()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.parquet")
    frame = gpd.GeoDataFrame({"code": [str(c) for c in series.index]}, geometry=series.to_numpy(), crs=series.crs)
    frame.to_parquet(tmp, index=False)
    tmp.replace(path)
    return series


def fetch(
    province: str | None = None,
    levels: tuple[str, ...] = LEVELS,
    *,
    mirror: Path | None = None,
    cache: Path | None = None,
) -> dict[str, Path]:
    """Download (or mirror), check, clean and store boundary levels.

    Returns the path of each level's cleaned GeoPackage.

    Examples
    --------
    >>> fetch("64", ("kabkota",))  # doctest: +SKIP
    {'kabkota': PosixPath('~/.cache/geo-planner/units/.../64/kabkota.gpkg')}
    """
    province = province or settings.default_province()
    out = {}
    for level in levels:
        check_args(province, level)
        _load_or_build(province, level, mirror=mirror, cache=cache)
        out[level] = built_path(province, level, cache)
    return out


def load_units(
    level: str = "kabkota",
    province: str | None = None,
    *,
    within: str | None = None,
    mirror: Path | None = None,
    cache: Path | None = None,
) -> gpd.GeoDataFrame:
    """Units of one level: GeoDataFrame indexed by Kemendagri code.

    Columns ``name``, ``level``, ``parent``, ``bps_code`` and ``geometry``
    (EPSG:4326, cleaned coverage). ``within`` keeps the units whose code
    starts with that code (e.g. ``within="64.02"``: Kutai Kartanegara's).
    """
    province = province or settings.default_province()
    check_args(province, level)
    units, _ = _load_or_build(province, level, mirror=mirror, cache=cache)
    units.index = units.index.astype(str)
    units.index.name = "code"
    if within:
        units = units[(units.index == within) | units.index.str.startswith(within + ".")]
        if units.empty:
            raise InputError(msg("hierarchy_none_within", level=level, within=within))
    return units


def cleaning_report(level: str = "kabkota", province: str | None = None, **kwargs) -> dict:
    """What cleaning changed for one level (see :class:`CleaningReport`)."""
    province = province or settings.default_province()
    check_args(province, level)
    return _load_or_build(province, level, **kwargs)[1]
