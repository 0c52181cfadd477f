"""Every format planners pass on: tables, GIS files, KML for field teams and a printed report.

One registry, :data:`EXPORTERS`, maps a format to its writer; :func:`export`
picks it from ``fmt`` or the file's suffix, protects small counts first
(:mod:`geo_planner.outputs.privacy`, default: counts below 5 suppressed at desa
level) and writes the file.

============  ============================================  ============================================
format        file                                          provenance
============  ============================================  ============================================
``csv``       ranked list, UTF-8 with BOM                   ``<file>.provenance.json``
``xlsx``      ranked list, sources sheet, unmatched rows    "Sumber" sheet
``rpkd``      RPKD *priority locations* table (.xlsx/.csv)  "Sumber" sheet / sidecar
``geojson``   one feature per unit (RFC 7946)               ``<file>.provenance.json``
``gpkg``      one layer per level (appends)                 ``provenance`` table + layer metadata
``shp``       zipped Shapefile, ``fields.csv`` name map     ``.provenance.json`` in the zip and beside it
``kml``       one Placemark per unit, balloon of figures    document description + sidecar
``pdf``       A4 report (:mod:`geo_planner.outputs.report`)         its last page + PDF metadata
============  ============================================  ============================================

The writers live in :mod:`geo_planner.outputs.tables` (CSV, XLSX, RPKD and
what every format shares) and :mod:`geo_planner.outputs.vector` (GeoJSON,
GeoPackage, Shapefile, KML); the PDF in :mod:`geo_planner.outputs.report`.

Attribute names in GIS files are the machine ids of the CSV (``code``,
``poverty_rate``, ...); their labels in the chosen language go in the
GeoPackage's ``gpkg_data_columns`` (QGIS shows them as aliases), in the
Shapefile's ``fields.csv`` and in the KML balloons. Kemendagri codes are
always text (``"64.02"``). Data flagged synthetic is marked in every format.

>>> export(analysis, "prioritas.gpkg")                   # doctest: +SKIP
>>> export(analysis, "lokasi.xlsx", fmt="rpkd", top=20)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from geo_planner.errors import InputError
from geo_planner.outputs.privacy import DEFAULT_THRESHOLD
from geo_planner.outputs.ranked import check_lang
from geo_planner.outputs.tables import (
    field_labels,
    key_figures,
    lead_columns,
    parent_names,
    provenance_json,
    ready_table,
    rpkd_table,
    sidecar,
    to_csv,
    to_rpkd,
    to_xlsx,
    unit_table,
)
from geo_planner.outputs.vector import (
    layer_name,
    shapefile_names,
    to_geojson,
    to_gpkg,
    to_kml,
    to_shapefile_zip,
)

__all__ = ["EXPORTERS", "FORMATS", "SUFFIXES", "export", "unit_table", "rpkd_table", "lead_columns",
           "parent_names", "field_labels", "shapefile_names", "sidecar", "key_figures", "to_csv", "to_xlsx",
           "to_rpkd", "to_geojson", "to_gpkg", "to_shapefile_zip", "to_kml", "to_pdf", "to_bytes", "provenance_json"]


# --------------------------------------------------------------------------- PDF

def to_pdf(analysis, path: str | Path, lang: str = "id", *, top: int | None = 20, title: str | None = None,
           privacy: str = "suppress", threshold: int = DEFAULT_THRESHOLD, **_: object) -> Path:
    """The printable A4 report (:func:`geo_planner.outputs.report.to_pdf`)."""
    from geo_planner.outputs.report import to_pdf as _to_pdf

    analysis = ready_table(analysis, privacy, threshold)
    return _to_pdf(analysis, path, lang, top=20 if top is None else top, title=title)


# --------------------------------------------------------------------------- registry

EXPORTERS: dict[str, Callable[..., Path]] = {
    "csv": to_csv, "xlsx": to_xlsx, "rpkd": to_rpkd, "geojson": to_geojson, "gpkg": to_gpkg,
    "shp": to_shapefile_zip, "kml": to_kml, "pdf": to_pdf,
}
FORMATS = tuple(EXPORTERS)
SUFFIXES = {".csv": "csv", ".xlsx": "xlsx", ".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg",
            ".zip": "shp", ".shp": "shp", ".kml": "kml", ".pdf": "pdf"}
WRITES = {"csv": (".csv",), "xlsx": (".xlsx",), "rpkd": (".xlsx", ".csv"), "geojson": (".geojson", ".json"),
          "gpkg": (".gpkg",), "shp": (".zip", ".shp"), "kml": (".kml",), "pdf": (".pdf",)}
DEFAULT_SUFFIX = {"csv": ".csv", "xlsx": ".xlsx", "rpkd": ".xlsx", "geojson": ".geojson", "gpkg": ".gpkg",
                  "shp": ".zip", "kml": ".kml", "pdf": ".pdf"}


def export(analysis, path: str | Path, fmt: str | None = None, lang: str = "id", *, privacy: str = "suppress",
           threshold: int = DEFAULT_THRESHOLD, **options: object) -> Path:
    """Write ``analysis`` in one format; return the file written.

    Parameters
    ----------
    analysis : Analysis
    path : str or Path
        The output file. Without ``fmt`` its suffix chooses the format
        (``.csv .xlsx .geojson .json .gpkg .zip .shp .kml .pdf``); with
        ``fmt``, a name without that format's suffix gets it appended
        (``lokasi`` -> ``lokasi.xlsx`` for ``rpkd``). A Shapefile is always
        written zipped (``.shp`` becomes ``.zip``).
    fmt : str, optional
        One of :data:`FORMATS` (``rpkd`` is chosen only this way).
    lang : {"id", "en"}
    privacy : {"suppress", "round", "none"}
        Small counts at desa level (see :mod:`geo_planner.outputs.privacy`).
    threshold : int
        Counts below it are protected (default 5).
    **options
        ``top`` (RPKD rows, PDF table rows), ``title`` (PDF), ``headers`` (CSV).

    Raises
    ------
    InputError
        For an unknown format, suffix or language, or a bad privacy setting.
    OSError
        When the file cannot be written.
    """
    check_lang(lang)
    path = Path(path)
    if fmt is None:
        fmt = SUFFIXES.get(path.suffix.lower())
        if fmt is None:
            got = f"'{path.suffix}'" if path.suffix else "no suffix"
            raise InputError(f"cannot tell the format from {got}; name the file with one of "
                             f"{', '.join(SUFFIXES)} or give the format ({', '.join(FORMATS)})", file=path.name)
    fmt = fmt.lower()
    if fmt not in EXPORTERS:
        raise InputError(f"unknown export format '{fmt}'; choose one of {', '.join(FORMATS)}")
    if path.suffix.lower() not in WRITES[fmt]:
        path = path.with_name(path.name + DEFAULT_SUFFIX[fmt])
    protected = ready_table(analysis, privacy, threshold)
    return EXPORTERS[fmt](protected, path, lang, privacy=privacy, threshold=threshold, **options)


def to_bytes(analysis, fmt: str, lang: str = "id", **kw: object) -> tuple[bytes, str]:
    """One export as bytes and a file name, for a download button (``(data, "prioritas_desa.gpkg")``).

    Formats whose provenance lives in a sidecar (CSV, GeoJSON, KML) carry a
    summary of it inside (GeoJSON and KML descriptions); offer the full JSON
    beside them with :func:`provenance_json` on the protected analysis.
    """
    import tempfile

    name = f"prioritas_{layer_name(analysis)}{DEFAULT_SUFFIX[fmt]}" if fmt in DEFAULT_SUFFIX else "export"
    with tempfile.TemporaryDirectory() as tmp:
        out = export(analysis, Path(tmp) / name, fmt, lang, **kw)
        return out.read_bytes(), out.name
