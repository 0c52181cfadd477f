"""Every format planners pass on: tables, GIS files, KML for field teams and a printed report.

One registry, :data:`EXPORTERS`, maps a format to its writer; :func:`export`
picks it from ``fmt`` or the file's suffix, protects small counts first
(:mod:`geo_planner.privacy`, default: counts below 5 suppressed at desa
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
``pdf``       A4 report (:mod:`geo_planner.report`)         its last page + PDF metadata
============  ============================================  ============================================

Attribute names in GIS files are the machine ids of the CSV (``code``,
``poverty_rate``, ...); their labels in the chosen language go in the
GeoPackage's ``gpkg_data_columns`` (QGIS shows them as aliases), in the
Shapefile's ``fields.csv`` and in the KML balloons. Kemendagri codes are
always text (``"64.02"``). Data flagged synthetic is marked in every format.

>>> export(analysis, "prioritas.gpkg")                   # doctest: +SKIP
>>> export(analysis, "lokasi.xlsx", fmt="rpkd", top=20)  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from .errors import GeoPlannerError, InputError
from .export import _check_lang, _provenance, header_label, ranked_table
from .privacy import DEFAULT_THRESHOLD, protect_analysis

__all__ = ["EXPORTERS", "FORMATS", "SUFFIXES", "export", "unit_table", "rpkd_table", "lead_columns",
           "parent_names", "field_labels", "shapefile_names", "sidecar", "key_figures", "to_csv", "to_xlsx",
           "to_rpkd", "to_geojson", "to_gpkg", "to_shapefile_zip", "to_kml", "to_pdf", "to_bytes", "provenance_json"]

POCKET_FIELDS = ("pocket", "underserved", "bivariate", "gi_class", "coverage_score")
LEAD_FIELDS = ("lead_office", "lead_sector", "lead_programmes", "lead_strategy", "strategy")
# Figures shown when present (after the weighted ones): the RPKD table, KML balloons, the report.
KEY_FIGURES = ("poverty_rate", "poor_population", "poor_households", "population", "coverage_ratio",
               "rtlh_units", "sanitation_unimproved_households")

_LABELS = {  # columns that are not indicators and not in geo_planner.i18n's column labels
    "parent_name": ("Wilayah induk", "Lies in"),
    "pocket": ("Kantong kemiskinan", "Poverty pocket"),
    "underserved": ("Kebutuhan tinggi, cakupan rendah", "High need, low coverage"),
    "bivariate": ("Kelas kebutuhan-cakupan", "Need-coverage class"),
    "gi_class": ("Hotspot (Gi*)", "Hotspot (Gi*)"),
    "coverage_score": ("Skor cakupan (0-100)", "Coverage score (0-100)"),
    "lead_office": ("OPD pengampu", "Lead office"),
    "lead_sector": ("Sektor", "Sector"),
    "lead_programmes": ("Program", "Programmes"),
    "lead_strategy": ("Kode strategi", "Strategy code"),
    "strategy": ("Strategi (Permendagri 53/2020)", "Strategy (Permendagri 53/2020)"),
    "no": ("No.", "No."),
}


def _label(key: str, lang: str) -> str:
    return _LABELS[key][1 if lang == "en" else 0]


def _ready(analysis, privacy: str, threshold: int):
    return protect_analysis(analysis, mode=privacy, threshold=threshold)


# --------------------------------------------------------------------------- tables

def lead_columns(analysis, lang: str = "id") -> pd.DataFrame:
    """Per unit: lead office, sector, programmes and strategy (as :func:`geo_planner.sectors.lead_sectors`).

    The same rule as ``lead_sectors(analysis)`` (weights of the analysis;
    the office with the largest share of the need leads, ties to the first
    office by name), computed for all units at once: ``lead_sectors`` takes
    seconds at desa level, this a few hundredths.

    Returns
    -------
    DataFrame
        Indexed by code: ``lead_office``, ``lead_sector``, ``lead_programmes``,
        ``lead_strategy`` (e.g. ``1/2``), ``lead_share`` (0-1) and
        ``strategy`` (the text of :func:`geo_planner.sectors.strategy_text`).
    """
    from .sectors import UNMAPPED, _dedup, contributions, strategy_text

    cols = ["lead_office", "lead_sector", "lead_programmes", "lead_strategy", "lead_share", "strategy"]
    empty = pd.DataFrame(index=pd.Index([], name="code"), columns=cols)
    try:
        long = contributions(analysis, lang=lang)
    except GeoPlannerError:
        return empty
    if long.empty:
        return empty
    total = long.groupby("unit", sort=False)["contribution"].sum()
    pos = long[long["contribution"] > 0].copy()
    pos["share"] = pos["contribution"] / pos["unit"].map(total)
    pos = pos.sort_values(["unit", "contribution", "indicator"], ascending=[True, False, True], kind="stable")
    offices = pos[pos["mapped"]].groupby(["unit", "office"], sort=True)["share"].sum().reset_index()
    offices = offices.sort_values(["unit", "share", "office"], ascending=[True, False, True], kind="stable")
    lead = offices.drop_duplicates("unit").set_index("unit")
    rows = pos.merge(lead[["office"]].rename(columns={"office": "_lead"}), left_on="unit", right_index=True)
    rows = rows[rows["office"] == rows["_lead"]]
    agg = rows.groupby("unit", sort=False).agg(
        lead_sector=("sector", "first"),
        lead_programmes=("programmes", _dedup),
        lead_strategy=("strategy", lambda s: "/".join(sorted({p for v in s for p in str(v).split("/") if p}))))
    out = pd.DataFrame(index=pd.Index(pos["unit"].unique(), name="code"))
    out["lead_office"] = lead["office"].reindex(out.index)
    out.loc[out["lead_office"].isna(), "lead_office"] = UNMAPPED[1 if lang == "en" else 0]
    out = out.join(agg)
    out["lead_share"] = lead["share"].reindex(out.index).round(3)
    out["lead_programmes"] = out["lead_programmes"].fillna("")
    out["lead_strategy"] = out["lead_strategy"].fillna("")
    out["strategy"] = [strategy_text(s, lang) for s in out["lead_strategy"]]
    return out[cols]


def parent_names(analysis) -> dict[str, str]:
    """Code -> the names of the units it lies in: ``"Kec. Long Apari, Kabupaten Mahakam Ulu"``.

    Empty when the parent levels cannot be loaded (a user's own boundary file).
    """
    from .boundaries import load_units, province_name

    level, province = analysis.level, analysis.province
    parents = analysis.units["parent"].astype("string")
    try:
        if level == "kabkota":
            return {c: province_name(str(p)) for c, p in parents.items() if pd.notna(p)}
        if level not in ("kecamatan", "desa"):
            return {}
        regency = load_units("kabkota", province)["name"]
        if level == "kecamatan":
            return {c: str(regency.get(p, "")) for c, p in parents.items() if pd.notna(p)}
        kec = load_units("kecamatan", province)
        label = {k: f"Kec. {name}, {regency.get(parent, '')}".rstrip(", ")
                 for k, name, parent in zip(kec.index, kec["name"], kec["parent"])}
        return {c: label.get(p, "") for c, p in parents.items() if pd.notna(p)}
    except (GeoPlannerError, OSError, KeyError):
        return {}


def key_figures(analysis, n: int = 5) -> list[str]:
    """Indicator ids to show first: the weighted ones, then :data:`KEY_FIGURES`, at most ``max(n, weighted)``."""
    ids = analysis.indicator_ids
    weighted = [k for k in ids if analysis.weights.get(k)]
    more = [k for k in KEY_FIGURES if k in ids and k not in weighted]
    more += [k for k in ids if k not in weighted and k not in more]
    return weighted + more[: max(0, n - len(weighted))]


def unit_table(analysis, lang: str = "id") -> pd.DataFrame:
    """What GIS files carry per unit, in rank order (units without a score last).

    Columns: those of :func:`geo_planner.export.ranked_table` (``code`` as
    text, counts as whole numbers, ``synthetic`` when the analysis has
    synthetic data), ``parent_name``, the pocket columns when pockets were
    computed (``pocket``, ``underserved``, ``bivariate``, ``gi_class``,
    ``coverage_score``) and the lead office columns of :func:`lead_columns`.
    """
    table = ranked_table(analysis, lang)
    synthetic = table.pop("synthetic") if "synthetic" in table.columns else None
    names = parent_names(analysis)
    table.insert(table.columns.get_loc("parent") + 1, "parent_name",
                 table["code"].map(names).astype("string"))
    units = analysis.units
    for col in POCKET_FIELDS:
        if col in units.columns:
            values = table["code"].map(units[col])
            if col == "underserved":
                values = values.fillna(False).astype(bool)
            elif col != "coverage_score":
                values = values.astype("string")
            table[col] = values.to_numpy()
    lead = lead_columns(analysis, lang)
    for col in LEAD_FIELDS:
        table[col] = table["code"].map(lead[col]).astype("string").to_numpy()
    if synthetic is not None:
        table["synthetic"] = synthetic.to_numpy()
    return table


def field_labels(columns, analysis, lang: str = "id") -> dict[str, str]:
    """Column id -> its label in ``lang`` (the headers of the XLSX, the aliases of the GIS files)."""
    return {c: _label(c, lang) if c in _LABELS else header_label(c, analysis, lang) for c in columns}


def rpkd_table(analysis, lang: str = "id", *, top: int | None = None, headers: str = "labels",
               figures: int = 4) -> pd.DataFrame:
    """The RPKD *priority locations* table (Lokasi prioritas), ready to paste into the plan.

    One row per ranked unit in rank order (``top`` first rows when given):
    number, Kemendagri code, name, the unit it lies in, key figures (the
    weighted indicators, then :data:`KEY_FIGURES`, ``figures`` at least),
    priority score, rank, poverty pocket, lead office (OPD), programmes and
    the strategy of Permendagri 53/2020 in words; ``synthetic`` when the
    analysis has synthetic data.

    Parameters
    ----------
    headers : {"labels", "ids"}
        Headers in ``lang`` (default) or machine ids.
    """
    _check_lang(lang)
    if headers not in ("labels", "ids"):
        raise InputError(f"headers must be labels or ids, not '{headers}'")
    full = unit_table(analysis, lang)
    full = full[full["rank"].notna()]
    if top is not None:
        full = full.head(int(top))
    figs = key_figures(analysis, figures)
    table = pd.DataFrame({"no": np.arange(1, len(full) + 1)})
    table["code"] = full["code"].to_numpy()
    table["name"] = full["name"].to_numpy()
    parent = full["parent_name"].where(full["parent_name"].fillna("").astype(str).str.len() > 0, full["parent"])
    table["parent_name"] = parent.astype("string").to_numpy()
    for k in figs:
        table[k] = full[k].to_numpy()
    table["priority_score"] = full["priority_score"].to_numpy()
    table["rank"] = full["rank"].to_numpy()
    table["pocket"] = (full["pocket"] if "pocket" in full.columns else pd.Series(pd.NA, index=full.index)
                       ).astype("string").fillna("-").to_numpy()
    for col in ("lead_office", "lead_programmes", "strategy"):
        table[col] = full[col].fillna("").to_numpy()
    if "synthetic" in full.columns:
        table["synthetic"] = full["synthetic"].to_numpy()
    table.attrs["figures"] = figs
    if headers == "labels":
        table.columns = list(field_labels(table.columns, analysis, lang).values())
    return table


# --------------------------------------------------------------------------- provenance

def _provenance_dict(analysis, fmt: str | None = None, path: Path | None = None) -> dict[str, object]:
    prov = _provenance(analysis)
    prov["exported"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    if fmt:
        prov["format"] = fmt
    if path is not None:
        prov["file"] = Path(path).name
    return prov


def _provenance_json(analysis, fmt: str | None = None, path: Path | None = None, indent: int | None = 1) -> str:
    return json.dumps(_provenance_dict(analysis, fmt, path), indent=indent, ensure_ascii=False, default=str)


def provenance_json(analysis, fmt: str | None = None, *, privacy: str = "suppress",
                    threshold: int = DEFAULT_THRESHOLD) -> str:
    """The provenance of an export as JSON text (what a sidecar holds), e.g. for a download button."""
    return _provenance_json(_ready(analysis, privacy, threshold), fmt)


def sidecar(path: str | Path, analysis, fmt: str | None = None) -> Path:
    """Write ``<path>.provenance.json`` (what the file was made from); return its path."""
    path = Path(path)
    side = path.with_name(path.name + ".provenance.json")
    side.write_text(_provenance_json(analysis, fmt, path), encoding="utf-8")
    return side


def _summary(analysis, lang: str) -> str:
    """One paragraph: what, when, from what; the synthetic and privacy notes."""
    from .export import _settings_rows, _text

    p = analysis.provenance
    parts = []
    if analysis.synthetic:
        parts.append(_text("synthetic_note", lang))
    for key, value in _settings_rows(analysis, lang):
        if value:
            parts.append(f"{_text(key, lang)}: {value}")
    if p.get("within"):
        parts.append(("Filter: " if lang == "en" else "Saringan: ") + str(p["within"]))
    note = _privacy_note(analysis, lang)
    if note:
        parts.append(note)
    return "\n".join(parts)


def _privacy_note(analysis, lang: str) -> str:
    priv = analysis.provenance.get("privacy") or {}
    return str(priv.get("note_en" if lang == "en" else "note_id") or "")


def _privacy_rows(ws, analysis, lang: str) -> None:
    """Append the privacy note to a sources sheet."""
    from openpyxl.styles import Alignment, Font

    note = _privacy_note(analysis, lang)
    row = ws.max_row + 1
    ws.cell(row=row, column=1, value="Privacy" if lang == "en" else "Privasi").font = Font(bold=True)
    ws.cell(row=row, column=2, value=note or (
        "No small-count protection at this level." if lang == "en"
        else "Tidak ada perlindungan angka kecil di tingkat ini.")).alignment = Alignment(wrap_text=True,
                                                                                         vertical="top")
    ws.cell(row=row + 1, column=1, value="Household data" if lang == "en" else "Data rumah tangga").font = \
        Font(bold=True)
    ws.cell(row=row + 1, column=2, value=(
        "Never exported: only figures aggregated per unit." if lang == "en"
        else "Tidak pernah diekspor: hanya angka agregat per wilayah."))


# --------------------------------------------------------------------------- CSV / XLSX / RPKD

def to_csv(analysis, path: str | Path, lang: str = "id", *, headers: str = "labels",
           privacy: str = "suppress", threshold: int = DEFAULT_THRESHOLD, **_: object) -> Path:
    """The ranked list as CSV (UTF-8 with BOM), headers in ``lang``, plus its provenance sidecar."""
    from .export import to_csv_bytes

    analysis = _ready(analysis, privacy, threshold)
    path = Path(path)
    path.write_bytes(to_csv_bytes(analysis, lang, headers=headers))
    sidecar(path, analysis, "csv")
    return path


def to_xlsx(analysis, path: str | Path, lang: str = "id", *, privacy: str = "suppress",
            threshold: int = DEFAULT_THRESHOLD, **_: object) -> Path:
    """The ranked list as XLSX (as :func:`geo_planner.export.to_xlsx_bytes`) with the privacy note."""
    import openpyxl

    from .export import _priority_sheet, _sources_sheet, _text, _unmatched_sheet

    _check_lang(lang)
    analysis = _ready(analysis, privacy, threshold)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = _text("priority", lang)
    _priority_sheet(ws, analysis, lang)
    sources = book.create_sheet(_text("sources", lang))
    _sources_sheet(sources, analysis, lang)
    _privacy_rows(sources, analysis, lang)
    if len(analysis.unmatched):
        _unmatched_sheet(book.create_sheet(_text("unmatched", lang)), analysis, lang)
    _book_properties(book, analysis, _text("priority", lang))
    path = Path(path)
    book.save(path)
    return path


def _book_properties(book, analysis, title: str) -> None:
    book.properties.title = f"geo-planner: {title}"
    book.properties.creator = f"geo-planner {analysis.provenance.get('version', '')}".strip()
    book.properties.description = "SINTETIS / SYNTHETIC" if analysis.synthetic else None


def to_rpkd(analysis, path: str | Path, lang: str = "id", *, top: int | None = None,
            privacy: str = "suppress", threshold: int = DEFAULT_THRESHOLD, **_: object) -> Path:
    """The RPKD priority-locations table (:func:`rpkd_table`) as ``.xlsx`` (default) or ``.csv``.

    XLSX: sheet "Lokasi prioritas" (numbers as numbers, Indonesian headers,
    frozen header row, widths fitted) and the "Sumber" sheet. CSV: UTF-8 with
    BOM plus a provenance sidecar.
    """
    analysis = _ready(analysis, privacy, threshold)
    path = Path(path)
    table = rpkd_table(analysis, lang, top=top, headers="ids")
    labels = field_labels(table.columns, analysis, lang)
    if path.suffix.lower() == ".csv":
        out = table.rename(columns=labels)
        path.write_bytes(out.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig"))
        sidecar(path, analysis, "rpkd")
        return path
    if path.suffix.lower() not in (".xlsx", ""):
        raise InputError("the RPKD table is written as .xlsx or .csv", file=path.name)
    import openpyxl

    from .export import _cell, _fit_columns, _header, _sources_sheet, _text

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Priority locations" if lang == "en" else "Lokasi prioritas"
    _header(ws, 1, list(labels.values()))
    formats = {"priority_score": "0.00"}
    for k in table.attrs.get("figures", []):
        ind = analysis.indicators.get(k)
        integer = pd.api.types.is_integer_dtype(table[k])
        formats[k] = "#,##0" if integer else "#,##0.00"
        if ind is not None and not integer and str(ind.unit).strip() == "%":
            formats[k] = "0.00"
    for i, record in enumerate(table.itertuples(index=False), start=2):
        for j, (col, value) in enumerate(zip(table.columns, record), start=1):
            c = ws.cell(row=i, column=j, value=_cell(value))
            if col in formats and c.value is not None:
                c.number_format = formats[col]
    ws.freeze_panes = "A2"
    _fit_columns(ws, cap=50)
    sources = book.create_sheet(_text("sources", lang))
    _sources_sheet(sources, analysis, lang)
    _privacy_rows(sources, analysis, lang)
    _book_properties(book, analysis, ws.title)
    book.save(path)
    return path


# --------------------------------------------------------------------------- GIS

def _gdf(analysis, lang: str) -> gpd.GeoDataFrame:
    table = unit_table(analysis, lang)
    geometry = analysis.units.geometry.reindex(table["code"]).to_numpy()
    return gpd.GeoDataFrame(table, geometry=geometry, crs=analysis.units.crs or "EPSG:4326")


def to_geojson(analysis, path: str | Path, lang: str = "id", *, privacy: str = "suppress",
               threshold: int = DEFAULT_THRESHOLD, **_: object) -> Path:
    """One feature per unit in rank order (RFC 7946, EPSG:4326, 6 decimals), plus the provenance sidecar."""
    analysis = _ready(analysis, privacy, threshold)
    path = Path(path)
    gdf = _gdf(analysis, lang)
    desc = _summary(analysis, lang).replace("\n", " | ")
    gdf.to_file(path, driver="GeoJSON", engine="pyogrio", promote_to_multi=True,
                layer_options={"RFC7946": "YES", "COORDINATE_PRECISION": 6, "DESCRIPTION": desc})
    sidecar(path, analysis, "geojson")
    return path


def _layer_name(analysis) -> str:
    within = analysis.provenance.get("within")
    return analysis.level + (f"_{re.sub(r'[^0-9A-Za-z]+', '_', str(within))}" if within else "")


def to_gpkg(analysis, path: str | Path, lang: str = "id", *, layer: str | None = None,
            privacy: str = "suppress", threshold: int = DEFAULT_THRESHOLD, **_: object) -> Path:
    """A GeoPackage layer named by level (``desa``; ``desa_64_02`` for a drill-down).

    Writing another level to the same file adds a layer (the same one again
    replaces it). The non-spatial table ``provenance`` holds one row per
    layer with the provenance JSON; the same JSON is the layer's metadata
    (``gpkg_metadata``, key ``provenance``); column labels in ``lang`` are in
    ``gpkg_data_columns``.
    """
    import pyogrio

    analysis = _ready(analysis, privacy, threshold)
    path = Path(path)
    layer = layer or _layer_name(analysis)
    gdf = _gdf(analysis, lang)
    prov = _provenance_json(analysis, "gpkg", path, indent=None)
    pyogrio.write_dataframe(gdf, path, driver="GPKG", layer=layer, promote_to_multi=True,
                            layer_metadata={"provenance": prov})
    rows = pd.DataFrame(columns=["layer", "level", "created", "tool_version", "synthetic", "privacy", "json"])
    if "provenance" in {str(n) for n in pyogrio.list_layers(path)[:, 0]}:
        rows = pyogrio.read_dataframe(path, layer="provenance")
        rows = rows[rows["layer"] != layer]
    p = analysis.provenance
    new = pd.DataFrame([{"layer": layer, "level": analysis.level, "created": str(p.get("created", "")),
                         "tool_version": f"{p.get('tool', 'geo-planner')} {p.get('version', '')}".strip(),
                         "synthetic": bool(analysis.synthetic), "privacy": _privacy_note(analysis, lang),
                         "json": prov}])
    rows = pd.concat([rows, new], ignore_index=True) if len(rows) else new
    pyogrio.write_dataframe(rows, path, layer="provenance", driver="GPKG")
    _data_columns(path, layer, field_labels(gdf.columns.drop("geometry"), analysis, lang), analysis)
    return path


def _data_columns(path: Path, table: str, labels: Mapping[str, str], analysis) -> None:
    """Column titles and descriptions (units, sources) in the GeoPackage schema extension."""
    descriptions = {}
    for k, ind in analysis.indicators.items():
        descriptions[k] = ind.label_en + (f" ({ind.unit})" if ind.unit else "") + (
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


def to_shapefile_zip(analysis, path: str | Path, lang: str = "id", *, privacy: str = "suppress",
                     threshold: int = DEFAULT_THRESHOLD, **_: object) -> Path:
    """A zipped Shapefile: ``.shp .shx .dbf .prj .cpg`` (UTF-8), ``fields.csv`` and the provenance.

    DBF field names have at most 10 characters: ``fields.csv`` maps each to
    its full id and its labels (``field``, ``column``, ``label_id``,
    ``label_en``). Text longer than 254 bytes (the DBF limit) is cut with
    "..."; the provenance JSON is in the zip and beside it.
    """
    import tempfile

    analysis = _ready(analysis, privacy, threshold)
    path = Path(path)
    if path.suffix.lower() != ".zip":
        path = path.with_suffix(".zip")
    stem = re.sub(r"[^0-9A-Za-z_-]+", "_", path.stem) or "geo_planner"
    gdf = _gdf(analysis, lang)
    columns = [c for c in gdf.columns if c != "geometry"]
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
            zf.writestr("fields.csv", fields.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig"))
            zf.writestr(f"{stem}.provenance.json", _provenance_json(analysis, "shp", path))
    sidecar(path, analysis, "shp")
    return path


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
    from .i18n import fmt_number

    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return "–"
    if isinstance(value, (bool, np.bool_)):
        return ("yes" if value else "no") if lang == "en" else ("ya" if value else "tidak")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return fmt_number(value, lang)
    return str(value)


def to_kml(analysis, path: str | Path, lang: str = "id", *, tolerance: float | None = None,
           privacy: str = "suppress", threshold: int = DEFAULT_THRESHOLD, **_: object) -> Path:
    """KML for field teams: one Placemark per unit in rank order, coloured by priority class.

    Each Placemark has the unit's name, a balloon (``description``) with its
    code, rank, score, pocket, lead office and key figures in ``lang``, and
    the same values as ``ExtendedData``. Polygons are simplified with
    :func:`geo_planner.map_geometry.simplify_units` (shared edges kept).
    The document's description carries the provenance summary; the full
    provenance is in the sidecar JSON.
    """
    from .map_geometry import simplify_units
    from .mapping import NO_DATA, RAMPS

    analysis = _ready(analysis, privacy, threshold)
    path = Path(path)
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
    title = "Prioritas penanggulangan kemiskinan" if lang != "en" else "Poverty priorities"
    ET.SubElement(doc, "name").text = f"geo-planner: {title} ({analysis.level})"
    ET.SubElement(doc, "description").text = _summary(analysis, lang)
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
    data = ET.tostring(kml, encoding="utf-8", xml_declaration=True)
    path.write_bytes(data)
    sidecar(path, analysis, "kml")
    return path


def _kml_style(doc: ET.Element, sid: str, colour: str) -> None:
    style = ET.SubElement(doc, "Style", id=sid)
    line = ET.SubElement(style, "LineStyle")
    ET.SubElement(line, "color").text = "ff4d4d4d"
    ET.SubElement(line, "width").text = "1"
    poly = ET.SubElement(style, "PolyStyle")
    ET.SubElement(poly, "color").text = _kml_colour(colour)


# --------------------------------------------------------------------------- PDF

def to_pdf(analysis, path: str | Path, lang: str = "id", *, top: int | None = 20, title: str | None = None,
           privacy: str = "suppress", threshold: int = DEFAULT_THRESHOLD, **_: object) -> Path:
    """The printable A4 report (:func:`geo_planner.report.to_pdf`)."""
    from .report import to_pdf as _to_pdf

    analysis = _ready(analysis, privacy, threshold)
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
        Small counts at desa level (see :mod:`geo_planner.privacy`).
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
    _check_lang(lang)
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
    protected = _ready(analysis, privacy, threshold)
    return EXPORTERS[fmt](protected, path, lang, privacy=privacy, threshold=threshold, **options)


def to_bytes(analysis, fmt: str, lang: str = "id", **kw: object) -> tuple[bytes, str]:
    """One export as bytes and a file name, for a download button (``(data, "prioritas_desa.gpkg")``).

    Formats whose provenance lives in a sidecar (CSV, GeoJSON, KML) carry a
    summary of it inside (GeoJSON and KML descriptions); offer the full JSON
    beside them with :func:`provenance_json` on the protected analysis.
    """
    import tempfile

    name = f"prioritas_{_layer_name(analysis)}{DEFAULT_SUFFIX[fmt]}" if fmt in DEFAULT_SUFFIX else "export"
    with tempfile.TemporaryDirectory() as tmp:
        out = export(analysis, Path(tmp) / name, fmt, lang, **kw)
        return out.read_bytes(), out.name

