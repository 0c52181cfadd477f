"""User-facing text in Bahasa Indonesia (default) and English.

The app, the map and the exports take every label from here, so a planner sees
one vocabulary everywhere:

>>> t("rank")
'Peringkat'
>>> t("rank", "en")
'Rank'
>>> fmt_number(59000, "id"), fmt_number(7.28, "en")
('59.000', '7.28')
"""

from __future__ import annotations

import math
from collections.abc import Mapping

__all__ = ["LANGS", "t", "column_label", "fmt_number", "STRINGS"]

LANGS = {"id": "Bahasa Indonesia", "en": "English"}

# key: (Bahasa Indonesia, English). Placeholders use str.format names.
STRINGS: dict[str, tuple[str, str]] = {
    # page
    "title": ("Peta prioritas penanggulangan kemiskinan", "Poverty priority map"),
    "subtitle": ("{province} · {level} · {n} wilayah", "{province} · {level} · {n} units"),
    "language": ("Bahasa / Language", "Bahasa / Language"),
    "level": ("Tingkat wilayah", "Level"),
    "level_province": ("Provinsi", "Province"),
    "level_kabkota": ("Kabupaten/kota", "Regency/city"),
    "level_kecamatan": ("Kecamatan", "District"),
    "level_desa": ("Desa/kelurahan", "Village"),
    "weights": ("Bobot indikator", "Indicator weights"),
    "weights_help": ("0 = tidak dipakai. Bobot dinormalkan menjadi jumlah 1 atas indikator yang tersedia.",
                     "0 = not used. Weights are rescaled to sum to 1 over the indicators available."),
    "more_indicators": ("Indikator lain", "More indicators"),
    "available_for": ("ada untuk {n} dari {total} wilayah", "available for {n} of {total} units"),
    "colour_by": ("Warna peta menurut", "Colour the map by"),
    "scheme": ("Klasifikasi warna", "Colour classes"),
    "scheme_quantiles": ("Kuantil (jumlah wilayah sama)", "Quantiles (equal counts)"),
    "scheme_natural_breaks": ("Natural breaks", "Natural breaks"),
    "scheme_equal_interval": ("Interval sama", "Equal intervals"),
    "scheme_fisher_jenks": ("Fisher-Jenks", "Fisher-Jenks"),
    "upload": ("Tabel Anda (CSV/XLSX)", "Your own table (CSV/XLSX)"),
    "upload_help": ("Satu baris per wilayah dengan kode Kemendagri/BPS atau nama, dan kolom angka.",
                    "One row per unit with a Kemendagri/BPS code or name, and columns of figures."),
    "direction": ("Arah indikator unggahan", "Direction of uploaded indicators"),
    "dir_need": ("kebutuhan (makin tinggi makin perlu)", "need (higher = more need)"),
    "dir_coverage": ("cakupan (makin tinggi makin terlayani)", "coverage (higher = better served)"),
    "dir_context": ("konteks (tidak dibobot)", "context (not weighted)"),
    "synthetic_app": ("Data SINTETIS dipakai: angka contoh, bukan angka resmi. Jangan dipakai untuk keputusan.",
                      "SYNTHETIC data in use: demo figures, not official ones. Do not use for decisions."),
    "map": ("Peta", "Map"),
    "map_help": ("Klik wilayah untuk melihat rinciannya.", "Click a unit to see its details."),
    "ranked": ("Daftar prioritas", "Priority list"),
    "ranked_help": ("Pilih baris untuk melihat rincian wilayah.", "Select a row to see the unit's details."),
    "details": ("Rincian wilayah", "Unit details"),
    "pick_unit": ("Pilih wilayah di peta atau di daftar prioritas untuk melihat semua angkanya beserta sumber.",
                  "Select a unit on the map or in the priority list to see all its figures with sources."),
    "figures_of": ("Semua angka {name} ({code})", "All figures of {name} ({code})"),
    "no_figures": ("Tidak ada angka untuk wilayah ini.", "No figures for this unit."),
    "indicator": ("Indikator", "Indicator"),
    "value": ("Nilai", "Value"),
    "unit": ("Satuan", "Unit"),
    "year": ("Tahun", "Year"),
    "period": ("Periode", "Period"),
    "source": ("Sumber", "Source"),
    "note": ("Catatan", "Note"),
    "status": ("Status", "Status"),
    "status_used": ("dipakai", "used"),
    "status_alternative": ("alternatif, tidak dipakai", "alternative, not used"),
    "status_other": ("tidak dipakai (tahun atau lapisan lain)", "not used (other year or layer)"),
    "status_doubtful": ("diragukan", "doubtful"),
    "layer": ("Lapisan data", "Layer"),
    "weights_sources": ("Bobot dan sumber yang dipakai", "Weights and sources used"),
    "weight": ("Bobot", "Weight"),
    "share": ("Porsi", "Share"),
    "direction_col": ("Arah", "Direction"),
    "sources_count": ("Jumlah sumber", "Sources"),
    "years": ("Tahun", "Years"),
    "boundaries": ("Batas wilayah", "Boundaries"),
    "method": ("Metode", "Method"),
    "unmatched": ("{n} baris dari {file} tidak cocok dengan wilayah mana pun dan tidak dipakai; periksa kode atau "
                  "nama wilayahnya.",
                  "{n} row(s) of {file} matched no unit and are not used; check their code or name."),
    "unmatched_download": ("Unduh baris yang tidak cocok (CSV)", "Download unmatched rows (CSV)"),
    "province_rows": ("{n} baris total provinsi dikenali dan tidak digabungkan ke wilayah mana pun.",
                      "{n} province-total row(s) recognised and not joined to any unit."),
    "show_rows": ("Lihat baris", "Show the rows"),
    "downloads": ("Unduh daftar prioritas", "Download the priority list"),
    "download_csv": ("Unduh CSV", "Download CSV"),
    "download_xlsx": ("Unduh Excel (XLSX)", "Download Excel (XLSX)"),
    "export_missing": ("Ekspor belum tersedia di versi ini.", "Export is not available in this version."),
    # map
    "legend_score": ("Skor prioritas (0-100)", "Priority score (0-100)"),
    "legend_note_need": ("makin gelap makin prioritas", "darker = higher priority"),
    "legend_note_value": ("makin gelap makin tinggi", "darker = higher value"),
    "no_data": ("Tidak ada data", "No data"),
    "synthetic_banner": ("SINTETIS / SYNTHETIC: data contoh, bukan angka resmi",
                         "SINTETIS / SYNTHETIC: demo data, not official figures"),
    "score": ("Skor prioritas", "Priority score"),
    "rank": ("Peringkat", "Rank"),
    "rank_of": ("{rank} dari {n}", "{rank} of {n}"),
    "indicators_used": ("Indikator dipakai", "Indicators used"),
    "offline_note": ("Peta tanpa latar (bekerja tanpa internet).", "Map without a background (works offline)."),
    # export (XLSX sheets and sidecars)
    "export_priority": ('Prioritas', 'Priority'),
    "export_sources": ('Sumber', 'Sources'),
    "export_unmatched": ('Tidak cocok', 'Unmatched'),
    "export_id": ('ID', 'ID'),
    "export_source_list": ('Sumber (URL/berkas)', 'Source(s) (URL/file)'),
    "export_weights": ('Bobot yang dipakai', 'Weights used'),
    "export_created": ('Tanggal dibuat', 'Date created'),
    "export_version": ('Versi alat', 'Tool version'),
    "export_boundaries": ('Sumber batas wilayah', 'Boundary source'),
    "export_province": ('Provinsi', 'Province'),
    "export_synthetic": ('Data sintetis', 'Synthetic data'),
    "export_synthetic_tag": ('sintetis', 'synthetic'),
    "export_synthetic_note": ("PERHATIAN: berisi DATA SINTETIS (contoh), bukan angka resmi; jangan dipakai "
                              "untuk keputusan.",
                              "WARNING: contains SYNTHETIC (demo) data, not official figures; do not use "
                              "for decisions."),
    "export_unmatched_note": ("Baris tabel masukan yang tidak cocok dengan wilayah mana pun (tidak digabung).",
                              "Rows of input tables that matched no unit (not joined)."),
}

