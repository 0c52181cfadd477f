"""The parent a row of a desa or kecamatan table names, so that its name is matched within that parent.

Desa names repeat across the province (six desa are called Sumber Sari in
Kalimantan Timur, three of them in Kutai Kartanegara), so a desa name alone
is matched only exactly, and a close spelling only within the kecamatan or
kabupaten the row names (:func:`geo_planner.units.codes.match_keys`). This
module finds those columns (:func:`parent_columns`: "Kecamatan", "Kabupaten/
Kota", "kode_kec", ...) and resolves them, coarse level first, to the code of
the unit each row lies in (:func:`row_parents`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import pandas as pd

from geo_planner.errors import GeoPlannerError
from geo_planner.layers.columns import slugify
from geo_planner.units.codes import match_codes, total_names
from geo_planner.units.hierarchy import load_units

__all__ = ["ANCESTORS", "PARENT_HEADERS", "parent_columns", "row_parents", "ParentNames", "units_loader", "total_names_of"]

# Headers of a column naming the unit a row lies in, per level of that unit (compared after slugify).
PARENT_HEADERS: dict[str, tuple[str, ...]] = {
    "kabkota": ("kabupaten", "kab", "kota", "kabupaten_kota", "kab_kota", "kabkota", "nama_kabupaten",
                "nama_kota", "nama_kabupaten_kota", "nama_kab_kota", "kode_kab", "kode_kabupaten", "kode_kab_kota",
                "kdkab", "regency", "city"),
    "kecamatan": ("kecamatan", "kec", "nama_kecamatan", "nama_kec", "kode_kecamatan", "kode_kec", "kdkec",
                  "district"),
}
# The levels a unit lies in, coarse first; and the level of its direct parent.
ANCESTORS = {"kecamatan": ("kabkota",), "desa": ("kabkota", "kecamatan")}
PARENT_LEVEL = {"kecamatan": "kabkota", "desa": "kecamatan"}

UnitsOf = Callable[[str], pd.DataFrame]


def units_loader(province: str, given: Mapping[str, pd.DataFrame] | None = None) -> UnitsOf:
    """level -> units of that level: ``given[level]``, else the catalogue's (loaded once, when needed)."""
    cache: dict[str, pd.DataFrame] = dict(given or {})

    def units_of(level: str) -> pd.DataFrame:
        if level not in cache:
            cache[level] = load_units(level, province)
        return cache[level]

    return units_of


def parent_columns(columns, level: str) -> dict[str, object]:
    """Level -> the first column whose header names a unit of that level the rows lie in.

    >>> parent_columns(["Desa", "Kecamatan", "Kabupaten/Kota", "RTLH"], "desa")
    {'kabkota': 'Kabupaten/Kota', 'kecamatan': 'Kecamatan'}
    >>> parent_columns(["Kabupaten/Kota", "RTLH"], "kabkota")
    {}
    """
    out = {}
    for ancestor in ANCESTORS.get(level, ()):
        col = next((c for c in columns if slugify(c) in PARENT_HEADERS[ancestor]), None)
        if col is not None:
            out[ancestor] = col
    return out


def row_parents(data: pd.DataFrame, columns: Mapping[str, object], units_of: UnitsOf, *, province: str,
                within: str | None = None) -> pd.Series:
    """Per row, the code of the finest unit its parent columns name (kecamatan, else kab/kota), or None.

    The kab/kota column is matched first (a close spelling among the kab/kota of the
    province); the kecamatan column within the kab/kota of the row, or the view ``within``.
    A parent cell that matches nothing leaves the coarser parent (or None). Each
    distinct (cell, parent) pair is matched once (:func:`geo_planner.units.codes.match_keys`).
    """
    scope = pd.Series(None, index=range(len(data)), dtype=object)
    for ancestor in ("kabkota", "kecamatan"):
        if ancestor not in columns:
            continue
        found = pd.Series(match_codes(data[columns[ancestor]], units_of(ancestor),
                                      parents=scope if scope.notna().any() else None, within=within,
                                      province=province), dtype=object)
        scope = found.where(found.notna(), scope).astype(object)
    return scope.where(scope.notna(), None)


def total_names_of(level: str, units_of: UnitsOf) -> dict[str, str]:
    """Names of the units a ``level`` unit lies in (kab/kota, and kecamatan for desa), for recognising
    a city total or a regency subtotal row (:func:`geo_planner.units.codes.total_names`)."""
    out: dict[str, str] = {}
    for ancestor in ANCESTORS.get(level, ()):
        try:
            out.update(total_names(units_of(ancestor)))
        except GeoPlannerError:  # a province without catalogued units: no totals to recognise
            continue
    return out


class ParentNames(Mapping):
    """Code -> name of the units' parents, read from the catalogue only when a reason needs one."""

    def __init__(self, level: str, units_of: UnitsOf) -> None:
        self._level, self._units_of, self._names = PARENT_LEVEL.get(level), units_of, None

    def _load(self) -> dict:
        if self._names is None:
            self._names = dict(self._units_of(self._level)["name"]) if self._level else {}
        return self._names

    def __getitem__(self, code: str) -> str:
        return self._load()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())
