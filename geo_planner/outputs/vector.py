"""GIS files of an export: GeoJSON, GeoPackage, zipped Shapefile and KML.

Attribute names are the machine ids of the CSV; their labels go in the GeoPackage's
``gpkg_data_columns``, the Shapefile's ``fields.csv`` and the KML balloons. Called only by the
export gate (:func:`geo_planner.outputs.gate.write`) with an analysis it has protected; the gate
writes the ``.provenance.json`` sidecars. Text stays as typed in GIS attributes (GIS software never
evaluates it); the ``fields.csv`` inside a zipped Shapefile is formula-safe
(:func:`geo_planner.outputs.sheets.csv_bytes`).
"""

from __future__ import annotations

import html
import re
import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geo_planner.errors import InputError
from geo_planner.i18n import fmt_number, t
from geo_planner.i18n.messages import current_language, msg
from geo_planner.outputs.sheets import csv_bytes
from geo_planner.outputs.tables import (
    field_labels,
    key_figures,
    privacy_note,
    provenance_text,
    summary_lines,
    unit_table,
)


def _gdf(analysis, lang: str) -> gpd.GeoDataFrame:
    table = unit_table(analysis, lang)
    geometry = analysis.units.geometry.reindex(table["code"]).to_numpy()
    return gpd.GeoDataFrame(table, geometry=geometry, crs=analysis.units.crs or "EPSG:4326")


def to_geojson(analysis, path: str | Path, lang: str = "id", **_: object) -> None:
    """One feature per unit in rank order (RFC 7946, EPSG:4326, 6 decimals); the gate adds the sidecar."""
    path = Path(path)
    gdf = _gdf(analysis, lang)
    desc = summary_lines(analysis, lang).replace("\n", " | ")
    gdf.to_file(path, driver="GeoJSON", engine="pyogrio", promote_to_multi=True,
                layer_options={"RFC7946": "YES", "COORDINATE_PRECISION": 6, "DESCRIPTION": desc})


def layer_name(analysis) -> str:
    within = analysis.provenance.get("within")
    return analysis.level + (f"_{re.sub(r'[^0-9A-Za-z]+', '_', str(within))}" if within else "")


def to_gpkg(analysis, path: str | Path, lang: str = "id", *, layer: str | None = None, **_: object) -> None:
    """A GeoPackage layer named by level (``desa``; ``desa_64_02`` for a drill-down).

    Writing another level to the same file adds a layer (the same one again
    replaces it). The non-spatial table ``provenance`` holds one row per
    layer with the provenance JSON; the same JSON is the layer's metadata
    (``gpkg_metadata``, key ``provenance``); column labels in ``lang`` are in
    ``gpkg_data_columns``.
    """
    import pyogrio

    path = Path(path)
    layer = layer or layer_name(analysis)
    gdf = _gdf(analysis, lang)
    prov = provenance_text(analysis, "gpkg", path, indent=None)
    pyogrio.write_dataframe(gdf, path, driver="GPKG", layer=layer, promote_to_multi=True,
                            layer_metadata={"provenance": prov})
    rows = pd.DataFrame(columns=["layer", "level", "created", "tool_version", "synthetic", "privacy", "json"])
    if "provenance" in {str(n) for n in pyogrio.list_layers(path)[:, 0]}:
        rows = pyogrio.read_dataframe(path, layer="provenance")
        rows = rows[rows["layer"] != layer]
    p = analysis.provenance
    new = pd.DataFrame([{"layer": layer, "level": analysis.level, "created": str(p.get("created", "")),
                         "tool_version": f"{p.get('tool', 'geo-planner')} {p.get('version', '')}".strip(),
                         "synthetic": bool(analysis.synthetic), "privacy": privacy_note(analysis, lang),
                         "json": prov}])
    rows = pd.concat([rows, new], ignore_index=True) if len(rows) else new
    pyogrio.write_dataframe(rows, path, layer="provenance", driver="GPKG")
    _data_columns(path, layer, field_labels(gdf.columns.drop("geometry"), analysis, lang), analysis)


