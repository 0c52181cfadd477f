"""User-facing text in Bahasa Indonesia (default) and English.

The app, the map and the exports take every label from here, so a planner sees
one vocabulary everywhere:

>>> t("rank")
'Peringkat'
>>> t("rank", "en")
'Rank'
>>> fmt_number(59000, "id"), fmt_number(7.28, "en")
('59.000', '7.28')

One catalogue, :data:`STRINGS`, kept in a few files merged here: this one (the app, map, exports, planning
pages), ``idm.py`` (the village index), ``figures.py`` (notes and periods inside the figure tables, with
:func:`~geo_planner.i18n.figures.one_language` to show one side), ``library.py`` (the library modules'
headers, labels and notes). tests/test_i18n.py checks that every key has both languages with the same
placeholders, and scans the converted modules for literals left outside the catalogue.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from decimal import Decimal

from babel.numbers import format_decimal

__all__ = ["LANGS", "LOCALES", "t", "column_label", "fmt_number", "STRINGS"]

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
    "upload": ("Data Anda: tabel atau lapisan titik/poligon", "Your data: a table or a point/polygon layer"),
    "upload_help": ("Tabel (CSV/XLSX): satu baris per wilayah dengan kode Kemendagri/BPS atau nama, dan kolom "
                    "angka. Lapisan titik/poligon (GeoJSON, Shapefile dalam .zip, GeoPackage, atau CSV dengan "
                    "kolom lintang/bujur): dihitung atau dijumlahkan per wilayah.",
                    "Table (CSV/XLSX): one row per unit with a Kemendagri/BPS code or name, and columns of "
                    "figures. Point/polygon layer (GeoJSON, zipped Shapefile, GeoPackage, or CSV with "
                    "latitude/longitude columns): counted or summed per unit."),
    # levels, drill-down, synthetic demo
    "subtitle_within": ("{province} · {within} · {level} · {n} wilayah", "{province} · {within} · {level} · {n} units"),
    "click_action": ("Klik di peta atau daftar", "A click on the map or list"),
    "click_details": ("menampilkan rincian wilayah", "shows the unit's details"),
    "click_drill": ("menelusuri ke tingkat di bawahnya", "drills down one level"),
    "drill_to": ("Telusuri ke {level} →", "Drill down to {level} →"),
    "drill_kecamatan": ("kecamatan", "districts"),
    "drill_desa": ("desa/kelurahan", "villages"),
    "up_to": ("← Kembali ke {name}", "← Back to {name}"),
    "all_units": ("semua {level}", "all {level}"),
    "you_are_here": ("Anda di sini", "You are here"),
    "synthetic_toggle": ("Data contoh sintetis (demo)", "Synthetic demo data"),
    "synthetic_toggle_help": ("Belum ada angka resmi di bawah tingkat kabupaten/kota. Demo ini berisi angka "
                              "desa buatan (berbenih, dijumlahkan sama dengan angka kabupaten/kota) yang "
                              "ditandai SINTETIS di peta, tabel dan unduhan. Matikan untuk hanya memakai data "
                              "Anda.",
                              "There are no official figures below regency level yet. This demo holds made-up "
                              "village figures (seeded, adding up to the regency figures), marked SYNTHETIC on "
                              "the map, in tables and downloads. Switch it off to use only your own data."),
    "no_real_figures": ("Tidak ada angka resmi di tingkat {level}. Unggah data Anda di bilah samping: tabel "
                        "(CSV/XLSX, satu baris per wilayah dengan kode atau nama) atau lapisan titik/poligon "
                        "(GeoJSON, Shapefile dalam .zip, GeoPackage, atau CSV dengan kolom lintang/bujur). "
                        "Atau nyalakan «Data contoh sintetis (demo)».",
                        "There are no official figures at {level} level. Upload your data in the sidebar: a "
                        "table (CSV/XLSX, one row per unit with a code or name) or a point/polygon layer "
                        "(GeoJSON, zipped Shapefile, GeoPackage, or CSV with latitude/longitude columns). Or "
                        "switch on «Synthetic demo data»."),
    "parent_col": ("Wilayah induk", "Lies in"),
    "synthetic_col": ("Data sintetis", "Synthetic data"),
    "mode_bivariate": ("Bivariat: kebutuhan × cakupan", "Bivariate: need × coverage"),
    "mode_hotspots": ("Hotspot & kantong kemiskinan", "Hotspots & poverty pockets"),
    # pockets
    "pockets": ("Kantong kemiskinan", "Poverty pockets"),
    "pockets_help": ("Kantong = kelompok wilayah yang bersentuhan dan merupakan hotspot kebutuhan (Gi*) atau "
                     "berkebutuhan tinggi dengan cakupan program rendah. Diurutkan menurut jumlah penduduk "
                     "miskin.",
                     "Pocket = a group of touching units that are hotspots of need (Gi*) or have high need "
                     "and low programme coverage. Sorted by number of poor people."),
    "pocket_settings": ("Kantong & hotspot", "Pockets & hotspots"),
    "pocket_flag": ("Kantong dibentuk dari", "Pockets are made of"),
    "flag_both": ("hotspot atau kebutuhan tinggi–cakupan rendah", "hotspots or high need–low coverage"),
    "flag_hotspot": ("hotspot (Gi*) saja", "hotspots (Gi*) only"),
    "flag_underserved": ("kebutuhan tinggi–cakupan rendah saja", "high need–low coverage only"),
    "fdr": ("Koreksi false discovery rate (FDR)", "False discovery rate (FDR) correction"),
    "fdr_help": ("Dengan ratusan wilayah, beberapa akan tampak signifikan karena kebetulan; FDR memperketat "
                 "ambang p.", "With hundreds of units some look significant by chance; FDR tightens the "
                 "p threshold."),
    "permutations": ("Jumlah permutasi (uji Gi* dan Moran lokal)", "Permutations (Gi* and local Moran test)"),
    "pockets_none": ("Tidak ada kantong dengan pengaturan ini.", "No pocket with these settings."),
    "pockets_summary": ("{n} kantong · {units} wilayah · {poor} penduduk miskin",
                        "{n} pockets · {units} units · {poor} poor people"),
    "pockets_download": ("Unduh daftar kantong (CSV)", "Download the pockets list (CSV)"),
    "hotspots_too_few": ("Statistik hotspot tidak dihitung: {reason} Kantong dibentuk dari kebutuhan "
                         "tinggi–cakupan rendah saja.",
                         "No hotspot statistics: {reason} Pockets are made of high need–low coverage units only."),
    "pockets_method": ("Gi* dan Moran lokal, {permutations} permutasi, p ≤ {alpha}{fdr}; bobot: {weights}",
                       "Gi* and local Moran, {permutations} permutations, p ≤ {alpha}{fdr}; weights: {weights}"),
    "weights_queen": ("ketetanggaan queen, pulau dihubungkan ke tetangga terdekat",
                      "queen contiguity, islands attached to nearest"),
    "col_pocket": ("Kantong", "Pocket"),
    "col_members": ("Anggota", "Members"),
    "col_n_units": ("Jumlah wilayah", "Units"),
    "col_population": ("Penduduk", "Population"),
    "col_poor": ("Penduduk miskin", "Poor people"),
    "col_need": ("Rata-rata kebutuhan (0-100)", "Mean need (0-100)"),
    "col_coverage": ("Rata-rata cakupan (0-100)", "Mean coverage (0-100)"),
    "col_reason": ("Alasan", "Reason"),
    "reason_hotspot": ("hotspot kebutuhan (Gi*)", "hotspot of need (Gi*)"),
    "reason_underserved": ("kebutuhan tinggi, cakupan rendah", "high need, low coverage"),
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
    "province_rows": ("{n} baris total (provinsi atau wilayah induk) dikenali dan tidak digabungkan ke wilayah mana pun.",
                      "{n} total row(s) (the province or a parent unit) recognised and not joined to any unit."),
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
    "axis_need": ("Kebutuhan", "Need"),
    "axis_coverage": ("Cakupan", "Coverage"),
    "legend_bivariate": ("Kebutuhan × cakupan", "Need × coverage"),
    "legend_bivariate_note": ("tertil; cakupan = jangkauan program", "terciles; coverage = programme reach"),
    "legend_underserved": ("Kebutuhan tinggi, cakupan rendah ({n})", "High need, low coverage ({n})"),
    "no_coverage_data": ("Tidak ada data cakupan", "No coverage figure"),
    "legend_hotspots": ("Hotspot kebutuhan (Gi*)", "Hotspots of need (Gi*)"),
    "legend_hotspots_note": ("p ≤ {alpha} · {permutations} permutasi", "p ≤ {alpha} · {permutations} permutations"),
    "legend_pocket": ("Anggota kantong ({n})", "Pocket member ({n} pockets)"),
    "gi_hot": ("Hotspot (kebutuhan tinggi)", "Hot spot (high need)"),
    "gi_cold": ("Coldspot (kebutuhan rendah)", "Cold spot (low need)"),
    "gi_ns": ("Tidak signifikan", "Not significant"),
    "gi_no_data": ("Tidak ada data", "No data"),
    "moran_HH": ("tinggi-tinggi", "high-high"),
    "moran_LL": ("rendah-rendah", "low-low"),
    "moran_HL": ("tinggi-rendah", "high-low"),
    "moran_LH": ("rendah-tinggi", "low-high"),
    "moran_ns": ("tidak signifikan", "not significant"),
    "moran_no_data": ("tidak ada data", "no data"),
    "tip_bivariate": ("Kelas kebutuhan <b>{need}</b>/3 · cakupan <b>{cov}</b>/3 (skor cakupan {score})",
                      "Need class <b>{need}</b>/3 · coverage <b>{cov}</b>/3 (coverage score {score})"),
    "tip_hotspot": ("Gi*: <b>{gi}</b> · Moran lokal: {moran}", "Gi*: <b>{gi}</b> · local Moran: {moran}"),
    "tip_pocket": ("Kantong <b>{pocket}</b>", "Pocket <b>{pocket}</b>"),
    "underserved": ("Kebutuhan tinggi, cakupan rendah", "High need, low coverage"),
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
    # planning pages (app_pages/)
    "nav_home": ("Peta prioritas", "Priority map"),
    # spinners: shown while a slow cached step runs for the first time (after half a second)
    "spin_boundaries": ("Memuat batas wilayah…", "Loading boundaries…"),
    "spin_synthetic": ("Membuat data contoh sintetis…", "Making the synthetic sample data…"),
    "spin_simplify": ("Menyederhanakan geometri…", "Simplifying the geometry…"),
    "spin_pockets": ("Menghitung hotspot dan kantong…", "Finding hot spots and pockets…"),
    "spin_allocation": ("Menghitung alokasi…", "Computing the allocation…"),
    "spin_analysis": ("Menyiapkan analisis…", "Preparing the analysis…"),
    "dev_not_gate_download": ("unduhan '{name}' tidak dibuat oleh geo_planner.outputs.gate.write",
                              "download '{name}' is not made by geo_planner.outputs.gate.write"),
    # planning pages: distance to the provincial target
    "goal_title": ("Jarak ke target provinsi", "Distance to the provincial target"),
    "goal_intro": ("Target 2026: {low}–{high} % penduduk miskin. Sekarang {rate} % = {poor} orang (BPS, Maret "
                   "2025). Berapa orang harus keluar dari kemiskinan, di provinsi dan per kabupaten/kota?",
                   "Target for 2026: {low}–{high} % of people poor. Now {rate} % = {poor} people (BPS, March "
                   "2025). How many people must leave poverty, in the province and per regency?"),
    "goal_target": ("Target persentase penduduk miskin 2026 (%)", "Poverty rate target for 2026 (%)"),
    "goal_rule": ("Aturan pembagian per kabupaten/kota", "How the total is shared across regencies"),
    "goal_rule_means": ("Artinya:", "Meaning:"),
    "goal_rule_proportional_to_poor": ("Bagian yang sama dari penduduk miskin setiap kabupaten/kota",
                                       "The same share of each regency's poor"),
    "goal_rule_equal_rate_cut": ("Penurunan persentase yang sama (poin)", "The same cut of the rate (points)"),
    "goal_rule_converge_to_target": ("Persentase tertinggi turun lebih dulu", "The highest rates come down first"),
    "goal_must_leave": ("Harus keluar dari kemiskinan (target {target} %)", "Must leave poverty (target {target} %)"),
    "goal_must_leave_help": ("penduduk miskin sekarang − target × basis penduduk; basis = jumlah miskin / "
                             "persentase (basis angka BPS)",
                             "poor now − target × population base; base = poor / rate (the base of the BPS "
                             "figure)"),
    "goal_poor_now": ("Penduduk miskin sekarang", "Poor people now"),
    "goal_poor_now_help": ("{rate} %, BPS Maret 2025", "{rate} %, BPS March 2025"),
    "goal_poor_after": ("Penduduk miskin pada target", "Poor people at the target"),
    "goal_range": ("Rentang target {low}–{high} %: **{n_high}** orang (target {high} %) sampai **{n_low}** orang "
                   "(target {low} %) harus keluar dari kemiskinan.",
                   "Target range {low}–{high} %: **{n_high}** people (target {high} %) to **{n_low}** people "
                   "(target {low} %) must leave poverty."),
    "goal_per_regency": ("Per kabupaten/kota", "Per regency"),
    "goal_col_name": ("Wilayah", "Unit"),
    "goal_col_code": ("Kode", "Code"),
    "goal_col_rate": ("Persentase miskin (%)", "Poverty rate (%)"),
    "goal_col_poor": ("Penduduk miskin", "Poor people"),
    "goal_col_base": ("Basis penduduk", "Population base"),
    "goal_col_must": ("Harus keluar dari kemiskinan", "Must leave poverty"),
    "goal_col_poor_after": ("Penduduk miskin sesudah", "Poor people after"),
    "goal_col_rate_after": ("Persentase sesudah (%)", "Rate after (%)"),
    "goal_difference": ("Selisih (provinsi − jumlah kabupaten/kota)", "Difference (province − sum of regencies)"),
    "goal_no_count": ("Tanpa angka jumlah penduduk miskin bersumber, tidak diperkirakan (dibiarkan kosong): "
                      "{names}. Bagiannya masuk baris selisih.",
                      "No sourced count of poor people, not estimated (left empty): {names}. Its part is in "
                      "the difference row."),
    "goal_growth": ("Pertumbuhan penduduk sampai 2026 tidak dimodelkan: target diterapkan pada basis sekarang.",
                    "Population growth to 2026 is not modelled: the target applies to today's base."),
    "goal_sheet": ("Jarak ke target", "Distance to target"),
    # planning pages: lead office
    "lead_title": ("Sektor pemimpin", "Lead office"),
    "lead_intro": ("Untuk setiap wilayah: kekurangan mana yang mendorong kebutuhannya dan instansi mana yang "
                   "sebaiknya memimpin. Porsi tiap indikator dijumlahkan per instansi; instansi dengan porsi "
                   "terbesar memimpin.",
                   "For each unit: which deficits drive its need and which office should lead. Each "
                   "indicator's share is added up per office; the office with the largest share leads."),
    "lead_basis": ("Dasar perhitungan", "Basis"),
    "lead_basis_weights": ("Bobot skor prioritas (bawaan)", "Priority score weights (default)"),
    "lead_basis_all": ("Semua angka kebutuhan dan cakupan, bobot sama", "All need and coverage figures, equal weights"),
    "lead_basis_help": ("Bobot skor: menjelaskan skor prioritas (bobot bawaan: persentase dan jumlah penduduk "
                        "miskin, sehingga Dinas Sosial memimpin di mana-mana). Semua angka: setiap indikator "
                        "kebutuhan dan cakupan berbobot sama, sehingga kekurangan perumahan, kumuh atau sanitasi "
                        "ikut terlihat.",
                        "Score weights: explains the priority score (default weights: poverty rate and count, so "
                        "Dinas Sosial leads everywhere). All figures: every need and coverage indicator weighs "
                        "the same, so housing, slum or sanitation deficits show too."),
    "lead_table": ("Tabel indikator → sektor, instansi, program (dapat diubah)",
                   "Table indicator → sector, office, programme (editable)"),
    "lead_table_help": ("Tabel ini dari berkas {path}. Perubahan di sini berlaku untuk sesi ini saja; unduh "
                        "tabelnya untuk mengganti berkas tersebut. Strategi (Permendagri 53/2020): 1 mengurangi "
                        "beban pengeluaran, 2 meningkatkan pendapatan, 3 mengurangi kantong kemiskinan.",
                        "This table is the file {path}. Changes here apply to this session only; download the "
                        "table to replace that file. Strategy (Permendagri 53/2020): 1 reduce the spending "
                        "burden, 2 raise income, 3 shrink poverty pockets."),
    "lead_table_edited": ("Tabel yang diubah dipakai di halaman ini.", "The edited table is used on this page."),
    "lead_table_invalid": ("Tabel yang diubah tidak dipakai (tabel bawaan tetap dipakai):",
                           "The edited table is not used (the shipped table still is):"),
    "lead_table_download": ("Unduh tabel sektor (CSV)", "Download the sector table (CSV)"),
    "lead_summary": ("{n} {level}; instansi pemimpin: {offices}.", "{n} units ({level}); lead office: {offices}."),
    "lead_units": ("Instansi pemimpin per wilayah", "Lead office per unit"),
    "lead_pockets": ("Instansi pemimpin per kantong kemiskinan", "Lead office per poverty pocket"),
    "lead_none": ("tidak ada kekurangan di atas wilayah terendah", "no deficit above the lowest unit"),
    "lead_col_name": ("Nama wilayah", "Unit"),
    "lead_col_code": ("Kode", "Code"),
    "lead_col_score": ("Skor", "Score"),
    "lead_col_office": ("Instansi pemimpin", "Lead office"),
    "lead_col_share": ("Porsi kebutuhan", "Share of need"),
    "lead_col_sector": ("Sektor", "Sector"),
    "lead_col_programmes": ("Program", "Programmes"),
    "lead_col_strategy": ("Strategi", "Strategy"),
    "lead_col_second": ("Instansi kedua", "Second office"),
    "lead_col_second_share": ("Porsi kedua", "Second share"),
    "lead_col_deficits": ("Kekurangan yang mendorong kebutuhan", "Deficits driving the need"),
    "lead_col_unmapped": ("Porsi tanpa sektor", "Share without a sector"),
    "lead_method": ("Skor = rata-rata tertimbang kebutuhan 0-100; porsi indikator = kebutuhan × bobot / jumlah. "
                    "Kantong: rata-rata anggotanya. Indikator tanpa sektor di tabel tidak pernah memimpin; "
                    "porsinya tetap ditampilkan.",
                    "Score = weighted mean of 0-100 need; an indicator's share = need × weight / total. Pockets: "
                    "the mean over their members. Indicators without a sector in the table never lead; their "
                    "share is still shown."),
    # planning pages: budget allocation
    "al_title": ("Alokasi anggaran", "Budget allocation"),
    "al_intro": ("Bagi anggaran program ke wilayah dengan tiga cara dan bandingkan: kuota sama, proporsional "
                 "kebutuhan, dan alokasi optimal yang menjangkau penduduk miskin terbanyak dalam anggaran dengan "
                 "batas minimum dan maksimum per wilayah.",
                 "Share a programme budget across units three ways and compare them: equal quota, proportional "
                 "to need, and an optimised allocation that reaches the most poor people within the budget and "
                 "the per-unit minimum and maximum."),
    "al_preset": ("Program", "Programme"),
    "al_preset_uep_1000": ("UEP 2026: Rp 5 juta per KPM, 1.000 KPM",
                           "UEP 2026: Rp 5 million per family, 1,000 families"),
    "al_preset_uep_1500": ("UEP 2026 setelah perubahan anggaran: 1.500 KPM",
                           "UEP 2026 after the budget revision: 1,500 families"),
    "al_preset_kube": ("KUBE: 500 kelompok (kuota sama 50 per kab/kota)",
                       "KUBE: 500 groups (equal quota of 50 per regency)"),
    "al_preset_free": ("Bebas (isi sendiri)", "Free (your own values)"),
    "al_preset_uep_1000_help": ("Usaha Ekonomi Produktif, Dinas Sosial: Rp 5.000.000 per keluarga penerima "
                                "(KPM), target sekitar 1.000 KPM pada 2026. Batas per wilayah: contoh, ubah sesuai "
                                "rencana.",
                                "Productive business grants (UEP), Dinas Sosial: Rp 5,000,000 per beneficiary "
                                "family (KPM), about 1,000 families targeted in 2026. Per-unit bounds: examples, "
                                "change them to your plan."),
    "al_preset_uep_1500_help": ("UEP dengan kemungkinan 1.500 KPM setelah perubahan anggaran 2026. Batas per "
                                "wilayah: contoh.",
                                "UEP with the possible 1,500 families after the 2026 budget revision. Per-unit "
                                "bounds: examples."),
    "al_preset_kube_help": ("Kelompok Usaha Bersama: rencana 2024 adalah 50 kelompok per kab/kota (500 kelompok). "
                            "Biaya per kelompok tidak ada sumbernya di data kami: isi dari anggaran Anda; "
                            "anggaran = biaya × 500 kelompok.",
                            "Joint business groups (KUBE): the 2024 plan was 50 groups per regency (500 groups). "
                            "No source we hold gives the cost of a group: enter your budget's; the budget is "
                            "then the cost × 500 groups."),
    "al_cost_missing": ("Isi biaya per paket (Rp) untuk menghitung alokasi.",
                        "Enter the cost per package (Rp) to compute the allocation."),
    "al_preset_free_help": ("Isi anggaran, biaya per paket dan batas per wilayah sendiri.",
                            "Enter the budget, cost per package and per-unit bounds yourself."),
    "al_budget": ("Anggaran (Rp)", "Budget (Rp)"),
    "al_unit_cost": ("Biaya per paket (Rp)", "Cost per package (Rp)"),
    "al_min": ("Minimum paket per wilayah", "Minimum packages per unit"),
    "al_max": ("Maksimum paket per wilayah", "Maximum packages per unit"),
    "al_ppf": ("Penerima per paket", "Reached per package"),
    "al_ppf_help": ("Berapa orang (atau keluarga, sesuai kolom jangkauan) yang dijangkau satu paket; 1 = satu "
                    "keluarga/orang per paket.",
                    "How many people (or families, as the reach column counts) one package reaches; 1 = one "
                    "family/person per package."),
    "al_reach": ("Kolom jangkauan (penduduk miskin)", "Reach column (poor people)"),
    "al_reach_help": ("Tidak ada wilayah yang menjangkau lebih banyak dari angka ini; wilayah tanpa angka "
                      "(tidak ada data) tidak diikutkan dalam pembagian proporsional dan optimal.",
                      "No unit reaches more than this figure; a unit without one (no data) is left out of the "
                      "proportional and optimised shares."),
    "al_need": ("Kebutuhan (jumlah, untuk proporsional)", "Need count (for proportional)"),
    "al_need_help": ("Jumlah penduduk atau rumah tangga miskin. Metode proporsional membagi paket sebanding "
                     "dengan angka ini (bukan skor 0-100, yang nolnya sembarang); metode optimal memakainya bila "
                     "seri. Wilayah tanpa angka: tidak ada data, tidak diikutkan.",
                     "Poor people or poor households. The proportional method shares packages in proportion to "
                     "this count (not the 0-100 score, whose zero is arbitrary); the optimised one uses it to "
                     "break ties. A unit without a figure: no data, left out."),
    "al_no_need": ("Tidak ada kolom jumlah penduduk atau rumah tangga miskin di tingkat ini; pembagian "
                   "proporsional dan optimal memerlukannya.",
                   "No count of poor people or poor households at this level; the proportional and optimised "
                   "shares need one."),
    "own_column": ("{label} (kolom Anda)", "{label} (your column)"),
    "layer_warnings": ("{n} peringatan tentang data Anda:", "{n} warning(s) about your data:"),
    "al_note_no_data": ("tidak ada data: {columns}", "no data: {columns}"),
    "al_note_left_out": ("tidak diikutkan dalam {methods}", "left out of {methods}"),
    "al_note_equal_unknown": ("kuota sama tetap memberi paket, penduduk miskin terjangkau tidak diketahui",
                              "the equal quota still gives packages, poor reached unknown"),
    "al_and_more": (" dan {n} wilayah lain (lihat kolom Catatan)", " and {n} more (see the Note column)"),
    "al_covers_equal": ("{method}: kuota yang sama untuk semua {n} wilayah.",
                        "{method}: the same quota for all {n} units."),
    "al_covers_equal_unknown": ("Penduduk miskin terjangkau tidak diketahui (tidak ada data) di {units}.",
                                "Poor reached unknown (no data) in {units}."),
    "al_covers_proportional": ("{method}: dibagi sebanding dengan {column} atas {n} dari {total} wilayah.",
                               "{method}: shared in proportion to {column} over {n} of {total} units."),
    "al_covers_optimised": ("{method}: penduduk miskin terjangkau terbanyak menurut {column} atas {n} dari "
                            "{total} wilayah.",
                            "{method}: the most poor reached by {column} over {n} of {total} units."),
    "al_left_out": ("Tidak ada data {columns}: {units}; tidak diikutkan.",
                    "No data for {columns}: {units}; left out."),
    "al_buys": ("Rp {budget} ÷ Rp {cost} = {n} paket.", "Rp {budget} ÷ Rp {cost} = {n} packages."),
    "al_totals": ("Tiga cara berdampingan", "The three ways side by side"),
    "al_metric_help": ("{n} paket, terpakai Rp {used}, sisa Rp {left}",
                       "{n} packages, Rp {used} used, Rp {left} left over"),
    "al_reach_model": ("Model jangkauan: penduduk miskin terjangkau = min(paket × {ppf}, {column}) per wilayah.",
                       "Reach model: poor reached = min(packages × {ppf}, {column}) per unit."),
    "al_map_method": ("Metode di peta", "Method on the map"),
    "al_packages": ("paket", "packages"),
    "al_packages_of": ("Paket:", "Packages:"),
    "al_reached": ("terjangkau", "reached"),
    "al_reach_cap": ("Batas jangkauan", "Reach cap"),
    "al_reach_of": ("Batas jangkauan = {column}.", "Reach cap = {column}."),
    "al_per_unit": ("Per wilayah", "Per unit"),
    "al_param": ("Parameter", "Parameter"),
    "al_model": ("Model jangkauan", "Reach model"),
    "al_sheet_units": ("Alokasi", "Allocation"),
    "al_sheet_totals": ("Ringkasan", "Totals"),
    "al_sheet_params": ("Parameter", "Parameters"),
    "al_compact_help": ("Jumlah paket per wilayah menurut tiga cara; biaya dan penduduk miskin terjangkau per "
                        "wilayah ada di tabel lengkap dan di unduhan.",
                        "Packages per unit by the three ways; cost and poor reached per unit are in the full "
                        "table and the download."),
    "al_full_table": ("Tabel alokasi lengkap (seperti diunduh)", "Full allocation table (as downloaded)"),
    # planning pages: agencies' targets register
    "tg_title": ("Target instansi", "Agencies' targets"),
    "tg_db_sqlite": ("Basis data: berkas SQLite {path}", "Database: SQLite file {path}"),
    "tg_db_pg": ("Basis data: PostgreSQL/PostGIS {where}", "Database: PostgreSQL/PostGIS {where}"),
    "tg_db_help": ("atur GEO_PLANNER_DB=postgresql://… untuk basis data bersama",
                   "set GEO_PLANNER_DB=postgresql://… for a shared database"),
    "tg_editor": ("Daftar target", "Targets"),
    "tg_editor_help": ("{n} target, dimuat pukul {at}. Ubah sel, tambah baris di bawah tabel atau hapus baris "
                       "(pilih baris, lalu ikon tempat sampah), lalu «Simpan». Semua perubahan disimpan bersama "
                       "atau tidak sama sekali.",
                       "{n} targets, loaded at {at}. Edit cells, add rows below the table or delete rows (select "
                       "them, then the bin icon), then «Save». All changes are saved together or not at all."),
    "tg_col_id": ("ID", "ID"),
    "tg_col_unit_code": ("Kode wilayah", "Unit code"),
    "tg_col_unit_code_help": ("Kode Kemendagri: 64.02 (kab/kota), 64.02.01 (kecamatan), 64.02.01.2001 (desa); "
                              "bukan kode BPS.",
                              "Kemendagri code: 64.02 (regency), 64.02.01 (district), 64.02.01.2001 (village); "
                              "not a BPS code."),
    "tg_col_unit_name": ("Nama wilayah", "Unit name"),
    "tg_col_agency": ("Instansi", "Agency"),
    "tg_col_intervention": ("Intervensi", "Intervention"),
    "tg_col_year": ("Tahun", "Year"),
    "tg_col_quantity": ("Jumlah", "Quantity"),
    "tg_col_budget": ("Anggaran (Rp)", "Budget (Rp)"),
    "tg_col_status": ("Status", "Status"),
    "tg_col_note": ("Catatan", "Note"),
    "tg_col_overlap": ("Tumpang tindih", "Overlap"),
    "tg_col_overlap_help": ("Ada catatan lain untuk wilayah, intervensi dan tahun yang sama (dihitung sekali).",
                            "Another record aims at the same unit, intervention and year (counted once)."),
    "tg_col_updated_by": ("Diubah oleh", "Changed by"),
    "tg_col_updated_at": ("Diubah pada (UTC)", "Changed at (UTC)"),
    "tg_col_version": ("Versi", "Version"),
    "tg_who": ("Nama Anda (dicatat pada setiap perubahan)", "Your name (recorded with every change)"),
    "tg_who_help": ("Bawaan dari GEO_PLANNER_USER. Setiap perubahan dicatat di log audit: siapa, kapan, "
                    "sebelum dan sesudah.",
                    "Default from GEO_PLANNER_USER. Every change goes to the audit log: who, when, before and "
                    "after."),
    "tg_who_missing": ("Isi nama Anda dulu: setiap perubahan dicatat dengan nama.",
                       "Enter your name first: every change is recorded with a name."),
    "tg_save": ("Simpan", "Save"),
    "tg_reload": ("Muat ulang", "Reload"),
    "tg_reload_help": ("Ambil data terbaru dari basis data; perubahan yang belum disimpan dibuang.",
                       "Get the latest data from the database; unsaved changes are discarded."),
    "tg_unsaved": ("Ada perubahan yang belum disimpan.", "There are unsaved changes."),
    "tg_nothing": ("Tidak ada perubahan untuk disimpan.", "No changes to save."),
    "tg_saved": ("Tersimpan oleh {who}: {added} ditambah, {changed} diubah, {deleted} dihapus.",
                 "Saved by {who}: {added} added, {changed} changed, {deleted} deleted."),
    "tg_new_row": ("Baris baru {n}", "New row {n}"),
    "tg_record": ("Target ID {id}", "Target ID {id}"),
    "tg_invalid": ("Tidak ada yang disimpan. Perbaiki masalah berikut (perubahan Anda tetap di tabel):",
                   "Nothing was saved. Fix these problems (your changes are still in the table):"),
    "tg_conflict": ("Konflik: orang lain sudah menyimpan perubahan pada target ini sejak Anda memuat tabel. "
                    "Tidak ada yang disimpan dan tidak ada yang ditimpa; perubahan Anda tetap di tabel. «Muat "
                    "ulang» untuk melihat versi terbaru, lalu ulangi perubahan Anda.",
                    "Conflict: someone else saved a change to this target since you loaded the table. Nothing "
                    "was saved and nothing was overwritten; your changes are still in the table. «Reload» to see "
                    "the latest version, then make your change again."),
    "tg_not_saved": ("Tidak ada yang disimpan:", "Nothing was saved:"),
    "tg_files": ("Impor dan ekspor", "Import and export"),
    "tg_import_file": ("Impor target dari CSV/XLSX", "Import targets from CSV/XLSX"),
    "tg_import_help": ("Kolom: Kode wilayah (atau Nama wilayah, dicocokkan di tingkat {level}), Instansi, "
                       "Intervensi, Tahun, Jumlah; boleh juga Anggaran (Rp), Status, Catatan. Baris bermasalah "
                       "ditolak dengan alasannya; baris yang sudah ada dilewati. Berkas ekspor yang disunting "
                       "bisa diimpor kembali: baris ber-ID memperbarui targetnya, kecuali bila target itu diubah "
                       "atau dihapus orang lain sejak diekspor.",
                       "Columns: Unit code (or Unit name, matched at {level} level), Agency, Intervention, Year, "
                       "Quantity; also Budget (Rp), Status, Note. Rows with problems are rejected with the "
                       "reason; rows already in the register are skipped. An exported file can be edited and "
                       "imported back: a row with an ID updates its target, unless someone changed or deleted "
                       "that target since the export."),
    "tg_import": ("Impor", "Import"),
    "tg_import_pending": ("Simpan atau muat ulang perubahan di tabel dulu: impor memuat ulang tabel.",
                          "Save or reload the changes in the table first: an import reloads the table."),
    "tg_import_done": ("{n} target diimpor dari {file}; {updated} target diperbarui; {rejected} baris ditolak; "
                       "{skipped} baris dilewati (sudah ada atau tidak berubah).",
                       "{n} target(s) imported from {file}; {updated} target(s) updated; {rejected} row(s) "
                       "rejected; {skipped} row(s) skipped (already there or unchanged)."),
    "tg_import_ignored": ("Kolom yang diabaikan: {cols}", "Columns ignored: {cols}"),
    "tg_rejected_download": ("Unduh baris yang ditolak (CSV)", "Download the rejected rows (CSV)"),
    "tg_skipped": ("{n} baris dilewati", "{n} row(s) skipped"),
    "tg_export": ("**Ekspor seluruh daftar target**", "**Export all targets**"),
    "tg_export_help": ("Judul kolom dan istilah dalam bahasa yang dipilih; berkas ini dapat diimpor kembali.",
                       "Headers and words in the chosen language; the file can be imported back."),
    "tg_overlaps": ("Tumpang tindih", "Overlaps"),
    "tg_overlaps_help": ("Dua catatan atau lebih untuk wilayah, intervensi dan tahun yang sama (dua instansi, "
                         "atau satu catatan dimasukkan dua kali) ditandai dan dihitung sekali: jumlah terbesar "
                         "mewakili kelompoknya.",
                         "Two or more records for the same unit, intervention and year (two agencies, or one "
                         "record entered twice) are flagged and counted once: the largest quantity stands for "
                         "the group."),
    "tg_overlaps_none": ("Tidak ada tumpang tindih.", "No overlaps."),
    "tg_overlaps_found": ("{n} catatan dalam {groups} kelompok menyasar wilayah, intervensi dan tahun yang sama: "
                          "ditandai, dihitung sekali (jumlah terbesar).",
                          "{n} records in {groups} group(s) aim at the same unit, intervention and year: flagged, "
                          "counted once (the largest quantity)."),
    "tg_overlap_kind": ("Jenis", "Kind"),
    "tg_kind_agencies": ("dua instansi atau lebih", "two or more agencies"),
    "tg_kind_duplicate": ("catatan ganda satu instansi", "one agency's duplicate"),
    "tg_kind_": ("", ""),
    "tg_overlap_with": ("Tumpang tindih dengan ID", "Overlaps with ID"),
    "tg_counted": ("Dihitung", "Counted"),
    "tg_remaining_title": ("Sisa kebutuhan setelah target", "What remains after the targets"),
    "tg_remaining_help": ("Sisa = kebutuhan (mis. jumlah RTLH) − target yang direncanakan, tidak di bawah 0. "
                          "Catatan yang tumpang tindih dihitung sekali; target desa/kecamatan dijumlahkan ke "
                          "wilayah di atasnya.",
                          "Remaining = backlog (e.g. RTLH count) − planned targets, not below 0. Overlapping "
                          "records count once; village/district targets add up to the units above them."),
    "tg_remaining_none": ("Tidak ada angka kebutuhan yang dikurangi intervensi di tingkat ini.",
                          "No backlog figure that an intervention reduces at this level."),
    "tg_indicator": ("Kebutuhan", "Backlog"),
    "tg_all_years": ("semua tahun", "all years"),
    "tg_statuses": ("Status yang dihitung", "Statuses counted"),
    "tg_planned": ("Direncanakan", "Planned"),
    "tg_planned_help": ("Tumpang tindih dihitung sekali.", "Overlaps counted once."),
    "tg_remaining": ("Sisa", "Remaining"),
    # the export gate (geo_planner.outputs.gate): privacy notes, provenance
    "gate_privacy_none": ("Perlindungan angka kecil dimatikan (mode none): angka cacah < {t} di tingkat {level} "
                          "ditampilkan apa adanya.",
                          "Small-count protection switched off (mode none): counts below {t} at {level} level "
                          "are shown as they are."),
    "gate_privacy_suppress": ("Angka < {t} disembunyikan (sel kosong) di tingkat {level}: jumlah 1-{t1} pada "
                              "kolom cacah ({cols}). Bila di satu wilayah induk hanya satu sel yang "
                              "disembunyikan, sel terkecil lainnya ikut disembunyikan agar tidak bisa dihitung "
                              "dari total wilayah induk.",
                              "Counts < {t} suppressed (empty cells) at {level} level: values 1-{t1} in the "
                              "count columns ({cols}). Where only one cell of a parent unit is hidden, its "
                              "smallest other cell is hidden too, so the hidden one cannot be worked out from "
                              "the parent's total."),
    "gate_privacy_round": ("Angka cacah di tingkat {level} dibulatkan ke kelipatan {t} ({cols}); jumlahnya tidak "
                           "lagi pas persis.",
                           "Counts at {level} level rounded to a multiple of {t} ({cols}); their sums no longer "
                           "add up exactly."),
    "gate_privacy_rows": ("Di wilayah yang angka cacahnya disembunyikan{rounded}, angka lain di barisnya "
                          "(persentase, pangsa, skor, rupiah, jumlah barang) juga dikosongkan, kecuali jumlah "
                          "orang yang ditampilkan dan luas, agar angka tersembunyi tidak bisa dihitung ulang "
                          "(mis. persentase x penduduk). Skor dan peringkat di berkas ini dihitung dari angka "
                          "yang ditampilkan.",
                          "In a unit whose count is hidden{rounded}, the other figures of its row (rates, "
                          "shares, scores, money, counts of things) are emptied too, all but the counts of "
                          "people shown and areas, so the hidden count cannot be worked out again (e.g. rate x "
                          "population). Scores and ranks in this file are computed from the figures shown."),
    "gate_privacy_rows_rounded": (" atau dibulatkan dari 1-{t1}", " or rounded from 1-{t1}"),
    "gate_point_sums": ("Jumlahan kolom titik dari kurang dari {t} titik disembunyikan di semua tingkat ({cols}).",
                        "Sums over fewer than {t} points are suppressed at every level ({cols})."),
    "gate_household": ("Tidak pernah diekspor: hanya angka agregat per wilayah.",
                       "Never exported: only figures aggregated per unit."),
    "gate_no_privacy": ("Tidak ada perlindungan angka kecil di tingkat ini.",
                        "No small-count protection at this level."),
    "gate_provenance": ("Asal data", "Provenance"),
    "gate_provenance_download": ("Asal data (JSON)", "Provenance (JSON)"),
    # the PDF report (geo_planner.outputs.report)
    "report_title": ('Prioritas penanggulangan kemiskinan',
        'Poverty reduction priorities'),
    "report_scope": ('Cakupan',
        'Scope'),
    "report_level": ('Tingkat',
        'Level'),
    "report_units": ('wilayah',
        'units'),
    "report_made": ('Dibuat',
        'Made'),
    "report_map_title": ('Skor prioritas (0-100), makin gelap makin prioritas',
        'Priority score (0-100), darker = higher priority'),
    "report_no_data": ('Tidak ada data',
        'No data'),
    "report_map_note": ('Peta statis tanpa latar (dibuat tanpa internet). Batas wilayah: {b}.',
        'Static map without a background (made offline). Boundaries: {b}.'),
    "report_top": ('{n} wilayah prioritas teratas',
        'Top {n} priority units'),
    "report_table_note": ('Urut menurut peringkat. Angka dengan format Indonesia. OPD pengampu: dinas dengan porsi kebutuhan terbesar (tabel sektor).',
        'In rank order. Lead office: the office with the largest share of the need (sector table).'),
    "report_method": ('Metode',
        'Method'),
    "report_method_more": ('Setiap indikator diskalakan 0-100 di antara wilayah (min-maks); indikator cakupan dibalik sehingga cakupan rendah berarti kebutuhan tinggi. Skor prioritas adalah rata-rata tertimbang indikator yang tersedia untuk wilayah itu; peringkat 1 = skor tertinggi. Kelas peta: {scheme}. Kantong kemiskinan = kelompok wilayah bersentuhan yang merupakan hotspot kebutuhan (Gi*) atau berkebutuhan tinggi dengan cakupan rendah. OPD pengampu dan strategi (Permendagri 53/2020: 1 mengurangi beban pengeluaran, 2 meningkatkan pendapatan, 3 mengurangi kantong kemiskinan) diambil dari indikator yang paling mendorong kebutuhan wilayah.',
        "Each indicator is rescaled 0-100 across the units (min-max); coverage indicators are reversed so that low coverage means high need. The priority score is the weighted mean of the indicators a unit has; rank 1 = highest score. Map classes: {scheme}. Poverty pockets = groups of touching units that are hotspots of need (Gi*) or have high need and low coverage. Lead office and strategy (Permendagri 53/2020: 1 reduce the spending burden, 2 raise income, 3 shrink poverty pockets) follow the indicators that drive a unit's need most."),
    "report_weights": ('Bobot',
        'Weights'),
    "report_sources": ('Sumber data per indikator',
        'Sources per indicator'),
    "report_layers": ('Lapisan data',
        'Layers'),
    "report_boundaries": ('Batas wilayah',
        'Boundaries'),
    "report_version": ('Versi alat',
        'Tool version'),
    "report_privacy": ('Privasi',
        'Privacy'),
    "report_household": ('Data rumah tangga tidak pernah diekspor; hanya angka agregat per wilayah.',
        'Household-level data is never exported; only figures aggregated per unit.'),
    "report_filters": ('Saringan',
        'Filter'),
    "report_page": ('Halaman {i} dari {n}',
        'Page {i} of {n}'),
    "report_years": ('tahun',
        'year'),
    "report_synthetic_banner": ('DATA SINTETIS (contoh): bukan angka resmi, jangan dipakai untuk keputusan.',
        'SYNTHETIC (demo) DATA: not official figures, do not use for decisions.'),
    "report_province": ('Provinsi',
        'Province'),
    "gate_provenance_help": ("Dari apa berkas ini dibuat (lapisan, tahun, bobot, versi alat, perlindungan angka "
                             "kecil); simpan di samping berkas CSV.",
                             "What the file was made from (layers, years, weights, tool version, small-count "
                             "protection); keep it beside the CSV file."),
    # sign-in and roles (shared deployment)
    "auth_title": ("Masuk ke geo-planner", "Sign in to geo-planner"),
    "auth_intro": ("Register target ini dipakai bersama oleh beberapa instansi. Masuk dengan akun kantor Anda; "
                   "setiap perubahan dicatat atas nama akun itu.",
                   "This targets register is shared by several agencies. Sign in with your office account; every "
                   "change is recorded under that account."),
    "auth_login": ("Masuk dengan akun kantor", "Sign in with your office account"),
    "auth_logout": ("Keluar", "Sign out"),
    "auth_signed_in": ("Masuk sebagai", "Signed in as"),
    "auth_role_operator": ("pengguna tunggal", "single user"),
    "auth_role_admin": ("admin (Bappeda)", "admin (Bappeda)"),
    "auth_role_editor": ("editor {agencies}", "editor of {agencies}"),
    "auth_role_viewer": ("hanya membaca", "read only"),
    "auth_role_none": ("belum terdaftar", "not registered"),
    "auth_unprotected": ("TIDAK TERLINDUNGI: aplikasi ini terbuka untuk jaringan tanpa masuk akun. Siapa pun yang "
                         "dapat membukanya dapat mengubah target atas nama siapa saja.",
                         "UNPROTECTED: this app is open to the network without sign-in. Anyone who can reach it "
                         "can change the targets under any name."),
    "auth_refused": ("Aplikasi ini melayani komputer lain ({address}) tanpa masuk akun. Atur penyedia identitas "
                     "([auth] di secrets.toml, lihat README) atau jalankan geo-planner serve tanpa --host.",
                     "This app serves other computers ({address}) without sign-in. Configure the identity provider "
                     "([auth] in secrets.toml, see the README) or run geo-planner serve without --host."),
    "tg_viewer_only": ("Anda dapat membaca register ini tetapi tidak mengubahnya. Minta admin Bappeda memberi "
                       "peran editor untuk instansi Anda.",
                       "You may read this register but not change it. Ask a Bappeda admin for the editor role of "
                       "your agency."),
    "tg_not_user": ("Akun {who} belum terdaftar di register ini. Minta admin Bappeda menambahkan Anda.",
                    "The account {who} is not a user of this register yet. Ask a Bappeda admin to add you."),
    "tg_editor_own": ("Target instansi Anda ({agencies}): dapat diubah", "Targets of your agencies ({agencies}): "
                      "editable"),
    "tg_others": ("Target instansi lain (hanya dibaca)", "Other agencies' targets (read only)"),
    "tg_denied": ("Tidak diizinkan, tidak ada yang disimpan:", "Not allowed, nothing was saved:"),
    "tg_users": ("Pengguna dan peran", "Users and roles"),
    "tg_users_help": ("Penanda akun: e-mail (atau subject penyedia identitas) yang dipakai untuk masuk.",
                      "Account key: the e-mail (or identity-provider subject) the user signs in with."),
    "tg_user_identity": ("E-mail akun", "Account e-mail"),
    "tg_user_role": ("Peran", "Role"),
    "tg_user_agencies": ("Instansi (untuk editor), pisahkan dengan ;", "Agencies (for editors), separated by ;"),
    "tg_user_add": ("Simpan pengguna", "Save user"),
    "tg_user_remove": ("Hapus pengguna", "Remove user"),
    "tg_user_saved": ("Pengguna {who} disimpan.", "User {who} saved."),
    "tg_user_removed": ("Pengguna {who} dihapus.", "User {who} removed."),
    # --- i18n: what Streamlit does not translate, numbers and labels of the app (issue 15 item 2) ---------
    "upload_button": ("Pilih berkas", "Choose a file"),
    "upload_limit": ("Hingga {mb} MB per berkas", "Up to {mb} MB per file"),
    "other_format": ("Format lain", "Other format"),
    "download_format": ("Unduh {format}", "Download {format}"),
    # --- pages helper (issue 15): allocation verdict and fair method, target page, wide tables, targets editor
    "al_totals_n": ("{n} cara berdampingan", "The {n} ways side by side"),
    "al_compact_help_n": ("Jumlah paket per wilayah menurut {n} cara; biaya dan penduduk miskin terjangkau per "
                          "wilayah ada di tabel lengkap dan di unduhan.",
                          "Packages per unit by the {n} ways; cost and poor reached per unit are in the full "
                          "table and the download."),
    "al_intro_fair": ("Bagi anggaran program ke wilayah dengan empat cara dan bandingkan: kuota sama, proporsional "
                      "kebutuhan, alokasi optimal yang menjangkau penduduk miskin terbanyak, dan alokasi adil yang "
                      "memberi wilayah yang paling sedikit terjangkau bagian terbesar, dalam anggaran dengan batas "
                      "minimum dan maksimum per wilayah. Di bawah hasilnya tertulis apa yang dioptimalkan tiap cara "
                      "dan kapan hasilnya sama.",
                      "Share a programme budget across units four ways and compare them: equal quota, proportional "
                      "to need, an optimised allocation that reaches the most poor people, and a fair one that "
                      "gives the least-reached unit the largest share, within the budget and the per-unit minimum "
                      "and maximum. Below the result it says what each way optimises and when they come out the "
                      "same."),
    "al_min_share": ("bagian terkecil (%)", "smallest share (%)"),
    "al_min_share_help": ("Bagian terkecil: wilayah yang paling sedikit terjangkau mendapat {share} % dari "
                          "penduduk miskinnya.", "Smallest share: the least-reached unit gets {share} % of its "
                          "poor."),
    "al_goal_equal": ("Jumlah paket yang sama untuk setiap wilayah.", "The same number of packages in every unit."),
    "al_goal_proportional": ("Paket sebanding dengan jumlah kebutuhan setiap wilayah.",
                             "Packages in proportion to each unit's need count."),
    "al_goal_optimised": ("Menjangkau penduduk miskin sebanyak mungkin dalam anggaran; di antara pilihan yang "
                          "sama baiknya, paket paling sedikit dan wilayah dengan kebutuhan lebih besar lebih dulu.",
                          "Reaches as many poor people as the budget allows; among equally good choices, the "
                          "fewest packages and the units of higher need first."),
    "al_goal_fair": ("Wilayah yang paling sedikit terjangkau mendapat bagian sebesar mungkin dari penduduk "
                     "miskinnya (bagian = terjangkau ÷ batas jangkauan); lalu wilayah berikutnya, dan seterusnya.",
                     "The least-reached unit gets as large a share of its poor as possible (share = reached ÷ "
                     "reach cap); then the next one, and so on."),
    "al_tie_all_used": ("{methods} menjangkau jumlah yang sama, {n} penduduk miskin: tidak ada wilayah yang "
                        "mendapat lebih banyak paket daripada penduduk miskinnya, jadi setiap paket menjangkau "
                        "satu penerima dengan cara mana pun. Cara-cara ini hanya berbeda dalam sebarannya.",
                        "{methods} reach the same {n} poor people: no unit gets more packages than it has poor, "
                        "so every package reaches someone whichever way is used. The ways differ only in where "
                        "the packages go."),
    "al_tie_optimised": ("«{method}» di sini tidak lebih baik dari yang lain: ia hanya salah satu dari banyak "
                         "alokasi yang sama baiknya.", "«{method}» is no better than the others here: it is only "
                         "one of many equally good allocations."),
    "al_tie_fair": ("Yang membedakannya adalah bagian terkecil: dengan «{fair}» wilayah yang paling sedikit "
                    "terjangkau mendapat {share} % dari penduduk miskinnya, dengan «{method}» {other} %.",
                    "What tells them apart is the smallest share: with «{fair}» the least-reached unit gets "
                    "{share} % of its poor, with «{method}» {other} %."),
    "al_covers_fair": ("{method}: bagian terkecil terbesar menurut {column} atas {n} dari {total} wilayah.",
                       "{method}: the largest smallest share of {column} over {n} of {total} units."),
    "al_tie": ("{methods} menjangkau jumlah yang sama, {n} penduduk miskin; bedanya pada sebaran paket.",
               "{methods} reach the same {n} poor people; they differ in where the packages go."),
    "al_most": ("Penduduk miskin terjangkau terbanyak: {method}, {n} orang.", "Most poor people reached: {method}, {n}."),
    "al_fairest": ("Paling merata: {methods}; setiap wilayah mendapat paling sedikit {share} % dari penduduk "
                   "miskinnya.", "Spread most evenly: {methods}; every unit gets at least {share} % of its poor."),
    "al_left_remainder": ("{method}: Rp {amount} tidak terpakai, kurang dari satu paket: biaya per paket Rp {cost} "
                          "tidak membagi habis anggaran.", "{method}: Rp {amount} unspent, less than one package: "
                          "the cost per package of Rp {cost} does not divide the budget."),
    "al_left_unspent": ("{method}: Rp {amount} tidak terpakai ({n} × Rp {cost} yang terbayar anggaran tidak "
                        "dialokasikan): {why}", "{method}: Rp {amount} unspent ({n} × Rp {cost} that the budget "
                        "pays for not allocated): {why}"),
    "al_left_why_max": ("setiap wilayah sudah pada maksimumnya (naikkan maksimum per wilayah untuk memakainya).",
                        "every unit is at its maximum (raise the maximum per unit to use it)."),
    "al_left_why_need": ("setiap wilayah sudah pada maksimumnya atau seluruh penduduk miskinnya terjangkau; "
                         "paket tambahan tidak menjangkau siapa pun.", "every unit is at its maximum or all its "
                         "poor are reached; more packages would reach no one."),
    "al_left_why_quota": ("satu paket lagi untuk setiap wilayah melebihi anggaran.",
                          "one more package for every unit would exceed the budget."),
    "al_left_why_none_covered": ("tidak ada wilayah dengan data.", "no unit has data."),
    "al_left_why_other": ("batas minimum dan maksimum per wilayah tidak memungkinkan lebih.",
                          "the minimum and maximum per unit allow no more."),
    "al_left_of_which": (" Rp {rem} di antaranya kurang dari satu paket.", " Of that, Rp {rem} is less than one "
                         "package."),
    "al_preset_edited": ("{name} (diubah)", "{name} (edited)"),
    "al_preset_param": ("Program", "Programme"),
    "al_preset_edited_note": ("Program: {name}: nilai di bawah tidak lagi sama dengan program; unduhan menyebutnya "
                              "begitu.", "Programme: {name}: the values below are no longer the programme's; the "
                              "download names it so."),
    "goal_already_met": ("Target sudah tercapai: {rate} % tidak di atas {target} %; tidak ada yang harus keluar.",
                         "Target already met: {rate} % is not above {target} %; no one must leave."),
    "goal_reg_below": ("sudah di bawah target provinsi {target} %", "already below the provincial target {target} %"),
    "goal_reg_holds": ("target sudah tercapai menurut aturan ini: tidak ada yang harus keluar",
                       "target already met under this rule: no one must leave"),
    "goal_diff_more": ("jumlah kabupaten/kota {more} orang lebih banyak dari total provinsi (tahun dan sumber "
                       "berbeda); bukan jumlah orang yang harus keluar", "the regencies add up to {more} people "
                       "more than the province total (another year and source); not a number of people who "
                       "must leave"),
    "goal_diff_less": ("{less} orang dari total provinsi tidak terbagi ke kabupaten/kota (tanpa angka bersumber "
                       "atau beda tahun)", "{less} people of the province total are not shared to a regency "
                       "(no sourced count, or another year)"),
    "tg_col_unit_pick": ("Wilayah (kode — nama)", "Unit (code — name)"),
    "tg_col_unit_pick_help": ("Pilih wilayahnya: ketik sebagian kode Kemendagri (64.02, 64.02.01, 64.02.01.2001) "
                              "atau namanya untuk mencari; namanya tampil saat dipilih.",
                              "Choose the unit: type part of its Kemendagri code (64.02, 64.02.01, 64.02.01.2001) "
                              "or of its name to search; its name shows as it is chosen."),
    # readers (sources/tables.py, sources/userfiles.py): which sheet / layer of an upload to read
    "upload_sheet": ("Lembar kerja yang dibaca", "Sheet to read"),
    "upload_sheet_auto": ("otomatis: lembar pertama berisi angka", "automatic: the first sheet with figures"),
    "upload_layer": ("Lapisan GeoPackage yang dibaca", "GeoPackage layer to read"),
    # --- map (app map component: basemap switch, legend of one value) ---
    "basemap_toggle": ("Latar peta OpenStreetMap (perlu internet)", "OpenStreetMap background (needs internet)"),
    "basemap_toggle_help": ("Menampilkan jalan, sungai dan nama tempat dari OpenStreetMap di bawah wilayah. "
                            "Tanpa internet peta tetap tampil tanpa latar.",
                            "Shows roads, rivers and place names from OpenStreetMap under the units. Without "
                            "internet the map still shows, without a background."),
    "basemap_note": ("Latar: © kontributor OpenStreetMap (dimuat dari internet).",
                     "Background: © OpenStreetMap contributors (loaded from the internet)."),
}

from geo_planner.i18n.idm import STRINGS_IDM  # noqa: E402 - the village index's strings, kept apart

STRINGS.update(STRINGS_IDM)

from geo_planner.i18n.figures import STRINGS_FIGURES, unit_label  # noqa: E402 - notes inside the figure tables, kept apart

STRINGS.update(STRINGS_FIGURES)

from geo_planner.i18n.library import STRINGS_LIBRARY  # noqa: E402 - the library modules' texts, kept apart

STRINGS.update(STRINGS_LIBRARY)

from geo_planner.i18n.messages import MESSAGES  # noqa: E402 - the library's error and problem messages

if STRINGS.keys() & MESSAGES.keys():  # pragma: no cover - caught by the first import in any test
    raise RuntimeError(f"keys in both STRINGS and MESSAGES: {sorted(STRINGS.keys() & MESSAGES.keys())}")
STRINGS.update(MESSAGES)

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
        Indicator id -> :class:`~geo_planner.layers.model.Indicator`.
    lang : str
        ``"id"`` (default) or ``"en"``.

    Examples
    --------
    >>> from geo_planner.layers.model import Indicator
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
    unit = unit_label(getattr(meta, "unit", ""), lang)
    label = meta.label(lang)  # type: ignore[attr-defined]
    return f"{label} ({unit})" if unit else label


LOCALES = {"id": "id_ID", "en": "en"}  # Babel locales of the interface languages


def fmt_number(value: object, lang: str = "id", decimals: int | None = None) -> str:
    """Format a number the way readers of ``lang`` write it, with Babel's CLDR data for the locale
    (``id_ID``: ``1.234,5``; ``en``: ``1,234.5``).

    ``decimals=None`` keeps up to two decimals and drops trailing zeros; missing values give ``"–"``.

    >>> fmt_number(1234.5, "id"), fmt_number(1234.5, "en"), fmt_number(7.0, "id", 2), fmt_number(None)
    ('1.234,5', '1,234.5', '7,00', '–')
    """
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "–" if value is None else str(value)
    if math.isnan(x):
        return "–"
    fast = _plain_format(lang, decimals)
    text = None
    if fast is not None:
        try:
            text = _apply_plain(x, *fast)
        except (ArithmeticError, ValueError):  # too many digits for the decimal context: Babel says what
            text = None
    if text is None:
        pattern = "#,##0.##" if decimals is None else "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
        text = format_decimal(x, pattern, locale=LOCALES.get(lang, "id_ID"))
    return "0" if text in ("-0", "−0") else text


@functools.lru_cache(maxsize=64)
def _plain_format(lang: str, decimals: int | None) -> tuple | None:
    """What Babel's ``format_decimal`` uses for the pattern of ``fmt_number`` in ``lang``, read from Babel once:
    (decimal symbol, group symbol, negative prefix, quantum, least and most decimals); None when the pattern
    is not a plain grouped decimal (then Babel formats each number itself)."""
    from babel.numbers import get_decimal_quantum, get_decimal_symbol, get_group_symbol, parse_pattern

    if decimals is not None and not (isinstance(decimals, int) and 0 <= decimals <= 12):
        return None
    pattern = "#,##0.##" if decimals is None else "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    p = parse_pattern(pattern)
    if (p.grouping != (3, 3) or p.int_prec[0] != 1 or p.prefix[0] or p.suffix != ("", "") or p.scale
            or p.exp_prec or "@" in p.pattern or "'" in p.prefix[1]):
        return None
    locale = LOCALES.get(lang, "id_ID")
    lo, hi = p.frac_prec
    return get_decimal_symbol(locale), get_group_symbol(locale), p.prefix[1], get_decimal_quantum(hi), lo, hi


def _apply_plain(x: float, point: str, group: str, minus: str, quantum, lo: int, hi: int) -> str | None:
    """Babel's ``NumberPattern.apply`` for a plain grouped pattern, step by step (the same Decimal rounding
    of the number's shortest text, the same grouping and trailing zeros), without its per-call look-ups."""
    text = str(x)
    negative = text[0] == "-"
    a, _, b = (text[1:] if negative else text).partition(".")
    if "e" not in text and "n" not in text and not b[hi:].strip("0"):
        b = b[:hi]  # no digit to round away: the number's own digits are its quantized ones
    else:
        value = Decimal(text)  # at most 17 digits: Babel's normalize() changes no digit, only the exponent
        if not value.is_finite():
            return None
        negative = value.is_signed()
        a, _, b = f"{value.copy_abs().quantize(quantum):f}".partition(".")
    if len(a) > 3:
        a = f"{int(a):,}".replace(",", group)
    b = b or "0"
    if len(b) < lo:
        b += "0" * (lo - len(b))
    if hi == 0 or (lo == 0 and int(b) == 0):
        frac = ""
    else:
        b = b.rstrip("0")
        if len(b) < lo:
            b += "0" * (lo - len(b))
        frac = point + b
    return (minus if negative else "") + a + frac
