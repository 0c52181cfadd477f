"""The administrative hierarchy: units of every level, cleaned once and cached.

:func:`load_units` returns one level of a province as a GeoDataFrame indexed by
Kemendagri code (columns ``name``, ``level``, ``parent``, ``bps_code``, geometry in
EPSG:4326). The first call builds the level from the pinned source files
(:mod:`geo_planner.sources.boundaries`), cleans it into a coverage
(:func:`geo_planner.units.coverage.clean_coverage`) and stores it as a GeoPackage
in the cache; later calls read that file.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo_planner import settings
from geo_planner.errors import InputError
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
from geo_planner.units.coverage import clean_coverage

__all__ = ["load_units", "fetch", "cleaning_report", "cached_units", "built_path", "parent_code", "LEVELS"]


# Bump when parsing or cleaning changes, so cached GeoPackages are rebuilt.
BUILD_VERSION = "1"


def built_path(province: str, level: str, cache: Path | None) -> Path:
    cache = Path(cache) if cache is not None else settings.cache_dir()
    return cache / "units" / f"{UPSTREAM_COMMIT[:12]}-b{BUILD_VERSION}" / province / f"{level}.gpkg"


def parent_code(code: str, level: str, province: str) -> str:
    if level == "kabkota":
        return province
    return code.rsplit(".", 1)[0]


def _build_level(province: str, level: str, *, mirror, cache) -> tuple[gpd.GeoDataFrame, dict]:
    if level == "province":
        kab, _ = _load_or_build(province, "kabkota", mirror=mirror, cache=cache)
        geom = kab.geometry.union_all()
        units = gpd.GeoDataFrame(
            {"name": [province_name(province)], "level": ["province"], "parent": [None],
             "bps_code": [province]},
            geometry=[geom], index=pd.Index([province], name="code"), crs="EPSG:4326",
        )
        return units, {"level": "province", "method": "union of the cleaned kab/kota units"}
    frames = []
    for rel in source_files(province, level):
        path = fetch_source_file(rel, mirror=mirror, cache=cache)
        frames.append(parse_wilayah_sql(path.read_text(encoding="utf-8"), file=rel))
    raw = pd.concat(frames, ignore_index=True)
    depth = CODE_DEPTH[level]
    raw = raw[raw["code"].str.count(r"\.") == depth - 1]
    raw = raw[raw["code"].str.startswith(province + ".")]
    units = gpd.GeoDataFrame(
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
    cleaned, report = clean_coverage(units, level=level)
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
            raise InputError(f"no {level} unit lies within code {within}")
    return units


def cleaning_report(level: str = "kabkota", province: str | None = None, **kwargs) -> dict:
    """What cleaning changed for one level (see :class:`CleaningReport`)."""
    province = province or settings.default_province()
    check_args(province, level)
    return _load_or_build(province, level, **kwargs)[1]
