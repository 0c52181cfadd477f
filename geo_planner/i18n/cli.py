"""Text of the ``geo-planner`` command line: help, messages and argparse's own words.

Bahasa Indonesia by default, English one switch away. The language of the command
line is, in order:

1. ``--lang id|en`` anywhere on the command line;
2. the environment variable ``GEO_PLANNER_LANG`` (``id`` or ``en``);
3. Indonesian.

The system locale (``LANG``, ``LC_ALL``) is deliberately not read: many office
computers and servers in Indonesia run an English system locale, and the
planners this tool is for read Indonesian. ``GEO_PLANNER_LANG`` sets the
language the command line talks in (help, messages); the tables and files it
writes follow ``--lang`` (default Indonesian), so a file passed on to another
office stays Indonesian unless asked otherwise.

This module imports nothing heavy: ``geo-planner --help`` builds its parser
from here alone.

>>> tr("wrote", "en", path="a.csv")
'wrote a.csv'
>>> tr("wrote", "id", path="a.csv")
'a.csv ditulis'
>>> resolve_lang(["rank", "--lang", "en"], {})
('en', ['rank'])
>>> resolve_lang(["validate", "x.csv"], {"GEO_PLANNER_LANG": "en"})
('en', ['validate', 'x.csv'])
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping, Sequence

__all__ = ["CLI_STRINGS", "ARGPARSE_ID", "LANG_ENV", "tr", "resolve_lang", "argparse_in"]

LANG_ENV = "GEO_PLANNER_LANG"
LANG_CHOICES = ("id", "en")

# key: (Bahasa Indonesia, English). Placeholders use str.format names.
# --------------------------------------------------------------------------- command line (geo_planner.cli)
CLI_STRINGS: dict[str, tuple[str, str]] = {
    # the program and its global options
    "prog_description": ("Peta dan daftar prioritas penanggulangan kantong kemiskinan.",
                         "Poverty-pocket planning maps and priority lists."),
    "opt_version": ("tampilkan versi program lalu keluar", "show the program's version and exit"),
    "opt_lang": ("bahasa bantuan, pesan, judul kolom dan berkas: id (bawaan) atau en, di mana saja pada baris "
                 "perintah; bantuan dan pesan juga mengikuti variabel lingkungan GEO_PLANNER_LANG",
                 "language of help, messages, headers and files: id (default) or en, anywhere on the command "
                 "line; help and messages also follow the environment variable GEO_PLANNER_LANG"),
    "metavar_command": ("PERINTAH", "COMMAND"),
    "metavar_action": ("TINDAKAN", "ACTION"),
    "metavar_file": ("BERKAS", "FILE"),
    # data fetch
    "cmd_data": ("data batas wilayah", "boundary data"),
    "cmd_fetch": ("unduh (atau salin dari cermin), periksa, bersihkan dan simpan batas wilayah",
                  "download (or mirror), check, clean and cache boundaries"),
    "opt_province": ("kode provinsi Kemendagri dua digit (bawaan 64)",
                     "two-digit Kemendagri province code (default 64)"),
    "opt_levels": ("tingkat, dipisah koma, dari {levels}", "comma-separated, from {levels}"),
    "no_cleaning_report": ("tidak ada laporan pembersihan", "no cleaning report"),
    "unknown_level": ("tingkat '{level}' tidak dikenal; pilih dari {levels}",
                      "unknown level '{level}'; choose from {levels}"),
    # analysis options (rank, map, pockets, lead, allocate, export)
    "opt_level": ("tingkat wilayah: {levels} (bawaan kabkota)", "unit level: {levels} (default kabkota)"),
    "opt_layer": ("tabel angka CSV/XLSX atau lapisan titik/poligon; boleh diulang",
                  "CSV/XLSX table of figures or point/polygon layer; repeatable"),
    "opt_weights": ("bobot indikator, mis. poverty_rate=2,poor_population=1",
                    "indicator weights, e.g. poverty_rate=2,poor_population=1"),
    "opt_direction": ("need (kebutuhan), coverage (cakupan) atau context (konteks) per indikator --layer, "
                      "mis. rtlh_units=need",
                      "need, coverage or context per indicator of a --layer, e.g. rtlh_units=need"),
    "opt_no_builtin": ("tanpa angka bawaan bersumber yang dikirim bersama program",
                       "leave out the shipped sourced figures"),
    "opt_boundaries": ("berkas batas wilayah Anda sendiri (GeoJSON, GeoPackage, Shapefile dalam .zip, "
                       "GeoParquet, KML) sebagai ganti yang diunduh",
                       "your own boundary file (GeoJSON, GeoPackage, zipped Shapefile, GeoParquet, KML) "
                       "instead of the downloaded ones"),
    "opt_within": ("hanya wilayah di dalam kode ini (mis. 64.72: Samarinda)",
                   "only the units inside this code (e.g. 64.72: Samarinda)"),
    "opt_synthetic": ("tambahkan demo desa SINTETIS berbenih (bawaan: mati; di bawah tingkat kabupaten/kota "
                      "angka bawaannya adalah Indeks Desa Membangun IDM 2023-2024 dari Kemendes PDTT)",
                      "add the seeded SYNTHETIC village demo (default: off; below regency level the built-in "
                      "figures are the village index IDM 2023-2024 of Kemendes PDTT)"),
    "opt_engine": ("local (bawaan) atau dask: hitung titik --layer (folder GeoParquet berpartisi) di "
                   "dask.distributed",
                   "local (default) or dask: count the --layer points (a partitioned GeoParquet folder) on "
                   "dask.distributed"),
    "opt_scheduler": ("penjadwal dask, mis. tcp://10.0.0.5:8786 (bawaan: klaster lokal)",
                      "dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a local cluster)"),
    "opt_lang_headers": ("bahasa judul kolom, pesan dan berkas: id (bawaan) atau en",
                         "language of headers, messages and files: id (default) or en"),
    "opt_unmatched_out": ("tulis baris masukan yang tidak cocok dengan wilayah mana pun ke berkas ini",
                          "write input rows that matched no unit here"),
    # rank
    "cmd_rank": ("urutkan wilayah menurut prioritas; tampilkan atau tulis CSV/XLSX",
                 "rank units by priority; print or write CSV/XLSX"),
    "opt_out_table": ("tulis .csv atau .xlsx alih-alih menampilkan", "write .csv or .xlsx instead of printing"),
    "rank_bad_suffix": ("tidak dapat menulis berkas {got}; beri nama keluaran berakhiran .csv atau .xlsx",
                        "cannot write {got} files; name the output with one of .csv, .xlsx"),
    "no_suffix": ("tanpa akhiran", "no suffix"),
    "wrote_ranked": ("{path} ditulis ({n} wilayah berperingkat)", "wrote {path} ({n} ranked units)"),
    "privacy_suppressed": ("{cells} sel di {units} wilayah dikosongkan di {path} (perlindungan privasi tingkat desa: "
                           "angka kecil 1 sampai {below} dan angka di sampingnya yang dapat membukanya); skor dan "
                           "peringkat dihitung dari angka yang tampil. Lihat provenance berkasnya; geo-planner export "
                           "--privacy round|none mengubahnya",
                           "{cells} cell(s) in {units} unit(s) are left empty in {path} (desa-level privacy "
                           "protection: counts of 1 to {below} and the figures beside them that would give them "
                           "back); scores and ranks come from the figures shown. See the file's provenance; "
                           "geo-planner export --privacy round|none changes it"),
    "privacy_rounded": ("{cells} sel berisi angka kecil di {units} wilayah dibulatkan di {path} (perlindungan privasi "
                        "tingkat desa); lihat provenance berkasnya",
                        "{cells} cell(s) holding small counts in {units} unit(s) are rounded in {path} (desa-level "
                        "privacy protection); see the file's provenance"),
    "weights_line": ("bobot: {weights}; tingkat {level}, provinsi {province}",
                     "weights: {weights}; level {level}, province {province}"),
    "synthetic_rank": ("peringkat ini memakai data SINTETIS (demo), bukan angka resmi",
                       "the ranking uses SYNTHETIC (demo) data, not official figures"),
    # map
    "cmd_map": ("tulis peta HTML", "write an HTML map"),
    "opt_out_html": ("berkas HTML yang ditulis", "HTML file to write"),
    "opt_column": ("id indikator untuk warna peta (bawaan: skor prioritas), atau 'bivariate' (kebutuhan x "
                   "cakupan), 'hotspots' (Gi* dan kantong) atau 'trend' (IDM 2023->2024)",
                   "indicator id to colour by (default the priority score), or 'bivariate' (need x coverage), "
                   "'hotspots' (Gi* and pockets) or 'trend' (IDM 2023->2024)"),
    "opt_fdr_map": ("kendali false discovery rate untuk hotspot", "false-discovery-rate control for hotspots"),
    "no_column": ("tidak ada kolom '{column}' untuk dipetakan; pilih salah satu dari {avail}",
                  "no column '{column}' to map; choose one of {avail}"),
    "wrote": ("{path} ditulis", "wrote {path}"),
    # pockets
    "cmd_pockets": ("temukan kantong kemiskinan (hotspot, kebutuhan tinggi dengan cakupan rendah)",
                    "find poverty pockets (hotspots, high need with low coverage)"),
    "opt_flag": ("yang menjadikan wilayah bagian kantong: both (bawaan: hotspot atau kurang terlayani), "
                 "hotspot, underserved",
                 "what makes a unit part of a pocket: both (default: hotspot or underserved), hotspot, "
                 "underserved"),
    "opt_fdr": ("kendali false discovery rate atas nilai-p", "false-discovery-rate control of the p-values"),
    "opt_permutations": ("jumlah permutasi untuk uji hotspot (bawaan 999)",
                         "permutations for the hotspot tests (default 999)"),
    "opt_seed": ("benih acak permutasi (bawaan 0)", "random seed of the permutations (default 0)"),
    "synthetic_pockets": ("kantong ini berasal dari data SINTETIS (demo), bukan angka resmi",
                          "the pockets come from SYNTHETIC (demo) data, not official figures"),
    "pockets_bad_suffix": ("tidak dapat menulis kantong ke jenis berkas ini; beri nama keluaran .csv atau .xlsx",
                           "cannot write pockets to this file type; name the output .csv or .xlsx"),
    "wrote_pockets": ("{path} ditulis ({n} kantong)", "wrote {path} ({n} pockets)"),
    "no_pocket": ("tidak ada kantong kemiskinan yang ditemukan", "no pocket found"),
    # validate
    "cmd_validate": ("periksa tabel angka dan daftar setiap masalahnya",
                     "check a table of figures and list every problem"),
    "opt_validate_file": ("tabel CSV atau XLSX, atau lapisan titik/poligon",
                          "CSV or XLSX table, or point/polygon layer"),
    "opt_validate_level": ("tingkat wilayah tempat tabel dicocokkan: {levels} (bawaan kabkota)",
                           "unit level the table is matched to: {levels} (default kabkota)"),
    "opt_sheet": ("lembar buku kerja, menurut nama atau nomor mulai 0 (bawaan: lembar pertama yang berisi tabel)",
                  "sheet of a workbook, by name or 0-based number (default: the first sheet holding a table)"),
    "file_not_found": ("berkas tidak ditemukan; periksa jalurnya", "file not found; check the path"),
    "validate_head": ("{name} ({level}, provinsi {province})", "{name} ({level}, province {province})"),
    "validate_indicators": ("indikator: {found}", "indicators: {found}"),
    "validate_problems": ("masalah ({n}):", "problems ({n}):"),
    "severity_error": ("KESALAHAN", "ERROR"),
    "severity_warning": ("PERINGATAN", "WARNING"),
    "validate_unmatched": ("baris yang tidak cocok dengan wilayah {level} mana pun ({n}, tidak digabung):",
                           "rows that matched no {level} unit ({n}, not joined):"),
    "row_key_reason": ("  baris {row} '{key}': {reason}", "  row {row} '{key}': {reason}"),
    "row_n": ("baris {row}", "row {row}"),
    "validate_totals": ("baris total (provinsi atau wilayah induk), dikenali dan tidak digabung: {rows}",
                        "total rows (the province or a parent unit), recognised and not joined: {rows}"),
    "validate_nothing_joined": ("tidak ada baris yang tergabung ke wilayah {level} mana pun: periksa alasan di atas, "
                                "tingkatnya (--level) dan provinsinya (--province)",
                                "no row joined any {level} unit: check the reasons above, the level (--level) and "
                                "the province (--province)"),
    "status_failed": ("GAGAL", "FAILED"),
    "status_ok": ("OK", "OK"),
    "validate_joined": (", {n} wilayah tergabung", ", {n} unit(s) joined"),
    "validate_summary": ("{status}: {errors} kesalahan, {warnings} peringatan, {unmatched} baris tidak cocok, "
                         "{totals} baris total{joined}",
                         "{status}: {errors} error(s), {warnings} warning(s), {unmatched} unmatched row(s), "
                         "{totals} total row(s){joined}"),
    # what every command shares (geo_planner.cli.common)
    "error_line": ("{prog}: kesalahan: {message}", "{prog}: error: {message}"),
    "warning_line": ("{prog}: peringatan: {message}", "{prog}: warning: {message}"),
    "interrupted": ("{prog}: dihentikan", "{prog}: interrupted"),
    "os_error": ("tidak dapat menulis atau membaca {file}: {reason}; periksa jalur dan foldernya",
                 "cannot write or read {file}: {reason}; check the path and its folder"),
    "bad_direction": ("arah '{part}' tidak berbentuk id=need|coverage|context, mis. rtlh_units=need",
                      "direction '{part}' is not of the form id=need|coverage|context, e.g. rtlh_units=need"),
    "unmatched_rows": ("{n} baris {file} tidak cocok dengan wilayah mana pun: {rows}",
                       "{n} row(s) of {file} matched no unit: {rows}"),
    "row_key_reason_inline": ("baris {row} '{key}': {reason}", "row {row} '{key}': {reason}"),
    "and_more": ("; ... dan {n} lainnya", "; ... and {n} more"),
    "unmatched_written": ("{prog}: baris yang tidak cocok ditulis ke {path}",
                          "{prog}: the unmatched rows were written to {path}"),
    "unmatched_hint": ("{prog}: tulis baris itu ke berkas dengan --unmatched-out BERKAS.csv (baris itu juga ada "
                       "di keluaran .xlsx)",
                       "{prog}: write them to a file with --unmatched-out FILE.csv (they also appear in an .xlsx "
                       "output)"),
    # export
    "cmd_export": ("tulis daftar prioritas sebagai CSV, XLSX, tabel RPKD, GeoJSON, GeoPackage, Shapefile dalam "
                   ".zip, KML atau laporan PDF",
                   "write the priority list as CSV, XLSX, RPKD table, GeoJSON, GeoPackage, zipped Shapefile, KML "
                   "or a PDF report"),
    "opt_format": ("format keluaran: {formats} (bawaan: dari akhiran --out, salah satu dari {suffixes}); "
                   "rpkd = tabel lokasi prioritas RPKD (.xlsx atau .csv)",
                   "output format: {formats} (default: from the --out suffix, one of {suffixes}); rpkd = the "
                   "RPKD priority-locations table (.xlsx or .csv)"),
    "opt_out_file": ("berkas yang ditulis", "file to write"),
    "opt_privacy": ("angka kecil di tingkat desa: suppress (bawaan, sel kosong), round (dibulatkan ke kelipatan "
                    "--threshold) atau none",
                    "small counts at desa level: suppress (default, empty cells), round (to a multiple of "
                    "--threshold) or none"),
    "opt_threshold": ("angka di bawah ini dilindungi (bawaan {default})",
                      "counts below this are protected (default {default})"),
    "opt_top": ("jumlah baris tabel PDF dan tabel RPKD (bawaan 20)", "rows of the PDF table and of the RPKD "
                "table (default 20)"),
    "opt_headers": ("judul kolom CSV: labels (label dalam --lang, bawaan) atau ids (id mesin)",
                    "CSV headers: labels (in --lang, default) or ids (machine ids)"),
    "opt_title": ("judul laporan PDF", "title of the PDF report"),
    "opt_pockets_first": ("hitung kantong kemiskinan dulu (mengisi kolom kantong)",
                          "compute poverty pockets first (fills the pocket columns)"),
    "synthetic_export": ("ekspor ini berisi data SINTETIS (demo), bukan angka resmi; berkasnya ditandai begitu",
                         "the export holds SYNTHETIC (demo) data, not official figures; it is marked so"),
    "not_whole_number": ("'{text}' bukan bilangan bulat", "'{text}' is not a whole number"),
    "at_least_1": ("minimal 1, bukan {value}", "must be at least 1, not {value}"),
    # planning: lead, allocate, goal
    "cmd_lead": ("instansi mana yang sebaiknya memimpin di tiap wilayah atau kantong, dan mengapa",
                 "which office should lead in each unit or pocket, and why"),
    "opt_basis": ("weights: jelaskan skor berbobot (bawaan); all: timbang setiap angka kebutuhan/cakupan sama",
                  "weights: explain the weighted score (default); all: weigh every need/coverage figure equally"),
    "opt_per_pocket": ("per kantong, bukan per wilayah", "per pocket instead of per unit"),
    "opt_out_csv_xlsx": ("tulis .csv atau .xlsx", "write .csv or .xlsx"),
    "cmd_allocate": ("bagi anggaran program antarwilayah: equal (rata), proportional (sebanding), optimised "
                     "(dioptimalkan)",
                     "share a programme budget across units: equal, proportional, optimised"),
    "opt_budget": ("anggaran dalam rupiah, mis. 7500000000", "budget in rupiah, e.g. 7500000000"),
    "opt_unit_cost": ("biaya satu paket, mis. 5000000 (UEP)", "cost of one package, e.g. 5000000 (UEP)"),
    "opt_min": ("paket minimum per wilayah (bawaan 0)", "minimum packages per unit (default 0)"),
    "opt_max": ("paket maksimum per wilayah (bawaan: tanpa batas)", "maximum packages per unit (default: no cap)"),
    "opt_need": ("jumlah kebutuhan yang diikuti bagian sebanding (bawaan: poor_households bila ada, selain itu "
                 "poor_population); wilayah tanpa angka ditinggalkan dan disebut",
                 "need count the proportional share follows (default: poor_households if present, else "
                 "poor_population); units without a figure are left out and named"),
    "opt_reach": ("jumlah yang membatasi siapa yang dijangkau paket suatu wilayah (bawaan: kolom --need)",
                  "count capping who a unit's packages reach (default: the --need column)"),
    "opt_method": ("all (bawaan: keempatnya), equal, proportional, optimised atau fair (bagian terkecil terbesar)",
                   "all (default: the four), equal, proportional, optimised or fair (the largest smallest share)"),
    "opt_out_allocation": ("tulis alokasi sebagai .csv atau .xlsx", "write the allocation as .csv or .xlsx"),
    "no_need_count": ("tidak ada jumlah penduduk miskin atau rumah tangga miskin di tingkat {level}; bagian "
                      "sebanding dan dioptimalkan memerlukannya (kolom --layer dalam jiwa, KK, KPM atau rumah "
                      "tangga)",
                      "no count of poor people or poor households at {level} level; proportional and optimised "
                      "shares need one (a --layer column in jiwa, KK, KPM or rumah tangga)"),
    "not_a_need_count": ("{option} '{column}' bukan jumlah penduduk atau rumah tangga miskin di tingkat ini; "
                         "pilih salah satu dari: {counts}",
                         "{option} '{column}' is not a count of poor people or households at this level; choose "
                         "one of: {counts}"),
    "cmd_goal": ("jumlah penduduk yang harus keluar dari kemiskinan untuk mencapai target provinsi",
                 "people who must leave poverty to reach the provincial target"),
    "opt_target": ("target tingkat kemiskinan dalam %%, mis. 4 atau 3/4 (bawaan 3/4)",
                   "target rate(s) in %%, e.g. 4 or 3/4 (default 3/4)"),
    "opt_rule": ("cara membagi target: proportional_to_poor (bawaan: sebanding jumlah penduduk miskin), "
                 "equal_rate_cut (penurunan tingkat yang sama) atau converge_to_target (menuju target)",
                 "how the target is shared: proportional_to_poor (default: in proportion to the poor), "
                 "equal_rate_cut (the same cut in the rate) or converge_to_target"),
    "bad_target": ("target '{text}' bukan angka atau angka/angka dalam %, mis. 4 atau 3/4",
                   "target '{text}' is not a number or number/number in %, e.g. 4 or 3/4"),
    # serve
    "cmd_serve": ("jalankan aplikasi peramban (Streamlit), bawaan hanya di komputer ini",
                  "start the browser app (Streamlit), on this computer only by default"),
    "opt_port": ("porta yang didengarkan (bawaan 8501)", "port to listen on (default 8501)"),
    "opt_host": ("alamat yang didengarkan (bawaan 127.0.0.1: hanya komputer ini); alamat lain memerlukan "
                 "masuk-akun yang diatur ([auth] di secrets.toml) atau --unprotected",
                 "address to listen on (default 127.0.0.1: this computer only); another address needs sign-in "
                 "configured ([auth] in secrets.toml) or --unprotected"),
    "opt_secrets": ("secrets.toml dengan bagian [auth] (bawaan: milik Streamlit, ~/.streamlit/ atau .streamlit/ "
                    "di samping aplikasi atau di sini)",
                    "secrets.toml with the [auth] section (default: Streamlit's, ~/.streamlit/ or .streamlit/ "
                    "beside the app or here)"),
    "opt_unprotected": ("layani komputer lain tanpa masuk-akun; setiap pengunjung melihat spanduk 'tidak "
                        "terlindungi'",
                        "serve other computers without sign-in; every visitor sees an 'unprotected' banner"),
    "serve_unprotected": ("peringatan: melayani di {host} TANPA masuk-akun: siapa pun yang mencapainya dapat "
                          "mengubah target",
                          "warning: serving on {host} WITHOUT sign-in: anyone who reaches it may change the "
                          "targets"),
    "serve_refused": ("aplikasi tidak akan dilayani ke komputer lain ({host}) tanpa masuk-akun: {problem}; atur "
                      "penyedia identitas seperti bagian shared deployment di README, atau beri --unprotected agar "
                      "siapa pun di jaringan dapat mengubah target (spanduk menyebutkannya)",
                      "refusing to serve the app to other computers ({host}) without sign-in: {problem}; configure "
                      "the identity provider as the README's shared deployment says, or pass --unprotected to let "
                      "anyone on the network change the targets (a banner says so)"),
    # targets
    "cmd_targets": ("daftar target instansi (impor, ekspor, tampilkan)",
                    "the agencies' targets register (import, export, list)"),
    "cmd_targets_import": ("tambahkan target dari berkas CSV/XLSX; baris bermasalah ditolak",
                           "add the targets of a CSV/XLSX file; rows with problems are rejected"),
    "opt_targets_file": ("berkas CSV atau XLSX, judul kolom dalam Bahasa Indonesia atau Inggris",
                         "CSV or XLSX file, headers in Bahasa Indonesia or English"),
    "opt_who": ("nama Anda untuk catatan audit (bawaan: GEO_PLANNER_USER atau nama login)",
                "your name for the audit log (default: GEO_PLANNER_USER or the login name)"),
    "opt_sheet_short": ("lembar buku kerja, menurut nama atau nomor mulai 0",
                        "sheet of a workbook, by name or 0-based number"),
    "opt_rejected_out": ("tulis baris yang ditolak beserta alasannya ke berkas ini",
                         "write the rejected rows and reasons here"),
    "opt_level_check": ("tingkat batas wilayah untuk memeriksa kode dan mencocokkan nama wilayah (mis. kabkota)",
                        "boundary level to check codes against and match unit names in (e.g. kabkota)"),
    "opt_level_names": ("tingkat batas wilayah sumber nama wilayah", "boundary level to take unit names from"),
    "opt_db": ("postgresql://pengguna:sandi@host/db atau sqlite:///jalur (bawaan: GEO_PLANNER_DB, selain itu "
               "targets.sqlite di folder data)",
               "postgresql://user:password@host/db or sqlite:///path (default: GEO_PLANNER_DB, else targets.sqlite "
               "in the data folder)"),
    "cmd_targets_export": ("tulis target ke .csv atau .xlsx", "write targets to .csv or .xlsx"),
    "opt_targets_out": ("BERKAS.csv atau BERKAS.xlsx", "FILE.csv or FILE.xlsx"),
    "cmd_targets_list": ("tampilkan target dan tandai tumpang tindih", "print targets and flag overlaps"),
    "opt_unit": ("kode Kemendagri: wilayah ini dan wilayah di dalamnya",
                 "Kemendagri code: this unit and the units inside it"),
    "opt_agency": ("bagian nama instansi, huruf besar atau kecil", "part of the agency name, any case"),
    "opt_intervention": ("id atau label intervensi, mis. rtlh_rehab", "intervention id or label, e.g. rtlh_rehab"),
    "opt_year": ("tahun; boleh diulang", "year; repeatable"),
    "opt_status": ("status ({statuses}, atau dalam Bahasa Indonesia); boleh diulang",
                   "status ({statuses}, or in Indonesian); repeatable"),
    "who_missing": ("sebutkan siapa yang mengimpor berkas dengan --who NAMA (setiap perubahan dicatat dengan nama)",
                    "say who imports the file with --who NAME (every change is logged with a name)"),
    "register_at": ("daftar target: {where}", "register: {where}"),
    "ignored_columns": ("kolom yang diabaikan: {columns}", "ignored column(s): {columns}"),
    "skipped_row": ("  baris {row} dilewati: {reason}", "  skipped row {row}: {reason}"),
    "rejected_head": ("baris yang ditolak ({n}), tidak diimpor:", "rejected rows ({n}), not imported:"),
    "rejected_row": ("  baris {row}, kolom '{column}': {reason}", "  row {row}, column '{column}': {reason}"),
    "and_more_line": ("  ... dan {n} lainnya", "  ... and {n} more"),
    "rejected_written": ("baris yang ditolak ditulis ke {path}; perbaiki di sana lalu impor berkas itu",
                         "the rejected rows were written to {path}; fix them and import that file"),
    "rejected_hint": ("tulis baris itu ke berkas dengan --rejected-out BERKAS.csv, perbaiki di sana lalu impor",
                      "write them to a file with --rejected-out FILE.csv, fix them there and import it"),
    "wrote_targets": ("{path} ditulis ({n} target)", "wrote {path} ({n} target(s))"),
    "no_target_filtered": ("tidak ada target yang cocok dengan saringan ini", "no target matches these filters"),
    "no_target": ("daftar target di {where} belum berisi target", "the register at {where} holds no target"),
    "targets_in": ("{n} target di {where}", "{n} target(s) in {where}"),
    "overlaps_head": ("{n} tumpang tindih: catatan untuk wilayah, intervensi dan tahun yang sama; yang dihitung "
                      "jumlah terbesar, bukan totalnya:",
                      "{n} overlap(s): records aimed at the same unit, intervention and year; the largest quantity "
                      "counts, not the sum:"),
    "overlap_line": ("  ! {code} {intervention} {year}: target {who}",
                     "  ! {code} {intervention} {year}: targets {who}"),
    # users
    "cmd_users": ("siapa yang boleh membaca dan mengubah daftar target bersama",
                  "who may read and change the shared targets register"),
    "cmd_users_add": ("tambahkan pengguna, atau ubah peran dan instansi pengguna",
                      "add a user, or change a user's role and agencies"),
    "opt_identity": ("e-mail (atau subjek penyedia identitas) yang dipakai pengguna untuk masuk",
                     "the e-mail (or identity-provider subject) the user signs in with"),
    "opt_role": ("viewer: membaca; editor: mengubah target instansinya; admin: semuanya",
                 "viewer: reads; editor: changes its agencies' targets; admin: everything"),
    "opt_user_agency": ("instansi yang diwakili editor, seperti tertulis di target (mis. 'Dinas PUPR'); boleh "
                        "diulang",
                        "agency an editor edits for, as written in the targets (e.g. 'Dinas PUPR'); repeatable"),
    "opt_name": ("nama tampilan (opsional)", "display name (optional)"),
    "cmd_users_list": ("tampilkan pengguna dan perannya", "print the users and their roles"),
    "cmd_users_remove": ("hapus pengguna", "remove a user"),
    "opt_identity_remove": ("e-mail (atau subjek) pengguna yang dihapus",
                            "the e-mail (or subject) of the user to remove"),
    "operator_unknown": ("tidak dapat mengetahui siapa Anda; isi GEO_PLANNER_USER dengan nama Anda (dicatat)",
                         "cannot tell who you are; set GEO_PLANNER_USER to your name (it is logged)"),
    "user_now": ("{identity} kini {role}{agencies} di {where}", "{identity} is now {role}{agencies} in {where}"),
    "user_of": (" untuk {agencies}", " of {agencies}"),
    "no_users": ("daftar target di {where} belum punya pengguna: daftar ini satu-pengguna (siapa pun yang dapat "
                 "mengakses basis datanya dapat mengubahnya); tambahkan admin pertama dengan geo-planner users add "
                 "EMAIL --role admin",
                 "the register at {where} has no users: it is a single-user register (anyone with access to the "
                 "database may change it); add the first admin with geo-planner users add EMAIL --role admin"),
    "users_in": ("{n} pengguna di {where}", "{n} user(s) in {where}"),
    "user_removed": ("{identity} dihapus dari {where}; perubahan lamanya tetap di catatan audit",
                     "removed {identity} from {where}; their past changes stay in the audit log"),
    # readers (issue 12): which part of a --layer file to read, and the problems file
    "opt_sheet_layer": ("lembar tiap buku kerja --layer, menurut nama atau nomor mulai 0 (bawaan: lembar pertama "
                        "yang berisi angka)", "sheet of each --layer workbook, by name or 0-based number (default: "
                        "the first sheet holding figures)"),
    "opt_layer_name": ("lapisan GeoPackage yang dibaca bila berkas memuat beberapa lapisan",
                       "layer of a GeoPackage that holds several"),
    "opt_year": ("tahun tabel yang terbit untuk beberapa tahun (bawaan: yang terbaru)",
                 "year of a table published for several years (default: the latest)"),
    "opt_problems_out": ("tulis setiap masalah di berkas masukan ke sini (hanya {n} pertama yang dicetak)",
                         "write every problem found in the input files here (only the first {n} are printed)"),
    "problems_more_out": ("- ... dan {more} lagi; semua {n} ada di {out}", "- ... and {more} more; all {n} are in {out}"),
    "problems_more_hint": ("- ... dan {more} lagi; tulis semua {n} ke berkas dengan --problems-out BERKAS.csv",
                           "- ... and {more} more; write all {n} to a file with --problems-out FILE.csv"),
    "unmatched_more": ("  ... dan {n} lagi", "  ... and {n} more"),
    "problems_found": ("{where}{n} masalah ditemukan; perbaiki lalu coba lagi:", "{where}{n} problem(s) found; fix "
                       "them and try again:"),
    # --- files the commands write, and serve's sign-in check (issue 11, i18n2: cli/common, planning, serve)
    # sheet titles (the CLI writes them in Indonesian unless told otherwise) and provenance sources (English,
    # as every provenance of the library)
    "sheet_unmatched": ("Tidak cocok", "Unmatched"),
    "sheet_unmatched_source": ("baris yang tidak cocok dengan wilayah mana pun", "rows that matched no unit"),
    "sheet_problems": ("Masalah", "Problems"),
    "sheet_problems_source": ("masalah yang ditemukan di berkas masukan", "problems found in the input files"),
    "sheet_lead": ("Sektor pemimpin", "Lead sector"),
    "sheet_goal": ("Jarak ke target", "Distance to target"),
    # cli/serve.py: why sign-in is not configured (auth_problem)
    "auth_none": ("tidak ada bagian [auth] di {where}", "no [auth] section in {where}"),
    "auth_lacks": ("bagian [auth] tidak memuat {missing}", "the [auth] section lacks {missing}"),
    "auth_provider_keys": ("{keys} (di [auth] atau di bagian penyedia)", "{keys} (in [auth] or a provider section)"),
    "auth_or": (" atau ", " or "),
    "auth_and": (" dan ", " and "),
}

# argparse's own words (usage, section titles, its error messages) in Indonesian, by their English text.
ARGPARSE_ID: dict[str, str] = {
    "usage: ": "penggunaan: ",
    "positional arguments": "argumen posisi",
    "options": "opsi",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "show program's version number and exit": "tampilkan versi program lalu keluar",
    "%(prog)s: error: %(message)s\n": "%(prog)s: kesalahan: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "pilihan tidak sah: %(value)r (pilih dari %(choices)s)",
    "invalid %(type)s value: %(value)r": "nilai %(type)s tidak sah: %(value)r",
    "expected one argument": "memerlukan satu argumen",
    "expected at most one argument": "memerlukan paling banyak satu argumen",
    "expected at least one argument": "memerlukan paling sedikit satu argumen",
    "ambiguous option: %(option)s could match %(matches)s": "opsi ambigu: %(option)s bisa berarti %(matches)s",
    "not allowed with argument %s": "tidak boleh bersama argumen %s",
    "one of the arguments %s is required": "salah satu argumen %s wajib diisi",
    "ignored explicit argument %r": "argumen eksplisit %r diabaikan",
}


def tr(key: str, lang: str = "id", /, **values: object) -> str:
    """The command line's text of ``key`` in ``lang``, formatted with ``values``.

    An unknown key is a programming error (``KeyError``): tests walk every key.
    """
    pair = CLI_STRINGS[key]
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text


def resolve_lang(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> tuple[str, list[str]]:
    """The language of the command line and ``argv`` without its ``--lang`` options.

    ``--lang X`` or ``--lang=X`` anywhere wins (the last one), then
    ``GEO_PLANNER_LANG``, then Indonesian. An unknown value is left in ``argv``
    so argparse refuses it with its usage message.
    """
    env = os.environ if environ is None else environ
    lang = None
    rest: list[str] = []
    args = list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        value = None
        if arg == "--lang" and i + 1 < len(args):
            value, step = args[i + 1], 2
        elif arg.startswith("--lang="):
            value, step = arg.split("=", 1)[1], 1
        if value is not None and value in LANG_CHOICES:
            lang = value
            i += step
            continue
        rest.append(arg)
        i += 1
    if lang is None:
        env_lang = (env.get(LANG_ENV) or "").strip().lower()
        lang = env_lang if env_lang in LANG_CHOICES else "id"
    return lang, rest


@contextlib.contextmanager
def argparse_in(lang: str) -> Iterator[None]:
    """argparse's own words (usage, section titles, its errors) in ``lang`` while the block runs.

    argparse looks its words up through :func:`gettext.gettext`, bound to the
    module-level name ``argparse._``; this swaps that name for the block.
    """
    import argparse

    if lang == "en":
        yield
        return
    original = argparse._

    def translate(message: str) -> str:
        return ARGPARSE_ID.get(message, original(message))

    argparse._ = translate  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]