def _data_columns(path: Path, table: str, labels: Mapping[str, str], analysis) -> None:
    """Column titles and descriptions (units, sources) in the GeoPackage schema extension."""
    descriptions = {}
    for k, ind in analysis.indicators.items():
        descriptions[k] = ind.label_en + (f" ({ind.unit_in('en')})" if ind.unit else "") + (
            " [SYNTHETIC]" if ind.synthetic else "")
    con = sqlite3.connect(path)
    try:
        with con:
            con.execute(
                "CREATE TABLE IF NOT EXISTS gpkg_data_columns (table_name TEXT NOT NULL, column_name TEXT NOT "
                "NULL, name TEXT, title TEXT, description TEXT, mime_type TEXT, constraint_name TEXT, "
                "CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name), "
                "CONSTRAINT gdc_tn UNIQUE (table_name, name))")
            con.execute(
                "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, extension_name "
                "TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, "
                "CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))")
            con.execute("DELETE FROM gpkg_data_columns WHERE table_name = ?", (table,))
            con.executemany(
                "INSERT INTO gpkg_data_columns (table_name, column_name, name, title, description) "
                "VALUES (?, ?, ?, ?, ?)",
                [(table, c, label, label, descriptions.get(c)) for c, label in _unique_labels(labels).items()])
            exists = con.execute("SELECT 1 FROM gpkg_extensions WHERE table_name IS NULL AND extension_name = "
                                 "'gpkg_schema'").fetchone()
            if not exists:
                con.execute("INSERT INTO gpkg_extensions VALUES (NULL, NULL, 'gpkg_schema', "
                            "'http://www.geopackage.org/spec/#extension_schema', 'read-write')")
    finally:
        con.close()


def _unique_labels(labels: Mapping[str, str]) -> dict[str, str]:
    seen: dict[str, int] = {}
    out = {}
    for c, label in labels.items():
        n = seen.get(label, 0)
        seen[label] = n + 1
        out[c] = label if n == 0 else f"{label} ({c})"
    return out


_SHORT = {"code": "kode", "name": "nama", "level": "tingkat", "parent": "induk", "parent_name": "nama_induk",
          "rank": "peringkat", "priority_score": "skor", "indicators_used": "n_indik", "pocket": "kantong",
          "underserved": "kurang_lyn", "bivariate": "bivariat", "gi_class": "gi_kelas", "coverage_score": "skor_cakup",
          "lead_office": "opd", "lead_sector": "sektor", "lead_programmes": "program", "lead_strategy": "kd_strat",
          "strategy": "strategi", "synthetic": "sintetis"}


def shapefile_names(columns) -> dict[str, str]:
    """Column id -> a unique DBF field name of at most 10 characters.

    Known columns get Indonesian short names (``code`` -> ``kode``); others
    are shortened word by word (``households_decile_1`` -> ``hous_dec_1``),
    a clash gets a number.
    """
    out: dict[str, str] = {}
    used: set[str] = set()
    for col in columns:
        name = _SHORT.get(col) or _shorten(col)
        base, n = name, 1
        while name.lower() in used:
            n += 1
            name = f"{base[: 10 - len(str(n))]}{n}"
        used.add(name.lower())
        out[col] = name
    return out


def _shorten(col: str, width: int = 10) -> str:
    words = [w for w in re.split(r"[^0-9A-Za-z]+", str(col)) if w] or ["f"]
    if len("_".join(words)) <= width:
        return "_".join(words)
    while len(words) > 1 and len(words) - 1 + len(words) >= width + 1:  # too many words for the width
        words = words[:-2] + [words[-2] + words[-1]]
    budget = width - (len(words) - 1)
    lengths = [len(w) for w in words]
    while sum(lengths) > budget:
        i = max((j for j in range(len(words)) if not words[j].isdigit() or lengths[j] > 1),
                key=lambda j: (lengths[j], -j))
        lengths[i] -= 1
    return "_".join(w[:n] for w, n in zip(words, lengths))[:width]


