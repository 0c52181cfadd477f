"""A user's own boundary file turned into units: codes found or crosswalked, names matched
against reference units, geometry repaired and cleaned into a coverage.

The file itself is read by :mod:`geo_planner.sources.userfiles`.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from geo_planner.errors import InputError
from geo_planner.i18n.messages import msg
from geo_planner.sources.userfiles import read_any, to_wgs84
from geo_planner.units.codes import (
    BPS_TO_KEMENDAGRI,
    KEMENDAGRI_TO_BPS,
    classify_key,
    match_keys,
    recover_code,
    undotted,
)
from geo_planner.units.coverage import CleaningReport, clean_coverage

__all__ = ["read_boundary_file"]


_NAME_COLUMNS = ("nama", "name", "namobj", "wadmkk", "wadmkc", "wadmkd", "nama_kab", "nama_kec",
                 "nama_desa", "kabupaten", "kecamatan", "desa", "kelurahan", "wilayah", "adm2_en", "adm3_en")


def _code_column(gdf: gpd.GeoDataFrame, code_column: str | None, file: str) -> str | None:
    if code_column:
        if code_column not in gdf.columns:
            raise InputError(msg("userunits_no_column", column=code_column, columns=", ".join(map(str, gdf.columns))),
                             file=file)
        return code_column
    for col in gdf.columns.drop(gdf.geometry.name):
        kinds = gdf[col].dropna().astype(str).map(classify_key)
        if len(kinds) and kinds.isin(["kemendagri", "bps"]).mean() > 0.9:
            return col
    return None


def _name_column(gdf: gpd.GeoDataFrame, name_column: str | None, skip: str | None) -> str | None:
    if name_column:
        return name_column
    lower = {str(c).lower(): c for c in gdf.columns}
    for cand in _NAME_COLUMNS:
        if cand in lower and lower[cand] != skip:
            return lower[cand]
    text = [c for c in gdf.columns if c not in (skip, gdf.geometry.name) and gdf[c].dtype == object]
    return text[0] if text else None


def _kemendagri(code: object) -> str:
    """A feature's code as Kemendagri: BPS regency codes crosswalked, spreadsheet damage undone (6402.0,
    '6403), a desa or kecamatan code written without dots (6402162001, 640216) given its dots."""
    s = recover_code(code)
    if classify_key(s) == "bps":
        if s in BPS_TO_KEMENDAGRI:
            return BPS_TO_KEMENDAGRI[s]
        dotted = undotted(s)
        if dotted is not None and (len(s) == 6 or s[6] in "12"):  # Kemendagri desa: 1xxx kelurahan, 2xxx desa
            return dotted
        raise InputError(msg("userunits_bps_no_crosswalk", code=s))
    return s


def read_boundary_file(path: str | Path, *, level: str = "kabkota", code_column: str | None = None,
                       name_column: str | None = None, reference: pd.DataFrame | None = None
                       ) -> tuple[gpd.GeoDataFrame, CleaningReport]:
    """Read the user's boundary file as cleaned units of ``level``.

    Codes come from a code column (Kemendagri or, for Kaltim regencies, BPS
    codes crosswalked), or, failing that, from matching names against
    ``reference`` units of the same level.

    Raises
    ------
    InputError
        Unknown format, no CRS on projected data, coordinates outside
        Indonesia, no code and no way to match names, empty geometries.
    """
    path = Path(path)
    file = path.name
    if not path.is_file():
        raise InputError(msg("userunits_file_missing"), file=str(path))
    gdf = to_wgs84(read_any(path), file)
    empty = gdf.geometry.isna() | gdf.geometry.is_empty
    if empty.any():
        rows = ", ".join(str(i + 1) for i in gdf.index[empty][:20])
        raise InputError(msg("userunits_no_geometry", rows=rows), file=file)
    ccol = _code_column(gdf, code_column, file)
    ncol = _name_column(gdf, name_column, ccol)
    if ccol is not None:
        codes = [_kemendagri(c) for c in gdf[ccol]]
    elif ncol is not None and reference is not None:
        m = match_keys(gdf[ncol], reference)
        if m["code"].isna().any():
            bad = gdf[ncol][m["code"].isna()].astype(str).tolist()[:10]
            raise InputError(msg("userunits_names_unmatched", level=level, names=", ".join(bad)), file=file)
        codes = m["code"].tolist()
    else:
        raise InputError(msg("userunits_no_code_column"), file=file)
    invalid = ~gdf.geometry.is_valid
    for i in gdf.index[invalid]:
        warnings.warn(msg("userunits_repaired", file=file, code=codes[list(gdf.index).index(i)]), UserWarning,
                      stacklevel=2)
    geoms = shapely.make_valid(gdf.geometry.to_numpy())
    units = gpd.GeoDataFrame(
        {"name": gdf[ncol].astype(str).to_numpy() if ncol else codes, "level": level,
         "parent": [c.rsplit(".", 1)[0] if "." in c else None for c in codes],
         "bps_code": [KEMENDAGRI_TO_BPS.get(c) for c in codes]},
        geometry=geoms, index=pd.Index(codes, name="code"), crs="EPSG:4326")
    if units.index.duplicated().any():
        dup = sorted(set(units.index[units.index.duplicated()]))[:10]
        raise InputError(msg("userunits_duplicate_codes", codes=", ".join(dup)), file=file)
    return clean_coverage(units.sort_index(), level=level)
