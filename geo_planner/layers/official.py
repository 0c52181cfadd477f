"""What kind of source each figure is, and the official BPS table that replaces built-in figures.

Several built-in regency figures (``layers/kaltim/figures.csv``) cite a news
report of a BPS release rather than BPS itself. Its ``source_type`` column
says, row by row, what the source is (read from the row's URL and note):

=======================  ==============================  ===========================================
``source_type``          Bahasa Indonesia                English
=======================  ==============================  ===========================================
``bps_release``          rilis BPS                       BPS release
``bps_table``            tabel BPS                       BPS table
``regency_statement``    pernyataan pemda                regency/province statement
``news_report``          laporan berita                  news report (of a release)
``secondary_document``   dokumen sekunder                secondary document
``open_data``            data terbuka pemerintah         government open data (IDM)
=======================  ==============================  ===========================================

:func:`with_source_types` puts that column on the built-in layer's figures.
A planner who has the official BPS table (a BPS web-table download:
"Persentase Penduduk Miskin (%)", "Jumlah Penduduk Miskin (ribu jiwa)",
"Garis Kemiskinan (Rupiah/Kapita/Bulan)", one column per year) uploads it:
:func:`official_table` recognises those columns, gives them the built-in
indicator ids (``poverty_rate``, ``poor_population`` in persons,
``poverty_line``) with the year of each column, and marks them ``bps_table``.
The upload comes after the built-in layer, so its figure (the latest year per
unit) wins; every built-in figure stays listed as replaced.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pandas as pd

from geo_planner.errors import InputError
from geo_planner.i18n import STRINGS, t
from geo_planner.i18n.messages import msg
from geo_planner.layers.model import LAYERS_DIR, Indicator, Layer, read_manifest

__all__ = ["SOURCE_TYPES", "source_type_label", "builtin_source_types", "with_source_types", "official_table",
           "OFFICIAL_NOTE", "BUILTIN_LAYER"]

# source_type -> its label's key in the catalogue (official_src_*)
SOURCE_TYPES = {kind: f"official_src_{kind}" for kind in ("bps_release", "bps_table", "regency_statement",
                                                         "news_report", "secondary_document", "open_data")}
BUILTIN_LAYER = "kaltim"
FIGURES = LAYERS_DIR / "kaltim" / "figures.csv"
# written into the figure table in both languages ("<id> / <en>", as i18n.figures.both), so exports keep it whole
OFFICIAL_NOTE = " / ".join(STRINGS["official_note"])
# header words -> built-in indicator; "ribu" in a count's header means thousands
_HEADERS = ((re.compile(r"persentase\s+(?:penduduk\s+)?miskin|tingkat\s+kemiskinan|\(p0\)"), "poverty_rate"),
            (re.compile(r"jumlah\s+penduduk\s+miskin"), "poor_population"),
            (re.compile(r"garis\s+kemiskinan"), "poverty_line"))
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def source_type_label(value: object, lang: str = "id") -> str:
    """``'news_report'`` -> ``'laporan berita'`` (``'news report'``); ``""`` when unknown or missing."""
    key = SOURCE_TYPES.get(str(value)) if isinstance(value, str) else None
    return "" if key is None else t(key, lang)


def builtin_source_types(path: str | Path = FIGURES) -> dict[int, str]:
    """Row number (as a spreadsheet shows it, header = 1) -> ``source_type`` of the built-in figures.

    Raises
    ------
    InputError
        A row whose type is empty or not one of :data:`SOURCE_TYPES`.
    """
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "source_type" not in table.columns:
        raise InputError(msg("official_no_source_type"), file=Path(path).name)
    bad = table.index[~table["source_type"].isin(SOURCE_TYPES)]
    if len(bad):
        raise InputError(msg("official_bad_source_type", value=table.at[bad[0], "source_type"],
                             types=", ".join(SOURCE_TYPES)),
                         file=Path(path).name, row=int(bad[0]) + 2, column="source_type")
    return {int(i) + 2: t for i, t in table["source_type"].items()}


def with_source_types(layer: Layer | None) -> Layer | None:
    """The built-in regency layer with a ``source_type`` column on its figures (other layers as they are)."""
    if layer is None or layer.name != BUILTIN_LAYER or "row" not in layer.figures.columns:
        return layer
    types = builtin_source_types()
    figures = layer.figures.assign(source_type=pd.to_numeric(layer.figures["row"], errors="coerce").map(types))
    return replace(layer, figures=figures)


def _target(indicator: Indicator) -> str | None:
    text = f"{indicator.label_id} {indicator.unit}".lower()
    return next((target for pattern, target in _HEADERS if pattern.search(text)), None)


def official_table(layer: Layer) -> Layer:
    """A user's table read as the official BPS table of built-in figures, when its columns are such.

    Columns whose header names a built-in BPS figure get that indicator's id
    and the header's year; thousands ("ribu jiwa") become persons. Per unit,
    the latest year is selected; other years stay as other-year figures.
    A table with no such column comes back unchanged.
    """
    hits = {k: _target(m) for k, m in layer.indicators.items() if _target(m)}
    if not hits or layer.synthetic or layer.name == BUILTIN_LAYER:
        return layer
    manifest = read_manifest(LAYERS_DIR / "kaltim" / "manifest.csv")
    f = layer.figures
    mine = f[f["indicator"].isin(hits)].copy()
    header = mine["indicator"].map(lambda k: f"{layer.indicators[k].label_id} {layer.indicators[k].unit}")
    year = header.str.extract(_YEAR, expand=False)
    mine["year"] = year.fillna(mine["year"].astype(str)).fillna("")
    thousands = header.str.lower().str.contains("ribu") & (mine["indicator"].map(hits) == "poor_population")
    mine.loc[thousands, "value"] = mine.loc[thousands, "value"] * 1000
    mine["indicator"] = mine["indicator"].map(hits)
    mine["source"] = "{} ({} / {})".format(layer.file or layer.name, *STRINGS["official_src_bps_table"])
    mine["note"] = [f"{OFFICIAL_NOTE}; {n}" if n else OFFICIAL_NOTE for n in mine["note"].fillna("").astype(str)]
    mine["source_type"] = "bps_table"
    latest = pd.to_numeric(mine["year"].str[:4], errors="coerce")
    chosen = mine["selected"].astype(bool)  # a year chosen with --year (geo_planner.layers.model) stays chosen
    best = latest.where(chosen).groupby([mine["code"], mine["indicator"]]).transform("max")
    mine["selected"] = chosen & ((latest == best) | best.isna())
    mine.loc[~mine["selected"], "selection_note"] = " / ".join(STRINGS["official_other_year"])
    mine = mine.drop_duplicates(["code", "indicator", "year"], keep="last")
    figures = pd.concat([f[~f["indicator"].isin(hits)], mine], ignore_index=True)
    indicators = {k: v for k, v in layer.indicators.items() if k not in hits}
    for target in set(hits.values()):
        indicators[target] = replace(manifest[target], year="", layer=layer.name,
                                     description=f"{manifest[target].description}; {OFFICIAL_NOTE}")
    return replace(layer, figures=figures, indicators=indicators)