MAX_DBF_FIELDS = 255  # dBase (and the GIS programs that read Shapefiles) hold at most 255 fields


def to_shapefile_zip(analysis, path: str | Path, lang: str = "id", **_: object) -> None:
    """A zipped Shapefile: ``.shp .shx .dbf .prj .cpg`` (UTF-8), ``fields.csv`` and the provenance.

    DBF field names have at most 10 characters: ``fields.csv`` maps each to
    its full id and its labels (``field``, ``column``, ``label_id``,
    ``label_en``). Text longer than 254 bytes (the DBF limit) is cut with
    "..."; the provenance JSON is in the zip (and, from the gate, beside it).
    """
    import tempfile

    path = Path(path)
    stem = re.sub(r"[^0-9A-Za-z_-]+", "_", path.stem) or "geo_planner"
    gdf = _gdf(analysis, lang)
    columns = [c for c in gdf.columns if c != "geometry"]
    if len(columns) > MAX_DBF_FIELDS:
        raise InputError(msg("vector_too_many_fields", most=MAX_DBF_FIELDS,
                             n=fmt_number(len(columns), current_language(), 0)), file=path.name)
    names = shapefile_names(columns)
    for c in columns:
        if pd.api.types.is_string_dtype(gdf[c]) or gdf[c].dtype == object:
            gdf[c] = gdf[c].map(_dbf_text, na_action="ignore").astype("string")
    gdf = gdf.rename(columns=names)
    labels_id = field_labels(columns, analysis, "id")
    labels_en = field_labels(columns, analysis, "en")
    fields = pd.DataFrame({"field": [names[c] for c in columns], "column": columns,
                           "label_id": [labels_id[c] for c in columns], "label_en": [labels_en[c] for c in columns]})
    with tempfile.TemporaryDirectory() as tmp:
        shp = Path(tmp) / f"{stem}.shp"
        gdf.to_file(shp, driver="ESRI Shapefile", engine="pyogrio", promote_to_multi=True,
                    layer_options={"ENCODING": "UTF-8"})
        cpg = shp.with_suffix(".cpg")
        if not cpg.is_file():
            cpg.write_text("UTF-8", encoding="ascii")
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for ext in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
                zf.write(shp.with_suffix(ext), f"{stem}{ext}")
            zf.writestr("fields.csv", csv_bytes(fields))
            zf.writestr(f"{stem}.provenance.json", provenance_text(analysis, "shp", path))


def _dbf_text(value: object, limit: int = 254) -> str:
    text = str(value)
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[: limit - 3].decode("utf-8", errors="ignore") + "..."


# --------------------------------------------------------------------------- KML

KML_NS = "http://www.opengis.net/kml/2.2"


def _kml_colour(hex_rgb: str, alpha: str = "b3") -> str:
    """``#rrggbb`` -> KML ``aabbggrr``."""
    h = hex_rgb.lstrip("#")
    return f"{alpha}{h[4:6]}{h[2:4]}{h[0:2]}"


def _ring(coords: np.ndarray) -> str:
    return " ".join(f"{x:.5f},{y:.5f}" for x, y in coords[:, :2])


def _kml_geometry(parent: ET.Element, geom) -> None:
    import shapely

    polys = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and not p.is_empty]
    holder = ET.SubElement(parent, "MultiGeometry") if len(polys) != 1 else parent
    for poly in polys:
        el = ET.SubElement(holder, "Polygon")
        outer = ET.SubElement(ET.SubElement(el, "outerBoundaryIs"), "LinearRing")
        ET.SubElement(outer, "coordinates").text = _ring(shapely.get_coordinates(poly.exterior))
        for interior in poly.interiors:
            inner = ET.SubElement(ET.SubElement(el, "innerBoundaryIs"), "LinearRing")
            ET.SubElement(inner, "coordinates").text = _ring(shapely.get_coordinates(interior))


def _fmt(value: object, lang: str) -> str:
    from geo_planner.i18n import fmt_number

    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return "–"
    if isinstance(value, (bool, np.bool_)):
        return ("yes" if value else "no") if lang == "en" else ("ya" if value else "tidak")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return fmt_number(value, lang)
    return str(value)