_COLUMNS: dict[str, tuple[str, str]] = {
    "code": ("Kode", "Code"),
    "name": ("Nama wilayah", "Name"),
    "level": ("Tingkat", "Level"),
    "parent": ("Kode induk", "Parent code"),
    "bps_code": ("Kode BPS", "BPS code"),
    "rank": ("Peringkat", "Rank"),
    "priority_score": ("Skor prioritas", "Priority score"),
    "priority_class": ("Kelas peta", "Map class"),
    "indicators_used": ("Indikator dipakai", "Indicators used"),
}


def t(key: str, lang: str = "id", **values: object) -> str:
    """The text of ``key`` in ``lang`` (``"id"`` or ``"en"``), formatted with ``values``.

    An unknown key returns the key itself, so a missing label shows up instead of failing.

    >>> t("rank_of", "en", rank=1, n=10)
    '1 of 10'
    """
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text


def column_label(col: str, indicators: Mapping[str, object] | None = None, lang: str = "id") -> str:
    """Display header of a ranked-table column.

    Parameters
    ----------
    col : str
        Column name of :meth:`Analysis.ranked` (``code``, ``name``, ``rank``,
        ``priority_score``, an indicator id, or ``need_<indicator id>``).
    indicators : mapping, optional
        Indicator id -> :class:`~geo_planner.layers.Indicator`.
    lang : str
        ``"id"`` (default) or ``"en"``.

    Examples
    --------
    >>> from geo_planner.layers import Indicator
    >>> ind = {"poverty_rate": Indicator("poverty_rate", "Persentase penduduk miskin", "Poverty rate", "%")}
    >>> column_label("poverty_rate", ind), column_label("code", ind, "en")
    ('Persentase penduduk miskin (%)', 'Code')
    """
    if col in _COLUMNS:
        return _COLUMNS[col][1 if lang == "en" else 0]
    indicators = indicators or {}
    if col.startswith("need_") and col[5:] in indicators:
        base = indicators[col[5:]].label(lang)  # type: ignore[attr-defined]
        return f"{'Need 0-100' if lang == 'en' else 'Kebutuhan 0-100'}: {base}"
    meta = indicators.get(col)
    if meta is None:
        return col
    unit = getattr(meta, "unit", "")
    label = meta.label(lang)  # type: ignore[attr-defined]
    return f"{label} ({unit})" if unit else label


def fmt_number(value: object, lang: str = "id", decimals: int | None = None) -> str:
    """Format a number the way readers of ``lang`` write it (``7,28`` and ``59.000`` in Indonesian).

    ``decimals=None`` keeps up to two decimals and drops trailing zeros; missing values give ``"–"``.
    """
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "–" if value is None else str(value)
    if math.isnan(x):
        return "–"
    if decimals is None:
        text = f"{x:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{x:,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
