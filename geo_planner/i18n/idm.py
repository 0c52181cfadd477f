"""User-facing strings of the village index (IDM): map modes, legends, notes, the credit line.

Merged into :data:`geo_planner.i18n.STRINGS` (one catalogue); kept in their own file so the
village figures can be read (and merged) apart from the rest.
"""

from __future__ import annotations

__all__ = ["STRINGS_IDM"]

STRINGS_IDM: dict[str, tuple[str, str]] = {
    "pockets_summary_units": ("{n} kantong · {units} wilayah", "{n} pockets · {units} units"),
    "source_type_col": ("Jenis sumber", "Source type"),
    "status_replaced_bps": ("diganti tabel BPS yang diunggah", "replaced by the uploaded BPS table"),
    "export_villages": ("Data desa (IDM)", "Village data (IDM)"),
    "mode_trend": ("Tren IDM 2023→2024", "IDM trend 2023→2024"),
    "legend_trend": ("Perubahan IDM 2023→2024", "Change in IDM 2023→2024"),
    "legend_trend_note": ("poin indeks; biru naik, merah turun", "index points; blue rose, red fell"),
    "trend_fell_much": ("turun 0,05 atau lebih", "fell by 0.05 or more"),
    "trend_fell": ("turun", "fell"),
    "trend_same": ("tetap", "unchanged"),
    "trend_rose": ("naik", "rose"),
    "trend_rose_much": ("naik 0,05 atau lebih", "rose by 0.05 or more"),
    "trend_status_fell": ("status IDM turun: {n} desa", "IDM status fell: {n} desa"),
    "trend_status_fell_units": ("ada desa yang status IDM-nya turun: {n} wilayah",
                                "with desa whose IDM status fell: {n} units"),
    "tip_trend": ("Perubahan IDM: <b>{change}</b> ({before} → {after})", "Change in IDM: <b>{change}</b> ({before} → {after})"),
    "tip_trend_units": ("Rata-rata perubahan IDM: <b>{change}</b>; status turun di {fell} desa",
                        "Mean change in IDM: <b>{change}</b>; status fell in {fell} desa"),
    "trend_needs_idm": ("peta tren perlu lapisan IDM (desa, kecamatan atau kabupaten/kota); tidak ada perubahan "
                        "IDM di analisis ini", "the trend map needs the IDM layer (desa, kecamatan or regency "
                        "level); this analysis has no change in IDM"),
    "not_assessed_kelurahan": ("tidak dinilai IDM (kelurahan)", "not assessed by IDM (kelurahan)"),
    "not_assessed_units": ("tidak dinilai IDM (hanya kelurahan)", "not assessed by IDM (kelurahan only)"),
    "idm_caption": ("Data desa: {attribution}", "Village data: {attribution}"),
    "idm_real_note": ("Angka desa nyata: Indeks Desa Membangun (IDM) 2023-2024 dan 50 indikatornya. "
                      "Kebutuhan = IDM 2024 rendah, atau indikator yang Anda beri bobot.",
                      "Real village figures: Indeks Desa Membangun (IDM) 2023-2024 and its 50 indicators. "
                      "Need = low IDM 2024, or the indicators you weight."),
    "idm_lead_col": ("OPD pengampu (indikator IDM)", "Lead office (IDM indicators)"),
    "idm_drivers_col": ("Indikator pendorong kebutuhan", "Indicators driving the need"),
    "idm_coverage_col": ("Cakupan IDM", "IDM coverage"),
    "idm_dictionary": ("Indikator IDM: sub-dimensi dan pelaksana", "IDM indicators: sub-dimensions and agencies"),
    "idm_dictionary_help": ("50 indikator (skor 0-5) dalam 12 sub-dimensi, dengan instansi pelaksana yang disebut "
                            "IDM dan OPD pengampu di layers/sectors.csv.",
                            "50 indicators (scores 0-5) in 12 sub-dimensions, with the agencies IDM names and the "
                            "lead office of layers/sectors.csv."),
    "idm_col_code": ("Kode", "Code"),
    "idm_col_indicator": ("Indikator", "Indicator"),
    "idm_col_sub": ("Sub-dimensi", "Sub-dimension"),
    "idm_col_agencies": ("Pelaksana (IDM)", "Agencies (IDM)"),
    "idm_col_office": ("OPD pengampu", "Lead office"),
    "idm_col_mean": ("Rata-rata skor", "Mean score"),
    "synthetic_toggle_help_idm": ("Angka desa nyata (IDM) selalu dimuat. Demo ini menambah angka desa buatan "
                                  "(berbenih, dijumlahkan sama dengan angka kabupaten/kota) yang ditandai SINTETIS "
                                  "di peta, tabel dan unduhan.",
                                  "The real village figures (IDM) are always loaded. This demo adds made-up village "
                                  "figures (seeded, adding up to the regency figures), marked SYNTHETIC on the map, "
                                  "in tables and downloads."),
}
