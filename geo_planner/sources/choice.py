"""A file named together with the part of it to read: the sheet of a workbook, the layer of a GeoPackage, the year.

A :class:`FileChoice` stands wherever a path does (it is :class:`os.PathLike`):
:func:`geo_planner.sources.tables.read_table` reads its ``sheet``,
:func:`geo_planner.sources.userfiles.read_any` its ``layer_name``, and a table
whose indicators are published for several years uses ``year`` instead of the
latest. The command line builds one from ``--layer FILE --sheet S
--layer-name L --year Y``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["FileChoice", "choice_of"]


@dataclass(frozen=True)
class FileChoice(os.PathLike):
    """A path, and which sheet, layer and year of it to read (``None``: the default)."""

    path: str
    sheet: str | int | None = None
    layer_name: str | None = None
    year: str | None = None

    def __fspath__(self) -> str:
        return str(self.path)

    @property
    def name(self) -> str:
        return str(self.path)

    def __str__(self) -> str:
        return str(self.path)


def choice_of(path: str | os.PathLike, *, sheet: str | int | None = None, layer_name: str | None = None,
              year: str | int | None = None) -> str | os.PathLike | FileChoice:
    """``path`` itself when nothing is chosen, else a :class:`FileChoice`."""
    if sheet is None and layer_name is None and year is None:
        return path
    return FileChoice(os.fspath(path), sheet, layer_name, None if year is None else str(year))
