"""Every format planners pass on: tables, GIS files, KML for field teams, a printed report, a map.

One registry, :data:`WRITERS`, maps a format to its writer; the export gate
(:func:`geo_planner.outputs.gate.write`) is the only caller: it picks the
format from ``fmt`` or the file's suffix, protects the analysis (small counts,
secondary suppression, the row rule; :mod:`geo_planner.outputs.protected`),
hands it to the writer, makes every spreadsheet cell formula-safe and attaches
the provenance.

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
``pockets``   the pockets list (.csv/.xlsx)                 "Sumber" sheet / sidecar
``html``      the offline map (``geo-planner map``)         a JSON ``<script>`` in the page
============  ============================================  ============================================

A writer returns what the gate saves (a table for a CSV, an openpyxl workbook
for an XLSX, bytes), or writes the binary file it is given (GeoJSON,
GeoPackage, Shapefile, PDF). The writers live in
:mod:`geo_planner.outputs.tables` (CSV, XLSX, RPKD and what every format
shares), :mod:`geo_planner.outputs.vector` (GeoJSON, GeoPackage, Shapefile,
KML), :mod:`geo_planner.outputs.pockets` and :mod:`geo_planner.outputs.report`.

Attribute names in GIS files are the machine ids of the CSV (``code``,
``poverty_rate``, ...); their labels in the chosen language go in the
GeoPackage's ``gpkg_data_columns`` (QGIS shows them as aliases), in the
Shapefile's ``fields.csv`` and in the KML balloons. Kemendagri codes are
always text (``"64.02"``). Data flagged synthetic is marked in every format.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from geo_planner.outputs.pockets import pockets_file
from geo_planner.outputs.tables import (
    field_labels,
    key_figures,
    lead_columns,
    parent_names,
    provenance_text,
    rpkd_table,
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

__all__ = ["EXPORTERS", "WRITERS", "FORMATS", "SUFFIXES", "WRITES", "DEFAULT_SUFFIX", "SIDECAR", "unit_table",
           "rpkd_table", "lead_columns", "parent_names", "field_labels", "shapefile_names", "key_figures",
           "layer_name", "to_csv", "to_xlsx", "to_rpkd", "to_geojson", "to_gpkg", "to_shapefile_zip", "to_kml",
           "to_pdf", "to_html"]


# --------------------------------------------------------------------------- PDF

def to_pdf(analysis, path: Path, lang: str = "id", *, top: int | None = 20, title: str | None = None,
           **_: object) -> None:
    """The printable A4 report (:func:`geo_planner.outputs.report.to_pdf`)."""
    from geo_planner.outputs.report import to_pdf as _to_pdf

    _to_pdf(analysis, path, lang, top=20 if top is None else top, title=title)


def to_html(analysis, path: Path, lang: str = "id", *, column: str | None = None, **_: object) -> bytes:
    """The offline map page (:func:`geo_planner.outputs.mapping.map_html`) with its provenance inside.

    The provenance JSON is a ``<script type="application/json" id="geo-planner-provenance">``
    in the page's head.
    """
    from geo_planner.outputs.mapping import map_html

    kw: dict[str, object] = {"lang": lang}
    if column:
        kw["column"] = column
    page = map_html(analysis, **kw)
    prov = provenance_text(analysis, "html", Path(path), indent=None).replace("</", "<\\/")
    tag = f'<script type="application/json" id="geo-planner-provenance">{prov}</script>'
    page = page.replace("<head>", "<head>\n" + tag, 1) if "<head>" in page else tag + page
    return page.encode("utf-8")


# --------------------------------------------------------------------------- registry

EXPORTERS: dict[str, Callable[..., object]] = {
    "csv": to_csv, "xlsx": to_xlsx, "rpkd": to_rpkd, "geojson": to_geojson, "gpkg": to_gpkg,
    "shp": to_shapefile_zip, "kml": to_kml, "pdf": to_pdf,
}
FORMATS = tuple(EXPORTERS)  # what `geo-planner export --format` offers
WRITERS: dict[str, Callable[..., object]] = {**EXPORTERS, "pockets": pockets_file, "html": to_html}
SUFFIXES = {".csv": "csv", ".xlsx": "xlsx", ".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg",
            ".zip": "shp", ".shp": "shp", ".kml": "kml", ".pdf": "pdf"}
WRITES = {"csv": (".csv",), "xlsx": (".xlsx",), "rpkd": (".xlsx", ".csv"), "geojson": (".geojson", ".json"),
          "gpkg": (".gpkg",), "shp": (".zip",), "kml": (".kml",), "pdf": (".pdf",), "pockets": (".csv", ".xlsx"),
          "html": (".html", ".htm")}
DEFAULT_SUFFIX = {"csv": ".csv", "xlsx": ".xlsx", "rpkd": ".xlsx", "geojson": ".geojson", "gpkg": ".gpkg",
                  "shp": ".zip", "kml": ".kml", "pdf": ".pdf", "pockets": ".csv", "html": ".html"}
SIDECAR = frozenset({"csv", "geojson", "shp", "kml"})  # formats whose full provenance goes beside the file