def to_kml(analysis, path: str | Path, lang: str = "id", *, tolerance: float | None = None, **_: object) -> bytes:
    """KML for field teams: one Placemark per unit in rank order, coloured by priority class.

    Each Placemark has the unit's name, a balloon (``description``) with its
    code, rank, score, pocket, lead office and key figures in ``lang``, and
    the same values as ``ExtendedData``. Polygons are simplified with
    :func:`geo_planner.outputs.map_geometry.simplify_units` (shared edges kept).
    The document's description carries the provenance summary; the full
    provenance is in the sidecar JSON (written by the gate with the bytes returned).
    """
    from geo_planner.outputs.map_geometry import simplify_units
    from geo_planner.outputs.mapping import NO_DATA, RAMPS

    table = unit_table(analysis, lang)
    geometry = simplify_units(analysis.units, tolerance).reindex(table["code"])
    labels = field_labels(table.columns, analysis, lang)
    figs = key_figures(analysis, 6)
    shown = ["code", "parent_name", "rank", "priority_score", *(["pocket"] if "pocket" in table.columns else []),
             "lead_office", "strategy", *figs]
    classes = analysis.units["priority_class"].reindex(table["code"]).to_numpy()
    k = max(1, len(analysis.bins))
    ramp = RAMPS["YlOrRd"].get(k) or RAMPS["YlOrRd"][5]
    ET.register_namespace("", KML_NS)
    kml = ET.Element("kml", xmlns=KML_NS)
    doc = ET.SubElement(kml, "Document")
    title = t("vector_kml_title", lang)
    ET.SubElement(doc, "name").text = f"geo-planner: {title} ({analysis.level})"
    ET.SubElement(doc, "description").text = summary_lines(analysis, lang)
    for i, colour in enumerate(ramp):
        _kml_style(doc, f"c{i}", colour)
    _kml_style(doc, "nodata", NO_DATA)
    synthetic_tag = (' <b style="color:#c00000">SINTETIS / SYNTHETIC</b>' if analysis.synthetic else "")
    for pos, rec in enumerate(table.to_dict("records")):
        pm = ET.SubElement(doc, "Placemark", id=f"u{rec['code']}")
        ET.SubElement(pm, "name").text = str(rec["name"])
        rows = "".join(f"<tr><th align='left'>{html.escape(labels[c])}</th><td>{html.escape(_fmt(rec[c], lang))}"
                       "</td></tr>" for c in shown)
        ET.SubElement(pm, "description").text = (
            f"<b>{html.escape(str(rec['name']))}</b>{synthetic_tag}<table>{rows}</table>")
        cls = classes[pos]
        ET.SubElement(pm, "styleUrl").text = "#nodata" if pd.isna(cls) else f"#c{min(int(cls), len(ramp) - 1)}"
        ext = ET.SubElement(pm, "ExtendedData")
        for c in [*shown, *(["synthetic"] if "synthetic" in table.columns else [])]:
            data = ET.SubElement(ext, "Data", name=c)
            ET.SubElement(data, "displayName").text = labels[c]
            ET.SubElement(data, "value").text = _fmt(rec[c], lang) if c not in ("code", "rank") else (
                "" if pd.isna(rec[c]) else str(rec[c]))
        geom = geometry.iloc[pos]
        if geom is not None and not geom.is_empty:
            _kml_geometry(pm, geom)
    return ET.tostring(kml, encoding="utf-8", xml_declaration=True)


def _kml_style(doc: ET.Element, sid: str, colour: str) -> None:
    style = ET.SubElement(doc, "Style", id=sid)
    line = ET.SubElement(style, "LineStyle")
    ET.SubElement(line, "color").text = "ff4d4d4d"
    ET.SubElement(line, "width").text = "1"
    poly = ET.SubElement(style, "PolyStyle")
    ET.SubElement(poly, "color").text = _kml_colour(colour)
