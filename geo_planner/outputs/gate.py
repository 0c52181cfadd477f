"""The export gate: the one way from geo-planner to a file or a download.

Every file the product writes (each app download, each CLI ``--out``, each
export format, the pockets list, the lead, allocation and target tables, the
unmatched and rejected rows, the HTML map) goes through :func:`write`, which
applies in one place:

(a) **small-count protection** at desa level (:mod:`geo_planner.outputs.privacy`):
    counts of people, households, houses or points below the threshold
    (default 5) suppressed (or rounded), secondary suppression within each
    kecamatan, and *the row rule*: in a unit whose count is hidden, every
    other figure of its row (rates, shares, scores, money, counts of things)
    is emptied, the counts of people shown and areas excepted, so that
    ``round(rate * population / 100)`` or a score gives nothing back. What a
    file derives from an analysis (priority score, rank, map class, pocket
    totals, lead offices) is computed from the protected figures
    (:mod:`geo_planner.outputs.protected`). Which columns are counts, rates or
    shares comes only from :mod:`geo_planner.layers.kinds`;
(b) **formula safety** (:mod:`geo_planner.outputs.sheets`): a text cell
    starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
    written as text: a string cell in XLSX, a leading apostrophe in CSV
    (headers too); numbers stay numbers. Importing an untouched export back
    gives the same text (:func:`geo_planner.sources.cells.unquote`);
(c) **provenance**: inside the file where the format allows it (a "Sumber"
    sheet, GeoPackage tables, KML and PDF metadata, a JSON script in the HTML
    map), else in ``<file>.provenance.json`` beside it; a download carries it
    in :attr:`Download.provenance` (the app offers it beside a CSV).

Writers receive what is already protected and only build the file's content.

>>> write(analysis, "prioritas.gpkg")                                # doctest: +SKIP
>>> write(analysis, None, fmt="xlsx").file_name                      # doctest: +SKIP
'prioritas_desa.xlsx'
>>> write(Table(frame, "Alokasi", kinds=..., level="desa", code="Kode"), "alokasi.csv")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo_planner import __version__
from geo_planner.errors import InputError
from geo_planner.i18n import t
from geo_planner.i18n.messages import msg
from geo_planner.outputs.formats import (
    DEFAULT_SUFFIX,
    SIDECAR,
    SUFFIXES,
    WRITERS,
    WRITES,
    layer_name,
)
from geo_planner.outputs.privacy import (
    DEFAULT_LEVELS,
    DEFAULT_THRESHOLD,
    check_settings,
    protect,
)
from geo_planner.outputs.protected import protect_analysis
from geo_planner.outputs.ranked import check_lang
from geo_planner.outputs.sheets import csv_bytes, provenance_sheet, seal, table_book
from geo_planner.outputs.tables import provenance_text

__all__ = ["write", "export", "Table", "Derived", "Download", "MIME", "protect_table"]

MIME = {".csv": "text/csv", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".geojson": "application/geo+json", ".json": "application/geo+json",
        ".gpkg": "application/geopackage+sqlite3", ".zip": "application/zip",
        ".kml": "application/vnd.google-earth.kml+xml", ".pdf": "application/pdf", ".html": "text/html",
        ".htm": "text/html"}
TABLE_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class Table:
    """A table to write that is not an analysis (lead, allocation, targets, unmatched rows, ...).

    Attributes
    ----------
    frame : DataFrame
        The rows, with the headers they are written with.
    title : str
        What it is: the sheet name, and the provenance's ``table``.
    kinds : mapping
        Column -> :class:`~geo_planner.layers.model.Indicator` (or an object with
        ``id``, ``unit``, ``kind``) for every column that is a figure; the gate
        asks :mod:`geo_planner.layers.kinds` what each is.
    level : str, optional
        Level of the rows; desa rows are protected.
    code : str, optional
        Column holding the unit code (rows without a dotted code, e.g. a
        total row, are not unit rows).
    provenance : mapping
        What the table was made from.
    sheets : mapping
        More sheets for an XLSX (totals, parameters), written as given.
    csv : DataFrame, optional
        The CSV's own rendering of ``frame`` (same shape; e.g. numbers as
        text that the importer reads back exactly).
    formats : mapping
        Number formats by column for an XLSX.
    name : str
        File stem of a download.
    """

    frame: pd.DataFrame
    title: str
    kinds: Mapping[str, object] = field(default_factory=dict)
    level: str | None = None
    code: str | None = None
    provenance: Mapping[str, object] = field(default_factory=dict)
    sheets: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    csv: pd.DataFrame | None = None
    formats: Mapping[str, str] = field(default_factory=dict)
    name: str = "tabel"


@dataclass(frozen=True)
class Derived:
    """A table computed from an analysis: the gate protects the analysis, then calls ``make`` with it.

    So a table of lead offices or pocket leads is computed from the figures a
    file may show, never from the hidden ones.
    """

    analysis: object
    make: Callable[[object], Table]


@dataclass(frozen=True)
class Download:
    """What a download button offers: the file's bytes, its name and type, and its provenance (JSON).

    ``sidecar`` is True when the format keeps its provenance beside the file
    (CSV, GeoJSON, KML, Shapefile): offer :attr:`provenance` as
    :attr:`provenance_name` next to it.
    """

    data: bytes
    file_name: str
    mime: str
    provenance: str
    sidecar: bool

    @property
    def provenance_name(self) -> str:
        return f"{self.file_name}.provenance.json"


def write(item, path: str | Path | None = None, *, fmt: str | None = None, lang: str = "id",
          privacy: str = "suppress", threshold: int = DEFAULT_THRESHOLD, file_name: str | None = None,
          report: dict | None = None, **options: object) -> Path | Download:
    """Protect, make formula-safe, attach provenance and write ``item``; the one way to a file.

    Parameters
    ----------
    item : Analysis, Table or Derived
        An analysis (formats of :data:`geo_planner.outputs.formats.WRITERS`),
        or a table (CSV or XLSX).
    path : str or Path, optional
        The file. ``None``: return a :class:`Download` (for a download button).
    fmt : str, optional
        For an analysis, one of ``WRITERS`` (default from the suffix of
        ``path``); a name without that format's suffix gets it appended. For a
        table: ``csv`` or ``xlsx``.
    lang : {"id", "en"}
    privacy : {"suppress", "round", "none"}
        Small counts at desa level (see :mod:`geo_planner.outputs.privacy`).
    threshold : int
        Counts below it are protected (default 5).
    file_name : str, optional
        Name of a download (default from the level or the table's name).
    report : dict, optional
        Filled with what the protection did to an analysis (its provenance's ``privacy``: cells hidden, units,
        mode), so that a command can say it beside the file it wrote.
    **options
        For the writer: ``headers`` (CSV), ``top`` (RPKD, PDF), ``title``
        (PDF), ``column`` (HTML map), ``layer`` (GeoPackage).

    Returns
    -------
    Path or Download

    Raises
    ------
    InputError
        For an unknown format, suffix or language, or a bad privacy setting.
    OSError
        When the file cannot be written.
    """
    check_lang(lang)
    threshold = check_settings(privacy, threshold)
    if isinstance(item, (Table, Derived)):
        fmt, target = _table_target(path, fmt, file_name, item)
        if isinstance(item, Derived):
            item = item.make(protect_analysis(item.analysis, mode=privacy, threshold=threshold))
        table, info = protect_table(item, mode=privacy, threshold=threshold)
        data = _table_bytes(table, fmt, lang, info)
        prov = _table_provenance(table, info, fmt, target)
        return _finish(path, target, data, prov, fmt == "csv")
    fmt, target = _analysis_target(item, path, fmt, file_name)
    protected = protect_analysis(item, mode=privacy, threshold=threshold)
    if report is not None:
        report.update(protected.provenance.get("privacy") or {})
    if fmt not in ("csv", "xlsx"):  # a map, or a file that carries the map class: classes of the scores shown
        protected = protected.with_classes()
    return _write_analysis(protected, path, target, fmt, lang, options)


def export(analysis, path: str | Path, fmt: str | None = None, lang: str = "id", *, privacy: str = "suppress",
           threshold: int = DEFAULT_THRESHOLD, **options: object) -> Path:
    """:func:`write` of an analysis to a file (what ``geo-planner export`` runs); returns the file written."""
    return write(analysis, path, fmt=fmt, lang=lang, privacy=privacy, threshold=threshold, **options)


# --------------------------------------------------------------------------- targets and names

def _analysis_target(analysis, path, fmt, file_name) -> tuple[str, Path]:
    if path is None:
        fmt = (fmt or "csv").lower()
        if fmt not in WRITERS:
            raise InputError(msg("gate_unknown_format", fmt=fmt, formats=", ".join(WRITERS)))
        stem = "kantong" if fmt == "pockets" else "prioritas"
        return fmt, Path(file_name or f"{stem}_{layer_name(analysis)}{DEFAULT_SUFFIX[fmt]}")
    path = Path(path)
    if fmt is None:
        fmt = SUFFIXES.get(path.suffix.lower())
        if fmt is None:
            got = f"'{path.suffix}'" if path.suffix else msg("gate_no_suffix")
            raise InputError(msg("gate_format_unknown_from", got=got, suffixes=", ".join(SUFFIXES),
                                 formats=", ".join(WRITERS)), file=path.name)
    fmt = fmt.lower()
    if fmt not in WRITERS:
        raise InputError(msg("gate_unknown_format", fmt=fmt, formats=", ".join(WRITERS)))
    if fmt == "shp" and path.suffix.lower() == ".shp":
        path = path.with_suffix(".zip")  # a Shapefile always travels zipped
    if path.suffix.lower() not in WRITES[fmt]:
        path = path.with_name(path.name + DEFAULT_SUFFIX[fmt])
    return fmt, path


def _table_target(path, fmt, file_name, item) -> tuple[str, Path]:
    if path is not None:
        suffix = Path(path).suffix.lower()
        if suffix not in TABLE_SUFFIXES:
            raise InputError(msg("gate_table_suffix"), file=Path(path).name)
        return suffix[1:], Path(path)
    fmt = (fmt or "csv").lower()
    if f".{fmt}" not in TABLE_SUFFIXES:
        raise InputError(msg("gate_unknown_table_format", fmt=fmt))
    name = getattr(item, "name", None) or "tabel"
    return fmt, Path(file_name or f"{name}.{fmt}")


# --------------------------------------------------------------------------- analyses

def _write_analysis(protected, path, target: Path, fmt: str, lang: str, options) -> Path | Download:
    if path is None:
        with tempfile.TemporaryDirectory() as tmp:  # binary writers need a path: a private folder, then bytes
            inside = Path(tmp) / target.name
            out = _write_analysis(protected, inside, inside, fmt, lang, options)
            return Download(out.read_bytes(), target.name, MIME.get(target.suffix.lower(), "application/octet-stream"),
                            provenance_text(protected, fmt, target), fmt in SIDECAR or target.suffix == ".csv")
    content = WRITERS[fmt](protected, target, lang, **options)
    if isinstance(content, pd.DataFrame):
        target.write_bytes(csv_bytes(content))
    elif isinstance(content, bytes):
        target.write_bytes(content)
    elif content is not None:  # an openpyxl workbook
        seal(content)
        content.save(target)
    if fmt in SIDECAR or isinstance(content, pd.DataFrame):
        side = target.with_name(target.name + ".provenance.json")
        side.write_text(provenance_text(protected, fmt, target), encoding="utf-8")
    return target


# --------------------------------------------------------------------------- tables

def protect_table(table: Table, *, mode: str = "suppress", threshold: int = DEFAULT_THRESHOLD) -> tuple[Table, dict]:
    """The table with :func:`geo_planner.outputs.privacy.protect` applied to its unit rows, and what was done."""
    threshold = check_settings(mode, threshold)
    frame = table.frame
    figures = {c: m for c, m in table.kinds.items() if c in frame.columns}
    info: dict[str, object] = {"mode": mode, "threshold": threshold, "levels": list(DEFAULT_LEVELS),
                               "applied": False, "cells": 0, "note_id": t("gate_no_privacy", "id"),
                               "note_en": t("gate_no_privacy", "en")}
    if not figures or table.level not in DEFAULT_LEVELS or table.code not in frame.columns:
        return table, info
    codes = frame[table.code].astype("string")
    rows = codes.str.contains(".", regex=False).fillna(False).to_numpy()
    part = frame.loc[rows, list(figures)].apply(pd.to_numeric, errors="coerce")
    part.index = pd.Index(codes[rows].astype(str))
    out, note_id = protect(part, figures, level=table.level, threshold=threshold, mode=mode, lang="id")
    _, note_en = protect(part, figures, level=table.level, threshold=threshold, mode=mode, lang="en")
    new, csv, cells = frame.copy(), None if table.csv is None else table.csv.copy(), 0
    for col in figures:
        before, after = part[col].to_numpy(dtype="float64"), out[col].to_numpy(dtype="float64")
        diff = ~((before == after) | (pd.isna(before) & pd.isna(after)))
        if diff.any():
            cells += int(diff.sum())
            new[col] = pd.to_numeric(new[col], errors="coerce").astype("float64")
            new.loc[rows, col] = after
            if csv is not None:
                csv[col] = csv[col].astype(object)
                csv.loc[rows, col] = [None if pd.isna(a) else v for a, v in zip(after, csv.loc[rows, col])]
    info.update(applied=True, columns=list(figures), cells=cells, note_id=note_id, note_en=note_en)
    return Table(new, table.title, table.kinds, table.level, table.code, table.provenance, table.sheets, csv,
                 table.formats, table.name), info


def _table_bytes(table: Table, fmt: str, lang: str, info: Mapping[str, object]) -> bytes:
    if fmt == "csv":
        return csv_bytes(table.csv if table.csv is not None else table.frame)
    book = table_book({table.title: table.frame, **table.sheets}, formats=table.formats)
    privacy = info["note_en" if lang == "en" else "note_id"]
    provenance_sheet(book, {"tool": f"geo-planner {__version__}", "table": table.title, "level": table.level,
                            **dict(table.provenance), "privacy": privacy,
                            "household_rows": t("gate_household", lang)}, lang)
    seal(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _table_provenance(table: Table, info: Mapping[str, object], fmt: str, target: Path) -> str:
    prov = {"tool": "geo-planner", "version": __version__, "table": table.title, "level": table.level,
            "rows": int(len(table.frame)), **dict(table.provenance), "privacy": dict(info),
            "exported": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "format": fmt,
            "file": target.name}
    return json.dumps(prov, indent=1, ensure_ascii=False, default=str)


def _finish(path, target: Path, data: bytes, provenance: str, sidecar: bool) -> Path | Download:
    if path is None:
        return Download(data, target.name, MIME[target.suffix.lower()], provenance, sidecar)
    target.write_bytes(data)
    if sidecar:
        target.with_name(target.name + ".provenance.json").write_text(provenance, encoding="utf-8")
    return target
